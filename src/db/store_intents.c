/* SPDX-License-Identifier: ISC */
/* store_intents.c - the order_intents table (schema v9). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db/store_int.h"
#include "db/store_intents.h"

void order_intent_clear(struct order_intent *i)
{
	if (i == NULL)
		return;
	free(i->identifiers);
	memset(i, 0, sizeof(*i));
}

static const char sql_set[] =
	"INSERT OR REPLACE INTO order_intents (cert_id, account_id, "
	"identifiers, created_at) VALUES (?1, ?2, ?3, ?4)";

enum rc store_intent_set(struct store *st, int64_t cert_id, int64_t account_id,
			 const char *identifiers, struct err *e)
{
	sqlite3_stmt *s;
	enum rc rc;

	s = store_stmt(st, sql_set, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, cert_id);
	sqlite3_bind_int64(s, 2, account_id);
	store_bind_text(s, 3, identifiers);
	sqlite3_bind_int64(s, 4, store_now());
	rc = store_step_done(st, s, _("recording the order intent"), e);
	store_stmt_done(s);
	return rc;
}

static const char sql_get[] =
	"SELECT cert_id, account_id, identifiers, created_at "
	"FROM order_intents WHERE cert_id = ?1";

enum rc store_intent_get(struct store *st, int64_t cert_id,
			 struct order_intent *out, struct err *e)
{
	struct store_row r;
	sqlite3_stmt *s;
	enum rc ret = RC_OK;
	int rc;

	memset(out, 0, sizeof(*out));
	s = store_stmt(st, sql_get, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, cert_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		store_row_init(&r, s);
		out->cert_id = store_row_int(&r);
		out->account_id = store_row_int(&r);
		out->identifiers = store_row_str(&r);
		out->created_at = store_row_int(&r);
		if (r.oom) {
			order_intent_clear(out);
			ret = err_set(e, RC_NOMEM, _("out of memory"));
		}
	} else if (rc == SQLITE_DONE) {
		ret = err_set(e, RC_NOTFOUND, _("no order intent"));
	} else {
		ret = store_sql_err(st, rc, _("reading the order intent"), e);
	}
	store_stmt_done(s);
	return ret;
}

static const char sql_clear[] = "DELETE FROM order_intents WHERE cert_id = ?1";

enum rc store_intent_clear(struct store *st, int64_t cert_id, struct err *e)
{
	sqlite3_stmt *s;
	enum rc rc;

	s = store_stmt(st, sql_clear, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, cert_id);
	rc = store_step_done(st, s, _("removing the order intent"), e);
	store_stmt_done(s);
	return rc;
}
