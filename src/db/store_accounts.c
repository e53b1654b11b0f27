/* SPDX-License-Identifier: ISC */
/* store_accounts.c - the accounts table. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db/store_accounts.h"
#include "db/store_int.h"

/* Defines acct_status_name() and acct_status_parse(). */
STORE_ENUM_DEFINE(acct_status, ACCT_STATUS_LIST, ACCT_STATUS__INVALID)

/* Defines acct_env_name() and acct_env_parse(). */
STORE_ENUM_DEFINE(acct_env, ACCT_ENV_LIST, ACCT_ENV__INVALID)

void acct_row_clear(struct acct_row *a)
{
	if (a == NULL)
		return;
	free(a->name);
	free(a->ca_preset);
	free(a->directory_url);
	free(a->contact);
	free(a->eab_kid);
	store_secret_free(a->eab_hmac);
	free(a->ca_account_id);
	free(a->account_url);
	store_secret_free(a->key_pem);
	free(a->key_type);
	free(a->ca_file);
	free(a->directory_json);
	free(a->tos_url);
	free(a->notify_cmd);
	memset(a, 0, sizeof(*a));
}

void acct_rows_free(struct acct_row *rows, size_t n)
{
	size_t i;

	if (rows == NULL)
		return;
	for (i = 0; i < n; i++)
		acct_row_clear(&rows[i]);
	free(rows);
}

/* The columns read_row() expects, in its order. */
#define ACCT_COLUMNS \
	"a.id, a.name, a.ca_preset, a.directory_url, a.environment, " \
	"a.contact, a.eab_kid, a.eab_hmac, a.ca_account_id, " \
	"a.account_url, a.key_pem, a.key_type, a.status, a.ca_file, " \
	"a.directory_json, a.tos_url, a.created_at, a.updated_at, " \
	"a.notify_cmd, a.directory_fetched_at, a.tos_agreed_at"
/* How many: the certificate count follows them. */
#define ACCT_NCOLUMNS 21

/* Fills a from the current row of s (ACCT_COLUMNS first).  Returns 0, or
 * -1 when out of memory (a is then cleared). */
static int read_row(sqlite3_stmt *s, struct acct_row *a)
{
	struct store_row r;
	char *env = NULL, *status = NULL;

	store_row_init(&r, s);
	a->id = store_row_int(&r);
	a->name = store_row_str(&r);
	a->ca_preset = store_row_str(&r);
	a->directory_url = store_row_str(&r);
	env = store_row_str(&r);
	a->contact = store_row_str(&r);
	a->eab_kid = store_row_str(&r);
	a->eab_hmac = store_row_str(&r);
	a->ca_account_id = store_row_str(&r);
	a->account_url = store_row_str(&r);
	a->key_pem = store_row_str(&r);
	a->key_type = store_row_str(&r);
	status = store_row_str(&r);
	a->ca_file = store_row_str(&r);
	a->directory_json = store_row_str(&r);
	a->tos_url = store_row_str(&r);
	a->created_at = store_row_int(&r);
	a->updated_at = store_row_int(&r);
	a->notify_cmd = store_row_str(&r);
	a->directory_fetched_at = store_row_int(&r);
	a->tos_agreed_at = store_row_int(&r);
	a->environment = acct_env_parse(env);
	a->status = acct_status_parse(status);
	free(env);
	free(status);
	if (r.oom) {
		acct_row_clear(a);
		return -1;
	}
	return 0;
}

static const char sql_insert[] =
	"INSERT INTO accounts (name, ca_preset, directory_url, environment, "
	"contact, eab_kid, eab_hmac, ca_account_id, account_url, key_pem, "
	"key_type, status, ca_file, directory_json, tos_url, created_at, "
	"updated_at, notify_cmd, tos_agreed_at) VALUES (?1, ?2, ?3, ?4, ?5, "
	"?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16, "
	"nullif(?17, ''), nullif(?18, 0))";

enum rc store_account_insert(struct store *st, const struct acct_row *a,
			     int64_t *id, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc ret = RC_OK;
	int rc;

	s = store_stmt(st, sql_insert, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	store_bind_text(s, 1, a->name);
	store_bind_text(s, 2, a->ca_preset);
	store_bind_text(s, 3, a->directory_url);
	/* An out-of-range enum binds "unknown", which the CHECK refuses. */
	store_bind_text(s, 4, acct_env_name(a->environment));
	store_bind_text(s, 5, a->contact);
	store_bind_text(s, 6, a->eab_kid);
	store_bind_text(s, 7, a->eab_hmac);
	store_bind_text(s, 8, a->ca_account_id);
	store_bind_text(s, 9, a->account_url);
	store_bind_text(s, 10, a->key_pem);
	store_bind_text(s, 11, a->key_type);
	store_bind_text(s, 12, acct_status_name(a->status));
	store_bind_text(s, 13, a->ca_file);
	store_bind_text(s, 14, a->directory_json);
	store_bind_text(s, 15, a->tos_url);
	sqlite3_bind_int64(s, 16, store_now());
	store_bind_text(s, 17, a->notify_cmd);
	sqlite3_bind_int64(s, 18, a->tos_agreed_at);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		if (id != NULL)
			*id = sqlite3_last_insert_rowid(st->db);
	} else if (sqlite3_extended_errcode(st->db) ==
		   SQLITE_CONSTRAINT_UNIQUE) {
		ret = err_set(e, RC_EXISTS,
			      _("an account named %s already "
				"exists"),
			      a->name);
	} else {
		ret = store_sql_err(st, rc, _("adding the account"), e);
	}
	store_stmt_done(s);
	return ret;
}

/* Runs a single-row SELECT with its key bound and reads the row. */
static enum rc get_one(struct store *st, sqlite3_stmt *s, struct acct_row *out,
		       struct err *e)
{
	enum rc ret = RC_OK;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if (read_row(s, out) != 0)
			ret = err_set(e, RC_NOMEM, _("out of memory"));
		out->cert_count = sqlite3_column_int64(s, ACCT_NCOLUMNS);
	} else if (rc == SQLITE_DONE) {
		ret = RC_NOTFOUND;
	} else {
		ret = store_sql_err(st, rc, _("reading an account"), e);
	}
	store_stmt_done(s);
	return ret;
}

/* Every account read carries its certificate count: a screen that
 * showed 0 while the list said 2 told the operator the wrong state. */
#define ACCT_CERT_COUNT \
	", (SELECT count(*) FROM certificates c WHERE c.account_id = a.id)"

static const char sql_by_name[] = "SELECT " ACCT_COLUMNS ACCT_CERT_COUNT
				  " FROM accounts a WHERE a.name = ?1";

enum rc store_account_get_by_name(struct store *st, const char *name,
				  struct acct_row *out, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc rc;

	memset(out, 0, sizeof(*out));
	s = store_stmt(st, sql_by_name, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	store_bind_text(s, 1, name);
	rc = get_one(st, s, out, e);
	if (rc == RC_NOTFOUND)
		err_set(e, rc, _("no account named %s"), name);
	return rc;
}

static const char sql_by_id[] = "SELECT " ACCT_COLUMNS ACCT_CERT_COUNT
				" FROM accounts a WHERE a.id = ?1";

enum rc store_account_get_by_id(struct store *st, int64_t id,
				struct acct_row *out, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc rc;

	memset(out, 0, sizeof(*out));
	s = store_stmt(st, sql_by_id, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, id);
	rc = get_one(st, s, out, e);
	if (rc == RC_NOTFOUND)
		err_set(e, rc, _("no account with id %lld"), (long long)id);
	return rc;
}

static const char sql_list[] = "SELECT " ACCT_COLUMNS ACCT_CERT_COUNT
			       " FROM accounts a ORDER BY a.name";

enum rc store_account_list(struct store *st, struct acct_row **rows, size_t *n,
			   struct err *e)
{
	struct acct_row *arr = NULL;
	size_t count = 0, cap = 0;
	sqlite3_stmt *s = NULL;
	enum rc ret = RC_OK;
	int rc;

	*rows = NULL;
	*n = 0;
	s = store_stmt(st, sql_list, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	for (;;) {
		rc = sqlite3_step(s);
		if (rc != SQLITE_ROW)
			break;
		if (store_grow((void **)&arr, &cap, count, sizeof(*arr)) != 0 ||
		    read_row(s, &arr[count]) != 0) {
			ret = err_set(e, RC_NOMEM, _("out of memory"));
			goto out;
		}
		arr[count].cert_count = sqlite3_column_int64(s, ACCT_NCOLUMNS);
		count++;
	}
	if (rc != SQLITE_DONE)
		ret = store_sql_err(st, rc, _("listing accounts"), e);
out:
	store_stmt_done(s);
	if (ret != RC_OK) {
		acct_rows_free(arr, count);
		return ret;
	}
	*rows = arr;
	*n = count;
	return RC_OK;
}

static const char sql_set_registration[] =
	"UPDATE accounts SET account_url = ?2, status = ?3, "
	"directory_json = ?4, updated_at = ?5, directory_fetched_at = "
	"CASE WHEN ?4 IS NULL THEN NULL ELSE ?5 END WHERE id = ?1";

enum rc store_account_set_registration(struct store *st, int64_t id,
				       const char *account_url,
				       enum acct_status status,
				       const char *directory_json,
				       struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc rc;

	s = store_stmt(st, sql_set_registration, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, account_url);
	store_bind_text(s, 3, acct_status_name(status));
	store_bind_text(s, 4, directory_json);
	sqlite3_bind_int64(s, 5, store_now());
	rc = store_step_one(st, s, _("account registration"), e);
	store_stmt_done(s);
	return rc;
}

static const char sql_set_directory[] =
	"UPDATE accounts SET directory_json = coalesce(?2, directory_json), "
	"directory_fetched_at = nullif(?3, 0) WHERE id = ?1";

enum rc store_account_set_directory(struct store *st, int64_t id,
				    const char *directory_json,
				    int64_t fetched_at, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc rc;

	s = store_stmt(st, sql_set_directory, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, directory_json);
	sqlite3_bind_int64(s, 3, fetched_at);
	rc = store_step_one(st, s, _("account directory"), e);
	store_stmt_done(s);
	return rc;
}

static const char sql_set_terms[] =
	"UPDATE accounts SET tos_url = ?2, tos_agreed_at = ?3, "
	"updated_at = ?4 WHERE id = ?1";

enum rc store_account_set_terms(struct store *st, int64_t id,
				const char *tos_url, int64_t agreed_at,
				struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc rc;

	s = store_stmt(st, sql_set_terms, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, tos_url);
	sqlite3_bind_int64(s, 3, agreed_at);
	sqlite3_bind_int64(s, 4, store_now());
	rc = store_step_one(st, s, _("account terms of service"), e);
	store_stmt_done(s);
	return rc;
}

static const char sql_set_key[] =
	"UPDATE accounts SET key_pem = ?2, key_type = ?3, updated_at = ?4 "
	"WHERE id = ?1";

enum rc store_account_set_key(struct store *st, int64_t id, const char *key_pem,
			      const char *key_type, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc rc;

	s = store_stmt(st, sql_set_key, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, key_pem);
	store_bind_text(s, 3, key_type);
	sqlite3_bind_int64(s, 4, store_now());
	rc = store_step_one(st, s, _("account key"), e);
	store_stmt_done(s);
	return rc;
}

static const char sql_set_status[] =
	"UPDATE accounts SET status = ?2, updated_at = ?3 WHERE id = ?1";

enum rc store_account_set_status(struct store *st, int64_t id,
				 enum acct_status status, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc rc;

	s = store_stmt(st, sql_set_status, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, acct_status_name(status));
	sqlite3_bind_int64(s, 3, store_now());
	rc = store_step_one(st, s, _("account status"), e);
	store_stmt_done(s);
	return rc;
}

static const char sql_set_notify_cmd[] =
	"UPDATE accounts SET notify_cmd = nullif(?2, ''), updated_at = ?3 "
	"WHERE name = ?1";

enum rc store_account_set_notify_cmd(struct store *st, const char *name,
				     const char *cmd, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc ret = RC_OK;
	int rc;

	s = store_stmt(st, sql_set_notify_cmd, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	store_bind_text(s, 1, name);
	store_bind_text(s, 2, cmd);
	sqlite3_bind_int64(s, 3, store_now());
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE && sqlite3_changes(st->db) == 0)
		ret = err_set(e, RC_NOTFOUND, _("no account named %s"), name);
	else if (rc != SQLITE_DONE)
		ret = store_sql_err(st, rc, _("account notify hook"), e);
	store_stmt_done(s);
	return ret;
}

static const char sql_notify_cmd[] =
	"SELECT notify_cmd FROM accounts WHERE id = ?1";

enum rc store_account_notify_cmd(struct store *st, int64_t id, char **cmd,
				 struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc ret = RC_OK;
	const unsigned char *v;
	int rc;

	*cmd = NULL;
	s = store_stmt(st, sql_notify_cmd, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		v = sqlite3_column_text(s, 0);
		if (v != NULL) {
			*cmd = strdup((const char *)v);
			if (*cmd == NULL)
				ret = err_set(e, RC_NOMEM, _("out of memory"));
		}
	} else if (rc != SQLITE_DONE) {
		ret = store_sql_err(st, rc, _("reading an account"), e);
	}
	store_stmt_done(s);
	return ret;
}

static const char sql_delete[] = "DELETE FROM accounts WHERE name = ?1";

enum rc store_account_delete(struct store *st, const char *name, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc ret = RC_OK;
	int rc;

	s = store_stmt(st, sql_delete, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	store_bind_text(s, 1, name);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE && sqlite3_changes(st->db) == 0)
		ret = err_set(e, RC_NOTFOUND, _("no account named %s"), name);
	else if (rc != SQLITE_DONE &&
		 store_is_fk_error(sqlite3_extended_errcode(st->db)))
		ret = err_set(e, RC_INPUT,
			      _("account %s still has certificates; delete "
				"them first"),
			      name);
	else if (rc != SQLITE_DONE)
		ret = store_sql_err(st, rc, _("deleting the account"), e);
	store_stmt_done(s);
	return ret;
}
