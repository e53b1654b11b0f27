/* SPDX-License-Identifier: ISC */
/* store_runs.c - the renewal_runs table. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db/store_int.h"
#include "db/store_runs.h"

void run_row_clear(struct run_row *r)
{
	if (r == NULL)
		return;
	free(r->host);
	memset(r, 0, sizeof(*r));
}

static const char sql_start[] =
	"INSERT INTO renewal_runs (started_at, host) VALUES (?1, ?2)";

enum rc store_run_start(struct store *st, int64_t started_at, const char *host,
			int64_t *id, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc rc;

	s = store_stmt(st, sql_start, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, started_at);
	store_bind_text(s, 2, host);
	rc = store_step_done(st, s, _("recording the run"), e);
	if (rc == RC_OK && id != NULL)
		*id = sqlite3_last_insert_rowid(st->db);
	store_stmt_done(s);
	return rc;
}

static const char sql_finish[] =
	"UPDATE renewal_runs SET finished_at = ?2, renewed = ?3, failed = ?4, "
	"skipped = ?5, exit_status = ?6 WHERE id = ?1";

enum rc store_run_finish(struct store *st, int64_t id,
			 const struct run_result *res, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc rc;

	s = store_stmt(st, sql_finish, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, res->finished_at);
	sqlite3_bind_int(s, 3, res->renewed);
	sqlite3_bind_int(s, 4, res->failed);
	sqlite3_bind_int(s, 5, res->skipped);
	sqlite3_bind_int(s, 6, res->exit_status);
	rc = store_step_one(st, s, _("renewal run"), e);
	store_stmt_done(s);
	return rc;
}

static const char sql_last[] =
	"SELECT id, started_at, host, finished_at IS NOT NULL, "
	"coalesce(finished_at, 0), renewed, failed, skipped, "
	"coalesce(exit_status, 0) FROM renewal_runs ORDER BY id DESC LIMIT 1";

enum rc store_run_last(struct store *st, struct run_row *out, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc ret = RC_OK;
	struct store_row r;
	int rc;

	memset(out, 0, sizeof(*out));
	s = store_stmt(st, sql_last, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		store_row_init(&r, s);
		out->id = store_row_int(&r);
		out->started_at = store_row_int(&r);
		out->host = store_row_str(&r);
		out->finished = store_row_i(&r);
		out->result.finished_at = store_row_int(&r);
		out->result.renewed = store_row_i(&r);
		out->result.failed = store_row_i(&r);
		out->result.skipped = store_row_i(&r);
		out->result.exit_status = store_row_i(&r);
		if (r.oom) {
			run_row_clear(out);
			ret = err_set(e, RC_NOMEM, _("out of memory"));
		}
	} else if (rc == SQLITE_DONE) {
		ret = err_set(e, RC_NOTFOUND, _("no renewal run recorded"));
	} else {
		ret = store_sql_err(st, rc, _("reading the last run"), e);
	}
	store_stmt_done(s);
	return ret;
}
