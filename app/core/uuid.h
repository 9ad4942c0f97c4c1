/* uuid.h — random (version 4) UUIDs, used as filing ids and idempotency keys. */
#ifndef CZ_CORE_UUID_H
#define CZ_CORE_UUID_H

#define CORE_UUID_LEN 36 /* characters, without the terminating NUL */

/* Writes a lowercase RFC 4122 v4 UUID and a NUL into out[37].
 * Returns 0, or -1 if the system random source failed (out is then "" ). */
int core_uuid_v4(char out[CORE_UUID_LEN + 1]);
/* 1 if s is a well-formed lowercase or uppercase UUID string, else 0. */
int core_uuid_valid(const char *s);

#endif
