/* SPDX-License-Identifier: ISC */
/* store_names.c - names only, in name order, for shell completion. */
#include "config.h"

#include "db/store_int.h"
#include "db/store_names.h"
#include "util/i18n.h"

static const char sql_certs[] =
	"SELECT name FROM certificates ORDER BY name LIMIT ?1";
static const char sql_accounts[] =
	"SELECT name FROM accounts ORDER BY name LIMIT ?1";
static const char sql_domains[] =
	"SELECT name FROM domains ORDER BY name LIMIT ?1";

static const char *sql_for(enum store_name_kind kind)
{
	switch (kind) {
	case STORE_NAMES_ACCOUNTS:
		return sql_accounts;
	case STORE_NAMES_DOMAINS:
		return sql_domains;
	case STORE_NAMES_CERTS:
	default:
		return sql_certs;
	}
}

enum rc store_names(struct store *st, enum store_name_kind kind, int limit,
		    store_name_fn *fn, void *arg, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_for(kind), e);
	const unsigned char *name;
	enum rc ret = RC_OK;
	int rc;

	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int(s, 1, limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		name = sqlite3_column_text(s, 0);
		if (name != NULL)
			fn(arg, (const char *)name);
	}
	if (rc != SQLITE_DONE)
		ret = store_sql_err(st, rc, _("listing names"), e);
	store_stmt_done(s);
	return ret;
}
