/* SPDX-License-Identifier: ISC */
/* account.c - newAccount, account fetch, deactivation, keyChange. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "acme/account.h"
#include "acme/jws.h"
#include "util/json.h"

int acme_contact_valid(const char *s)
{
	const char *addr, *at;
	size_t i, n;

	if (s == NULL || strncmp(s, "mailto:", 7) != 0)
		return 0;
	addr = s + 7;
	n = strlen(s);
	if (n > ACCOUNT_CONTACT_MAX)
		return 0;
	at = strchr(addr, '@');
	if (at == NULL || at == addr || at[1] == '\0' ||
	    strchr(at + 1, '@') != NULL)
		return 0;
	for (i = 0; addr[i] != '\0'; i++) {
		unsigned char ch = (unsigned char)addr[i];

		if (ch <= 0x20 || ch >= 0x7f || strchr(",?%<>\"\\", ch))
			return 0;
	}
	return 1;
}

enum rc acme_account_parse(const char *body, size_t len, const char *url,
			   const struct url_policy *p, struct acme_account *out,
			   struct err *e)
{
	struct json_object *o = NULL;
	const char *s;
	enum rc rc;

	acme_account_clear(out);
	rc = url_check(p, url, _("account URL"), e);
	if (rc != RC_OK)
		return rc;
	o = js_parse_object(body, len, _("account"), e);
	if (o == NULL)
		return RC_PROTO;
	out->status = acme_status_parse(js_str(o, "status", ACME_STATUS_MAX),
					ST_ALLOWED_ACCOUNT);
	if (out->status == ST__UNKNOWN) {
		rc = err_set(e, RC_PROTO,
			     _("account: missing or unknown "
			       "status"));
		goto out;
	}
	rc = strv_from_json(o, "contact", ACCOUNT_CONTACT_MAX,
			    ACCOUNT_CONTACTS_MAX * 4, &out->contacts,
			    &out->n_contacts, _("account"), e);
	if (rc != RC_OK)
		goto out;
	s = js_str(o, "orders", ACME_URL_MAX);
	if (s != NULL && url_is_https(s)) {
		out->orders_url = strdup(s);
		if (out->orders_url == NULL)
			goto nomem;
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
		acme_account_clear(out);
	return rc;
}

/* Builds the newAccount payload text (caller frees). */
static char *new_account_payload(struct acme_client *c,
				 const struct acme_account_req *req,
				 struct err *e)
{
	struct json_object *o = json_object_new_object(), *a = NULL,
			   *eab = NULL;
	char *text = NULL;
	size_t i;

	if (o == NULL)
		goto nomem;
	if (req->n_contacts > 0) {
		a = json_object_new_array();
		if (a == NULL || json_object_object_add(o, "contact", a)) {
			json_object_put(a);
			goto nomem;
		}
		for (i = 0; i < req->n_contacts; i++)
			if (json_object_array_add(a, json_object_new_string(
							     req->contacts[i])))
				goto nomem;
	}
	if (req->tos_agreed &&
	    json_object_object_add(o, "termsOfServiceAgreed",
				   json_object_new_boolean(1)))
		goto nomem;
	if (req->only_return_existing &&
	    json_object_object_add(o, "onlyReturnExisting",
				   json_object_new_boolean(1)))
		goto nomem;
	if (req->eab_kid != NULL) {
		eab = jws_eab(req->eab_kid, req->eab_hmac, req->eab_hmac_len,
			      acme_client_key(c),
			      acme_client_directory(c)->new_account, e);
		if (eab == NULL)
			goto out;
		if (json_object_object_add(o, "externalAccountBinding", eab)) {
			json_object_put(eab);
			goto nomem;
		}
	}
	text = js_dump(o);
	if (text == NULL)
		goto nomem;
	goto out;
nomem:
	err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
out:
	json_object_put(o);
	return text;
}

enum rc acme_account_new(struct acme_client *c,
			 const struct acme_account_req *req,
			 struct acme_account *out, struct err *e)
{
	struct http_resp r;
	char *payload = NULL;
	const char *url = acme_client_directory(c)->new_account;
	enum rc rc;
	size_t i;

	memset(&r, 0, sizeof(r));
	acme_account_clear(out);
	if (url == NULL)
		return err_set(e, RC_USAGE, _("ACME directory not loaded"));
	if (req->n_contacts > ACCOUNT_CONTACTS_MAX)
		return err_set(e, RC_INPUT, _("too many contacts"));
	for (i = 0; i < req->n_contacts; i++)
		if (!acme_contact_valid(req->contacts[i]))
			return err_set(e, RC_INPUT,
				       _("contact %zu is not a mailto: "
					 "address"),
				       i + 1);
	if (req->eab_kid != NULL &&
	    (req->eab_hmac == NULL || req->eab_hmac_len == 0))
		return err_set(e, RC_INPUT, _("EAB key id without HMAC key"));
	/* newAccount is signed with the JWK, never a kid. */
	rc = acme_client_set_account(c, acme_client_key(c), NULL, e);
	if (rc != RC_OK)
		return rc;
	payload = new_account_payload(c, req, e);
	if (payload == NULL)
		return e && e->rc ? e->rc : RC_NOMEM;
	rc = acme_post(c, url, payload, NULL, &r, e);
	free(payload);
	if (rc != RC_OK) {
		if (req->only_return_existing &&
		    problem_is(acme_client_problem(c), "accountDoesNotExist")) {
			err_clear(e);
			return err_set(e, RC_NOTFOUND,
				       _("the CA has no account for this "
					 "key"));
		}
		err_prefix(e, _("new account"));
		return rc;
	}
	if (r.status != 200 && r.status != 201) {
		rc = err_set(e, RC_PROTO, _("new account: HTTP %ld"), r.status);
		goto out;
	}
	rc = acme_account_parse(r.body, r.body_len, r.location,
				acme_client_policy(c), out, e);
	if (rc != RC_OK)
		goto out;
	out->created = r.status == 201;
	rc = acme_client_set_account(c, acme_client_key(c), out->url, e);
out:
	http_resp_clear(&r);
	if (rc != RC_OK)
		acme_account_clear(out);
	return rc;
}

/* POST payload (NULL: POST-as-GET) to the account URL; parse into out. */
static enum rc account_post(struct acme_client *c, const char *payload,
			    struct acme_account *out, struct err *e)
{
	struct http_resp r;
	const char *kid = acme_client_kid(c);
	enum rc rc;

	acme_account_clear(out);
	if (kid == NULL)
		return err_set(e, RC_USAGE, _("account URL unknown"));
	rc = acme_post(c, kid, payload, NULL, &r, e);
	if (rc != RC_OK)
		return rc;
	rc = acme_account_parse(r.body, r.body_len, kid, acme_client_policy(c),
				out, e);
	http_resp_clear(&r);
	return rc;
}

enum rc acme_account_fetch(struct acme_client *c, struct acme_account *out,
			   struct err *e)
{
	enum rc rc = account_post(c, NULL, out, e);

	if (rc != RC_OK)
		err_prefix(e, _("account"));
	return rc;
}

enum rc acme_account_deactivate(struct acme_client *c, struct acme_account *out,
				struct err *e)
{
	enum rc rc;

	rc = account_post(c, "{\"status\":\"deactivated\"}", out, e);
	if (rc != RC_OK) {
		err_prefix(e, _("deactivate account"));
		return rc;
	}
	if (out->status != ST_DEACTIVATED) {
		acme_account_clear(out);
		return err_set(e, RC_PROTO,
			       _("deactivate account: the CA "
				 "did not deactivate it"));
	}
	return RC_OK;
}

/* The inner keyChange JWS text: signed by new_key with its jwk, no
 * nonce, payload {"account", "oldKey"}.  Caller frees. */
static char *key_change_inner(struct acme_client *c, EVP_PKEY *new_key,
			      const char *url, struct err *e)
{
	struct json_object *p = NULL, *old_jwk = NULL, *jws = NULL;
	char *ptext = NULL, *text = NULL;

	old_jwk = jwk_public(acme_client_key(c), e);
	if (old_jwk == NULL)
		goto out;
	p = json_object_new_object();
	if (p == NULL ||
	    json_object_object_add(
		    p, "account", json_object_new_string(acme_client_kid(c)))) {
		json_object_put(old_jwk);
		goto nomem;
	}
	if (json_object_object_add(p, "oldKey", old_jwk)) {
		json_object_put(old_jwk);
		goto nomem;
	}
	ptext = js_dump(p);
	if (ptext == NULL)
		goto nomem;
	jws = jws_build(new_key, NULL, NULL, url, ptext, e);
	if (jws == NULL)
		goto out;
	text = js_dump(jws);
	if (text == NULL)
		goto nomem;
	goto out;
nomem:
	err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
out:
	json_object_put(p);
	json_object_put(jws);
	free(ptext);
	return text;
}

enum rc acme_account_key_change(struct acme_client *c, EVP_PKEY *new_key,
				struct err *e)
{
	struct http_resp r;
	const char *url = acme_client_directory(c)->key_change;
	char *inner = NULL;
	enum rc rc;

	memset(&r, 0, sizeof(r));
	if (url == NULL)
		return err_set(e, RC_CA,
			       _("this CA does not support key "
				 "rollover"));
	if (acme_client_kid(c) == NULL || acme_client_key(c) == NULL ||
	    new_key == NULL)
		return err_set(e, RC_USAGE,
			       _("key rollover needs the "
				 "account URL and both keys"));
	inner = key_change_inner(c, new_key, url, e);
	if (inner == NULL)
		return e && e->rc ? e->rc : RC_CRYPTO;
	rc = acme_post(c, url, inner, NULL, &r, e);
	free(inner);
	http_resp_clear(&r);
	if (rc != RC_OK) {
		err_prefix(e, _("key rollover"));
		return rc;
	}
	return acme_client_set_account(c, new_key, acme_client_kid(c), e);
}

void acme_account_clear(struct acme_account *a)
{
	if (a == NULL)
		return;
	free(a->url);
	strv_free(a->contacts);
	free(a->orders_url);
	memset(a, 0, sizeof(*a));
	a->status = ST__UNKNOWN;
}
