/* secret.h — tokens and passwords held as C strings: wiped before their
 * memory goes back to the allocator, so a later dump or a reused block does
 * not show them.
 *
 * Ownership: a secret is a heap string (strdup) owned by whoever holds the
 * pointer; core_secret_set() allocates the copy, core_secret_free() wipes and
 * frees it.
 */
#ifndef CZ_CORE_SECRET_H
#define CZ_CORE_SECRET_H

/* Overwrites the string's bytes with zeros (the compiler may not skip it) and
 * frees it; NULL is fine. */
void core_secret_free(char *s);
/* Replaces the secret at *slot with a copy of value (NULL: none), wiping the
 * old one. 0, or -1 when out of memory (then *slot is unchanged). */
int core_secret_set(char **slot, const char *value);

#endif
