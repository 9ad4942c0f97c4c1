/* engines.h — installs the engines the UI can use when the program has them:
 * pinyin and handwriting for the on-screen keyboards (kb_ime.h) and Mandarin
 * speech for the voice button (voicebtn.h). Kept out of cz_ui so the UI
 * builds and tests without the engines; programs link cz_engines.
 *
 * To keep start-up memory small, the handwriting model and the speech engine
 * start on first use; only pinyin opens here.
 *
 * A missing engine is not fatal: the keyboards then say the input method is
 * not ready, and the voice button stays silent; warn says which.
 */
#ifndef CZ_UI_ENGINES_H
#define CZ_UI_ENGINES_H

#include <stddef.h>

typedef struct core_config core_config;

/* assets_dir: the kiosk assets (ime/rare-pinyin.txt, ime/name-words.txt);
 * cfg: the configuration (voice.cache_kb bounds the speech clips kept;
 * NULL: the defaults). Returns
 * how many of the two parts (input methods, speech) started; warn lists the
 * ones that did not. */
int ui_engines_install(const char *assets_dir, const core_config *cfg, char *warn, size_t warnlen);
void ui_engines_uninstall(void);

#endif
