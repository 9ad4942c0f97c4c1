/* tech_screens.c — technician PIN (with persisted lockout), the menu, a value
 * editor (numeric pad, typed text or a choice list), settings and device
 * registration. */
#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "auth/auth.h"
#include "ui/kb/kb.h"
#include "core/config.h"
#include "core/log.h"
#include "core/overrides.h"
#include "core/setting.h"
#include "plat_clock.h"
#include "plat_input.h"
#include "core/strings.h"
#include "core/utf8.h"
#include "core/uuid.h"
#include "ui/screens/tech/tech_gesture.h"
#include "ui/screens/tech/tech_int.h"

/* ---- lockout state on disk ---------------------------------------------- */

static void lock_path(const tech_services *s, char *out, size_t n)
{
    snprintf(out, n, "%s/tech-lock", s->data_dir ? s->data_dir : ".");
}

/* The lockout as this run last left it: a data folder that cannot be
 * written (read-only, full) keeps no count on disk, and the count holds all
 * the same (it gave six wrong PINs each a fresh start, then took the right
 * one). What the file says and what this run knows, the stricter of the two. */
static pthread_mutex_t held_mu = PTHREAD_MUTEX_INITIALIZER;
static auth_lock held;

static void lock_load(const tech_services *s, auth_lock *l)
{
    char p[1024];
    lock_path(s, p, sizeof p);
    memset(l, 0, sizeof *l);
    FILE *f = fopen(p, "r");
    if (f) {
        long long until = 0;
        int fails = 0;
        if (fscanf(f, "%d %lld", &fails, &until) == 2 && fails >= 0 && until >= 0) {
            l->failures = fails;
            l->locked_until = until;
        }
        fclose(f);
    }
    pthread_mutex_lock(&held_mu);
    if (held.failures > l->failures)
        l->failures = held.failures;
    if (held.locked_until > l->locked_until)
        l->locked_until = held.locked_until;
    pthread_mutex_unlock(&held_mu);
}

/* Called on the PIN check's thread, with the path taken on the UI thread. */
static void lock_save(const char *p, const auth_lock *l)
{
    pthread_mutex_lock(&held_mu);
    held = *l;
    pthread_mutex_unlock(&held_mu);
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp", p);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return;
    fprintf(f, "%d %lld\n", l->failures, (long long)l->locked_until);
    if (fclose(f) == 0)
        rename(tmp, p);
    else
        unlink(tmp);
}

void tech_lock_clear(const tech_services *s)
{
    char p[1024];
    lock_path(s, p, sizeof p);
    unlink(p);
    pthread_mutex_lock(&held_mu);
    memset(&held, 0, sizeof held);
    pthread_mutex_unlock(&held_mu);
}

/* ---- PIN ---------------------------------------------------------------- */

/* The technician PIN's hash: <data>/tech-pin (set with cunzhan-admin
 * set-pin), else the older setting tech.pin_hash. "" if neither. */
void tech_pin_hash(const tech_services *s, const core_config *cfg, char out[AUTH_HASH_MAX])
{
    char p[1100];
    snprintf(p, sizeof p, "%s/%s", s->data_dir ? s->data_dir : ".", AUTH_TECH_PIN_FILE);
    if (auth_pin_file_load(p, out) == 0)
        return;
    snprintf(out, AUTH_HASH_MAX, "%s", core_config_get(cfg, "tech.pin_hash"));
}

int ui_tech_provisioned(const tech_services *s, const core_config *cfg)
{
    char h[AUTH_HASH_MAX];
    tech_pin_hash(s, cfg, h);
    int set = h[0] != '\0';
    sodium_memzero(h, sizeof h);
    return set;
}

/* One Argon2id check (0.1-0.5 s) on a thread of its own, so the screen keeps
 * answering. The screen and the thread each hold a reference; the last one
 * out frees it (the screen may close before the check ends). */
typedef struct {
    pthread_mutex_t mu;
    int refs, done;
    char hash[AUTH_HASH_MAX];
    char pin[AUTH_PIN_LEN + 1];
    char lock_file[1024];
    auth_lock lock;
    int64_t now;
    int rc, wait_s;
} pin_job;

static void job_release(pin_job *j)
{
    pthread_mutex_lock(&j->mu);
    int left = --j->refs;
    pthread_mutex_unlock(&j->mu);
    if (left == 0) {
        pthread_mutex_destroy(&j->mu);
        sodium_memzero(j, sizeof *j);
        free(j);
    }
}

static void *job_run(void *arg)
{
    pin_job *j = arg;
    int wait_s = 0;
    auth_lock l = j->lock;
    int rc = auth_try(&l, j->hash, j->pin, j->now, &wait_s);
    /* the try counts even if the screen was closed meanwhile (no way round
     * the lockout by leaving the screen before the answer) */
    lock_save(j->lock_file, &l);
    pthread_mutex_lock(&j->mu);
    sodium_memzero(j->pin, sizeof j->pin);
    j->lock = l;
    j->rc = rc;
    j->wait_s = wait_s;
    j->done = 1;
    pthread_mutex_unlock(&j->mu);
    job_release(j);
    plat_input_wake(); /* the UI loop picks the result up in the screen's tick */
    return NULL;
}

typedef struct {
    const tech_services *svc;
    kb *pad;
    char msg[200];
    pin_job *job; /* a check running, or NULL */
    SDL_Rect box;  /* what a digit changes of the field (its dots) */
    SDL_Rect ok;   /* the OK button: on once the PIN is whole */
    SDL_Rect mid;  /* the field to the keyboard: what a message moves */
    int setup;     /* an unfinished setup's: the right PIN opens its steps */
} pin_screen;

static void pin_draw(ui_screen *s, ui_app *a)
{
    pin_screen *p = s->priv;
    const ui_theme *t = ui_app_theme(a);
    int pad = t->unit * 2;
    int y = tech_title_bar(a, core_str("tech.pin.title")) + pad * 2;
    char dots[3 * AUTH_PIN_LEN + 1] = "";
    size_t n = strlen(kb_text(p->pad));
    for (size_t i = 0; i < n && i < AUTH_PIN_LEN; i++)
        strcat(dots, "●");
    int cw = tech_pad_left(a); /* the field's column */
    p->box = ui_field_typing_rect(a, pad, y, cw - 2 * pad);
    int top = y;
    y += ui_field(a, pad, y, cw - 2 * pad, NULL, core_str("tech.pin.label"), dots, NULL, 1,
                  p->msg[0] ? p->msg : NULL) + pad;
    int bh = ui_button_height(a);
    SDL_Rect ok = {pad, y, cw - 2 * pad, bh};
    p->ok = ok;
    if (p->job) {
        ui_button_disabled(a, &ok, core_str("tech.pin.checking"));
        ui_app_target(a, &ok, "tech.pin.busy"); /* taps on it do nothing; scripts see the check */
    }
    else if (n == AUTH_PIN_LEN)
        ui_button(a, &ok, "tech.pin.ok", core_str("common.ok"), UI_BTN_PRIMARY);
    else
        ui_button_disabled(a, &ok, core_str("common.ok"));
    SDL_Rect kr;
    tech_pad_place(a, p->pad, top, &kr, &p->mid);
    kb_draw(p->pad, a, &kr);
}

int tech_pad_left(ui_app *a)
{
    const ui_theme *t = ui_app_theme(a);
    return t->portrait ? t->w : t->w / 2;
}

void tech_pad_place(ui_app *a, kb *pad, int top, SDL_Rect *kr, SDL_Rect *mid)
{
    const ui_theme *t = ui_app_theme(a);
    int kh = kb_height(pad, a), cw = tech_pad_left(a);
    if (t->portrait) {
        *kr = (SDL_Rect){0, t->h - kh, t->w, kh};
        *mid = (SDL_Rect){0, top, t->w, kr->y - top};
    } else {
        *kr = (SDL_Rect){cw, top, t->w - cw - t->unit * 2, kh};
        *mid = (SDL_Rect){0, top, cw, t->h - top};
    }
}

void tech_pin_typed(ui_app *a, kb *pad, char *msg, const SDL_Rect *mid, const SDL_Rect *box,
                    const SDL_Rect *ok, int was_whole)
{
    if (kb_take_changed(pad) && msg[0]) {
        msg[0] = '\0';
        ui_app_invalidate_rect(a, mid);
        return;
    }
    ui_app_invalidate_rect(a, box);
    if (was_whole != (strlen(kb_text(pad)) == AUTH_PIN_LEN))
        ui_button_mark(a, ok);
}

/* After a key of the pad: what it changed (tech_pin_typed). */
static void pin_typed(pin_screen *p, ui_app *a, int was_whole)
{
    tech_pin_typed(a, p->pad, p->msg, &p->mid, &p->box, &p->ok, was_whole);
}

/* Starts the check of the PIN typed; the result comes in pin_tick. */
static void pin_try(pin_screen *p, ui_app *a)
{
    pin_job *j = calloc(1, sizeof *j);
    if (!j) {
        snprintf(p->msg, sizeof p->msg, "%s", core_str(auth_error_key(AUTH_ERR_CRYPTO)));
        return;
    }
    tech_pin_hash(p->svc, ui_app_config(a), j->hash);
    if (!j->hash[0]) {
        free(j);
        snprintf(p->msg, sizeof p->msg, "%s", core_str("tech.pin.no_hash"));
        kb_clear(p->pad);
        return;
    }
    snprintf(j->pin, sizeof j->pin, "%s", kb_text(p->pad));
    kb_clear(p->pad); /* digits typed while the check runs are the next try */
    lock_load(p->svc, &j->lock);
    lock_path(p->svc, j->lock_file, sizeof j->lock_file);
    j->now = plat_clock_wall();
    j->refs = 2;
    pthread_mutex_init(&j->mu, NULL);
    pthread_t th;
    if (pthread_create(&th, NULL, job_run, j) != 0) {
        pthread_mutex_destroy(&j->mu);
        sodium_memzero(j, sizeof *j);
        free(j);
        snprintf(p->msg, sizeof p->msg, "%s", core_str(auth_error_key(AUTH_ERR_CRYPTO)));
        return;
    }
    pthread_detach(th);
    p->job = j;
    p->msg[0] = '\0';
    ui_app_wake_at(a, plat_clock_mono_ms() + 20);
}

/* The check is over: lockout saved, menu opened or the reason shown. */
static void pin_result(pin_screen *p, ui_app *a, int rc, int wait_s, const auth_lock *l)
{
    if (rc == AUTH_OK) {
        tech_audit(a, "tech.signin", NULL, p->setup ? "setup" : NULL);
        core_log(CORE_LOG_INFO, "tech", p->setup ? "unfinished setup resumed" : "technician mode opened");
        const tech_services *svc = p->svc;
        int setup = p->setup;
        ui_app_pop(a); /* frees p */
        ui_app_push(a, setup ? ui_tech_setup_new(svc, 1) : ui_tech_menu_new(svc));
        return;
    }
    if (rc == AUTH_ERR_LOCKED)
        snprintf(p->msg, sizeof p->msg, core_str("tech.pin.locked"), (wait_s + 59) / 60);
    else
        snprintf(p->msg, sizeof p->msg, "%s", core_str(auth_error_key(rc)));
    if (rc == AUTH_ERR_HASH || rc == AUTH_ERR_CRYPTO)
        core_log(CORE_LOG_ERROR, "tech", "technician PIN not checked: %s", auth_strerror(rc));
    if (rc == AUTH_ERR_WRONG) {
        char d[32];
        snprintf(d, sizeof d, "failures=%d", l->failures);
        tech_audit(a, "tech.pin_wrong", NULL, d);
        core_log(CORE_LOG_WARN, "tech", "wrong technician PIN (%d in a row)", l->failures);
    }
}

/* The field and OK changed (digits gone, a message, the check running or
 * over): the field to the pad, what a message moves; the pad stays. */
static void pin_mark(pin_screen *p, ui_app *a)
{
    if (p->mid.h > 0)
        ui_app_invalidate_rect(a, &p->mid);
    else
        ui_app_invalidate(a); /* not drawn yet */
}

static uint64_t pin_tick(ui_screen *s, ui_app *a, uint64_t now)
{
    pin_screen *p = s->priv;
    pin_job *j = p->job;
    if (!j)
        return 0;
    pthread_mutex_lock(&j->mu);
    int done = j->done, rc = j->rc, wait_s = j->wait_s;
    auth_lock l = j->lock;
    pthread_mutex_unlock(&j->mu);
    if (!done)
        return now + 20; /* the thread also wakes the loop when it ends */
    p->job = NULL;
    job_release(j);
    pin_mark(p, a); /* a message under the field, OK back; the menu draws it all */
    pin_result(p, a, rc, wait_s, &l); /* may free p */
    return 0;
}

static void pin_activate(ui_screen *s, ui_app *a, const char *id)
{
    pin_screen *p = s->priv;
    if (!strcmp(id, "tech.back")) {
        ui_app_pop(a);
    } else if (!strcmp(id, "tech.pin.ok")) {
        /* six digits, as the button shows itself (Enter came with fewer,
         * and an empty try counted towards the lockout) */
        if (!p->job && strlen(kb_text(p->pad)) == AUTH_PIN_LEN) {
            pin_try(p, a);
            pin_mark(p, a);
        }
    } else {
        int whole = strlen(kb_text(p->pad)) == AUTH_PIN_LEN;
        if (kb_activate(p->pad, a, id))
            pin_typed(p, a, whole);
    }
}

static int pin_event(ui_screen *s, ui_app *a, const plat_event *ev)
{
    pin_screen *p = s->priv;
    if (ev->type == PLAT_EV_KEY && ev->key == PLAT_KEY_ENTER) { /* a USB keyboard's Enter: 确定 */
        pin_activate(s, a, "tech.pin.ok");
        return 1;
    }
    int whole = strlen(kb_text(p->pad)) == AUTH_PIN_LEN;
    if (!kb_event(p->pad, a, ev))
        return 0;
    if (ev->type != PLAT_EV_DOWN) /* a finger down between keys changes nothing yet */
        pin_typed(p, a, whole);
    return 1;
}

static void pin_destroy(ui_screen *s)
{
    pin_screen *p = s->priv;
    if (p->job)
        job_release(p->job); /* the thread frees it when it ends */
    kb_free(p->pad);
    ui_screen_free(s);
}

static const ui_screen_ops PIN_OPS = {"tech.pin", pin_draw, pin_activate, pin_event, pin_tick,
                                      pin_destroy};

static int pin_working(ui_screen *s) { return ((pin_screen *)s->priv)->job != NULL; }

ui_screen *ui_tech_pin_new(const tech_services *svc)
{
    ui_screen *s = ui_screen_new(&PIN_OPS, sizeof(pin_screen));
    pin_screen *p = s ? s->priv : NULL;
    if (!p || !(p->pad = kb_new("tech.pad", KB_DIGITS))) {
        ui_screen_free(s);
        return NULL;
    }
    kb_set_max_chars(p->pad, AUTH_PIN_LEN);
    p->svc = svc;
    s->working = pin_working;
    return s;
}

ui_screen *tech_pin_setup_new(const tech_services *svc)
{
    ui_screen *s = ui_tech_pin_new(svc);
    if (s)
        ((pin_screen *)s->priv)->setup = 1;
    return s;
}

static ui_screen *hidden_entry(void *ud, ui_app *a)
{
    core_log(CORE_LOG_INFO, "tech", "technician entry gesture");
    if (!ui_tech_provisioned(ud, ui_app_config(a))) {
        /* no PIN to ask for: the kiosk is not set up (the emulator on its
         * defaults, or a failure page before setup), so setup opens */
        tech_audit(a, "setup.start", NULL, "gesture");
        return ui_tech_setup_new(ud, 0); /* marked open when its PIN is set */
    }
    return ui_tech_pin_new(ud);
}

void ui_tech_install(ui_app *a, const tech_services *s)
{
    ui_app_set_hidden_entry(a, s ? hidden_entry : NULL, (void *)s);
}

/* ---- menu --------------------------------------------------------------- */

static ui_screen *setup_from_menu(const tech_services *s) { return ui_tech_setup_new(s, 0); }

static const struct {
    const char *id, *label;
    ui_screen *(*open)(const tech_services *);
} MENU[] = {
    {"tech.m.info", "tech.menu.info", tech_info_new},
    {"tech.m.queue", "tech.menu.queue", tech_queue_new},
    {"tech.m.logs", "tech.menu.logs", tech_logs_new},
    {"tech.m.audit", "tech.menu.audit", tech_audit_new},
    {"tech.m.settings", "tech.menu.settings", tech_settings_new},
    {"tech.m.register", "tech.menu.register", tech_register_new},
    {"tech.m.selftest", "tech.menu.selftest", tech_selftest_new},
    {"tech.m.export", "tech.menu.export", tech_export_new},
    {"tech.m.setup", "tech.menu.setup", setup_from_menu},
};
#define NMENU (sizeof MENU / sizeof MENU[0])

static void menu_draw(ui_screen *s, ui_app *a)
{
    (void)s;
    const ui_theme *t = ui_app_theme(a);
    int pad = t->unit * 2;
    int y = tech_title_bar(a, core_str("tech.menu.title")) + pad;
    /* The grid fills what lies between the title and 退出维护模式: buttons
     * half again a button's height where they fit, lower where not (large
     * text at 1280x800: three rows of them would reach under 退出), and one
     * column more while not even a button's height fits */
    int bmin = ui_button_height(a), bh = bmin * 3 / 2;
    int avail = t->h - y - pad * 2 - bmin;
    int cols = t->portrait ? 2 : 4, rows = (int)(NMENU + (size_t)cols - 1) / cols;
    while ((avail - (rows + 1) * t->unit) / rows < bmin && cols < (int)NMENU) {
        cols++;
        rows = (int)(NMENU + (size_t)cols - 1) / cols;
    }
    /* one column fewer while a label would shrink to fit its button and
     * the rows still fit (版本与事项目录 at 1280x800 in large text) */
    int widest = 0;
    for (size_t i = 0; i < NMENU; i++) {
        int w = text_width(ui_app_text(a), core_str(MENU[i].label), t->px_label, TEXT_BOLD) +
                t->unit * 2;
        widest = w > widest ? w : widest;
    }
    while (cols > 2 && (t->w - pad * (cols + 1)) / cols < widest) {
        int c2 = cols - 1, r2 = (int)(NMENU + (size_t)c2 - 1) / c2;
        if ((avail - (r2 + 1) * t->unit) / r2 < bmin)
            break;
        cols = c2;
        rows = r2;
    }
    if (rows * bh + (rows + 1) * t->unit > avail)
        bh = (avail - (rows + 1) * t->unit) / rows;
    int bw = (t->w - pad * (cols + 1)) / cols;
    int gap = (avail - rows * bh) / (rows + 1);
    if (gap > pad * 2)
        gap = pad * 2;
    if (gap < t->unit)
        gap = t->unit;
    for (size_t i = 0; i < NMENU; i++) {
        int c = (int)i % cols, r = (int)i / cols;
        SDL_Rect b = {pad + c * (bw + pad), y + r * (bh + gap), bw, bh};
        ui_button(a, &b, MENU[i].id, core_str(MENU[i].label), UI_BTN_SECONDARY);
    }
    SDL_Rect ex = {pad, t->h - pad - ui_button_height(a), t->w - 2 * pad, ui_button_height(a)};
    ui_button(a, &ex, "tech.exit", core_str("tech.menu.exit"), UI_BTN_DANGER);
}

static void menu_activate(ui_screen *s, ui_app *a, const char *id)
{
    const tech_services *svc = s->priv;
    if (!strcmp(id, "tech.back") || !strcmp(id, "tech.exit")) {
        tech_audit(a, "tech.signout", NULL, NULL);
        ui_app_go_home(a);
        return;
    }
    for (size_t i = 0; i < NMENU; i++)
        if (!strcmp(id, MENU[i].id))
            ui_app_push(a, MENU[i].open(svc));
}

static void menu_destroy(ui_screen *s) { free(s); }

static const ui_screen_ops MENU_OPS = {"tech.menu", menu_draw, menu_activate, NULL, NULL,
                                       menu_destroy};

ui_screen *ui_tech_menu_new(const tech_services *svc)
{
    ui_screen *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->ops = &MENU_OPS;
    s->priv = (void *)svc;
    return s;
}

/* ---- value editor ------------------------------------------------------- */

typedef enum { ED_DIGITS, ED_TEXT, ED_CHOICE } ed_kind;

/* Called with the value entered: 0 closes the editor, else msg is shown. */
typedef int (*ed_done_fn)(void *ud, ui_app *a, const char *value, char *msg, size_t n);

typedef struct {
    ui_list *choices;     /* ED_CHOICE; first, for ui_list_screen_event/tick */
    ed_kind kind;
    char title[128], label[128];
    const char *ok_key;   /* its button's words: 保存, or what the value is for (登记) */
    kb *pad;              /* ED_DIGITS and ED_TEXT */
    char msg[256];
    char hint[320]; /* what the value may be, said under the field before typing ("": none) */
    ed_done_fn done;
    void *ud;
    void (*free_ud)(void *);
    SDL_Rect box;  /* what a key changes of the field (value, letters, caret) */
    SDL_Rect mid;  /* the field to the keyboard: what a message or a long value moves */
    int longv;     /* a long value shown whole under the field (ED_TEXT) */
    int below;     /* the keyboard under the field, 保存 beside it (ed_place) */
    int side;      /* below: the label's width left of the field (large text), else 0 */
} editor;

static const char *ed_value(const editor *e)
{
    if (e->kind == ED_CHOICE) {
        int c = ui_list_choice(e->choices);
        return c >= 0 ? ui_list_text(e->choices, c) : "";
    }
    return kb_text(e->pad);
}

/* The width of the field's column: the screen's, or on a screen wider than
 * tall what the keyboard's column beside it leaves (kb_beside_width). */
static int ed_col(const editor *e, ui_app *a)
{
    const ui_theme *t = ui_app_theme(a);
    if (e->below) /* 保存 right of the field, a quarter of the screen; the label left */
        return t->w - t->w / 4 - t->unit * 2 - (e->side > 0 ? e->side + t->unit : 0);
    return t->portrait || !e->pad ? t->w : t->w - kb_beside_width(e->pad, a);
}

/* The height of the words under the field saying what the value may be
 * (e->hint), w wide; 0 when there are none. */
static int ed_hint_height(const editor *e, ui_app *a, int w)
{
    const ui_theme *t = ui_app_theme(a);
    if (!e->hint[0])
        return 0;
    text_style s = {t->px_body, TEXT_REGULAR, t->ink, TEXT_LEFT, 0, 0};
    return text_measure_box(ui_app_text(a), e->hint, w, &s, NULL);
}

/* Where the keyboard goes on a screen wider than tall, before anything is
 * drawn (the field's column comes of it): under the field across the
 * screen (kb_set_below: pinyin, the address keys), where its column beside
 * would leave the field less than a third of the screen (a 1280x800
 * tablet: the station's name three characters a line) and its rows fit
 * under the title, the field with a line of message, the words saying
 * what the value may be, and a unit; where
 * they fit only without the label's line above the field (large text),
 * with the label left of the field (e->side: a fifth of the screen at
 * most); else in the column beside it, as high as the screen under the
 * title (kb_set_room). */
static void ed_place(editor *e, ui_app *a)
{
    const ui_theme *t = ui_app_theme(a);
    int pad = t->unit * 2, top = ui_button_height(a) + pad * 3; /* under the title bar */
    e->below = e->side = 0;
    if (!e->pad || t->portrait)
        return;
    int room = t->h - top - ui_field_height(a, 1) - pad - t->unit;
    int hh = ed_hint_height(e, a, t->w - t->w / 4 - t->unit * 2 - 2 * pad);
    int label_line = text_line_height(ui_app_text(a), t->px_label) + t->unit / 2;
    int lw = text_width(ui_app_text(a), e->label, t->px_label, TEXT_BOLD);
    /* first with room for the words saying what the value may be; where
     * neither layout has it (a tablet in large text), as without them:
     * they are then said where they fit (ed_draw) */
    for (int pass = 0; pass < 2 && e->kind == ED_TEXT; pass++) {
        int r = room - (pass == 0 && hh > 0 ? hh + t->unit / 2 : 0);
        if (kb_set_below(e->pad, a, r)) {
            e->below = 1;
            return;
        }
        if (e->label[0] && lw <= t->w / 5 && kb_set_below(e->pad, a, r + label_line)) {
            e->below = 1;
            e->side = lw;
            return;
        }
    }
    kb_set_room(e->pad, t->h - top - pad / 2); /* handwriting's width comes of it */
}

/* 1 when ED_TEXT's value is longer than its box shows (beside the letters
 * being composed): then it is shown whole under the field as well. */
static int ed_long(const editor *e, ui_app *a)
{
    const ui_theme *t = ui_app_theme(a);
    if (e->kind != ED_TEXT)
        return 0;
    text_ctx *tx = ui_app_text(a);
    const char *comp = kb_composing(e->pad);
    int pad = t->unit * 2;
    int cw = comp && *comp ? text_width(tx, comp, t->px_title, TEXT_REGULAR) + t->unit / 3 : 0;
    return text_width(tx, ed_value(e), t->px_title, TEXT_BOLD) + cw >
           ed_col(e, a) - 2 * pad - 2 * t->unit - t->px_title;
}

/* Under ED_TEXT's field, from y down to foot, w wide: a long value whole
 * (the box shows its end: here as much of it from its start as the room
 * takes, …: more follows), gap under it; then the hint, where it fits. */
static void ed_under_field(const editor *e, ui_app *a, int y, int w, int foot, int gap)
{
    const ui_theme *t = ui_app_theme(a);
    text_ctx *tx = ui_app_text(a);
    int pad = t->unit * 2;
    text_style vs = {t->px_body, TEXT_REGULAR, t->ink, TEXT_LEFT, 0, 0};
    text_style hs = {t->px_small, TEXT_REGULAR, t->ink_soft, TEXT_LEFT, 0, 0};
    if (e->longv && foot - y >= text_line_step(tx, &vs)) {
        SDL_Rect vb = {pad, y, w, foot - y};
        y += text_draw_box(tx, ed_value(e), &vb, &vs) + gap;
    }
    SDL_Rect hb = {pad, y, w, 0};
    if (y + text_measure_box(tx, core_str("tech.edit.typing"), w, &hs, NULL) <= foot)
        text_draw_box(tx, core_str("tech.edit.typing"), &hb, &hs);
}

static void ed_draw(ui_screen *s, ui_app *a)
{
    editor *e = s->priv;
    const ui_theme *t = ui_app_theme(a);
    int pad = t->unit * 2, bh = ui_button_height(a);
    ed_place(e, a);
    /* a label the field's column cuts short (服务站名称 beside the keyboard
     * in large text) is said whole in the title bar too */
    char title[300];
    int fw0 = ed_col(e, a) - 2 * pad;
    if (e->label[0] && (e->kind == ED_CHOICE ||
                        text_width(ui_app_text(a), e->label, t->px_label, TEXT_BOLD) > fw0))
        /* a list of choices has no label of its own: the title names the
         * setting (it said 设置 alone over 屏幕尺寸's sizes) */
        snprintf(title, sizeof title, "%s · %s", e->title, e->label);
    else
        snprintf(title, sizeof title, "%s", e->title);
    int y = tech_title_bar(a, title) + pad;
    if (e->kind == ED_CHOICE) {
        SDL_Rect lr = {pad, y, t->w - 2 * pad, t->h - y - bh - pad * 3};
        if (e->msg[0]) {
            SDL_Rect mb = {pad, y, t->w - 2 * pad, 0};
            int mh = ui_label(a, &mb, e->msg, t->px_body, TEXT_BOLD, t->danger, TEXT_LEFT);
            lr.y += mh + pad;
            lr.h -= mh + pad;
        }
        if (e->hint[0]) { /* 可以选：… */
            SDL_Rect hb = {pad, lr.y, t->w - 2 * pad, 0};
            int hh = ui_label(a, &hb, e->hint, t->px_body, TEXT_REGULAR, t->ink, TEXT_LEFT);
            lr.y += hh + pad;
            lr.h -= hh + pad;
        }
        ui_list_draw(e->choices, a, &lr);
    } else {
        const char *value = ed_value(e);
        const char *comp = e->kind == ED_TEXT ? kb_composing(e->pad) : NULL;
        int fw = ed_col(e, a) - 2 * pad, fx = pad;
        e->mid = (SDL_Rect){0, y, fw + 2 * pad, 0};
        if (e->side > 0) {
            /* the label left of the field, level with its value; the field
             * drawn a label's line higher, its own label empty */
            text_ctx *tx = ui_app_text(a);
            text_style ls = {t->px_label, TEXT_BOLD, t->ink, TEXT_LEFT, 0, 0};
            text_draw(tx, e->label, pad, y + (t->target - text_line_height(tx, t->px_label)) / 2,
                      &ls);
            fx += e->side + t->unit;
            e->mid.w += e->side + t->unit;
            y -= text_line_height(tx, t->px_label) + t->unit / 2;
        }
        e->box = ui_field_typing_rect(a, fx, y, fw);
        y += ui_field(a, fx, y, fw, NULL, e->side > 0 ? "" : e->label, value,
                      comp && comp[0] ? comp : NULL, 1, e->msg[0] ? e->msg : NULL) + pad;
        /* what lies under the field ends above 保存: at the column's foot
         * beside the keyboard, over the keyboard otherwise; above the keys
         * when they are under the field. First what the value may be,
         * under the field (and its message), where it fits: with the
         * keyboard under the field, half a unit under it, as wide as what
         * a key may move */
        int hw = e->below ? e->mid.w - 2 * pad : fw, hy = e->below ? y + t->unit / 2 - pad : y;
        int kh = e->pad ? kb_height(e->pad, a) : 0;
        int foot = e->below ? t->h - t->unit / 2 - kh - t->unit
                   : e->pad && !t->portrait ? t->h - pad - bh - pad / 2
                                            : t->h - kh - pad - bh - pad / 2;
        e->longv = ed_long(e, a);
        /* a value longer than its box (typed on) shown whole under it
         * comes before these words where there is room for one of them */
        int gap = e->below ? t->unit / 2 : pad;
        text_style vs = {t->px_body, TEXT_REGULAR, t->ink, TEXT_LEFT, 0, 0};
        int need = e->longv ? gap + text_line_step(ui_app_text(a), &vs) : 0;
        if (e->hint[0] && hy + ed_hint_height(e, a, hw) + need <= foot) {
            SDL_Rect hb = {e->below ? pad : fx, hy, hw, 0};
            int hh = ui_label(a, &hb, e->hint, t->px_body, TEXT_REGULAR, t->ink, TEXT_LEFT);
            y += hh + gap;
        }
        if (e->kind == ED_TEXT && !e->below)
            ed_under_field(e, a, y, fw, foot, pad); /* a long value, the typing hint */
    }
    if (e->below) {
        /* under the field across the screen, half a unit from its edges;
         * 保存 right of the field's box */
        int kh = kb_height(e->pad, a), m = t->unit / 2;
        SDL_Rect kr = {m, t->h - m - kh, t->w - 2 * m, kh};
        SDL_Rect ok = {t->w - pad - t->w / 4, e->box.y + (e->box.h - bh) / 2, t->w / 4, bh};
        ui_button(a, &ok, "tech.edit.ok", core_str(e->ok_key), UI_BTN_PRIMARY);
        e->mid.h = kr.y - m - e->mid.y;
        /* under the field, as wide (what a key may move: mid), half a
         * unit under it (and its message), above the keys */
        ed_under_field(e, a, y + t->unit / 2 - pad, e->mid.w - 2 * pad, kr.y - t->unit,
                       t->unit / 2);
        SDL_Rect line = {0, kr.y - m, t->w, 2};
        draw_rect(ui_app_draw(a), &line, t->line);
        kb_draw(e->pad, a, &kr);
        return;
    }
    if (e->pad && !t->portrait) {
        /* a screen wider than tall: the keyboard in a column on the right,
         * fitted to the height under the title (ed_place), the field,
         * the value and 保存 at the bottom of the column left of it */
        int kw = kb_beside_width(e->pad, a), cw = t->w - kw;
        int kh = kb_height(e->pad, a);
        SDL_Rect ok = {pad, t->h - pad - bh, cw - 2 * pad, bh};
        ui_button(a, &ok, "tech.edit.ok", core_str(e->ok_key), UI_BTN_PRIMARY);
        SDL_Rect kr = {cw + pad / 2, e->mid.y, kw - pad, kh};
        e->mid.h = t->h - e->mid.y;
        kb_draw(e->pad, a, &kr);
        return;
    }
    int kh = e->pad ? kb_height(e->pad, a) : 0;
    SDL_Rect ok = {pad, t->h - kh - pad - bh, t->w - 2 * pad, bh};
    ui_button(a, &ok, "tech.edit.ok", core_str(e->ok_key), UI_BTN_PRIMARY);
    if (kh) {
        SDL_Rect kr = {0, t->h - kh, t->w, kh};
        e->mid.h = kr.y - e->mid.y;
        kb_draw(e->pad, a, &kr);
    }
}

/* After a key (the keyboard marked its own part): the inside of the field;
 * the field to the keyboard when a message went or a long value is shown
 * under the field (before or now: it grows, wraps, comes or goes). */
static void ed_typed(editor *e, ui_app *a)
{
    int cleared = kb_take_changed(e->pad) && e->msg[0];
    if (cleared)
        e->msg[0] = '\0';
    if (e->mid.h <= 0)
        ui_app_invalidate(a); /* not drawn yet */
    else if (cleared || e->longv || ed_long(e, a))
        ui_app_invalidate_rect(a, &e->mid);
    else
        ui_app_invalidate_rect(a, &e->box);
}

/* 保存 (or a USB keyboard's Enter): closes the editor, or says why not. A
 * message under a field moves what is under it down to the keyboard (mid);
 * one over a choice list moves the list: the whole screen. */
static void ed_submit(editor *e, ui_app *a)
{
    char was[sizeof e->msg];
    snprintf(was, sizeof was, "%s", e->msg);
    e->msg[0] = '\0';
    if (e->done(e->ud, a, ed_value(e), e->msg, sizeof e->msg) == 0) {
        ui_app_pop(a);
        return;
    }
    if (!strcmp(was, e->msg))
        return; /* the same words again */
    if (e->kind != ED_CHOICE && e->mid.h > 0)
        ui_app_invalidate_rect(a, &e->mid);
    else
        ui_app_invalidate(a);
}

static void ed_activate(ui_screen *s, ui_app *a, const char *id)
{
    editor *e = s->priv;
    if (!strcmp(id, "tech.back")) {
        ui_app_pop(a);
        return;
    }
    if (!strcmp(id, "tech.edit.ok")) {
        ed_submit(e, a);
        return;
    }
    if (e->pad && kb_activate(e->pad, a, id))
        ed_typed(e, a);
    else if (e->choices) /* a choice changes its list alone (saved with 保存) */
        ui_list_activate_own(e->choices, a, id);
}

static int ed_event(ui_screen *s, ui_app *a, const plat_event *ev)
{
    editor *e = s->priv;
    if (ev->type == PLAT_EV_KEY && ev->key == PLAT_KEY_ENTER) { /* a USB keyboard's Enter */
        ed_submit(e, a);
        return 1;
    }
    if (e->pad) {
        if (!kb_event(e->pad, a, ev))
            return 0;
        if (ev->type != PLAT_EV_DOWN) /* a finger down between keys changes nothing yet */
            ed_typed(e, a);
        return 1;
    }
    return ui_list_screen_event(s, a, ev);
}

static void ed_destroy(ui_screen *s)
{
    editor *e = s->priv;
    kb_free(e->pad);
    ui_list_free(e->choices);
    if (e->free_ud)
        e->free_ud(e->ud);
    memset(e, 0, sizeof *e);
    ui_screen_free(s);
}

static const ui_screen_ops ED_OPS = {"tech.edit", ed_draw, ed_activate, ed_event,
                                     ui_list_screen_tick, ed_destroy};

/* choices: NULL-terminated, for ED_CHOICE; keys: the keyboard of ED_TEXT.
 * ud is freed by free_ud (may be NULL). */
static ui_screen *editor_new(ed_kind kind, const char *title, const char *label,
                             const char *initial, const char *const *choices, int max_chars,
                             kb_kind keys, ed_done_fn done, void *ud, void (*free_ud)(void *))
{
    ui_screen *s = ui_screen_new(&ED_OPS, sizeof(editor));
    if (!s)
        return NULL;
    editor *e = s->priv;
    e->kind = kind;
    e->ok_key = "tech.edit.save";
    snprintf(e->title, sizeof e->title, "%s", title);
    snprintf(e->label, sizeof e->label, "%s", label);
    e->done = done;
    e->ud = ud;
    e->free_ud = free_ud;
    if (kind != ED_CHOICE) {
        e->pad = kb_new("tech.pad", kind == ED_DIGITS ? KB_DIGITS : keys);
        if (e->pad) {
            kb_set_max_chars(e->pad, max_chars);
            kb_set_text(e->pad, initial);
        }
    } else {
        e->choices = ui_list_new("tech.choice", UI_LIST_SINGLE);
        for (int i = 0; e->choices && choices && choices[i]; i++) {
            /* the value, what it means under it where the strings say
             * (tech.choice.<value>: 日志级别's debug … error) */
            char k[96];
            snprintf(k, sizeof k, "tech.choice.%s", choices[i]);
            const char *says = core_str_or(k, NULL);
            ui_list_add(e->choices, choices[i], says && says[0] ? says : NULL);
            if (!strcmp(choices[i], initial))
                ui_list_set_chosen(e->choices, i, 1);
        }
    }
    if ((kind != ED_CHOICE && !e->pad) || (kind == ED_CHOICE && !e->choices)) {
        ed_destroy(s);
        return NULL;
    }
    return s;
}

/* ---- settings ----------------------------------------------------------- */

static const char *const SIZES[] = {"1080x1920", "1920x1080", "1280x800", NULL};

/* The settings the technician edits; what each takes (its range, its
 * length) is config.c's table, which checks it (core_config_range_of). */
static const struct {
    const char *key;
    ed_kind kind;
    kb_kind keys;                /* ED_TEXT's keyboard */
    const char *const *choices;  /* ED_CHOICE's values */
} SETTINGS[] = {
    {"platform.url", ED_TEXT, KB_ADDR, NULL},
    {"platform.ca_file", ED_TEXT, KB_ADDR, NULL},
    {"station.name", ED_TEXT, KB_PINYIN, NULL},
    {"station.area_code", ED_DIGITS, KB_DIGITS, NULL},
    {"screen.size", ED_CHOICE, KB_DIGITS, SIZES},
    {"ui.idle_timeout_s", ED_DIGITS, KB_DIGITS, NULL},
    {"ui.countdown_s", ED_DIGITS, KB_DIGITS, NULL},
    {"audio.volume", ED_DIGITS, KB_DIGITS, NULL},
    {"bundle.county_pk", ED_TEXT, KB_ADDR, NULL},
    {"bundle.dir", ED_TEXT, KB_ADDR, NULL},
    {"platform.pin", ED_TEXT, KB_ADDR, NULL},
    {"catalogue.county_pk", ED_TEXT, KB_ADDR, NULL},
    {"log.level", ED_CHOICE, KB_DIGITS, core_log_level_names},
};
#define NSETTINGS (sizeof SETTINGS / sizeof SETTINGS[0])

/* The most characters the editor of setting i takes, from the table its
 * value is checked against: a number as many digits as its greatest value
 * has; text its greatest length in bytes, a third of that with the pinyin
 * keyboard (a Chinese character is three bytes in UTF-8). */
static int setting_max_chars(int i)
{
    core_config_range r;
    if (core_config_range_of(SETTINGS[i].key, &r) != 0)
        return 40;
    if (r.kind == CORE_CONFIG_NUMBER) {
        int d = 1;
        for (long m = r.max; m >= 10; m /= 10)
            d++;
        return d;
    }
    long n = SETTINGS[i].keys == KB_PINYIN ? r.max / 3 : r.max;
    return n < 1 ? 1 : n > KB_MAX_CHARS ? KB_MAX_CHARS : (int)n;
}

/* The words of text key tk for setting key, its numbers put in from the
 * table the value is checked against: a text with one %ld gets the most
 * (a number's greatest value, text's most characters as the editor takes
 * them), with two the least and the most. Into out (n bytes); "" when
 * there are no such words. */
static void setting_words(const char *tk, const char *key, char *out, size_t n)
{
    const char *fmt = core_str_or(tk, NULL);
    out[0] = '\0';
    if (!fmt)
        return;
    core_config_range r = {CORE_CONFIG_TEXT, 0, 0};
    core_config_range_of(key, &r);
    long most = r.max;
    for (size_t j = 0; j < NSETTINGS; j++)
        if (!strcmp(SETTINGS[j].key, key) && r.kind == CORE_CONFIG_TEXT)
            most = setting_max_chars((int)j);
    int specs = 0;
    for (const char *q = fmt; (q = strstr(q, "%ld")); q += 3)
        specs++;
    if (specs == 2)
        snprintf(out, n, fmt, r.min, r.max);
    else if (specs == 1)
        snprintf(out, n, fmt, most);
    else
        snprintf(out, n, "%s", fmt);
}

void tech_setting_range(const char *key, char *out, size_t n)
{
    int i = -1;
    for (size_t j = 0; j < NSETTINGS; j++)
        if (key && !strcmp(SETTINGS[j].key, key))
            i = (int)j;
    out[0] = '\0';
    if (i < 0)
        return;
    char tk[96];
    snprintf(tk, sizeof tk, "tech.range.%s", key);
    if (core_str_or(tk, NULL)) {
        setting_words(tk, key, out, n);
        return;
    }
    if (SETTINGS[i].kind == ED_CHOICE) {
        char list[200] = "";
        for (int c = 0; SETTINGS[i].choices && SETTINGS[i].choices[c]; c++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                     c ? core_str("tech.range.or") : "", SETTINGS[i].choices[c]);
        snprintf(out, n, core_str("tech.range.choice"), list);
        return;
    }
    core_config_range r = {CORE_CONFIG_TEXT, 0, 0};
    core_config_range_of(key, &r);
    setting_words(r.kind == CORE_CONFIG_NUMBER ? "tech.range.number" : "tech.range.text", key,
                  out, n);
}

typedef struct {
    const tech_services *svc;
    const char *key;
} setting_ud;

/* The settings file as start-up reads it (core_overrides_load). */
typedef enum {
    FILE_WHOLE,   /* loads whole, or is not there */
    FILE_UNKNOWN, /* loads, leaving out a line of a key this firmware does not have */
    FILE_BAD      /* does not load: start-up stopped on it (SETTINGS) */
} file_state;

/* The state of the settings file at path; when it is not whole, fl (may be
 * NULL) says where: the line start-up stopped on, else the first unknown key. */
static file_state settings_file_state(const char *path, core_config_fault *fl)
{
    char err[600];
    core_config_fault first;
    int unknown = 0;
    core_config *probe = core_config_new();
    if (!probe)
        return FILE_WHOLE;
    file_state st = FILE_WHOLE;
    if (core_overrides_load(probe, path, &unknown, &first, err, sizeof err) != 0) {
        st = FILE_BAD;
        if (fl)
            *fl = *core_config_last_fault(probe);
    } else if (unknown > 0) {
        st = FILE_UNKNOWN;
        if (fl)
            *fl = first;
    }
    core_config_free(probe);
    return st;
}

static int setting_done(void *ud, ui_app *a, const char *value, char *msg, size_t n)
{
    setting_ud *su = ud;
    core_config *cfg = ui_app_config(a);
    char err[512];
    if (core_setting_check(su->key, value, err, sizeof err) != 0) /* as cunzhan-admin set */
        goto bad;
    const char *path = su->svc->config_path;
    if (!path) {
        core_log(CORE_LOG_ERROR, "tech", "settings not saved: no settings file");
        snprintf(msg, n, "%s", core_str("tech.set.save_failed"));
        return -1;
    }
    /* validated and saved together; the data folder's file overrides the conffile */
    core_config *probe = core_config_new();
    int valid = probe && core_config_set(probe, su->key, value, err, sizeof err) == 0;
    core_config_free(probe);
    if (!valid)
        goto bad;
    if (core_overrides_set(cfg, path, su->key, value, err, sizeof err) != 0) {
        core_log(CORE_LOG_ERROR, "tech", "settings not saved: %s", err);
        /* a line of the file that does not load is not a full disk */
        snprintf(msg, n, "%s", core_str(settings_file_state(path, NULL) == FILE_BAD
                                            ? "tech.set.file.save"
                                            : "tech.set.save_failed"));
        return -1;
    }
    tech_audit(a, "settings.change", su->key, NULL);
    core_log(CORE_LOG_INFO, "tech", "setting %s changed and saved", su->key);
    if (su->svc->settings_changed) /* it may have been the line start-up stopped on */
        su->svc->settings_changed(su->svc->ud, a);
    core_log_level min;
    if (!strcmp(su->key, "log.level") && core_log_level_parse(value, &min) == 0)
        core_log_set_level(min); /* from this line on, not from the next start */
    return 0;
bad:
    snprintf(msg, n, "%s", tech_bad_value(su->key));
    return -1;
}

const char *tech_bad_value(const char *key)
{
    return tech_bad_value_or(key, core_str("tech.set.bad"));
}

const char *tech_bad_value_or(const char *key, const char *fallback)
{
    char k[96];
    snprintf(k, sizeof k, "tech.set.bad.%s", key ? key : "");
    if (!core_str_or(k, NULL))
        return fallback;
    static char said[200]; /* its numbers from the table (setting_words) */
    setting_words(k, key, said, sizeof said);
    return said;
}

const char *tech_setting_name(const char *key)
{
    char k[96];
    snprintf(k, sizeof k, "tech.set.%s", key ? key : "");
    return core_str_or(k, key ? key : "");
}

/* The settings page's own state (its priv). */
typedef struct {
    const char *const *keys; /* the rows: NULL for all the settings */
    /* whose words the status line holds: 0 none of the page's, 1 the
     * settings file's state (settings_file_status), 2 the result of
     * 删去不对的行, kept until a setting is opened */
    int said;
} settings_st;

/* The page's i-th row's setting (its keys: NULL for all of them, or a list
 * of keys); -1 past the end. */
static int setting_at(const tech_page *p, int i)
{
    const settings_st *st = p->priv;
    const char *const *keys = st ? st->keys : NULL;
    if (!keys)
        return i >= 0 && i < (int)NSETTINGS ? i : -1;
    for (int n = 0; keys[n]; n++)
        if (n == i)
            for (size_t j = 0; j < NSETTINGS; j++)
                if (!strcmp(SETTINGS[j].key, keys[n]))
                    return (int)j;
    return -1;
}

static int editable(const char *key)
{
    for (size_t j = 0; j < NSETTINGS; j++)
        if (!strcmp(SETTINGS[j].key, key))
            return 1;
    return 0;
}

/* A settings file with a line that does not load (start-up stopped on it:
 * the failure page, SETTINGS), or with a line of a key this firmware does
 * not have (left out, service goes on): the status line says which line
 * and why, in words, and what to do; 删去不对的行 (a second tap on 确认删去)
 * drops such lines. p->danger 0: the button is armed. The result of that
 * drop stays on the line (st->said 2) until a setting is opened. */
static void settings_file_status(tech_page *p)
{
    settings_st *st = p->priv;
    core_config_fault fl;
    const char *path = p->svc->config_path;
    file_state fs = path ? settings_file_state(path, &fl) : FILE_WHOLE;
    if (fs == FILE_WHOLE) {
        p->buttons[0] = NULL;
        p->danger = -1;
        if (st->said == 1) { /* fixed by a save: its words are gone */
            p->status[0] = '\0';
            st->said = 0;
        }
        return;
    }
    p->buttons[0] = p->danger == 0 ? "tech.set.file.drop_confirm" : "tech.set.file.drop";
    if (p->danger == 0 || st->said == 2)
        return; /* the question, or what the drop did, stays on the status line */
    char what[400];
    const char *todo = core_str("tech.set.file.todo_drop");
    if (fl.kind == CORE_CONFIG_FAULT_SYNTAX) {
        snprintf(what, sizeof what, core_str("tech.set.file.syntax"), fl.line);
    } else if (fl.kind == CORE_CONFIG_FAULT_UNKNOWN) {
        snprintf(what, sizeof what, core_str("tech.set.file.unknown"), fl.line, fl.key);
        if (fs == FILE_UNKNOWN)
            todo = core_str("tech.set.file.todo_unknown");
    } else if (fl.kind == CORE_CONFIG_FAULT_VALUE) {
        const char *why = tech_bad_value_or(fl.key, NULL);
        char said[300];
        snprintf(said, sizeof said, "%s%s", why ? "：" : "", why ? why : "");
        snprintf(what, sizeof what, core_str("tech.set.file.value"), fl.line,
                 tech_setting_name(fl.key), said);
        if (editable(fl.key))
            todo = core_str("tech.set.file.todo_edit");
    } else {
        snprintf(what, sizeof what, "%s", core_str("tech.set.file.unreadable"));
    }
    tech_page_status(p, fs == FILE_BAD ? 0 : -1, "%s%s", what, todo);
    st->said = 1;
}

/* 删去不对的行: the file as it was kept beside (settings.conf.bad-<UTC
 * time>), its lines that load kept, or, when that cannot make it load, the
 * whole file moved there (the kiosk runs on the conffile); audited; the
 * failure page goes when the file loads whole. */
static void settings_action(tech_page *p, ui_app *a, int n)
{
    settings_st *st = p->priv;
    const char *path = p->svc->config_path;
    if (n != 0 || !path)
        return;
    if (p->danger != 0) {
        p->danger = 0;
        tech_page_status(p, 0, "%s", core_str("tech.set.file.drop_ask"));
        return;
    }
    p->danger = -1;
    st->said = 2;
    char stamp[32], aside[1200], err[600];
    time_t now = (time_t)plat_clock_wall();
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    snprintf(aside, sizeof aside, "%s.bad-%s", path, stamp);
    for (int i = 2; access(aside, F_OK) == 0 && i < 100; i++) /* twice in one second */
        snprintf(aside, sizeof aside, "%s.bad-%s-%d", path, stamp, i);
    int dropped = 0, moved = 0;
    if (core_overrides_drop_bad(path, aside, &dropped, &moved, err, sizeof err) != 0) {
        core_log(CORE_LOG_ERROR, "tech", "settings file not repaired: %s", err);
        tech_page_status(p, 0, "%s", core_str("tech.set.file.drop_failed"));
        return;
    }
    const char *name = strrchr(aside, '/') ? strrchr(aside, '/') + 1 : aside;
    char count[16];
    snprintf(count, sizeof count, "%d", dropped);
    if (moved) {
        core_log(CORE_LOG_WARN, "tech",
                 "the settings file could not be mended line by line: moved aside whole as %s; "
                 "the conffile's settings count",
                 name);
        tech_audit(a, "settings.repair", name, "moved");
        tech_page_status(p, 1, core_str("tech.set.file.moved"), name);
    } else if (dropped > 0) {
        core_log(CORE_LOG_WARN, "tech", "%d line(s) of the settings file dropped; it was kept as %s",
                 dropped, name);
        tech_audit(a, "settings.repair", name, count);
        tech_page_status(p, 1, core_str("tech.set.file.dropped"), dropped, name);
    } else { /* it loads whole already (mended meanwhile) */
        tech_page_status(p, 1, "%s", core_str("tech.set.file.whole"));
    }
    if (p->svc->settings_changed)
        p->svc->settings_changed(p->svc->ud, a);
}

static void settings_fill(tech_page *p, ui_app *a)
{
    core_config *cfg = ui_app_config(a);
    settings_file_status(p);
    for (int r = 0, i; (i = setting_at(p, r)) >= 0; r++) {
        char k[96];
        snprintf(k, sizeof k, "tech.set.%s", SETTINGS[i].key);
        const char *v = core_config_get(cfg, SETTINGS[i].key);
        char e[96]; /* empty: what that means where the setting says (bundle.dir's folder) */
        snprintf(e, sizeof e, "tech.set.empty.%s", SETTINGS[i].key);
        tech_page_row(p, core_str(k), v[0] ? v : core_str_or(e, core_str("tech.set.empty")));
    }
    if (!p->svc->config_path)
        tech_page_status(p, 0, "%s", core_str("tech.set.no_path"));
}

static void settings_row(tech_page *p, ui_app *a, int r)
{
    int i = setting_at(p, r);
    if (i < 0)
        return;
    setting_ud *su = calloc(1, sizeof *su);
    if (!su)
        return;
    su->svc = p->svc;
    su->key = SETTINGS[i].key;
    char k[96];
    snprintf(k, sizeof k, "tech.set.%s", SETTINGS[i].key);
    settings_st *st = p->priv;
    if (st->said == 2) { /* what the drop did was read: the file's state again */
        p->status[0] = '\0';
        st->said = 0;
    }
    ui_screen *ed = editor_new(SETTINGS[i].kind, core_str("tech.menu.settings"), core_str(k),
                               core_config_get(ui_app_config(a), su->key), SETTINGS[i].choices,
                               setting_max_chars(i), SETTINGS[i].keys, setting_done, su, free);
    if (ed) /* what the value may be, said before it is typed */
        tech_setting_range(su->key, ((editor *)ed->priv)->hint, sizeof ((editor *)ed->priv)->hint);
    ui_app_push(a, ed);
    p->filled = 0; /* show the new value when back */
}

static void settings_destroy(tech_page *p)
{
    free(p->priv);
}

static const tech_page_kind SETTINGS_PAGE = {"tech.settings", "tech.menu.settings", settings_fill,
                                             settings_action, settings_row, settings_destroy,
                                             NULL, {NULL}};

ui_screen *tech_settings_some_new(const tech_services *s, const char *const *keys,
                                  const char *title_key)
{
    settings_st *st = calloc(1, sizeof *st);
    if (!st)
        return NULL;
    st->keys = keys;
    ui_screen *scr = tech_page_new(&SETTINGS_PAGE, s, st);
    if (!scr)
        free(st);
    else
        ((tech_page *)scr->priv)->title_key = title_key; /* a setup step's name */
    return scr;
}

ui_screen *tech_settings_new(const tech_services *s)
{
    return tech_settings_some_new(s, NULL, NULL);
}

/* ---- device registration ------------------------------------------------ */

/* The code typed in the editor: kept in the page's priv, then registered
 * from the page (action 1) on a thread of its own. */
static int register_code_done(void *ud, ui_app *a, const char *code, char *msg, size_t n)
{
    (void)a;
    tech_page *p = ud;
    if (strlen(code) < 4) {
        snprintf(msg, n, "%s", core_str("tech.reg.code_short"));
        return -1;
    }
    if (!p->svc->register_device) {
        snprintf(msg, n, "%s", core_str("tech.missing"));
        return -1;
    }
    char *keep = p->priv; /* 16 bytes; the editor takes at most 8 digits */
    size_t len = strnlen(code, 15);
    memcpy(keep, code, len);
    keep[len] = '\0';
    p->busy = 1; /* the page starts it when it is on top again */
    tech_page_status(p, -1, "%s", core_str("tech.busy"));
    return 0;
}

/* On the job's thread. */
static int run_register(void *ud, const char *code, char *msg, size_t n)
{
    const tech_services *s = ud;
    return s->register_device(s->ud, code, msg, n);
}

static void register_fill(tech_page *p, ui_app *a)
{
    core_config *cfg = ui_app_config(a);
    const char *dev = core_config_get(cfg, "platform.device_id");
    /* whether the county knows the kiosk, first: a terminal number alone
     * (made at the first try, kept for the next) read as registered */
    tech_page_row(p, core_str("tech.reg.state"),
                  core_str(tech_registered(p->svc) ? "tech.setup.reg_yes" : "tech.info.unregistered"));
    tech_page_row(p, core_str("tech.info.device"), dev[0] ? dev : core_str("tech.info.unregistered"));
    tech_page_row(p, core_str("tech.info.station"), core_config_get(cfg, "station.name"));
    tech_page_row(p, core_str("tech.set.station.area_code"), core_config_get(cfg, "station.area_code"));
    tech_page_row(p, core_str("tech.set.platform.url"), core_config_get(cfg, "platform.url"));
}

static void register_action(tech_page *p, ui_app *a, int n)
{
    if (n == 0) { /* ask for the county's registration code */
        ui_screen *ed = editor_new(ED_DIGITS, core_str("tech.menu.register"), core_str("tech.reg.code"),
                                   "", NULL, 8, KB_DIGITS, register_code_done, p, NULL);
        if (ed) /* the code is not kept: it registers (the button said 保存) */
            ((editor *)ed->priv)->ok_key = "tech.reg.do";
        ui_app_push(a, ed);
        p->status[0] = '\0';
        p->filled = 0;
        return;
    }
    /* the device id first, here on the UI thread (the configuration is not
     * written from another thread), saved so a retry registers the same device */
    core_config *cfg = ui_app_config(a);
    char err[512];
    if (!core_config_get(cfg, "platform.device_id")[0]) {
        char u[CORE_UUID_LEN + 1];
        if (!p->svc->config_path || core_uuid_v4(u) != 0 ||
            core_overrides_set(cfg, p->svc->config_path, "platform.device_id", u, err,
                               sizeof err) != 0) {
            core_log(CORE_LOG_ERROR, "tech", "device id not saved: %s",
                     p->svc->config_path ? err : "no settings file");
            tech_page_status(p, 0, "%s", core_str("tech.set.save_failed"));
            return;
        }
    }
    tech_page_run(p, a, run_register, (void *)p->svc, p->priv);
    memset(p->priv, 0, 16);
}

static void register_result(tech_page *p, ui_app *a, int n, int rc, const char *msg)
{
    (void)n;
    tech_page_status(p, rc == 0, "%s", msg);
    tech_audit(a, "device.register", core_config_get(ui_app_config(a), "platform.device_id"),
               rc == 0 ? "ok" : "failed");
}

static void register_destroy(tech_page *p) { free(p->priv); }

static const tech_page_kind REGISTER = {"tech.register", "tech.menu.register", register_fill,
                                        register_action, NULL, register_destroy, register_result,
                                        {"tech.reg.go"}};

ui_screen *tech_register_new(const tech_services *s)
{
    char *code = calloc(1, 16);
    ui_screen *sc = code ? tech_page_new(&REGISTER, s, code) : NULL;
    if (!sc)
        free(code);
    return sc;
}
