/* SPDX-License-Identifier: ISC */
/* ratelimit.c - the check of the account's orders against the CA's
 * documented rate limit and any "not before" the CA asked for. */
#include "config.h"

#include <stdio.h>

#include "db/store_accounts.h"
#include "db/store_certs.h"
#include "db/store_orders.h"
#include "diagnose/doctor.h"
#include "parse/presets.h"
#include "util/i18n.h"
#include "util/utctime.h"

enum rc doctor_check_ratelimit(struct doctor_ctx *ctx, struct err *e)
{
	const struct ca_preset *p = preset_find(ctx->cert->ca_preset);
	char why[DOCTOR_LINE_MAX], when[64];
	int64_t now = doctor_now(ctx), count = 0, window;
	unsigned max = 0;
	enum doctor_status st = DOCTOR_PASS;
	enum rc rc;

	if (ctx->cert->retry_after > now) {
		utc_text(ctx->cert->retry_after, UTC_MINUTE, when,
			 sizeof(when));
		snprintf(why, sizeof(why),
			 _("the CA asked not to be asked "
			   "again before %s"),
			 when);
		return doctor_add(ctx->rep, "rate-limit", NULL, DOCTOR_WARN,
				  why,
				  _("wait: the next run after that time "
				    "tries again by itself"),
				  e);
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
		snprintf(why, sizeof(why),
			 _("%lld orders in the last %lld h "
			   "(the CA documents no order "
			   "limit)"),
			 (long long)count, (long long)(window / 3600));
	} else {
		snprintf(why, sizeof(why),
			 _("%lld of %u orders allowed in %lld "
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
				      "doctor' first"),
			  e);
}
