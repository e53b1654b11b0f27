/* SPDX-License-Identifier: ISC */
/* dryrun.c - a renewal rehearsed at a staging CA, then thrown away
 * (dryrun.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "acme/account.h"
#include "acme/certificate.h"
#include "acme/client.h"
#include "acme/order.h"
#include "crypto/cert.h"
#include "crypto/csr.h"
#include "crypto/key.h"
#include "db/store_accounts.h"
#include "db/store_certs.h"
#include "diagnose/doctor.h"
#include "lifecycle/client.h"
#include "lifecycle/dryrun.h"
#include "lifecycle/validate.h"
#include "parse/presets.h"
#include "acme/types.h"
#include "util/b64url.h"
#include "util/clock.h"

/* Everything one dry run holds; released by trial_clear().  Nothing in
 * here is ever written to the inventory. */
struct trial {
	struct lc *lc;
	const struct cert_row *cert;
	const struct acct_row *acct;
	struct lc_session s; /* throwaway key, staging client */
	struct acme_order order;
	struct acme_ident *idents;
	const char **names;
	EVP_PKEY *cert_key; /* throwaway certificate key */
	long long deadline_ms;
	int register_blocked; /* no throwaway account: the server
					 * wants EAB we may not give it, or
					 * terms nobody consented to */
};

static void trial_clear(struct trial *t)
{
	size_t i;

	for (i = 0; t->idents != NULL && i < t->cert->n_domains; i++)
		free(t->idents[i].value);
	free(t->idents);
	free(t->names);
	acme_order_clear(&t->order);
	EVP_PKEY_free(t->cert_key);
	lc_session_end(&t->s);
	t->idents = NULL;
	t->names = NULL;
	t->cert_key = NULL;
}

const char *dryrun_staging_url(const char *override, const char *ca_preset,
			       const char *directory_url, int env_staging,
			       int *use_eab, char *why, size_t whysz)
{
	const struct ca_preset *p, *stg;

	*use_eab = 0;
	why[0] = '\0';
	if (override != NULL && override[0] != '\0') {
		*use_eab = 1;
		return override;
	}
	if (env_staging) {
		*use_eab = 1;
		return directory_url;
	}
	p = ca_preset != NULL ? preset_find(ca_preset)
			      : preset_by_url(directory_url);
	stg = preset_staging_of(p);
	if (stg == NULL) {
		snprintf(why, whysz, "%s",
			 _("would renew (no staging server to test against)"));
		return NULL;
	}
	if (stg->eab_required) {
		snprintf(why, whysz,
			 _("would renew (not tested: the staging server %s "
			   "requires External Account Binding credentials of "
			   "its own)"),
			 stg->directory_url);
		return NULL;
	}
	return stg->directory_url;
}

/* Registers a throwaway account key at the staging server url, with the
 * account's EAB when use_eab and the account has it.  A server that
 * requires EAB we cannot give, or names terms of service while the
 * account has no consent recorded, sets t->register_blocked (the caller
 * falls back to the pre-flight checks). */
static enum rc open_staging(struct trial *t, const char *url, int use_eab,
			    struct err *e)
{
	struct acme_client_opts opts = { 0 };
	struct acme_account_req req = { 0 };
	struct acme_account acct = { 0 };
	unsigned char *hmac = NULL;
	size_t hmac_len = 0;
	enum rc rc;

	if (use_eab && (t->acct->eab_kid == NULL || t->acct->eab_hmac == NULL))
		use_eab = 0;
	t->s.key = key_generate(KEY_EC256, e);
	if (t->s.key == NULL)
		return e->rc;
	opts.directory_url = url;
	opts.ca_file = t->lc->ca_file;
	t->s.client = acme_client_new(&opts, e);
	if (t->s.client == NULL)
		return e->rc;
	rc = acme_client_load_directory(t->s.client, NULL, 0, e);
	if (rc != RC_OK)
		return rc;
	if (acme_client_directory(t->s.client)->eab_required && !use_eab) {
		t->register_blocked = 1;
		return err_set(e, RC_CA,
			       _("would renew (not tested: the staging server "
				 "%s requires External Account Binding and "
				 "none may be used there)"),
			       url);
	}
	/* The operator consented to the account's CA's terms, or nobody
	 * did: a throwaway account is no reason to agree for them. */
	if (acme_client_directory(t->s.client)->terms_of_service != NULL &&
	    t->acct->tos_agreed_at == 0) {
		t->register_blocked = 1;
		return err_set(e, RC_CA,
			       _("would renew (not tested: no consent to the "
				 "CA's terms of service is recorded for "
				 "account '%s'; run 'acmetui account set %s "
				 "--agree-tos')"),
			       t->acct->name, t->acct->name);
	}
	rc = acme_client_set_account(t->s.client, t->s.key, NULL, e);
	if (rc != RC_OK)
		return rc;
	if (use_eab) {
		hmac = b64url_decode(t->acct->eab_hmac,
				     strlen(t->acct->eab_hmac), &hmac_len);
		if (hmac == NULL)
			return err_set(e, RC_INPUT,
				       _("the account's EAB HMAC "
					 "key is not base64url"));
		req.eab_kid = t->acct->eab_kid;
		req.eab_hmac = hmac;
		req.eab_hmac_len = hmac_len;
	}
	req.tos_agreed = t->acct->tos_agreed_at != 0;
	rc = acme_account_new(t->s.client, &req, &acct, e);
	if (rc != RC_OK)
		err_prefix(e, _("registering a throwaway account"));
	if (hmac != NULL)
		OPENSSL_cleanse(hmac, hmac_len);
	free(hmac);
	acme_account_clear(&acct);
	return rc;
}

/* The order's identifiers and names, from the certificate. */
static enum rc trial_names(struct trial *t, struct err *e)
{
	size_t i, n = t->cert->n_domains;

	if (n == 0)
		return err_set(e, RC_INPUT,
			       _("certificate '%s' has no "
				 "domains"),
			       t->cert->name);
	t->idents = calloc(n, sizeof(*t->idents));
	t->names = calloc(n, sizeof(*t->names));
	if (t->idents == NULL || t->names == NULL)
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	for (i = 0; i < n; i++) {
		const struct domain_row *d = &t->cert->domains[i];

		t->idents[i].type = d->ident_type == DOM_IDENT_IP ? IDENT_IP
								  : IDENT_DNS;
		t->idents[i].value = strdup(d->name);
		if (t->idents[i].value == NULL)
			return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		t->names[i] = d->name;
	}
	return RC_OK;
}

/* Milliseconds left of the run's wait (at least 1). */
static long trial_left_ms(const struct trial *t)
{
	long long left = t->deadline_ms - mono_ms();

	return left > 0 ? (long)left : 1;
}

/* Finalizes the ready order with a throwaway key, waits for the
 * certificate, downloads it and checks it against key and names. */
static enum rc finalize_and_check(struct trial *t, char *serial,
				  size_t serialsz, struct err *e)
{
	struct cert_info ci = { 0 };
	unsigned char *csr = NULL;
	char **certs = NULL, *pem = NULL;
	enum key_type kt;
	size_t len = 0, n = 0;
	enum rc rc;

	kt = key_type_parse(t->cert->key_type ? t->cert->key_type : "ec256");
	t->cert_key = key_generate(kt == KEY__INVALID ? KEY_EC256 : kt, e);
	if (t->cert_key == NULL)
		return e->rc;
	csr = csr_build_der(t->cert_key, t->names, t->cert->n_domains, &len, e);
	if (csr == NULL)
		return e->rc;
	rc = acme_order_finalize(t->s.client, &t->order, csr, len, e);
	if (rc == RC_OK && t->order.status != ST_VALID)
		rc = acme_order_poll(t->s.client, &t->order, ST_BIT(ST_VALID),
				     trial_left_ms(t), e);
	if (rc == RC_OK && t->order.cert_url == NULL)
		rc = err_set(e, RC_PROTO,
			     _("order %s is valid but names no "
			       "certificate"),
			     t->order.url);
	if (rc == RC_OK)
		rc = acme_cert_download(t->s.client, t->order.cert_url,
					t->cert->preferred_chain, &pem, e);
	if (rc == RC_OK)
		rc = pem_split_certs(pem, strlen(pem), &certs, &n, e);
	if (rc == RC_OK)
		rc = cert_info_parse(certs[0], strlen(certs[0]), &ci, e);
	if (rc == RC_OK && cert_matches_key(certs[0], t->cert_key) != 1)
		rc = err_set(e, RC_PROTO,
			     _("the CA's certificate does not "
			       "match the key of our CSR"));
	if (rc == RC_OK && !cert_names_equal(&ci, t->names, t->cert->n_domains))
		rc = err_set(e, RC_PROTO,
			     _("the CA's certificate does not "
			       "carry exactly the names "
			       "requested"));
	if (rc == RC_OK)
		snprintf(serial, serialsz, "%s", ci.serial ? ci.serial : "?");
	cert_info_clear(&ci);
	pem_certs_free(certs, n);
	free(pem);
	free(csr);
	return rc;
}

/* The order at the staging server, from newOrder to a checked
 * certificate.  serial gets the staging certificate's serial. */
static enum rc rehearse(struct trial *t, const char *url, int use_eab,
			char *serial, size_t serialsz, struct err *e)
{
	const unsigned after_authz = ST_BIT(ST_READY) | ST_BIT(ST_PROCESSING) |
				     ST_BIT(ST_VALID);
	struct acme_account gone = { 0 };
	enum rc rc;

	rc = trial_names(t, e);
	if (rc == RC_OK)
		rc = open_staging(t, url, use_eab, e);
	/* t->idents and t->names belong to the trial and are freed by
	 * trial_clear() in lc_cert_dry_run(); the analyzer loses t here. */
	if (rc == RC_OK)
		/* NOLINTNEXTLINE(clang-analyzer-unix.Malloc) */
		rc = acme_order_new(t->s.client, t->idents, t->cert->n_domains,
				    t->cert->profile, NULL, &t->order, e);
	if (rc == RC_OK)
		lc_event(t->lc, t->cert->id, 0, t->cert->name, LC_STAGE_DRY_RUN,
			 "info", _("staging order %s"), t->order.url);
	if (rc == RC_OK && t->order.status == ST_PENDING) {
		rc = lc_validate(t->lc, t->cert, &t->s, 0, &t->order,
				 t->deadline_ms, e);
		if (rc == RC_OK)
			rc = acme_order_poll(t->s.client, &t->order,
					     after_authz, trial_left_ms(t), e);
	}
	if (rc == RC_OK && t->order.status == ST_READY)
		rc = finalize_and_check(t, serial, serialsz, e);
	else if (rc == RC_OK)
		rc = err_set(e, RC_PROTO, _("order %s is %s"), t->order.url,
			     acme_status_name(t->order.status));
	/* Leave nothing behind at the staging server either. */
	if (t->s.client != NULL && acme_client_kid(t->s.client) != NULL)
		acme_account_deactivate(t->s.client, &gone, NULL);
	acme_account_clear(&gone);
	return rc;
}

/* The doctor's pre-flight checks, summarized into msg after what
 * (already there); findings go to progress only.  *failed is set when a
 * check failed. */
static enum rc preflight(struct lc *lc, const struct cert_row *c, char *msg,
			 size_t msgsz, int *failed, struct err *e)
{
	struct doctor_opts opts = { 0 };
	struct doctor_report rep = { 0 };
	const struct doctor_result *first = NULL;
	size_t i, nfail = 0, nwarn = 0, used;
	enum rc rc;

	*failed = 0;
	opts.ca_file = lc->ca_file;
	opts.resolver = lc->dns_resolver;
	rc = doctor_run(lc->st, c->name, &opts, &rep, e);
	if (rc != RC_OK)
		goto out;
	for (i = 0; i < rep.n; i++) {
		const struct doctor_result *r = &rep.v[i];

		if (r->status == DOCTOR_FAIL && first == NULL)
			first = r;
		nfail += r->status == DOCTOR_FAIL;
		nwarn += r->status == DOCTOR_WARN;
		lc_event(lc, c->id, 0, c->name, LC_STAGE_DOCTOR,
			 r->status == DOCTOR_FAIL   ? "error"
			 : r->status == DOCTOR_WARN ? "warn"
						    : "info",
			 "%s %s%s%s: %s", doctor_status_name(r->status),
			 r->check, r->domain ? " " : "",
			 r->domain ? r->domain : "", r->reason);
	}
	used = strlen(msg);
	if (used < msgsz)
		snprintf(msg + used, msgsz - used,
			 _("; pre-flight checks: %zu passed, %zu warning(s), "
			   "%zu failed%s%s%s%s"),
			 rep.n - nfail - nwarn, nwarn, nfail, first ? " (" : "",
			 first ? first->check : "", first ? ": " : "",
			 first ? first->reason : "");
	used = strlen(msg);
	if (first != NULL && used + 1 < msgsz)
		snprintf(msg + used, msgsz - used, ")");
	*failed = nfail > 0;
out:
	doctor_report_clear(&rep);
	return rc;
}

/* Records the verdict: the one event a dry run leaves in the
 * inventory. */
static enum rc record_verdict(struct lc *lc, const struct cert_row *c,
			      enum dryrun_verdict v, const char *msg)
{
	int was = lc->dry_run;
	enum rc rc;

	lc->dry_run = 0;
	rc = lc_event(lc, c->id, 0, c->name, LC_STAGE_DRY_RUN,
		      v == DRYRUN_FAILED ? "error"
		      : v == DRYRUN_OK	 ? "info"
					 : "warn",
		      v == DRYRUN_FAILED ? _("dry run failed: %s")
		      : v == DRYRUN_OK	 ? _("dry run ok: %s")
					 : _("dry run: %s"),
		      msg);
	lc->dry_run = was;
	return rc;
}

enum rc lc_cert_dry_run(struct lc *lc, const char *name,
			const char *staging_override,
			enum dryrun_verdict *verdict, char *msg, size_t msgsz,
			struct err *e)
{
	struct cert_row c = { 0 };
	struct acct_row a = { 0 };
	struct trial t = { 0 };
	struct err te = { 0 };
	const char *url;
	char serial[128] = "";
	int use_eab = 0, failed = 0, was = lc->dry_run;
	enum rc rc;

	*verdict = DRYRUN_FAILED;
	msg[0] = '\0';
	lc->dry_run = 1;
	rc = store_cert_get_by_name(lc->st, name, &c, e);
	if (rc == RC_OK)
		rc = store_account_get_by_id(lc->st, c.account_id, &a, e);
	if (rc != RC_OK)
		goto out;
	url = dryrun_staging_url(staging_override, a.ca_preset, a.directory_url,
				 a.environment == ACCT_ENV_STAGING, &use_eab,
				 msg, msgsz);
	if (url != NULL) {
		t.lc = lc;
		t.cert = &c;
		t.acct = &a;
		t.deadline_ms = mono_ms() + (lc->wait_ms > 0
						     ? lc->wait_ms
						     : LC_WAIT_DEFAULT_MS);
		if (rehearse(&t, url, use_eab, serial, sizeof(serial), &te) ==
		    RC_OK) {
			*verdict = DRYRUN_OK;
			snprintf(msg, msgsz,
				 _("issued by the staging server %s (serial "
				   "%s), then discarded"),
				 url, serial);
			goto record;
		}
		if (!t.register_blocked) {
			snprintf(msg, msgsz, "%s: %s", url, err_text(&te));
			goto record;
		}
		snprintf(msg, msgsz, "%s", err_text(&te));
	}
	/* No staging server to rehearse at: list it and run the checks. */
	rc = preflight(lc, &c, msg, msgsz, &failed, e);
	if (rc != RC_OK)
		goto out;
	*verdict = failed ? DRYRUN_FAILED : DRYRUN_UNTESTED;
record:
	record_verdict(lc, &c, *verdict, msg);
out:
	trial_clear(&t);
	acct_row_clear(&a);
	cert_row_clear(&c);
	lc->dry_run = was;
	return rc;
}
