/* SPDX-License-Identifier: ISC */
/* order.h - ACME orders (RFC 8555 7.4): create, fetch, finalize, poll.
 * Also the "profile" member (draft-aaron-acme-profiles) and "replaces"
 * (RFC 9773 section 5). */
#ifndef ACMETUI_ACME_ORDER_H
#define ACMETUI_ACME_ORDER_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "acme/client.h"
#include "acme/problem.h"
#include "acme/types.h"
#include "util/err.h"

#define ORDER_IDENTS_MAX 100	      /* Let's Encrypt allows 100 names */
#define ORDER_POLL_WAIT_MAX_MS 60000L /* longest Retry-After wait */
#define ORDER_POLL_FIRST_MS 10L	      /* CAs like Pebble validate in ms */
#define ORDER_POLL_STEP_MAX_MS 2000L

/* An order as the server describes it.  Owned; acme_order_clear(). */
struct acme_order {
	char *url; /* order URL (Location) */
	enum acme_status status;
	time_t expires; /* 0 when absent */
	struct acme_ident *idents;
	size_t n_idents;
	char **authz_urls; /* NULL-terminated */
	size_t n_authz;
	char *finalize_url;
	char *cert_url; /* once valid, else NULL */
	char *profile;	/* as echoed by the CA, or NULL */
	int has_error;
	struct acme_problem error; /* when has_error */
	int64_t retry_at_ms;	   /* mono_ms() when the last response's
					 * Retry-After ends; 0: it had none */
};

/* newOrder for idents (validated; wildcards allowed for dns), with an
 * optional profile name and an optional "replaces" ARI certificate id.
 * On success *out is the new order (status pending or ready). */
enum rc acme_order_new(struct acme_client *c, const struct acme_ident *idents,
		       size_t n, const char *profile, const char *replaces,
		       struct acme_order *out, struct err *e);

/* POST-as-GET of url (validated) into *out. */
enum rc acme_order_fetch(struct acme_client *c, const char *url,
			 struct acme_order *out, struct err *e);

/* Sends the CSR (DER) to o->finalize_url; o must be ready.  On success
 * *o is replaced by the server's answer (processing or valid). */
enum rc acme_order_finalize(struct acme_client *c, struct acme_order *o,
			    const unsigned char *csr_der, size_t len,
			    struct err *e);

/* Polls o until its status is in want (a mask of ST_BIT) or invalid,
 * for at most timeout_ms: honours Retry-After (at most
 * ORDER_POLL_WAIT_MAX_MS per wait), else waits 10 ms doubling to 2 s.
 * RC_OK when a wanted status is reached; RC_CA when the order is invalid
 * (e names its problem); RC_PENDING when time runs out (o is the last
 * seen state; keep o->url and resume later). */
enum rc acme_order_poll(struct acme_client *c, struct acme_order *o,
			unsigned want, long timeout_ms, struct err *e);

/* Parses an order object; url (copied) is its URL.  URLs must pass p.
 * Exposed for tests. */
enum rc acme_order_parse(const char *body, size_t len, const char *url,
			 const struct url_policy *p, struct acme_order *out,
			 struct err *e);

/* The next poll delay at now_ms (mono_ms() time): until retry_at_ms
 * (the last response's Retry-After on the same clock, 0 when none) when
 * given, bounded to ORDER_POLL_WAIT_MAX_MS and never below
 * ORDER_POLL_FIRST_MS, else *step (then doubled up to
 * ORDER_POLL_STEP_MAX_MS).  Shared with authorization polling. */
long acme_poll_delay(int64_t retry_at_ms, int64_t now_ms, long *step);

/* Releases everything o owns and zeroes it; safe on a zeroed struct. */
void acme_order_clear(struct acme_order *o);

#endif
