/* SPDX-License-Identifier: ISC */
/* problem.h - ACME problem documents (RFC 7807, RFC 8555 6.7).
 *
 * A problem from a server becomes one sanitized line an operator can read
 * ("rejectedIdentifier: Error creating new order [bad.example: Domain
 * forbidden]") and a code; the raw type stays available so callers can
 * react to particular ones (externalAccountRequired, unauthorized,
 * accountDoesNotExist, alreadyRevoked, alreadyReplaced, ...). */
#ifndef ACMETUI_ACME_PROBLEM_H
#define ACMETUI_ACME_PROBLEM_H

#include <stddef.h>

#include <json-c/json.h>

#include "util/err.h"

#define PROBLEM_NS "urn:ietf:params:acme:error:"
#define PROBLEM_TYPE_MAX 256
#define PROBLEM_DETAIL_MAX 1024
#define PROBLEM_SUBPROBLEMS_MAX 16 /* shown in the summary */
#define PROBLEM_SUMMARY_MAX 800

/* Everything owned; release with problem_clear(). */
struct acme_problem {
	char *type;    /* raw type URI as sent (sanitized), "" if none */
	char *detail;  /* sanitized detail, "" if none */
	char *summary; /* the one-line operator text */
	long status;   /* "status" member, else 0 */
	size_t n_sub;  /* subproblems seen (even beyond the shown ones) */
};

/* Parses a problem object (from a response body or an "error" member)
 * into *p (cleared first).  Never fails on odd content: missing or
 * hostile members give empty strings; the summary is always set.
 * Returns RC_NOMEM only. */
enum rc problem_from_json(struct json_object *o, struct acme_problem *p,
			  struct err *e);

/* Parses a problem document from body text (application/problem+json).
 * Returns RC_PROTO when the body is not a JSON object. */
enum rc problem_parse(const char *body, size_t len, struct acme_problem *p,
		      struct err *e);

/* The type without the ACME namespace ("badNonce"), or the whole type
 * when it is from another namespace; borrowed from p (or ""). */
const char *problem_short_type(const struct acme_problem *p);

/* Returns 1 when p's type is PROBLEM_NS + short_name. */
int problem_is(const struct acme_problem *p, const char *short_name);

/* Records p in e: RC_RATELIMIT for rateLimited, RC_CA otherwise, with the
 * summary as detail, prefixed by context when non-NULL ("new order").
 * Returns the code. */
enum rc problem_to_err(const struct acme_problem *p, const char *context,
		       struct err *e);

/* Moves src into dst (dst cleared first); src is left zeroed. */
void problem_move(struct acme_problem *dst, struct acme_problem *src);

/* Releases p's strings and zeroes it; safe on a zeroed struct. */
void problem_clear(struct acme_problem *p);

#endif
