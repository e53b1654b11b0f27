/* SPDX-License-Identifier: ISC */
/* store_forecast.c - the forecast's aggregate queries (store_forecast.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db/store_forecast.h"
#include "db/store_int.h"
#include "util/i18n.h"

/* A certificate's state at ?1 (now), in enum fc_state's numbers; the
 * order of the tests is cert_health_of()'s. */
#define FC_STATE \
	"CASE WHEN c.stage = 'expired' OR c.not_after <= ?1 THEN 3 " \
	"WHEN c.stage = 'failed' OR c.status = 'error' " \
	"OR coalesce(c.last_error, '') <> '' THEN 2 " \
	"WHEN c.renew_at <= ?1 THEN 1 ELSE 0 END"

/* What is counted: issued (an expiry), not revoked.  ?3 is the end. */
#define FC_RENEWING \
	"WHERE c.renew_at < ?3 AND c.not_after IS NOT NULL " \
	"AND c.stage <> 'revoked'"
#define FC_EXPIRING "WHERE c.not_after < ?3 AND c.stage <> 'revoked'"

/* The week of time column t from ?2 (start); the past is week 0. */
#define FC_WEEK(t) "max(0, (" t " - ?2) / 604800)"

/* Both halves of a count read only certificates_forecast (v9), which
 * holds every column they use: the expiries as a range of it, the
 * renewals as a scan of it (renew_at is its second column), never the
 * table, whose rows carry the PEMs (through the renew_at index every
 * counted row was a table lookup: 20 times slower at 100,000). */
#define FC_FROM "FROM certificates c INDEXED BY certificates_forecast "
#define FC_KEY_ACCOUNT "a.name"
#define FC_KEY_CA "coalesce(a.ca_preset, a.directory_url)"

/* Rows: kind (0 renew, 1 expire), week, key, state, count. */
static const char sql_by_week[] =
	"SELECT k, wk, NULL, s, count(*) FROM ("
	"SELECT 0 AS k, " FC_WEEK(
		"c.renew_at") " AS wk, " FC_STATE " AS s " FC_FROM FC_RENEWING
			      " UNION ALL "
			      "SELECT 1, " FC_WEEK(
				      "c.not_after") ", " FC_STATE
						     " " FC_FROM FC_EXPIRING
						     ") GROUP BY k, wk, s";

/* Counted per account first (from the index alone), then the few
 * (kind, account, state) rows are joined to accounts and summed by the
 * group's key: one accounts lookup per account, not per certificate. */
#define FC_BY_GROUP(key) \
	"SELECT x.k, 0, " key " AS g, x.s, sum(x.n) FROM (" \
	"SELECT k, acc, s, count(*) AS n FROM (" \
	"SELECT 0 AS k, c.account_id AS acc, " FC_STATE \
	" AS s " FC_FROM FC_RENEWING \
	" UNION ALL SELECT 1, c.account_id, " FC_STATE " " FC_FROM FC_EXPIRING \
	") GROUP BY k, acc, s) x " \
	"LEFT JOIN accounts a ON a.id = x.acc " \
	"GROUP BY g, x.k, x.s ORDER BY g"

static const char sql_by_account[] = FC_BY_GROUP(FC_KEY_ACCOUNT);
static const char sql_by_ca[] = FC_BY_GROUP(FC_KEY_CA);

/* The certificates of one bucket: renewal or expiry in [?2, ?3) (?2
 * very small for week 0), and for groups (?4 = 1 account, 2 CA) the
 * key ?5 (IS: NULL matches the watched ones).  The OR of two ranges
 * lets SQLite use both indexes. */
static const char sql_certs[] =
	"SELECT c.id, c.name, a.name, " FC_STATE ", c.renew_at, "
	"c.not_after FROM certificates c "
	"LEFT JOIN accounts a ON a.id = c.account_id "
	"WHERE c.stage <> 'revoked' AND c.not_after IS NOT NULL "
	"AND ((c.renew_at >= ?2 AND c.renew_at < ?3) "
	"OR (c.not_after >= ?2 AND c.not_after < ?3)) "
	"AND (?4 = 0 OR (?4 = 1 AND " FC_KEY_ACCOUNT " IS ?5) "
	"OR (?4 = 2 AND " FC_KEY_CA " IS ?5)) "
	"ORDER BY min(coalesce(c.renew_at, c.not_after), c.not_after), "
	"c.name LIMIT ?6";

void fc_buckets_free(struct fc_bucket *b, size_t n)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < n; i++)
		free(b[i].key);
	free(b);
}

void fc_certs_free(struct fc_cert *c, size_t n)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(c[i].name);
		free(c[i].account);
	}
	free(c);
}

/* Whether key (NULL allowed) names bucket b. */
static int same_key(const struct fc_bucket *b, const char *key)
{
	if (b->key == NULL || key == NULL)
		return b->key == key;
	return strcmp(b->key, key) == 0;
}

/* The bucket a result row counts in: the row's week, or the group of
 * its key (rows come grouped by key, so a new key is a new bucket at
 * the end).  NULL when out of memory. */
static struct fc_bucket *bucket_of(enum fc_by by, sqlite3_stmt *s,
				   struct fc_bucket **arr, size_t *n,
				   size_t *cap, int weeks)
{
	const char *key;
	int64_t wk;

	if (by == FC_BY_WEEK) {
		wk = sqlite3_column_int64(s, 1);
		return &(*arr)[wk < weeks ? wk : weeks - 1];
	}
	key = (const char *)sqlite3_column_text(s, 2);
	if (*n > 0 && same_key(&(*arr)[*n - 1], key))
		return &(*arr)[*n - 1];
	if (store_grow((void **)arr, cap, *n, sizeof(**arr)) != 0)
		return NULL;
	if (key != NULL && ((*arr)[*n].key = strdup(key)) == NULL)
		return NULL;
	return &(*arr)[(*n)++];
}

/* The statement for a grouping (NULL for an unknown one). */
static const char *forecast_sql(enum fc_by by)
{
	switch (by) {
	case FC_BY_WEEK:
		return sql_by_week;
	case FC_BY_ACCOUNT:
		return sql_by_account;
	case FC_BY_CA:
		return sql_by_ca;
	}
	return NULL;
}

enum rc store_forecast(struct store *st, enum fc_by by, int64_t now,
		       int64_t start, int weeks, struct fc_bucket **out,
		       size_t *n, struct err *e)
{
	struct fc_bucket *arr = NULL, *b;
	size_t count = 0, cap = 0;
	const char *sql = forecast_sql(by);
	sqlite3_stmt *s = NULL;
	enum rc ret = RC_OK;
	int rc, i;

	*out = NULL;
	*n = 0;
	if (sql == NULL || weeks < 1 || weeks > FC_WEEKS_MAX)
		return err_set(e, RC_USAGE,
			       _("forecast: bad grouping or "
				 "number of weeks"));
	if (by == FC_BY_WEEK) {
		arr = calloc((size_t)weeks, sizeof(*arr));
		if (arr == NULL)
			return err_set(e, RC_NOMEM, _("out of memory"));
		for (i = 0; i < weeks; i++)
			arr[i].week = i;
		count = cap = (size_t)weeks;
	}
	s = store_stmt(st, sql, e);
	if (s == NULL) {
		fc_buckets_free(arr, count);
		return e ? e->rc : RC_DB;
	}
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, start);
	sqlite3_bind_int64(s, 3, start + (int64_t)weeks * FC_WEEK_SECS);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int kind = sqlite3_column_int(s, 0);
		int state = sqlite3_column_int(s, 3);

		b = bucket_of(by, s, &arr, &count, &cap, weeks);
		if (b == NULL) {
			ret = err_set(e, RC_NOMEM, _("out of memory"));
			goto out;
		}
		if (state < 0 || state >= FC__STATES)
			state = FC_VALID;
		if (kind == 0)
			b->renew[state] += sqlite3_column_int64(s, 4);
		else
			b->expire[state] += sqlite3_column_int64(s, 4);
	}
	if (rc != SQLITE_DONE)
		ret = store_sql_err(st, rc, _("counting the forecast"), e);
out:
	store_stmt_done(s);
	if (ret != RC_OK) {
		fc_buckets_free(arr, count);
		return ret;
	}
	*out = arr;
	*n = count;
	return RC_OK;
}

/* Reads one certificate row of sql_certs into c; -1 when out of
 * memory. */
static int read_cert(sqlite3_stmt *s, struct fc_cert *c)
{
	struct store_row r;
	int state;

	store_row_init(&r, s);
	c->id = store_row_int(&r);
	c->name = store_row_str(&r);
	c->account = store_row_str(&r);
	state = store_row_i(&r);
	c->state = state >= 0 && state < FC__STATES ? (enum fc_state)state
						    : FC_VALID;
	c->renew_at = store_row_int(&r);
	c->not_after = store_row_int(&r);
	return r.oom ? -1 : 0;
}

enum rc store_forecast_certs(struct store *st, enum fc_by by, int64_t now,
			     int64_t start, int weeks, int week,
			     const char *key, size_t max, struct fc_cert **out,
			     size_t *n, struct err *e)
{
	struct fc_cert *arr = NULL;
	size_t count = 0, cap = 0;
	sqlite3_stmt *s = NULL;
	enum rc ret = RC_OK;
	int64_t lo = INT64_MIN, hi = start + (int64_t)weeks * FC_WEEK_SECS;
	int rc;

	*out = NULL;
	*n = 0;
	if (weeks < 1 || weeks > FC_WEEKS_MAX || week < 0 || week >= weeks ||
	    forecast_sql(by) == NULL)
		return err_set(e, RC_USAGE,
			       _("forecast: bad grouping or "
				 "week"));
	if (by == FC_BY_WEEK) {
		if (week > 0)
			lo = start + (int64_t)week * FC_WEEK_SECS;
		hi = start + (int64_t)(week + 1) * FC_WEEK_SECS;
	}
	s = store_stmt(st, sql_certs, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, lo);
	sqlite3_bind_int64(s, 3, hi);
	sqlite3_bind_int(s, 4, (int)by);
	store_bind_text(s, 5, key);
	sqlite3_bind_int64(s, 6, (int64_t)(max > INT32_MAX ? INT32_MAX : max));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		/* A new slot is zeroed: a half-read row is freed with the
		 * rest. */
		if (store_grow((void **)&arr, &cap, count, sizeof(*arr)) != 0 ||
		    read_cert(s, &arr[count++]) != 0) {
			ret = err_set(e, RC_NOMEM, _("out of memory"));
			goto out;
		}
	}
	if (rc != SQLITE_DONE)
		ret = store_sql_err(st, rc, _("listing the forecast"), e);
out:
	store_stmt_done(s);
	if (ret != RC_OK) {
		fc_certs_free(arr, count);
		return ret;
	}
	*out = arr;
	*n = count;
	return RC_OK;
}
