/* agentdata.h — test data for the proxy-agent tests: a county-platform reply
 * to GET /api/v1/agents whose PIN parameters are made with libsodium's
 * crypto_pwhash as the platform makes them, and a store filled with one
 * agent's filings at every stage. */
#ifndef CZ_TESTS_AGENTDATA_H
#define CZ_TESTS_AGENTDATA_H

#include <stdint.h>

#include "store/store.h"

#define AGENTDATA_UPDATED_MS 1795310000000LL
#define AGENTDATA_PIN_A0012 "246813" /* 李桂兰, active */
#define AGENTDATA_PIN_A0027 "135792" /* 王秀英, active */
#define AGENTDATA_PIN_A0031 "864209" /* 张建国, inactive */
#define AGENTDATA_PIN_B0012 "975310" /* 赵文, active (AGENTDATA_TWINS) */

enum { AGENTDATA_DEFAULT, AGENTDATA_ONLY_FIRST, AGENTDATA_TWINS /* and B0012: "0012" fits two */ };

/* The reply body (malloc'd, caller frees); NULL on failure. */
char *agentdata_reply(int which);
/* Fills st (on a clock of its own, a minute per step) with A0012's filings:
 * receipts CZ202611220001 (submitted), …0002 (accepted), …0003 (returned),
 * one pending 高龄津贴申请 with one failed attempt, drafts pension_enrol
 * (page 1) and dibao (page 2, newest); one draft of A0027; a villager's own
 * draft and receipt. Whose each is: 王秀英, 张三 (医保's head_name), 赵德明,
 * 欧阳明月 pending, 刘洋's draft; the dibao draft names nobody yet. 0 or -1. */
int agentdata_filings(store *st, const char *agent);

#endif
