/* SPDX-License-Identifier: ISC */
/* doctor.c - the report, the certificate-wide checks (account, clock,
 * rate limits, expiry), name resolution and the driver that runs them
 * all for one certificate.  CAA lives in caa.c, the method self-tests in
 * selftest.c. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acme/client.h"
#include "acme/directory.h"
#include "acme/http.h"
#include "db/store_accounts.h"
#include "db/store_certs.h"
#include "db/store_domains.h"
#include "db/store_orders.h"
#include "diagnose/doctor.h"
#include "solvers/from_domain.h"
#include "parse/presets.h"
#include "util/env.h"
#include "util/safe.h"

const char *doctor_status_name(enum doctor_status s)
{
	switch (s) {
	case DOCTOR_PASS: return "pass";
	case DOCTOR_WARN: return "warn";
	case DOCTOR_FAIL: return "fail";
	}
	return "fail";
}

static void result_clear(struct doctor_result *r)
{
	free(r->check);
	free(r->domain);
	free(r->reason);
	free(r->advice);
	memset(r, 0, sizeof(*r));
}

void doctor_report_clear(struct doctor_report *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++)
		result_clear(&r->v[i]);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

/* A printable copy of s, or NULL for NULL (*fail set on out of memory). */
static char *clean_dup(const char *s, int *fail)
{
	char *d;

	if (s == NULL)
		return NULL;
	d = safe_dup(s);
	if (d == NULL)
		*fail = 1;
	return d;
}

enum rc doctor_add(struct doctor_report *r, const char *check,
			const char *domain, enum doctor_status status,
			const char *reason, const char *advice,
			struct err *e)
{
	struct doctor_result *res;
	int fail = 0;

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		struct doctor_result *v = realloc(r->v, cap * sizeof(*v));

		if (v == NULL)
			return err_set(e, RC_NOMEM, "%s",
				       rc_str(RC_NOMEM));
		r->v = v;
		r->cap = cap;
	}
	res = &r->v[r->n];
	memset(res, 0, sizeof(*res));
	res->check = clean_dup(check, &fail);
	res->domain = clean_dup(domain, &fail);
	res->status = status;
	res->reason = clean_dup(reason ? reason : "", &fail);
	res->advice = clean_dup(advice, &fail);
	if (fail) {
		result_clear(res);
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	}
	r->n++;
	return RC_OK;
}

enum doctor_status doctor_worst(const struct doctor_report *r)
{
	enum doctor_status w = DOCTOR_PASS;
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->v[i].status > w)
			w = r->v[i].status;
	return w;
}

static void free_ids(char **ids, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

void doctor_ctx_clear(struct doctor_ctx *ctx)
{
	if (ctx == NULL)
		return;
	free_ids(ctx->caa_ids, ctx->n_caa_ids);
	ctx->caa_ids = NULL;
	ctx->n_caa_ids = 0;
	ctx->have_dir = 0;
}

/* Takes the CAA identities of directory d into ctx.  RC_NOMEM only. */
static enum rc take_ids(struct doctor_ctx *ctx,
			     const struct acme_directory *d, struct err *e)
{
	char **ids;
	size_t i;

	doctor_ctx_clear(ctx);
	ctx->have_dir = 1;
	if (d->n_caa == 0)
		return RC_OK;
	ids = calloc(d->n_caa, sizeof(*ids));
	if (ids == NULL)
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	for (i = 0; i < d->n_caa; i++) {
		ids[i] = strdup(d->caa_identities[i]);
		if (ids[i] == NULL) {
			free_ids(ids, i);
			return err_set(e, RC_NOMEM, "%s",
				       rc_str(RC_NOMEM));
		}
	}
	ctx->caa_ids = ids;
	ctx->n_caa_ids = d->n_caa;
	return RC_OK;
}

const char *doctor_resolver(const struct domain_row *d,
			    const struct doctor_opts *opts)
{
	const char *env;

	if (d != NULL && d->dns_resolver != NULL && d->dns_resolver[0] != '\0')
		return d->dns_resolver;
	if (opts != NULL && opts->resolver != NULL && opts->resolver[0] != '\0')
		return opts->resolver;
	env = env_get()->dns_resolver;
	if (env != NULL && env[0] != '\0')
		return env;
	return NULL;
}

enum rc doctor_solver_config(const struct domain_row *d,
				  const char *resolver,
				  struct solver_config *cfg, struct err *e)
{
	return solver_config_from_domain(d, resolver, cfg, e);
}

enum doctor_status doctor_skew_status(long long skew_s)
{
	long long a = skew_s < 0 ? -skew_s : skew_s;

	if (a > DOCTOR_SKEW_FAIL_S)
		return DOCTOR_FAIL;
	if (a > DOCTOR_SKEW_WARN_S)
		return DOCTOR_WARN;
	return DOCTOR_PASS;
}

static int64_t now_of(const struct doctor_ctx *ctx)
{
	return ctx->opts->now != 0 ? ctx->opts->now : (int64_t)time(NULL);
}

enum rc doctor_check_account(struct doctor_ctx *ctx, struct err *e)
{
	const struct acct_row *a = ctx->acct;
	char why[DOCTOR_LINE_MAX];

	if (a->account_url == NULL) {
		snprintf(why, sizeof(why), _("account '%s' is not registered "
					     "with its CA"), a->name);
		return doctor_add(ctx->rep, "account", NULL, DOCTOR_FAIL, why,
				  _("register it again with 'acmetui account "
				    "add'"), e);
	}
	if (a->status != ACCT_STATUS_VALID) {
		snprintf(why, sizeof(why), _("account '%s' is %s"), a->name,
			 acct_status_name(a->status));
		return doctor_add(ctx->rep, "account", NULL, DOCTOR_FAIL, why,
				  _("move the certificate to a valid account"),
				  e);
	}
	snprintf(why, sizeof(why), _("account '%s' is registered and valid"),
		 a->name);
	return doctor_add(ctx->rep, "account", NULL, DOCTOR_PASS, why, NULL,
			  e);
}

/* Reports the skew between the CA's Date and our clock at mid-request. */
static enum rc report_skew(struct doctor_ctx *ctx, time_t date,
				time_t t0, time_t t1, struct err *e)
{
	char why[DOCTOR_LINE_MAX];
	long long skew;
	enum doctor_status st;

	if (date == 0)
		return doctor_add(ctx->rep, "clock", NULL, DOCTOR_WARN,
				  _("the CA sent no usable Date header: the "
				    "clock cannot be compared"),
				  _("make sure NTP (e.g. systemd-timesyncd or "
				    "chrony) keeps the clock right"), e);
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
		snprintf(why, sizeof(why), _("the clock is %lld s %s the "
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
				 const struct acme_directory *d,
				 struct err *e)
{
	const struct acct_row *a = ctx->acct;
	char why[DOCTOR_LINE_MAX], how[DOCTOR_LINE_MAX];
	char now[256], agreed[256];

	if (d->terms_of_service == NULL ||
	    (a->tos_url != NULL && strcmp(a->tos_url, d->terms_of_service) == 0))
		return RC_OK;
	safe_line(now, sizeof(now), d->terms_of_service,
		  strlen(d->terms_of_service));
	if (a->tos_url != NULL)
		snprintf(why, sizeof(why), _("the CA's terms of service are "
					     "now %s; account '%s' agreed to "
					     "%s"),
			 now, a->name,
			 safe_line(agreed, sizeof(agreed), a->tos_url,
				   strlen(a->tos_url)));
	else
		snprintf(why, sizeof(why), _("the CA's terms of service are "
					     "%s; account '%s' has no consent "
					     "to them recorded"),
			 now, a->name);
	snprintf(how, sizeof(how), _("read them and agree with 'acmetui "
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
		snprintf(why, sizeof(why), _("the CA's directory cannot be "
					     "fetched: %s"), err_text(&ne));
		rc = doctor_add(ctx->rep, "clock", NULL, DOCTOR_FAIL, why,
				_("check the network path to the CA (proxy, "
				  "firewall) and its trusted CA file "
				  "(--ca-file)"), e);
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
		rc = take_ids(ctx, &dir, e);
out:
	directory_clear(&dir);
	http_resp_clear(&r);
	acme_client_free(c);
	return rc;
}

enum rc doctor_check_resolve(struct doctor_ctx *ctx,
				  const struct domain_row *d,
				  struct dns_strlist *addrs, struct err *e)
{
	struct dns_opts o = { 0 };
	struct dns_strlist all = { 0 };
	struct err de = { 0 };
	char why[DOCTOR_LINE_MAX], list[DOCTOR_LINE_MAX] = "";
	const char *name = d->name;
	enum rc rc = RC_OK;
	size_t i;

	if (d->ident_type == DOM_IDENT_IP) {
		rc = dns_strlist_add(addrs, d->name, e);
		if (rc == RC_OK)
			rc = doctor_add(ctx->rep, "resolve", d->name,
					DOCTOR_PASS,
					_("an IP address: nothing to resolve"),
					NULL, e);
		return rc;
	}
	if (strncmp(name, "*.", 2) == 0)
		name += 2;
	o.server = doctor_resolver(d, ctx->opts);
	o.timeout_ms = ctx->opts->timeout_ms;
	if (dns_addrs(&o, name, &all, &de) != RC_OK) {
		if (de.rc == RC_NOMEM)
			return err_set(e, RC_NOMEM, "%s", err_text(&de));
		snprintf(why, sizeof(why), _("%s cannot be looked up: %s"),
			 name, err_text(&de));
		return doctor_add(ctx->rep, "resolve", d->name, DOCTOR_FAIL,
				  why,
				  o.server != NULL
					  ? _("check the configured resolver "
					      "(the domain's, or "
					      "ACMETUI_DNS_RESOLVER)")
					  : _("check /etc/resolv.conf and the "
					      "network"), e);
	}
	if (all.n == 0) {
		snprintf(why, sizeof(why), _("%s has no A or AAAA record"),
			 name);
		if (d->method == DOM_METHOD_DNS01)
			rc = doctor_add(ctx->rep, "resolve", d->name,
					DOCTOR_PASS, why, NULL, e);
		else
			rc = doctor_add(ctx->rep, "resolve", d->name,
					DOCTOR_FAIL, why,
					_("publish an A or AAAA record "
					  "pointing to this server, or "
					  "validate with dns-01"), e);
		goto out;
	}
	for (i = 0; i < all.n && rc == RC_OK; i++) {
		if (i < DOCTOR_ADDRS_MAX)
			rc = dns_strlist_add(addrs, all.v[i], e);
		if (strlen(list) + strlen(all.v[i]) + 3 < sizeof(list) - 8)
			snprintf(list + strlen(list),
				 sizeof(list) - strlen(list), "%s%s",
				 i ? ", " : "", all.v[i]);
	}
	if (rc != RC_OK)
		goto out;
	snprintf(why, sizeof(why), _("%s resolves to %s"), name, list);
	rc = doctor_add(ctx->rep, "resolve", d->name, DOCTOR_PASS, why, NULL,
			e);
out:
	dns_strlist_clear(&all);
	return rc;
}

enum rc doctor_check_ratelimit(struct doctor_ctx *ctx, struct err *e)
{
	const struct ca_preset *p = preset_find(ctx->cert->ca_preset);
	char why[DOCTOR_LINE_MAX], when[64];
	int64_t now = now_of(ctx), count = 0, window;
	unsigned max = 0;
	enum doctor_status st = DOCTOR_PASS;
	struct tm tm;
	time_t t;
	enum rc rc;

	if (ctx->cert->retry_after > now) {
		t = (time_t)ctx->cert->retry_after;
		gmtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", &tm);
		snprintf(why, sizeof(why), _("the CA asked not to be asked "
					     "again before %s"), when);
		return doctor_add(ctx->rep, "rate-limit", NULL, DOCTOR_WARN,
				  why, _("wait: the next run after that time "
					 "tries again by itself"), e);
	}
	if (p != NULL && p->new_orders_max > 0 && p->new_orders_window_s > 0) {
		max = p->new_orders_max;
		window = p->new_orders_window_s;
	} else {
		window = DOCTOR_RATE_WINDOW_S;
	}
	rc = store_order_count_since(ctx->st, ctx->acct->id, now - window,
				     &count, e);
	if (rc != RC_OK)
		return rc;
	if (max == 0) {
		snprintf(why, sizeof(why), _("%lld orders in the last %lld h "
					     "(the CA documents no order "
					     "limit)"),
			 (long long)count, (long long)(window / 3600));
	} else {
		snprintf(why, sizeof(why), _("%lld of %u orders allowed in %lld "
					     "h used"),
			 (long long)count, max, (long long)(window / 3600));
		if (count >= (int64_t)max)
			st = DOCTOR_FAIL;
		else if (count * 100 >= (int64_t)max * DOCTOR_RATE_WARN_PCT)
			st = DOCTOR_WARN;
	}
	return doctor_add(ctx->rep, "rate-limit", NULL, st, why,
			  st == DOCTOR_PASS
				  ? NULL
				  : _("stop retrying until older orders leave "
				      "the window; fix failures with 'acmetui "
				      "doctor' first"), e);
}

enum rc doctor_check_expiry(struct doctor_ctx *ctx, struct err *e)
{
	const struct cert_row *c = ctx->cert;
	char why[DOCTOR_LINE_MAX], advice[DOCTOR_LINE_MAX];
	int64_t now = now_of(ctx), left;
	long long days;

	if (c->cert_pem == NULL || c->not_after == 0)
		return doctor_add(ctx->rep, "expiry", NULL, DOCTOR_PASS,
				  _("not issued yet"), NULL, e);
	left = c->not_after - now;
	days = (long long)(left / 86400);
	snprintf(advice, sizeof(advice), _("renew it: 'acmetui cert renew "
					   "%s' (and check the cron job or "
					   "timer)"), c->name);
	if (c->stage == CERT_STAGE_REVOKED)
		return doctor_add(ctx->rep, "expiry", NULL, DOCTOR_FAIL,
				  _("the certificate is revoked"), advice, e);
	if (left <= 0) {
		snprintf(why, sizeof(why), _("expired %lld days ago"),
			 (long long)(-left / 86400));
		return doctor_add(ctx->rep, "expiry", NULL, DOCTOR_FAIL, why,
				  advice, e);
	}
	if (c->renew_at != 0 && c->renew_at <= now) {
		snprintf(why, sizeof(why), _("%lld days to expiry; renewal "
					     "is due"), days);
		return doctor_add(ctx->rep, "expiry", NULL, DOCTOR_WARN, why,
				  advice, e);
	}
	snprintf(why, sizeof(why), _("%lld days to expiry"), days);
	return doctor_add(ctx->rep, "expiry", NULL, DOCTOR_PASS, why, NULL,
			  e);
}

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
		return RC_OK;	/* the clock check will say what is wrong */
	if (acme_client_load_directory(c, ctx->acct->directory_json,
				       strlen(ctx->acct->directory_json),
				       &ignored) == RC_OK)
		rc = take_ids(ctx, acme_client_directory(c), e);
	acme_client_free(c);
	return rc;
}

/* The checks of one domain. */
static enum rc check_domain(struct doctor_ctx *ctx,
				 const struct domain_row *d, struct err *e)
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
				  "'acmetui cert add'"), e);
		break;
	}
out:
	dns_strlist_clear(&addrs);
	return rc;
}

enum rc doctor_run(struct store *st, const char *name,
			const struct doctor_opts *opts,
			struct doctor_report *rep, struct err *e)
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

enum rc doctor_record(struct store *st, const struct cert_row *cert,
			   const struct doctor_report *rep, int64_t at,
			   struct err *e)
{
	char line[DOCTOR_LINE_MAX + 64];
	const struct doctor_result *worst;
	enum rc rc;
	size_t i, j;

	for (i = 0; i < cert->n_domains; i++) {
		const char *name = cert->domains[i].name;

		worst = NULL;
		for (j = 0; j < rep->n; j++) {
			const struct doctor_result *r = &rep->v[j];

			if (r->domain == NULL || strcmp(r->domain, name) != 0)
				continue;
			if (worst == NULL || r->status > worst->status)
				worst = r;
		}
		if (worst == NULL)
			continue;
		if (worst->status == DOCTOR_PASS)
			snprintf(line, sizeof(line), "pass");
		else
			snprintf(line, sizeof(line), "%s: %s: %s",
				 doctor_status_name(worst->status),
				 worst->check, worst->reason);
		rc = store_domain_set_check(st, name, at, line, e);
		if (rc != RC_OK)
			return rc;
	}
	return RC_OK;
}
