/* SPDX-License-Identifier: ISC */
/* batch.c - the cron mode: renew what is due, in parallel. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "acme/http.h"
#include "util/url.h"
#include "db/store.h"
#include "db/store_certs.h"
#include "db/store_leases.h"
#include "lifecycle/batch.h"
#include "lifecycle/batchhooks.h"
#include "lifecycle/dryrun.h"
#include "lifecycle/lc.h"
#include "monitor/probe.h"
#include "lifecycle/ratelimit.h"
#include "lifecycle/reloads.h"
#include "lifecycle/renewal_info.h"
#include "util/utctime.h"

struct batch;

/* What a worker does with item i of the current phase. */
typedef void (*batch_work_fn)(struct batch *b, struct lc *lc, const char *owner,
			      size_t i);

struct batch {
	const struct batch_opts *opts;
	struct batch_result *res;
	struct lc_pool *pool;
	pthread_mutex_t lock; /* the fields below, progress calls */
	pthread_cond_t freed; /* an account's or CA's slot was given
				 * back */
	/* The current phase: items, what to do with them, and the
	 * per-account and per-CA bookkeeping of the concurrency caps. */
	struct cert_due *due;
	size_t n;
	batch_work_fn work;
	unsigned char *taken; /* item i handed to a worker */
	size_t first;	      /* no untaken item before this one */
	size_t left;	      /* items not yet handed out */
	size_t *acct_of;      /* item -> index in active[] */
	int *active;	      /* orders running per account */
	size_t *ca_of;	      /* account index -> index in active_ca[] */
	int *active_ca;	      /* orders running per CA */
	int per_account;
	int per_ca;
	char host[128];
	struct batch_hooks hooks; /* pre and post hooks */
	/* The renewals' deploys, for one reload per command after the
	 * last renewal (reloads.h); NULL in other phases and dry runs. */
	struct lc_reloads *reloads;
};

struct worker {
	struct batch *b;
	int index;
};

const char *batch_outcome_name(enum batch_outcome o)
{
	static const char *const names[] = { "renewed", "failed", "pending",
					     "skipped", "due",	  "deployed",
					     "tested" };

	return (unsigned)o < BATCH__COUNT ? names[o] : "unknown";
}

void batch_ca_origin(const char *url, char *out, size_t outsz)
{
	if (outsz > 0 && url_origin_text(url, out, outsz) != 0)
		snprintf(out, outsz, "%s", url);
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
	b->opts->progress(b->opts->progress_ud, subject, stage, level, message);
	pthread_mutex_unlock(&b->lock);
}

/* After a renewal (and its deploy), checks the endpoints stored with the
 * certificate: the verdicts become Monitoring events ("serving an older
 * certificate" means the reload did not take).  Certificates without
 * stored endpoints are not probed from cron. */
static void probe_after_renewal(struct lc *lc, const char *name)
{
	struct cert_row c = { 0 };
	struct probe_result *res = NULL;
	struct err e = { 0 };
	size_t n = 0;

	if (store_cert_get_by_name(lc->st, name, &c, NULL) == RC_OK &&
	    c.probe_endpoints != NULL && c.probe_endpoints[0] != '\0')
		lc_cert_probe(lc, name, NULL, 0, &res, &n, &e);
	probe_results_free(res, n);
	cert_row_clear(&c);
}

/* Skips item i when it is in backoff after a failure, saying until
 * when.  Returns 1 when skipped. */
static int in_backoff(struct batch *b, size_t i)
{
	struct batch_item *it = &b->res->items[i];
	time_t until = (time_t)b->due[i].retry_after;
	char when[32];

	if (b->due[i].retry_after <= (int64_t)time(NULL))
		return 0;
	if (utc_text(until, UTC_SECOND, when, sizeof(when)) == NULL)
		snprintf(when, sizeof(when), "%lld", (long long)until);
	it->outcome = BATCH_SKIPPED;
	it->rc = RC_OK;
	snprintf(it->error, sizeof(it->error), _("backoff until %s"), when);
	return 1;
}

/* Deploys again a certificate whose deploy failed (no new order), under
 * its lease; a failure records the next backoff (lc_cert_deploy). */
static void deploy_one(struct batch *b, struct lc *lc, const char *owner,
		       size_t i)
{
	struct batch_item *it = &b->res->items[i];
	struct cert_row c = { 0 };
	struct err e = { 0 };
	int acquired = 0;
	enum rc rc;

	rc = store_lease_acquire(lc->st, b->due[i].id, owner, time(NULL),
				 BATCH_LEASE_TTL_S, &acquired, &e);
	if (rc != RC_OK || !acquired) {
		it->outcome = rc == RC_OK ? BATCH_SKIPPED : BATCH_FAILED;
		it->rc = rc;
		snprintf(it->error, sizeof(it->error), "%s",
			 rc == RC_OK ? _("another run holds it")
				     : err_text(&e));
		return;
	}
	/* Another run may have deployed it since the list was read. */
	rc = store_cert_get_by_id(lc->st, b->due[i].id, &c, &e);
	if (rc == RC_OK && (c.stage != CERT_STAGE_INSTALLATION ||
			    c.status != CERT_STATUS_ERROR)) {
		it->outcome = BATCH_SKIPPED;
		snprintf(it->error, sizeof(it->error), "%s",
			 _("deployed meanwhile by another run"));
		goto out;
	}
	if (rc == RC_OK) {
		lc_event(lc, b->due[i].id, 0, b->due[i].name,
			 LC_STAGE_INSTALLATION, "info", "%s",
			 _("deploying again after a failed deploy (no new "
			   "order)"));
		rc = lc_cert_deploy(lc, b->due[i].name, &e);
	}
	it->rc = rc;
	it->outcome = rc == RC_OK ? BATCH_DEPLOYED : BATCH_FAILED;
	if (rc != RC_OK)
		snprintf(it->error, sizeof(it->error), "%s", err_text(&e));
	else if (lc->reloads == NULL)
		probe_after_renewal(lc, b->due[i].name);
out:
	cert_row_clear(&c);
	store_lease_release(lc->st, b->due[i].id, owner, NULL);
}

/* Runs the pre hooks item i needs (the run's, the certificate's own),
 * once per batch, and notes its post hooks. */
static enum rc hooks_before(struct batch *b, struct lc *lc, size_t i,
			    struct err *e)
{
	struct cert_row c = { 0 };
	enum rc rc;

	rc = store_cert_get_by_id(lc->st, b->due[i].id, &c, e);
	if (rc == RC_OK)
		rc = batch_hooks_before(&b->hooks, c.pre_hook, c.post_hook, e);
	cert_row_clear(&c);
	return rc;
}

/* Renews one certificate under its lease (phase 2); a deploy-only item
 * goes to deploy_one, one in backoff is skipped. */
static void renew_one(struct batch *b, struct lc *lc, const char *owner,
		      size_t i)
{
	struct batch_item *it = &b->res->items[i];
	struct err e = { 0 };
	int acquired = 0;
	enum rc rc;

	if (in_backoff(b, i))
		return;
	if (b->due[i].deploy_only) {
		deploy_one(b, lc, owner, i);
		return;
	}
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
	/* Held back near the CA's rate limit: not a failure, next run. */
	rc = lc_cert_ratelimit_check(lc, b->due[i].name, &e);
	if (rc == RC_OK)
		rc = hooks_before(b, lc, i, &e);
	if (rc == RC_OK)
		rc = lc_cert_issue(lc, b->due[i].name, LC_RENEW, &e);
	else if (rc == RC_RATELIMIT)
		it->outcome = BATCH_SKIPPED;
	it->rc = rc;
	if (it->outcome != BATCH_SKIPPED)
		it->outcome = rc == RC_OK	 ? BATCH_RENEWED
			      : rc == RC_PENDING ? BATCH_PENDING
						 : BATCH_FAILED;
	if (rc != RC_OK)
		snprintf(it->error, sizeof(it->error), "%s", err_text(&e));
	else if (lc->reloads == NULL)
		probe_after_renewal(lc, b->due[i].name);
	store_lease_release(lc->st, b->due[i].id, owner, NULL);
}

/* --dry-run: rehearses one certificate at its staging server
 * (dryrun.h); no lease, since nothing of the certificate changes. */
static void dry_one(struct batch *b, struct lc *lc, const char *owner, size_t i)
{
	struct batch_item *it = &b->res->items[i];
	enum dryrun_verdict v = DRYRUN_FAILED;
	struct err e = { 0 };
	enum rc rc;

	(void)owner;
	if (b->due[i].deploy_only) {
		it->outcome = BATCH_DUE;
		snprintf(it->error, sizeof(it->error), "%s",
			 _("would deploy again after a failed deploy (no new "
			   "order)"));
		return;
	}
	rc = hooks_before(b, lc, i, &e);
	if (rc == RC_OK)
		rc = lc_cert_dry_run(lc, b->due[i].name, b->opts->staging_url,
				     &v, it->error, sizeof(it->error), &e);
	it->rc = rc;
	if (rc != RC_OK) {
		it->outcome = BATCH_FAILED;
		snprintf(it->error, sizeof(it->error), "%s", err_text(&e));
		return;
	}
	it->outcome = v == DRYRUN_OK	   ? BATCH_TESTED
		      : v == DRYRUN_FAILED ? BATCH_FAILED
					   : BATCH_DUE;
}

/* Asks the CA's ARI about one certificate (phase 1).  Its failures are
 * recorded as events and retried at the next poll; they do not make the
 * run fail. */
static void ari_one(struct batch *b, struct lc *lc, const char *owner, size_t i)
{
	struct err e = { 0 };

	(void)owner;
	if (lc_cert_ari_check(lc, b->due[i].id, &e) != RC_OK)
		lc_event(lc, b->due[i].id, 0, b->due[i].name,
			 LC_STAGE_MONITORING, "warn",
			 _("checking renewal information: %s"), err_text(&e));
}

/* Probes the endpoints stored with one watched certificate (a phase of
 * its own): each verdict becomes a Monitoring event, as after a renewal.
 * A failure to probe is an event too; it does not make the run fail. */
static void watch_one(struct batch *b, struct lc *lc, const char *owner,
		      size_t i)
{
	struct probe_result *res = NULL;
	struct err e = { 0 };
	size_t n = 0;

	(void)owner;
	if (lc_cert_probe(lc, b->due[i].name, NULL, 0, &res, &n, &e) != RC_OK)
		lc_event(lc, b->due[i].id, 0, b->due[i].name,
			 LC_STAGE_MONITORING, "warn",
			 _("probing the watched certificate: %s"),
			 err_text(&e));
	probe_results_free(res, n);
}

/* Hands out the next item whose account and CA are both below their
 * caps, sleeping on b->freed (no busy-waiting) while every remaining
 * item's account or CA is at its cap.  Returns 0 when nothing is left.
 * Called with b->lock held. */
static int take_next(struct batch *b, size_t *out)
{
	size_t i, a;

	while (b->left > 0) {
		while (b->first < b->n && b->taken[b->first])
			b->first++;
		for (i = b->first; i < b->n; i++) {
			a = b->acct_of[i];
			if (b->taken[i] || b->active[a] >= b->per_account ||
			    b->active_ca[b->ca_of[a]] >= b->per_ca)
				continue;
			b->taken[i] = 1;
			b->left--;
			b->active[a]++;
			b->active_ca[b->ca_of[a]]++;
			*out = i;
			return 1;
		}
		pthread_cond_wait(&b->freed, &b->lock);
	}
	return 0;
}

/* Gives item i's account and CA slots back and wakes the waiting
 * workers. */
static void give_back(struct batch *b, size_t i)
{
	size_t a = b->acct_of[i];

	pthread_mutex_lock(&b->lock);
	b->active[a]--;
	b->active_ca[b->ca_of[a]]--;
	pthread_cond_broadcast(&b->freed);
	pthread_mutex_unlock(&b->lock);
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
	int more;

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
	lc.reloads = b->reloads;
	for (;;) {
		pthread_mutex_lock(&b->lock);
		more = take_next(b, &i);
		pthread_mutex_unlock(&b->lock);
		if (!more)
			break;
		if (st != NULL)
			b->work(b, &lc, owner, i);
		else if (b->work != ari_one) {
			b->res->items[i].outcome = BATCH_FAILED;
			b->res->items[i].rc = e.rc;
			snprintf(b->res->items[i].error, ERR_MSG_MAX, "%s",
				 err_text(&e));
		}
		give_back(b, i);
	}
	store_close(st);
	return NULL;
}

/* Assigns every item its account index (acct_of) and every account its
 * CA index (ca_of: accounts whose directory URLs share an origin share
 * one).  Accounts are few: a linear search per item is cheaper than a
 * hash table and keeps the caps' state in small arrays.  RC_NOMEM when
 * memory runs out. */
static enum rc assign_slots(struct batch *b, const struct cert_due *due,
			    size_t n, struct err *e)
{
	char(*origin)[BATCH_ORIGIN_MAX] = NULL;
	size_t *first_item = NULL;
	size_t i, k, n_acct = 0, n_ca = 0;
	enum rc rc = RC_OK;

	first_item = calloc(n, sizeof(*first_item));
	origin = calloc(n, sizeof(*origin));
	if (first_item == NULL || origin == NULL) {
		rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		goto out;
	}
	for (i = 0; i < n; i++) {
		for (k = 0; k < i; k++)
			if (due[k].account_id == due[i].account_id)
				break;
		if (k < i) {
			b->acct_of[i] = b->acct_of[k];
			continue;
		}
		first_item[n_acct] = i;
		b->acct_of[i] = n_acct++;
	}
	for (i = 0; i < n_acct; i++) {
		const struct cert_due *d = &due[first_item[i]];
		const char *url = d->directory_url ? d->directory_url : "";

		/* A dry run talks to the staging server; without an
		 * override, a CA's staging server counts as the CA. */
		if (b->opts->dry_run && b->opts->staging_url != NULL)
			url = b->opts->staging_url;
		batch_ca_origin(url, origin[n_ca], sizeof(origin[n_ca]));
		for (k = 0; k < n_ca; k++)
			if (strcmp(origin[k], origin[n_ca]) == 0)
				break;
		b->ca_of[i] = k < n_ca ? k : n_ca++;
	}
out:
	free(first_item);
	free(origin);
	return rc;
}

/* Runs up to jobs workers over b->due[0..n) with work.  RC_NOMEM when
 * the bookkeeping of the caps cannot be had. */
static enum rc run_phase(struct batch *b, struct cert_due *due, size_t n,
			 batch_work_fn work, int jobs, struct err *e)
{
	pthread_t tids[BATCH_JOBS_MAX];
	struct worker ws[BATCH_JOBS_MAX];
	enum rc rc = RC_OK;
	int started = 0, t;

	b->due = due;
	b->n = n;
	b->work = work;
	b->first = 0;
	b->left = n;
	b->taken = calloc(n, 1);
	b->acct_of = calloc(n, sizeof(*b->acct_of));
	b->active = calloc(n, sizeof(*b->active));
	b->ca_of = calloc(n, sizeof(*b->ca_of));
	b->active_ca = calloc(n, sizeof(*b->active_ca));
	if (b->taken == NULL || b->acct_of == NULL || b->active == NULL ||
	    b->ca_of == NULL || b->active_ca == NULL) {
		rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		goto out;
	}
	rc = assign_slots(b, due, n, e);
	if (rc != RC_OK)
		goto out;
	if ((size_t)jobs > n)
		jobs = (int)n;
	/* Only now, with work to do and before any worker exists: a run with
	 * nothing due never loads the trust store or initialises OpenSSL. */
	rc = http_global_init(e);
	if (rc != RC_OK)
		goto out;
	for (t = 0; t < jobs; t++) {
		ws[t].b = b;
		ws[t].index = t;
		if (pthread_create(&tids[t], NULL, worker_main, &ws[t]) != 0)
			break;
		started++;
	}
	if (started == 0) {
		ws[0].b = b;
		ws[0].index = 0;
		worker_main(&ws[0]); /* no threads to be had: do it here */
	}
	for (t = 0; t < started; t++)
		pthread_join(tids[t], NULL);
out:
	free(b->taken);
	free(b->acct_of);
	free(b->active);
	free(b->ca_of);
	free(b->active_ca);
	b->taken = NULL;
	b->acct_of = NULL;
	b->active = NULL;
	b->ca_of = NULL;
	b->active_ca = NULL;
	return rc;
}

/* 1 when lease owner "host:pid:worker" names a process of this host that
 * no longer exists (a run killed with -9 or a power cut).  A live pid,
 * even one reused by something else, keeps the lease until it expires:
 * waiting is safe, ordering twice is not. */
static int owner_is_dead(const char *owner, const char *host)
{
	const char *last = strrchr(owner, ':'), *p;
	size_t hlen = strlen(host);
	char *end = NULL;
	long pid;

	if (last == NULL || last == owner)
		return 0;
	for (p = last - 1; p > owner && *p != ':'; p--)
		;
	if (*p != ':' || (size_t)(p - owner) != hlen ||
	    strncmp(owner, host, hlen) != 0)
		return 0;
	pid = strtol(p + 1, &end, 10);
	if (end != last || pid <= 1 || pid == (long)getpid())
		return 0;
	return kill((pid_t)pid, 0) == -1 && errno == ESRCH;
}

/* Gives back the leases of this host's runs that died, so that their
 * certificates are renewed (resuming the order in flight) now instead of
 * after BATCH_LEASE_TTL_S.  One range scan, empty without leases. */
static void reclaim_dead_leases(struct batch *b, struct store *st)
{
	struct cert_lease *rows = NULL;
	size_t n = 0, i;

	if (store_cert_list_leased(st, time(NULL), &rows, &n, NULL) != RC_OK)
		return;
	for (i = 0; i < n; i++)
		if (rows[i].owner != NULL &&
		    owner_is_dead(rows[i].owner, b->host))
			store_lease_release(st, rows[i].id, rows[i].owner,
					    NULL);
	cert_leases_free(rows, n);
}

/* Phase 1: asks the CA's ARI about every certificate whose poll time has
 * passed, so that a window the CA moved earlier makes the certificate due
 * in phase 2 of this same run.  Nothing to poll costs one empty range
 * scan. */
static enum rc ari_phase(struct batch *b, struct store *st, int jobs,
			 struct err *e)
{
	struct cert_due *due = NULL;
	size_t n = 0;
	enum rc rc;

	rc = store_cert_list_ari_due(st, time(NULL), &due, &n, e);
	if (rc == RC_OK && n > 0)
		rc = run_phase(b, due, n, ari_one, jobs, e);
	cert_due_free(due, n);
	return rc;
}

/* 1 when name is one of the run's names (or the run names none). */
static int named(const struct batch_opts *o, const char *name)
{
	size_t i;

	if (o->n_names == 0)
		return 1;
	for (i = 0; i < o->n_names; i++)
		if (strcmp(o->names[i], name) == 0)
			return 1;
	return 0;
}

/* Keeps only the rows of due[0..*n) the run names (opts->names). */
static void keep_named(const struct batch_opts *o, struct cert_due *due,
		       size_t *n)
{
	size_t i, k = 0;

	for (i = 0; i < *n; i++) {
		if (named(o, due[i].name)) {
			due[k++] = due[i];
			continue;
		}
		free(due[i].name);
		free(due[i].directory_url);
	}
	*n = k;
}

/* What this run works on: the due certificates (store_cert_list_due; a
 * dry run with --all or names: every issued one, due or not), then the
 * failed deploys to do again (store_cert_list_deploy_due), those the run
 * names only, in *due (free with cert_due_free), *n of them. */
static enum rc list_work(const struct batch_opts *o, struct store *st,
			 int64_t now, struct cert_due **due, size_t *n,
			 struct err *e)
{
	struct cert_due *dep = NULL, *all;
	size_t n_dep = 0;
	enum rc rc;

	/* Every issued certificate has a renewal time: "due by the end of
	 * time" is all of them, in the same indexed scan. */
	if (o->dry_run && (o->all || o->n_names > 0))
		now = INT64_MAX;
	rc = store_cert_list_due(st, now, due, n, e);
	if (rc == RC_OK)
		rc = store_cert_list_deploy_due(st, now, &dep, &n_dep, e);
	if (rc != RC_OK || n_dep == 0)
		goto out;
	all = realloc(*due, (*n + n_dep) * sizeof(*all));
	if (all == NULL) {
		rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		goto out;
	}
	memcpy(all + *n, dep, n_dep * sizeof(*all));
	*due = all;
	*n += n_dep;
	free(dep); /* the strings moved into *due */
	dep = NULL;
	n_dep = 0;
out:
	cert_due_free(dep, n_dep);
	if (rc == RC_OK)
		keep_named(o, *due, n);
	return rc;
}

/* Probes the watched certificates (imported, not issued by acmetui)
 * that have endpoints: nothing renews them, so each run checks what is
 * served instead.  Their expiry warnings come with the others' after the
 * run (notify/runreport.c).  None watched costs one empty range scan. */
static enum rc watch_phase(struct batch *b, struct store *st, int jobs,
			   struct err *e)
{
	struct cert_due *rows = NULL;
	size_t n = 0;
	enum rc rc;

	rc = store_cert_list_watched_probes(st, &rows, &n, e);
	if (rc == RC_OK && n > 0)
		rc = run_phase(b, rows, n, watch_one, jobs, e);
	cert_due_free(rows, n);
	return rc;
}

/* The reload phase's view of the batch. */
struct reload_phase {
	struct batch *b;
	struct lc *lc;
};

/* Records how the deploy of certificate id went in its batch item; a
 * deployed one is probed now that its server has reloaded. */
static void deployed(void *ud, int64_t id, enum rc rc, const char *why)
{
	struct reload_phase *rp = ud;
	struct batch *b = rp->b;
	struct batch_item *it;
	size_t i;

	for (i = 0; i < b->n && b->due[i].id != id; i++)
		;
	if (i == b->n)
		return;
	it = &b->res->items[i];
	if (rc != RC_OK) {
		it->outcome = BATCH_FAILED;
		it->rc = rc;
		snprintf(it->error, sizeof(it->error), "%s", why);
	} else if (why[0] != '\0') {
		it->outcome = BATCH_SKIPPED;
		snprintf(it->error, sizeof(it->error), "%s", why);
	} else {
		probe_after_renewal(rp->lc, b->due[i].name);
	}
}

/* After the last renewal: installs what the renewals left (reloads.h),
 * one reload per distinct reload command. */
static void reload_phase(struct batch *b)
{
	struct reload_phase rp = { 0 };
	struct store *st = NULL;
	struct err e = { 0 };
	struct lc lc = { 0 };
	char owner[200];

	rp.b = b;
	rp.lc = &lc;
	if (store_open(b->opts->db_path, &st, &e) != RC_OK) {
		lc_reloads_fail(b->reloads, e.rc, err_text(&e), deployed, &rp);
		return;
	}
	snprintf(owner, sizeof(owner), "%s:%ld:reload", b->host,
		 (long)getpid());
	lc.st = st;
	lc.ca_file = b->opts->ca_file;
	lc_env_defaults(&lc);
	lc.progress = b->opts->progress ? locked_progress : NULL;
	lc.progress_ud = b;
	lc_reloads_run(b->reloads, &lc, owner, BATCH_LEASE_TTL_S, deployed,
		       &rp);
	store_close(st);
}

/* Runs the post hooks the renewals noted (batchhooks.h); a failure goes
 * to the result: the renewals themselves are done. */
static void post_hooks(struct batch *b)
{
	struct err e = { 0 };

	if (batch_hooks_after(&b->hooks, &e) != RC_OK)
		snprintf(b->res->hook_error, sizeof(b->res->hook_error), "%s",
			 err_text(&e));
}

enum rc batch_renew_due(const struct batch_opts *opts, struct batch_result *res,
			struct err *e)
{
	struct batch b = { 0 };
	struct store *st = NULL;
	struct cert_due *due = NULL;
	size_t n = 0, i;
	enum rc rc;
	int jobs, sync = 0;

	memset(res, 0, sizeof(*res));
	b.opts = opts;
	b.res = res;
	b.per_account = opts->per_account > 0 ? opts->per_account
					      : BATCH_PER_ACCOUNT_DEFAULT;
	b.per_ca = opts->per_ca > 0 ? opts->per_ca : BATCH_PER_CA_DEFAULT;
	jobs = opts->jobs < 1 ? 1 : opts->jobs;
	if (jobs > BATCH_JOBS_MAX)
		jobs = BATCH_JOBS_MAX;
	if (gethostname(b.host, sizeof(b.host) - 1) != 0)
		snprintf(b.host, sizeof(b.host), "localhost");
	rc = store_open(opts->db_path, &st, e);
	if (rc != RC_OK)
		goto out;
	pthread_mutex_init(&b.lock, NULL);
	pthread_cond_init(&b.freed, NULL);
	batch_hooks_init(&b.hooks, opts->pre_hook, opts->post_hook,
			 opts->progress, opts->progress_ud);
	sync = 1;
	if (!opts->dry_run) {
		reclaim_dead_leases(&b, st);
		rc = ari_phase(&b, st, jobs, e);
		if (rc == RC_OK)
			rc = watch_phase(&b, st, jobs, e);
	}
	if (rc == RC_OK)
		rc = list_work(opts, st, time(NULL), &due, &n, e);
	store_close(st);
	st = NULL;
	if (rc != RC_OK || n == 0)
		goto out;
	res->items = calloc(n, sizeof(*res->items));
	if (res->items == NULL) {
		rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		goto out;
	}
	res->n = n;
	for (i = 0; i < n; i++) {
		res->items[i].name = strdup(due[i].name);
		res->items[i].outcome = BATCH_DUE;
		if (res->items[i].name == NULL) {
			rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
			goto out;
		}
	}
	b.pool = lc_pool_new();
	if (b.pool == NULL) {
		rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		goto out;
	}
	if (!opts->dry_run) {
		b.reloads = lc_reloads_new();
		if (b.reloads == NULL) {
			rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
			lc_pool_free(b.pool);
			goto out;
		}
	}
	rc = run_phase(&b, due, n, opts->dry_run ? dry_one : renew_one, jobs,
		       e);
	lc_pool_free(b.pool);
	if (b.reloads != NULL) {
		reload_phase(&b);
		lc_reloads_free(b.reloads);
		b.reloads = NULL;
	}
	post_hooks(&b);
	for (i = 0; i < n; i++)
		res->counts[res->items[i].outcome]++;
out:
	store_close(st);
	if (sync) {
		batch_hooks_clear(&b.hooks);
		pthread_cond_destroy(&b.freed);
		pthread_mutex_destroy(&b.lock);
	}
	cert_due_free(due, n);
	return rc;
}
