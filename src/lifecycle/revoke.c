/* SPDX-License-Identifier: ISC */
/* revoke.c - revoke a certificate at the CA and record it. */
#include "config.h"

#include <string.h>
#include <time.h>

#include "acme/certificate.h"
#include "acme/client.h"
#include "acme/problem.h"
#include "crypto/key.h"
#include "db/store.h"
#include "db/store_accounts.h"
#include "db/store_certs.h"
#include "lifecycle/client.h"
#include "lifecycle/lc.h"

enum rc lc_cert_revoke(struct lc *lc, const char *name, int reason,
		       int by_cert_key, struct err *e)
{
	struct cert_row c = { 0 };
	struct acct_row a = { 0 };
	struct lc_session s = { 0 };
	EVP_PKEY *cert_key = NULL;
	const char *note = "";
	enum rc rc;

	rc = store_cert_get_by_name(lc->st, name, &c, e);
	if (rc == RC_OK)
		rc = lc_cert_managed(&c, e);
	if (rc != RC_OK)
		goto out;
	if (c.cert_pem == NULL) {
		rc = err_set(e, RC_USAGE,
			     _("certificate '%s' has not been "
			       "issued; nothing to revoke"),
			     name);
		goto out;
	}
	if (c.stage == CERT_STAGE_REVOKED) {
		rc = err_set(e, RC_USAGE,
			     _("certificate '%s' (serial %s) is "
			       "already revoked"),
			     name, c.serial ? c.serial : "?");
		goto out;
	}
	rc = store_account_get_by_id(lc->st, c.account_id, &a, e);
	if (rc == RC_OK)
		rc = lc_session_begin(lc, &a, &s, e);
	if (rc != RC_OK)
		goto out;
	if (by_cert_key) {
		cert_key = key_from_pem(c.key_pem, strlen(c.key_pem), e);
		if (cert_key == NULL) {
			rc = e->rc;
			goto out;
		}
	}
	rc = acme_cert_revoke(s.client, c.cert_pem, strlen(c.cert_pem), reason,
			      cert_key, e);
	if (rc == RC_CA &&
	    problem_is(acme_client_problem(s.client), "alreadyRevoked")) {
		err_clear(e);
		rc = RC_OK;
		note = _(" (the CA says it was already revoked)");
	}
	if (rc != RC_OK)
		goto out;
	rc = store_begin(lc->st, e);
	if (rc == RC_OK)
		rc = store_cert_set_revoked(lc->st, c.id, time(NULL), reason,
					    e);
	if (rc == RC_OK)
		rc = lc_event(lc, c.id, 0, c.name, LC_STAGE_REVOKED, "info",
			      _("certificate %s revoked, reason %d%s"),
			      c.serial ? c.serial : "?", reason, note);
	if (rc == RC_OK)
		rc = store_commit(lc->st, e);
	else
		store_rollback(lc->st);
out:
	EVP_PKEY_free(cert_key);
	lc_session_end(&s);
	acct_row_clear(&a);
	cert_row_clear(&c);
	return rc;
}
