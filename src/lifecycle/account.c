/* SPDX-License-Identifier: ISC */
/* account.c - account registration, key rollover, deactivation. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "acme/account.h"
#include "acme/client.h"
#include "acme/directory.h"
#include "acme/jws.h"
#include "crypto/key.h"
#include "db/store.h"
#include "db/store_accounts.h"
#include "lifecycle/client.h"
#include "lifecycle/fault.h"
#include "lifecycle/lc.h"
#include "lifecycle/terms.h"
#include "parse/presets.h"
#include "util/b64url.h"
#include "util/url.h"

/* Fills url/env/preset from a preset name or a server URL. */
static enum rc resolve_server(const struct lc_account_params *p,
			      const char **url, const char **env,
			      const char **preset, struct err *e)
{
	const struct ca_preset *cp = NULL;
	enum rc rc;

	if (p->preset != NULL) {
		rc = preset_lookup(p->preset, &cp, e);
		if (rc != RC_OK)
			return rc;
		if (p->directory_url != NULL &&
		    strcmp(p->directory_url, cp->directory_url) != 0)
			return err_set(e, RC_USAGE,
				       _("give either --ca or --server, "
					 "not both"));
		*url = cp->directory_url;
	} else if (p->directory_url != NULL) {
		*url = p->directory_url;
		cp = preset_by_url(p->directory_url);
	} else {
		return err_set(e, RC_USAGE,
			       _("no CA given: use --ca PRESET "
				 "or --server URL"));
	}
	/* Not echoed: a refused URL may carry a password. */
	if (!url_is_https(*url))
		return err_set(e, RC_INPUT, "%s",
			       _("ACME server URL must be an https URL "
				 "without user name or password"));
	if (cp != NULL && cp->retired != NULL)
		return err_set(e, RC_INPUT, "%s", _(cp->retired));
	*preset = cp ? cp->name : NULL;
	*env = cp ? preset_env_name(cp->env) : "production";
	return RC_OK;
}

/* Whether the preset called name (NULL: none) requires External Account
 * Binding even where the CA's directory does not say so (SSL.com). */
static int preset_needs_eab(const char *name)
{
	const struct ca_preset *cp = name ? preset_find(name) : NULL;

	return cp != NULL && cp->eab_required;
}

/* The error for a CA that needs EAB when none was given. */
static enum rc eab_missing(const char *url, struct err *e)
{
	return err_set(e, RC_USAGE,
		       _("%s requires External Account Binding: give "
			 "--eab-kid and --eab-hmac-key from your CA's "
			 "credentials, or use 'account import'"),
		       url);
}

/* Loads the key the operator gave, or makes a new one. */
static EVP_PKEY *account_key(const struct lc_account_params *p, struct err *e)
{
	enum key_type t;

	if (p->key_file != NULL)
		return key_from_file(p->key_file, e);
	t = key_type_parse(p->key_type ? p->key_type : "ec256");
	if (t == KEY__INVALID) {
		err_set(e, RC_USAGE,
			_("unknown key type '%s' (use ec256, "
			  "ec384, rsa2048, rsa3072 or "
			  "rsa4096)"),
			p->key_type);
		return NULL;
	}
	return key_generate(t, e);
}

/* Turns a refused newAccount into advice an operator can act on. */
static void explain_refusal(struct acme_client *c, int with_eab,
			    const char *name, struct err *e)
{
	const struct acme_problem *pb = acme_client_problem(c);
	const char *type = pb && pb->type ? pb->type : "";
	const char *detail = pb && pb->detail ? pb->detail : "";
	char what[ERR_MSG_MAX];

	if (e == NULL || e->rc != RC_CA)
		return;
	snprintf(what, sizeof(what), "%s", err_text(e));
	err_clear(e);
	if (strstr(type, "externalAccountRequired") != NULL) {
		err_set(e, RC_CA,
			_("the CA requires External Account "
			  "Binding: give the EAB key id and HMAC "
			  "key from your CA (%s)"),
			what);
	} else if (with_eab && (strstr(detail, "bound") != NULL ||
				strstr(detail, "already") != NULL)) {
		err_set(e, RC_CA,
			_("this EAB key id is already bound to "
			  "another account key (%s); to use the "
			  "account on a second host, run 'acmetui "
			  "account export-key %s' on the first and "
			  "'account add ... --key FILE' here"),
			what, name);
	} else if (with_eab) {
		err_set(e, RC_CA,
			_("the CA refused the External Account "
			  "Binding; check the EAB key id and HMAC "
			  "key (%s)"),
			what);
	} else {
		err_set(e, RC_CA, _("registration refused by the CA: %s"),
			what);
	}
}

/* Decodes the EAB HMAC key (caller wipes and frees *out). */
static enum rc decode_hmac(const struct lc_account_params *p,
			   unsigned char **out, size_t *len, struct err *e)
{
	*out = NULL;
	*len = 0;
	if ((p->eab_kid == NULL) != (p->eab_hmac == NULL))
		return err_set(e, RC_USAGE,
			       _("EAB needs both the key id and "
				 "the HMAC key"));
	if (p->eab_kid == NULL)
		return RC_OK;
	*out = b64url_decode(p->eab_hmac, strlen(p->eab_hmac), len);
	if (*out == NULL || *len < 16) {
		if (*out != NULL)
			OPENSSL_cleanse(*out, *len);
		free(*out);
		*out = NULL;
		return err_set(e, RC_INPUT,
			       _("EAB HMAC key is not a "
				 "base64url key of at least 16 "
				 "bytes"));
	}
	return RC_OK;
}

/* Stores the account as pending, with its key, before the CA hears of
 * it: newAccount binds the key (and the EAB key id) to an account, so a
 * key that existed only in memory would be lost with the process.  *id
 * gets the new row. */
static enum rc store_pending(struct lc *lc, struct acct_row *row, int64_t *id,
			     struct err *e)
{
	enum rc rc;

	rc = store_begin(lc->st, e);
	if (rc != RC_OK)
		return rc;
	rc = store_account_insert(lc->st, row, id, e);
	if (rc != RC_OK)
		goto out;
	rc = lc_event(lc, 0, *id, row->name, LC_STAGE_ACCOUNT, "info",
		      _("registering with %s (account key stored first)"),
		      row->directory_url);
	if (rc != RC_OK)
		goto out;
	rc = store_commit(lc->st, e);
out:
	if (rc != RC_OK)
		store_rollback(lc->st);
	return rc;
}

/* Records the account URL of a registered account and its event in one
 * transaction. */
static enum rc store_registered(struct lc *lc, int64_t id, const char *name,
				const char *url,
				const struct acme_account *acct,
				const struct acme_directory *d, struct err *e)
{
	enum rc rc;

	rc = store_begin(lc->st, e);
	if (rc != RC_OK)
		return rc;
	rc = store_account_set_registration(lc->st, id, acct->url,
					    ACCT_STATUS_VALID, d->raw, e);
	/* lc_terms_consent() let it through: consent was given. */
	if (rc == RC_OK && d->terms_of_service != NULL)
		rc = store_account_set_terms(lc->st, id, d->terms_of_service,
					     (int64_t)time(NULL), e);
	if (rc != RC_OK)
		goto out;
	rc = lc_event(lc, 0, id, name, LC_STAGE_ACCOUNT, "info",
		      acct->created ? _("registered with %s as %s")
				    : _("found existing account at %s: %s"),
		      url, acct->url);
	if (rc != RC_OK)
		goto out;
	rc = store_commit(lc->st, e);
out:
	if (rc != RC_OK)
		store_rollback(lc->st);
	return rc;
}

/* Looks for an interrupted registration of p->name (a pending row
 * without an account URL, see store_pending).  RC_OK with *resume set
 * (pending filled, caller clears it) or not set (no such account);
 * RC_EXISTS when a registered account has that name. */
static enum rc find_pending(struct lc *lc, const char *name,
			    struct acct_row *pending, int *resume,
			    struct err *e)
{
	enum rc rc;

	*resume = 0;
	rc = store_account_get_by_name(lc->st, name, pending, e);
	if (rc == RC_NOTFOUND) {
		err_clear(e);
		return RC_OK;
	}
	if (rc != RC_OK)
		return rc;
	if (pending->status != ACCT_STATUS_PENDING ||
	    pending->account_url != NULL || pending->key_pem == NULL) {
		acct_row_clear(pending);
		return err_set(e, RC_EXISTS,
			       _("an account named '%s' "
				 "already exists"),
			       name);
	}
	*resume = 1;
	return RC_OK;
}

/* The key of an interrupted registration: the stored one, which the CA
 * may already know.  A different --key is refused rather than losing
 * the stored one. */
static EVP_PKEY *resumed_key(const struct lc_account_params *p,
			     const struct acct_row *pending, const char *url,
			     struct err *e)
{
	EVP_PKEY *key = NULL, *given = NULL;

	if (strcmp(pending->directory_url, url) != 0) {
		err_set(e, RC_USAGE,
			_("account '%s' was being registered with %s when "
			  "acmetui stopped; rerun 'account add' with that "
			  "server to finish it"),
			p->name, pending->directory_url);
		return NULL;
	}
	key = key_from_pem(pending->key_pem, strlen(pending->key_pem), e);
	if (key == NULL || p->key_file == NULL)
		return key;
	given = key_from_file(p->key_file, e);
	if (given == NULL || EVP_PKEY_eq(key, given) != 1) {
		if (given != NULL)
			err_set(e, RC_USAGE,
				_("account '%s' was being registered with "
				  "another key when acmetui stopped; rerun "
				  "'account add' without --key to finish "
				  "it"),
				p->name);
		EVP_PKEY_free(key);
		key = NULL;
	}
	EVP_PKEY_free(given);
	return key;
}

/* Records why the registration of account name with the CA at url
 * failed (e: the CA's reason and our advice), as an event of the
 * account (id; 0 before its row exists), so that the reason outlives
 * the form or the terminal that showed it.  lc_event() makes the text
 * one printable line.  Best effort, like every event of a failure. */
static void record_failure(struct lc *lc, int64_t id, const char *name,
			   const char *url, const struct err *e)
{
	/* The reason first: the event log's message column is narrow.
	 * Before the row exists the event has no subject, so the text
	 * names the account. */
	if (id != 0)
		lc_event(lc, 0, id, name, LC_STAGE_ACCOUNT, "error",
			 _("registration failed: %s (CA %s)"), err_text(e),
			 url);
	else
		lc_event(lc, 0, 0, name, LC_STAGE_ACCOUNT, "error",
			 _("registration of account %s failed: %s (CA %s)"),
			 name, err_text(e), url);
}

/* Drops the pending row of a registration the CA refused outright (no
 * account exists for its key), so that a corrected rerun starts clean.
 * Best effort: a row left behind is resumed by the rerun. */
static void drop_refused(struct lc *lc, const char *name)
{
	store_account_delete(lc->st, name, NULL);
}

enum rc lc_account_terms(struct lc *lc, const struct lc_account_params *p,
			 char **terms, struct err *e)
{
	struct acme_client_opts opts = { 0 };
	struct acme_client *c = NULL;
	const char *url = NULL, *env = NULL, *preset = NULL, *t;
	enum rc rc;

	*terms = NULL;
	rc = resolve_server(p, &url, &env, &preset, e);
	if (rc != RC_OK)
		return rc;
	opts.directory_url = url;
	opts.ca_file = p->ca_file ? p->ca_file : lc->ca_file;
	opts.timeout_s = lc->http_timeout_s;
	c = acme_client_new(&opts, e);
	if (c == NULL)
		return e->rc;
	rc = acme_client_load_directory(c, NULL, 0, e);
	t = rc == RC_OK ? acme_client_directory(c)->terms_of_service : NULL;
	if (t != NULL) {
		*terms = strdup(t);
		if (*terms == NULL)
			rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	}
	acme_client_free(c);
	return rc;
}

enum rc lc_account_register(struct lc *lc, const struct lc_account_params *p,
			    struct err *e)
{
	struct acme_client_opts opts = { 0 };
	struct acme_account_req req = { 0 };
	struct acme_account acct = { 0 };
	struct acct_row row = { 0 }, pending = { 0 };
	struct acme_client *c = NULL;
	const char *url = NULL, *env = NULL, *preset = NULL;
	unsigned char *hmac = NULL;
	char contact[400], *key_pem = NULL;
	const char *contacts[1];
	EVP_PKEY *key = NULL;
	size_t hmac_len = 0;
	int64_t id = 0;
	int resume = 0, refused = 0, answered = 0;
	enum rc rc;

	rc = find_pending(lc, p->name, &pending, &resume, e);
	if (rc != RC_OK)
		goto out;
	rc = resolve_server(p, &url, &env, &preset, e);
	if (rc != RC_OK)
		goto out;
	rc = decode_hmac(p, &hmac, &hmac_len, e);
	if (rc != RC_OK)
		goto out;
	/* Known before asking the CA, and true even where its directory
	 * does not say so. */
	if (hmac == NULL && preset_needs_eab(preset)) {
		rc = eab_missing(url, e);
		goto out;
	}
	if (p->email != NULL) {
		snprintf(contact, sizeof(contact), "mailto:%s", p->email);
		if (!acme_contact_valid(contact)) {
			rc = err_set(e, RC_INPUT,
				     _("invalid contact e-mail "
				       "address '%s'"),
				     p->email);
			goto out;
		}
		contacts[0] = contact;
		req.contacts = contacts;
		req.n_contacts = 1;
	}
	key = resume ? resumed_key(p, &pending, url, e) : account_key(p, e);
	if (key == NULL) {
		rc = e->rc;
		goto out;
	}
	opts.directory_url = url;
	opts.ca_file = p->ca_file ? p->ca_file : lc->ca_file;
	opts.timeout_s = lc->http_timeout_s;
	c = acme_client_new(&opts, e);
	if (c == NULL) {
		rc = e->rc;
		goto out;
	}
	rc = acme_client_load_directory(c, NULL, 0, e);
	if (rc != RC_OK)
		goto out;
	answered = 1;
	if (acme_client_directory(c)->eab_required && hmac == NULL) {
		rc = eab_missing(url, e);
		goto out;
	}
	/* Before anything is stored: without consent nothing is, not even
	 * an event (the refusal is ours, not the CA's). */
	rc = lc_terms_consent(p, acme_client_directory(c)->terms_of_service, e);
	if (rc != RC_OK) {
		answered = 0;
		goto out;
	}
	rc = acme_client_set_account(c, key, NULL, e);
	if (rc != RC_OK)
		goto out;
	if (resume) {
		id = pending.id;
	} else {
		key_pem = key_to_pem(key, e);
		if (key_pem == NULL) {
			rc = e->rc;
			goto out;
		}
		row.name = (char *)p->name;
		row.ca_preset = (char *)preset;
		row.directory_url = (char *)url;
		row.environment = acct_env_parse(env);
		row.contact = p->email ? contact : NULL;
		row.eab_kid = (char *)p->eab_kid;
		row.eab_hmac = (char *)p->eab_hmac;
		row.ca_account_id = (char *)p->ca_account_id;
		row.key_pem = key_pem;
		row.key_type = (char *)key_type_name(key_type_of(key));
		row.status = ACCT_STATUS_PENDING;
		row.ca_file = (char *)p->ca_file;
		row.notify_cmd = (char *)p->notify_cmd;
		rc = store_pending(lc, &row, &id, e);
		if (rc != RC_OK)
			goto out;
	}
	req.tos_agreed = p->agree_tos;
	req.eab_kid = p->eab_kid;
	req.eab_hmac = hmac;
	req.eab_hmac_len = hmac_len;
	rc = acme_account_new(c, &req, &acct, e);
	if (rc != RC_OK) {
		/* Refused by the CA: no account has this key, unless an
		 * earlier, interrupted run registered it. */
		refused = rc == RC_CA && !resume;
		explain_refusal(c, hmac != NULL, p->name, e);
		goto out;
	}
	/* The CA knows the key now; it is stored, the account URL not yet:
	 * a rerun finds the account again through the key. */
	fault_point("after-account");
	rc = store_registered(lc, id, p->name, url, &acct,
			      acme_client_directory(c), e);
out:
	/* Once the CA has answered, what it said is kept (before a
	 * refused row goes: the event takes its name from the row).  A CA
	 * that cannot be reached says nothing worth keeping: that error
	 * stays the one line it was. */
	if (rc != RC_OK && answered)
		record_failure(lc, id, p->name, url, e);
	if (refused)
		drop_refused(lc, p->name);
	if (hmac != NULL)
		OPENSSL_cleanse(hmac, hmac_len);
	free(hmac);
	secret_free(key_pem);
	acct_row_clear(&pending);
	acme_account_clear(&acct);
	acme_client_free(c);
	EVP_PKEY_free(key);
	return rc;
}

enum rc lc_account_rollover(struct lc *lc, const char *name,
			    const char *key_type, struct err *e)
{
	struct acct_row a = { 0 };
	struct lc_session s = { 0 };
	EVP_PKEY *new_key = NULL;
	char *pem = NULL, *thumb = NULL;
	enum key_type t;
	enum rc rc;

	rc = store_account_get_by_name(lc->st, name, &a, e);
	if (rc != RC_OK)
		goto out;
	t = key_type_parse(key_type ? key_type : a.key_type);
	if (t == KEY__INVALID) {
		rc = err_set(e, RC_USAGE, _("unknown key type '%s'"),
			     key_type ? key_type : a.key_type);
		goto out;
	}
	rc = lc_session_begin(lc, &a, &s, e);
	if (rc != RC_OK)
		goto out;
	new_key = key_generate(t, e);
	pem = new_key ? key_to_pem(new_key, e) : NULL;
	thumb = new_key ? jwk_thumbprint(new_key, e) : NULL;
	if (pem == NULL || thumb == NULL) {
		rc = e->rc;
		goto out;
	}
	rc = acme_account_key_change(s.client, new_key, e);
	if (rc != RC_OK)
		goto out;
	/* The CA now knows only the new key: store it before anything else
	 * can fail. */
	rc = store_begin(lc->st, e);
	if (rc == RC_OK)
		rc = store_account_set_key(lc->st, a.id, pem, key_type_name(t),
					   e);
	if (rc == RC_OK)
		rc = lc_event(lc, 0, a.id, a.name, LC_STAGE_ACCOUNT, "info",
			      _("account key rolled over to a new %s key "
				"(thumbprint %s)"),
			      key_type_name(t), thumb);
	if (rc == RC_OK)
		rc = store_commit(lc->st, e);
	else
		store_rollback(lc->st);
out:
	secret_free(pem);
	free(thumb);
	EVP_PKEY_free(new_key);
	lc_session_end(&s);
	acct_row_clear(&a);
	return rc;
}

enum rc lc_account_deactivate(struct lc *lc, const char *name, struct err *e)
{
	struct acct_row a = { 0 };
	struct lc_session s = { 0 };
	struct acme_account out = { 0 };
	enum rc rc;

	rc = store_account_get_by_name(lc->st, name, &a, e);
	if (rc != RC_OK)
		goto out;
	rc = lc_session_begin(lc, &a, &s, e);
	if (rc != RC_OK)
		goto out;
	rc = acme_account_deactivate(s.client, &out, e);
	if (rc != RC_OK)
		goto out;
	rc = store_begin(lc->st, e);
	if (rc == RC_OK)
		rc = store_account_set_status(lc->st, a.id,
					      ACCT_STATUS_DEACTIVATED, e);
	if (rc == RC_OK)
		rc = lc_event(lc, 0, a.id, a.name, LC_STAGE_ACCOUNT, "info",
			      _("account deactivated at the CA"));
	if (rc == RC_OK)
		rc = store_commit(lc->st, e);
	else
		store_rollback(lc->st);
out:
	acme_account_clear(&out);
	lc_session_end(&s);
	acct_row_clear(&a);
	return rc;
}

enum rc lc_account_probe(struct lc *lc, const char *name, struct err *e)
{
	struct acct_row a = { 0 };
	struct lc_session s = { 0 };
	const struct acme_directory *d;
	enum rc rc;

	rc = store_account_get_by_name(lc->st, name, &a, e);
	if (rc != RC_OK)
		goto out;
	rc = lc_session_begin(lc, &a, &s, e);
	if (rc != RC_OK)
		goto out;
	d = acme_client_directory(s.client);
	rc = store_account_set_registration(lc->st, a.id, a.account_url,
					    a.status, d->raw, e);
out:
	lc_session_end(&s);
	acct_row_clear(&a);
	return rc;
}
