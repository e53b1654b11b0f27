/* batch.c - the cron mode: renew what is due, in parallel. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/store.h"
#include "db/store_certs.h"
#include "db/store_leases.h"
#include "lifecycle/batch.h"
#include "lifecycle/lc.h"

struct batch {
	const struct batch_opts *opts;
	struct cert_due *due;
	struct batch_result *res;
	struct solver_pool *pool;
	pthread_mutex_t lock;	/* next, progress calls */
	size_t next;
	char host[128];
};

struct worker {
	struct batch *b;
	int index;
};

const char *batch_outcome_name(enum batch_outcome o)
{
	static const char *const names[] = { "renewed", "failed", "pending",
					     "skipped", "due" };

	return (unsigned)o <= BATCH_DUE ? names[o] : "unknown";
}

void batch_result_clear(struct batch_result *res)
{
	size_t i;

	for (i = 0; res->items != NULL && i < res->n; i++)
		free(res->items[i].name);
	free(res->items);
	memset(res, 0, sizeof(*res));
}

/* Serializes the progress callback across workers. */
static void locked_progress(void *ud, const char *subject, const char *stage,
			    const char *level, const char *message)
{
	struct batch *b = ud;

	pthread_mutex_lock(&b->lock);
	b->opts->progress(b->opts->progress_ud, subject, stage, level,
			  message);
	pthread_mutex_unlock(&b->lock);
}

/* Renews one certificate under its lease. */
static void renew_one(struct batch *b, struct lc *lc, const char *owner,
		      size_t i)
{
	struct batch_item *it = &b->res->items[i];
	struct err e = { 0 };
	int acquired = 0;
	enum acme_rc rc;

	rc = store_lease_acquire_due(lc->st, b->due[i].id, owner, time(NULL),
				     BATCH_LEASE_TTL_S, &acquired, &e);
	if (rc != RC_OK || !acquired) {
		it->outcome = rc == RC_OK ? BATCH_SKIPPED : BATCH_FAILED;
		it->rc = rc;
		snprintf(it->error, sizeof(it->error), "%s",
			 rc == RC_OK ? _("another run is renewing it, or it "
					 "is no longer due")
				     : err_text(&e));
		return;
	}
	rc = lc_cert_issue(lc, b->due[i].name, LC_RENEW, &e);
	it->rc = rc;
	it->outcome = rc == RC_OK	   ? BATCH_RENEWED
		      : rc == RC_PENDING ? BATCH_PENDING
					 : BATCH_FAILED;
	if (rc != RC_OK)
		snprintf(it->error, sizeof(it->error), "%s", err_text(&e));
	store_lease_release(lc->st, b->due[i].id, owner, NULL);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct batch *b = w->b;
	struct store *st = NULL;
	struct err e = { 0 };
	struct lc lc = { 0 };
	char owner[200];
	size_t i;

	snprintf(owner, sizeof(owner), "%s:%ld:%d", b->host, (long)getpid(),
		 w->index);
	if (store_open(b->opts->db_path, &st, &e) != RC_OK)
		st = NULL;
	lc.st = st;
	lc.ca_file = b->opts->ca_file;
	lc_env_defaults(&lc);
	lc.wait_ms = b->opts->wait_ms;
	lc.pool = b->pool;
	lc.progress = b->opts->progress ? locked_progress : NULL;
	lc.progress_ud = b;
	for (;;) {
		pthread_mutex_lock(&b->lock);
		i = b->next++;
		pthread_mutex_unlock(&b->lock);
		if (i >= b->res->n)
			break;
		if (st == NULL) {
			b->res->items[i].outcome = BATCH_FAILED;
			b->res->items[i].rc = e.rc;
			snprintf(b->res->items[i].error, ERR_MSG_MAX, "%s",
				 err_text(&e));
			continue;
		}
		renew_one(b, &lc, owner, i);
	}
	store_close(st);
	return NULL;
}

/* Runs the workers over every due certificate. */
static void run_workers(struct batch *b, int jobs)
{
	pthread_t tids[BATCH_JOBS_MAX];
	struct worker ws[BATCH_JOBS_MAX];
	int i, started = 0;

	for (i = 0; i < jobs; i++) {
		ws[i].b = b;
		ws[i].index = i;
		if (pthread_create(&tids[i], NULL, worker_main, &ws[i]) != 0)
			break;
		started++;
	}
	if (started == 0)
		worker_main(&ws[0]); /* no threads to be had: do it here */
	for (i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
}

enum acme_rc batch_renew_due(const struct batch_opts *opts,
			     struct batch_result *res, struct err *e)
{
	struct batch b = { 0 };
	struct store *st = NULL;
	size_t n = 0, i;
	enum acme_rc rc;
	int jobs;

	memset(res, 0, sizeof(*res));
	rc = store_open(opts->db_path, &st, e);
	if (rc == RC_OK)
		rc = store_cert_list_due(st, time(NULL), &b.due, &n, e);
	store_close(st);
	if (rc != RC_OK || n == 0)
		goto out;
	res->items = calloc(n, sizeof(*res->items));
	if (res->items == NULL) {
		rc = err_set(e, RC_NOMEM, "%s", acme_rc_str(RC_NOMEM));
		goto out;
	}
	res->n = n;
	for (i = 0; i < n; i++) {
		res->items[i].name = strdup(b.due[i].name);
		res->items[i].outcome = BATCH_DUE;
	}
	if (!opts->dry_run) {
		b.opts = opts;
		b.res = res;
		b.pool = solver_pool_new();
		pthread_mutex_init(&b.lock, NULL);
		if (gethostname(b.host, sizeof(b.host) - 1) != 0)
			snprintf(b.host, sizeof(b.host), "localhost");
		jobs = opts->jobs < 1 ? 1 : opts->jobs;
		if (jobs > BATCH_JOBS_MAX)
			jobs = BATCH_JOBS_MAX;
		if ((size_t)jobs > n)
			jobs = (int)n;
		run_workers(&b, jobs);
		pthread_mutex_destroy(&b.lock);
		solver_pool_free(b.pool);
	}
	for (i = 0; i < n; i++)
		res->counts[res->items[i].outcome]++;
out:
	cert_due_free(b.due, n);
	return rc;
}
