/* app.h — the screen stack and its events: screens on a stack, one event loop,
 * redraws only when something changed. The session on top of it (agent, large
 * text, inactivity) is session.h; the parts screens use besides the display
 * (forms, store, printer, upload engine) are services.h.
 *
 * A screen is a small state machine: it draws from its own state, registers
 * touch targets while drawing (ui_app_target; a part that scrolls under
 * others cuts them to what shows: ui_app_clip_targets), and is told when one
 * of them is tapped (activate). The app turns finger down/up into taps, so
 * screens never track presses themselves; drags and keys reach the screen's
 * event function.
 *
 * The program hands the app its two screens the app makes itself (ui_app_screens):
 * home, the bottom of the stack, and the "还在吗?" countdown pushed when a
 * session goes idle (session.h).
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
#include "plat_display.h"
#include "plat_input.h"
#include "ui/core/draw.h"
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
    /* The session ends for inactivity (session.h): called on every screen of
     * the stack before it is destroyed; keep_draft says whether to save the
     * person's draft (ui.keep_draft_on_timeout) or discard it. When the person
     * is done (ui_app_session_done) it is called on home, the screen left.
     * NULL = nothing to do (screens are calloc'd, so it is NULL unless a
     * screen sets it). */
    void (*on_timeout)(ui_screen *s, ui_app *a, int keep_draft);
    /* What on_timeout will do with what the person entered here, for the
     * 还在吗？ prompt to say: a key of assets/text (a form: kept, and how it
     * comes back; or not kept). NULL = nothing to say (NULL unless set). */
    const char *(*timeout_says)(ui_screen *s, ui_app *a, int keep_draft);
    /* 1 while work the screen handed to a thread of its own (the
     * technician's PIN check and jobs, a county query, a photo being saved)
     * has not landed on it yet: a script's settle waits for it (script.h).
     * NULL = never (as on_timeout, set by the screen that has such work). */
    int (*working)(ui_screen *s);
};

/* A new screen with these ops and a zeroed private state of priv_size bytes
 * (s->priv, allocated with the screen); NULL when out of memory. The screen's
 * destroy op frees what the state owns, then calls ui_screen_free() (or is
 * ui_screen_free itself). */
ui_screen *ui_screen_new(const ui_screen_ops *ops, size_t priv_size);
/* Frees a screen made by ui_screen_new(), its state with it; NULL is fine. */
void ui_screen_free(ui_screen *s);

/* The screens the app makes itself, from the program. Either may be NULL (or
 * return NULL): no home leaves the stack empty, no idle screen means the
 * inactivity timeout never asks. */
typedef struct {
    ui_screen *(*home)(void); /* made once by ui_app_new(): the bottom of the stack */
    ui_screen *(*idle)(void); /* pushed when an open session sees no input for ui.idle_timeout_s */
} ui_app_screens;

/* screens is copied. */
ui_app *ui_app_new(plat_display *d, core_config *cfg, const ui_app_screens *screens, char *err,
                   size_t errlen);
/* For a start-up that failed (boot.h): an app without the home screen (the
 * stack is empty until ui_app_set_root; screens->home is not made) that needs
 * nothing from the assets folder. Text comes from the kiosk's own fonts if
 * they load, else from the system's CJK font if one is installed, else there
 * is none (ui_app_text() returns NULL: only screens that check for it may be
 * shown). The interface words (core_str) are loaded if the file is there.
 * NULL only when out of memory. ui_app_caps() says what it has. */
ui_app *ui_app_new_bare(plat_display *d, core_config *cfg, const ui_app_screens *screens);
enum { UI_APP_HAS_TEXT = 1, UI_APP_HAS_STRINGS = 2 };
/* UI_APP_HAS_* bits: both for ui_app_new(). */
int ui_app_caps(const ui_app *a);
/* Replaces the bottom screen of the stack (home, or the failure page) with s;
 * the screens above stay. */
void ui_app_set_root(ui_app *a, ui_screen *s);
void ui_app_free(ui_app *a);

/* Runs the event loop until quit. Returns 0. */
int ui_app_run(ui_app *a);
/* Feeds one event (the loop and headless scripts both use this). */
void ui_app_handle(ui_app *a, const plat_event *ev);
/* Runs due timers (screen ticks, idle timeout) at the current clock. */
void ui_app_tick(ui_app *a);
/* Draws the current screen if anything changed; force=1 draws all of it
 * from scratch regardless. A whole-screen change (ui_app_invalidate, a
 * screen pushed or popped) draws and shows only the cells of the canvas it
 * changes (tiles.h): the screen's draw is recorded first without pixels. */
void ui_app_render(ui_app *a, int force);
/* The canvas under r (NULL: all of it) was written by something other than
 * ui_app_render (a fill of its own, colour bars, a test's patch): what it
 * holds there is no longer known, so the next whole-screen change draws it
 * again (all of the canvas when r is NULL). */
void ui_app_forget(ui_app *a, const SDL_Rect *r);
/* Renders and writes the canvas to a PNG file. */
int ui_app_screenshot(ui_app *a, const char *path, char *err, size_t errlen);
/* Writes what the panel of a scanout display shows now (plat_scanout.h),
 * drawing nothing first: the frames as they were presented. -1 without one. */
int ui_app_panel_shot(ui_app *a, const char *path, char *err, size_t errlen);

/* For screens. */
SDL_Renderer *ui_app_renderer(ui_app *a);
text_ctx *ui_app_text(ui_app *a);
draw_ctx *ui_app_draw(ui_app *a);
const ui_theme *ui_app_theme(const ui_app *a);
core_config *ui_app_config(ui_app *a);
/* Something on the screen changed: draw it all again at the next frame. */
void ui_app_invalidate(ui_app *a);
/* Only what r covers changed (e.g. the clock's minute): the next frame draws
 * and shows just the marked areas, unless something marks the whole screen.
 * The screen still draws from its own state; the clip keeps the rest. */
void ui_app_invalidate_rect(ui_app *a, const SDL_Rect *r);
/* The target id of the last frame changed its look (a button that lights
 * up): marks it as its press does (its rectangle and the margin of
 * theme.unit, r alone for a flat one); nothing when no target has that id
 * (the screen does not show it). */
void ui_app_invalidate_target(ui_app *a, const char *id);
void ui_app_push(ui_app *a, ui_screen *s);
void ui_app_pop(ui_app *a);
void ui_app_go_home(ui_app *a);
ui_screen *ui_app_top(ui_app *a);
/* Asks for the top screen's tick at monotonic time ms (e.g. an animation that
 * an event just started); the earliest request wins. */
void ui_app_wake_at(ui_app *a, uint64_t ms);
/* When the loop will next wake without input: the top screen's tick or the
 * inactivity countdown, whichever is first; 0 = it waits for input alone. */
uint64_t ui_app_next_wake(const ui_app *a);
/* Called where a layer over the whole screen begins, before the first thing
 * it draws (a dialog, before its shade): what the screen drew so far lies
 * under it. A frame that opens the layer then draws again only what changed
 * under it (the canvas still holds the rest) and the layer over all of it.
 * Drawing between this call and the end of the screen's draw must cover the
 * whole screen and not depend on the clip it finds (it is the layer's).
 * cover (NULL: none) is where the layer will write opaque pixels over all
 * there is (a dialog's card without its rounded corners): the next frames'
 * draws under the same layer leave it undrawn (draw_set_cover), and a frame
 * whose layer no longer covers all of what they left is drawn again. */
void ui_app_layer(ui_app *a, const SDL_Rect *cover);
/* 0 while a partial frame draws a marked area other than its last: each
 * area's pass registers the targets afresh and the last one's stay, so the
 * others' are dropped (ui_app_target ignores them), and a screen may skip
 * what it would draw outside the clip there for its targets alone. */
int ui_app_registers(const ui_app *a);
/* For a screen's draw that has drawn all that shows through the clip of a
 * partial frame of one marked area (inside a band the screen drew first: the
 * clock's minute) and would only lay out the rest again for its targets: 1
 * when it may stop there, and the targets stay those of the last frame (what
 * it registered this pass before must be what it registered first then);
 * 0 in any other frame (whole, recorded, a layer's, several areas), where
 * it draws on. */
int ui_app_keep_targets(ui_app *a);
/* Registers a touch target for this frame (ids up to 63 bytes), cut to the
 * targets' clip while one is set. */
void ui_app_target(ui_app *a, const SDL_Rect *r, const char *id);
/* The same for a target whose pressed and released looks both stay inside r
 * (no shadow, nothing drawn around it: a keyboard's key): its press redraws
 * r alone, without the margin below. */
void ui_app_target_flat(ui_app *a, const SDL_Rect *r, const char *id);
/* 1 if the target with this id is being pressed now (to draw it pressed).
 * A press redraws only the target's rectangle and a margin of theme.unit
 * around it: a pressed look (and the shadow it drops) must stay inside that. */
int ui_app_pressed(const ui_app *a, const char *id);
/* A part of the screen that scrolls under others (a form page between its
 * header and steps and its footer) sets view, what shows of it, while it
 * draws, and NULL after: the targets registered meanwhile are what shows of
 * them in view, and one of which less than half shows by height (and less
 * than half the view's) has none, nor one outside it. So taps, a script's
 * tap on an id (ui_app_find_target) and the audit of targets find only what
 * is seen, and a target's middle is never under what covers the rest of it.
 * Not nested: a second call replaces the first; each frame and each pass of
 * a partial one starts without a clip. */
void ui_app_clip_targets(ui_app *a, const SDL_Rect *view);
/* Centre of a registered target (as cut by a clip); 0 if found. For
 * headless scripts. */
int ui_app_find_target(const ui_app *a, const char *id, int *x, int *y);

/* Hidden entry (technician mode, tech.h): a screen maker the program
 * installs; the two-corner hold (tech_gesture.h) on the home screen pushes
 * the screen it makes. NULL removes it. ud must outlive the app. */
typedef ui_screen *(*ui_hidden_fn)(void *ud, ui_app *a);
void ui_app_set_hidden_entry(ui_app *a, ui_hidden_fn fn, void *ud);

/* ---- Test hooks (no product caller, on purpose) ---- */
/* flow.c, widgets_idle: the form under an overlay; the screen under the idle
 * prompt. Not for screens: a screen draws and decides from its own state and
 * talks to others through the app, never by reaching into the one below. */
ui_screen *ui_app_below(ui_app *a, const ui_screen *s);
/* uitest and the screen tests: every target's size, overlap and place in the
 * last frame (the audit of touch sizes); a screen knows its own targets, and
 * scripts find one by name (ui_app_find_target). */
void ui_app_each_target(const ui_app *a, void (*fn)(void *ud, const char *id, const SDL_Rect *r),
                        void *ud);
/* test_tiles: how many pixels the last frame drew (a whole frame w x h, a
 * partial one the sum of its areas, 0 when a whole-screen change changed
 * nothing; a frame that opened a layer, ui_app_layer: the areas drawn again
 * under it, the layer covering the whole frame besides). */
long ui_app_drawn_px(const ui_app *a);

#endif
