/* SPDX-License-Identifier: ISC */
/* test_forecast.c - the forecast's aggregate query and its lists: which
 * certificates count in which week (or account, or CA) and state, the
 * edges of the weeks and of the range, what is never counted (revoked,
 * never issued, beyond the range), and the lists behind a count. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/store.h"
#include "db/store_certs.h"
#include "db/store_forecast.h"
#include "store_test_util.h"
#include "tap.h"

#define DAY 86400
#define NOW ((int64_t)1800000000)
#define START (NOW - 2 * DAY)
#define WEEKS 13
#define END (START + WEEKS * (int64_t)FC_WEEK_SECS)

static char *dir, *path;

/* Sets a certificate's times and state by hand, as a run would have
 * left them (0: NULL). */
static void set_cert(const char *name, int64_t renew_at, int64_t not_after,
		     const char *stage, const char *status,
		     const char *last_error)
{
	char sql[1024], ra[32], na[32];

	snprintf(ra, sizeof(ra), "%" PRId64, renew_at);
	snprintf(na, sizeof(na), "%" PRId64, not_after);
	snprintf(sql, sizeof(sql),
		 "UPDATE certificates SET renew_at = %s, not_after = %s, "
		 "not_before = %s, stage = '%s', status = '%s', "
		 "last_error = %s%s%s WHERE name = '%s'",
		 renew_at ? ra : "NULL", not_after ? na : "NULL",
		 not_after ? "0 + "
			     "1700000000"
			   : "NULL",
		 stage, status, last_error ? "'" : "",
		 last_error ? last_error : "NULL", last_error ? "'" : "", name);
	if (raw_exec(path, sql) != 0)
		printf("# %s failed\n", sql);
}

/* The fleet below; returns 0 when it was made. */
static int make_fleet(struct store *st)
{
	int64_t alpha = fx_account(st, "alpha"), beta = fx_account(st, "beta");
	const char *names[] = { "c1", "c2", "c3", "c4", "c5",
				"c6", "c7", "c8", "c9" };
	size_t i;

	if (alpha == 0 || beta == 0)
		return -1;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (fx_cert(st, names[i],
			    (i == 2 || i == 3 || i == 4) ? beta : alpha,
			    1) == 0)
			return -1;
	/* beta has no preset: its CA is its directory URL. */
	raw_exec(path, "UPDATE accounts SET ca_preset = NULL, directory_url "
		       "= 'https://ca.beta.test/dir' WHERE name = 'beta'");
	/* valid: renews in week 1, expires in week 6 */
	set_cert("c1", NOW + 10 * DAY, NOW + 40 * DAY, "monitoring", "ok",
		 NULL);
	/* due: renewal past (week 0), expires in week 3 */
	set_cert("c2", NOW - 1 * DAY, NOW + 20 * DAY, "renewal", "idle", NULL);
	/* failing: renews in week 0, expires in week 4 */
	set_cert("c3", NOW + 3 * DAY, NOW + 30 * DAY, "monitoring", "ok",
		 "validation failed");
	/* expired 5 days ago: week 0 for both */
	set_cert("c4", NOW - 35 * DAY, NOW - 5 * DAY, "monitoring", "ok", NULL);
	/* revoked: never counted */
	set_cert("c5", NOW + 5 * DAY, NOW + 50 * DAY, "revoked", "ok", NULL);
	/* never issued: never counted */
	set_cert("c6", 0, 0, "request", "idle", NULL);
	/* beyond the range */
	set_cert("c7", NOW + 100 * DAY, NOW + 150 * DAY, "monitoring", "ok",
		 NULL);
	/* watched (no account): expires in week 2, no renewal */
	set_cert("c8", 0, NOW + 15 * DAY, "monitoring", "ok", NULL);
	raw_exec(path, "UPDATE certificates SET account_id = NULL "
		       "WHERE name = 'c8'");
	/* the edges: renews on week 1's first second, expires at the end
	 * (outside: the range is half-open) */
	set_cert("c9", START + FC_WEEK_SECS, END, "monitoring", "ok", NULL);
	return 0;
}

static int64_t sum(const int64_t *v)
{
	int64_t t = 0;
	int i;

	for (i = 0; i < FC__STATES; i++)
		t += v[i];
	return t;
}

static void test_by_week(struct store *st)
{
	struct fc_bucket *b = NULL;
	struct err e = { 0 };
	int64_t renew = 0, expire = 0;
	size_t n = 0, i;

	ok(store_forecast(st, FC_BY_WEEK, NOW, START, WEEKS, &b, &n, &e) ==
		   RC_OK,
	   "forecast by week (%s)", err_text(&e));
	is_int(n, WEEKS, "one bucket per week, empty ones too");
	if (n != WEEKS)
		return;
	is_int(b[0].renew[FC_DUE], 1, "week 0: the due renewal (c2)");
	is_int(b[0].renew[FC_FAILING], 1, "week 0: the failing one (c3)");
	is_int(b[0].renew[FC_EXPIRED], 1, "week 0: the expired one (c4)");
	is_int(b[0].renew[FC_VALID], 0, "week 0: no valid renewal");
	is_int(b[0].expire[FC_EXPIRED], 1, "week 0: c4 expired");
	is_int(b[1].renew[FC_VALID], 2,
	       "week 1: c1 and c9 (on its first second)");
	is_int(b[2].expire[FC_VALID], 1, "week 2: the watched c8 expires");
	is_int(b[3].expire[FC_DUE], 1, "week 3: c2 would expire (due)");
	is_int(b[4].expire[FC_FAILING], 1, "week 4: c3 would expire (failing)");
	is_int(b[6].expire[FC_VALID], 1, "week 6: c1 would expire");
	for (i = 0; i < n; i++) {
		renew += sum(b[i].renew);
		expire += sum(b[i].expire);
		ok(b[i].week == (int)i && b[i].key == NULL, "week %zu numbered",
		   i);
	}
	is_int(renew, 5,
	       "5 renewals: not revoked c5, unissued c6, c7 "
	       "beyond, watched c8");
	is_int(expire, 5, "5 expiries: c9 at the end is outside");
	fc_buckets_free(b, n);
}

static void test_by_group(struct store *st)
{
	struct fc_bucket *b = NULL;
	struct err e = { 0 };
	size_t n = 0;

	ok(store_forecast(st, FC_BY_ACCOUNT, NOW, START, WEEKS, &b, &n, &e) ==
			   RC_OK &&
		   n == 3,
	   "by account: watched, alpha, beta (%zu; %s)", n, err_text(&e));
	if (n == 3) {
		ok(b[0].key == NULL && sum(b[0].renew) == 0 &&
			   b[0].expire[FC_VALID] == 1,
		   "the watched group first: one expiry, no renewal");
		is_str(b[1].key, "alpha", "then alpha");
		ok(b[1].renew[FC_VALID] == 2 && b[1].renew[FC_DUE] == 1 &&
			   b[1].expire[FC_VALID] == 1 &&
			   b[1].expire[FC_DUE] == 1,
		   "alpha: c1, c9 valid, c2 due; c1 and c2 expire");
		is_str(b[2].key, "beta", "then beta");
		ok(b[2].renew[FC_FAILING] == 1 && b[2].renew[FC_EXPIRED] == 1 &&
			   sum(b[2].expire) == 2,
		   "beta: c3 failing, c4 expired (c5 revoked is not counted)");
	}
	fc_buckets_free(b, n);
	ok(store_forecast(st, FC_BY_CA, NOW, START, WEEKS, &b, &n, &e) ==
			   RC_OK &&
		   n == 3,
	   "by CA: three groups (%zu)", n);
	if (n == 3) {
		is_str(b[1].key, "https://ca.beta.test/dir",
		       "a CA without preset by its directory URL");
		is_str(b[2].key, "letsencrypt", "a CA by its preset");
	}
	fc_buckets_free(b, n);
}

static void test_certs(struct store *st)
{
	struct fc_cert *c = NULL;
	struct err e = { 0 };
	size_t n = 0;

	ok(store_forecast_certs(st, FC_BY_WEEK, NOW, START, WEEKS, 0, NULL, 100,
				&c, &n, &e) == RC_OK &&
		   n == 3,
	   "week 0 lists 3 certificates (%zu)", n);
	if (n == 3) {
		ok(strcmp(c[0].name, "c4") == 0 &&
			   strcmp(c[1].name, "c2") == 0 &&
			   strcmp(c[2].name, "c3") == 0,
		   "soonest first: c4, c2, c3");
		ok(c[0].state == FC_EXPIRED && c[1].state == FC_DUE &&
			   c[2].state == FC_FAILING,
		   "each with its state");
		is_str(c[1].account, "alpha", "and its account");
	}
	fc_certs_free(c, n);
	ok(store_forecast_certs(st, FC_BY_WEEK, NOW, START, WEEKS, 1, NULL, 100,
				&c, &n, &e) == RC_OK &&
		   n == 2 && strcmp(c[0].name, "c9") == 0 &&
		   strcmp(c[1].name, "c1") == 0,
	   "week 1: c9, c1 (%zu)", n);
	fc_certs_free(c, n);
	ok(store_forecast_certs(st, FC_BY_WEEK, NOW, START, WEEKS, 0, NULL, 2,
				&c, &n, &e) == RC_OK &&
		   n == 2,
	   "at most max rows");
	fc_certs_free(c, n);
	ok(store_forecast_certs(st, FC_BY_ACCOUNT, NOW, START, WEEKS, 0,
				"alpha", 100, &c, &n, &e) == RC_OK &&
		   n == 3 && strcmp(c[0].name, "c2") == 0,
	   "alpha's certificates in the range: c2, c9, c1 (%zu)", n);
	fc_certs_free(c, n);
	ok(store_forecast_certs(st, FC_BY_ACCOUNT, NOW, START, WEEKS, 0, NULL,
				100, &c, &n, &e) == RC_OK &&
		   n == 1 && strcmp(c[0].name, "c8") == 0 &&
		   c[0].account == NULL,
	   "the watched group: c8 (%zu)", n);
	fc_certs_free(c, n);
	ok(store_forecast_certs(st, FC_BY_CA, NOW, START, WEEKS, 0,
				"https://ca.beta.test/dir", 100, &c, &n,
				&e) == RC_OK &&
		   n == 2,
	   "beta's CA: c3, c4 (%zu)", n);
	fc_certs_free(c, n);
}

static void test_bad_input(struct store *st)
{
	struct fc_bucket *b = NULL;
	struct fc_cert *c = NULL;
	struct err e = { 0 };
	size_t n = 0;

	ok(store_forecast(st, FC_BY_WEEK, NOW, START, 0, &b, &n, &e) ==
			   RC_USAGE &&
		   b == NULL && n == 0,
	   "0 weeks refused");
	ok(store_forecast(st, (enum fc_by)9, NOW, START, 4, &b, &n, &e) ==
		   RC_USAGE,
	   "unknown grouping refused");
	ok(store_forecast_certs(st, FC_BY_WEEK, NOW, START, WEEKS, WEEKS, NULL,
				10, &c, &n, &e) == RC_USAGE,
	   "a week past the end refused");
}

int main(void)
{
	struct store *st = NULL;
	struct err e = { 0 };

	dir = tdir_make();
	path = tpath(dir, "fc.db");
	ok(store_open(path, &st, &e) == RC_OK, "store opened (%s)",
	   err_text(&e));
	if (st != NULL) {
		ok(make_fleet(st) == 0, "fleet made");
		test_by_week(st);
		test_by_group(st);
		test_certs(st);
		test_bad_input(st);
		store_close(st);
	}
	tdir_remove(dir);
	free(path);
	free(dir);
	return tap_done();
}
