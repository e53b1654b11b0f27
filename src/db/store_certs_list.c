/* SPDX-License-Identifier: ISC */
/* store_certs_list.c - the two queries that must stay fast at any size:
 * the dashboard summary and "what is due". */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db/store_certs.h"
#include "db/store_int.h"

/* A summary's strings live in one block that starts at its name (see
 * store_summary_read), so one free() per row releases them all. */
void cert_summaries_free(struct cert_summary *rows, size_t n)
{
	size_t i;

	if (rows == NULL)
		return;
	for (i = 0; i < n; i++)
		free(rows[i].name);
	free(rows);
}

void cert_due_free(struct cert_due *rows, size_t n)
{
	size_t i;

	if (rows == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(rows[i].name);
		free(rows[i].directory_url);
	}
	free(rows);
}

/* SUMMARY_COLUMNS and SUMMARY_FROM (store_int.h) in one scan of
 * certificates in name order (the UNIQUE index), the account
 * by primary key (none for a watched certificate), the first domain by
 * the primary key of cert_domains (cert_id, position 0) and the domains
 * row by its id, and the domain count from the (cert_id, domain_id)
 * index: no sort, no per-row query from C.
 *
 * The former form, a correlated "ORDER BY position LIMIT 1" subquery per
 * row, cost about a seventh more of the query's instructions for the
 * same result (bench/tui_first_screen.sh, callgrind). */
static const char sql_summary[] = "SELECT " SUMMARY_COLUMNS " " SUMMARY_FROM
				  " ORDER BY c.name";

/* The text columns of SUMMARY_COLUMNS copied into a summary, in the
 * order of SUMMARY_TEXT's pointers. */
enum {
	COL_ID,
	COL_NAME,
	COL_FIRST_DOMAIN,
	COL_DOMAIN_COUNT,
	COL_ACCOUNT,
	COL_CA_PRESET,
	COL_STAGE,
	COL_STATUS,
	COL_NOT_AFTER,
	COL_RENEW_AT,
	COL_LAST_ERROR,
	COL_SERIAL,
	COL_WATCHED
};

#define SUMMARY_TEXT 6

/* Fills one summary from the current row with one allocation: name,
 * first domain, account, preset, last error and serial are copied into
 * a single block starting at c->name (name is NOT NULL in the schema; a
 * NULL would read as ""), the others point into it or are NULL.  Stage
 * and status are parsed in place.  -1 when out of memory (c is left
 * empty). */
int store_summary_read(sqlite3_stmt *s, struct cert_summary *c)
{
	static const int cols[SUMMARY_TEXT] = {
		COL_NAME,      COL_FIRST_DOMAIN, COL_ACCOUNT,
		COL_CA_PRESET, COL_LAST_ERROR,	 COL_SERIAL
	};
	char **dst[SUMMARY_TEXT];
	const unsigned char *txt[SUMMARY_TEXT];
	size_t len[SUMMARY_TEXT], total = 0, i;
	char *block, *p;

	dst[0] = &c->name;
	dst[1] = &c->first_domain;
	dst[2] = &c->account_name;
	dst[3] = &c->ca_preset;
	dst[4] = &c->last_error;
	dst[5] = &c->serial;
	for (i = 0; i < SUMMARY_TEXT; i++) {
		txt[i] = NULL;
		len[i] = 0;
		if (sqlite3_column_type(s, cols[i]) == SQLITE_NULL)
			continue;
		txt[i] = sqlite3_column_text(s, cols[i]);
		if (txt[i] == NULL)
			return -1; /* the conversion ran out of memory */
		len[i] = (size_t)sqlite3_column_bytes(s, cols[i]);
		total += len[i] + 1;
	}
	if (txt[0] == NULL)
		total++;
	block = malloc(total);
	if (block == NULL)
		return -1;
	p = block;
	for (i = 0; i < SUMMARY_TEXT; i++) {
		if (txt[i] == NULL && i != 0) {
			*dst[i] = NULL;
			continue;
		}
		if (len[i] > 0)
			memcpy(p, txt[i], len[i]);
		p[len[i]] = '\0';
		*dst[i] = p;
		p += len[i] + 1;
	}
	c->id = sqlite3_column_int64(s, COL_ID);
	c->domain_count = sqlite3_column_int(s, COL_DOMAIN_COUNT);
	c->stage = cert_stage_parse(
		(const char *)sqlite3_column_text(s, COL_STAGE));
	c->status = cert_status_parse(
		(const char *)sqlite3_column_text(s, COL_STATUS));
	c->not_after = sqlite3_column_int64(s, COL_NOT_AFTER);
	c->renew_at = sqlite3_column_int64(s, COL_RENEW_AT);
	c->watched = sqlite3_column_int(s, COL_WATCHED);
	return 0;
}

enum rc store_cert_list_summary(struct store *st, struct cert_summary **rows,
				size_t *n, struct err *e)
{
	struct cert_summary *arr = NULL;
	size_t count = 0, cap = 0;
	sqlite3_stmt *s = NULL;
	enum rc ret = RC_OK;
	int rc;

	*rows = NULL;
	*n = 0;
	s = store_stmt(st, sql_summary, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	for (;;) {
		rc = sqlite3_step(s);
		if (rc != SQLITE_ROW)
			break;
		if (store_grow((void **)&arr, &cap, count, sizeof(*arr)) != 0) {
			ret = err_set(e, RC_NOMEM, _("out of memory"));
			goto out;
		}
		if (store_summary_read(s, &arr[count]) != 0) {
			ret = err_set(e, RC_NOMEM, _("out of memory"));
			goto out;
		}
		count++;
	}
	if (rc != SQLITE_DONE)
		ret = store_sql_err(st, rc, _("listing certificates"), e);
out:
	store_stmt_done(s);
	if (ret != RC_OK) {
		cert_summaries_free(arr, count);
		return ret;
	}
	*rows = arr;
	*n = count;
	return RC_OK;
}

/* The columns list_due_rows() reads, in its order: the certificate and
 * its account's directory URL (by primary key, per row of the range). */
#define DUE_SELECT \
	"SELECT c.id, c.name, c.renew_at, c.account_id, a.directory_url, " \
	"c.retry_after FROM certificates c "
#define DUE_JOIN "JOIN accounts a ON a.id = c.account_id "
#define DUE_COLUMNS DUE_SELECT DUE_JOIN

/* A range scan of certificates_renew_at (renew_at <= now) in index order;
 * the other terms filter the few rows the range yields.  Certificates
 * never issued have renew_at NULL and are outside the range; watched
 * ones (no account) fall out of the join: acmetui cannot renew what it
 * did not issue, even with a renewal time set by hand.  Rows in
 * backoff (retry_after in the future) are returned too, so that the
 * batch can say until when each waits. */
static const char sql_due[] = DUE_COLUMNS
	"WHERE c.renew_at <= ?1 AND c.stage NOT IN ('revoked', 'request') "
	"AND (c.lease_until IS NULL OR c.lease_until < ?1) "
	"ORDER BY c.renew_at";

/* The same shape over certificates_ari_next_poll: NULL (no ARI to poll)
 * is outside the range, so with nothing to poll this reads no row. */
static const char sql_ari_due[] = DUE_COLUMNS
	"WHERE c.ari_next_poll <= ?1 AND c.ari_id IS NOT NULL "
	"AND c.stage NOT IN ('revoked', 'request', 'expired') "
	"AND (c.lease_until IS NULL OR c.lease_until < ?1) "
	"ORDER BY c.ari_next_poll";

/* Issued certificates whose deploy failed (installation/error) and whose
 * renewal is not due (a renewal deploys anyway): the partial index
 * certificates_deploy_failed holds exactly the first two terms, so with
 * no failed deploy this reads no row.  Named, since certificates_attention
 * (schema v15) also covers these terms and is wider. */
static const char sql_deploy_due[] = DUE_SELECT
	"INDEXED BY certificates_deploy_failed " DUE_JOIN
	"WHERE c.stage = 'installation' AND c.status = 'error' "
	"AND c.cert_pem IS NOT NULL AND (c.deploy_dir IS NOT NULL "
	"OR c.deploy_cert_path IS NOT NULL OR c.deploy_chain_path IS NOT NULL "
	"OR c.deploy_fullchain_path IS NOT NULL "
	"OR c.deploy_key_path IS NOT NULL "
	"OR c.deploy_combined_path IS NOT NULL) "
	"AND (c.renew_at IS NULL OR c.renew_at > ?1) "
	"AND (c.lease_until IS NULL OR c.lease_until < ?1) "
	"ORDER BY c.id";

/* Watched certificates to probe: the NULL range of certificates_account
 * (empty when nothing is watched), in id order.  No ORDER BY name: it
 * could make the planner walk the whole name index instead. */
static const char sql_watched_probes[] =
	"SELECT id, name, 0, 0, NULL, NULL FROM certificates "
	"WHERE account_id IS NULL AND probe_endpoints IS NOT NULL "
	"AND probe_endpoints <> '' AND stage <> 'revoked'";

/* Runs one of the due queries at now (a query without parameter ignores
 * it) into *rows (free with cert_due_free), *n of them; what names the
 * query in errors. */
static enum rc list_due_rows(struct store *st, const char *sql, int64_t now,
			     const char *what, struct cert_due **rows,
			     size_t *n, struct err *e)
{
	struct cert_due *arr = NULL;
	size_t count = 0, cap = 0;
	sqlite3_stmt *s = NULL;
	enum rc ret = RC_OK;
	struct store_row r;
	int rc;

	*rows = NULL;
	*n = 0;
	s = store_stmt(st, sql, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	if (sqlite3_bind_parameter_count(s) > 0)
		sqlite3_bind_int64(s, 1, now);
	for (;;) {
		rc = sqlite3_step(s);
		if (rc != SQLITE_ROW)
			break;
		if (store_grow((void **)&arr, &cap, count, sizeof(*arr)) != 0) {
			ret = err_set(e, RC_NOMEM, _("out of memory"));
			goto out;
		}
		store_row_init(&r, s);
		arr[count].id = store_row_int(&r);
		arr[count].name = store_row_str(&r);
		arr[count].renew_at = store_row_int(&r);
		arr[count].account_id = store_row_int(&r);
		arr[count].directory_url = store_row_str(&r);
		arr[count].retry_after = store_row_int(&r);
		arr[count].deploy_only = sql == sql_deploy_due;
		count++;
		if (r.oom) {
			ret = err_set(e, RC_NOMEM, _("out of memory"));
			goto out;
		}
	}
	if (rc != SQLITE_DONE)
		ret = store_sql_err(st, rc, what, e);
out:
	store_stmt_done(s);
	if (ret != RC_OK) {
		cert_due_free(arr, count);
		return ret;
	}
	*rows = arr;
	*n = count;
	return RC_OK;
}

enum rc store_cert_list_due(struct store *st, int64_t now,
			    struct cert_due **rows, size_t *n, struct err *e)
{
	return list_due_rows(st, sql_due, now, _("listing due certificates"),
			     rows, n, e);
}

enum rc store_cert_list_ari_due(struct store *st, int64_t now,
				struct cert_due **rows, size_t *n,
				struct err *e)
{
	return list_due_rows(st, sql_ari_due, now,
			     _("listing certificates with renewal "
			       "information to check"),
			     rows, n, e);
}

enum rc store_cert_list_deploy_due(struct store *st, int64_t now,
				   struct cert_due **rows, size_t *n,
				   struct err *e)
{
	return list_due_rows(st, sql_deploy_due, now,
			     _("listing certificates to deploy again"), rows, n,
			     e);
}

enum rc store_cert_list_watched_probes(struct store *st, struct cert_due **rows,
				       size_t *n, struct err *e)
{
	return list_due_rows(st, sql_watched_probes, 0,
			     _("listing watched certificates to probe"), rows,
			     n, e);
}
