/* batch.h - renew every certificate that is due, in parallel (cron). */
#ifndef ACMETUI_BATCH_H
#define ACMETUI_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "lifecycle/lc.h"
#include "util/err.h"

/* Most parallel workers, whatever -j says. */
#define BATCH_JOBS_MAX 64
/* How long a worker may hold a certificate before another run may take
 * it over (a crashed run frees its certificates after this; a run on the
 * same host gives back at once the leases of a pid that is gone). */
#define BATCH_LEASE_TTL_S 3600
/* Orders one account may have in flight at once unless --per-account
 * says otherwise, so that -j 32 does not stampede one CA. */
#define BATCH_PER_ACCOUNT_DEFAULT 4

struct batch_opts {
	const char *db_path;	/* NULL: the default inventory */
	const char *ca_file;	/* run-wide extra CA, or NULL */
	int jobs;		/* parallel workers, 1..BATCH_JOBS_MAX */
	int per_account;	/* concurrent orders per account; 0: default */
	int dry_run;		/* list what is due; change nothing */
	long wait_ms;		/* per certificate; 0: LC_WAIT_DEFAULT_MS */
	lc_progress_fn progress; /* called from worker threads, serialized */
	void *progress_ud;
};

enum batch_outcome {
	BATCH_RENEWED,
	BATCH_FAILED,
	BATCH_PENDING,	/* the CA is still working; next run resumes */
	BATCH_SKIPPED,	/* another run holds it, no longer due, or held
			 * back near the CA's new-order limit */
	BATCH_DUE	/* --dry-run: would be renewed */
};

struct batch_item {
	char *name;
	enum batch_outcome outcome;
	enum acme_rc rc;
	char error[ERR_MSG_MAX];
};

struct batch_result {
	struct batch_item *items;	/* one per certificate found due */
	size_t n;
	size_t counts[BATCH_DUE + 1];	/* by outcome */
};

/* First asks the CA's ARI about the certificates whose ARI poll time has
 * passed (renewal_info.h; not with dry_run), then finds the due
 * certificates with one indexed query and renews them with opts->jobs
 * workers, each on its own inventory connection, each certificate under
 * a lease so that concurrent runs never renew it twice, at most
 * opts->per_account at once per account (a worker takes another
 * account's certificate meanwhile, or waits), and none ordered near the
 * CA's documented new-order limit (ratelimit.h: skipped).  Nothing due
 * and nothing to poll costs three empty index range scans.  Watched
 * certificates (imported, not issued by acmetui) are never renewed; those
 * with stored endpoints are probed, each verdict an event.  *res (caller clears) says what
 * happened to each; the return value is about the run itself (inventory
 * unusable), not about individual certificates. */
enum acme_rc batch_renew_due(const struct batch_opts *opts,
			     struct batch_result *res, struct err *e);

/* Releases res; safe on a zeroed struct. */
void batch_result_clear(struct batch_result *res);

/* "renewed", "failed", ... (static). */
const char *batch_outcome_name(enum batch_outcome o);

#endif
