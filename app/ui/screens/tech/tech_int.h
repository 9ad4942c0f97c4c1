/* tech_int.h — shared inside technician mode: a generic page (title bar with
 * a back button, a status line, a scrolling list of text rows, up to three
 * action buttons at the bottom). A slow action (network, printer) first shows
 * "正在进行…", then runs from the page's tick so the screen is drawn before
 * the kiosk waits. */
#ifndef CZ_UI_TECH_INT_H
#define CZ_UI_TECH_INT_H

#include "ui/screens/tech/tech.h"
#include "ui/widgets/widget.h"
#include "ui/widgets/widget_list.h"

typedef struct tech_page tech_page;

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
    ui_toast *toast;
    void *priv;             /* the kind's own state */
};

ui_screen *tech_page_new(const tech_page_kind *k, const tech_services *s, void *priv);
void tech_page_row(tech_page *p, const char *text, const char *sub);
void tech_page_status(tech_page *p, int ok, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Common drawing helpers: a title bar with a back button (target "tech.back"); returns its height. */
int tech_title_bar(ui_app *a, const char *title);

/* The pages. */
ui_screen *tech_info_new(const tech_services *s);
ui_screen *tech_queue_new(const tech_services *s);
ui_screen *tech_logs_new(const tech_services *s);
ui_screen *tech_audit_new(const tech_services *s);
ui_screen *tech_selftest_new(const tech_services *s);
ui_screen *tech_export_new(const tech_services *s);
ui_screen *tech_register_new(const tech_services *s);
ui_screen *tech_settings_new(const tech_services *s);

/* Who the audit log names for technician actions. */
#define TECH_ACTOR_ID "tech"
/* Writes an audit row if the store is there. */
void tech_audit(ui_app *a, const char *action, const char *object, const char *detail);
/* "2026-11-22 09:30:05" (local time) of Unix ms. */
void tech_time_text(int64_t ms, char *out, size_t n);

#endif
