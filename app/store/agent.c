/* agent.c — proxy agents (帮办代办员): the cache of agents and PIN hashes from
 * the county platform, each agent's persisted lockout state, and an agent's
 * list of filings across drafts, the outbox and receipts. */
#include "store/store_int.h"

#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/utf8.h"

#define TAG "store"
#define AGENTS_MAX 10000
#define AGENT_COLS "id, name, pin_hash, active, updated_ms"
#define LETTERS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

static int valid_id(const char *id)
{
    size_t n = id ? strlen(id) : 0;
    if (n == 0 || n > STORE_AGENT_ID_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = id[i];
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              c == '-' || c == '_'))
            return 0;
    }
    return 1;
}

static int valid_name(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > STORE_AGENT_NAME_MAX || !utf8_valid(name))
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
            return 0;
    return 1;
}

static int valid_agent(const store_agent *a)
{
    return valid_id(a->id) && valid_name(a->name) && (a->active == 0 || a->active == 1) &&
           strncmp(a->pin_hash, "$argon2id$", 10) == 0 &&
           memchr(a->pin_hash, '\0', sizeof a->pin_hash) != NULL;
}

static int store_agents_replace_locked(store *st, const store_agent *items, size_t n,
                                       int64_t updated_ms)
{
    if (!st || (n && !items) || n > AGENTS_MAX || updated_ms < 0)
        return STORE_ERR_INVALID;
    for (size_t i = 0; i < n; i++) {
        if (!valid_agent(&items[i]))
            return STORE_ERR_INVALID;
        for (size_t j = 0; j < i; j++)
            if (strcmp(items[i].id, items[j].id) == 0)
                return STORE_ERR_INVALID;
    }
    int rc = st_begin(st);
    if (rc != STORE_OK)
        return rc;
    rc = st_exec(st, "DELETE FROM agents");
    sqlite3_stmt *s = NULL;
    if (rc == STORE_OK)
        s = st_prepare(st, "INSERT INTO agents(" AGENT_COLS ") VALUES (?1, ?2, ?3, ?4, ?5)", &rc);
    int active = 0;
    for (size_t i = 0; s && rc == STORE_OK && i < n; i++) {
        sqlite3_reset(s);
        sqlite3_bind_text(s, 1, items[i].id, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, items[i].name, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, items[i].pin_hash, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 4, items[i].active);
        sqlite3_bind_int64(s, 5, updated_ms);
        int r = sqlite3_step(s);
        if (r != SQLITE_DONE)
            rc = st_err(st, r);
        active += items[i].active;
    }
    sqlite3_finalize(s);
    if (rc == STORE_OK) {
        char detail[64];
        snprintf(detail, sizeof detail, "agents=%zu active=%d", n, active);
        rc = st_audit(st, STORE_ACTOR_SYNC, NULL, "agents.replace", NULL, detail);
    }
    rc = st_end(st, rc);
    if (rc == STORE_OK)
        core_log(CORE_LOG_INFO, TAG, "agents cache replaced: %zu agents, %d active", n, active);
    return rc;
}

int store_agents_replace(store *st, const store_agent *items, size_t n, int64_t updated_ms)
{
    ST_LOCKED(st, store_agents_replace_locked(st, items, n, updated_ms));
}

/* ---- the platform's reply ---------------------------------------------- */

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return STORE_ERR_INVALID;
}

/* An integral JSON number within [lo, hi]. */
static int get_uint(const cJSON *o, const char *key, double lo, double hi, uint64_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(v))
        return -1;
    double d = v->valuedouble;
    if (!(d >= lo && d <= hi) || d != (double)(uint64_t)d)
        return -1;
    *out = (uint64_t)d;
    return 0;
}

/* Decodes standard base64 (padded or not) into exactly want_lo..want_hi bytes. */
static int b64_decode(const char *in, unsigned char *out, size_t cap, size_t lo, size_t hi,
                      size_t *got)
{
    size_t n = 0;
    size_t len = strlen(in);
    if (sodium_base642bin(out, cap, in, len, NULL, &n, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 &&
        sodium_base642bin(out, cap, in, len, NULL, &n, NULL,
                          sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0)
        return -1;
    if (n < lo || n > hi)
        return -1;
    *got = n;
    return 0;
}

/* The "pin" object of one agent as a libsodium Argon2id string. */
static int pin_string(const cJSON *pin, char out[AUTH_HASH_MAX], char *err, size_t errlen,
                      size_t idx)
{
    const cJSON *alg = cJSON_GetObjectItemCaseSensitive(pin, "alg");
    const cJSON *salt = cJSON_GetObjectItemCaseSensitive(pin, "salt");
    const cJSON *hash = cJSON_GetObjectItemCaseSensitive(pin, "hash");
    if (!cJSON_IsString(alg) || strcmp(alg->valuestring, "argon2id") != 0)
        return fail(err, errlen, "agents[%zu].pin.alg is not \"argon2id\"", idx);
    if (!cJSON_IsString(salt) || !cJSON_IsString(hash))
        return fail(err, errlen, "agents[%zu].pin.salt/hash missing or not strings", idx);
    uint64_t ops = 0, mem = 0;
    if (get_uint(pin, "opslimit", 1, 16, &ops) != 0)
        return fail(err, errlen, "agents[%zu].pin.opslimit missing or not 1..16", idx);
    if (get_uint(pin, "memlimit", 8192, 256.0 * 1024 * 1024, &mem) != 0 || mem % 1024)
        return fail(err, errlen, "agents[%zu].pin.memlimit missing or not 8 KiB..256 MiB", idx);
    unsigned char sb[64], hb[128];
    size_t sn = 0, hn = 0;
    if (b64_decode(salt->valuestring, sb, sizeof sb, crypto_pwhash_SALTBYTES,
                   crypto_pwhash_SALTBYTES, &sn) != 0)
        return fail(err, errlen, "agents[%zu].pin.salt is not base64 of %d bytes", idx,
                    (int)crypto_pwhash_SALTBYTES);
    if (b64_decode(hash->valuestring, hb, sizeof hb, 16, 64, &hn) != 0)
        return fail(err, errlen, "agents[%zu].pin.hash is not base64 of 16..64 bytes", idx);
    char s64[sizeof sb * 2], h64[sizeof hb * 2];
    sodium_bin2base64(s64, sizeof s64, sb, sn, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
    sodium_bin2base64(h64, sizeof h64, hb, hn, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
    int w = snprintf(out, AUTH_HASH_MAX, "$argon2id$v=19$m=%llu,t=%llu,p=1$%s$%s",
                     (unsigned long long)(mem / 1024), (unsigned long long)ops, s64, h64);
    if (w < 0 || w >= AUTH_HASH_MAX)
        return fail(err, errlen, "agents[%zu].pin is too long", idx);
    return STORE_OK;
}

static int agent_from_json(const cJSON *o, store_agent *a, char *err, size_t errlen, size_t idx)
{
    memset(a, 0, sizeof *a);
    if (!cJSON_IsObject(o))
        return fail(err, errlen, "agents[%zu] is not an object", idx);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(o, "name");
    const cJSON *active = cJSON_GetObjectItemCaseSensitive(o, "active");
    const cJSON *pin = cJSON_GetObjectItemCaseSensitive(o, "pin");
    if (!cJSON_IsString(id) || !valid_id(id->valuestring))
        return fail(err, errlen, "agents[%zu].id missing or not 1..%d of [A-Za-z0-9_-]", idx,
                    STORE_AGENT_ID_MAX);
    if (!cJSON_IsString(name) || !valid_name(name->valuestring))
        return fail(err, errlen, "agents[%zu].name missing, empty, too long or not UTF-8", idx);
    if (!cJSON_IsBool(active))
        return fail(err, errlen, "agents[%zu].active missing or not a boolean", idx);
    if (!cJSON_IsObject(pin))
        return fail(err, errlen, "agents[%zu].pin missing or not an object", idx);
    snprintf(a->id, sizeof a->id, "%s", id->valuestring);
    snprintf(a->name, sizeof a->name, "%s", name->valuestring);
    a->active = cJSON_IsTrue(active);
    return pin_string(pin, a->pin_hash, err, errlen, idx);
}

static int store_agents_replace_reply_locked(store *st, const char *body, size_t len, size_t *n_out,
                                             char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    if (n_out)
        *n_out = 0;
    if (!st || !body)
        return fail(err, errlen, "no reply");
    cJSON *root = cJSON_ParseWithLength(body, len);
    if (!root)
        return fail(err, errlen, "reply is not JSON");
    int rc = STORE_OK;
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "agents");
    uint64_t updated = 0;
    int n = cJSON_IsArray(list) ? cJSON_GetArraySize(list) : -1;
    store_agent *items = NULL;
    if (!cJSON_IsObject(root))
        rc = fail(err, errlen, "reply is not a JSON object");
    else if (n < 0)
        rc = fail(err, errlen, "reply has no \"agents\" array");
    else if (n > AGENTS_MAX)
        rc = fail(err, errlen, "reply lists more than %d agents", AGENTS_MAX);
    else if (get_uint(root, "updated_at_ms", 0, 9007199254740991.0, &updated) != 0)
        rc = fail(err, errlen, "reply has no valid \"updated_at_ms\"");
    else if (n > 0 && !(items = calloc((size_t)n, sizeof *items)))
        rc = STORE_ERR_NOMEM;
    size_t i = 0;
    const cJSON *el;
    if (rc == STORE_OK) {
        cJSON_ArrayForEach(el, list)
        {
            rc = agent_from_json(el, &items[i], err, errlen, i);
            if (rc != STORE_OK)
                break;
            for (size_t j = 0; j < i; j++)
                if (strcmp(items[j].id, items[i].id) == 0) {
                    rc = fail(err, errlen, "agents[%zu].id repeats agents[%zu].id", i, j);
                    break;
                }
            if (rc != STORE_OK)
                break;
            i++;
        }
    }
    cJSON_Delete(root);
    if (rc == STORE_OK) {
        rc = store_agents_replace(st, items, i, (int64_t)updated);
        if (rc != STORE_OK && err && errlen && !err[0])
            snprintf(err, errlen, "%s", store_strerror(rc));
    } else {
        core_log(CORE_LOG_WARN, TAG, "agents reply refused: %s", err ? err : "");
    }
    if (items) {
        sodium_memzero(items, (size_t)(n > 0 ? n : 0) * sizeof *items);
        free(items);
    }
    if (rc == STORE_OK && n_out)
        *n_out = i;
    return rc;
}

int store_agents_replace_reply(store *st, const char *body, size_t len, size_t *n_out, char *err,
                               size_t errlen)
{
    ST_LOCKED(st, store_agents_replace_reply_locked(st, body, len, n_out, err, errlen));
}

/* ---- look-ups ------------------------------------------------------------ */

static void agent_from_row(sqlite3_stmt *s, store_agent *a)
{
    memset(a, 0, sizeof *a);
    st_col_copy(s, 0, a->id, sizeof a->id);
    st_col_copy(s, 1, a->name, sizeof a->name);
    st_col_copy(s, 2, a->pin_hash, sizeof a->pin_hash);
    a->active = sqlite3_column_int(s, 3);
    a->updated_ms = sqlite3_column_int64(s, 4);
}

static int store_agent_find_locked(store *st, const char *number, store_agent *out)
{
    if (!st || !out || !valid_id(number))
        return STORE_ERR_INVALID;
    memset(out, 0, sizeof *out);
    int rc = STORE_OK;
    sqlite3_stmt *s = st_prepare_key(st,
                                     "SELECT " AGENT_COLS ", 0 FROM agents WHERE id = ?1"
                                     " UNION ALL SELECT " AGENT_COLS ", 1 FROM agents"
                                     " WHERE id <> ?1 AND ltrim(id, '" LETTERS "') = ?1"
                                     " AND ?1 NOT GLOB '*[^0-9]*' ORDER BY 6 LIMIT 2",
                                     number, &rc);
    if (!s)
        return rc;
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        agent_from_row(s, out);
        int exact = sqlite3_column_int(s, 5) == 0;
        r = sqlite3_step(s);
        if (r == SQLITE_ROW && !exact) {
            memset(out, 0, sizeof *out);
            rc = STORE_ERR_CONFLICT; /* "0012" fits both "A0012" and "B0012" */
        } else if (r != SQLITE_ROW && r != SQLITE_DONE) {
            rc = st_err(st, r);
        }
    } else {
        rc = (r == SQLITE_DONE) ? STORE_ERR_NOTFOUND : st_err(st, r);
    }
    sqlite3_finalize(s);
    return rc;
}

int store_agent_find(store *st, const char *number, store_agent *out)
{
    ST_LOCKED(st, store_agent_find_locked(st, number, out));
}

static int store_agent_ids_for_locked(store *st, const char *digits,
                                      char (*ids)[STORE_AGENT_ID_MAX + 1], int max, int *n)
{
    if (!st || !n || max < 0 || (max && !ids) || !valid_id(digits))
        return STORE_ERR_INVALID;
    *n = 0;
    int rc = STORE_OK;
    sqlite3_stmt *s = st_prepare_key(st,
                                     "SELECT id FROM agents WHERE ltrim(id, '" LETTERS "') = ?1"
                                     " AND ?1 NOT GLOB '*[^0-9]*' ORDER BY id",
                                     digits, &rc);
    if (!s)
        return rc;
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n < max)
            st_col_copy(s, 0, ids[*n], sizeof ids[*n]);
        (*n)++;
    }
    if (r != SQLITE_DONE)
        rc = st_err(st, r);
    sqlite3_finalize(s);
    return rc;
}

int store_agent_ids_for(store *st, const char *digits, char (*ids)[STORE_AGENT_ID_MAX + 1],
                        int max, int *n)
{
    ST_LOCKED(st, store_agent_ids_for_locked(st, digits, ids, max, n));
}

static int store_agent_count_locked(store *st, int *n_all, int *n_active)
{
    if (!st)
        return STORE_ERR_INVALID;
    int rc = STORE_OK;
    sqlite3_stmt *s =
        st_prepare(st, "SELECT count(*), coalesce(sum(active), 0) FROM agents", &rc);
    if (!s)
        return rc;
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        if (n_all)
            *n_all = sqlite3_column_int(s, 0);
        if (n_active)
            *n_active = sqlite3_column_int(s, 1);
    } else {
        rc = st_err(st, r);
    }
    sqlite3_finalize(s);
    return rc;
}

int store_agent_count(store *st, int *n_all, int *n_active)
{
    ST_LOCKED(st, store_agent_count_locked(st, n_all, n_active));
}

/* ---- lockout ------------------------------------------------------------- */

static int lock_from_row(sqlite3_stmt *s, void *row)
{
    auth_lock *l = row;
    l->failures = sqlite3_column_int(s, 0);
    l->locked_until = sqlite3_column_int64(s, 1);
    return STORE_OK;
}

static int store_agent_lock_get_locked(store *st, const char *agent_id, auth_lock *out)
{
    if (!st || !out || !valid_id(agent_id))
        return STORE_ERR_INVALID;
    memset(out, 0, sizeof *out);
    int rc = st_sql_row(st, "SELECT failures, locked_until FROM agent_locks WHERE id = ?1",
                        agent_id, lock_from_row, NULL, out);
    return rc == STORE_ERR_NOTFOUND ? STORE_OK : rc; /* none: no failures, not locked */
}

int store_agent_lock_get(store *st, const char *agent_id, auth_lock *out)
{
    ST_LOCKED(st, store_agent_lock_get_locked(st, agent_id, out));
}

static int store_agent_lock_set_locked(store *st, const char *agent_id, const auth_lock *l)
{
    if (!st || !l || !valid_id(agent_id) || l->failures < 0)
        return STORE_ERR_INVALID;
    int rc = STORE_OK;
    int clear = l->failures == 0 && l->locked_until == 0;
    sqlite3_stmt *s = st_prepare_key(st,
                                     clear ? "DELETE FROM agent_locks WHERE id = ?1"
                                           : "INSERT INTO agent_locks(id, failures, locked_until)"
                                             " VALUES (?1, ?2, ?3) ON CONFLICT(id) DO UPDATE SET"
                                             " failures = ?2, locked_until = ?3",
                                     agent_id, &rc);
    if (!s)
        return rc;
    if (!clear) {
        sqlite3_bind_int(s, 2, l->failures);
        sqlite3_bind_int64(s, 3, l->locked_until);
    }
    rc = st_run(st, s, 0);
    sqlite3_finalize(s);
    return rc;
}

int store_agent_lock_set(store *st, const char *agent_id, const auth_lock *l)
{
    ST_LOCKED(st, store_agent_lock_set_locked(st, agent_id, l));
}

/* ---- an agent's filings ---------------------------------------------------- */

static int agent_filing_row(sqlite3_stmt *s, void *row)
{
    store_agent_filing *f = row;
    f->kind = (store_af_kind)sqlite3_column_int(s, 0);
    st_col_copy(s, 1, f->uuid, sizeof f->uuid);
    st_col_copy(s, 2, f->form_id, sizeof f->form_id);
    st_col_copy(s, 3, f->item_title, sizeof f->item_title);
    st_col_copy(s, 4, f->receipt_no, sizeof f->receipt_no);
    f->status = (store_status)sqlite3_column_int(s, 5);
    f->attempts = sqlite3_column_int(s, 6);
    f->page = sqlite3_column_int(s, 7);
    f->time_ms = sqlite3_column_int64(s, 8);
    f->filed_ms = sqlite3_column_int64(s, 9);
    st_col_copy(s, 12, f->note, sizeof f->note);
    f->corrected = sqlite3_column_int(s, 13);
    f->held = sqlite3_column_int(s, 14);
    f->correction = sqlite3_column_int(s, 15);
    return STORE_OK;
}

static int store_agent_filings_locked(store *st, const char *agent_id, size_t max,
                                      store_agent_filing **items, size_t *n)
{
    if (!st || !items || !n || !valid_id(agent_id))
        return STORE_ERR_INVALID;
    *items = NULL;
    *n = 0;
    static const char *const SQL =
        "SELECT 0, uuid, form_id, '', '', 0, 0, page, updated_ms, 0, -updated_ms, 0, '', 0, 0,"
        " coalesce(supersedes, '') != '' FROM drafts WHERE agent_id = ?1"
        " UNION ALL SELECT 1, uuid, form_id, item_title, '', 0, attempts, 0, created_ms,"
        " created_ms, -seq, 0, '', 0, held_reason IS NOT NULL, coalesce(supersedes, '') != ''"
        " FROM outbox WHERE agent_id = ?1"
        " UNION ALL SELECT 2, filing_uuid, form_id, item_title, receipt_no, status, 0, 0,"
        " status_ms, filed_ms, -filed_ms, -seq, coalesce(note, ''),"
        " EXISTS(SELECT 1 FROM outbox o WHERE o.supersedes = receipts.filing_uuid), 0, 0"
        " FROM receipts WHERE agent_id = ?1"
        " ORDER BY 1, 11, 12";
    int rc = STORE_OK;
    sqlite3_stmt *s = st_prepare_key(st, SQL, agent_id, &rc);
    if (!s)
        return rc;
    return st_collect(st, s, sizeof(store_agent_filing), max, agent_filing_row, NULL,
                      (void **)items, n);
}

int store_agent_filings(store *st, const char *agent_id, size_t max, store_agent_filing **items,
                        size_t *n)
{
    ST_LOCKED(st, store_agent_filings_locked(st, agent_id, max, items, n));
}

static int count_from_row(sqlite3_stmt *s, void *out)
{
    *(int *)out = sqlite3_column_int(s, 0);
    return STORE_OK;
}

static int store_agent_returned_locked(store *st, const char *agent_id, int *n)
{
    if (!st || !n || !valid_id(agent_id))
        return STORE_ERR_INVALID;
    *n = 0;
    return st_sql_row(st, "SELECT count(*) FROM receipts WHERE agent_id = ?1 AND status = 2"
                          " AND NOT EXISTS(SELECT 1 FROM outbox o"
                          " WHERE o.supersedes = receipts.filing_uuid)",
                      agent_id, count_from_row, NULL, n);
}

int store_agent_returned(store *st, const char *agent_id, int *n)
{
    ST_LOCKED(st, store_agent_returned_locked(st, agent_id, n));
}

static int answers_from_row(sqlite3_stmt *s, void *out)
{
    int oom = 0;
    *(char **)out = st_col_dup(s, 0, &oom);
    return oom ? STORE_ERR_NOMEM : STORE_OK;
}

static int store_agent_filing_answers_locked(store *st, const char *agent_id,
                                             const store_agent_filing *f, char **answers)
{
    char id[STORE_UUID_LEN + 1];
    if (!st || !f || !answers || !valid_id(agent_id) || !st_uuid_norm(f->uuid, id))
        return STORE_ERR_INVALID;
    *answers = NULL;
    static const char *const SQL[3] = {
        [STORE_AF_DRAFT] = "SELECT answers FROM drafts WHERE uuid = ?1 AND agent_id = ?2",
        [STORE_AF_PENDING] = "SELECT answers FROM outbox WHERE uuid = ?1 AND agent_id = ?2"
                             " AND answers IS NOT NULL",
        [STORE_AF_RECEIPT] = "SELECT answers FROM receipts WHERE filing_uuid = ?1"
                             " AND agent_id = ?2 AND answers IS NOT NULL",
    };
    if ((unsigned)f->kind > STORE_AF_RECEIPT)
        return STORE_ERR_INVALID;
    int rc = STORE_OK;
    sqlite3_stmt *s = st_prepare_key(st, SQL[f->kind], id, &rc);
    if (!s)
        return rc;
    sqlite3_bind_text(s, 2, agent_id, -1, SQLITE_STATIC);
    rc = st_row(st, s, answers_from_row, NULL, answers);
    sqlite3_finalize(s);
    return rc;
}

int store_agent_filing_answers(store *st, const char *agent_id, const store_agent_filing *f,
                               char **answers)
{
    ST_LOCKED(st, store_agent_filing_answers_locked(st, agent_id, f, answers));
}
