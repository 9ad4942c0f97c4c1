/* form.h — service-item form definitions (data, not code) and the catalogue
 * that loads them.
 *
 * Each service item is one JSON file in assets/forms/ (format: SCHEMA.md
 * there). form_catalog_load_dir() loads every *.json file of a folder; a
 * malformed definition is rejected with a message naming the file, the field
 * and what is wrong, and the other definitions still load. A county settings
 * file (JSON, SCHEMA.md) then overrides the forms' county parameters
 * (contribution tiers, age thresholds ...).
 *
 * The UI draws a form only through these accessors and form_inst.h; it never
 * reads the JSON itself. The labels of computed choices (sex, disability
 * category and grade) are texts of assets/text (form_text.h), copied when a
 * definition loads: load the strings (core_strings_load()) first.
 *
 * Ownership: form_catalog_new() returns a catalogue freed with
 * form_catalog_free(). Definitions, fields and every string returned here
 * belong to the catalogue and stay valid until it is freed (settings change
 * parameter values, never pointers). Definitions are read-only after loading;
 * several form instances may share one.
 */
#ifndef CZ_FORM_H
#define CZ_FORM_H

#include <stddef.h>

typedef struct form_catalog form_catalog;
typedef struct form_def form_def;
typedef struct form_field form_field;
typedef struct form_tile form_tile;

typedef enum {
    FORM_T_TEXT,      /* free text (one line, or several with "multiline") */
    FORM_T_NAME,      /* Chinese personal name */
    FORM_T_IDNO,      /* 公民身份号码 */
    FORM_T_MOBILE,    /* mobile number */
    FORM_T_DATE,      /* YYYY-MM-DD */
    FORM_T_CHOICE,    /* one option */
    FORM_T_MULTI,     /* several options; the answer is values joined by ',' */
    FORM_T_INTEGER,   /* whole number */
    FORM_T_MONEY,     /* amount; the answer is yuan text "12.50", the value fen */
    FORM_T_CARD,      /* bank card or social-security card number */
    FORM_T_ADDRESS,   /* postal address */
    FORM_T_PLEDGE,    /* agreement text; the answer is "yes" or "no" */
    FORM_T_SIGNATURE, /* reference to a captured signature image (file name or hash) */
    FORM_T_GROUP,     /* repeatable group of sub-fields (household members ...) */
    FORM_T_PHOTO,     /* photos of documents from the camera: file names joined by ',' */
    FORM_T_COUNT
} form_type;

/* What a computed field derives from its source field. */
typedef enum {
    FORM_COMPUTE_NONE,
    FORM_COMPUTE_BIRTH,    /* idno -> date */
    FORM_COMPUTE_AGE,      /* idno -> integer, age at the instance's "today" */
    FORM_COMPUTE_SEX,      /* idno -> choice "1" 男 / "2" 女 */
    FORM_COMPUTE_CATEGORY, /* disability certificate -> choice "1".."7" */
    FORM_COMPUTE_GRADE,    /* disability certificate -> choice "1".."4" */
    FORM_COMPUTE_AGENT,    /* no source: the proxy agent signed in -> text, her number
                            * (form_inst_set_agent); empty without one */
} form_compute;

/* Which on-screen keyboard suits a field. */
typedef enum {
    FORM_KB_NONE,    /* no typing: choices, pledge, signature, group, computed */
    FORM_KB_HANZI,   /* Chinese input (pinyin / handwriting) */
    FORM_KB_DIGITS,  /* 0-9 */
    FORM_KB_IDNO,    /* 0-9 and X */
    FORM_KB_DECIMAL, /* 0-9 and . */
    FORM_KB_ALNUM,   /* 0-9 and A-Z */
    FORM_KB_DATE,    /* a date picker */
} form_keyboard;

/* Limits of a field, with county parameters already applied. */
typedef struct {
    int min_len, max_len;        /* characters (text, name, address); 0 = no limit */
    int has_min, has_max;        /* whether min / max apply */
    long long min, max;          /* integer value, money in fen, or number of choices (multi) */
    /* Date bounds as written: "YYYY-MM-DD", "today", "today+N" / "today-N" (days),
     * or NULL; form_inst_date_range() resolves them against the instance's day. */
    const char *date_min, *date_max;
} form_limits;

/* ---- catalogue ---- */

form_catalog *form_catalog_new(void);
void form_catalog_free(form_catalog *cat);

/* Loads every "*.json" file of dir (not sub-folders, not hidden files), in
 * name order, as definitions, then the home screen's tiles from
 * FORM_HOME_FILE of the same folder (see "the home screen" below). Returns
 * how many definitions loaded, or -1 if the folder cannot be read. Each
 * rejected file adds a problem (form_catalog_problem()). */
int form_catalog_load_dir(form_catalog *cat, const char *dir);
/* Loads one definition from a file or a string (name is used in messages).
 * 0, or -1 with err "<name>: field 'key': what is wrong" (also recorded as a
 * problem). A second definition with an id already loaded is refused. */
int form_catalog_load_file(form_catalog *cat, const char *path, char *err, size_t errlen);
int form_catalog_load_string(form_catalog *cat, const char *json, const char *name, char *err,
                             size_t errlen);
/* Messages of the definitions rejected so far. */
size_t form_catalog_problem_count(const form_catalog *cat);
const char *form_catalog_problem(const form_catalog *cat, size_t i);

size_t form_catalog_count(const form_catalog *cat);
const form_def *form_catalog_at(const form_catalog *cat, size_t i);
const form_def *form_catalog_find(const form_catalog *cat, const char *id);

/* Loads a catalogue folder the way the kiosk does: every definition, then
 * the county settings (the folder's settings/county.json when strict and it
 * has one, else the file settings when not NULL or ""). strict: a rejected
 * file, refused settings or no definition at all fail (a downloaded
 * catalogue: whole or not at all); else what loads is used (the built-in
 * one; err then tells refused settings). *loaded (if not NULL) gets how many
 * definitions loaded. NULL with err when it fails. */
form_catalog *form_catalog_open(const char *dir, const char *settings, int strict, int *loaded,
                                char *err, size_t errlen);

/* ---- levels of the definition language (SCHEMA.md, "Levels") ----
 * Each step of the language that an older loader would refuse is a level:
 * 1 is the language before "other_than", "includes" and "self_is"; 2 has
 * them; 3 has the condition "same_as" too; 4 a count's "where" (the members
 * counted: 计划生育's two girls); 5 an integer's min/max "this_year" (危房改造's
 * year built); 6 the computed "agent" (the number of the agent signed in:
 * 资格认证's 上门认证 is attested by her, not typed); 7 a field's "household_fee" (医保's
 * 全家要交多少钱, counted from the answers). FORM_LEVEL is the level this
 * loader reads. A county marks each catalogue it publishes with the level
 * it needs and serves a kiosk the newest one it can read (PROTOCOL.md,
 * "Catalogue updates"). */
#define FORM_LEVEL 7
/* The level a definition needs: that of the newest attribute or condition
 * it uses. */
int form_def_level(const form_def *def);
/* The level a catalogue needs: its definitions' highest (1 when it has none). */
int form_catalog_level(const form_catalog *cat);

/* County settings: {"county": "...", "forms": {"<form id>": {"<param>": value}}}.
 * All or nothing: any unknown form or parameter, or a value of the wrong type
 * or out of the parameter's range, is an error naming the file, form and
 * parameter, and no value changes. Settings for a form not loaded are an
 * error too (a typo must not silently keep a default). */
int form_catalog_load_settings(form_catalog *cat, const char *path, char *err, size_t errlen);
int form_catalog_settings_string(form_catalog *cat, const char *json, const char *name, char *err,
                                 size_t errlen);
/* The "county" name of the last settings loaded ("" if none). */
const char *form_catalog_county(const form_catalog *cat);

/* ---- the home screen: tiles and their items (SCHEMA.md) ----
 * FORM_HOME_FILE declares the tiles in order: id, label, subtitle, one glyph,
 * a colour (a theme colour name or #RRGGBB) and the items a tap opens (one
 * item opens its form; several, a menu). It is all or nothing: a missing
 * or malformed file, a duplicate tile, a bad colour, an item that is not
 * loaded, or a loaded item on no tile leaves no tiles and an error naming
 * the file, the tile and what is wrong; the program shows it on the failure
 * page at start. */
#define FORM_HOME_FILE "catalogue.json"
/* "" when the tiles loaded; else what is wrong ("catalogue.json: tile 'x': ..."). */
const char *form_catalog_home_error(const form_catalog *cat);
size_t form_catalog_tile_count(const form_catalog *cat);
const form_tile *form_catalog_tile_at(const form_catalog *cat, size_t i);
/* A tile by id, or NULL. */
const form_tile *form_catalog_tile_find(const form_catalog *cat, const char *id);

const char *form_tile_id(const form_tile *t);
const char *form_tile_label(const form_tile *t);
const char *form_tile_subtitle(const form_tile *t); /* "" if none */
const char *form_tile_glyph(const form_tile *t);    /* one character */
const char *form_tile_colour(const form_tile *t);   /* theme colour name or "#RRGGBB" */
size_t form_tile_item_count(const form_tile *t);
/* The form id of item i, in menu order (every one is loaded). */
const char *form_tile_item(const form_tile *t, size_t i);

/* ---- definition ---- */

const char *form_def_id(const form_def *def);
int form_def_version(const form_def *def);
const char *form_def_title(const form_def *def);
const char *form_def_description(const form_def *def);
/* 1 for a lookup ("kind": "lookup", e.g. 办件进度查询): it asks the platform
 * and files nothing; 0 for an item that is filed. */
int form_def_is_lookup(const form_def *def);

/* ---- a correction (补正) of a returned filing ----
 * An item with no photo field gives its correction a step more: a page
 * 补充材料 before the page she signs on (else last) with one optional photo
 * field, FORM_MATERIALS_KEY (up to FORM_PHOTO_MAX photos), for the
 * documents the county's note asks for. The catalogue makes that
 * definition when it loads the item's (same id and version, the county's
 * settings applied to both); a correction's draft is kept, restored and
 * filed on it, so its photos travel as any photo field's do. */
#define FORM_MATERIALS_KEY "materials"
/* The definition a correction of def's item is filled on: the one with the
 * materials step, or def itself (an item with a photo field, a lookup, or
 * one whose own fields use the key). def may be either. */
const form_def *form_def_correction(const form_def *def);
/* The item's own definition (def itself unless it is a correction's). */
const form_def *form_def_plain(const form_def *def);

size_t form_def_page_count(const form_def *def);
const char *form_def_page_title(const form_def *def, size_t page);
size_t form_def_page_field_count(const form_def *def, size_t page);
const form_field *form_def_page_field(const form_def *def, size_t page, size_t i);

/* Top-level fields in definition order (sub-fields are reached through their group). */
size_t form_def_field_count(const form_def *def);
const form_field *form_def_field_at(const form_def *def, size_t i);
/* A field by key, top-level or sub-field (keys are unique in a form). */
const form_field *form_def_field(const form_def *def, const char *key);

/* ---- the resident ID card ----
 * A form that asks who the person is maps the card's fields onto its own
 * ("idcard" in SCHEMA.md); the UI then starts the form by reading the card. */
typedef enum {
    FORM_CARD_NAME,      /* 姓名 */
    FORM_CARD_ID_NUMBER, /* 公民身份号码 */
    FORM_CARD_SEX,       /* 性别: "男" / "女" */
    FORM_CARD_ETHNICITY, /* 民族 as printed: "汉", "土家" */
    FORM_CARD_BIRTH,     /* 出生: YYYYMMDD */
    FORM_CARD_ADDRESS,   /* 住址 */
    FORM_CARD_COUNT
} form_card_field;

/* 1 if the definition maps card fields (it asks who the person is). */
int form_def_has_card(const form_def *def);
/* The top-level field card field c fills, or NULL: the map names none. */
const form_field *form_def_card_field(const form_def *def, form_card_field c);
/* The sub-field card field c fills in each member of a group that maps its
 * members' cards (its own "idcard": each member is a person with a card), or
 * NULL: none (FORM_CARD_ID_NUMBER: the group maps no card). */
const form_field *form_field_card_field(const form_field *group, form_card_field c);

/* ---- field ---- */

const char *form_field_key(const form_field *f);
form_type form_field_type(const form_field *f);
const char *form_type_name(form_type t);
const char *form_field_label(const form_field *f);
const char *form_field_help(const form_field *f);      /* "" if none */
/* A photo field: what to photograph, shown on the camera page ("" if none). */
const char *form_field_hint(const form_field *f);
/* A photo field: how many photos it takes (min <= max; defaults 1 and 4). */
void form_field_photo_count(const form_field *f, int *min, int *max);
/* A photo's file name as answers hold it: "photo-<64 hex of its bytes>.jpg". */
#define FORM_PHOTO_NAME_LEN 75 /* bytes with the NUL */
#define FORM_PHOTO_MAX 6 /* photos one field takes at most */
int form_photo_name_ok(const char *name);
const char *form_field_unit(const form_field *f);      /* shown after the value, e.g. 元, 岁; "" */
/* v, a value of f (whole or being typed), as shown for reading: an ID
 * number 6-8-4, a card's digits in fours, a mobile number 3-4-4, a
 * 残疾人证号 its ID number's 6-8-4 and its two (validate.h's groupers);
 * out, or v itself for a field whose values are not grouped. */
const char *form_field_grouped(const form_field *f, const char *v, char *out, size_t n);
const char *form_field_text(const form_field *f);      /* pledge text; "" for other types */
int form_field_required(const form_field *f);
/* 1 for a text or address field that takes line breaks ("multiline"). */
int form_field_multiline(const form_field *f);
form_keyboard form_field_keyboard(const form_field *f);
/* The page the field is on (a sub-field: its group's page). */
size_t form_field_page(const form_field *f);
/* Computed fields are never asked: the UI shows them read-only. */
form_compute form_field_compute(const form_field *f);
/* The field's limits; a bound "this_year" (SCHEMA.md) reads 0 here: an
 * instance knows the year (form_inst_limits). */
void form_field_limits(const form_field *f, form_limits *out);

/* Options of choice and multi fields (county parameters applied). */
size_t form_field_option_count(const form_field *f);
const char *form_field_option_value(const form_field *f, size_t i);
const char *form_field_option_label(const form_field *f, size_t i);
/* Label of the option with that value, or NULL. */
const char *form_field_option_find(const form_field *f, const char *value);

/* Groups: sub-fields, how many members are allowed, and the member noun
 * ("家庭成员") used in review labels and buttons. */
size_t form_field_sub_count(const form_field *f);
const form_field *form_field_sub_at(const form_field *f, size_t i);
int form_field_group_max(const form_field *f);
const char *form_field_item_label(const form_field *f);

#endif
