/* session.c — the person's session on the app (session.h): elderly mode, the
 * proxy agent signed in, the inactivity countdown and the end of the session,
 * and the pending badge read from the store or the upload engine. */
#include "ui/core/app_int.h"

#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "plat_clock.h"
#include "plat_net.h"

int ui_app_elderly(const ui_app *a) { return a->elderly; }

void ui_app_set_elderly(ui_app *a, int on)
{
    if (a->elderly != (on ? 1 : 0))
        ui_app_forget(a, NULL); /* every size changes: no cell would stay (tiles.h) */
    a->elderly = on ? 1 : 0;
    ui_theme_compute(&a->theme, a->theme.w, a->theme.h, a->elderly);
    a->dirty = 1;
}

uint64_t ui_app_last_input(const ui_app *a) { return a->last_input; }

int ui_app_pending(const ui_app *a)
{
    if (a->pending >= 0)
        return a->pending;
    /* The store is the truth (a count on the shared handle is cheap); the
     * engine's figure lags until its next pass. */
    int n = 0, held = 0;
    if (a->svc.store && store_outbox_counts(a->svc.store, &n, &held) == STORE_OK)
        return n - held;
    if (a->svc.sync) {
        sync_status st;
        sync_status_get(a->svc.sync, &st);
        if (st.pending >= 0)
            return st.pending;
    }
    return 0;
}

int ui_app_held(const ui_app *a)
{
    int n = 0, held = 0;
    if (a->pending < 0 && a->svc.store && store_outbox_counts(a->svc.store, &n, &held) == STORE_OK)
        return held;
    return 0;
}

void ui_app_set_pending(ui_app *a, int n)
{
    if (a->pending != n) {
        a->pending = n < 0 ? -1 : n;
        a->dirty = 1;
    }
}

void ui_app_filing_confirmed(ui_app *a)
{
    if (a->svc.sync)
        sync_kick(a->svc.sync);
    a->dirty = 1;
}

enum { NET_LOOK_MS = 5000 }; /* between looks where changes are not watched */

void ui_session_net_look(ui_app *a, uint64_t now)
{
    if (!plat_net_watched() && a->net_looked && now < a->net_looked + NET_LOOK_MS)
        return;
    a->net_looked = now;
    int ns = (int)plat_net_state_get();
    /* back after none: what waits for its next try (up to minutes after a
     * string of failures, the delay doubling) is due now, as 联网后自动上传
     * promises; a route that never went away changes nothing */
    if (ns == PLAT_NET_UP && a->net_seen == PLAT_NET_DOWN && a->svc.sync) {
        int n = 0;
        if (a->svc.store && store_outbox_due_now(a->svc.store, &n) != STORE_OK)
            core_log(CORE_LOG_WARN, "ui", "network back: waiting filings not made due");
        else if (n > 0)
            core_log(CORE_LOG_INFO, "ui", "network back: %d waiting filing(s) go now", n);
        sync_kick(a->svc.sync);
    }
    if (ns != PLAT_NET_UNKNOWN) /* a look that could not tell keeps the last answer */
        a->net_seen = ns;
}

uint64_t ui_session_net_due(const ui_app *a)
{
    /* unwatched, the loop wakes for the next look (a change is not told) */
    return plat_net_watched() || !a->svc.sync ? 0 : a->net_looked + NET_LOOK_MS;
}

void ui_app_end_session(ui_app *a)
{
    int keep = (int)core_config_get_int(a->cfg, "ui.keep_draft_on_timeout", 1);
    for (int i = a->depth - 1; i >= 0; i--)
        if (a->stack[i]->on_timeout)
            a->stack[i]->on_timeout(a->stack[i], a, keep);
    ui_app_go_home(a);
    ui_app_agent_sign_out(a, "timeout");
    ui_app_set_elderly(a, (int)core_config_get_int(a->cfg, "ui.elderly_default", 0));
    a->last_input = plat_clock_mono_ms();
    core_log(CORE_LOG_INFO, "ui", "session ended after inactivity (draft %s)",
             keep ? "kept" : "discarded");
}

static void person_done(ui_app *a)
{
    ui_app_go_home(a);
    if (a->depth && a->stack[0]->on_timeout) /* home: back to its first page of tiles */
        a->stack[0]->on_timeout(a->stack[0], a, 1);
    ui_app_set_elderly(a, (int)core_config_get_int(a->cfg, "ui.elderly_default", 0));
}

void ui_app_session_done(ui_app *a)
{
    person_done(a);
    ui_app_agent_sign_out(a, "done");
}

void ui_app_session_next(ui_app *a)
{
    person_done(a);
    if (a->agent_id[0])
        core_log(CORE_LOG_INFO, "ui", "agent %s goes on with the next villager", a->agent_id);
}

/* Only while someone's session is open (a screen above home, elderly mode
 * switched on, or an agent signed in), not while the idle screen asks, and
 * never without an idle screen to ask. */
uint64_t ui_session_idle_due(const ui_app *a)
{
    const ui_screen *s = a->depth ? a->stack[a->depth - 1] : NULL;
    int dflt = (int)core_config_get_int(a->cfg, "ui.elderly_default", 0);
    if (!a->screens.idle || !s || s->ops == a->idle_ops ||
        (a->depth <= 1 && a->elderly == dflt && !a->agent_id[0]))
        return 0;
    return a->last_input + (uint64_t)core_config_get_int(a->cfg, "ui.idle_timeout_s", 90) * 1000;
}

void ui_app_agent_sign_in(ui_app *a, const char *id, const char *name)
{
    if (!id || !id[0])
        return;
    if (a->agent_id[0] && strcmp(a->agent_id, id) != 0)
        ui_app_agent_sign_out(a, "switch");
    snprintf(a->agent_id, sizeof a->agent_id, "%s", id);
    snprintf(a->agent_name, sizeof a->agent_name, "%s", name ? name : "");
    if (a->svc.store)
        store_audit_add(a->svc.store, STORE_ACTOR_AGENT, a->agent_id, "agent.signin", NULL, NULL);
    core_log(CORE_LOG_INFO, "ui", "agent %s signed in", a->agent_id);
    a->dirty = 1;
}

void ui_app_agent_sign_out(ui_app *a, const char *reason)
{
    if (!a->agent_id[0])
        return;
    char detail[48];
    snprintf(detail, sizeof detail, "reason=%s", reason ? reason : "agent");
    if (a->svc.store)
        store_audit_add(a->svc.store, STORE_ACTOR_AGENT, a->agent_id, "agent.signout", NULL,
                        detail);
    core_log(CORE_LOG_INFO, "ui", "agent %s signed out (%s)", a->agent_id, detail);
    memset(a->agent_id, 0, sizeof a->agent_id);
    memset(a->agent_name, 0, sizeof a->agent_name);
    a->dirty = 1;
}

const char *ui_app_agent_id(const ui_app *a) { return a->agent_id[0] ? a->agent_id : NULL; }
const char *ui_app_agent_name(const ui_app *a) { return a->agent_id[0] ? a->agent_name : NULL; }

void ui_app_set_resume(ui_app *a, ui_resume_fn fn, void *ud)
{
    a->resume = fn;
    a->resume_ud = ud;
}

ui_resume_fn ui_app_resume(const ui_app *a, void **ud)
{
    if (ud)
        *ud = a->resume_ud;
    return a->resume;
}
