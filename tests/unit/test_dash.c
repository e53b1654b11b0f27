/* SPDX-License-Identifier: ISC */
/* test_dash.c - the dashboard's windowed queries (db/store_dash.c): the
 * totals by health, every sort order either way with ties broken by name,
 * windows at any offset (the second half is read from the end) giving
 * the same rows as the whole list, positions of certificates for the
 * selection, and the filter: % and _ are plain characters, case does not
 * matter, stages match through their bits. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/store.h"
#include "db/store_certs.h"
#include "db/store_dash.h"
#include "ui/certview.h"
#include "store_test_util.h"
#include "tap.h"

#define DAY 86400
#define NOW ((int64_t)1800000000)

static char *dir, *path;

/* Sets a certificate's state by hand (times 0: NULL). */
static void set_cert(const char *name, int64_t renew_at, int64_t not_after,
		     const char *stage, const char *status,
		     const char *last_error)
{
	char sql[1024], ra[32], na[32];

	snprintf(ra, sizeof(ra), "%" PRId64, renew_at);
	snprintf(na, sizeof(na), "%" PRId64, not_after);
	snprintf(sql, sizeof(sql),
		 "UPDATE certificates SET renew_at = %s, not_after = %s, "
		 "stage = '%s', status = '%s', last_error = %s%s%s "
		 "WHERE name = '%s'",
		 renew_at ? ra : "NULL", not_after ? na : "NULL", stage, status,
		 last_error ? "'" : "", last_error ? last_error : "NULL",
		 last_error ? "'" : "", name);
	if (raw_exec(path, sql) != 0)
		printf("# %s failed\n", sql);
}

/* The fleet: names that test the filter's escaping, equal expiries that
 * test the ties, one of each health. */
static const struct {
	const char *name;
	int beta; /* account beta, else alpha */
	int64_t renew_at, not_after;
	const char *stage, *status, *error;
} fleet[] = {
	{ "50%off", 0, NOW + 10 * DAY, NOW + 40 * DAY, "monitoring", "ok",
	  NULL },
	{ "5x0off", 0, NOW + 10 * DAY, NOW + 40 * DAY, "monitoring", "ok",
	  NULL },
	{ "a_b", 1, NOW + 11 * DAY, NOW + 40 * DAY, "monitoring", "ok", NULL },
	{ "axb", 1, NOW - 1 * DAY, NOW + 20 * DAY, "renewal", "idle", NULL },
	{ "broken", 0, NOW + 3 * DAY, NOW + 30 * DAY, "monitoring", "ok",
	  "validation failed" },
	{ "gone", 0, NOW - 35 * DAY, NOW - 5 * DAY, "monitoring", "ok", NULL },
	{ "revoked1", 1, NOW + 5 * DAY, NOW + 10 * DAY, "revoked", "ok", NULL },
	{ "fresh", 0, 0, 0, "request", "idle", NULL },
	{ "zeta", 0, NOW + 9 * DAY, NOW + 40 * DAY, "installation", "error",
	  NULL },
};
#define N_FLEET (sizeof(fleet) / sizeof(fleet[0]))

static int make_fleet(struct store *st)
{
	int64_t alpha = fx_account(st, "alpha"), beta = fx_account(st, "beta");
	size_t i;

	if (alpha == 0 || beta == 0)
		return -1;
	for (i = 0; i < N_FLEET; i++) {
		if (fx_cert(st, fleet[i].name, fleet[i].beta ? beta : alpha,
			    2) == 0)
			return -1;
		set_cert(fleet[i].name, fleet[i].renew_at, fleet[i].not_after,
			 fleet[i].stage, fleet[i].status, fleet[i].error);
	}
	return 0;
}

/* The names of q's rows [off, off + lim), comma separated, into buf. */
static void names_of(struct store *st, const struct dash_query *q, size_t off,
		     size_t lim, char *buf, size_t sz)
{
	struct cert_summary *rows = NULL;
	struct err e = { 0 };
	size_t n = 0, total = 0, i;

	buf[0] = '\0';
	if (store_dash_count(st, q, &total, &e) != RC_OK ||
	    store_dash_window(st, q, off, lim, total, &rows, &n, &e) != RC_OK) {
		snprintf(buf, sz, "error: %s", err_text(&e));
		return;
	}
	for (i = 0; i < n; i++) {
		if (i > 0)
			strncat(buf, ",", sz - strlen(buf) - 1);
		strncat(buf, rows[i].name, sz - strlen(buf) - 1);
	}
	cert_summaries_free(rows, n);
}

static void test_totals(struct store *st)
{
	struct dash_totals t;
	struct err e = { 0 };

	is_int(store_dash_totals(st, NOW, &t, &e), RC_OK, "totals");
	is_int((int)t.all, (int)N_FLEET, "all counted");
	is_int((int)t.valid, 3, "valid: 50%%off, 5x0off, a_b");
	is_int((int)t.due, 1, "due: axb");
	is_int((int)t.failing, 2, "failing: broken (error), zeta (status)");
	is_int((int)t.expired, 1, "expired: gone");
	is_int((int)t.fresh, 1, "never issued: fresh");
	is_int((int)t.revoked, 1, "revoked: revoked1");
}

/* Every combination of the columns cert_health_of() reads, including
 * the odd ones (0 against NULL, negative times, an empty error), counted
 * by store_dash_totals and classified one by one in C: the counts agree,
 * although the store reads only the certificates that are not simply
 * valid. */
static const char *const combo_stage[] = { "request", "monitoring", "revoked",
					   "expired", "failed" };
static const char *const combo_status[] = { "ok", "error" };
static const char *const combo_error[] = { NULL, "", "boom" };
static const int64_t combo_time[] = {
	-1, 0, -5, NOW - DAY, NOW, NOW + 40 * DAY
}; /* -1: NULL */
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static void sql_time(char *buf, size_t sz, int64_t t)
{
	if (t == -1)
		snprintf(buf, sz, "NULL");
	else
		snprintf(buf, sz, "%" PRId64, t);
}

/* Adds the certificate for combination i and counts its health in c. */
static int combo_cert(struct store *st, int64_t acct, size_t i,
		      size_t counts[6], char *sql, size_t sz)
{
	size_t k = i;
	const char *stage = combo_stage[k % N_OF(combo_stage)];
	const char *status =
		combo_status[(k /= N_OF(combo_stage)) % N_OF(combo_status)];
	const char *error =
		combo_error[(k /= N_OF(combo_status)) % N_OF(combo_error)];
	int64_t na = combo_time[(k /= N_OF(combo_error)) % N_OF(combo_time)];
	int64_t ra = combo_time[(k / N_OF(combo_time)) % N_OF(combo_time)];
	struct cert_state cs = { cert_stage_parse(stage),
				 cert_status_parse(status), na == -1 ? 0 : na,
				 ra == -1 ? 0 : ra, error };
	char name[32], tna[32], tra[32];
	int64_t id;

	snprintf(name, sizeof(name), "combo%zu", i);
	id = fx_cert(st, name, acct, 1);
	if (id == 0)
		return -1;
	sql_time(tna, sizeof(tna), na);
	sql_time(tra, sizeof(tra), ra);
	snprintf(sql + strlen(sql), sz - strlen(sql),
		 "UPDATE certificates SET stage = '%s', status = '%s', "
		 "last_error = %s%s%s, not_after = %s, renew_at = %s "
		 "WHERE id = %" PRId64 ";\n",
		 stage, status, error ? "'" : "", error ? error : "NULL",
		 error ? "'" : "", tna, tra, id);
	counts[cert_health_of(&cs, NOW)]++;
	return 0;
}

static void test_totals_agree(void)
{
	size_t n = N_OF(combo_stage) * N_OF(combo_status) * N_OF(combo_error) *
		   N_OF(combo_time) * N_OF(combo_time);
	size_t want[6] = { 0 }, i, sz = n * 200;
	char *cpath = tpath(dir, "combo.db"), *sql = calloc(1, sz);
	struct store *st = NULL;
	struct dash_totals t;
	struct err e = { 0 };
	int64_t acct;
	int made = 0;

	if (sql != NULL && store_open(cpath, &st, &e) == RC_OK &&
	    (acct = fx_account(st, "combo")) != 0) {
		for (i = 0;
		     i < n && combo_cert(st, acct, i, want, sql, sz) == 0; i++)
			;
		made = i == n && raw_exec(cpath, sql) == 0;
	}
	ok(made, "%zu combinations stored (%s)", n, err_text(&e));
	is_int(store_dash_totals(st, NOW, &t, &e), RC_OK, "totals (%s)",
	       err_text(&e));
	is_int((int)t.all, (int)n, "all counted");
	ok(want[HEALTH_VALID] > 0 && want[HEALTH_DUE] > 0 &&
		   want[HEALTH_FAILING] > 0 && want[HEALTH_EXPIRED] > 0 &&
		   want[HEALTH_NEW] > 0 && want[HEALTH_REVOKED] > 0,
	   "every health occurs");
	is_int((int)t.valid, (int)want[HEALTH_VALID], "valid as in C");
	is_int((int)t.due, (int)want[HEALTH_DUE], "due as in C");
	is_int((int)t.failing, (int)want[HEALTH_FAILING], "failing as in C");
	is_int((int)t.expired, (int)want[HEALTH_EXPIRED], "expired as in C");
	is_int((int)t.fresh, (int)want[HEALTH_NEW], "never issued as in C");
	is_int((int)t.revoked, (int)want[HEALTH_REVOKED], "revoked as in C");
	store_close(st);
	free(sql);
	free(cpath);
}

/* The totals read the attention index, not every row. */
static void test_totals_plan(struct store *st)
{
	char *plan = plan_of(st, "count(*) FROM certificates), coalesce");

	ok(plan != NULL && strstr(plan, "certificates_attention") != NULL &&
		   strstr(plan, "SCAN certificates USING COVERING INDEX "
				"certificates_forecast") == NULL,
	   "the totals read the attention index: %s", plan ? plan : "?");
	free(plan);
}

static void test_orders(struct store *st)
{
	struct dash_query q = { SORT_EXPIRY, 0, "", 0 };
	char got[512];

	names_of(st, &q, 0, 100, got, sizeof(got));
	is_str(got, "fresh,gone,axb,broken,50%off,5x0off,a_b,zeta,revoked1",
	       "expiry: none first, equal expiries by name, revoked last");
	q.desc = 1;
	names_of(st, &q, 0, 100, got, sizeof(got));
	is_str(got, "revoked1,zeta,a_b,5x0off,50%off,broken,axb,gone,fresh",
	       "expiry reversed: the ties too");
	q.desc = 0;
	q.sort = SORT_STAGE;
	names_of(st, &q, 0, 100, got, sizeof(got));
	is_str(got, "fresh,zeta,50%off,5x0off,a_b,broken,gone,axb,revoked1",
	       "stage: in the enum's order, ties by name");
	q.sort = SORT_RENEW;
	names_of(st, &q, 0, 100, got, sizeof(got));
	is_str(got, "fresh,gone,axb,broken,revoked1,zeta,50%off,5x0off,a_b",
	       "renewal: none first");
	q.sort = SORT_ACCOUNT;
	names_of(st, &q, 0, 100, got, sizeof(got));
	is_str(got, "50%off,5x0off,broken,fresh,gone,zeta,a_b,axb,revoked1",
	       "account, then name");
	q.sort = SORT_NAME;
	names_of(st, &q, 0, 100, got, sizeof(got));
	is_str(got, "50%off,5x0off,a_b,axb,broken,fresh,gone,revoked1,zeta",
	       "name (binary order, as strcmp)");
	q.sort = SORT_DOMAIN;
	names_of(st, &q, 0, 3, got, sizeof(got));
	is_str(got, "50%off,5x0off,a_b", "domain: d0.<name>.example");
}

/* Every window of every order, either way, read row by row, is the
 * whole list's slice (the second half is read backwards), and every
 * certificate's position is its index in the list. */
static void test_windows(struct store *st)
{
	struct dash_query q = { SORT_EXPIRY, 0, "", 0 };
	char all[512], one[512], joined[512], win[512], slice[512];
	struct err e = { 0 };
	int bad_win = 0, bad_pos = 0, bad_slice = 0, s, desc;
	size_t i, k, pos;

	for (s = 0; s < SORT__COUNT; s++)
		for (desc = 0; desc < 2; desc++) {
			char *names[N_FLEET], *p;

			q.sort = (enum dash_sort)s;
			q.desc = desc;
			names_of(st, &q, 0, 100, all, sizeof(all));
			joined[0] = '\0';
			for (i = 0; i < N_FLEET; i++) {
				names_of(st, &q, i, 1, one, sizeof(one));
				if (i > 0)
					strcat(joined, ",");
				strcat(joined, one);
			}
			bad_win += strcmp(all, joined) != 0;
			/* windows of 4 at every offset */
			p = strcpy(slice, all);
			for (i = 0; i < N_FLEET; i++) {
				names[i] = p != NULL ? p : (char *)"";
				p = p != NULL ? strchr(p, ',') : NULL;
				if (p != NULL)
					*p++ = '\0';
			}
			for (i = 0; i < N_FLEET; i++) {
				char want[512] = "";

				for (k = i; k < i + 4 && k < N_FLEET; k++) {
					if (k > i)
						strcat(want, ",");
					strcat(want, names[k]);
				}
				names_of(st, &q, i, 4, win, sizeof(win));
				bad_slice += strcmp(win, want) != 0;
				if (store_dash_position(st, &q, 0, names[i],
							&pos, NULL,
							&e) != RC_OK ||
				    pos != i)
					bad_pos++;
			}
		}
	is_int(bad_win, 0, "rows one by one = the whole list (every order)");
	is_int(bad_slice, 0, "windows of 4 at every offset = the slices");
	is_int(bad_pos, 0, "position of every certificate = its index");
	q.sort = SORT_EXPIRY;
	q.desc = 0;
	names_of(st, &q, 7, 10, win, sizeof(win));
	is_str(win, "zeta,revoked1", "the last page is cut at the end");
	names_of(st, &q, 9, 10, win, sizeof(win));
	is_str(win, "", "past the end: nothing");
}

static void test_filter(struct store *st)
{
	struct dash_query q = { SORT_NAME, 0, "%", 0 };
	struct err e = { 0 };
	char got[512];
	size_t n = 0, pos = 0;
	int64_t id = 0;

	names_of(st, &q, 0, 100, got, sizeof(got));
	is_str(got, "50%off", "%%: a plain character");
	q.text = "_";
	names_of(st, &q, 0, 100, got, sizeof(got));
	is_str(got, "a_b", "_: a plain character");
	q.text = "a_b";
	names_of(st, &q, 0, 100, got, sizeof(got));
	is_str(got, "a_b", "a_b does not match axb");
	q.text = "0%o";
	is_int(store_dash_count(st, &q, &n, &e), RC_OK, "count");
	is_int((int)n, 1, "0%%o matches 50%%off only");
	q.text = "BETA";
	names_of(st, &q, 0, 100, got, sizeof(got));
	is_str(got, "a_b,axb,revoked1", "account, case folded");
	q.text = "D1.ZETA";
	names_of(st, &q, 0, 100, got, sizeof(got));
	is_str(got, "", "only the first domain is matched");
	q.text = "d0.ZETA";
	names_of(st, &q, 0, 100, got, sizeof(got));
	is_str(got, "zeta", "the first domain, case folded");
	q.text = "Revo";
	q.stages = 1u << CERT_STAGE_REVOKED;
	q.sort = SORT_EXPIRY;
	names_of(st, &q, 0, 100, got, sizeof(got));
	is_str(got, "revoked1", "stage bits (and the name)");
	q.text = "qqq";
	q.stages = 1u << CERT_STAGE_REQUEST | 1u << CERT_STAGE_RENEWAL;
	names_of(st, &q, 0, 100, got, sizeof(got));
	is_str(got, "fresh,axb", "stage bits alone, in the order");
	is_int(store_dash_position(st, &q, 0, "axb", &pos, &id, &e), RC_OK,
	       "position in the filtered list");
	is_int((int)pos, 1, "axb is second");
	ok(id != 0, "its id");
	is_int(store_dash_position(st, &q, 0, "zeta", &pos, &id, &e),
	       RC_NOTFOUND, "a certificate the filter drops: not found");
	is_int(store_dash_position(st, &q, 999999, NULL, &pos, &id, &e),
	       RC_NOTFOUND, "no such id: not found");
	q.text = "";
	q.stages = 0;
	is_int(store_dash_count(st, &q, &n, &e), RC_OK, "count, no filter");
	is_int((int)n, (int)N_FLEET, "no filter: every certificate");
}

int main(void)
{
	struct store *st = NULL;
	struct err e = { 0 };

	dir = tdir_make();
	path = tpath(dir, "dash.db");
	ok(store_open(path, &st, &e) == RC_OK, "store opened (%s)",
	   err_text(&e));
	ok(make_fleet(st) == 0, "fleet made");
	test_totals(st);
	test_totals_agree();
	test_totals_plan(st);
	test_orders(st);
	test_windows(st);
	test_filter(st);
	store_close(st);
	tdir_remove(dir);
	free(path);
	free(dir);
	return tap_done();
}
