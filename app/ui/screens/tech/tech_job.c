/* tech_job.c — one slow technician action (network, registration, upload
 * pass) on a thread of its own, so the screen keeps answering (tech_int.h). */
#include <SDL.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plat_input.h"
#include "ui/screens/tech/tech_int.h"

struct tech_job {
    pthread_mutex_t mu;
    int refs, done, rc;
    tech_job_fn fn;
    void *ud;
    char *arg;
    char msg[TECH_JOB_MSG];
};

static void job_release(tech_job *j)
{
    pthread_mutex_lock(&j->mu);
    int left = --j->refs;
    pthread_mutex_unlock(&j->mu);
    if (left)
        return;
    pthread_mutex_destroy(&j->mu);
    if (j->arg) {
        memset(j->arg, 0, strlen(j->arg)); /* a registration code */
        free(j->arg);
    }
    free(j);
}

static void *job_run(void *arg)
{
    tech_job *j = arg;
    char msg[TECH_JOB_MSG] = "";
    int rc = j->fn(j->ud, j->arg, msg, sizeof msg);
    pthread_mutex_lock(&j->mu);
    memcpy(j->msg, msg, sizeof msg);
    j->rc = rc;
    j->done = 1;
    pthread_mutex_unlock(&j->mu);
    job_release(j);
    plat_input_wake(); /* the page's tick takes the result */
    /* SDL's per-thread error text (the speaker test): a thread SDL did not
     * make drops it itself */
    SDL_TLSCleanup();
    return NULL;
}

tech_job *tech_job_start(tech_job_fn fn, void *ud, const char *arg)
{
    tech_job *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    j->fn = fn;
    j->ud = ud;
    j->arg = arg ? strdup(arg) : NULL;
    j->refs = 2;
    if ((arg && !j->arg) || pthread_mutex_init(&j->mu, NULL) != 0) {
        free(j->arg);
        free(j);
        return NULL;
    }
    pthread_t th;
    if (pthread_create(&th, NULL, job_run, j) != 0) {
        j->refs = 1;
        job_release(j);
        return NULL;
    }
    pthread_detach(th);
    return j;
}

int tech_job_poll(tech_job *j, int *rc, char *msg, size_t n)
{
    pthread_mutex_lock(&j->mu);
    int done = j->done;
    if (done) {
        *rc = j->rc;
        snprintf(msg, n, "%s", j->msg);
    }
    pthread_mutex_unlock(&j->mu);
    if (done)
        job_release(j);
    return done;
}

void tech_job_drop(tech_job *j)
{
    if (j)
        job_release(j);
}
