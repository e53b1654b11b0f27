/* SPDX-License-Identifier: ISC */
/* store_domains.c - the domains table. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db/store_domains.h"
#include "db/store_int.h"
#include "util/safe.h"

/* Defines dom_method_name() and dom_method_parse(). */
STORE_ENUM_DEFINE(dom_method, DOM_METHOD_LIST, DOM_METHOD__INVALID)

/* Defines dom_ident_name() and dom_ident_parse(). */
STORE_ENUM_DEFINE(dom_ident, DOM_IDENT_LIST, DOM_IDENT__INVALID)

void domain_row_clear(struct domain_row *d)
{
	if (d == NULL)
		return;
	free(d->name);
	free(d->webroot);
	free(d->http_bind);
	free(d->dns_hook);
	free(d->dns_hook_style);
	free(d->rfc2136_server);
	free(d->rfc2136_zone);
	free(d->tsig_name);
	free(d->tsig_alg);
	store_secret_free(d->tsig_secret);
	free(d->dns_resolver);
	free(d->dns_check);
	free(d->last_check_result);
	memset(d, 0, sizeof(*d));
}

void domain_rows_free(struct domain_row *rows, size_t n)
{
	size_t i;

	if (rows == NULL)
		return;
	for (i = 0; i < n; i++)
		domain_row_clear(&rows[i]);
	free(rows);
}

int store_domain_read(sqlite3_stmt *s, int first, struct domain_row *d)
{
	struct store_row r;
	char *ident = NULL, *method = NULL;

	store_row_init(&r, s);
	r.col = first;
	d->id = store_row_int(&r);
	d->name = store_row_str(&r);
	ident = store_row_str(&r);
	method = store_row_str(&r);
	d->webroot = store_row_str(&r);
	d->http_bind = store_row_str(&r);
	d->http_port = store_row_i(&r);
	d->tls_port = store_row_i(&r);
	d->dns_hook = store_row_str(&r);
	d->rfc2136_server = store_row_str(&r);
	d->rfc2136_zone = store_row_str(&r);
	d->tsig_name = store_row_str(&r);
	d->tsig_alg = store_row_str(&r);
	d->tsig_secret = store_row_str(&r);
	d->dns_resolver = store_row_str(&r);
	d->dns_check = store_row_str(&r);
	d->dns_wait = store_row_i(&r);
	d->last_check_at = store_row_int(&r);
	d->last_check_result = store_row_str(&r);
	d->created_at = store_row_int(&r);
	d->updated_at = store_row_int(&r);
	d->dns_hook_style = store_row_str(&r);
	d->ident_type = dom_ident_parse(ident);
	d->method = dom_method_parse(method);
	free(ident);
	free(method);
	if (r.oom) {
		domain_row_clear(d);
		return -1;
	}
	return 0;
}

static const char sql_upsert[] =
	"INSERT INTO domains (name, ident_type, method, webroot, http_bind, "
	"http_port, tls_port, dns_hook, rfc2136_server, rfc2136_zone, "
	"tsig_name, tsig_alg, tsig_secret, dns_resolver, dns_check, dns_wait, "
	"created_at, updated_at, dns_hook_style) VALUES (?1, ?2, ?3, ?4, ?5, "
	"?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?16, ?17, ?15, ?15, ?18) "
	"ON CONFLICT (name) DO UPDATE SET ident_type = excluded.ident_type, "
	"method = excluded.method, webroot = excluded.webroot, "
	"http_bind = excluded.http_bind, http_port = excluded.http_port, "
	"tls_port = excluded.tls_port, dns_hook = excluded.dns_hook, "
	"rfc2136_server = excluded.rfc2136_server, "
	"rfc2136_zone = excluded.rfc2136_zone, "
	"tsig_name = excluded.tsig_name, tsig_alg = excluded.tsig_alg, "
	"tsig_secret = excluded.tsig_secret, "
	"dns_resolver = excluded.dns_resolver, "
	"dns_check = excluded.dns_check, dns_wait = excluded.dns_wait, "
	"dns_hook_style = excluded.dns_hook_style, "
	"updated_at = excluded.updated_at";

static const char sql_id_by_name[] = "SELECT id FROM domains WHERE name = ?1";

/* The upsert itself, inside the caller's atomic section. */
static enum rc upsert_row(struct store *st, const struct domain_row *d,
			  int64_t *id, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc ret;
	int rc;

	s = store_stmt(st, sql_upsert, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	store_bind_text(s, 1, d->name);
	store_bind_text(s, 2, dom_ident_name(d->ident_type));
	store_bind_text(s, 3, dom_method_name(d->method));
	store_bind_text(s, 4, d->webroot);
	store_bind_text(s, 5, d->http_bind);
	store_bind_opt_int(s, 6, d->http_port);
	store_bind_opt_int(s, 7, d->tls_port);
	store_bind_text(s, 8, d->dns_hook);
	store_bind_text(s, 9, d->rfc2136_server);
	store_bind_text(s, 10, d->rfc2136_zone);
	store_bind_text(s, 11, d->tsig_name);
	store_bind_text(s, 12, d->tsig_alg);
	store_bind_text(s, 13, d->tsig_secret);
	store_bind_text(s, 14, d->dns_resolver);
	sqlite3_bind_int64(s, 15, store_now());
	store_bind_text(s, 16, d->dns_check);
	store_bind_opt_int(s, 17, d->dns_wait);
	store_bind_text(s, 18, d->dns_hook_style);
	ret = store_step_done(st, s, _("saving the domain"), e);
	store_stmt_done(s);
	if (ret != RC_OK || id == NULL)
		return ret;
	/* last_insert_rowid() is not set when the row was updated. */
	s = store_stmt(st, sql_id_by_name, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	store_bind_text(s, 1, d->name);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	else
		ret = store_sql_err(st, rc == SQLITE_DONE ? SQLITE_ERROR : rc,
				    _("reading the domain back"), e);
	store_stmt_done(s);
	return ret;
}

enum rc store_domain_upsert(struct store *st, const struct domain_row *d,
			    int64_t *id, struct err *e)
{
	enum rc rc;

	if (d->name == NULL)
		return err_set(e, RC_INPUT, _("a domain needs a name"));
	rc = store_atomic_begin(st, 1, e);
	if (rc != RC_OK)
		return rc;
	rc = upsert_row(st, d, id, e);
	return store_atomic_end(st, rc, e);
}

static const char sql_get[] = "SELECT " DOMAIN_COLUMNS
			      " FROM domains d WHERE d.name = ?1";

enum rc store_domain_get(struct store *st, const char *name,
			 struct domain_row *out, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc ret = RC_OK;
	int rc;

	memset(out, 0, sizeof(*out));
	s = store_stmt(st, sql_get, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	store_bind_text(s, 1, name);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if (store_domain_read(s, 0, out) != 0)
			ret = err_set(e, RC_NOMEM, _("out of memory"));
	} else if (rc == SQLITE_DONE) {
		ret = err_set(e, RC_NOTFOUND, _("no domain %s"), name);
	} else {
		ret = store_sql_err(st, rc, _("reading a domain"), e);
	}
	store_stmt_done(s);
	return ret;
}

static const char sql_list[] = "SELECT " DOMAIN_COLUMNS
			       " FROM domains d ORDER BY d.name";

enum rc store_domain_list(struct store *st, struct domain_row **rows, size_t *n,
			  struct err *e)
{
	struct domain_row *arr = NULL;
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
		    store_domain_read(s, 0, &arr[count]) != 0) {
			ret = err_set(e, RC_NOMEM, _("out of memory"));
			goto out;
		}
		count++;
	}
	if (rc != SQLITE_DONE)
		ret = store_sql_err(st, rc, _("listing domains"), e);
out:
	store_stmt_done(s);
	if (ret != RC_OK) {
		domain_rows_free(arr, count);
		return ret;
	}
	*rows = arr;
	*n = count;
	return RC_OK;
}

static const char sql_set_check[] =
	"UPDATE domains SET last_check_at = ?2, last_check_result = ?3, "
	"updated_at = ?4 WHERE name = ?1";

enum rc store_domain_set_check(struct store *st, const char *name, int64_t at,
			       const char *result, struct err *e)
{
	char clean[1024];
	sqlite3_stmt *s = NULL;
	enum rc rc;

	s = store_stmt(st, sql_set_check, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	store_bind_text(s, 1, name);
	store_bind_opt_int(s, 2, at);
	if (result != NULL)
		store_bind_text(s, 3,
				safe_line(clean, sizeof(clean), result,
					  strlen(result)));
	sqlite3_bind_int64(s, 4, store_now());
	rc = store_step_one(st, s, _("domain"), e);
	store_stmt_done(s);
	return rc;
}

static const char sql_delete[] = "DELETE FROM domains WHERE name = ?1";

enum rc store_domain_delete(struct store *st, const char *name, struct err *e)
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
		ret = err_set(e, RC_NOTFOUND, _("no domain %s"), name);
	else if (rc != SQLITE_DONE &&
		 store_is_fk_error(sqlite3_extended_errcode(st->db)))
		ret = err_set(e, RC_INPUT,
			      _("domain %s is still used by a certificate"),
			      name);
	else if (rc != SQLITE_DONE)
		ret = store_sql_err(st, rc, _("deleting the domain"), e);
	store_stmt_done(s);
	return ret;
}
