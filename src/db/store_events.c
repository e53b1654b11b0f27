/* SPDX-License-Identifier: ISC */
/* store_events.c - the events table. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db/store_events.h"
#include "db/store_int.h"
#include "util/safe.h"

/* Defines ev_level_name() and ev_level_parse(). */
STORE_ENUM_DEFINE(ev_level, EV_LEVEL_LIST, EV__INVALID)

/* Longest stage name kept. */
#define EVENT_STAGE_MAX 64

void event_row_clear(struct event_row *ev)
{
	if (ev == NULL)
		return;
	free(ev->subject);
	free(ev->stage);
	free(ev->message);
	memset(ev, 0, sizeof(*ev));
}

void event_rows_free(struct event_row *rows, size_t n)
{
	size_t i;

	if (rows == NULL)
		return;
	for (i = 0; i < n; i++)
		event_row_clear(&rows[i]);
	free(rows);
}

/* The subject is looked up at append time so that the event still names
 * its certificate or account after either is deleted. */
static const char sql_append[] =
	"INSERT INTO events (ts, cert_id, account_id, subject, stage, level, "
	"message) VALUES (?1, ?2, ?3, coalesce("
	"(SELECT name FROM certificates WHERE id = ?2), "
	"(SELECT name FROM accounts WHERE id = ?3)), ?4, ?5, ?6)";

enum rc store_event_append(struct store *st, int64_t ts, int64_t cert_id,
			   int64_t account_id, const char *stage,
			   enum ev_level level, const char *message,
			   int64_t *id, struct err *e)
{
	char clean[EVENT_MESSAGE_MAX], stage_clean[EVENT_STAGE_MAX];
	sqlite3_stmt *s = NULL;
	enum rc rc;

	if (message == NULL)
		return err_set(e, RC_USAGE, _("an event needs a message"));
	s = store_stmt(st, sql_append, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, ts != 0 ? ts : store_now());
	store_bind_opt_int(s, 2, cert_id);
	store_bind_opt_int(s, 3, account_id);
	if (stage != NULL)
		store_bind_text(s, 4,
				safe_line(stage_clean, sizeof(stage_clean),
					  stage, strlen(stage)));
	store_bind_text(s, 5, ev_level_name(level));
	store_bind_text(s, 6,
			safe_line(clean, sizeof(clean), message,
				  strlen(message)));
	rc = store_step_done(st, s, _("logging an event"), e);
	if (rc == RC_OK && id != NULL)
		*id = sqlite3_last_insert_rowid(st->db);
	store_stmt_done(s);
	return rc;
}

/* Fills ev from the current row; -1 when out of memory (ev cleared). */
static int read_event(sqlite3_stmt *s, struct event_row *ev)
{
	struct store_row r;
	char *level = NULL;

	store_row_init(&r, s);
	ev->id = store_row_int(&r);
	ev->ts = store_row_int(&r);
	ev->cert_id = store_row_int(&r);
	ev->account_id = store_row_int(&r);
	ev->subject = store_row_str(&r);
	ev->stage = store_row_str(&r);
	level = store_row_str(&r);
	ev->message = store_row_str(&r);
	ev->level = ev_level_parse(level);
	free(level);
	if (r.oom) {
		event_row_clear(ev);
		return -1;
	}
	return 0;
}

/* Runs a bound event query and collects its rows. */
static enum rc collect(struct store *st, sqlite3_stmt *s,
		       struct event_row **rows, size_t *n, struct err *e)
{
	struct event_row *arr = NULL;
	size_t count = 0, cap = 0;
	enum rc ret = RC_OK;
	int rc;

	for (;;) {
		rc = sqlite3_step(s);
		if (rc != SQLITE_ROW)
			break;
		if (store_grow((void **)&arr, &cap, count, sizeof(*arr)) != 0 ||
		    read_event(s, &arr[count]) != 0) {
			ret = err_set(e, RC_NOMEM, _("out of memory"));
			goto out;
		}
		count++;
	}
	if (rc != SQLITE_DONE)
		ret = store_sql_err(st, rc, _("listing events"), e);
out:
	store_stmt_done(s);
	if (ret != RC_OK) {
		event_rows_free(arr, count);
		return ret;
	}
	*rows = arr;
	*n = count;
	return RC_OK;
}

/* Bounds what one list call may ask for. */
static enum rc check_limit(int limit, int offset, struct err *e)
{
	if (limit < 1 || limit > EVENT_LIST_MAX || offset < 0)
		return err_set(e, RC_USAGE, _("invalid event list range"));
	return RC_OK;
}

static const char sql_list_cert[] =
	"SELECT id, ts, cert_id, account_id, subject, stage, level, message "
	"FROM events WHERE cert_id = ?1 ORDER BY id DESC LIMIT ?2 OFFSET ?3";

enum rc store_event_list_cert(struct store *st, int64_t cert_id, int limit,
			      int offset, struct event_row **rows, size_t *n,
			      struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc rc;

	*rows = NULL;
	*n = 0;
	rc = check_limit(limit, offset, e);
	if (rc != RC_OK)
		return rc;
	s = store_stmt(st, sql_list_cert, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, cert_id);
	sqlite3_bind_int(s, 2, limit);
	sqlite3_bind_int(s, 3, offset);
	return collect(st, s, rows, n, e);
}

static const char sql_list[] =
	"SELECT id, ts, cert_id, account_id, subject, stage, level, message "
	"FROM events WHERE CASE level WHEN 'error' THEN 2 WHEN 'warn' THEN 1 "
	"ELSE 0 END >= ?1 ORDER BY id DESC LIMIT ?2";

enum rc store_event_list(struct store *st, int limit, enum ev_level min_level,
			 struct event_row **rows, size_t *n, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc rc;

	*rows = NULL;
	*n = 0;
	rc = check_limit(limit, 0, e);
	if (rc != RC_OK)
		return rc;
	if ((unsigned)min_level >= EV__INVALID)
		return err_set(e, RC_USAGE, _("invalid event level"));
	s = store_stmt(st, sql_list, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int(s, 1, (int)min_level);
	sqlite3_bind_int(s, 2, limit);
	return collect(st, s, rows, n, e);
}

static const char sql_max_id[] = "SELECT coalesce(max(id), 0) FROM events";

enum rc store_event_max_id(struct store *st, int64_t *id, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc ret = RC_OK;
	int rc;

	*id = 0;
	s = store_stmt(st, sql_max_id, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	else
		ret = store_sql_err(st, rc == SQLITE_DONE ? SQLITE_ERROR : rc,
				    _("reading the newest event"), e);
	store_stmt_done(s);
	return ret;
}
