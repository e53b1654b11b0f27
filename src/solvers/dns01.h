/* SPDX-License-Identifier: ISC */
/* dns01.h - what both DNS-01 methods share (RFC 8555 section 8.4): the
 * record for a task (name "_acme-challenge.<domain>", or the end of its
 * CNAME chain; value base64url(SHA-256(key authorization))), the list of
 * presented records, and solver_ready()'s propagation wait over them.
 *
 * A wildcard and its apex are two tasks with one record name and two
 * values; the list keeps both, and the wait wants both visible. */
#ifndef ACMETUI_DNS01_H
#define ACMETUI_DNS01_H

#include <pthread.h>
#include <stddef.h>

#include "dns/propagate.h"
#include "solvers/solver.h"
#include "util/err.h"

#define DNS01_PREFIX "_acme-challenge."

/* One presented TXT record.  Owned strings. */
struct dns01_record {
	char *token;	   /* the challenge's token: the list's key */
	char *domain;	   /* identifier without "*.", lower-case */
	char *name;	   /* where the TXT record is (after CNAMEs) */
	char *value;	   /* the TXT value */
	char *auth_output; /* what a hook printed when it added the record
			    * (certbot's CERTBOT_AUTH_OUTPUT); may be NULL */
};

/* The shared state of a DNS-01 solver. */
struct dns01 {
	pthread_mutex_t lock; /* guards recs (ready runs unserialized) */
	int have_lock;
	char *resolver; /* owned copy of cfg->dns_resolver */
	struct dns_wait_opts wait;
	struct dns01_record *recs;
	size_t n, cap;
};

/* Copies the DNS-01 settings of cfg into d (zeroed by the caller).
 * dns01_fini() releases it, also after a failure. */
enum rc dns01_init(struct dns01 *d, const struct solver_config *cfg,
		   struct err *e);

/* Releases what d holds.  Zeroed is fine. */
void dns01_fini(struct dns01 *d);

/* Fills r (caller clears with dns01_record_clear) for task t: refuses IP
 * identifiers (RFC 8738: no dns-01 for them), follows the CNAME chain at
 * the record name unless the check mode is "none", computes the value. */
enum rc dns01_record_make(struct dns01 *d, const struct solver_task *t,
			  struct dns01_record *r, struct err *e);

/* Frees r's strings and zeroes it. */
void dns01_record_clear(struct dns01_record *r);

/* Copies the record presented for token into out (caller clears), or
 * returns RC_NOTFOUND (e untouched). */
enum rc dns01_lookup(struct dns01 *d, const char *token,
		     struct dns01_record *out, struct err *e);

/* Takes r into the list (replacing the record of the same token); r is
 * zeroed.  RC_NOMEM leaves r as it was. */
enum rc dns01_remember(struct dns01 *d, struct dns01_record *r, struct err *e);

/* Drops the record of token, if any. */
void dns01_forget(struct dns01 *d, const char *token);

/* Sends one line to the configured progress callback, if any. */
void dns01_note(const struct dns01 *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The ready op: waits until every presented record is visible. */
enum rc dns01_ready(struct dns01 *d, struct err *e);

#endif
