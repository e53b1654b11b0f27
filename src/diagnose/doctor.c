/* SPDX-License-Identifier: ISC */
/* doctor.c - the driver: runs every check for one certificate, in
 * order, into its report.  The report is finding.c, what the checks
 * share context.c, and each check has its own file (account.c, clock.c,
 * resolve.c, caa.c, selftest.c, ratelimit.c, expiry.c). */
#include "config.h"

#include <string.h>

#include "acme/client.h"
#include "db/store_accounts.h"
#include "db/store_certs.h"
#include "db/store_domains.h"
#include "diagnose/doctor.h"
#include "util/i18n.h"

/* The stored directory's CAA identities, when the account has one. */
static enum rc stored_ids(struct doctor_ctx *ctx, struct err *e)
{
	struct acme_client_opts co = { 0 };
	struct acme_client *c;
	struct err ignored = { 0 };
	enum rc rc = RC_OK;

	if (ctx->acct->directory_json == NULL)
		return RC_OK;
	co.directory_url = ctx->acct->directory_url;
	c = acme_client_new(&co, &ignored);
	if (c == NULL)
		return RC_OK; /* the clock check will say what is wrong */
	if (acme_client_load_directory(c, ctx->acct->directory_json,
				       strlen(ctx->acct->directory_json),
				       &ignored) == RC_OK)
		rc = doctor_ctx_take_caa_ids(ctx, acme_client_directory(c), e);
	acme_client_free(c);
	return rc;
}

/* The checks of one domain. */
static enum rc check_domain(struct doctor_ctx *ctx, const struct domain_row *d,
			    struct err *e)
{
	struct dns_strlist addrs = { 0 };
	enum rc rc;

	rc = doctor_check_resolve(ctx, d, &addrs, e);
	if (rc == RC_OK)
		rc = doctor_check_caa(ctx, d, e);
	if (rc != RC_OK)
		goto out;
	switch (d->method) {
	case DOM_METHOD_HTTP01:
		if (addrs.n > 0)
			rc = doctor_check_http01(ctx, d, &addrs, e);
		break;
	case DOM_METHOD_TLSALPN01:
		if (addrs.n > 0)
			rc = doctor_check_tlsalpn01(ctx, d, &addrs, e);
		break;
	case DOM_METHOD_DNS01:
		rc = doctor_check_dns01(ctx, d, e);
		break;
	case DOM_METHOD__INVALID:
		rc = doctor_add(ctx->rep, "method", d->name, DOCTOR_FAIL,
				_("unknown validation method"),
				_("set the domain's method again with "
				  "'acmetui cert add'"),
				e);
		break;
	}
out:
	dns_strlist_clear(&addrs);
	return rc;
}

enum rc doctor_run(struct store *st, const char *name,
		   const struct doctor_opts *opts, struct doctor_report *rep,
		   struct err *e)
{
	struct doctor_opts o = *opts;
	struct cert_row cert = { 0 };
	struct acct_row acct = { 0 };
	struct doctor_ctx ctx = { 0 };
	enum rc rc;
	size_t i;

	if (o.timeout_ms <= 0)
		o.timeout_ms = DOCTOR_TIMEOUT_MS;
	if (o.dns_wait_ms <= 0)
		o.dns_wait_ms = DOCTOR_DNS_WAIT_MS;
	rc = store_cert_get_by_name(st, name, &cert, e);
	if (rc == RC_OK)
		rc = store_account_get_by_id(st, cert.account_id, &acct, e);
	if (rc != RC_OK)
		goto out;
	ctx.opts = &o;
	ctx.st = st;
	ctx.cert = &cert;
	ctx.acct = &acct;
	ctx.rep = rep;
	rc = stored_ids(&ctx, e);
	if (rc == RC_OK)
		rc = doctor_check_account(&ctx, e);
	if (rc == RC_OK)
		rc = doctor_check_clock(&ctx, e);
	for (i = 0; rc == RC_OK && i < cert.n_domains; i++)
		rc = check_domain(&ctx, &cert.domains[i], e);
	if (rc == RC_OK)
		rc = doctor_check_ratelimit(&ctx, e);
	if (rc == RC_OK)
		rc = doctor_check_expiry(&ctx, e);
out:
	doctor_ctx_clear(&ctx);
	acct_row_clear(&acct);
	cert_row_clear(&cert);
	return rc;
}
