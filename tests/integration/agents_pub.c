/* agents_pub.c — see agents_pub.h. */
#include "agents_pub.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

long agents_pub(const simproc *sim, const char *id, const char *name, const char *pin)
{
    unsigned char salt[crypto_pwhash_SALTBYTES], hash[32];
    randombytes_buf(salt, sizeof salt);
    if (crypto_pwhash(hash, sizeof hash, pin, strlen(pin), salt, 2, 8u << 20,
                      crypto_pwhash_ALG_ARGON2ID13) != 0)
        return -1;
    char salt64[64], hash64[64], agents[1024];
    sodium_bin2base64(salt64, sizeof salt64, salt, sizeof salt, sodium_base64_VARIANT_ORIGINAL);
    sodium_bin2base64(hash64, sizeof hash64, hash, sizeof hash, sodium_base64_VARIANT_ORIGINAL);
    snprintf(agents, sizeof agents,
             "{\"agents\":[{\"id\":\"%s\",\"name\":\"%s\",\"active\":true,"
             "\"pin\":{\"alg\":\"argon2id\",\"salt\":\"%s\",\"opslimit\":2,"
             "\"memlimit\":8388608,\"hash\":\"%s\"}}]}",
             id, name, salt64, hash64);
    return simproc_http(sim, "POST", "/admin/agents", agents, NULL, NULL);
}
