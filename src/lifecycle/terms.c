/* SPDX-License-Identifier: ISC */
/* terms.c - the operator's consent to a CA's terms of service: checked
 * before an account is registered, recorded with it, compared with what
 * the CA names later. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acme/client.h"
#include "acme/directory.h"
#include "db/store.h"
#include "db/store_accounts.h"
#include "lifecycle/lc.h"
#include "lifecycle/terms.h"
#include "util/safe.h"

char *lc_terms_shown(const char *url, char *buf, size_t sz)
{
	if (url == NULL)
		return safe_line(buf, sz, "", 0);
	return safe_line(buf, sz, url, strlen(url));
}

enum rc lc_terms_consent(const struct lc_account_params *p, const char *terms,
			 struct err *e)
{
	char shown[LC_TERMS_SHOWN_MAX];

	if (terms == NULL)
		return RC_OK;
	lc_terms_shown(terms, shown, sizeof(shown));
	if (!p->agree_tos)
		return err_set(e, RC_USAGE,
			       _("the CA's terms of service (%s) need consent: "
				 "pass --agree-tos"),
			       shown);
	/* Consent to what was shown, not to what the CA names now. */
	if (p->tos_url_seen != NULL && strcmp(p->tos_url_seen, terms) != 0)
		return err_set(e, RC_USAGE,
			       _("the CA's terms of service changed to %s "
				 "while you were asked: nothing registered"),
			       shown);
	return RC_OK;
}

int lc_terms_changed(const struct acct_row *a, char *now, size_t nowsz)
{
	struct acme_directory d = { 0 };
	struct url_policy pol = { a->directory_url, 1 };
	int changed = 0;

	if (a->directory_json == NULL ||
	    directory_parse(a->directory_json, strlen(a->directory_json), &pol,
			    &d, NULL) != RC_OK)
		return 0;
	if (d.terms_of_service != NULL &&
	    (a->tos_url == NULL ||
	     strcmp(a->tos_url, d.terms_of_service) != 0)) {
		lc_terms_shown(d.terms_of_service, now, nowsz);
		changed = 1;
	}
	directory_clear(&d);
	return changed;
}

/* Reads the directory of account a's CA into a new client (*out). */
static enum rc load_directory(struct lc *lc, const struct acct_row *a,
			      struct acme_client **out, struct err *e)
{
	struct acme_client_opts opts = { 0 };
	enum rc rc;

	opts.directory_url = a->directory_url;
	opts.ca_file = a->ca_file != NULL && a->ca_file[0] ? a->ca_file
							   : lc->ca_file;
	opts.timeout_s = lc->http_timeout_s;
	*out = acme_client_new(&opts, e);
	if (*out == NULL)
		return e->rc;
	rc = acme_client_load_directory(*out, NULL, 0, e);
	if (rc != RC_OK) {
		acme_client_free(*out);
		*out = NULL;
	}
	return rc;
}

enum rc lc_account_agree_terms(struct lc *lc, const char *name, char **terms,
			       struct err *e)
{
	struct acct_row a = { 0 };
	struct acme_client *c = NULL;
	const struct acme_directory *d;
	char shown[LC_TERMS_SHOWN_MAX];
	enum rc rc;

	*terms = NULL;
	rc = store_account_get_by_name(lc->st, name, &a, e);
	if (rc == RC_OK)
		rc = load_directory(lc, &a, &c, e);
	if (rc != RC_OK)
		goto out;
	d = acme_client_directory(c);
	if (d->terms_of_service == NULL) {
		rc = err_set(e, RC_INPUT,
			     _("the CA of account '%s' names no "
			       "terms of service: nothing to "
			       "agree to"),
			     a.name);
		goto out;
	}
	*terms = strdup(d->terms_of_service);
	if (*terms == NULL) {
		rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		goto out;
	}
	rc = store_begin(lc->st, e);
	if (rc != RC_OK)
		goto out;
	/* The directory too: the account screen compares with it. */
	rc = store_account_set_registration(lc->st, a.id, a.account_url,
					    a.status, d->raw, e);
	if (rc == RC_OK)
		rc = store_account_set_terms(lc->st, a.id, *terms,
					     (int64_t)time(NULL), e);
	if (rc == RC_OK)
		rc = lc_event(lc, 0, a.id, a.name, LC_STAGE_ACCOUNT, "info",
			      _("agreed to the CA's terms of service at %s"),
			      lc_terms_shown(*terms, shown, sizeof(shown)));
	if (rc == RC_OK)
		rc = store_commit(lc->st, e);
	else
		store_rollback(lc->st);
out:
	if (rc != RC_OK) {
		free(*terms);
		*terms = NULL;
	}
	acme_client_free(c);
	acct_row_clear(&a);
	return rc;
}
