/* SPDX-License-Identifier: ISC */
/* authz.c - authorizations, challenges, and their polling. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "acme/authz.h"
#include "acme/order.h"
#include "util/b64url.h"
#include "util/clock.h"
#include "util/json.h"

/* Challenge types: lower-case letters, digits and '-'. */
static int chal_type_ok(const char *s)
{
	size_t i;

	if (s == NULL || s[0] == '\0' || strlen(s) > CHALLENGE_TYPE_MAX)
		return 0;
	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

static void challenge_clear(struct acme_challenge *ch)
{
	free(ch->type);
	free(ch->url);
	free(ch->token);
	problem_clear(&ch->error);
	memset(ch, 0, sizeof(*ch));
	ch->status = ST__UNKNOWN;
}

static enum rc parse_challenge(struct json_object *o,
			       const struct url_policy *p,
			       struct acme_challenge *ch, struct err *e)
{
	struct json_object *v = NULL, *err_o;
	const char *type, *url, *token, *s;
	enum rc rc;

	type = js_str(o, "type", CHALLENGE_TYPE_MAX);
	url = js_str(o, "url", ACME_URL_MAX);
	if (!chal_type_ok(type))
		return err_set(e, RC_PROTO, _("challenge: malformed type"));
	rc = url_check(p, url, _("challenge URL"), e);
	if (rc != RC_OK)
		return rc;
	ch->status = acme_status_parse(js_str(o, "status", ACME_STATUS_MAX),
				       ST_ALLOWED_CHALLENGE);
	if (ch->status == ST__UNKNOWN)
		return err_set(e, RC_PROTO,
			       _("challenge %s: missing or "
				 "unknown status"),
			       type);
	if (json_object_object_get_ex(o, "token", &v)) {
		token = js_str(o, "token", ACME_TOKEN_MAX);
		if (token == NULL || !b64url_is_token(token, strlen(token)))
			return err_set(e, RC_PROTO,
				       _("challenge %s: the token is not "
					 "base64url; refusing it"),
				       type);
		ch->token = strdup(token);
		if (ch->token == NULL)
			goto nomem;
	}
	s = js_str(o, "validated", 64);
	if (s != NULL && rfc3339_parse(s, &ch->validated) != 0)
		ch->validated = 0;
	err_o = js_obj(o, "error");
	if (err_o != NULL) {
		rc = problem_from_json(err_o, &ch->error, e);
		if (rc != RC_OK)
			return rc;
		ch->has_error = 1;
	}
	ch->type = strdup(type);
	ch->url = strdup(url);
	if (ch->type == NULL || ch->url == NULL)
		goto nomem;
	return RC_OK;
nomem:
	return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
}

static enum rc parse_challenges(struct json_object *o,
				const struct url_policy *p,
				struct acme_authz *out, struct err *e)
{
	struct json_object *a = js_arr(o, "challenges");
	size_t i, n;
	enum rc rc;

	n = a ? json_object_array_length(a) : 0;
	if (a == NULL || n > AUTHZ_CHALLENGES_MAX)
		return err_set(e, RC_PROTO,
			       _("authorization: bad challenge "
				 "list"));
	if (n == 0)
		return RC_OK;
	out->chals = calloc(n, sizeof(*out->chals));
	if (out->chals == NULL)
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	for (i = 0; i < n; i++) {
		out->n_chals = i + 1;
		rc = parse_challenge(json_object_array_get_idx(a, i), p,
				     &out->chals[i], e);
		if (rc != RC_OK)
			return rc;
	}
	return RC_OK;
}

enum rc acme_authz_parse(const char *body, size_t len, const char *url,
			 const struct url_policy *p, struct acme_authz *out,
			 struct err *e)
{
	struct json_object *o = NULL;
	const char *s;
	enum rc rc;

	acme_authz_clear(out);
	rc = url_check(p, url, _("authorization URL"), e);
	if (rc != RC_OK)
		return rc;
	o = js_parse_object(body, len, _("authorization"), e);
	if (o == NULL)
		return RC_PROTO;
	out->status = acme_status_parse(js_str(o, "status", ACME_STATUS_MAX),
					ST_ALLOWED_AUTHZ);
	if (out->status == ST__UNKNOWN) {
		rc = err_set(e, RC_PROTO,
			     _("authorization: missing or "
			       "unknown status"));
		goto out;
	}
	/* The identifier of a wildcard authorization has no "*."; one that
	 * has it is malformed. */
	rc = acme_ident_from_json(js_obj(o, "identifier"), _("authorization"),
				  0, &out->ident, e);
	if (rc != RC_OK)
		goto out;
	out->wildcard = js_bool(o, "wildcard", 0);
	s = js_str(o, "expires", 64);
	if (s != NULL && rfc3339_parse(s, &out->expires) != 0) {
		rc = err_set(e, RC_PROTO,
			     _("authorization: malformed "
			       "expires"));
		goto out;
	}
	rc = parse_challenges(o, p, out, e);
	if (rc != RC_OK)
		goto out;
	out->url = strdup(url);
	if (out->url == NULL)
		rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
out:
	json_object_put(o);
	if (rc != RC_OK)
		acme_authz_clear(out);
	return rc;
}

/* POST payload to the authorization's URL and parse the answer. */
static enum rc authz_post(struct acme_client *c, const char *url,
			  const char *payload, struct acme_authz *out,
			  struct err *e)
{
	struct http_resp r;
	struct acme_authz tmp;
	enum rc rc;
	char *u = strdup(url ? url : "");

	memset(&tmp, 0, sizeof(tmp));
	if (u == NULL)
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	rc = acme_post(c, u, payload, NULL, &r, e);
	if (rc == RC_OK) {
		rc = acme_authz_parse(r.body, r.body_len, u,
				      acme_client_policy(c), &tmp, e);
		if (rc == RC_OK) {
			tmp.retry_at_ms = r.retry_at_ms;
			acme_authz_clear(out);
			*out = tmp;
		}
		http_resp_clear(&r);
	}
	free(u);
	return rc;
}

enum rc acme_authz_fetch(struct acme_client *c, const char *url,
			 struct acme_authz *out, struct err *e)
{
	enum rc rc = authz_post(c, url, NULL, out, e);

	if (rc != RC_OK)
		err_prefix(e, _("authorization"));
	return rc;
}

struct acme_challenge *acme_authz_challenge(const struct acme_authz *a,
					    const char *type)
{
	size_t i;

	for (i = 0; i < a->n_chals; i++)
		if (strcmp(a->chals[i].type, type) == 0)
			return &a->chals[i];
	return NULL;
}

enum rc acme_challenge_respond(struct acme_client *c, struct acme_challenge *ch,
			       struct err *e)
{
	struct http_resp r;
	struct json_object *o = NULL;
	enum rc rc;

	rc = acme_post(c, ch->url, "{}", NULL, &r, e);
	if (rc != RC_OK) {
		err_prefix(e, ch->type);
		return rc;
	}
	o = js_parse_object(r.body, r.body_len, _("challenge"), NULL);
	if (o != NULL) {
		enum acme_status st = acme_status_parse(js_str(o, "status",
							       ACME_STATUS_MAX),
							ST_ALLOWED_CHALLENGE);

		if (st != ST__UNKNOWN)
			ch->status = st;
	}
	json_object_put(o);
	http_resp_clear(&r);
	return RC_OK;
}

enum rc acme_authz_failure(const struct acme_authz *a, struct err *e)
{
	const struct acme_challenge *ch = NULL;
	size_t i;

	for (i = 0; i < a->n_chals; i++)
		if (a->chals[i].status == ST_INVALID ||
		    (ch == NULL && a->chals[i].has_error))
			ch = &a->chals[i];
	if (ch != NULL && ch->has_error)
		return err_set(e, RC_CA, "%s%s: %s: %s",
			       a->wildcard ? "*." : "", a->ident.value,
			       ch->type, ch->error.summary);
	if (ch != NULL)
		return err_set(e, RC_CA, _("%s%s: %s: validation failed"),
			       a->wildcard ? "*." : "", a->ident.value,
			       ch->type);
	return err_set(e, RC_CA, _("%s%s: authorization is %s"),
		       a->wildcard ? "*." : "",
		       a->ident.value ? a->ident.value : "?",
		       acme_status_name(a->status));
}

enum rc acme_authz_poll(struct acme_client *c, struct acme_authz *a,
			long timeout_ms, struct err *e)
{
	long long deadline = mono_ms() + timeout_ms;
	long step = ORDER_POLL_FIRST_MS, delay;
	enum rc rc;

	for (;;) {
		if (a->status == ST_VALID)
			return RC_OK;
		if (a->status != ST_PENDING)
			return acme_authz_failure(a, e);
		delay = acme_poll_delay(a->retry_at_ms, mono_ms(), &step);
		if (mono_ms() + delay > deadline)
			return err_set(e, RC_PENDING,
				       _("%s: validation still pending; it "
					 "will be resumed"),
				       a->ident.value);
		sleep_ms(delay);
		rc = acme_authz_fetch(c, a->url, a, e);
		if (rc != RC_OK)
			return rc;
	}
}

enum rc acme_authz_deactivate(struct acme_client *c, struct acme_authz *a,
			      struct err *e)
{
	enum rc rc;

	rc = authz_post(c, a->url, "{\"status\":\"deactivated\"}", a, e);
	if (rc != RC_OK)
		err_prefix(e, _("deactivate authorization"));
	return rc;
}

void acme_authz_clear(struct acme_authz *a)
{
	size_t i;

	if (a == NULL)
		return;
	free(a->url);
	acme_ident_clear(&a->ident);
	for (i = 0; i < a->n_chals; i++)
		challenge_clear(&a->chals[i]);
	free(a->chals);
	memset(a, 0, sizeof(*a));
	a->status = ST__UNKNOWN;
}
