/* agent_screens.h — proxy agents (帮办代办员) at the kiosk: sign-in with agent
 * number and PIN, the villager's consent by on-screen signature, and the
 * agent's list of filings ("我的办件").
 *
 * Sign-in: the agent types the agent number and the 6-digit PIN on the digit
 * pad. The PIN is checked offline against the Argon2id hash cached from the
 * county platform (store_agent_find, auth_try); wrong PINs count towards a
 * lockout with a growing wait that the store keeps per agent, so a reboot
 * does not reset it. Success signs the agent in on the app (app.h:
 * ui_app_agent_sign_in) and returns home, where the agent picks the item to
 * file for a villager. Audit rows: "agent.signin", "agent.signin_failed"
 * (detail "reason=wrong|locked|inactive"), "agent.signout" — agent ids only,
 * never a PIN or a name.
 *
 * Consent: before a proxy filing is confirmed, the form flow pushes
 * ui_consent_new(). The villager reads a short statement (他人代办授权) and
 * signs with a finger. The signature is written as a PNG under the data
 * folder (consent/<filing uuid>.png) and the caller gets a consent record as
 * JSON to put into the filing payload:
 *
 *   {"agent_id": "A0012", "villager_key": "<64 hex, store_villager_key>",
 *    "signature": {"file": "consent/<uuid>.png", "sha256": "<64 hex of the file>",
 *                  "width": 960, "height": 420},
 *    "signed_at_ms": 1795311000000, "statement": "agent.consent.v1"}
 *
 * The ID number itself never enters the record. The signature image is
 * personal data: whoever uploads it deletes it once the platform has it.
 *
 * Messages: the text of ui_agent_error_key() (auth_error_key() for a wrong
 * PIN); while locked, how long to wait, counted down each second. Digits
 * that fit several agent ids ("0012": A0012 and B0012, which the digit pad
 * cannot tell apart) bring those ids as buttons under the message
 * ("agent.pick.<i>", up to UI_AGENT_PICK_MAX): a tap takes that id as the
 * number, and the PIN is typed again.
 *
 * Ownership: the screens returned belong to the app once pushed (NULL if out
 * of memory). Strings passed in are copied.
 */
#ifndef CZ_UI_AGENT_SCREENS_H
#define CZ_UI_AGENT_SCREENS_H

#include <stdint.h>

#include "ui/core/app.h"
#include "store/store.h"

/* ---- sign-in ---------------------------------------------------------- */

#define UI_AGENT_PICK_MAX 4 /* agent ids offered for digits that fit several */

/* Results of a sign-in attempt: AUTH_* codes (auth.h) or these. */
enum {
    UI_AGENT_ERR_UNKNOWN = -20,  /* no agent with that number in the cache */
    UI_AGENT_ERR_INACTIVE = -21, /* the county has withdrawn this agent */
    UI_AGENT_ERR_NOCACHE = -22,  /* no agents cached yet (never online) */
    UI_AGENT_ERR_STORE = -23,    /* the store is missing or failed */
    UI_AGENT_ERR_AMBIGUOUS = -24 /* the digits fit several agent ids */
};

/* Checks number and pin at wall time now_s (seconds) under the persisted
 * lockout: looks the agent up, runs auth_try, saves the lockout state, and
 * writes a failure audit row. On AUTH_OK *out is the agent (the caller signs
 * it in); on AUTH_ERR_LOCKED (also after the wrong PIN that started the lock)
 * *wait_s is the wait in seconds. */
int ui_agent_check(store *st, const char *number, const char *pin, int64_t now_s,
                   store_agent *out, int *wait_s);
/* The key of the text the agent reads for a result ("err.ui_agent.unknown";
 * auth_error_key() for AUTH_* codes), in assets/text/zh-CN.txt. */
const char *ui_agent_error_key(int code);

/* The sign-in screen ("agent_signin"). Targets: "agent.f.number",
 * "agent.f.pin" (fields), "agent.kb.k.<key>" (digit pad), "agent.go"
 * (下一步 / 登录), "agent.back". */
ui_screen *ui_agent_signin_new(void);

/* ---- consent -------------------------------------------------------------- */

typedef struct {
    const char *item_title;    /* shown in the statement: what is being filed */
    const char *villager_name; /* shown in the statement only; not recorded */
    const char *id_number;     /* 公民身份号码; recorded only as its villager key */
    const char *filing_uuid;   /* names the signature file; NULL: a fresh uuid */
} ui_consent_req;

/* Called once when the screen ends, after it has popped itself. consent_json
 * is the record (valid during the call only), or NULL when the villager
 * cancelled (nothing is written then). */
typedef void (*ui_consent_done_fn)(void *ud, ui_app *a, const char *consent_json);

/* The consent screen ("agent_consent") for the agent signed in on a. NULL if
 * no agent is signed in, the store is missing, the ID number is not valid, or
 * out of memory. Targets: "consent.pad" is drawn on with raw finger events
 * (down/move/up), "consent.clear" (重签), "consent.ok" (确认签名, only once
 * something is drawn), "consent.cancel". */
ui_screen *ui_consent_new(ui_app *a, const ui_consent_req *req, ui_consent_done_fn done, void *ud);

/* Builds the consent record (the JSON above) for a signature PNG already
 * written at data_dir/sig_rel: reads the file back for its SHA-256 and size.
 * *json is malloc'd (caller frees). 0, or -1 with err (no personal data). */
int ui_consent_record(store *st, const char *agent_id, const char *id_number, const char *data_dir,
                      const char *sig_rel, int64_t signed_at_ms, char **json, char *err,
                      size_t errlen);

/* ---- my filings ----------------------------------------------------------- */

/* The signed-in agent's filings ("agent_filings"): drafts (tap to resume
 * through ui_app_resume), waiting to upload, uploaded with receipt number and
 * status, returned by the county marked in red. Rows are "agent.list.<n>";
 * "agent.filings.home" goes home. NULL if no agent is signed in. */
ui_screen *ui_agent_filings_new(ui_app *a);
/* The signed-in agent's filings the county returned for correction
 * ("agent_returned"), each with its receipt number and the county's note;
 * opened from the home screen's line "N 件被退回，需要补正". Rows are
 * "agent.list.<n>". NULL if no agent is signed in. */
ui_screen *ui_agent_returned_new(ui_app *a);

#endif
