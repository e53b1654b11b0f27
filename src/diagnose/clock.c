/* SPDX-License-Identifier: ISC */
/* clock.c - the check of the CA's directory: it can be fetched, its
 * Date agrees with the local clock, and its terms of service are the
 * ones the account agreed to. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "acme/client.h"
#include "acme/directory.h"
#include "acme/http.h"
#include "db/store_accounts.h"
#include "diagnose/doctor.h"
#include "util/i18n.h"
#include "util/safe.h"

enum doctor_status doctor_skew_status(long long skew_s)
{
	long long a = skew_s < 0 ? -skew_s : skew_s;

	if (a > DOCTOR_SKEW_FAIL_S)
		return DOCTOR_FAIL;
	if (a > DOCTOR_SKEW_WARN_S)
		return DOCTOR_WARN;
	return DOCTOR_PASS;
}

/* Reports the skew between the CA's Date and our clock at mid-request. */
static enum rc report_skew(struct doctor_ctx *ctx, time_t date, time_t t0,
			   time_t t1, struct err *e)
{
	char why[DOCTOR_LINE_MAX];
	long long skew;
	enum doctor_status st;

	if (date == 0)
		return doctor_add(ctx->rep, "clock", NULL, DOCTOR_WARN,
				  _("the CA sent no usable Date header: the "
				    "clock cannot be compared"),
				  _("make sure NTP (e.g. systemd-timesyncd or "
				    "chrony) keeps the clock right"),
				  e);
	/* The Date header has whole seconds: allow the request's time. */
	if (date < t0)
		skew = (long long)date - (long long)t0;
	else if (date > t1 + 1)
		skew = (long long)date - (long long)(t1 + 1);
	else
		skew = 0;
	st = doctor_skew_status(skew);
	if (skew == 0)
		snprintf(why, sizeof(why), "%s",
			 _("the clock agrees with the CA's"));
	else
		snprintf(why, sizeof(why),
			 _("the clock is %lld s %s the "
			   "CA's"),
			 skew < 0 ? -skew : skew,
			 skew < 0 ? _("ahead of") : _("behind"));
	return doctor_add(ctx->rep, "clock", NULL, st, why,
			  st == DOCTOR_PASS
				  ? NULL
				  : _("set the clock right and keep it so with "
				      "NTP (certificates and ACME requests "
				      "carry times)"),
			  e);
}

/* Warns when the CA's directory d names other terms of service than the
 * account agreed to (or terms and none were agreed to), naming both and
 * how to agree.  Silent when they match or the CA names none. */
static enum rc report_terms(struct doctor_ctx *ctx,
			    const struct acme_directory *d, struct err *e)
{
	const struct acct_row *a = ctx->acct;
	char why[DOCTOR_LINE_MAX], how[DOCTOR_LINE_MAX];
	char now[256], agreed[256];

	if (d->terms_of_service == NULL ||
	    (a->tos_url != NULL &&
	     strcmp(a->tos_url, d->terms_of_service) == 0))
		return RC_OK;
	safe_line(now, sizeof(now), d->terms_of_service,
		  strlen(d->terms_of_service));
	if (a->tos_url != NULL)
		snprintf(why, sizeof(why),
			 _("the CA's terms of service are "
			   "now %s; account '%s' agreed to "
			   "%s"),
			 now, a->name,
			 safe_line(agreed, sizeof(agreed), a->tos_url,
				   strlen(a->tos_url)));
	else
		snprintf(why, sizeof(why),
			 _("the CA's terms of service are "
			   "%s; account '%s' has no consent "
			   "to them recorded"),
			 now, a->name);
	snprintf(how, sizeof(how),
		 _("read them and agree with 'acmetui "
		   "account set %s --agree-tos'"),
		 a->name);
	return doctor_add(ctx->rep, "terms", NULL, DOCTOR_WARN, why, how, e);
}

enum rc doctor_check_clock(struct doctor_ctx *ctx, struct err *e)
{
	struct acme_client_opts co = { 0 };
	struct acme_client *c = NULL;
	struct acme_directory dir = { 0 };
	struct http_resp r = { 0 };
	struct err ne = { 0 };
	char why[DOCTOR_LINE_MAX];
	time_t t0, t1;
	enum rc rc;

	co.directory_url = ctx->acct->directory_url;
	co.ca_file = ctx->acct->ca_file != NULL && ctx->acct->ca_file[0]
			     ? ctx->acct->ca_file
			     : ctx->opts->ca_file;
	co.retry_wait_max_s = -1;
	co.timeout_s = (ctx->opts->timeout_ms + 999) / 1000;
	c = acme_client_new(&co, &ne);
	t0 = time(NULL);
	if (c != NULL)
		rc = acme_get(c, ctx->acct->directory_url, &r, &ne);
	else
		rc = ne.rc;
	t1 = time(NULL);
	if (rc == RC_NOMEM) {
		rc = err_set(e, RC_NOMEM, "%s", err_text(&ne));
		goto out;
	}
	if (rc != RC_OK) {
		snprintf(why, sizeof(why),
			 _("the CA's directory cannot be "
			   "fetched: %s"),
			 err_text(&ne));
		rc = doctor_add(ctx->rep, "clock", NULL, DOCTOR_FAIL, why,
				_("check the network path to the CA (proxy, "
				  "firewall) and its trusted CA file "
				  "(--ca-file)"),
				e);
		goto out;
	}
	rc = report_skew(ctx, r.date, t0, t1, e);
	if (rc != RC_OK ||
	    directory_parse(r.body, r.body_len, acme_client_policy(c), &dir,
			    &ne) != RC_OK)
		goto out;
	rc = report_terms(ctx, &dir, e);
	/* No stored directory: take the CAA identities from this one. */
	if (rc == RC_OK && !ctx->have_dir)
		rc = doctor_ctx_take_caa_ids(ctx, &dir, e);
out:
	directory_clear(&dir);
	http_resp_clear(&r);
	acme_client_free(c);
	return rc;
}
