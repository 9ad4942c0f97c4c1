/* form_speech.c — what the guided form's 读给我听 buttons read (the page,
 * an open dialog) and when a page reads itself (large text). */
#include <stdio.h>
#include <string.h>

#include "core/strings.h"
#include "ui/core/session.h"
#include "ui/screens/form/form_screen_int.h"
#include "ui/widgets/voicebtn.h"

/* What the page's voice button reads: in a correction the county's whole
 * note first; the refusal on screen, then the page's title and each visible
 * field's question, the words under its box saying letters or handwriting
 * she left wait there (the letters read as the engine reads Latin letters,
 * as pinyin: the syllable she spelled), and its help; at review, its title
 * and hint. */
void fs_page_speech(fscreen *f, char *out, size_t n)
{
    out[0] = '\0';
    char note[700];
    note[0] = '\0';
    if (f->note)
        snprintf(note, sizeof note, core_str("form.county_note"), f->note);
    size_t len = ui_voice_sentence(out, n, 0, note);
    if (form_inst_at_review(f->inst) || !f->body) {
        len = ui_voice_sentence(out, n, len, core_str("form.review_title"));
        ui_voice_sentence(out, n, len, core_str("form.review_hint"));
        return;
    }
    len = ui_voice_sentence(out, n, len, form_body_message(f->body));
    size_t page = form_inst_page(f->inst);
    len = ui_voice_sentence(out, n, len, form_def_page_title(f->def, page));
    for (size_t i = 0; i < form_def_page_field_count(f->def, page); i++) {
        const form_field *fl = form_def_page_field(f->def, page, i);
        if (!form_inst_visible(f->inst, form_field_key(fl)) ||
            form_field_compute(fl) != FORM_COMPUTE_NONE)
            continue;
        len = ui_voice_sentence(out, n, len, form_field_label(fl));
        char held[KB_COMP_BYTES + 128];
        form_body_held_note(f->body, form_field_key(fl), held, sizeof held);
        len = ui_voice_sentence(out, n, len, held);
        memset(held, 0, sizeof held); /* what she spelled of an answer */
        len = ui_voice_sentence(out, n, len, form_field_help(fl));
        char fee[1024]; /* what the household pays, as the page shows it */
        if (form_inst_fee(f->inst, form_field_key(fl), fee, sizeof fee))
            len = ui_voice_sentence(out, n, len, fee);
    }
}

/* The open dialog's question and message, for its voice button. */
void fs_dialog_speech(fscreen *f, char *out, size_t n)
{
    static const char *const keys[][2] = {{NULL, NULL},
                                          {"form.resume_title", "form.resume_body"},
                                          {"form.quit_title", "form.quit_body"},
                                          {"form.submit_title", "form.submit_body"}};
    int k = f->dlg_kind >= DLG_RESUME && f->dlg_kind <= DLG_SUBMIT ? f->dlg_kind : 0;
    out[0] = '\0';
    if (f->dlg_kind == DLG_DUP) { /* the filing of hers in hand already */
        size_t len = ui_voice_sentence(
            out, n, 0, core_str(f->dup_agent ? "form.dup_title_agent" : "form.dup_title"));
        ui_voice_sentence(out, n, len, f->dup_body);
        return;
    }
    if (f->dlg_kind == DLG_NOTE && f->note) { /* the county's whole note */
        size_t len = ui_voice_sentence(out, n, 0, core_str("form.note_title"));
        ui_voice_sentence(out, n, len, f->note);
        return;
    }
    if (!k)
        return;
    const char *body = k == DLG_QUIT && f->quit_key                ? f->quit_key
                       : k == DLG_RESUME && f->owner_digits[0] ? "form.resume_body_digits"
                                                               : keys[k][1];
    size_t len = ui_voice_sentence(out, n, 0, core_str(keys[k][0]));
    ui_voice_sentence(out, n, len, core_str(body));
}

/* Where the footer's 读给我听 is (the left end of the footer). */
SDL_Rect fs_voice_rect(ui_app *a)
{
    const ui_theme *t = ui_app_theme(a);
    int vb = fs_voice_size(a), fh = fs_foot_h(a);
    SDL_Rect r = {t->unit * 2, t->h - fh + (fh - vb) / 2, ui_voicebtn_size(a), vb};
    return r;
}

/* A 读给我听 for an open dialog, over its scrim where the page's button is. */
void fs_dialog_voicebtn(fscreen *f, ui_app *a)
{
    if (!ui_dialog_is_open(f->dlg))
        return;
    SDL_Rect vr = fs_voice_rect(a);
    ui_voicebtn(a, &vr, "form.voice.dlg");
}

/* Speaks the page; a failure stays silent for the villager (logged once by voicebtn). */
void fs_speak_page(fscreen *f, ui_app *a)
{
    char say[2048];
    fs_page_speech(f, say, sizeof say);
    (void)ui_voice_speak(a, say);
    memset(say, 0, sizeof say);
}

/* Large text: each page's question is spoken when the page opens. */
void fs_auto_speak(fscreen *f, ui_app *a)
{
    if (!ui_app_elderly(a) || f->card || ui_dialog_is_open(f->dlg))
        return;
    int at = form_inst_at_review(f->inst) ? -1 : (int)form_inst_page(f->inst);
    if (f->spoken_page == at + 2)
        return;
    f->spoken_page = at + 2;
    fs_speak_page(f, a);
}
