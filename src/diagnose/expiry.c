/* SPDX-License-Identifier: ISC */
/* expiry.c - the check of the days left until the certificate expires
 * and whether its renewal is overdue. */
#include "config.h"

#include <stdio.h>

#include "db/store_certs.h"
#include "diagnose/doctor.h"
#include "util/i18n.h"

enum rc doctor_check_expiry(struct doctor_ctx *ctx, struct err *e)
{
	const struct cert_row *c = ctx->cert;
	char why[DOCTOR_LINE_MAX], advice[DOCTOR_LINE_MAX];
	int64_t now = doctor_now(ctx), left;
	long long days;

	if (c->cert_pem == NULL || c->not_after == 0)
		return doctor_add(ctx->rep, "expiry", NULL, DOCTOR_PASS,
				  _("not issued yet"), NULL, e);
	left = c->not_after - now;
	days = (long long)(left / 86400);
	snprintf(advice, sizeof(advice),
		 _("renew it: 'acmetui cert renew "
		   "%s' (and check the cron job or "
		   "timer)"),
		 c->name);
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
		snprintf(why, sizeof(why),
			 _("%lld days to expiry; renewal "
			   "is due"),
			 days);
		return doctor_add(ctx->rep, "expiry", NULL, DOCTOR_WARN, why,
				  advice, e);
	}
	snprintf(why, sizeof(why), _("%lld days to expiry"), days);
	return doctor_add(ctx->rep, "expiry", NULL, DOCTOR_PASS, why, NULL, e);
}
