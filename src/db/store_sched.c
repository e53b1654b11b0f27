/* SPDX-License-Identifier: ISC */
/* store_sched.c - deploy directories and the certificate count. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db/store_int.h"
#include "db/store_sched.h"

void store_strings_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++)
		free(v[i]);
	free(v);
}

/* The deploy directories and the directories of the explicit deploy
 * paths: rtrim(p, replace(p, '/', '')) cuts a path after its last '/',
 * the outer rtrim drops that '/' (but not from "/" itself). */
#define PARENT(col) \
	"SELECT rtrim(" col ", replace(" col ", '/', '')) FROM certificates " \
	"WHERE " col " IS NOT NULL"
static const char sql_dirs[] =
	"SELECT DISTINCT CASE WHEN d = '/' THEN d ELSE rtrim(d, '/') END "
	"FROM (SELECT deploy_dir AS d FROM certificates "
	"WHERE deploy_dir IS NOT NULL AND deploy_dir <> '' "
	"UNION ALL " PARENT("deploy_cert_path") " UNION ALL " PARENT("deploy_chain_path") " UNION ALL " PARENT(
		"deploy_fullchain_path") " UNION ALL " PARENT("deploy_key_path") " UNION ALL " PARENT("deploy_combined_path") ") ORDER BY 1";

enum rc store_deploy_dirs(struct store *st, char ***dirs, size_t *n,
			  struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc ret = RC_OK;
	struct store_row r;
	char **out = NULL;
	size_t cap = 0, k = 0;
	int rc;

	*dirs = NULL;
	*n = 0;
	s = store_stmt(st, sql_dirs, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (store_grow((void **)&out, &cap, k, sizeof(*out)) != 0) {
			ret = err_set(e, RC_NOMEM, _("out of memory"));
			goto out;
		}
		store_row_init(&r, s);
		out[k++] = store_row_str(&r);
		if (r.oom) {
			ret = err_set(e, RC_NOMEM, _("out of memory"));
			goto out;
		}
	}
	if (rc != SQLITE_DONE)
		ret = store_sql_err(st, rc, _("listing deploy directories"), e);
out:
	store_stmt_done(s);
	if (ret != RC_OK) {
		store_strings_free(out, k);
		return ret;
	}
	*dirs = out;
	*n = k;
	return RC_OK;
}

static const char sql_count[] = "SELECT count(*) FROM certificates";

enum rc store_cert_count(struct store *st, int64_t *count, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc ret = RC_OK;
	int rc;

	*count = 0;
	s = store_stmt(st, sql_count, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*count = sqlite3_column_int64(s, 0);
	else
		ret = store_sql_err(st, rc, _("counting certificates"), e);
	store_stmt_done(s);
	return ret;
}
