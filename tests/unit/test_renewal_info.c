/* SPDX-License-Identifier: ISC */
/* test_renewal_info.c - renewal times from recorded ARI answers (window,
 * Retry-After, explanation URL, a window the CA moved, a failed fetch,
 * no ARI at all), schedule_ari_pick, the new-order guard near the CA's
 * documented limit against a real inventory, and the ARI poll queries. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acme/ari.h"
#include "db/store.h"
#include "db/store_accounts.h"
#include "db/store_certs.h"
#include "db/store_orders.h"
#include "lifecycle/lc.h"
#include "lifecycle/ratelimit.h"
#include "lifecycle/renewal_info.h"
#include "lifecycle/schedule.h"
#include "store_test_util.h"
#include "tap.h"

#define DAY 86400
#define S(x) x, sizeof(x) - 1

/* A renewalInfo body as Let's Encrypt sends it (RFC 9773 4.2). */
static const char recorded[] =
	"{\"suggestedWindow\": {\"start\": \"2025-01-02T04:00:00Z\","
	"\"end\": \"2025-01-03T04:00:00Z\"},"
	"\"explanationURL\": \"https://acme.example.com/docs/ari\"}";
#define W_START 1735790400
#define W_END 1735876800

static void test_ari_plans(void)
{
	struct acme_ari a = { 0 };
	struct renew_plan p;
	struct err e = { 0 };
	time_t now = W_START - 10 * DAY, nb = now - 30 * DAY,
	       na = now + 60 * DAY, ws, we;
	int i, inside = 1;

	ok(acme_ari_parse(S(recorded), &a, &e) == RC_OK, "recorded answer");
	a.retry_after = acme_ari_next_poll(now + 3 * 3600, now);
	for (i = 0; i < 200; i++) {
		renew_plan_choose(1, RC_OK, &a, nb, na, 0, now,
				  (uint32_t)i * 21474836u, &p);
		if (p.renew_at < W_START || p.renew_at >= W_END)
			inside = 0;
	}
	ok(inside, "renew_at always inside the suggested window");
	ok(p.from_ari, "the plan says it comes from ARI");
	is_int(p.next_poll, now + 3 * 3600, "next poll: the Retry-After");
	is_str(p.reason,
	       "ARI window 2025-01-02 04:00 UTC..2025-01-03 04:00 UTC "
	       "(see https://acme.example.com/docs/ari)",
	       "reason names the window and the explanation");
	renew_plan_choose(1, RC_OK, &a, nb, na, W_START + 100, now, 0, &p);
	is_int(p.renew_at, W_START + 100, "a stored time inside is kept");
	renew_plan_choose(1, RC_OK, &a, nb, na, W_END + 100, now, 0, &p);
	is_int(p.renew_at, W_START, "a stored time outside moves inside");
	renew_plan_choose(1, RC_OK, &a, nb, na, 0, W_END + DAY, 0xffffffffu,
			  &p);
	is_int(p.renew_at, W_END + DAY, "a window already past: renew now");
	a.retry_after = acme_ari_next_poll(now + 1, now);
	renew_plan_choose(1, RC_OK, &a, nb, na, 0, now, 0, &p);
	is_int(p.next_poll, now + ARI_RETRY_MIN_S,
	       "a tiny Retry-After is clamped");
	free(a.explanation_url);
	a.explanation_url = NULL;
	renew_plan_choose(1, RC_OK, &a, nb, na, 0, now, 0, &p);
	is_str(p.reason,
	       "ARI window 2025-01-02 04:00 UTC..2025-01-03 04:00 "
	       "UTC",
	       "reason without explanation");

	/* The CA advertises ARI but the fetch fails: the lifetime rule, and
	 * ask again later. */
	schedule_window(nb, na, &ws, &we);
	renew_plan_choose(1, RC_NET, NULL, nb, na, 0, now, 0x80000000u, &p);
	is_int(p.renew_at, schedule_pick(ws, we, 0x80000000u),
	       "failed fetch: the lifetime rule");
	ok(!p.from_ari, "failed fetch: not from ARI");
	is_int(p.next_poll, now + ARI_RETRY_DEFAULT_S,
	       "failed fetch: asked again after the default interval");
	is_str(p.reason, "one third of the lifetime left",
	       "failed fetch: the lifetime reason");
	renew_plan_choose(0, RC_USAGE, NULL, nb, na, 0, now, 0, &p);
	is_int(p.renew_at, ws, "no ARI: the lifetime rule");
	is_int(p.next_poll, 0, "no ARI: never polled");
	acme_ari_clear(&a);

	is_int(schedule_ari_pick(100, 200, 50, 0x80000000u), 150,
	       "ari pick: middle of a future window");
	is_int(schedule_ari_pick(100, 200, 170, 0), 170,
	       "ari pick: an open window's past point is now");
}

static void test_ratelimit_pure(void)
{
	char w[32];

	ok(!ratelimit_near(269, 300), "269 of 300: go");
	ok(ratelimit_near(270, 300), "270 of 300: hold back");
	ok(ratelimit_near(9, 10) && !ratelimit_near(8, 10), "9 of 10");
	ok(!ratelimit_near(1000000, 0), "no documented limit: never");
	ratelimit_window_str(3 * 3600, w, sizeof(w));
	is_str(w, "3h", "window 3h");
	ratelimit_window_str(7 * DAY, w, sizeof(w));
	is_str(w, "7d", "window 7d");
	ratelimit_window_str(5400, w, sizeof(w));
	is_str(w, "90min", "window 90min");
	ratelimit_window_str(61, w, sizeof(w));
	is_str(w, "61s", "window 61s");
}

/* Inserts n orders of account acct for cert now. */
static int add_orders(struct store *st, int64_t cert, int64_t acct, int n,
		      int from)
{
	struct order_row o = { 0 };
	char url[64];
	int i;

	for (i = from; i < from + n; i++) {
		snprintf(url, sizeof(url), "https://ca.test/order/%d", i);
		o.cert_id = cert;
		o.account_id = acct;
		o.url = url;
		o.status = ORDER_VALID;
		o.identifiers = "x.example";
		if (store_order_insert(st, &o, NULL, NULL) != RC_OK)
			return -1;
	}
	return 0;
}

static void test_ratelimit_store(const char *dir)
{
	char *path = tpath(dir, "rl.db");
	struct store *st = NULL;
	struct lc lc = { 0 };
	struct acct_row a = { 0 };
	struct cert_row c = { 0 };
	struct err e = { 0 };
	int64_t acct, cert;

	ok(store_open(path, &st, &e) == RC_OK, "inventory opened");
	lc.st = st;
	acct = fx_account(st, "le");
	cert = fx_cert(st, "c", acct, 1);
	a.id = acct;
	a.name = "le";
	a.ca_preset = "letsencrypt"; /* 300 new orders per 3 hours */
	c.id = cert;
	c.name = "c";
	ok(add_orders(st, cert, acct, 269, 0) == 0, "269 orders recorded");
	is_int(lc_ratelimit_check(&lc, &c, &a, &e), RC_OK,
	       "269 of 300 in the window: order");
	ok(add_orders(st, cert, acct, 1, 269) == 0, "one more");
	is_int(lc_ratelimit_check(&lc, &c, &a, &e), RC_RATELIMIT,
	       "270 of 300: held back");
	is_str(err_text(&e), "near the CA's new-order limit (270 of 300 in 3h)",
	       "the reason says how near");
	err_clear(&e);
	a.ca_preset = NULL;
	a.directory_url = "https://pebble.test/dir";
	is_int(lc_ratelimit_check(&lc, &c, &a, &e), RC_OK,
	       "a CA without a preset is never held back");
	store_close(st);
	free(path);
}

static void test_ari_queries(const char *dir)
{
	char *path = tpath(dir, "ari.db");
	struct store *st = NULL;
	struct cert_due *rows = NULL;
	struct cert_issued r = { 0 };
	struct cert_row c = { 0 };
	struct err e = { 0 };
	size_t n = 0;
	int64_t acct, id;

	store_open(path, &st, &e);
	acct = fx_account(st, "a");
	id = fx_cert(st, "x", acct, 1);
	r.cert_pem = "PEM";
	r.serial = "01";
	r.not_before = 1000;
	r.not_after = 1000 + 90 * DAY;
	r.ari_id = "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE";
	r.renew_at = 500000;
	r.renew_reason = "ARI window";
	r.ari_next_poll = 2000;
	r.stage = CERT_STAGE_MONITORING;
	r.status = CERT_STATUS_OK;
	ok(store_cert_set_issued(st, id, &r, &e) == RC_OK, "issued");
	ok(store_cert_list_ari_due(st, 1999, &rows, &n, &e) == RC_OK && n == 0,
	   "nothing to poll before the poll time");
	cert_due_free(rows, n);
	ok(store_cert_list_ari_due(st, 2000, &rows, &n, &e) == RC_OK &&
		   n == 1 && rows[0].id == id && rows[0].account_id == acct,
	   "due to poll at the poll time, with its account");
	cert_due_free(rows, n);
	ok(store_cert_set_ari(st, id, r.ari_id, 400000, "moved", 9000, &e) ==
		   RC_OK,
	   "ARI outcome stored");
	store_cert_get_by_id(st, id, &c, &e);
	ok(c.renew_at == 400000 && c.ari_next_poll == 9000 &&
		   strcmp(c.renew_reason, "moved") == 0,
	   "renewal time, reason and next poll updated");
	cert_row_clear(&c);
	ok(store_cert_set_ari(st, id, r.ari_id, 0, NULL, 12000, &e) == RC_OK,
	   "a failed fetch only moves the poll");
	store_cert_get_by_id(st, id, &c, &e);
	ok(c.renew_at == 400000 && c.ari_next_poll == 12000,
	   "renewal time kept");
	cert_row_clear(&c);
	err_clear(&e);
	is_int(store_cert_set_ari(st, id, "other.id", 1, "x", 1, &e),
	       RC_NOTFOUND, "a replaced certificate is left alone");
	store_close(st);
	free(path);
}

int main(void)
{
	char *dir = tdir_make();

	test_ari_plans();
	test_ratelimit_pure();
	test_ratelimit_store(dir);
	test_ari_queries(dir);
	tdir_remove(dir);
	free(dir);
	return tap_done();
}
