/* SPDX-License-Identifier: ISC */
/* resolve.c - the check that a domain's name resolves (A/AAAA), which
 * also gives the self-tests their addresses. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "db/store_domains.h"
#include "diagnose/doctor.h"
#include "util/i18n.h"

enum rc doctor_check_resolve(struct doctor_ctx *ctx, const struct domain_row *d,
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
					      "network"),
				  e);
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
					  "validate with dns-01"),
					e);
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
