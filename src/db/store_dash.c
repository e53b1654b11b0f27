/* SPDX-License-Identifier: ISC */
/* store_dash.c - the dashboard's windowed queries (store_dash.h).
 *
 * Each sort order is an ORDER BY over expressions of certificates alone
 * (except domain and account) that schema v12's indexes hold in the
 * same form (certificates_dash_*), so that SQLite walks an index in
 * order and stops after the window instead of sorting every row.  The
 * statements depend on the sort, the direction and the filter, so they
 * are built here and prepared for each call (tens of microseconds)
 * rather than kept in the statement cache. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/store_dash.h"
#include "db/store_int.h"
#include "util/i18n.h"

/* enum cert_stage's number of c.stage.  The same expression (without
 * "c.") is indexed by certificates_dash_stage (db/migrations.c). */
#define DASH_STAGE_NUM \
	"CASE c.stage WHEN 'request' THEN 0 WHEN 'validation' THEN 1 " \
	"WHEN 'issuance' THEN 2 WHEN 'installation' THEN 3 " \
	"WHEN 'monitoring' THEN 4 WHEN 'renewal' THEN 5 " \
	"WHEN 'revoked' THEN 6 WHEN 'expired' THEN 7 " \
	"WHEN 'failed' THEN 8 ELSE 9 END"

/* Each order's first key, before the name.  Never NULL (NULL would
 * break the row-value comparison of store_dash_position): a missing
 * time is 0 and a missing text "", both first, as they were in C.
 * Revoked certificates expire "never" (last).  The expiry, stage and
 * renewal keys are indexed as written (certificates_dash_*). */
static const char *const sort_key[SORT__COUNT] = {
	[SORT_EXPIRY] = "CASE WHEN c.stage = 'revoked' "
			"THEN 9223372036854775807 "
			"ELSE coalesce(c.not_after, 0) END",
	[SORT_NAME] = NULL,
	[SORT_DOMAIN] = "coalesce(" SUMMARY_FIRST_DOMAIN ", '')",
	[SORT_ACCOUNT] = "coalesce(a.name, '')",
	[SORT_STAGE] = DASH_STAGE_NUM,
	[SORT_RENEW] = "coalesce(c.renew_at, 0)",
};

/* The filter: ?1 the LIKE pattern, ?2 the stage bits. */
static const char dash_filter[] = "(c.name LIKE ?1 ESCAPE '\\' "
				  "OR coalesce(" SUMMARY_FIRST_DOMAIN
				  ", '') LIKE ?1 ESCAPE '\\' "
				  "OR coalesce(a.name, '') LIKE ?1 ESCAPE '\\' "
				  "OR ((?2 >> (" DASH_STAGE_NUM ")) & 1))";

/* The longest statement built here, with room to spare. */
#define DASH_SQL_MAX 4096

static int has_filter(const struct dash_query *q)
{
	return q->text != NULL && q->text[0] != '\0';
}

/* Appends text to buf (sz bytes); returns -1 when it does not fit. */
static int sql_add(char *buf, size_t sz, const char *text)
{
	size_t l = strlen(buf), t = strlen(text);

	if (l + t + 1 > sz)
		return -1;
	memcpy(buf + l, text, t + 1);
	return 0;
}

/* "key DIR, c.name DIR" for q's order, reversed when flip. */
static int sql_order(char *buf, size_t sz, const struct dash_query *q, int flip)
{
	const char *dir = (q->desc != 0) != (flip != 0) ? " DESC" : "";
	const char *key = sort_key[q->sort < SORT__COUNT ? q->sort : 0];

	if (key != NULL &&
	    (sql_add(buf, sz, key) != 0 || sql_add(buf, sz, dir) != 0 ||
	     sql_add(buf, sz, ", ") != 0))
		return -1;
	if (sql_add(buf, sz, "c.name") != 0 || sql_add(buf, sz, dir) != 0)
		return -1;
	return 0;
}

/* The filter's LIKE pattern: "%text%" with \, % and _ escaped by \.
 * Returns a new string or NULL when out of memory. */
static char *like_pattern(const char *text)
{
	size_t l = strlen(text), i, k = 0;
	char *p = malloc(2 * l + 3);

	if (p == NULL)
		return NULL;
	p[k++] = '%';
	for (i = 0; i < l; i++) {
		if (text[i] == '\\' || text[i] == '%' || text[i] == '_')
			p[k++] = '\\';
		p[k++] = text[i];
	}
	p[k++] = '%';
	p[k] = '\0';
	return p;
}

/* Prepares sql and binds q's filter (when it has one) to ?1 and ?2;
 * *pattern gets the pattern, which must outlive the statement.  NULL on
 * failure (e set). */
static sqlite3_stmt *dash_prepare(struct store *st, const char *sql,
				  const struct dash_query *q, char **pattern,
				  struct err *e)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*pattern = NULL;
	rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	if (rc != SQLITE_OK || s == NULL) { /* NULL: no statement in sql */
		sqlite3_finalize(s);
		store_sql_err(st, rc != SQLITE_OK ? rc : SQLITE_MISUSE,
			      _("reading the certificate list"), e);
		return NULL;
	}
	if (!has_filter(q))
		return s;
	*pattern = like_pattern(q->text);
	if (*pattern == NULL) {
		sqlite3_finalize(s);
		err_set(e, RC_NOMEM, _("out of memory"));
		return NULL;
	}
	sqlite3_bind_text(s, 1, *pattern, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)q->stages);
	return s;
}

/* Builds "SELECT what FROM ... [WHERE filter [AND extra]] [ORDER BY
 * ...] tail" into buf; order: 0 none, 1 q's, 2 q's reversed. */
static int sql_build(char *buf, size_t sz, const struct dash_query *q,
		     const char *what, const char *extra, int order,
		     const char *tail)
{
	buf[0] = '\0';
	if (sql_add(buf, sz, "SELECT ") != 0 || sql_add(buf, sz, what) != 0 ||
	    sql_add(buf, sz, " " SUMMARY_FROM) != 0)
		return -1;
	if (has_filter(q) || extra != NULL)
		if (sql_add(buf, sz, " WHERE ") != 0)
			return -1;
	if (has_filter(q) && sql_add(buf, sz, dash_filter) != 0)
		return -1;
	if (has_filter(q) && extra != NULL && sql_add(buf, sz, " AND ") != 0)
		return -1;
	if (extra != NULL && sql_add(buf, sz, extra) != 0)
		return -1;
	if (order != 0 && (sql_add(buf, sz, " ORDER BY ") != 0 ||
			   sql_order(buf, sz, q, order == 2) != 0))
		return -1;
	return sql_add(buf, sz, tail);
}

/* The certificates that are not simply valid at ?1: every one that
 * cert_health_of() (ui/certview.c) could class otherwise has a row in one
 * of these index ranges, so the rest of the inventory is valid and needs
 * no reading.  The first is migration 15's partial index (its condition
 * word for word); the others are ranges of certificates_not_after and
 * certificates_renew_at.  A certificate may appear in several. */
#define DASH_ATTENTION_IDS \
	"SELECT id FROM certificates INDEXED BY certificates_attention " \
	"WHERE stage IN ('revoked', 'expired', 'failed') " \
	"OR status = 'error' OR last_error <> '' " \
	"UNION ALL SELECT id FROM certificates WHERE not_after <= ?1 " \
	"UNION ALL SELECT id FROM certificates WHERE not_after IS NULL " \
	"UNION ALL SELECT id FROM certificates " \
	"WHERE renew_at BETWEEN 1 AND ?1 " \
	"UNION ALL SELECT id FROM certificates WHERE renew_at < 0"

/* The counts by health: cert_health_of()'s tests in its order, at ?1,
 * over the certificates that are not simply valid; the first column is
 * the whole inventory, a count of the smallest index.  A fleet where
 * most certificates are valid costs a few index probes, not a pass over
 * every row (bench/README.md: the first screen at 100,000). */
static const char sql_totals[] =
	"SELECT (SELECT count(*) FROM certificates), "
	"coalesce(sum(h = 2), 0), coalesce(sum(h = 3), 0), "
	"coalesce(sum(h = 4), 0), coalesce(sum(h = 5), 0), "
	"coalesce(sum(h = 6), 0) FROM ("
	"SELECT CASE WHEN stage = 'revoked' THEN 6 "
	"WHEN stage = 'expired' OR (coalesce(not_after, 0) <> 0 "
	"AND not_after <= ?1) THEN 4 "
	"WHEN stage = 'failed' OR status = 'error' "
	"OR coalesce(last_error, '') <> '' THEN 3 "
	"WHEN coalesce(not_after, 0) = 0 THEN 5 "
	"WHEN coalesce(renew_at, 0) <> 0 AND renew_at <= ?1 THEN 2 "
	"ELSE 1 END AS h "
	"FROM certificates WHERE id IN (" DASH_ATTENTION_IDS "))";

enum rc store_dash_totals(struct store *st, int64_t now, struct dash_totals *t,
			  struct err *e)
{
	sqlite3_stmt *s;
	enum rc ret;

	memset(t, 0, sizeof(*t));
	s = store_stmt(st, sql_totals, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, now);
	ret = RC_OK;
	if (sqlite3_step(s) != SQLITE_ROW)
		ret = store_sql_err(st, sqlite3_errcode(st->db),
				    _("counting certificates"), e);
	if (ret == RC_OK) {
		t->all = (size_t)sqlite3_column_int64(s, 0);
		t->due = (size_t)sqlite3_column_int64(s, 1);
		t->failing = (size_t)sqlite3_column_int64(s, 2);
		t->expired = (size_t)sqlite3_column_int64(s, 3);
		t->fresh = (size_t)sqlite3_column_int64(s, 4);
		t->revoked = (size_t)sqlite3_column_int64(s, 5);
		t->valid = t->all - t->due - t->failing - t->expired -
			   t->fresh - t->revoked;
	}
	store_stmt_done(s);
	return ret;
}

/* Runs a prepared one-row count into *n. */
static enum rc step_count(struct store *st, sqlite3_stmt *s, size_t *n,
			  struct err *e)
{
	int rc = sqlite3_step(s);

	if (rc != SQLITE_ROW)
		return store_sql_err(st, rc, _("counting certificates"), e);
	*n = (size_t)sqlite3_column_int64(s, 0);
	return RC_OK;
}

enum rc store_dash_count(struct store *st, const struct dash_query *q,
			 size_t *n, struct err *e)
{
	char sql[DASH_SQL_MAX], *pattern = NULL;
	sqlite3_stmt *s;
	enum rc ret;

	*n = 0;
	if (sql_build(sql, sizeof(sql), q, "count(*)", NULL, 0, "") != 0)
		return err_set(e, RC_DB, _("inventory: query too long"));
	s = dash_prepare(st, sql, q, &pattern, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	ret = step_count(st, s, n, e);
	sqlite3_finalize(s);
	free(pattern);
	return ret;
}

/* Reverses rows[0..n). */
static void reverse_rows(struct cert_summary *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n / 2; i++) {
		struct cert_summary t = rows[i];

		rows[i] = rows[n - 1 - i];
		rows[n - 1 - i] = t;
	}
}

/* Reads every row of a prepared window query into *rows, *n. */
static enum rc read_window(struct store *st, sqlite3_stmt *s, size_t limit,
			   struct cert_summary **rows, size_t *n, struct err *e)
{
	struct cert_summary *arr = calloc(limit ? limit : 1, sizeof(*arr));
	size_t count = 0;
	int rc;

	if (arr == NULL)
		return err_set(e, RC_NOMEM, _("out of memory"));
	while (count < limit && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (store_summary_read(s, &arr[count]) != 0) {
			cert_summaries_free(arr, count);
			return err_set(e, RC_NOMEM, _("out of memory"));
		}
		count++;
	}
	if (count < limit && rc != SQLITE_DONE) {
		cert_summaries_free(arr, count);
		return store_sql_err(st, rc, _("reading the certificate list"),
				     e);
	}
	*rows = arr;
	*n = count;
	return RC_OK;
}

enum rc store_dash_window(struct store *st, const struct dash_query *q,
			  size_t offset, size_t limit, size_t total,
			  struct cert_summary **rows, size_t *n, struct err *e)
{
	char sql[DASH_SQL_MAX], *pattern = NULL;
	sqlite3_stmt *s;
	enum rc ret;
	int back = 0;

	*rows = NULL;
	*n = 0;
	if (offset >= total || limit == 0)
		return RC_OK;
	if (limit > total - offset)
		limit = total - offset;
	/* Closer to the end: the same rows counted from the end. */
	if (offset > total - offset - limit) {
		offset = total - offset - limit;
		back = 1;
	}
	if (sql_build(sql, sizeof(sql), q, SUMMARY_COLUMNS, NULL, back ? 2 : 1,
		      " LIMIT ?3 OFFSET ?4") != 0)
		return err_set(e, RC_DB, _("inventory: query too long"));
	s = dash_prepare(st, sql, q, &pattern, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 3, (sqlite3_int64)limit);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)offset);
	ret = read_window(st, s, limit, rows, n, e);
	sqlite3_finalize(s);
	free(pattern);
	if (ret == RC_OK && back)
		reverse_rows(*rows, *n);
	return ret;
}

/* The sort key, name and id of the certificate (?5 id, or ?6 name when
 * id is 0) into key[0..1] and *id_out; RC_NOTFOUND when q's filter does
 * not keep it.  key[] is freed by the caller (sqlite3_value_free). */
static enum rc read_key(struct store *st, const struct dash_query *q,
			int64_t id, const char *name, sqlite3_value *key[2],
			int64_t *id_out, struct err *e)
{
	char sql[DASH_SQL_MAX], what[2048], *pattern = NULL;
	const char *k = sort_key[q->sort < SORT__COUNT ? q->sort : 0];
	sqlite3_stmt *s;
	enum rc ret = RC_OK;
	int rc;

	snprintf(what, sizeof(what), "%s, c.name, c.id", k ? k : "NULL");
	if (sql_build(sql, sizeof(sql), q, what,
		      id != 0 ? "c.id = ?5" : "c.name = ?6", 0, "") != 0)
		return err_set(e, RC_DB, _("inventory: query too long"));
	s = dash_prepare(st, sql, q, &pattern, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	if (id != 0)
		sqlite3_bind_int64(s, 5, id);
	else
		sqlite3_bind_text(s, 6, name ? name : "", -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		key[0] = sqlite3_value_dup(sqlite3_column_value(s, 0));
		key[1] = sqlite3_value_dup(sqlite3_column_value(s, 1));
		*id_out = sqlite3_column_int64(s, 2);
		if (key[0] == NULL || key[1] == NULL)
			ret = err_set(e, RC_NOMEM, _("out of memory"));
	} else if (rc == SQLITE_DONE) {
		ret = RC_NOTFOUND;
	} else {
		ret = store_sql_err(st, rc, _("reading the certificate list"),
				    e);
	}
	sqlite3_finalize(s);
	free(pattern);
	return ret;
}

enum rc store_dash_position(struct store *st, const struct dash_query *q,
			    int64_t id, const char *name, size_t *pos,
			    int64_t *id_out, struct err *e)
{
	char sql[DASH_SQL_MAX], extra[2048], *pattern = NULL;
	sqlite3_value *key[2] = { NULL, NULL };
	const char *k = sort_key[q->sort < SORT__COUNT ? q->sort : 0];
	char cmp = q->desc ? '>' : '<';
	sqlite3_stmt *s = NULL;
	enum rc ret;
	int64_t found = 0;

	*pos = 0;
	ret = read_key(st, q, id, name, key, &found, e);
	if (ret != RC_OK)
		goto out;
	/* The rows before it in q's order.  The plain comparison of the
	 * key makes it a range of the order's index; the row value alone
	 * would scan the table (SQLite 3.40). */
	if (k == NULL)
		snprintf(extra, sizeof(extra), "c.name %c ?6", cmp);
	else
		snprintf(extra, sizeof(extra),
			 "(%s) %c= ?5 AND (%s, c.name) %c (?5, ?6)", k, cmp, k,
			 cmp);
	if (sql_build(sql, sizeof(sql), q, "count(*)", extra, 0, "") != 0) {
		ret = err_set(e, RC_DB, _("inventory: query too long"));
		goto out;
	}
	s = dash_prepare(st, sql, q, &pattern, e);
	if (s == NULL) {
		ret = e ? e->rc : RC_DB;
		goto out;
	}
	if (k != NULL)
		sqlite3_bind_value(s, 5, key[0]);
	sqlite3_bind_value(s, 6, key[1]);
	ret = step_count(st, s, pos, e);
	if (ret == RC_OK && id_out != NULL)
		*id_out = found;
out:
	sqlite3_finalize(s);
	free(pattern);
	sqlite3_value_free(key[0]);
	sqlite3_value_free(key[1]);
	return ret;
}
