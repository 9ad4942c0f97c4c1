/* tech_int.h — shared inside technician mode: a generic page (title bar with
 * a back button, a status line, a scrolling list of text rows, up to three
 * action buttons at the bottom). An action first shows "正在进行…", then runs
 * from the page's tick so the screen is drawn first; a slow one (network
 * test, registration, upload pass) hands its work to tech_page_run(), which
 * runs it on a thread of its own while the screen keeps answering (target
 * tech.busy on the status line meanwhile), and gets the result in the kind's
 * done() on the UI thread. */
#ifndef CZ_UI_TECH_INT_H
#define CZ_UI_TECH_INT_H

#include "ui/screens/tech/tech.h"
#include "ui/widgets/widget.h"
#include "ui/widgets/widget_list.h"

typedef struct tech_page tech_page;

/* Work for a thread: reaches only what it is given (no store, no app, no
 * configuration writes); msg gets the result line. 0 or -1. */
typedef int (*tech_job_fn)(void *ud, const char *arg, char *msg, size_t n);
typedef struct tech_job tech_job;
/* Starts fn(ud, arg copy, ...) on a thread; NULL if none could start. */
tech_job *tech_job_start(tech_job_fn fn, void *ud, const char *arg);
#define TECH_JOB_MSG 1024
/* 1 once it ended, with *rc and msg (the job is then gone); 0 while it runs. */
int tech_job_poll(tech_job *j, int *rc, char *msg, size_t n);
/* The page closes first: the thread frees the job when it ends. */
void tech_job_drop(tech_job *j);

typedef struct {
    const char *name;      /* screen name (expect-screen) */
    const char *title_key; /* text key of the title */
    /* (Re)builds the rows with tech_page_row(); called on open and after actions. */
    void (*fill)(tech_page *p, ui_app *a);
    /* Runs action n (0..2); writes a result with tech_page_status(). */
    void (*action)(tech_page *p, ui_app *a, int n);
    /* A row was tapped (may be NULL). */
    void (*row)(tech_page *p, ui_app *a, int i);
    void (*destroy)(tech_page *p);
    /* The work action n handed to tech_page_run() ended (UI thread; may be
     * NULL if the kind runs none). */
    void (*done)(tech_page *p, ui_app *a, int n, int rc, const char *msg);
    const char *buttons[3]; /* text keys of the action buttons; NULL = no button */
} tech_page_kind;

struct tech_page {
    ui_list *list; /* first, for ui_list_screen_event */
    const tech_page_kind *kind;
    const tech_services *svc;
    char status[256];
    int status_ok;          /* 1 green, 0 red, -1 neutral */
    int busy;               /* action waiting to run, or -1 */
    int filled;             /* fill ran once (on the first draw) */
    tech_job *job;          /* work of action `busy` running on its thread */
    ui_toast *toast;
    void *priv;             /* the kind's own state */
    /* The buttons shown: the kind's, copied at creation; fill may change one
     * (the queue page's 移开坏文件并新建 while no database opened). */
    const char *buttons[3];
    int danger;             /* the button (index) drawn red, a destructive one asked to confirm; -1 none */
    int no_back;            /* no back button (first-boot setup's own first page) */
    const char *title_key;  /* the title's text key in place of the kind's (a setup step's), or NULL */
    /* Set by an action or done(): after it, the page leaves — 1 back to the
     * bottom of the stack (ui_app_go_home), 2 one screen back (ui_app_pop). */
    int leave;
    /* At the last draw: the status line (h 0: none) and the buttons' row
     * with a margin for their shadow (h 0: none). */
    SDL_Rect said, acts;
    /* The fewest buttons a row has had (acts_per_row; 0: all in one row so
     * far): kept, so a label turning shorter (移开坏文件并新建 to 确认移开)
     * does not move the buttons under the finger. */
    int acts_per;
    int acts_key[3]; /* the screen's width, label size and buttons acts_per is for */
    /* Looked at on the page's ticks, at least once a second, while no action
     * runs (NULL: never): 1 when what the rows show has moved on (the
     * upload engine's state changed, a minute passed): the page is filled
     * again and drawn. */
    int (*stale)(tech_page *p, ui_app *a);
};

ui_screen *tech_page_new(const tech_page_kind *k, const tech_services *s, void *priv);
void tech_page_row(tech_page *p, const char *text, const char *sub);
/* From the kind's action: runs fn on a thread; done() gets its result. If no
 * thread starts, done() is called at once with -1 and a message. */
void tech_page_run(tech_page *p, ui_app *a, tech_job_fn fn, void *ud, const char *arg);
void tech_page_status(tech_page *p, int ok, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Common drawing helpers: a title bar with a back button (target "tech.back"); returns its height. */
int tech_title_bar(ui_app *a, const char *title);
/* The same; back = 0 leaves the back button out. */
int tech_title_bar_back(ui_app *a, const char *title, int back);

/* The pages. */
ui_screen *tech_info_new(const tech_services *s);
ui_screen *tech_queue_new(const tech_services *s);
/* A held filing (a tapped held row of the queue page): why, and resubmit or discard. */
ui_screen *tech_held_new(const tech_services *s, const char *uuid);
/* A filing waiting to upload (a tapped row of the queue page that is not
 * held): where it stands (confirmed when, tries, the last failure in words,
 * the next try), with 立即上传 and 返回. */
ui_screen *tech_pending_new(const tech_services *s, const char *uuid);
ui_screen *tech_logs_new(const tech_services *s);
ui_screen *tech_audit_new(const tech_services *s);
ui_screen *tech_selftest_new(const tech_services *s);
ui_screen *tech_export_new(const tech_services *s);
ui_screen *tech_register_new(const tech_services *s);
ui_screen *tech_settings_new(const tech_services *s);
/* The settings page with only these keys (NULL-terminated, static storage):
 * first-boot setup's station and platform steps. */
ui_screen *tech_settings_some_new(const tech_services *s, const char *const *keys,
                                  const char *title_key);
/* Setting a new technician PIN, typed twice (tech_setup.c). */
ui_screen *tech_pinset_new(const tech_services *s);
/* The PIN screen of an unfinished setup: the right PIN opens the page of
 * steps (ui_tech_setup_new, first_boot) instead of the menu (tech_screens.c). */
ui_screen *tech_pin_setup_new(const tech_services *s);
/* The summary of first-boot setup; first_boot: its button ends setup
 * (tech_services.setup_done) instead of going back. */
ui_screen *tech_setup_summary_new(const tech_services *s, int first_boot);
/* The technician PIN's hash (<data>/tech-pin, else tech.pin_hash) into out
 * ("" if none). */
void tech_pin_hash(const tech_services *s, const core_config *cfg, char out[128]);
/* Forgets the wrong tries against the technician PIN, on disk and in this
 * run's memory (a new PIN is set). */
void tech_lock_clear(const tech_services *s);
/* 1 if the kiosk holds the county's token (registered; tech_setup.c). */
int tech_registered(const tech_services *s);
/* The last self-test's counts from the audit log; 0, or -1 if none ran. */
int tech_selftest_last(ui_app *a, int *pass, int *fail);

/* Why a catalogue update was not taken (a SYNC_CAT_ERR_ code, sync/catalog.h),
 * and what to do next, as the key of its words (tech_pages.c). */
const char *tech_cat_why_key(int code);
/* Who the audit log names for technician actions. */
#define TECH_ACTOR_ID "tech"
/* Writes an audit row if the store is there. */
void tech_audit(ui_app *a, const char *action, const char *object, const char *detail);
/* Why an upload did not go, in the technician's words, into out ("" for no
 * error), from the code the engine keeps before the ':' of a failure
 * ("connect: …", "unavailable: …", a hold's "conflict: …"); a hold's words
 * are the first sentence of its tech.held.why.* text. held: the filing is
 * held. The English stays in the log and on the held filing's page
 * (tech_link.c). */
void tech_upload_why(const char *error, int held, char *out, size_t n);
/* The text key of why a filing is held, from its reason's code (tech_pages.c). */
const char *tech_held_why_key(const char *reason);
/* What is wrong with a value of setting key, in the technician's words
 * (tech.set.bad.<key>, its numbers from config.c's table, else
 * tech.set.bad); static storage, good until the next call. */
const char *tech_bad_value(const char *key);
/* The same, with fallback where the setting has no words of its own. */
const char *tech_bad_value_or(const char *key, const char *fallback);
/* What a setting the technician edits takes, in words, as its editor says
 * it under the field before a value is typed: its own (tech.range.<key>),
 * else a number's range (tech.range.number) or text's length
 * (tech.range.text), the numbers from config.c's table, the one the value
 * is checked against (core_config_range_of); a choice its values. Into
 * out (n bytes); "" for a key the settings page does not edit. */
void tech_setting_range(const char *key, char *out, size_t n);
/* The setting's name as its page shows it (tech.set.<key>), else the key. */
const char *tech_setting_name(const char *key);
/* "2026-11-22 09:30:05" (local time) of Unix ms. */
void tech_time_text(int64_t ms, char *out, size_t n);

/* After a key of a PIN pad (the keyboard marked its own part): marks the
 * dots' box, and the OK button when the PIN became whole or stopped being
 * so; a message the key cleared (msg, emptied here) moves what is under it,
 * so then all of mid, the field to the pad. */
typedef struct kb kb;
void tech_pin_typed(ui_app *a, kb *pad, char *msg, const SDL_Rect *mid, const SDL_Rect *box,
                    const SDL_Rect *ok, int was_whole);
/* Where a PIN pad goes: under the field across the screen in portrait; on a
 * screen wider than tall in its right half, from top (the field's) down,
 * beside the field, the button and the hint in the left half
 * (tech_pad_left wide), so none of them is under the pad. mid: the field's
 * column from top to the pad (portrait) or to the bottom. */
int tech_pad_left(ui_app *a);
void tech_pad_place(ui_app *a, kb *pad, int top, SDL_Rect *kr, SDL_Rect *mid);

#endif
