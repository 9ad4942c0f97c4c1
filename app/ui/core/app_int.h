/* app_int.h — inside the app: the state the screen stack (app.c), the session
 * (session.c) and the services (services.c) share. Not for screens or widgets:
 * they go through app.h, session.h and services.h.
 */
#ifndef CZ_UI_APP_INT_H
#define CZ_UI_APP_INT_H

#include <stdint.h>

#include "ui/core/app.h"
#include "ui/core/dirty.h"
#include "ui/core/services.h"
#include "ui/core/session.h"
#include "ui/core/tiles.h"
#include "ui/screens/tech/tech_gesture.h"

#define UI_APP_MAX_SCREENS 16
#define UI_APP_MAX_TARGETS 256

typedef struct {
    SDL_Rect r;
    char id[64];
    int flat; /* its looks stay inside r (ui_app_target_flat) */
} app_target;

struct ui_app {
    /* the screen stack and its events (app.c) */
    plat_display *disp;
    SDL_Renderer *ren;
    core_config *cfg;
    text_ctx *text;
    int words_held; /* this app holds the process's word list (words_kiosk_load) */
    draw_ctx *draw;
    ui_theme theme;
    ui_app_screens screens;
    const ui_screen_ops *idle_ops; /* the idle screen's, once one was made */
    int caps;                      /* UI_APP_HAS_* */
    ui_screen *stack[UI_APP_MAX_SCREENS];
    int depth;
    app_target targets[UI_APP_MAX_TARGETS];
    int ntargets;
    int passes_left; /* passes of a partial frame still to come (ui_app_registers) */
    int keep_ok;       /* a frame of one marked area is drawing (ui_app_keep_targets) */
    int kept_targets;  /* ntargets when its passes began: the last frame's targets */
    int recording;   /* a whole-screen frame recorded without pixels (tiles.h) */
    int layer_pass;  /* a pass of a frame that opens a layer: LAYER_UNDER, LAYER_OVER or 0 */
    int layer_seen;  /* ui_app_layer was called in this pass */
    /* The screen under a layer may leave undrawn what the layer's opaque
     * part covers (draw_set_cover): the cover the last frame's layer
     * declared, for the same screen; a frame drawn under it whose layer
     * does not cover it again is drawn again without (app.c, covering). */
    SDL_Rect cover;        /* what the last frame's layer covers (w 0: none) */
    unsigned cover_gen;    /* stack_gen then */
    SDL_Rect frame_cover;  /* what this frame's first layer declares */
    int frame_layered;     /* this frame opened a layer */
    int covering;          /* this frame's screen draws under cover */
    int cover_bad;         /* and a pass's layer did not cover it */
    SDL_Rect target_clip; /* targets are cut to it while clipping (ui_app_clip_targets) */
    int clipping;
    tiles_grid *tiles;    /* what each cell of the canvas holds, hashed (NULL until the first frame) */
    int tiles_blank; /* every cell unknown: a recorded frame would draw them all */
    unsigned stack_gen; /* counts the screens come on top (pushed, popped, a root set alone) */
    unsigned drawn_gen; /* stack_gen as the last frame found it (another screen: drawn whole) */
    long drawn_px;   /* pixels the last frame drew (ui_app_drawn_px) */
    char pressed[64];
    int down_x, down_y, down;
    int dirty, quit; /* dirty: redraw the whole screen */
    dirty_set area;  /* else redraw only these (a press, the clock) */
    uint64_t next_tick;
    tech_gesture gesture; /* hidden technician entry */
    ui_hidden_fn hidden;
    void *hidden_ud;
    /* the session (session.c) */
    int elderly;
    int pending;         /* pinned badge count, -1 = ask the store / engine */
    uint64_t last_input; /* monotonic ms of the last finger or key input */
    char agent_id[UI_AGENT_ID_MAX + 1]; /* "" = no agent signed in */
    char agent_name[UI_AGENT_NAME_MAX + 1];
    ui_resume_fn resume;
    void *resume_ud;
    int net_seen;        /* the network's state at the last look (plat_net_state) */
    uint64_t net_looked; /* monotonic ms of that look */
    /* the services (services.c) */
    ui_services svc;
};

/* When the inactivity countdown is due (monotonic ms; 0 = not armed): only
 * while a session is open (session.c). */
uint64_t ui_session_idle_due(const ui_app *a);
/* Looks at the network (at every turn of the loop while the kernel's changes
 * are watched, else every few seconds): when it came back, a route again
 * after none, the filings waiting out a failed try's delay go at once
 * (session.c). */
void ui_session_net_look(ui_app *a, uint64_t now);
/* When the next look is due where the kernel's changes are not watched
 * (monotonic ms); 0: nothing to wake for (watched, or no upload engine). */
uint64_t ui_session_net_due(const ui_app *a);

#endif
