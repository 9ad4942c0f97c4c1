/* sim_cli.c — county-sim admin (see sim_cli.h). */
#include "sim_cli.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    const char *url, *ca;
    int insecure;
} cli_opts;

typedef struct {
    char *buf;
    size_t len;
} cli_buf;

static size_t on_data(char *p, size_t size, size_t nmemb, void *ud)
{
    cli_buf *b = ud;
    size_t n = size * nmemb;
    char *nb = realloc(b->buf, b->len + n + 1);
    if (!nb)
        return 0;
    memcpy(nb + b->len, p, n);
    b->buf = nb;
    b->len += n;
    nb[b->len] = '\0';
    return n;
}

static void usage(FILE *out)
{
    fprintf(out,
            "county-sim admin — the county's back office by hand (a running county-sim)\n"
            "usage: county-sim admin [--url URL] [--ca PEM | --insecure] <command>\n"
            "  --url URL        the simulator (default https://127.0.0.1:8443)\n"
            "  --ca PEM         its certificate (default sim-tls/sim-cert.pem)\n"
            "commands:\n"
            "  list                        every filing: receipt number, status, form, attachments, note,\n"
            "                              and the link between a correction and the filing it replaces\n"
            "  show RECEIPT                one filing: status, note, payload, attachments\n"
            "  accept RECEIPT              受理: submitted -> accepted\n"
            "  return RECEIPT NOTE         退回补正 with a note saying what to correct\n"
            "  finish RECEIPT [NOTE]       办结: accepted -> done\n"
            "  attachments                 every attachment: sha256, type, size, received, filings naming it\n"
            "  get SHA256 FILE             save an attachment (a signature, a photo) to FILE\n"
            "  faults [JSON]               show, or change, the fault switches\n"
            "  catalogue                   the catalogue versions published, the level of the form\n"
            "                              language each needs, the fault, what was served\n"
            "  publish DIR VERSION [NEEDS] publish the folder DIR (its absolute path, as county-sim\n"
            "                              reads it) as catalogue VERSION, needing level NEEDS (1)\n"
            "                              (check it first: cunzhan-admin check-catalogue DIR)\n"
            "Exit codes: 0 done, 1 refused or failed (reason on stderr), 2 usage.\n");
}

/* One request; the HTTP status (0: no reply, the reason on stderr). */
static long call(const cli_opts *o, const char *method, const char *path, const char *body,
                 cli_buf *reply)
{
    CURL *c = curl_easy_init();
    if (!c)
        return 0;
    char url[1024];
    snprintf(url, sizeof url, "%s%s", o->url, path);
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    if (body)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, reply);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 20000L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    if (o->insecure) {
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    } else if (o->ca) {
        curl_easy_setopt(c, CURLOPT_CAINFO, o->ca);
    }
    long status = 0;
    CURLcode cc = curl_easy_perform(c);
    if (cc == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    else
        fprintf(stderr, "county-sim admin: %s: %s\n", url, curl_easy_strerror(cc));
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return status;
}

static const char *jstr(const cJSON *o, const char *name)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, name));
    return s ? s : "";
}

static double jnum(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

/* Prints the simulator's refusal; returns 1. */
static int refused(long status, const cli_buf *b)
{
    if (!status)
        return 1;
    cJSON *o = b->buf ? cJSON_Parse(b->buf) : NULL;
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(o, "error");
    fprintf(stderr, "county-sim admin: refused (HTTP %ld %s): %s\n", status, jstr(e, "code"),
            e ? jstr(e, "message") : "no error body");
    cJSON_Delete(o);
    return 1;
}

static void when(double ms, char *out, size_t n)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tmv;
    localtime_r(&t, &tmv);
    strftime(out, n, "%Y-%m-%d %H:%M", &tmv);
}

static void print_filing(const cJSON *f)
{
    char t[32];
    when(jnum(f, "status_at_ms"), t, sizeof t);
    printf("receipt:   %s\nfiling:    %s\nform:      %s\nstatus:    %s (since %s)\n",
           jstr(f, "receipt_no"), jstr(f, "filing_id"), jstr(f, "form_id"), jstr(f, "status"), t);
    if (*jstr(f, "note"))
        printf("note:      %s\n", jstr(f, "note"));
    if (*jstr(f, "agent_id"))
        printf("agent:     %s\n", jstr(f, "agent_id"));
    if (*jstr(f, "supersedes"))
        printf("corrects:  %s (the returned filing this one replaces)\n", jstr(f, "supersedes"));
    if (*jstr(f, "superseded_by"))
        printf("replaced:  by %s (its correction)\n", jstr(f, "superseded_by"));
    const cJSON *a;
    cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(f, "attachments"))
        printf("attached:  %s  %s  %.0f bytes  %s\n", jstr(a, "sha256"), jstr(a, "type"),
               jnum(a, "size"), jstr(a, "name"));
    char *p = cJSON_Print(cJSON_GetObjectItemCaseSensitive(f, "payload"));
    if (p)
        printf("payload:   %s\n", p);
    free(p);
}

static int cmd_list(const cli_opts *o)
{
    cli_buf b = {0};
    long st = call(o, "GET", "/admin/filings", NULL, &b);
    cJSON *r = st == 200 ? cJSON_Parse(b.buf) : NULL;
    if (!r) {
        int rc = refused(st, &b);
        free(b.buf);
        return rc;
    }
    const cJSON *f;
    int n = 0;
    cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(r, "filings"))
    {
        char t[32];
        when(jnum(f, "received_at_ms"), t, sizeof t);
        printf("%-20s %-10s %-12s %s  %d attachment(s)%s%s%s%s%s%s\n", jstr(f, "receipt_no"),
               jstr(f, "status"), jstr(f, "form_id"), t, (int)jnum(f, "attachments"),
               *jstr(f, "note") ? "  note: " : "", jstr(f, "note"),
               *jstr(f, "supersedes") ? "  corrects " : "", jstr(f, "supersedes"),
               *jstr(f, "superseded_by") ? "  replaced by " : "", jstr(f, "superseded_by"));
        n++;
    }
    if (!n)
        printf("no filings yet\n");
    cJSON_Delete(r);
    free(b.buf);
    return 0;
}

static int cmd_attachments(const cli_opts *o)
{
    cli_buf b = {0};
    long st = call(o, "GET", "/admin/attachments", NULL, &b);
    cJSON *r = st == 200 ? cJSON_Parse(b.buf) : NULL;
    if (!r) {
        int rc = refused(st, &b);
        free(b.buf);
        return rc;
    }
    const cJSON *a;
    int n = 0;
    cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(r, "attachments"))
    {
        printf("%s  %-10s %8.0f bytes  %s  named by %d filing(s)\n", jstr(a, "sha256"),
               jstr(a, "type"), jnum(a, "size"),
               cJSON_IsTrue(cJSON_GetObjectItem(a, "complete")) ? "complete" : "partial ",
               (int)jnum(a, "refs"));
        n++;
    }
    if (!n)
        printf("no attachments yet\n");
    cJSON_Delete(r);
    free(b.buf);
    return 0;
}

static int cmd_show_or_move(const cli_opts *o, const char *no, const char *verb, const char *note)
{
    if (strlen(no) > 40 || strspn(no, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != strlen(no)) {
        fprintf(stderr, "county-sim admin: %s is not a receipt number\n", no);
        return 2;
    }
    char path[128];
    snprintf(path, sizeof path, "/admin/filings/%s%s%s", no, verb ? "/" : "", verb ? verb : "");
    char *body = NULL;
    if (verb) {
        cJSON *j = cJSON_CreateObject();
        if (note)
            cJSON_AddStringToObject(j, "note", note);
        body = cJSON_PrintUnformatted(j);
        cJSON_Delete(j);
    }
    cli_buf b = {0};
    long st = call(o, verb ? "POST" : "GET", path, body, &b);
    free(body);
    cJSON *r = st == 200 ? cJSON_Parse(b.buf) : NULL;
    int rc = 0;
    if (!r) {
        rc = refused(st, &b);
    } else if (verb) {
        printf("%s is now %s\n", jstr(r, "receipt_no"), jstr(r, "status"));
    } else {
        print_filing(r);
    }
    cJSON_Delete(r);
    free(b.buf);
    return rc;
}

static int cmd_get(const cli_opts *o, const char *sha, const char *file)
{
    if (strlen(sha) != 64 || strspn(sha, "0123456789abcdef") != 64) {
        fprintf(stderr, "county-sim admin: %s is not a sha256 (64 lowercase hex)\n", sha);
        return 2;
    }
    char path[128];
    snprintf(path, sizeof path, "/admin/attachments/%s", sha);
    cli_buf b = {0};
    long st = call(o, "GET", path, NULL, &b);
    int rc = 0;
    if (st != 200) {
        rc = refused(st, &b);
    } else {
        FILE *f = fopen(file, "wb");
        if (!f || fwrite(b.buf, 1, b.len, f) != b.len) {
            fprintf(stderr, "county-sim admin: cannot write %s\n", file);
            rc = 1;
        } else {
            printf("%zu bytes written to %s\n", b.len, file);
        }
        if (f && fclose(f))
            rc = 1;
    }
    free(b.buf);
    return rc;
}

static int cmd_faults(const cli_opts *o, const char *json)
{
    cli_buf b = {0};
    long st = call(o, json ? "POST" : "GET", "/admin/faults", json, &b);
    int rc = 0;
    if (st != 200)
        rc = refused(st, &b);
    else
        printf("%s\n", b.buf ? b.buf : "");
    free(b.buf);
    return rc;
}

/* The catalogue's state: each version published and the level it needs. */
static int cmd_catalogue(const cli_opts *o)
{
    cli_buf b = {0};
    long st = call(o, "GET", "/admin/catalogue", NULL, &b);
    if (st != 200) {
        int rc = refused(st, &b);
        free(b.buf);
        return rc;
    }
    cJSON *r = cJSON_Parse(b.buf ? b.buf : "");
    const cJSON *v;
    int n = 0;
    cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(r, "published")) {
        printf("version %-6.0f needs level %.0f  %.0f files\n", jnum(v, "version"), jnum(v, "needs"),
               jnum(v, "files"));
        n++;
    }
    if (!n)
        printf("no catalogue published\n");
    printf("fault: %s\nserved: %.0f manifests, %.0f unchanged (304), %.0f files\n",
           *jstr(r, "fault") ? jstr(r, "fault") : "none", jnum(r, "manifests"), jnum(r, "unchanged"),
           jnum(r, "file_gets"));
    cJSON_Delete(r);
    free(b.buf);
    return 0;
}

/* Publishes dir as catalogue version, needing level needs (NULL: 1). */
static int cmd_publish(const cli_opts *o, const char *dir, const char *version, const char *needs)
{
    char *end;
    long v = strtol(version, &end, 10), l = needs ? 0 : 1;
    if (*end || v < 1 || v > 2000000000L || (needs && ((l = strtol(needs, &end, 10)) < 1 || *end))) {
        fprintf(stderr, "county-sim admin: publish DIR VERSION [NEEDS]: a version 1..2000000000 "
                        "and a level 1..1000\n");
        return 2;
    }
    cJSON *q = cJSON_CreateObject();
    cJSON_AddStringToObject(q, "dir", dir);
    cJSON_AddNumberToObject(q, "version", (double)v);
    cJSON_AddNumberToObject(q, "needs", (double)l);
    char *body = cJSON_PrintUnformatted(q);
    cJSON_Delete(q);
    cli_buf b = {0};
    long st = body ? call(o, "POST", "/admin/catalogue", body, &b) : 0;
    free(body);
    int rc = st == 200 ? 0 : refused(st, &b);
    if (!rc)
        printf("published %s as catalogue version %ld, needing level %ld\n", dir, v, l);
    free(b.buf);
    return rc;
}

int sim_cli_main(int argc, char **argv)
{
    cli_opts o = {"https://127.0.0.1:8443", NULL, 0};
    if (access("sim-tls/sim-cert.pem", R_OK) == 0)
        o.ca = "sim-tls/sim-cert.pem";
    int i = 1;
    for (; i < argc && !strncmp(argv[i], "--", 2); i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--insecure")) {
            o.insecure = 1;
        } else if ((!strcmp(a, "--url") || !strcmp(a, "--ca")) && i + 1 < argc) {
            *(!strcmp(a, "--url") ? &o.url : &o.ca) = argv[++i];
        } else {
            fprintf(stderr, "county-sim admin: unknown option %s (county-sim admin help)\n", a);
            return 2;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[i];
    int left = argc - i - 1;
    char **arg = argv + i + 1;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    int rc = 2;
    if (!strcmp(cmd, "help")) {
        usage(stdout);
        rc = 0;
    } else if (!strcmp(cmd, "list") && left == 0) {
        rc = cmd_list(&o);
    } else if (!strcmp(cmd, "attachments") && left == 0) {
        rc = cmd_attachments(&o);
    } else if (!strcmp(cmd, "show") && left == 1) {
        rc = cmd_show_or_move(&o, arg[0], NULL, NULL);
    } else if (!strcmp(cmd, "accept") && left == 1) {
        rc = cmd_show_or_move(&o, arg[0], "accept", NULL);
    } else if (!strcmp(cmd, "return") && left == 2) {
        rc = cmd_show_or_move(&o, arg[0], "return", arg[1]);
    } else if (!strcmp(cmd, "finish") && (left == 1 || left == 2)) {
        rc = cmd_show_or_move(&o, arg[0], "finish", left == 2 ? arg[1] : NULL);
    } else if (!strcmp(cmd, "get") && left == 2) {
        rc = cmd_get(&o, arg[0], arg[1]);
    } else if (!strcmp(cmd, "faults") && left <= 1) {
        rc = cmd_faults(&o, left ? arg[0] : NULL);
    } else if (!strcmp(cmd, "catalogue") && left == 0) {
        rc = cmd_catalogue(&o);
    } else if (!strcmp(cmd, "publish") && (left == 2 || left == 3)) {
        rc = cmd_publish(&o, arg[0], arg[1], left == 3 ? arg[2] : NULL);
    } else {
        fprintf(stderr, "county-sim admin: unknown command or wrong arguments: %s (county-sim admin help)\n",
                cmd);
    }
    curl_global_cleanup();
    return rc;
}
