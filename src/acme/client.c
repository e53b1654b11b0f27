/* SPDX-License-Identifier: ISC */
/* client.c - signed requests, nonces, retries and problems. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acme/client.h"
#include "acme/jws.h"
#include "acme/nonce.h"
#include "acme/types.h"
#include "util/clock.h"
#include "util/json.h"
#include "util/safe.h"
#include "util/utctime.h"

struct acme_client {
	struct http *http;
	struct nonce_pool nonces;
	struct acme_directory dir;
	struct url_policy policy; /* origin points at dir_url */
	char *dir_url;
	EVP_PKEY *key; /* borrowed */
	char *kid;
	int retry_wait_max_s;
	int bad_nonce_tries;
	struct acme_problem problem; /* of the last failure */
	time_t not_before;
	struct acme_stats stats;
};

struct acme_client *acme_client_new(const struct acme_client_opts *opts,
				    struct err *e)
{
	struct acme_client *c = NULL;
	struct http_opts ho;

	if (opts == NULL || opts->directory_url == NULL ||
	    !url_is_https(opts->directory_url)) {
		err_set(e, RC_INPUT,
			_("the ACME directory URL must be an "
			  "https URL"));
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		goto nomem;
	c->dir_url = strdup(opts->directory_url);
	if (c->dir_url == NULL)
		goto nomem;
	c->policy.origin = c->dir_url;
	c->policy.any_origin = opts->any_origin;
	c->retry_wait_max_s = opts->retry_wait_max_s == 0
				      ? ACME_RETRY_WAIT_MAX_S
				      : opts->retry_wait_max_s;
	c->bad_nonce_tries = opts->bad_nonce_tries > 0 ? opts->bad_nonce_tries
						       : ACME_BAD_NONCE_TRIES;
	memset(&ho, 0, sizeof(ho));
	ho.ca_file = opts->ca_file;
	ho.timeout_s = opts->timeout_s;
	c->http = http_new(&ho, e);
	if (c->http == NULL)
		goto fail;
	return c;
nomem:
	err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
fail:
	acme_client_free(c);
	return NULL;
}

void acme_client_free(struct acme_client *c)
{
	if (c == NULL)
		return;
	http_free(c->http);
	directory_clear(&c->dir);
	problem_clear(&c->problem);
	free(c->dir_url);
	free(c->kid);
	free(c);
}

const struct acme_directory *acme_client_directory(const struct acme_client *c)
{
	return &c->dir;
}

const struct url_policy *acme_client_policy(const struct acme_client *c)
{
	return &c->policy;
}

enum rc acme_client_set_account(struct acme_client *c, EVP_PKEY *key,
				const char *kid, struct err *e)
{
	char *k = NULL;

	if (kid != NULL) {
		k = strdup(kid);
		if (k == NULL)
			return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	}
	free(c->kid);
	c->kid = k;
	c->key = key;
	return RC_OK;
}

EVP_PKEY *acme_client_key(const struct acme_client *c)
{
	return c->key;
}

const char *acme_client_kid(const struct acme_client *c)
{
	return c->kid;
}

const struct acme_problem *acme_client_problem(const struct acme_client *c)
{
	return &c->problem;
}

time_t acme_client_not_before(const struct acme_client *c)
{
	return c->not_before;
}

void acme_client_stats(const struct acme_client *c, struct acme_stats *out)
{
	*out = c->stats;
}

int acme_resp_is_json(const struct http_resp *r)
{
	const char *ct = r->content_type;
	size_t n;

	if (ct == NULL)
		return 0;
	n = strlen(ct);
	return strcmp(ct, "application/json") == 0 ||
	       (n > 5 && strcmp(ct + n - 5, "+json") == 0);
}

/* One HTTP exchange, counted, with the response's nonce pooled. */
static enum rc exchange(struct acme_client *c, enum http_method m,
			const char *url, const char *ctype, const char *accept,
			const char *body, size_t len, struct http_resp *r,
			struct err *e)
{
	enum rc rc;

	c->stats.requests++;
	rc = http_request(c->http, m, url, ctype, accept, body, len, r, e);
	if (rc == RC_OK)
		nonce_put(&c->nonces, r->nonce);
	return rc;
}

/* A fresh nonce into out: from the pool, else HEAD newNonce. */
static enum rc get_nonce(struct acme_client *c, char *out, struct err *e)
{
	struct http_resp r;
	enum rc rc;

	if (nonce_take(&c->nonces, out))
		return RC_OK;
	if (c->dir.new_nonce == NULL)
		return err_set(e, RC_USAGE, _("ACME directory not loaded"));
	c->stats.new_nonce_requests++;
	rc = exchange(c, HTTP_HEAD, c->dir.new_nonce, NULL, NULL, NULL, 0, &r,
		      e);
	if (rc != RC_OK)
		return rc;
	if (r.status != 200 && r.status != 204)
		rc = err_set(e, RC_PROTO, _("newNonce: HTTP %ld"), r.status);
	http_resp_clear(&r);
	if (rc == RC_OK && !nonce_take(&c->nonces, out))
		rc = err_set(e, RC_PROTO,
			     _("newNonce: no valid Replay-Nonce header"));
	return rc;
}

/* The error for a rate-limited or unavailable answer: the CA's problem
 * (or the status) and, when it said, the time it asks us to wait for, so
 * an operator knows when the next attempt can work. */
static enum rc limited_err(const struct http_resp *r,
			   const struct acme_problem *p, struct err *e)
{
	char what[64], when[UTC_TEXT_SIZE];

	if (p->summary == NULL)
		snprintf(what, sizeof(what), _("HTTP %ld: try again later"),
			 r->status);
	if (r->retry_after == 0 ||
	    utc_text(r->retry_after, UTC_SECOND, when, sizeof(when)) == NULL)
		return err_set(e, RC_RATELIMIT, "%s",
			       p->summary ? p->summary : what);
	/* The reason is cut, not the time, when the line is too long. */
	return err_set(e, RC_RATELIMIT,
		       _("%.*s (the CA asks to retry after "
			 "%s)"),
		       ERR_MSG_MAX / 2, p->summary ? p->summary : what, when);
}

/* The error for a redirect: ACME resources are never redirected, and
 * following one could send a signed request to another host or over
 * plain http, so it is named and refused. */
static enum rc redirect_err(const struct http_resp *r, struct err *e)
{
	char shown[160];

	safe_line(shown, sizeof(shown), r->location, strlen(r->location));
	return err_set(e, RC_PROTO,
		       _("the CA answered HTTP %ld, a redirect "
			 "to %s; redirects are not followed"),
		       r->status, shown);
}

/* What to do after a non-2xx response. */
enum verdict { FAIL, RETRY_NONCE, RETRY_WAIT };

/* Examines an error response: records its problem, decides whether to
 * retry.  *tries_nonce and *tries_wait count the retries so far. */
static enum verdict judge(struct acme_client *c, const struct http_resp *r,
			  int signed_req, int tries_nonce, int tries_wait,
			  long *wait_ms, enum rc *rc, struct err *e)
{
	int limited;

	problem_clear(&c->problem);
	if (acme_resp_is_json(r) &&
	    problem_parse(r->body, r->body_len, &c->problem, NULL) != RC_OK)
		problem_clear(&c->problem);
	if (signed_req && problem_is(&c->problem, "badNonce") &&
	    tries_nonce < c->bad_nonce_tries) {
		c->stats.bad_nonce_retries++;
		return RETRY_NONCE;
	}
	limited = r->status == 429 || r->status == 503 ||
		  problem_is(&c->problem, "rateLimited");
	if (limited && r->retry_after != 0) {
		/* Counted from the answer's arrival, on the monotonic clock. */
		*wait_ms = (long)(r->retry_at_ms - mono_ms());
		if (*wait_ms < 0)
			*wait_ms = 0;
		if (c->retry_wait_max_s > 0 &&
		    *wait_ms <= c->retry_wait_max_s * 1000L &&
		    tries_wait < ACME_RETRY_AFTER_TRIES) {
			c->stats.retry_after_waits++;
			return RETRY_WAIT;
		}
	}
	if (limited) {
		c->not_before = r->retry_after;
		*rc = limited_err(r, &c->problem, e);
		return FAIL;
	}
	if (c->problem.summary != NULL)
		*rc = problem_to_err(&c->problem, NULL, e);
	else if (r->status >= 500)
		*rc = err_set(e, RC_NET, _("the CA answered HTTP %ld"),
			      r->status);
	else if (r->status >= 300 && r->status < 400 && r->location != NULL)
		*rc = redirect_err(r, e);
	else
		*rc = err_set(e, RC_PROTO, _("the CA answered HTTP %ld"),
			      r->status);
	return FAIL;
}

/* The shared request loop of acme_post_signed and acme_get: signer NULL
 * means an unauthenticated GET. */
static enum rc request(struct acme_client *c, EVP_PKEY *key, const char *kid,
		       int is_signed, const char *url, const char *payload,
		       const char *accept, struct http_resp *r, struct err *e)
{
	char nonce[HDR_NONCE_MAX + 1];
	struct json_object *jws = NULL;
	char *body = NULL;
	int tries_nonce = 0, tries_wait = 0;
	long wait_ms = 0;
	enum rc rc;
	enum verdict v;

	memset(r, 0, sizeof(*r));
	problem_clear(&c->problem);
	c->not_before = 0;
	rc = url_check(&c->policy, url, _("request URL"), e);
	if (rc != RC_OK)
		return rc;
	if (is_signed && key == NULL)
		return err_set(e, RC_USAGE, _("no account key set"));
	for (;;) {
		if (is_signed) {
			rc = get_nonce(c, nonce, e);
			if (rc != RC_OK)
				break;
			jws = jws_build(key, kid, nonce, url, payload, e);
			if (jws == NULL) {
				rc = RC_CRYPTO;
				break;
			}
			body = js_dump(jws);
			json_object_put(jws);
			jws = NULL;
			if (body == NULL) {
				rc = err_set(e, RC_NOMEM, "%s",
					     rc_str(RC_NOMEM));
				break;
			}
			rc = exchange(c, HTTP_POST, url,
				      "application/jose+json", accept, body,
				      strlen(body), r, e);
			free(body);
			body = NULL;
		} else {
			rc = exchange(c, HTTP_GET, url, NULL, accept, NULL, 0,
				      r, e);
		}
		if (rc != RC_OK)
			break;
		if (r->status >= 200 && r->status < 300)
			return RC_OK;
		v = judge(c, r, is_signed, tries_nonce, tries_wait, &wait_ms,
			  &rc, e);
		http_resp_clear(r);
		if (v == FAIL)
			break;
		if (v == RETRY_NONCE) {
			tries_nonce++;
		} else {
			tries_wait++;
			sleep_ms(wait_ms);
		}
	}
	http_resp_clear(r);
	return rc != RC_OK ? rc : RC_PROTO;
}

enum rc acme_post_signed(struct acme_client *c, EVP_PKEY *key, const char *kid,
			 const char *url, const char *payload,
			 const char *accept, struct http_resp *r, struct err *e)
{
	return request(c, key, kid, 1, url, payload, accept, r, e);
}

enum rc acme_post(struct acme_client *c, const char *url, const char *payload,
		  const char *accept, struct http_resp *r, struct err *e)
{
	return request(c, c->key, c->kid, 1, url, payload, accept, r, e);
}

enum rc acme_get(struct acme_client *c, const char *url, struct http_resp *r,
		 struct err *e)
{
	return request(c, NULL, NULL, 0, url, NULL, NULL, r, e);
}

enum rc acme_client_load_directory(struct acme_client *c, const char *cached,
				   size_t len, struct err *e)
{
	struct http_resp r;
	enum rc rc;

	if (cached != NULL)
		return directory_parse(cached, len, &c->policy, &c->dir, e);
	rc = acme_get(c, c->dir_url, &r, e);
	if (rc != RC_OK)
		return rc;
	rc = directory_parse(r.body, r.body_len, &c->policy, &c->dir, e);
	http_resp_clear(&r);
	return rc;
}
