/* session.h — the person in front of the kiosk, on top of the screen stack
 * (app.h): large-text (elderly) mode, the proxy agent signed in, the last
 * input and the end of the session for inactivity, and what the session shows
 * of the upload queue (the pending badge, a filing just confirmed).
 *
 * A session is open while a screen is above home, elderly mode differs from
 * ui.elderly_default, or an agent is signed in. Then, after ui.idle_timeout_s
 * without input, the app pushes the program's idle screen ("还在吗?",
 * idle.h), which calls ui_app_end_session() when nobody answers.
 *
 * Ownership: the state lives in the app (app.h); strings passed in are copied.
 */
#ifndef CZ_UI_SESSION_H
#define CZ_UI_SESSION_H

#include <stdint.h>

#include "ui/core/app.h"

/* Large text and buttons for older villagers (the theme is recomputed). */
int ui_app_elderly(const ui_app *a);
void ui_app_set_elderly(ui_app *a, int on);

/* Monotonic ms of the last finger or key input (for tests). */
uint64_t ui_app_last_input(const ui_app *a);
/* Ends the person's session now (what the inactivity timeout does): each
 * screen's timeout op, every screen but home destroyed, the agent signed out,
 * elderly mode back to ui.elderly_default. */
void ui_app_end_session(ui_app *a);
/* The person is done (办完了，回首页 and the other 回首页 buttons): home (its
 * timeout op: the first page of tiles), the signed-in agent signed out
 * ("done") and elderly mode back to ui.elderly_default, so the next person
 * starts fresh. */
void ui_app_session_done(ui_app *a);
/* The villager is done and her agent goes on with the next one (the
 * receipt's 接着为下一位村民代办): as ui_app_session_done, but the agent stays
 * signed in (the inactivity timeout still signs her out). */
void ui_app_session_next(ui_app *a);

/* Filings waiting to upload by themselves, for the badge: the store's count
 * (not those held for a technician), else the sync engine's (services.h).
 * ui_app_set_pending() pins a value (scripts and tests); -1 unpins. */
void ui_app_set_pending(ui_app *a, int n);
int ui_app_pending(const ui_app *a);
/* Filings held for a technician (the county refused them for good, or their
 * frozen body changed on disk): the store's count; 0 while the badge is
 * pinned or without a store. */
int ui_app_held(const ui_app *a);
/* A filing was just confirmed: wake the upload engine and refresh the badge. */
void ui_app_filing_confirmed(ui_app *a);

/* ---- proxy-agent session (帮办代办员) --------------------------------
 * Who is signed in to file on villagers' behalf, or nobody. The sign-in
 * screen (agent_screens.h) checks the PIN and calls ui_app_agent_sign_in; the
 * agent signs out from the home screen; ui_app_end_session() (the inactivity
 * timeout) signs out too, after the screens' timeout hooks ran (so a form
 * saves its draft with the agent id). While an agent is signed in the
 * inactivity timeout is armed even at home. Both write an audit row
 * ("agent.signin", "agent.signout" with detail "reason=…") with the agent id
 * and nothing personal, when the store is there. The form screens read
 * ui_app_agent_id() to record the agent on drafts and filings. */
#define UI_AGENT_ID_MAX 32
#define UI_AGENT_NAME_MAX 96
/* id and name are copied (truncated to the sizes above). */
void ui_app_agent_sign_in(ui_app *a, const char *id, const char *name);
/* reason: "agent" (tapped 退出), "timeout", ... (ASCII, no personal data).
 * Nothing happens if nobody is signed in. */
void ui_app_agent_sign_out(ui_app *a, const char *reason);
/* The signed-in agent's id and name; NULL when nobody is signed in. */
const char *ui_app_agent_id(const ui_app *a);
const char *ui_app_agent_name(const ui_app *a);
/* How the agent's list of filings reopens a draft in the form screens: set by
 * the program (the form screens' owner); NULL leaves drafts listed but not
 * resumable. ud must outlive the app. */
typedef void (*ui_resume_fn)(void *ud, ui_app *a, const char *draft_uuid, const char *form_id);
void ui_app_set_resume(ui_app *a, ui_resume_fn fn, void *ud);
/* The resume hook (NULL if none) and its ud. */
ui_resume_fn ui_app_resume(const ui_app *a, void **ud);

#endif
