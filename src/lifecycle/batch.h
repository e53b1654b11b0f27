/* SPDX-License-Identifier: ISC */
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
/* Orders one CA (the directory URL's origin: scheme://host:port, shared
 * by every account there) may have in flight at once unless --per-ca
 * says otherwise.  Twice the per-account default: two accounts at one CA
 * both run at full width, while a host with many accounts at one CA
 * (one per customer, say) does not open dozens of parallel orders
 * against it, which is what CAs' per-IP request limits punish. */
#define BATCH_PER_CA_DEFAULT 8
/* Longest "scheme://host:port" kept for the per-CA cap. */
#define BATCH_ORIGIN_MAX 300

struct batch_opts {
	const char *db_path;	 /* NULL: the default inventory */
	const char *ca_file;	 /* run-wide extra CA, or NULL */
	int jobs;		 /* parallel workers, 1..BATCH_JOBS_MAX */
	int per_account;	 /* concurrent orders per account; 0: default */
	int per_ca;		 /* concurrent orders per CA; 0: default */
	int dry_run;		 /* rehearse at staging; change nothing
				 * (lifecycle/dryrun.h) */
	const char *staging_url; /* dry run: override the staging server */
	long wait_ms;		 /* per certificate; 0: LC_WAIT_DEFAULT_MS */
	/* Run once before the first renewal (or rehearsal) and once after
	 * the batch, only when something was renewed (batchhooks.h); the
	 * certificates' own pre_hook and post_hook join them.  NULL: none. */
	const char *pre_hook;
	const char *post_hook;
	/* Only these certificates (NULL: every one); names[0..n_names). */
	char *const *names;
	size_t n_names;
	int all;		 /* dry_run: every issued certificate, due or
				 * not, as certbot's renew --dry-run */
	lc_progress_fn progress; /* called from worker threads, serialized */
	void *progress_ud;
};

enum batch_outcome {
	BATCH_RENEWED,
	BATCH_FAILED,
	BATCH_PENDING,	/* the CA is still working; next run resumes */
	BATCH_SKIPPED,	/* another run holds it, no longer due, held
			 * back near the CA's new-order limit, or in
			 * backoff after a failure */
	BATCH_DUE,	/* --dry-run: would be renewed, not rehearsed
			 * (no usable staging server) */
	BATCH_DEPLOYED, /* a failed deploy done again (no new order) */
	BATCH_TESTED,	/* --dry-run: rehearsed at staging, ok */
	BATCH__COUNT
};

struct batch_item {
	char *name;
	enum batch_outcome outcome;
	enum rc rc;
	char error[ERR_MSG_MAX];
};

struct batch_result {
	struct batch_item *items; /* one per certificate found due */
	size_t n;
	size_t counts[BATCH__COUNT]; /* by outcome */
	/* The first post hook that failed (batchhooks.h), "" if none. */
	char hook_error[ERR_MSG_MAX];
};

/* First asks the CA's ARI about the certificates whose ARI poll time has
 * passed (renewal_info.h; not with dry_run), then finds the due
 * certificates with one indexed query and renews them with opts->jobs
 * workers, each on its own inventory connection, each certificate under
 * a lease so that concurrent runs never renew it twice, at most
 * opts->per_account at once per account and opts->per_ca at once per CA
 * (a worker takes another certificate meanwhile, or sleeps on a
 * condition variable until a slot is given back), and none ordered near
 * the CA's documented new-order limit (ratelimit.h: skipped).
 * Certificates in backoff after a failure (retry_after in the future)
 * are skipped with "backoff until ...".  Issued certificates whose
 * deploy failed are deployed again (no new order), with the same
 * backoff.  Watched certificates (imported, not issued by acmetui)
 * are never renewed; those with stored endpoints are probed, each
 * verdict an event.  With dry_run, each due certificate is rehearsed instead
 * (lc_cert_dry_run: nothing but one event stored).  Nothing due and
 * nothing to poll costs three empty index range scans.  *res (caller
 * clears) says what happened to each; the return value is about the run
 * itself (inventory unusable), not about individual certificates. */
enum rc batch_renew_due(const struct batch_opts *opts, struct batch_result *res,
			struct err *e);

/* Releases res; safe on a zeroed struct. */
void batch_result_clear(struct batch_result *res);

/* "renewed", "failed", ... (static). */
const char *batch_outcome_name(enum batch_outcome o);

/* The CA a directory URL belongs to, for the per-CA cap: its origin
 * "scheme://host:port", scheme and host lower-cased, the scheme's
 * default port filled in (https 443, http 80), into out (size outsz).
 * A URL that does not parse is its own CA (copied whole, truncated). */
void batch_ca_origin(const char *url, char *out, size_t outsz);

#endif
