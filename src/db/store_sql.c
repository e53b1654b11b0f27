/* SPDX-License-Identifier: ISC */
/* store_sql.c - the plumbing every store_*.c uses: cached prepared
 * statements, binding, row reading, error mapping, atomic sections. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "db/store_enum.h"
#include "db/store_int.h"

int64_t store_now(void)
{
	return (int64_t)time(NULL);
}

sqlite3_stmt *store_stmt(struct store *st, const char *sql, struct err *e)
{
	sqlite3_stmt *s = NULL;
	size_t i;
	int rc;

	for (i = 0; i < st->n_stmts; i++)
		if (st->stmts[i].sql == sql)
			return st->stmts[i].stmt;
	if (st->n_stmts == STORE_STMT_CACHE) {
		/* A programming error (raise STORE_STMT_CACHE), not data. */
		err_set(e, RC_DB, _("inventory: too many distinct queries"));
		return NULL;
	}
	rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s,
				NULL);
	if (rc != SQLITE_OK || s == NULL) {
		sqlite3_finalize(s);
		store_sql_err(st, rc == SQLITE_OK ? SQLITE_ERROR : rc,
			      _("preparing a query"), e);
		return NULL;
	}
	st->stmts[st->n_stmts].sql = sql;
	st->stmts[st->n_stmts].stmt = s;
	st->n_stmts++;
	return s;
}

void store_stmt_done(sqlite3_stmt *s)
{
	if (s == NULL)
		return;
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
}

void store_stmts_finalize(struct store *st)
{
	size_t i;

	for (i = 0; i < st->n_stmts; i++) {
		sqlite3_finalize(st->stmts[i].stmt);
		st->stmts[i].stmt = NULL;
		st->stmts[i].sql = NULL;
	}
	st->n_stmts = 0;
}

enum rc store_sql_err(struct store *st, int rc, const char *what, struct err *e)
{
	int ext = st->db ? sqlite3_extended_errcode(st->db) : rc;
	const char *msg = st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
	enum rc out;

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return err_set(e, RC_DB_BUSY,
			       _("inventory %s is locked by another process "
				 "(%s: %s)"),
			       st->path, what, msg);
	case SQLITE_NOMEM:
		return err_set(e, RC_NOMEM, _("%s: out of memory"), what);
	case SQLITE_CONSTRAINT:
		if (ext == SQLITE_CONSTRAINT_UNIQUE ||
		    ext == SQLITE_CONSTRAINT_PRIMARYKEY)
			out = RC_EXISTS;
		else
			out = RC_INPUT;
		return err_set(e, out, "%s: %s", what, msg);
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return err_set(e, RC_DB,
			       _("inventory %s is not an acmetui database or "
				 "is damaged (%s: %s)"),
			       st->path, what, msg);
	default:
		return err_set(e, RC_DB, _("inventory %s: %s: %s"), st->path,
			       what, msg);
	}
}

int store_is_fk_error(int ext)
{
	return ext == SQLITE_CONSTRAINT_FOREIGNKEY ||
	       ext == SQLITE_CONSTRAINT_TRIGGER;
}

enum rc store_step_done(struct store *st, sqlite3_stmt *s, const char *what,
			struct err *e)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_DONE)
		return RC_OK;
	return store_sql_err(st, rc, what, e);
}

enum rc store_step_one(struct store *st, sqlite3_stmt *s, const char *what,
		       struct err *e)
{
	enum rc rc = store_step_done(st, s, what, e);

	if (rc == RC_OK && sqlite3_changes(st->db) == 0)
		rc = err_set(e, RC_NOTFOUND, _("%s: not found"), what);
	return rc;
}

enum rc store_exec(struct store *st, const char *sql, const char *what,
		   struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc ret = RC_OK;
	int rc;

	s = store_stmt(st, sql, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	do
		rc = sqlite3_step(s);
	while (rc == SQLITE_ROW);
	if (rc != SQLITE_DONE)
		ret = store_sql_err(st, rc, what, e);
	store_stmt_done(s);
	return ret;
}

/* Rollback paths ignore their own errors: SQLite may already have rolled
 * the whole transaction back (I/O error, out of memory), and the failure
 * that brought us here is the one worth reporting. */
static void rollback_quietly(struct store *st, const char *sql)
{
	sqlite3_stmt *s = store_stmt(st, sql, NULL);

	if (s == NULL)
		return;
	while (sqlite3_step(s) == SQLITE_ROW)
		;
	store_stmt_done(s);
}

enum rc store_atomic_begin(struct store *st, int write, struct err *e)
{
	enum rc rc;

	if (sqlite3_get_autocommit(st->db)) {
		if (st->atomic_depth != 0)
			return err_set(e, RC_DB,
				       _("inventory: transaction "
					 "ended inside a section"));
		rc = store_exec(st, write ? "BEGIN IMMEDIATE" : "BEGIN",
				_("starting a transaction"), e);
		if (rc != RC_OK)
			return rc;
		st->atomic_depth = 1;
		st->atomic_owns_tx = 1;
		return RC_OK;
	}
	rc = store_exec(st, "SAVEPOINT store_section", _("setting a savepoint"),
			e);
	if (rc != RC_OK)
		return rc;
	if (st->atomic_depth == 0)
		st->atomic_owns_tx = 0;
	st->atomic_depth++;
	return RC_OK;
}

enum rc store_atomic_end(struct store *st, enum rc rc, struct err *e)
{
	int owns = st->atomic_depth == 1 && st->atomic_owns_tx;

	if (st->atomic_depth <= 0)
		return rc;
	st->atomic_depth--;
	if (owns) {
		st->atomic_owns_tx = 0;
		if (rc == RC_OK)
			rc = store_exec(st, "COMMIT", _("committing"), e);
		if (rc != RC_OK && !sqlite3_get_autocommit(st->db))
			rollback_quietly(st, "ROLLBACK");
		return rc;
	}
	if (rc == RC_OK)
		return store_exec(st, "RELEASE store_section",
				  _("releasing a savepoint"), e);
	rollback_quietly(st, "ROLLBACK TO store_section");
	rollback_quietly(st, "RELEASE store_section");
	return rc;
}

int store_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v == NULL)
		return sqlite3_bind_null(s, i);
	return sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

int store_bind_opt_int(sqlite3_stmt *s, int i, int64_t v)
{
	if (v == 0)
		return sqlite3_bind_null(s, i);
	return sqlite3_bind_int64(s, i, v);
}

void store_row_init(struct store_row *r, sqlite3_stmt *s)
{
	r->s = s;
	r->col = 0;
	r->oom = 0;
}

char *store_row_str(struct store_row *r)
{
	int i = r->col++;
	const unsigned char *t;
	char *out = NULL;
	int n;

	if (sqlite3_column_type(r->s, i) == SQLITE_NULL)
		return NULL;
	t = sqlite3_column_text(r->s, i);
	n = sqlite3_column_bytes(r->s, i);
	if (t == NULL || n < 0) {
		r->oom = 1;
		return NULL;
	}
	out = malloc((size_t)n + 1);
	if (out == NULL) {
		r->oom = 1;
		return NULL;
	}
	memcpy(out, t, (size_t)n);
	out[n] = '\0';
	return out;
}

int64_t store_row_int(struct store_row *r)
{
	return sqlite3_column_int64(r->s, r->col++);
}

int store_row_i(struct store_row *r)
{
	int64_t v = store_row_int(r);

	if (v > INT32_MAX)
		return INT32_MAX;
	if (v < INT32_MIN)
		return INT32_MIN;
	return (int)v;
}

void store_secret_free(char *s)
{
	if (s == NULL)
		return;
	OPENSSL_cleanse(s, strlen(s));
	free(s);
}

int store_grow(void **arr, size_t *cap, size_t n, size_t elem)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 16;
	if (ncap > SIZE_MAX / elem)
		return -1;
	p = realloc(*arr, ncap * elem);
	if (p == NULL)
		return -1;
	memset((char *)p + *cap * elem, 0, (ncap - *cap) * elem);
	*arr = p;
	*cap = ncap;
	return 0;
}

int store_enum_parse(const char *text, const char *const *names, int n)
{
	int i;

	if (text == NULL)
		return n;
	for (i = 0; i < n; i++)
		if (strcmp(text, names[i]) == 0)
			return i;
	return n;
}
