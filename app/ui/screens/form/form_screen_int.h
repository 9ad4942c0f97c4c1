/* form_screen_int.h — inside the guided form screen: its state, shared by
 * form_screen.c (pages, review, confirm, drafts) and form_speech.c (what its
 * 读给我听 buttons read). Not for other screens: they use form_screen.h.
 */
#ifndef CZ_UI_FORM_SCREEN_INT_H
#define CZ_UI_FORM_SCREEN_INT_H

#include <stddef.h>

#include "core/uuid.h"
#include "form/form.h"
#include "ui/core/app.h"
#include "ui/screens/form/form_body.h"
#include "ui/screens/form/form_card.h"
#include "ui/widgets/widget.h"
#include "ui/widgets/widget_list.h"

enum { DLG_NONE, DLG_RESUME, DLG_QUIT, DLG_SUBMIT, DLG_NOTE, DLG_DUP };

typedef struct {
    const form_def *def;
    form_inst *inst;
    char uuid[CORE_UUID_LEN + 1];
    char resume_uuid[CORE_UUID_LEN + 1];
    char asked_idno[24]; /* the ID number a kept draft was last looked for (wiped with the screen) */
    char owner_digits[8]; /* DLG_RESUME of a typed draft: the last four of its phone number, else "" */
    int owner_wrong;      /* and the wrong answers it has had */
    int owner_restart;    /* the digits asked are for 重新开始 (they let the draft go) */
    int resume_after_dup; /* DLG_DUP: 还要再办一次 then offers the kept draft resume_uuid */
    char card_idno[24];   /* the ID number her card filled on this screen ("" if none) */
    char dup_body[512];  /* DLG_DUP: which filing of hers is in hand already, and when */
    int dup_agent;       /* DLG_DUP: told to an agent (of the villager, not of herself) */
    int query;       /* the progress-query item: no draft, ends in a lookup */
    int touched;     /* something was answered (a draft is worth saving) */
    char member_added[64]; /* the group a member page was opened to add to ("": none) */
    int save_rc;     /* last autosave result */
    char said[256];  /* while the last autosave failed: its message (form.save_failed), else "" */
    uint64_t save_due; /* a keystroke's change waits to be saved until then (0: none) */
    ui_app *app;       /* the app of the last change, for a waiting save at the screen's end */
    form_body *body; /* the current page, NULL at review */
    size_t body_page;
    ui_list *review;
    int from_review; /* editing a page from review: 下一步 goes back there */
    ui_dialog *dlg;
    int dlg_kind;
    const char *quit_key; /* DLG_QUIT: its message's key (what keeps the answers, if anything) */
    char sig_dir[1024];
    form_card_page *card; /* the ID-card start page while it shows, else NULL */
    int spoken_page;      /* large text: the page whose question was last spoken (+2; 0 none) */
    int *alive;           /* during an activation: cleared if the screen is destroyed */
    /* a correction (补正) of a returned filing: its uuid, the county's note
     * (shown over every page) and its answers (review marks what changed) */
    char supersedes[CORE_UUID_LEN + 1];
    char *note;
    form_inst *orig;
} fscreen;

/* ---- voice guidance (form_speech.c) ---- */

/* What the page's voice button reads: the refusal on screen first, then the
 * page's title and each visible field's question and help; at review, its
 * title and hint. */
void fs_page_speech(fscreen *f, char *out, size_t n);
/* The open dialog's question and message, for its voice button. */
void fs_dialog_speech(fscreen *f, char *out, size_t n);
/* The page's frame (form_screen.c). On a screen wider than tall the height
 * goes to the page: the header band keeps half a unit above and under its
 * button (a unit in portrait), the footer a unit (two), and the footer's
 * 读给我听 is as high as the buttons beside it (a unit higher in portrait). */
int fs_band_edge(ui_app *a);
int fs_voice_size(ui_app *a);
int fs_foot_h(ui_app *a);
/* Where the footer's 读给我听 is (the left end of the footer). */
SDL_Rect fs_voice_rect(ui_app *a);
/* A 读给我听 for an open dialog, over its scrim where the page's button is. */
void fs_dialog_voicebtn(fscreen *f, ui_app *a);
/* Speaks the page; a failure stays silent for the villager (logged once). */
void fs_speak_page(fscreen *f, ui_app *a);
/* Large text: each page's question is spoken when the page opens. */
void fs_auto_speak(fscreen *f, ui_app *a);

/* ---- the ID card (form_screen.c, form_member.c) ---- */

/* A read card's fields as the form takes them (form_card); borrows c's. */
void fs_card_values(const plat_idcard_info *c, form_card *out);
/* A card past its validity (有效期限 before today; 长期 never is): the words
 * the page shows in out (form.card_expired, the day it ended), 1; else 0.
 * The card is read all the same: the county decides what it takes. */
int fs_card_expired(const plat_idcard_info *c, char *out, size_t n);
/* The member editor's card page (form_member.c): the emulator lays sample
 * card n on its reader, as ui_form_card_swipe does on a form's. -1 if s is
 * no member editor showing its card page. */
int fs_member_card_swipe(ui_screen *s, ui_app *a, int n);

#endif
