/* SPDX-License-Identifier: ISC */
/* store_orders.c - the orders and authorizations tables. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db/store_int.h"
#include "db/store_orders.h"
#include "util/safe.h"

/* Defines authz_status_name() and authz_status_parse(). */
STORE_ENUM_DEFINE(authz_status, AUTHZ_STATUS_LIST, AUTHZ__INVALID)

/* Defines order_status_name() and order_status_parse(). */
STORE_ENUM_DEFINE(order_status, ORDER_STATUS_LIST, ORDER__INVALID)

/* Longest problem detail kept (one line, sanitized). */
#define ORDER_ERROR_MAX 1024

void order_row_clear(struct order_row *o)
{
	if (o == NULL)
		return;
	free(o->url);
	free(o->identifiers);
	free(o->finalize_url);
	free(o->cert_url);
	store_secret_free(o->key_pem);
	free(o->replaces);
	free(o->error);
	memset(o, 0, sizeof(*o));
}

void authz_row_clear(struct authz_row *a)
{
	if (a == NULL)
		return;
	free(a->url);
	free(a->identifier);
	free(a->challenge_type);
	free(a->challenge_url);
	free(a->token);
	memset(a, 0, sizeof(*a));
}

void authz_rows_free(struct authz_row *rows, size_t n)
{
	size_t i;

	if (rows == NULL)
		return;
	for (i = 0; i < n; i++)
		authz_row_clear(&rows[i]);
	free(rows);
}

/* Binds error (sanitized into clean) or NULL at index i. */
static void bind_error(sqlite3_stmt *s, int i, const char *error, char *clean,
		       size_t cleansz)
{
	if (error == NULL)
		sqlite3_bind_null(s, i);
	else
		store_bind_text(
			s, i, safe_line(clean, cleansz, error, strlen(error)));
}

static const char sql_insert[] =
	"INSERT INTO orders (cert_id, account_id, url, status, identifiers, "
	"finalize_url, cert_url, key_pem, replaces, error, expires_at, "
	"created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
	"?10, ?11, ?12, ?12)";

enum rc store_order_insert(struct store *st, const struct order_row *o,
			   int64_t *id, struct err *e)
{
	char clean[ORDER_ERROR_MAX];
	sqlite3_stmt *s = NULL;
	enum rc ret = RC_OK;
	int rc;

	s = store_stmt(st, sql_insert, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, o->cert_id);
	sqlite3_bind_int64(s, 2, o->account_id);
	store_bind_text(s, 3, o->url);
	store_bind_text(s, 4, order_status_name(o->status));
	store_bind_text(s, 5, o->identifiers);
	store_bind_text(s, 6, o->finalize_url);
	store_bind_text(s, 7, o->cert_url);
	store_bind_text(s, 8, o->key_pem);
	store_bind_text(s, 9, o->replaces);
	bind_error(s, 10, o->error, clean, sizeof(clean));
	store_bind_opt_int(s, 11, o->expires_at);
	sqlite3_bind_int64(s, 12, store_now());
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		if (id != NULL)
			*id = sqlite3_last_insert_rowid(st->db);
	} else if (sqlite3_extended_errcode(st->db) ==
		   SQLITE_CONSTRAINT_UNIQUE) {
		ret = err_set(e, RC_EXISTS, _("order %s is already recorded"),
			      o->url ? o->url : "");
	} else {
		ret = store_sql_err(st, rc, _("recording the order"), e);
	}
	store_stmt_done(s);
	return ret;
}

static const char sql_get_open[] =
	"SELECT id, cert_id, account_id, url, status, identifiers, "
	"finalize_url, cert_url, key_pem, replaces, error, expires_at, "
	"created_at, updated_at, completed_at, finalize_at FROM orders "
	"WHERE cert_id = ?1 AND completed_at IS NULL "
	"AND status NOT IN ('invalid', 'abandoned') "
	"ORDER BY id DESC LIMIT 1";

/* Fills o from the current row; -1 when out of memory (o cleared). */
static int read_order(sqlite3_stmt *s, struct order_row *o)
{
	struct store_row r;
	char *status = NULL;

	store_row_init(&r, s);
	o->id = store_row_int(&r);
	o->cert_id = store_row_int(&r);
	o->account_id = store_row_int(&r);
	o->url = store_row_str(&r);
	status = store_row_str(&r);
	o->identifiers = store_row_str(&r);
	o->finalize_url = store_row_str(&r);
	o->cert_url = store_row_str(&r);
	o->key_pem = store_row_str(&r);
	o->replaces = store_row_str(&r);
	o->error = store_row_str(&r);
	o->expires_at = store_row_int(&r);
	o->created_at = store_row_int(&r);
	o->updated_at = store_row_int(&r);
	o->completed_at = store_row_int(&r);
	o->finalize_at = store_row_int(&r);
	o->status = order_status_parse(status);
	free(status);
	if (r.oom) {
		order_row_clear(o);
		return -1;
	}
	return 0;
}

enum rc store_order_get_open(struct store *st, int64_t cert_id,
			     struct order_row *out, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc ret = RC_OK;
	int rc;

	memset(out, 0, sizeof(*out));
	s = store_stmt(st, sql_get_open, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, cert_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if (read_order(s, out) != 0)
			ret = err_set(e, RC_NOMEM, _("out of memory"));
	} else if (rc == SQLITE_DONE) {
		ret = err_set(e, RC_NOTFOUND, _("no open order"));
	} else {
		ret = store_sql_err(st, rc, _("reading the open order"), e);
	}
	store_stmt_done(s);
	return ret;
}

static const char sql_set_status[] =
	"UPDATE orders SET status = ?2, cert_url = coalesce(?3, cert_url), "
	"error = ?4, updated_at = ?5 WHERE id = ?1";

enum rc store_order_set_status(struct store *st, int64_t id,
			       enum order_status status, const char *cert_url,
			       const char *error, struct err *e)
{
	char clean[ORDER_ERROR_MAX];
	sqlite3_stmt *s = NULL;
	enum rc rc;

	s = store_stmt(st, sql_set_status, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, order_status_name(status));
	store_bind_text(s, 3, cert_url);
	bind_error(s, 4, error, clean, sizeof(clean));
	sqlite3_bind_int64(s, 5, store_now());
	rc = store_step_one(st, s, _("order"), e);
	store_stmt_done(s);
	return rc;
}

static const char sql_set_key[] =
	"UPDATE orders SET key_pem = ?2, updated_at = ?3, "
	"finalize_at = coalesce(finalize_at, ?3) WHERE id = ?1";

enum rc store_order_set_key(struct store *st, int64_t id, const char *key_pem,
			    struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc rc;

	s = store_stmt(st, sql_set_key, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, key_pem);
	sqlite3_bind_int64(s, 3, store_now());
	rc = store_step_one(st, s, _("order"), e);
	store_stmt_done(s);
	return rc;
}

static const char sql_complete[] =
	"UPDATE orders SET completed_at = ?2, key_pem = NULL, updated_at = ?3, "
	"status = 'valid', cert_url = coalesce(?4, cert_url), error = NULL "
	"WHERE id = ?1";

enum rc store_order_complete(struct store *st, int64_t id, int64_t at,
			     const char *cert_url, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc rc;

	s = store_stmt(st, sql_complete, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, at);
	sqlite3_bind_int64(s, 3, store_now());
	store_bind_text(s, 4, cert_url);
	rc = store_step_one(st, s, _("order"), e);
	store_stmt_done(s);
	return rc;
}

static const char sql_abandon[] =
	"UPDATE orders SET status = 'abandoned', error = ?2, key_pem = NULL, "
	"updated_at = ?3 WHERE id = ?1";

enum rc store_order_abandon(struct store *st, int64_t id, const char *error,
			    struct err *e)
{
	char clean[ORDER_ERROR_MAX];
	sqlite3_stmt *s = NULL;
	enum rc rc;

	s = store_stmt(st, sql_abandon, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, id);
	bind_error(s, 2, error, clean, sizeof(clean));
	sqlite3_bind_int64(s, 3, store_now());
	rc = store_step_one(st, s, _("order"), e);
	store_stmt_done(s);
	return rc;
}

static const char sql_url_known[] = "SELECT 1 FROM orders WHERE url = ?1";

int store_order_url_known(struct store *st, const char *url)
{
	sqlite3_stmt *s;
	int known;

	s = store_stmt(st, sql_url_known, NULL);
	if (s == NULL)
		return 0;
	store_bind_text(s, 1, url);
	known = sqlite3_step(s) == SQLITE_ROW;
	store_stmt_done(s);
	return known;
}

/* The key column is read as NULL: a listing never carries secrets. */
static const char sql_list[] =
	"SELECT id, cert_id, account_id, url, status, identifiers, "
	"finalize_url, cert_url, NULL, replaces, error, expires_at, "
	"created_at, updated_at, completed_at, finalize_at FROM orders "
	"WHERE cert_id = ?1 ORDER BY id DESC LIMIT ?2";

void order_rows_free(struct order_row *rows, size_t n)
{
	size_t i;

	if (rows == NULL)
		return;
	for (i = 0; i < n; i++)
		order_row_clear(&rows[i]);
	free(rows);
}

enum rc store_order_list(struct store *st, int64_t cert_id, size_t max,
			 struct order_row **rows, size_t *n, struct err *e)
{
	struct order_row *arr = NULL;
	size_t count = 0, cap = 0;
	sqlite3_stmt *s;
	enum rc ret = RC_OK;
	int rc;

	*rows = NULL;
	*n = 0;
	s = store_stmt(st, sql_list, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, cert_id);
	sqlite3_bind_int64(s, 2, (int64_t)max);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (store_grow((void **)&arr, &cap, count, sizeof(*arr)) != 0 ||
		    read_order(s, &arr[count]) != 0) {
			ret = err_set(e, RC_NOMEM, _("out of memory"));
			goto out;
		}
		count++;
	}
	if (rc != SQLITE_DONE)
		ret = store_sql_err(st, rc, _("listing orders"), e);
out:
	store_stmt_done(s);
	if (ret != RC_OK) {
		order_rows_free(arr, count);
		return ret;
	}
	*rows = arr;
	*n = count;
	return RC_OK;
}

static const char sql_count_since[] =
	"SELECT count(*) FROM orders WHERE account_id = ?1 "
	"AND created_at >= ?2";

enum rc store_order_count_since(struct store *st, int64_t account_id,
				int64_t since, int64_t *count, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc ret = RC_OK;
	int rc;

	*count = 0;
	s = store_stmt(st, sql_count_since, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_int64(s, 2, since);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*count = sqlite3_column_int64(s, 0);
	else
		ret = store_sql_err(st, rc == SQLITE_DONE ? SQLITE_ERROR : rc,
				    _("counting orders"), e);
	store_stmt_done(s);
	return ret;
}

static const char sql_authz_upsert[] =
	"INSERT INTO authorizations (order_id, url, identifier, wildcard, "
	"status, challenge_type, challenge_url, token, updated_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
	"ON CONFLICT (order_id, url) DO UPDATE SET "
	"identifier = excluded.identifier, wildcard = excluded.wildcard, "
	"status = excluded.status, challenge_type = excluded.challenge_type, "
	"challenge_url = excluded.challenge_url, token = excluded.token, "
	"updated_at = excluded.updated_at";

enum rc store_authz_upsert(struct store *st, const struct authz_row *a,
			   struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc rc;

	s = store_stmt(st, sql_authz_upsert, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, a->order_id);
	store_bind_text(s, 2, a->url);
	store_bind_text(s, 3, a->identifier);
	sqlite3_bind_int(s, 4, a->wildcard ? 1 : 0);
	store_bind_text(s, 5, authz_status_name(a->status));
	store_bind_text(s, 6, a->challenge_type);
	store_bind_text(s, 7, a->challenge_url);
	store_bind_text(s, 8, a->token);
	sqlite3_bind_int64(s, 9, store_now());
	rc = store_step_done(st, s, _("saving an authorization"), e);
	store_stmt_done(s);
	return rc;
}

static const char sql_authz_responded[] =
	"UPDATE authorizations SET responded_at = ?3 "
	"WHERE order_id = ?1 AND url = ?2";

enum rc store_authz_set_responded(struct store *st, int64_t order_id,
				  const char *url, int64_t at, struct err *e)
{
	sqlite3_stmt *s;
	enum rc rc;

	s = store_stmt(st, sql_authz_responded, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, order_id);
	store_bind_text(s, 2, url);
	sqlite3_bind_int64(s, 3, at);
	rc = store_step_one(st, s, _("authorization"), e);
	store_stmt_done(s);
	return rc;
}

static const char sql_authz_responded_at[] =
	"SELECT coalesce(responded_at, 0) FROM authorizations "
	"WHERE order_id = ?1 AND url = ?2";

int64_t store_authz_responded_at(struct store *st, int64_t order_id,
				 const char *url)
{
	sqlite3_stmt *s;
	int64_t at = 0;

	s = store_stmt(st, sql_authz_responded_at, NULL);
	if (s == NULL)
		return 0;
	sqlite3_bind_int64(s, 1, order_id);
	store_bind_text(s, 2, url);
	if (sqlite3_step(s) == SQLITE_ROW)
		at = sqlite3_column_int64(s, 0);
	store_stmt_done(s);
	return at;
}

static const char sql_authz_list[] =
	"SELECT id, order_id, url, identifier, wildcard, status, "
	"challenge_type, challenge_url, token, updated_at "
	"FROM authorizations WHERE order_id = ?1 ORDER BY id";

/* Fills a from the current row; -1 when out of memory (a cleared). */
static int read_authz(sqlite3_stmt *s, struct authz_row *a)
{
	struct store_row r;
	char *status = NULL;

	store_row_init(&r, s);
	a->id = store_row_int(&r);
	a->order_id = store_row_int(&r);
	a->url = store_row_str(&r);
	a->identifier = store_row_str(&r);
	a->wildcard = store_row_i(&r);
	status = store_row_str(&r);
	a->challenge_type = store_row_str(&r);
	a->challenge_url = store_row_str(&r);
	a->token = store_row_str(&r);
	a->updated_at = store_row_int(&r);
	a->status = authz_status_parse(status);
	free(status);
	if (r.oom) {
		authz_row_clear(a);
		return -1;
	}
	return 0;
}

enum rc store_authz_list(struct store *st, int64_t order_id,
			 struct authz_row **rows, size_t *n, struct err *e)
{
	struct authz_row *arr = NULL;
	size_t count = 0, cap = 0;
	sqlite3_stmt *s = NULL;
	enum rc ret = RC_OK;
	int rc;

	*rows = NULL;
	*n = 0;
	s = store_stmt(st, sql_authz_list, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, order_id);
	for (;;) {
		rc = sqlite3_step(s);
		if (rc != SQLITE_ROW)
			break;
		if (store_grow((void **)&arr, &cap, count, sizeof(*arr)) != 0 ||
		    read_authz(s, &arr[count]) != 0) {
			ret = err_set(e, RC_NOMEM, _("out of memory"));
			goto out;
		}
		count++;
	}
	if (rc != SQLITE_DONE)
		ret = store_sql_err(st, rc, _("listing authorizations"), e);
out:
	store_stmt_done(s);
	if (ret != RC_OK) {
		authz_rows_free(arr, count);
		return ret;
	}
	*rows = arr;
	*n = count;
	return RC_OK;
}
