/* SPDX-License-Identifier: ISC */
/* client.c - ACME sessions for stored accounts. */
#include "config.h"

#include <string.h>

#include "acme/client.h"
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

enum acme_rc lc_session_begin(struct lc *lc, const struct acct_row *a,
			      struct lc_session *s, struct err *e)
{
	struct acme_client_opts opts = { 0 };
	enum acme_rc rc;

	memset(s, 0, sizeof(*s));
	if (a->account_url == NULL || a->key_pem == NULL) {
		rc = err_set(e, RC_INPUT, _("account '%s' is not registered "
					    "with its CA"), a->name);
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
	rc = acme_client_load_directory(s->client, NULL, 0, e);
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

void lc_session_end(struct lc_session *s)
{
	acme_client_free(s->client);
	EVP_PKEY_free(s->key);
	s->client = NULL;
	s->key = NULL;
}
