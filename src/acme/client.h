/* SPDX-License-Identifier: ISC */
/* client.h - one ACME client: a transport, a nonce pool, a directory and
 * the account key, plus the signed-request machinery every ACME step uses.
 *
 * One client per CA account and per thread (nothing here locks).  The
 * client borrows the account key (EVP_PKEY) from its caller, who keeps it
 * alive while the client uses it and frees it afterwards.
 *
 * Every request honours the engine rules: nonces pooled from every
 * response (newNonce only when the pool is empty), badNonce retried with
 * the fresh nonce, a short Retry-After on 429/503 slept through, a long
 * one reported as RC_RATELIMIT with acme_client_not_before() set, and CA
 * problems turned into one clean line (acme_client_problem() keeps the
 * type for callers that react to particular problems). */
#ifndef ACMETUI_ACME_CLIENT_H
#define ACMETUI_ACME_CLIENT_H

#include <stddef.h>
#include <time.h>

#include <openssl/evp.h>

#include "acme/directory.h"
#include "acme/http.h"
#include "acme/problem.h"
#include "util/url.h"
#include "util/err.h"

/* Default badNonce retries of one request.  A CA may reject any nonce
 * (a load balancer switching nodes, a node restarting); each retry costs
 * one round trip, with the fresh nonce the rejection carried.  At a
 * rejection rate r a request fails only when all 1 + 20 attempts are
 * rejected: r^21.  At r = 50% (Pebble's PEBBLE_WFE_NONCEREJECT=50, far
 * worse than any real CA) that is 2^-21 = 4.8e-7 per request, 4.8e-5 for
 * a run of 100 signed requests, 4.8e-4 for 1,000; at Pebble's default 5%
 * it is 4.8e-28.  With 10 retries 50% failed one request in 2,048, a
 * 100-request run one time in 20.  A CA that rejects every nonce still
 * costs only 21 quick requests before the error is reported. */
#define ACME_BAD_NONCE_TRIES 20
#define ACME_RETRY_WAIT_MAX_S 5	 /* default longest Retry-After slept */
#define ACME_RETRY_AFTER_TRIES 2 /* sleeps per request */

struct acme_client_opts {
	const char *directory_url; /* required; https */
	const char *ca_file;	   /* extra trusted CA PEM file, or NULL */
	int any_origin;		   /* accept URLs on other hosts */
	int retry_wait_max_s;	   /* <0: never sleep; 0: default */
	int bad_nonce_tries;	   /* 0: ACME_BAD_NONCE_TRIES */
	long timeout_s;		   /* per request; 0: HTTP_TIMEOUT_S */
};

/* Counters since the client was created (for tests and benchmarks). */
struct acme_stats {
	unsigned long requests; /* HTTP requests sent */
	unsigned long bad_nonce_retries;
	unsigned long retry_after_waits; /* short Retry-After sleeps */
	unsigned long new_nonce_requests;
};

struct acme_client;

/* Creates a client for opts->directory_url (copied).  Does not talk to
 * the network yet.  Returns NULL (e set) on failure: bad URL, unreadable
 * CA file, out of memory.  Free with acme_client_free(). */
struct acme_client *acme_client_new(const struct acme_client_opts *opts,
				    struct err *e);

/* Frees c and everything it owns (not the borrowed key); NULL is fine. */
void acme_client_free(struct acme_client *c);

/* Loads the directory: parses cached (len bytes of a directory JSON text
 * stored earlier) when non-NULL, else fetches it.  Must succeed before
 * any other request. */
enum rc acme_client_load_directory(struct acme_client *c, const char *cached,
				   size_t len, struct err *e);

/* The loaded directory (borrowed; zeroed before a load). */
const struct acme_directory *acme_client_directory(const struct acme_client *c);

/* The URL policy derived from the directory URL (borrowed). */
const struct url_policy *acme_client_policy(const struct acme_client *c);

/* Sets the account key (borrowed) and the account URL used as "kid"
 * (copied; NULL until the account URL is known: requests are then
 * signed with the public JWK).  Returns RC_NOMEM only. */
enum rc acme_client_set_account(struct acme_client *c, EVP_PKEY *key,
				const char *kid, struct err *e);

/* The account key and URL (borrowed; NULL when unset). */
EVP_PKEY *acme_client_key(const struct acme_client *c);
const char *acme_client_kid(const struct acme_client *c);

/* The problem document of the last failed request (borrowed; its fields
 * are NULL when the last failure carried none).  Valid until the next
 * request. */
const struct acme_problem *acme_client_problem(const struct acme_client *c);

/* When the last request failed with RC_RATELIMIT: the time before which
 * the CA asked not to be asked again (epoch), or 0 when it did not say. */
time_t acme_client_not_before(const struct acme_client *c);

/* Copies the counters into *out. */
void acme_client_stats(const struct acme_client *c, struct acme_stats *out);

/* Signed POST to url with the client's key and kid.  payload is the JSON
 * text to sign, or NULL for POST-as-GET.  accept is the Accept header or
 * NULL.  On RC_OK *r holds a 2xx response (caller clears it).  On failure
 * *r is cleared and e says why: RC_CA (with the CA's problem),
 * RC_RATELIMIT, RC_PROTO, RC_NET, ... */
enum rc acme_post(struct acme_client *c, const char *url, const char *payload,
		  const char *accept, struct http_resp *r, struct err *e);

/* The same with an explicit signer: key (borrowed) and kid (NULL: sign
 * with the public JWK), as revocation by certificate key and keyChange
 * need. */
enum rc acme_post_signed(struct acme_client *c, EVP_PKEY *key, const char *kid,
			 const char *url, const char *payload,
			 const char *accept, struct http_resp *r,
			 struct err *e);

/* Unauthenticated GET (directory, renewalInfo), with the same Retry-After
 * and problem handling.  On RC_OK *r holds a 2xx response. */
enum rc acme_get(struct acme_client *c, const char *url, struct http_resp *r,
		 struct err *e);

/* Returns 1 when r's Content-Type is JSON (application/json or a +json
 * type). */
int acme_resp_is_json(const struct http_resp *r);

#endif
