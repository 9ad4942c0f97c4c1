/* kb_ime.h — connects the on-screen keyboards (kb.h) to the input-method
 * engines of app/ime: pinyin (libgooglepinyin, the rare-character table and
 * the names lexicon for name fields),
 * the GB 2312 levels that rank the candidates, and, when built, handwriting
 * (Zinnia).
 *
 * This file is kept out of cz_ui (which does not depend on cz_ime): a program
 * or test that has both compiles kb_ime.c and links cz_ime.
 *
 * The pinyin engine opens at install; the handwriting model (large) opens the
 * first time someone writes on the pad, and a missing model then shows as no
 * candidates rather than failing the install.
 *
 * Ownership: kb_ime_install() opens the engines and keeps them until
 * kb_ime_uninstall(), which also removes them from the keyboards.
 */
#ifndef CZ_UI_KB_IME_H
#define CZ_UI_KB_IME_H

#include <stddef.h>

/* assets_dir holds ime/rare-pinyin.txt, ime/name-words.txt and
 * ime/gb2312.txt (may be NULL: no rare characters, no names lexicon,
 * candidates in the engine's order).
 * 0, or -1 with err saying which engine failed and why. */
int kb_ime_install(const char *assets_dir, char *err, size_t errlen);
void kb_ime_uninstall(void);

#endif
