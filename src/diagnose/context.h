/* SPDX-License-Identifier: ISC */
/* context.h - what doctor's checks share (context.c): the run's
 * options, the certificate and account under test, the CA's CAA
 * identities, and the resolver, solver settings and time every check
 * asks for the same way.  The checks and the driver (doctor.c) use it;
 * it uses neither. */
#ifndef ACMETUI_DIAGNOSE_CONTEXT_H
#define ACMETUI_DIAGNOSE_CONTEXT_H

#include <stddef.h>
#include <stdint.h>

#include "solvers/solver.h"
#include "util/err.h"

struct acct_row;
struct acme_directory;
struct cert_row;
struct doctor_report;
struct domain_row;
struct store;

struct doctor_opts {
	const char *ca_file;  /* run-wide extra trusted CA, or NULL */
	const char *resolver; /* run-wide "host[:port]", or NULL */
	int timeout_ms;	      /* 0: DOCTOR_TIMEOUT_MS */
	int dns_wait_ms;      /* 0: DOCTOR_DNS_WAIT_MS */
	int64_t now;	      /* 0: time(NULL) */
};

/* What the checks share.  cert, acct and store are borrowed; the rest is
 * filled by doctor_run() (or the caller, for single checks) and released
 * by doctor_ctx_clear(). */
struct doctor_ctx {
	const struct doctor_opts *opts;
	struct store *st; /* for the rate-limit ledger */
	const struct cert_row *cert;
	const struct acct_row *acct;
	struct doctor_report *rep;
	/* The CA's CAA identities (from the stored directory, else the one
	 * fetched by the clock check); have_dir 0 when neither is known. */
	char **caa_ids;
	size_t n_caa_ids;
	int have_dir;
};

/* Frees what doctor_run() put into ctx (not the borrowed parts). */
void doctor_ctx_clear(struct doctor_ctx *ctx);

/* Replaces the CAA identities in ctx with those of directory d and
 * marks the directory known (have_dir).  RC_NOMEM (e set) only; ctx
 * then has none. */
enum rc doctor_ctx_take_caa_ids(struct doctor_ctx *ctx,
				const struct acme_directory *d, struct err *e);

/* The resolver for domain d: its dns_resolver, else opts->resolver, else
 * $ACMETUI_DNS_RESOLVER; NULL (system resolver) when none is set.
 * Borrowed. */
const char *doctor_resolver(const struct domain_row *d,
			    const struct doctor_opts *opts);

/* The solver settings for d's method, as the self-tests use them
 * (borrowed strings from d and resolver). */
enum rc doctor_solver_config(const struct domain_row *d, const char *resolver,
			     struct solver_config *cfg, struct err *e);

/* The time the checks judge by: opts->now, else time(NULL). */
int64_t doctor_now(const struct doctor_ctx *ctx);

#endif
