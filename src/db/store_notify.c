/* SPDX-License-Identifier: ISC */
/* store_notify.c - the expiry_notices table and the expiring query. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db/store_int.h"
#include "db/store_notify.h"

void cert_expiring_free(struct cert_expiring *rows, size_t n)
{
	size_t i;

	for (i = 0; rows != NULL && i < n; i++)
		free(rows[i].name);
	free(rows);
}

/* The warning only counts while it is about the current not_after. */
static const char sql_expiring[] =
	"SELECT c.id, c.name, c.not_after, coalesce(n.days, 0) "
	"FROM certificates c LEFT JOIN expiry_notices n "
	"ON n.cert_id = c.id AND n.not_after = c.not_after "
	"WHERE c.not_after > ?1 AND c.not_after <= ?2 "
	"AND c.stage <> 'revoked' ORDER BY c.not_after, c.id";

enum rc store_cert_list_expiring(struct store *st, int64_t now, int64_t until,
				 struct cert_expiring **rows, size_t *n,
				 struct err *e)
{
	struct cert_expiring *out = NULL;
	sqlite3_stmt *s = NULL;
	enum rc ret = RC_OK;
	struct store_row r;
	size_t cap = 0, k = 0;
	int rc;

	*rows = NULL;
	*n = 0;
	s = store_stmt(st, sql_expiring, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, until);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (store_grow((void **)&out, &cap, k, sizeof(*out)) != 0) {
			ret = err_set(e, RC_NOMEM, _("out of memory"));
			goto out;
		}
		store_row_init(&r, s);
		out[k].id = store_row_int(&r);
		out[k].name = store_row_str(&r);
		out[k].not_after = store_row_int(&r);
		out[k].warned_days = store_row_i(&r);
		k++;
		if (r.oom) {
			ret = err_set(e, RC_NOMEM, _("out of memory"));
			goto out;
		}
	}
	if (rc != SQLITE_DONE)
		ret = store_sql_err(st, rc, _("listing expiring certificates"),
				    e);
out:
	store_stmt_done(s);
	if (ret != RC_OK) {
		cert_expiring_free(out, k);
		return ret;
	}
	*rows = out;
	*n = k;
	return RC_OK;
}

static const char sql_warned[] =
	"INSERT INTO expiry_notices (cert_id, not_after, days, sent_at) "
	"VALUES (?1, ?2, ?3, ?4) ON CONFLICT (cert_id) DO UPDATE SET "
	"not_after = excluded.not_after, days = excluded.days, "
	"sent_at = excluded.sent_at";

enum rc store_expiry_warned(struct store *st, int64_t id, int64_t not_after,
			    int days, int64_t sent_at, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc rc;

	s = store_stmt(st, sql_warned, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, not_after);
	sqlite3_bind_int(s, 3, days);
	sqlite3_bind_int64(s, 4, sent_at);
	rc = store_step_done(st, s, _("recording an expiry warning"), e);
	store_stmt_done(s);
	return rc;
}
