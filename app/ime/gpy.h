/* gpy.h — (private to app/ime) the part of libgooglepinyin's API we use.
 *
 * The library's own header (pinyinime.h) is C++ only (it wraps the functions
 * in a namespace), but the functions are declared extern "C", so the shared
 * library exports them with C linkage. These are the same prototypes in C:
 * bool is _Bool, char16 is uint16_t, and the one C++ reference parameter
 * (im_get_spl_start_pos's `const uint16 *&`) is passed as a pointer to the
 * pointer, which is how the C++ ABI passes references.
 */
#ifndef CZ_IME_GPY_H
#define CZ_IME_GPY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

bool im_open_decoder(const char *fn_sys_dict, const char *fn_usr_dict);
void im_close_decoder(void);
void im_reset_search(void);
size_t im_search(const char *sps_buf, size_t sps_len);
const char *im_get_sps_str(size_t *decoded_len);
uint16_t *im_get_candidate(size_t cand_id, uint16_t *cand_str, size_t max_len);
size_t im_get_spl_start_pos(const uint16_t **spl_start);

#endif
