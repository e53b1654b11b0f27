/* SPDX-License-Identifier: ISC */
/* store_int.h - what the db/store_*.c files share and nobody else sees:
 * the connection struct, the prepared-statement cache, binding and
 * row-reading helpers, error mapping and nested atomic sections.
 *
 * Only files in db/ (and the store's own unit tests) include this. */
#ifndef ACMETUI_STORE_INT_H
#define ACMETUI_STORE_INT_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "db/store.h"
#include "util/err.h"

/* Distinct SQL texts a connection keeps prepared (one per query). */
#define STORE_STMT_CACHE 128

struct store_stmt_slot {
	const char *sql; /* the static text; identity is the pointer */
	sqlite3_stmt *stmt;
};

struct store {
	sqlite3 *db;
	char *path;
	int busy_ms;	    /* the busy timeout */
	int atomic_depth;   /* nesting of store_atomic_begin() */
	int atomic_owns_tx; /* the outermost section did BEGIN */
	size_t n_stmts;
	struct store_stmt_slot stmts[STORE_STMT_CACHE];
};

/* The current time in unix seconds (what created_at/updated_at get). */
int64_t store_now(void);

/* Returns the prepared statement for sql (a static string: the cache is
 * keyed by its address), preparing it on first use.  The statement is
 * borrowed from st; after use the caller must call store_stmt_done(),
 * which resets it and clears its bindings (an un-reset statement would pin
 * an old read snapshot).  NULL (and e set) on failure. */
sqlite3_stmt *store_stmt(struct store *st, const char *sql, struct err *e);

/* Resets a statement from store_stmt() and clears its bindings. NULL ok. */
void store_stmt_done(sqlite3_stmt *s);

/* Finalizes every cached statement (before closing the connection). */
void store_stmts_finalize(struct store *st);

/* Maps an SQLite result code (and the connection's extended code) to an
 * enum rc and records "what: sqlite message" in e.  Busy/locked give
 * RC_DB_BUSY, unique violations RC_EXISTS, CHECK/NOT NULL/foreign key
 * violations RC_INPUT, out-of-memory RC_NOMEM, everything else RC_DB. */
enum rc store_sql_err(struct store *st, int rc, const char *what,
		      struct err *e);

/* Whether an extended result code is a foreign key violation: ON DELETE
 * RESTRICT reports SQLITE_CONSTRAINT_TRIGGER, other actions
 * SQLITE_CONSTRAINT_FOREIGNKEY (the schema has no triggers of its own). */
int store_is_fk_error(int ext);

/* Steps s once expecting SQLITE_DONE (an INSERT/UPDATE/DELETE). */
enum rc store_step_done(struct store *st, sqlite3_stmt *s, const char *what,
			struct err *e);

/* Steps an UPDATE/DELETE of one row by key: RC_NOTFOUND ("what: not
 * found") when it changed no row. */
enum rc store_step_one(struct store *st, sqlite3_stmt *s, const char *what,
		       struct err *e);

/* Runs a static, parameterless SQL text (transaction control, pragmas). */
enum rc store_exec(struct store *st, const char *sql, const char *what,
		   struct err *e);

/* An atomic section for a store function that writes several rows (write
 * = 1) or reads a consistent set of rows (write = 0).  Outside a
 * transaction it starts one (BEGIN IMMEDIATE for writes, BEGIN for reads);
 * inside one (store_begin() or an enclosing section) it sets a savepoint.
 * store_atomic_end() commits/releases when rc is RC_OK, else rolls the
 * section back; it returns rc, or the commit's failure. */
enum rc store_atomic_begin(struct store *st, int write, struct err *e);
enum rc store_atomic_end(struct store *st, enum rc rc, struct err *e);

/* Links domain_id to certificate cert_id at position pos (name only for
 * the message when the certificate lists it twice: RC_INPUT).  Shared by
 * the issued (store_certs.c) and the watched (store_certs_watch.c)
 * inserts, which find or create the domain row differently. */
enum rc store_cert_link(struct store *st, int64_t cert_id, int64_t domain_id,
			int pos, const char *name, struct err *e);

/* Binders: a NULL string binds SQL NULL; the text is not copied (it must
 * outlive the step, which it does because every statement is reset before
 * the store function returns); so secrets are never duplicated. */
int store_bind_text(sqlite3_stmt *s, int i, const char *v);
/* Binds v, or SQL NULL when v == 0 (optional times and counters). */
int store_bind_opt_int(sqlite3_stmt *s, int i, int64_t v);

/* Reads the columns of a result row left to right. */
struct store_row {
	sqlite3_stmt *s;
	int col; /* next column */
	int oom; /* set when a string copy failed */
};

void store_row_init(struct store_row *r, sqlite3_stmt *s);
/* Next column as a new string (NULL for SQL NULL). */
char *store_row_str(struct store_row *r);
/* Next column as an integer (0 for SQL NULL). */
int64_t store_row_int(struct store_row *r);
/* Next column as an int clamped to int range (0 for SQL NULL). */
int store_row_i(struct store_row *r);

/* Wipes (OPENSSL_cleanse) and frees a NUL-terminated secret; NULL ok. */
void store_secret_free(char *s);

/* Grows *arr (of elem-sized items, *cap slots) so that it can hold n + 1
 * items; new slots are zeroed.  Returns 0, or -1 when out of memory. */
int store_grow(void **arr, size_t *cap, size_t n, size_t elem);

/* Maps text to the index of the matching name in names[0..n), or n when
 * none matches (the callers' __INVALID value).  NULL text gives n. */
/* store_enum_parse(): db/store_enum.h */

/* Domain rows are also read by the certificate queries: DOMAIN_COLUMNS
 * is the column list (table alias d) that store_domain_read() expects,
 * starting at column `first`.  Returns 0, or -1 when out of memory (d is
 * then cleared). */
#define DOMAIN_COLUMNS \
	"d.id, d.name, d.ident_type, d.method, d.webroot, d.http_bind, " \
	"d.http_port, d.tls_port, d.dns_hook, d.rfc2136_server, " \
	"d.rfc2136_zone, d.tsig_name, d.tsig_alg, d.tsig_secret, " \
	"d.dns_resolver, d.dns_check, d.dns_wait, d.last_check_at, d.last_check_result, " \
	"d.created_at, d.updated_at, d.dns_hook_style"
struct domain_row;
int store_domain_read(sqlite3_stmt *s, int first, struct domain_row *d);

/* A certificate's dashboard summary: SUMMARY_COLUMNS over SUMMARY_FROM
 * (aliases c, a for its account, d for its first domain) is what
 * store_summary_read() reads.  The first domain is the position-0 row
 * of cert_domains (the store links positions 0..n-1); should one be
 * missing (an inventory edited by hand), COALESCE falls back to the
 * lowest position, which SQLite evaluates only for such rows. */
#define SUMMARY_FIRST_DOMAIN \
	"COALESCE(d.name, (SELECT d2.name FROM cert_domains cd2 " \
	"JOIN domains d2 ON d2.id = cd2.domain_id " \
	"WHERE cd2.cert_id = c.id ORDER BY cd2.position LIMIT 1))"
#define SUMMARY_COLUMNS \
	"c.id, c.name, " SUMMARY_FIRST_DOMAIN ", " \
	"(SELECT count(*) FROM cert_domains cd WHERE cd.cert_id = c.id), " \
	"a.name, a.ca_preset, c.stage, c.status, c.not_after, c.renew_at, " \
	"c.last_error, c.serial, c.account_id IS NULL"
#define SUMMARY_FROM \
	"FROM certificates c LEFT JOIN accounts a ON a.id = c.account_id " \
	"LEFT JOIN cert_domains f ON f.cert_id = c.id AND f.position = 0 " \
	"LEFT JOIN domains d ON d.id = f.domain_id"
struct cert_summary;
/* Fills *c from the current row of a SUMMARY_COLUMNS query with one
 * allocation (cert_summaries_free() releases it).  Returns 0, or -1
 * when out of memory (c is left empty). */
int store_summary_read(sqlite3_stmt *s, struct cert_summary *c);

#endif
