/* config.h — kiosk configuration: embedded defaults, overridden by a file.
 *
 * File format (UTF-8, one setting a line):
 *     # comment
 *     station.name = 青山村便民服务站
 *     ui.idle_timeout_s = 90
 * Keys are fixed (see config.c's table); an unknown key, a bad value or a
 * malformed line is an error naming the file, the line and what is wrong,
 * and the configuration is left as it was before the load (all or nothing).
 *
 * Ownership: core_config_new() returns an object the caller frees with
 * core_config_free(). Strings returned by getters belong to the config and
 * stay valid until that key is set again or the config is freed.
 */
#ifndef CZ_CORE_CONFIG_H
#define CZ_CORE_CONFIG_H

#include <stddef.h>

typedef struct core_config core_config;

/* A config holding the embedded defaults. NULL only if out of memory. */
core_config *core_config_new(void);
void core_config_free(core_config *cfg);

/* Parse text (name is used in messages). 0 on success; -1 with err filled. */
int core_config_load_string(core_config *cfg, const char *text, const char *name, char *err,
                            size_t errlen);
/* Read and parse a file. A missing file is an error too (callers decide
 * whether that matters). */
int core_config_load_file(core_config *cfg, const char *path, char *err, size_t errlen);

/* The largest file core_config_load_file reads (a larger one fails). */
#define CORE_CONFIG_MAX_BYTES (1u << 20)

/* Where the last load into cfg failed, for words other than the English of
 * err (the technician's USB setup): the kind, the line (counted from 1; 0
 * when the file itself failed: unreadable, too big, a NUL byte) and the key
 * that line names ("" when the line is not "key = value"). Reset by each
 * load; CORE_CONFIG_FAULT_NONE after a load that succeeded. */
typedef enum {
    CORE_CONFIG_FAULT_NONE = 0,
    CORE_CONFIG_FAULT_FILE,    /* the file could not be read whole */
    CORE_CONFIG_FAULT_SYNTAX,  /* a line that is not "key = value" */
    CORE_CONFIG_FAULT_UNKNOWN, /* a key this program does not have */
    CORE_CONFIG_FAULT_VALUE    /* a value the key does not take */
} core_config_fault_kind;
typedef struct {
    core_config_fault_kind kind;
    int line;
    char key[64];
} core_config_fault;
/* NULL if cfg is NULL. */
const core_config_fault *core_config_last_fault(const core_config *cfg);

/* As core_config_load_string and core_config_load_file, except that a line
 * naming a key this program does not have (a newer firmware's setting, left
 * behind by a rollback) is left out instead of failing the load: *unknown
 * (may be NULL) gets how many such lines there were, *first (may be NULL)
 * the first one (CORE_CONFIG_FAULT_UNKNOWN, its line and key; kind NONE if
 * none). A syntax error or a bad value of a known key still fails. */
int core_config_load_string_skip_unknown(core_config *cfg, const char *text, const char *name,
                                         int *unknown, core_config_fault *first, char *err,
                                         size_t errlen);
int core_config_load_file_skip_unknown(core_config *cfg, const char *path, int *unknown,
                                       core_config_fault *first, char *err, size_t errlen);

/* Set one key from its text form, validated like a file line. */
int core_config_set(core_config *cfg, const char *key, const char *value, char *err,
                    size_t errlen);
/* Value of a key as text; NULL for an unknown key. */
const char *core_config_get(const core_config *cfg, const char *key);
/* What a key takes, from the table its values are checked against (one
 * source for the check and for the words telling a person beforehand):
 * its kind; for a number its least and greatest value; for text its
 * greatest length in bytes (max) and the least its own check asks (min, 0
 * when none: station.area_code's digits). */
typedef enum {
    CORE_CONFIG_TEXT,
    CORE_CONFIG_NUMBER, /* a whole number */
    CORE_CONFIG_FLAG,   /* 0/1, true/false */
    CORE_CONFIG_SCREEN  /* WxH */
} core_config_kind;
typedef struct {
    core_config_kind kind;
    long min, max;
} core_config_range;
/* 0 with *r filled (r may be NULL), or -1 for a key this program does not have. */
int core_config_range_of(const char *key, core_config_range *r);

/* Value of an integer or boolean key (booleans are 0/1); `fallback` for an unknown key. */
long core_config_get_int(const core_config *cfg, const char *key, long fallback);

#endif
