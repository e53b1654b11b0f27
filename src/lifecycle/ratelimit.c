/* SPDX-License-Identifier: ISC */
/* ratelimit.c - the new-order guard: count the ledger, hold back near the
 * CA's documented limit. */
#include "config.h"

#include <stdio.h>
#include <time.h>

#include "db/store.h"
#include "db/store_accounts.h"
#include "db/store_certs.h"
#include "db/store_orders.h"
#include "lifecycle/lc.h"
#include "lifecycle/ratelimit.h"
#include "parse/presets.h"
#include "util/i18n.h"

int ratelimit_near(int64_t count, unsigned max)
{
	if (max == 0)
		return 0;
	/* Integer form of count >= max * 90 %, exact for any max. */
	return count * 100 >= (int64_t)max * RATELIMIT_HOLD_PERCENT;
}

void ratelimit_window_str(unsigned seconds, char *out, size_t len)
{
	if (seconds >= 86400 && seconds % 86400 == 0)
		snprintf(out, len, "%ud", seconds / 86400);
	else if (seconds >= 3600 && seconds % 3600 == 0)
		snprintf(out, len, "%uh", seconds / 3600);
	else if (seconds >= 60 && seconds % 60 == 0)
		snprintf(out, len, "%umin", seconds / 60);
	else
		snprintf(out, len, "%us", seconds);
}

/* The preset whose limits apply to account a, or NULL. */
static const struct ca_preset *account_preset(const struct acct_row *a)
{
	const struct ca_preset *p = NULL;

	if (a->ca_preset != NULL)
		p = preset_find(a->ca_preset);
	if (p == NULL && a->directory_url != NULL)
		p = preset_by_url(a->directory_url);
	return p;
}

enum rc lc_ratelimit_check(struct lc *lc, const struct cert_row *c,
			   const struct acct_row *a, struct err *e)
{
	const struct ca_preset *p = account_preset(a);
	int64_t count = 0, now = (int64_t)time(NULL);
	char window[32];
	enum rc rc;

	if (p == NULL || p->new_orders_max == 0 || p->new_orders_window_s == 0)
		return RC_OK;
	rc = store_order_count_since(lc->st, a->id,
				     now - (int64_t)p->new_orders_window_s,
				     &count, e);
	if (rc != RC_OK || !ratelimit_near(count, p->new_orders_max))
		return rc;
	ratelimit_window_str(p->new_orders_window_s, window, sizeof(window));
	err_set(e, RC_RATELIMIT,
		_("near the CA's new-order limit (%lld of %u in %s)"),
		(long long)count, p->new_orders_max, window);
	lc_event(lc, c->id, a->id, c->name, LC_STAGE_REQUEST, "warn",
		 _("not ordering: %s; account '%s' waits for older orders to "
		   "leave the window"),
		 err_text(e), a->name);
	return RC_RATELIMIT;
}

enum rc lc_cert_ratelimit_check(struct lc *lc, const char *name, struct err *e)
{
	struct cert_row c = { 0 };
	struct acct_row a = { 0 };
	struct order_row o = { 0 };
	enum rc rc;

	rc = store_cert_get_by_name(lc->st, name, &c, e);
	if (rc == RC_OK)
		rc = lc_cert_managed(&c, e);
	if (rc == RC_OK)
		rc = store_account_get_by_id(lc->st, c.account_id, &a, e);
	if (rc != RC_OK)
		goto out;
	/* Resuming an order places none. */
	if (store_order_get_open(lc->st, c.id, &o, NULL) == RC_OK)
		goto out;
	rc = lc_ratelimit_check(lc, &c, &a, e);
out:
	order_row_clear(&o);
	acct_row_clear(&a);
	cert_row_clear(&c);
	return rc;
}
