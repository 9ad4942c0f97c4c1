/* fuzz_form_blob.c — restoring a saved draft (read back from the store after a
 * power cut) from arbitrary text, against every shipped form: no crash; a blob
 * that restores saves again and restores to the same blob. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form/form.h"
#include "form/form_inst.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static form_catalog *g_cat;

static form_catalog *catalog(void)
{
    if (!g_cat) {
        g_cat = form_catalog_new();
        const char *assets = getenv("CZ_ASSETS");
        char dir[1024];
        snprintf(dir, sizeof dir, "%s/forms", assets ? assets : "assets");
        if (form_catalog_load_dir(g_cat, dir) <= 0)
            abort(); /* the harness needs the shipped forms */
    }
    return g_cat;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    form_catalog *cat = catalog();
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    valid_date today = {2026, 11, 22};
    char err[512];
    for (size_t i = 0; i < form_catalog_count(cat); i++) {
        const form_def *def = form_catalog_at(cat, i);
        form_inst *in = NULL;
        if (form_inst_restore(def, s, today, &in, err, sizeof err) != 0)
            continue;
        char *b1 = form_inst_save(in), *b2 = NULL;
        form_inst *again = NULL;
        if (!b1 || form_inst_restore(def, b1, today, &again, err, sizeof err) != 0)
            abort();
        b2 = form_inst_save(again);
        if (!b2 || strcmp(b1, b2) != 0)
            abort(); /* save/restore is exact */
        free(b1);
        free(b2);
        form_inst_free(again);
        form_inst_free(in);
    }
    free(s);
    return 0;
}
