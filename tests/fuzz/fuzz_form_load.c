/* fuzz_form_load.c — the form-definition loader on arbitrary JSON: no crash;
 * a definition it accepts can be filled (a new instance), saved and restored. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "form/form.h"
#include "form/form_inst.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    form_catalog *cat = form_catalog_new();
    char err[512];
    if (cat && form_catalog_load_string(cat, s, "fuzz.json", err, sizeof err) == 0) {
        const form_def *def = form_catalog_at(cat, 0);
        valid_date today = {2026, 11, 22};
        form_inst *in = form_inst_new(def, today);
        if (!in)
            abort();
        char *blob = form_inst_save(in);
        form_inst *back = NULL;
        if (!blob || form_inst_restore(def, blob, today, &back, err, sizeof err) != 0)
            abort(); /* what the engine saves it must restore */
        form_inst_free(back);
        free(blob);
        form_inst_free(in);
        /* county settings against the loaded form */
        form_catalog_settings_string(cat, s, "fuzz-settings.json", err, sizeof err);
    }
    form_catalog_free(cat);
    free(s);
    return 0;
}
