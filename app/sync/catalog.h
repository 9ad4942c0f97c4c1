/* catalog.h — signed catalogue updates from the county platform
 * (PROTOCOL.md, "Catalogue updates"): the manifest (a version and the files
 * with their size and sha256) signed by the county's Ed25519 key, the
 * download of changed files into a staging folder, the checks, the caller's
 * loader as the last word, and atomic publishing in the data folder:
 *
 *   <root>/staging/        files being fetched: never loaded by anyone
 *   <root>/<version>/      a published catalogue: its files, MANIFEST (the
 *                          signed bytes as received) and MANIFEST.sig (hex)
 *   <root>/current         the version in use, one line; replaced by writing
 *                          current.tmp, fsync, rename, fsync of <root>
 *
 * A file of the new manifest whose bytes the kiosk already has (same name
 * and sha256 in the published catalogue in use or in the built-in folder)
 * is copied, not downloaded. Every file is checked against its size and
 * sha256 before the loader sees the folder; a folder is renamed into place
 * only when complete and fsync'd, and `current` changes only after that, so
 * a power cut or a kill at any moment leaves the previous catalogue in use.
 *
 * The catalogue folder is flat: *.json files (form definitions and the
 * home-screen file), and optionally settings/county.json (county settings).
 *
 * Ownership: sync_cat_manifest_parse() returns a manifest freed with
 * sync_cat_manifest_free(). Functions return SYNC_CAT_OK or a SYNC_CAT_ERR_*
 * code, with an English reason in err. Not thread-safe for one root: one
 * updater (the upload engine's thread) at a time; readers (start-up, the UI
 * at a swap) only read published folders.
 */
#ifndef CZ_SYNC_CATALOG_H
#define CZ_SYNC_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include "sync/client.h"

#define SYNC_CAT_PK_LEN 32          /* Ed25519 public key */
#define SYNC_CAT_MAX_FILES 256
#define SYNC_CAT_FILE_MAX (1u << 20) /* bytes per file (the form loader's limit) */
#define SYNC_CAT_NAME_MAX 96

enum {
    SYNC_CAT_OK = 0,
    SYNC_CAT_UNCHANGED = 1,        /* the platform has nothing newer */
    SYNC_CAT_ERR_NOMEM = -1,
    SYNC_CAT_ERR_MALFORMED = -2,   /* the reply or manifest is not what PROTOCOL.md says */
    SYNC_CAT_ERR_SIGNATURE = -3,   /* unsigned, or not signed by the county's key */
    SYNC_CAT_ERR_OLDER = -4,       /* a version not above the one in use */
    SYNC_CAT_ERR_HASH = -5,        /* a file's bytes do not match its size or sha256 */
    SYNC_CAT_ERR_NET = -6,         /* the platform could not be reached or refused */
    SYNC_CAT_ERR_IO = -7,          /* the data folder could not be written or read */
    SYNC_CAT_ERR_REFUSED = -8,     /* the form loader refused the catalogue */
    SYNC_CAT_ERR_NONE = -9,        /* no published catalogue (the platform's 404) */
    SYNC_CAT_ERR_LEVEL = -10,      /* the catalogue needs a level of the form language above
                                    * the kiosk's (a newer firmware) */
};
/* English, for logs and the technician; static storage. */
const char *sync_cat_strerror(int code);

typedef struct sync_cat_manifest sync_cat_manifest;

/* Parses the reply of GET /api/v1/catalogue ({"manifest": "<text>",
 * "signature": "<128 hex>"}) and verifies the signature over the manifest
 * text's exact bytes with pk before reading it. */
int sync_cat_manifest_parse(const char *reply, size_t len, const unsigned char pk[SYNC_CAT_PK_LEN],
                            sync_cat_manifest **out, char *err, size_t errlen);
void sync_cat_manifest_free(sync_cat_manifest *m);

/* A key as 64 hex characters into pk; 0 or -1. */
int sync_cat_key_parse(const char *hex, unsigned char pk[SYNC_CAT_PK_LEN]);

typedef struct {
    const char *root;    /* <data>/catalogue (made if missing) */
    const char *builtin; /* the built-in catalogue folder (assets/forms): files to copy; may be NULL */
    unsigned char pk[SYNC_CAT_PK_LEN];
    /* The loader: 0 if the catalogue folder dir loads whole, else -1 with
     * the reason in err. Called on the updater's thread. */
    int (*validate)(void *ud, const char *dir, char *err, size_t errlen);
    void *ud;
    /* The level of the form language the loader reads (form.h's FORM_LEVEL;
     * 0 means 1): sent as `reads`, and a manifest that needs more is refused
     * before anything is downloaded. */
    int reads;
} sync_cat_opts;

/* One update: asks for a catalogue newer than the one in use, and when there
 * is one, fetches, checks, validates and publishes it (*version then says
 * which). SYNC_CAT_UNCHANGED when there is nothing newer; SYNC_CAT_ERR_NONE
 * when the platform publishes no catalogue at all (its manifest is not
 * found: 404). On any error the catalogue in use stays, and res (if not
 * NULL) has the transport's result when the error is SYNC_CAT_ERR_NET or
 * SYNC_CAT_ERR_NONE. */
int sync_cat_update(proto_client *c, const sync_cat_opts *o, int *version, proto_result *res,
                    char *err, size_t errlen);

/* The published catalogue in use: its version, folder (dir[dirlen]) and
 * when it was published (mtime of `current`, Unix ms), after checking its
 * manifest's signature with pk and every file's size and sha256.
 * SYNC_CAT_ERR_NONE when nothing is published. */
int sync_cat_current(const char *root, const unsigned char pk[SYNC_CAT_PK_LEN], int *version,
                     char *dir, size_t dirlen, int64_t *published_ms, char *err, size_t errlen);

/* Deletes published versions below the one in use unless keep(ud, dir)
 * says 1 (a draft still needs it). 0, or -1 if one could not be removed. */
int sync_cat_prune(const char *root, int (*keep)(void *ud, const char *dir), void *ud);

/* Published version folders below the one in use, newest first, into
 * versions[max]; how many. */
size_t sync_cat_older(const char *root, int *versions, size_t max);

#endif
