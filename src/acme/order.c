/* SPDX-License-Identifier: ISC */
/* order.c - newOrder, order fetch, finalize and polling. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "acme/ari.h"
#include "acme/order.h"
#include "util/b64url.h"
#include "util/clock.h"
#include "util/json.h"

#define ORDER_PROFILE_MAX 64

/* Profile names: the same alphabet the directory accepts. */
static int profile_ok(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > ORDER_PROFILE_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || strchr("._-", s[i])))
			return 0;
	return 1;
}

/* Copies the optional URL member key into *dst after url_check. */
static enum rc opt_url(struct json_object *o, const char *key, const char *what,
		       const struct url_policy *p, char **dst, struct err *e)
{
	struct json_object *v = NULL;
	const char *s;

	if (!json_object_object_get_ex(o, key, &v) || v == NULL)
		return RC_OK;
	s = js_str(o, key, ACME_URL_MAX);
	if (s == NULL)
		return err_set(e, RC_PROTO, _("%s: malformed"), what);
	if (url_check(p, s, what, e) != RC_OK)
		return RC_PROTO;
	*dst = strdup(s);
	return *dst ? RC_OK : err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
}

static enum rc parse_idents(struct json_object *o, struct acme_order *out,
			    struct err *e)
{
	struct json_object *a = js_arr(o, "identifiers");
	size_t i, n;
	enum rc rc;

	n = a ? json_object_array_length(a) : 0;
	if (n == 0 || n > ORDER_IDENTS_MAX)
		return err_set(e, RC_PROTO, _("order: bad identifier list"));
	out->idents = calloc(n, sizeof(*out->idents));
	if (out->idents == NULL)
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	for (i = 0; i < n; i++) {
		rc = acme_ident_from_json(json_object_array_get_idx(a, i),
					  _("order"), 1, &out->idents[i], e);
		out->n_idents = i + 1;
		if (rc != RC_OK)
			return rc;
	}
	return RC_OK;
}

static enum rc parse_authzs(struct json_object *o, const struct url_policy *p,
			    struct acme_order *out, struct err *e)
{
	enum rc rc;
	size_t i;

	rc = strv_from_json(o, "authorizations", ACME_URL_MAX, ORDER_IDENTS_MAX,
			    &out->authz_urls, &out->n_authz, _("order"), e);
	if (rc != RC_OK)
		return rc;
	for (i = 0; i < out->n_authz; i++) {
		rc = url_check(p, out->authz_urls[i],
			       _("order authorization URL"), e);
		if (rc != RC_OK)
			return rc;
	}
	return RC_OK;
}

enum rc acme_order_parse(const char *body, size_t len, const char *url,
			 const struct url_policy *p, struct acme_order *out,
			 struct err *e)
{
	struct json_object *o = NULL, *err_o;
	const char *s;
	enum rc rc;

	acme_order_clear(out);
	rc = url_check(p, url, _("order URL"), e);
	if (rc != RC_OK)
		return rc;
	o = js_parse_object(body, len, _("order"), e);
	if (o == NULL)
		return RC_PROTO;
	out->status = acme_status_parse(js_str(o, "status", ACME_STATUS_MAX),
					ST_ALLOWED_ORDER);
	if (out->status == ST__UNKNOWN) {
		rc = err_set(e, RC_PROTO,
			     _("order: missing or unknown "
			       "status"));
		goto out;
	}
	s = js_str(o, "expires", 64);
	if (s != NULL && rfc3339_parse(s, &out->expires) != 0) {
		rc = err_set(e, RC_PROTO, _("order: malformed expires"));
		goto out;
	}
	rc = parse_idents(o, out, e);
	if (rc == RC_OK)
		rc = parse_authzs(o, p, out, e);
	if (rc == RC_OK)
		rc = opt_url(o, "finalize", _("order finalize URL"), p,
			     &out->finalize_url, e);
	if (rc == RC_OK)
		rc = opt_url(o, "certificate", _("order certificate URL"), p,
			     &out->cert_url, e);
	if (rc != RC_OK)
		goto out;
	if (out->finalize_url == NULL) {
		rc = err_set(e, RC_PROTO, _("order: no finalize URL"));
		goto out;
	}
	s = js_str(o, "profile", ORDER_PROFILE_MAX);
	if (s != NULL && profile_ok(s)) {
		out->profile = strdup(s);
		if (out->profile == NULL)
			goto nomem;
	}
	err_o = js_obj(o, "error");
	if (err_o != NULL) {
		rc = problem_from_json(err_o, &out->error, e);
		if (rc != RC_OK)
			goto out;
		out->has_error = 1;
	}
	out->url = strdup(url);
	if (out->url == NULL)
		goto nomem;
	goto out;
nomem:
	rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
out:
	json_object_put(o);
	if (rc != RC_OK)
		acme_order_clear(out);
	return rc;
}

/* The newOrder payload text (caller frees), NULL on OOM. */
static char *new_order_payload(const struct acme_ident *idents, size_t n,
			       const char *profile, const char *replaces)
{
	struct json_object *o = json_object_new_object(), *a, *id;
	char *text = NULL;
	size_t i;

	a = json_object_new_array();
	if (o == NULL || a == NULL ||
	    json_object_object_add(o, "identifiers", a)) {
		json_object_put(a);
		goto out;
	}
	for (i = 0; i < n; i++) {
		id = acme_ident_to_json(&idents[i]);
		if (id == NULL || json_object_array_add(a, id)) {
			json_object_put(id);
			goto out;
		}
	}
	if (profile != NULL &&
	    json_object_object_add(o, "profile",
				   json_object_new_string(profile)))
		goto out;
	if (replaces != NULL &&
	    json_object_object_add(o, "replaces",
				   json_object_new_string(replaces)))
		goto out;
	text = js_dump(o);
out:
	json_object_put(o);
	return text;
}

enum rc acme_order_new(struct acme_client *c, const struct acme_ident *idents,
		       size_t n, const char *profile, const char *replaces,
		       struct acme_order *out, struct err *e)
{
	struct http_resp r;
	const char *url = acme_client_directory(c)->new_order;
	char *payload = NULL;
	enum rc rc;
	size_t i;

	memset(&r, 0, sizeof(r));
	acme_order_clear(out);
	if (url == NULL)
		return err_set(e, RC_USAGE, _("ACME directory not loaded"));
	if (n == 0 || n > ORDER_IDENTS_MAX)
		return err_set(e, RC_INPUT, _("an order needs 1 to %d names"),
			       ORDER_IDENTS_MAX);
	for (i = 0; i < n; i++)
		if (!acme_ident_valid(idents[i].type, idents[i].value, 1))
			return err_set(
				e, RC_INPUT, _("not a valid identifier: %s"),
				idents[i].value ? idents[i].value : "(null)");
	if (profile != NULL && !profile_ok(profile))
		return err_set(e, RC_INPUT, _("not a valid profile name"));
	if (replaces != NULL && !acme_ari_id_valid(replaces))
		return err_set(e, RC_INPUT,
			       _("not a valid ARI certificate id"));
	payload = new_order_payload(idents, n, profile, replaces);
	if (payload == NULL)
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	rc = acme_post(c, url, payload, NULL, &r, e);
	free(payload);
	if (rc != RC_OK) {
		err_prefix(e, _("new order"));
		return rc;
	}
	if (r.status != 201 || r.location == NULL) {
		rc = err_set(e, RC_PROTO,
			     _("new order: HTTP %ld without an "
			       "order URL"),
			     r.status);
		goto out;
	}
	rc = acme_order_parse(r.body, r.body_len, r.location,
			      acme_client_policy(c), out, e);
	if (rc == RC_OK)
		out->retry_at_ms = r.retry_at_ms;
out:
	http_resp_clear(&r);
	return rc;
}

/* POST payload (NULL: POST-as-GET) to post_url and parse the order at
 * order_url from the answer into *out. */
static enum rc order_post(struct acme_client *c, const char *post_url,
			  const char *order_url, const char *payload,
			  struct acme_order *out, struct err *e)
{
	struct http_resp r;
	struct acme_order tmp;
	enum rc rc;

	memset(&tmp, 0, sizeof(tmp));
	rc = acme_post(c, post_url, payload, NULL, &r, e);
	if (rc != RC_OK)
		return rc;
	rc = acme_order_parse(r.body, r.body_len, order_url,
			      acme_client_policy(c), &tmp, e);
	if (rc == RC_OK) {
		tmp.retry_at_ms = r.retry_at_ms;
		acme_order_clear(out);
		*out = tmp;
	}
	http_resp_clear(&r);
	return rc;
}

enum rc acme_order_fetch(struct acme_client *c, const char *url,
			 struct acme_order *out, struct err *e)
{
	enum rc rc;
	char *u = strdup(url ? url : "");

	if (u == NULL)
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	/* url may point into *out, which order_post replaces. */
	rc = order_post(c, u, u, NULL, out, e);
	free(u);
	if (rc != RC_OK)
		err_prefix(e, _("order"));
	return rc;
}

enum rc acme_order_finalize(struct acme_client *c, struct acme_order *o,
			    const unsigned char *csr_der, size_t len,
			    struct err *e)
{
	struct json_object *p = NULL;
	char *csr = NULL, *payload = NULL, *order_url = NULL;
	char *fin = NULL;
	enum rc rc = RC_OK;

	if (o->status != ST_READY)
		return err_set(e, RC_USAGE,
			       _("finalize: the order is %s, "
				 "not ready"),
			       acme_status_name(o->status));
	if (csr_der == NULL || len == 0)
		return err_set(e, RC_INPUT, _("finalize: empty CSR"));
	csr = b64url_encode(csr_der, len);
	p = json_object_new_object();
	if (csr == NULL || p == NULL ||
	    json_object_object_add(p, "csr", json_object_new_string(csr)))
		goto nomem;
	payload = js_dump(p);
	order_url = strdup(o->url);
	fin = strdup(o->finalize_url);
	if (payload == NULL || order_url == NULL || fin == NULL)
		goto nomem;
	rc = order_post(c, fin, order_url, payload, o, e);
	if (rc != RC_OK)
		err_prefix(e, _("finalize"));
	goto out;
nomem:
	rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
out:
	json_object_put(p);
	free(csr);
	free(payload);
	free(order_url);
	free(fin);
	return rc;
}

long acme_poll_delay(int64_t retry_at_ms, int64_t now_ms, long *step)
{
	long ms;

	if (retry_at_ms != 0) {
		if (retry_at_ms - now_ms > ORDER_POLL_WAIT_MAX_MS)
			ms = ORDER_POLL_WAIT_MAX_MS;
		else
			ms = retry_at_ms > now_ms ? (long)(retry_at_ms - now_ms)
						  : 0;
		/* A zero Retry-After still must not spin. */
		return ms < ORDER_POLL_FIRST_MS ? ORDER_POLL_FIRST_MS : ms;
	}
	ms = *step;
	*step = *step * 2 > ORDER_POLL_STEP_MAX_MS ? ORDER_POLL_STEP_MAX_MS
						   : *step * 2;
	return ms;
}

enum rc acme_order_poll(struct acme_client *c, struct acme_order *o,
			unsigned want, long timeout_ms, struct err *e)
{
	long long deadline = mono_ms() + timeout_ms;
	long step = ORDER_POLL_FIRST_MS, delay;
	enum rc rc;

	for (;;) {
		if (want & ST_BIT(o->status))
			return RC_OK;
		if (o->status == ST_INVALID) {
			if (o->has_error)
				return problem_to_err(&o->error,
						      _("order failed"), e);
			return err_set(e, RC_CA,
				       _("the CA marked the order "
					 "invalid"));
		}
		if (o->status == ST_VALID) /* and valid was not wanted */
			return err_set(e, RC_PROTO,
				       _("order is already "
					 "valid"));
		delay = acme_poll_delay(o->retry_at_ms, mono_ms(), &step);
		if (mono_ms() + delay > deadline)
			return err_set(e, RC_PENDING,
				       _("order still %s; it will be resumed"),
				       acme_status_name(o->status));
		sleep_ms(delay);
		rc = acme_order_fetch(c, o->url, o, e);
		if (rc != RC_OK)
			return rc;
	}
}

void acme_order_clear(struct acme_order *o)
{
	size_t i;

	if (o == NULL)
		return;
	free(o->url);
	for (i = 0; i < o->n_idents; i++)
		acme_ident_clear(&o->idents[i]);
	free(o->idents);
	strv_free(o->authz_urls);
	free(o->finalize_url);
	free(o->cert_url);
	free(o->profile);
	problem_clear(&o->error);
	memset(o, 0, sizeof(*o));
	o->status = ST__UNKNOWN;
}
