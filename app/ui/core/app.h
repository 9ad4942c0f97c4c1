/* app.h — the kiosk application: screens on a stack, one event loop, redraws
 * only when something changed.
 *
 * A screen is a small state machine: it draws from its own state, registers
 * touch targets while drawing (ui_app_target), and is told when one of them is
 * tapped (activate). The app turns finger down/up into taps, so screens never
 * track presses themselves; drags and keys reach the screen's event function.
 *
 * Ownership: ui_app_new() borrows the display and config (they must outlive
 * the app) and returns an app freed by ui_app_free(). Screens pushed onto the
 * app belong to it and are destroyed when popped.
 */
#ifndef CZ_UI_APP_H
#define CZ_UI_APP_H

#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "form/form.h"
#include "store/store.h"
#include "sync/sync.h"
#include "receipt/receipt.h"
#include "ui/core/draw.h"
#include "plat_display.h"
#include "plat_input.h"
#include "ui/core/text.h"
#include "ui/core/theme.h"

typedef struct ui_app ui_app;
typedef struct ui_screen ui_screen;

typedef struct {
    const char *name;
    void (*draw)(ui_screen *s, ui_app *a);
    /* A target of this screen was tapped. */
    void (*activate)(ui_screen *s, ui_app *a, const char *id);
    /* Raw events (drags, keys); return 1 if used. May be NULL. */
    int (*event)(ui_screen *s, ui_app *a, const plat_event *ev);
    /* Time passes: return the monotonic ms at which to be called again (0 = never). */
    uint64_t (*tick)(ui_screen *s, ui_app *a, uint64_t now_ms);
    void (*destroy)(ui_screen *s);
} ui_screen_ops;

struct ui_screen {
    const ui_screen_ops *ops;
    void *priv;
    /* The session ends for inactivity (idle.h): called on every screen of the
     * stack before it is destroyed; keep_draft says whether to save the
     * person's draft (ui.keep_draft_on_timeout) or discard it. NULL = nothing
     * to do (screens are calloc'd, so it is NULL unless a screen sets it). */
    void (*on_timeout)(ui_screen *s, ui_app *a, int keep_draft);
};

/* A new screen with these ops and a zeroed private state of priv_size bytes
 * (s->priv, allocated with the screen); NULL when out of memory. The screen's
 * destroy op frees what the state owns, then calls ui_screen_free() (or is
 * ui_screen_free itself). */
ui_screen *ui_screen_new(const ui_screen_ops *ops, size_t priv_size);
/* Frees a screen made by ui_screen_new(), its state with it; NULL is fine. */
void ui_screen_free(ui_screen *s);

ui_app *ui_app_new(plat_display *d, core_config *cfg, char *err, size_t errlen);
/* For a start-up that failed (boot.h): an app without the home screen (the
 * stack is empty until ui_app_set_root) that needs nothing from the assets
 * folder. Text comes from the kiosk's own fonts if they load, else from the
 * system's CJK font if one is installed, else there is none (ui_app_text()
 * returns NULL: only screens that check for it may be shown). The interface
 * words (core_str) are loaded if the file is there. NULL only when out of
 * memory. ui_app_caps() says what it has. */
ui_app *ui_app_new_bare(plat_display *d, core_config *cfg);
enum { UI_APP_HAS_TEXT = 1, UI_APP_HAS_STRINGS = 2 };
/* UI_APP_HAS_* bits: both for ui_app_new(). */
int ui_app_caps(const ui_app *a);
/* Replaces the bottom screen of the stack (home, or the failure page) with s;
 * the screens above stay. */
void ui_app_set_root(ui_app *a, ui_screen *s);
void ui_app_free(ui_app *a);

/* What screens use besides the display, set by the program after ui_app_new().
 * Borrowed: each must outlive the app. Any member may be NULL when that part is
 * missing (no printer, the store failed to open ...) and screens must cope
 * (say so on screen; never lose what the person entered). */
typedef struct {
    form_catalog *forms;   /* service-item definitions, loaded */
    store *store;          /* the UI thread's handle on the offline store */
    const char *store_error; /* why store is NULL: its text's key (store_error_key), else NULL */
    /* Sends ESC/POS bytes to the receipt printer; 0 or -1 with err. NULL: no printer. */
    int (*print)(void *ud, const uint8_t *bytes, size_t len, char *err, size_t errlen);
    void *print_ud;
    int paper_mm;          /* 58 or 80 */
    sync_engine *sync;     /* the upload engine, running on its own thread; NULL: none */
    /* The county platform for the online progress query (query_online.h):
     * URL, CA file, device token; NULL or not ready: local answers only. */
    struct sync_query_cfg *platform;
    /* The ID-card reader (plat_idcard_open's device: kiosk idcard.device, emulator
     * --idcard FILE); NULL: the platform's default. */
    const char *idcard_device;
} ui_services;

void ui_app_set_services(ui_app *a, const ui_services *s);
/* Never NULL (all members NULL before ui_app_set_services). */
const ui_services *ui_app_services(const ui_app *a);

/* Runs the event loop until quit. Returns 0. */
int ui_app_run(ui_app *a);
/* Feeds one event (the loop and headless scripts both use this). */
void ui_app_handle(ui_app *a, const plat_event *ev);
/* Runs due timers (screen ticks, idle timeout) at the current clock. */
void ui_app_tick(ui_app *a);
/* Draws the current screen if anything changed; force=1 draws regardless. */
void ui_app_render(ui_app *a, int force);
/* Renders and writes the canvas to a PNG file. */
int ui_app_screenshot(ui_app *a, const char *path, char *err, size_t errlen);

/* For screens. */
SDL_Renderer *ui_app_renderer(ui_app *a);
text_ctx *ui_app_text(ui_app *a);
draw_ctx *ui_app_draw(ui_app *a);
const ui_theme *ui_app_theme(const ui_app *a);
core_config *ui_app_config(ui_app *a);
void ui_app_invalidate(ui_app *a);
void ui_app_push(ui_app *a, ui_screen *s);
void ui_app_pop(ui_app *a);
void ui_app_go_home(ui_app *a);
ui_screen *ui_app_top(ui_app *a);
/* The screen under s on the stack (NULL for the bottom one), for overlays. */
ui_screen *ui_app_below(ui_app *a, const ui_screen *s);
/* Asks for the top screen's tick at monotonic time ms (e.g. an animation that
 * an event just started); the earliest request wins. */
void ui_app_wake_at(ui_app *a, uint64_t ms);
/* When the loop will next wake without input: the top screen's tick or the
 * inactivity countdown, whichever is first; 0 = it waits for input alone. */
uint64_t ui_app_next_wake(const ui_app *a);
/* Monotonic ms of the last finger or key input. */
uint64_t ui_app_last_input(const ui_app *a);
/* Ends the person's session now (what the inactivity timeout does): each
 * screen's timeout op, every screen but home destroyed, elderly mode back to
 * ui.elderly_default. */
void ui_app_end_session(ui_app *a);
/* The person is done (办完了，回首页 and the other 回首页 buttons): home, the
 * signed-in agent signed out ("done") and elderly mode back to
 * ui.elderly_default, so the next person starts fresh. */
void ui_app_session_done(ui_app *a);
/* Registers a touch target for this frame (ids up to 63 bytes). */
void ui_app_target(ui_app *a, const SDL_Rect *r, const char *id);
/* 1 if the target with this id is being pressed now (to draw it pressed). */
int ui_app_pressed(const ui_app *a, const char *id);
/* Centre of a registered target; 0 if found. For headless scripts. */
int ui_app_find_target(const ui_app *a, const char *id, int *x, int *y);
/* Calls fn for each target registered in the last frame (for scripts listing them). */
void ui_app_each_target(const ui_app *a, void (*fn)(void *ud, const char *id, const SDL_Rect *r),
                        void *ud);

int ui_app_elderly(const ui_app *a);
void ui_app_set_elderly(ui_app *a, int on);
/* Filings waiting to upload, for the badge: the store's count, else the sync
 * engine's. ui_app_set_pending() pins a value (scripts and tests); -1 unpins. */
void ui_app_set_pending(ui_app *a, int n);
int ui_app_pending(const ui_app *a);
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

/* Hidden entry (technician mode, tech.h): a screen maker the program
 * installs; the two-corner hold (tech_gesture.h) on the home screen pushes
 * the screen it makes. NULL removes it. ud must outlive the app. */
typedef ui_screen *(*ui_hidden_fn)(void *ud, ui_app *a);
void ui_app_set_hidden_entry(ui_app *a, ui_hidden_fn fn, void *ud);

/* The home screen (home.c). */
ui_screen *ui_home_new(void);

/* The receipt screen (receipt_screen.c). `print` sends the slip to the printer
 * (0 on success; may be NULL when the kiosk has none). The info is copied. */
typedef int (*ui_receipt_print_fn)(void *ud, const receipt_info *r, char *err, size_t errlen);
ui_screen *ui_receipt_new(const receipt_info *info, ui_receipt_print_fn print, void *ud);
/* Prints the slip of r on the kiosk's printer (ui_services.print, paper_mm):
 * a ui_receipt_print_fn whose ud is the ui_app. 0, or -1 with err. */
int ui_receipt_print(void *ud, const receipt_info *r, char *err, size_t errlen);

#endif
