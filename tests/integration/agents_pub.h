/* agents_pub.h — the county publishes a proxy agent on county-sim, its PIN
 * hashed as the platform would (Argon2id, libsodium): for the integration
 * tests that sign an agent in. */
#ifndef CZ_TEST_AGENTS_PUB_H
#define CZ_TEST_AGENTS_PUB_H

#include "simproc.h"

/* Publishes agent id (name, six-digit pin) as the only active agent; the
 * HTTP status of county-sim's answer (200), or -1. */
long agents_pub(const simproc *sim, const char *id, const char *name, const char *pin);

#endif
