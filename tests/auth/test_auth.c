/* test_auth.c — PIN hashing, verification, malformed hashes and lockout. */
#include <string.h>

#include "auth/auth.h"
#include "check.h"

static char HASH[AUTH_HASH_MAX];

static void test_new_pin_rules(void)
{
    CHECK_EQ_INT(auth_pin_check_new("739214"), AUTH_OK);
    const char *bad[] = {"", "12345", "1234567", "12a456", "000000", "111111", "123456",
                         "654321", "456789", " 73921", "７３９２１４"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_EQ_INT(auth_pin_check_new(bad[i]), AUTH_ERR_FORMAT);
    CHECK_EQ_INT(auth_pin_check_new(NULL), AUTH_ERR_FORMAT);
}

static void test_hash_and_verify(void)
{
    REQUIRE(auth_pin_hash("739214", HASH) == AUTH_OK);
    CHECK(strncmp(HASH, "$argon2id$", 10) == 0);
    CHECK(strstr(HASH, "739214") == NULL);
    char again[AUTH_HASH_MAX];
    REQUIRE(auth_pin_hash("739214", again) == AUTH_OK);
    CHECK(strcmp(HASH, again) != 0); /* salted */
    CHECK_EQ_INT(auth_pin_verify(HASH, "739214"), AUTH_OK);
    CHECK_EQ_INT(auth_pin_verify(again, "739214"), AUTH_OK);
    CHECK_EQ_INT(auth_pin_verify(HASH, "739215"), AUTH_ERR_WRONG);
    CHECK_EQ_INT(auth_pin_verify(HASH, "73921"), AUTH_ERR_FORMAT);
    CHECK_EQ_INT(auth_pin_hash("123456", again), AUTH_ERR_FORMAT);
}

static void test_malformed_hashes(void)
{
    const char *bad[] = {
        "", "plaintext739214", "$argon2i$v=19$m=32768,t=3,p=1$c2FsdHNhbHQ$aGFzaA",
        "$argon2id$v=19$m=32768,t=3,p=1$", "$argon2id$v=19$m=32768,t=3,p=1$!!!$???",
        "$argon2id$v=19$m=99999999,t=3,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaA",
        "$argon2id$v=19$m=32768,t=999,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaA",
        "$argon2id$v=19$garbage"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_EQ_INT(auth_pin_verify(bad[i], "739214"), AUTH_ERR_HASH);
    CHECK_EQ_INT(auth_pin_verify(NULL, "739214"), AUTH_ERR_HASH);
    char longh[400];
    memset(longh, 'a', sizeof longh - 1);
    longh[sizeof longh - 1] = '\0';
    memcpy(longh, "$argon2id$", 10);
    CHECK_EQ_INT(auth_pin_verify(longh, "739214"), AUTH_ERR_HASH);
}

static void test_lockout(void)
{
    auth_lock l = {0, 0};
    int wait = -1;
    int64_t now = 1795311000;
    /* three free tries */
    for (int i = 0; i < AUTH_FREE_TRIES - 1; i++) {
        CHECK_EQ_INT(auth_try(&l, HASH, "111222", now, &wait), AUTH_ERR_WRONG);
        CHECK_EQ_INT(wait, 0);
    }
    CHECK_EQ_INT(auth_try(&l, HASH, "111222", now, &wait), AUTH_ERR_WRONG);
    CHECK_EQ_INT(wait, 30); /* the third wrong PIN starts the delay */
    /* even the right PIN is refused while locked, and does not reset */
    CHECK_EQ_INT(auth_try(&l, HASH, "739214", now + 10, &wait), AUTH_ERR_LOCKED);
    CHECK_EQ_INT(wait, 20);
    /* the delay doubles */
    CHECK_EQ_INT(auth_try(&l, HASH, "111222", now + 31, &wait), AUTH_ERR_WRONG);
    CHECK_EQ_INT(wait, 60);
    CHECK_EQ_INT(auth_try(&l, HASH, "111222", now + 92, &wait), AUTH_ERR_WRONG);
    CHECK_EQ_INT(wait, 120);
    /* capped at an hour */
    auth_lock many = {40, 0};
    CHECK_EQ_INT(auth_try(&many, HASH, "111222", now, &wait), AUTH_ERR_WRONG);
    CHECK_EQ_INT(wait, AUTH_DELAY_MAX_S);
    /* a right PIN after the wait clears everything */
    CHECK_EQ_INT(auth_try(&l, HASH, "739214", now + 92 + 121, &wait), AUTH_OK);
    CHECK_EQ_INT(l.failures, 0);
    CHECK_EQ_INT(l.locked_until, 0);
    CHECK_EQ_INT(auth_lock_check(&l, now, &wait), AUTH_OK);
    CHECK(strlen(auth_error_key(AUTH_ERR_LOCKED)) > 0);
}

int main(void)
{
    RUN(test_new_pin_rules);
    RUN(test_hash_and_verify);
    RUN(test_malformed_hashes);
    RUN(test_lockout);
    return check_summary();
}
