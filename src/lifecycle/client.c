/* SPDX-License-Identifier: ISC */
/* client.c - ACME sessions for stored accounts. */
#include "config.h"

#include <string.h>
#include <time.h>

#include "acme/client.h"
#include "acme/directory.h"
#include "crypto/key.h"
#include "db/store_accounts.h"
#include "lifecycle/client.h"
#include "lifecycle/lc.h"

const char *lc_ca_file(const struct lc *lc, const struct acct_row *a)
{
	if (a->ca_file != NULL && a->ca_file[0] != '\0')
		return a->ca_file;
	return lc->ca_file;
}

/* 1 when a's stored directory may serve a session at now: fetched less
 * than LC_DIRECTORY_MAX_AGE_S ago, and not "in the future" (a clock set
 * back makes the age unknowable). */
static int directory_fresh(const struct acct_row *a, int64_t now)
{
	return a->directory_json != NULL && a->directory_fetched_at > 0 &&
	       a->directory_fetched_at <= now &&
	       now - a->directory_fetched_at < LC_DIRECTORY_MAX_AGE_S;
}

/* Loads s's directory: the account's stored copy while it is fresh (one
 * request less per run), else from the CA, then stored with its time for
 * the next runs.  A stored copy that no longer parses is fetched again.
 * Failing to store the fresh copy only costs the next run a request. */
static enum rc load_directory(struct lc *lc, const struct acct_row *a,
			      struct lc_session *s, struct err *e)
{
	int64_t now = (int64_t)time(NULL);
	struct err ignored = { 0 };
	enum rc rc;

	if (directory_fresh(a, now) &&
	    acme_client_load_directory(s->client, a->directory_json,
				       strlen(a->directory_json),
				       &ignored) == RC_OK) {
		s->directory_cached = 1;
		return RC_OK;
	}
	rc = acme_client_load_directory(s->client, NULL, 0, e);
	if (rc == RC_OK && lc->st != NULL && !lc->dry_run)
		(void)store_account_set_directory(
			lc->st, a->id, acme_client_directory(s->client)->raw,
			now, &ignored);
	return rc;
}

enum rc lc_session_begin(struct lc *lc, const struct acct_row *a,
			 struct lc_session *s, struct err *e)
{
	struct acme_client_opts opts = { 0 };
	enum rc rc;

	memset(s, 0, sizeof(*s));
	if (a->account_url == NULL || a->key_pem == NULL) {
		rc = err_set(e, RC_INPUT,
			     _("account '%s' is not registered "
			       "with its CA"),
			     a->name);
		goto fail;
	}
	if (a->status != ACCT_STATUS_VALID) {
		rc = err_set(e, RC_INPUT, _("account '%s' is %s"), a->name,
			     acct_status_name(a->status));
		goto fail;
	}
	s->key = key_from_pem(a->key_pem, strlen(a->key_pem), e);
	if (s->key == NULL) {
		rc = e ? e->rc : RC_CRYPTO;
		goto fail;
	}
	opts.directory_url = a->directory_url;
	opts.ca_file = lc_ca_file(lc, a);
	opts.timeout_s = lc->http_timeout_s;
	s->client = acme_client_new(&opts, e);
	if (s->client == NULL) {
		rc = e ? e->rc : RC_NET;
		goto fail;
	}
	s->acct_id = a->id;
	rc = load_directory(lc, a, s, e);
	if (rc != RC_OK)
		goto fail;
	rc = acme_client_set_account(s->client, s->key, a->account_url, e);
	if (rc != RC_OK)
		goto fail;
	return RC_OK;
fail:
	lc_session_end(s);
	return rc;
}

void lc_session_failed(struct lc *lc, const struct lc_session *s, enum rc rc)
{
	struct err ignored = { 0 };

	if (!s->directory_cached || lc->st == NULL || lc->dry_run)
		return;
	/* What the CA's side may have caused: a resource gone (404 as a
	 * problem), an answer we do not understand, a host that moved. */
	if (rc != RC_CA && rc != RC_PROTO && rc != RC_NET && rc != RC_TLS)
		return;
	(void)store_account_set_directory(lc->st, s->acct_id, NULL, 0,
					  &ignored);
}

void lc_session_end(struct lc_session *s)
{
	acme_client_free(s->client);
	EVP_PKEY_free(s->key);
	s->client = NULL;
	s->key = NULL;
}
