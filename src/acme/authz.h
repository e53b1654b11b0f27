/* SPDX-License-Identifier: ISC */
/* authz.h - authorizations and challenges (RFC 8555 7.5, 7.5.1, 8). */
#ifndef ACMETUI_ACME_AUTHZ_H
#define ACMETUI_ACME_AUTHZ_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "acme/client.h"
#include "acme/problem.h"
#include "acme/types.h"
#include "util/err.h"

#define AUTHZ_CHALLENGES_MAX 16
#define CHALLENGE_TYPE_MAX 32

/* One challenge.  Owned by its authorization. */
struct acme_challenge {
	char *type; /* "http-01", "dns-01", "tls-alpn-01", ... */
	char *url;  /* validated */
	enum acme_status status;
	char *token;	  /* base64url, <= ACME_TOKEN_MAX; NULL if the
				 * challenge has none */
	time_t validated; /* 0 when absent */
	int has_error;
	struct acme_problem error;
};

/* An authorization.  Owned; acme_authz_clear(). */
struct acme_authz {
	char *url;
	struct acme_ident ident; /* without "*." (RFC 8555 7.1.4) */
	enum acme_status status;
	int wildcard;
	time_t expires; /* 0 when absent */
	struct acme_challenge *chals;
	size_t n_chals;
	int64_t retry_at_ms; /* mono_ms() when the last response's
					 * Retry-After ends; 0: it had none */
};

/* Parses an authorization object; url (copied) is its URL.  Challenge
 * URLs must pass p; tokens must be base64url (a hostile token such as
 * "../x" rejects the whole authorization).  Exposed for tests. */
enum rc acme_authz_parse(const char *body, size_t len, const char *url,
			 const struct url_policy *p, struct acme_authz *out,
			 struct err *e);

/* POST-as-GET of url into *out. */
enum rc acme_authz_fetch(struct acme_client *c, const char *url,
			 struct acme_authz *out, struct err *e);

/* The challenge of the given type in a, or NULL (borrowed from a). */
struct acme_challenge *acme_authz_challenge(const struct acme_authz *a,
					    const char *type);

/* Tells the CA the challenge is ready (POST {}); ch->status is updated
 * from the answer. */
enum rc acme_challenge_respond(struct acme_client *c, struct acme_challenge *ch,
			       struct err *e);

/* Polls a until it is valid or invalid, for at most timeout_ms, with the
 * same backoff as orders.  RC_OK when valid; RC_CA when invalid, the
 * detail naming the identifier, the failed challenge type and the CA's
 * problem; RC_PENDING when time runs out. */
enum rc acme_authz_poll(struct acme_client *c, struct acme_authz *a,
			long timeout_ms, struct err *e);

/* Deactivates an authorization (RFC 8555 7.5.2), e.g. after giving up
 * on an order, so it is not reused. */
enum rc acme_authz_deactivate(struct acme_client *c, struct acme_authz *a,
			      struct err *e);

/* Records in e why a failed: "<identifier>: <challenge type>: <problem>"
 * (RC_CA).  Returns RC_CA. */
enum rc acme_authz_failure(const struct acme_authz *a, struct err *e);

/* Releases everything a owns and zeroes it; safe on a zeroed struct. */
void acme_authz_clear(struct acme_authz *a);

#endif
