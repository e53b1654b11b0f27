/* SPDX-License-Identifier: ISC */
/* test_store_watch.c - watched certificates in the inventory: migration 5
 * (certificates.account_id made nullable by a table rebuild) keeps every
 * row of a version 4 inventory, and the store functions for certificates
 * acmetui did not issue (store_cert_watch_put and what reads them). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "db/migrations.h"
#include "db/store.h"
#include "db/store_certs.h"
#include "db/store_domains.h"
#include "db/store_events.h"
#include "db/store_int.h"
#include "db/store_notify.h"
#include "store_test_util.h"
#include "tap.h"

static char *dir; /* this run's scratch directory */

/* The tables of a version 4 inventory, all of which must survive. */
static const char *const tables[] = {
	"accounts",	  "domains", "certificates", "cert_domains",   "orders",
	"authorizations", "events",  "renewal_runs", "expiry_notices",
};
#define N_TABLES (sizeof(tables) / sizeof(tables[0]))

/* One integer from a query, or -1. */
static int64_t q_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int64_t v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* One text from a query (new string), or NULL. */
static char *q_text(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s = NULL;
	char *v = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0) != NULL)
		v = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return v;
}

/* "quote(a)||','||quote(b)..." over the columns table has in db (new
 * string): the columns of version 4, to read the same ones afterwards
 * whatever later migrations add. */
static char *row_expr(sqlite3 *db, const char *table)
{
	char sql[128], *acc = strdup(""), *next = NULL;
	sqlite3_stmt *s = NULL;

	snprintf(sql, sizeof(sql), "PRAGMA table_info(%s)", table);
	sqlite3_prepare_v2(db, sql, -1, &s, NULL);
	while (acc != NULL && sqlite3_step(s) == SQLITE_ROW) {
		if (asprintf(&next, "%s%squote(%s)", acc,
			     acc[0] ? "||','||" : "",
			     (const char *)sqlite3_column_text(s, 1)) < 0)
			abort();
		free(acc);
		acc = next;
	}
	sqlite3_finalize(s);
	return acc;
}

/* Every row of table as text (expr per row, in rowid/key order). */
static char *table_text(sqlite3 *db, const char *table, const char *expr)
{
	char *sql = NULL, *v;

	if (asprintf(&sql,
		     "SELECT group_concat(r, char(10)) FROM (SELECT %s AS r "
		     "FROM %s ORDER BY 1)",
		     expr, table) < 0)
		abort();
	v = q_text(db, sql);
	free(sql);
	return v;
}

/* A version 4 inventory with a row in every table, certificates with
 * every column set.  0 on success. */
static int make_v4(const char *path)
{
	sqlite3 *db = NULL;
	int v, rc;

	rc = sqlite3_open(path, &db);
	for (v = 1; rc == SQLITE_OK && v <= 4; v++)
		rc = sqlite3_exec(db, migrations_sql(v), NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(
			db,
			"PRAGMA foreign_keys = ON;"
			"INSERT INTO accounts (id, name, directory_url, "
			" created_at, updated_at, key_pem) VALUES (3, 'acme', "
			" 'https://ca.test/dir', 10, 11, 'KEY');"
			"INSERT INTO domains (id, name, method, webroot, "
			" created_at, updated_at) VALUES (5, 'a.example', "
			" 'http-01', '/srv', 12, 13), (6, 'b.example', "
			" 'dns-01', NULL, 14, 15);"
			"INSERT INTO certificates VALUES (7, 'full', 3, 'ec384', "
			" 'classic', 'Root X', 'monitoring', 'ok', '0a1b', "
			" 'Issuer CA', 100, 200, 'aki.serial', 150, 'ARI', "
			" 160, 2, '/etc/x', 'reload', 'boom', 'h:1:0', 170, "
			" 180, 4, 20, 21, 'CERTKEY', 'LEAF', 'CHAIN', 190, "
			" 'a.example:443');"
			"INSERT INTO certificates (id, name, account_id, "
			" created_at, updated_at) VALUES (9, 'bare', 3, 22, 23);"
			"INSERT INTO cert_domains VALUES (7, 5, 0), (7, 6, 1), "
			" (9, 6, 0);"
			"INSERT INTO orders (id, cert_id, account_id, url, status, "
			" identifiers, created_at, updated_at) VALUES (11, 7, 3, "
			" 'https://ca.test/o/1', 'valid', 'a.example', 30, 31);"
			"INSERT INTO authorizations (order_id, url, identifier, "
			" status, updated_at) VALUES (11, 'https://ca.test/a/1', "
			" 'a.example', 'valid', 32);"
			"INSERT INTO events (ts, cert_id, account_id, subject, "
			" stage, level, message) VALUES (40, 7, 3, 'full', "
			" 'issuance', 'info', 'issued'), (41, 9, NULL, 'bare', "
			" 'request', 'warn', 'hm');"
			"INSERT INTO renewal_runs (started_at, renewed) "
			" VALUES (50, 1);"
			"INSERT INTO expiry_notices VALUES (7, 200, 14, 60);",
			NULL, NULL, NULL);
	sqlite3_close(db);
	if (rc == SQLITE_OK)
		chmod(path, 0600);
	return rc == SQLITE_OK ? 0 : -1;
}

static void test_migration_5(void)
{
	char *p = tpath(dir, "v4.db"), *exprs[N_TABLES], *before[N_TABLES];
	char *ic = NULL;
	struct store *st = NULL;
	struct err e = { 0 };
	sqlite3 *db = NULL;
	size_t i;

	ok(make_v4(p) == 0, "a version 4 inventory with data");
	sqlite3_open(p, &db);
	is_int(q_int(db, "PRAGMA user_version"), 4, "it is version 4");
	ok(q_int(db, "SELECT \"notnull\" FROM pragma_table_info("
		     "'certificates') WHERE name = 'account_id'") == 1,
	   "account_id NOT NULL in version 4");
	for (i = 0; i < N_TABLES; i++) {
		exprs[i] = row_expr(db, tables[i]);
		before[i] = table_text(db, tables[i], exprs[i]);
	}
	sqlite3_close(db);

	is_int(store_open(p, &st, &e), RC_OK, "store_open migrates it: %s",
	       err_text(&e));
	if (st == NULL)
		goto out;
	is_int(q_int(st->db, "PRAGMA user_version"), migrations_latest(),
	       "now the latest version");
	ok(q_int(st->db, "SELECT \"notnull\" FROM pragma_table_info("
			 "'certificates') WHERE name = 'account_id'") == 0,
	   "account_id nullable");
	for (i = 0; i < N_TABLES; i++) {
		char *after = table_text(st->db, tables[i], exprs[i]);

		ok(before[i] != NULL, "%s had rows", tables[i]);
		is_str(after ? after : "", before[i] ? before[i] : "",
		       "every row of %s intact", tables[i]);
		free(after);
	}
	is_int(q_int(st->db, "PRAGMA foreign_keys"), 1, "foreign keys on");
	is_int(q_int(st->db, "SELECT count(*) FROM pragma_foreign_key_check"),
	       0, "no foreign key broken");
	/* Strictly "ok": v8 reorders cert_domains so that SQLite 3.40 does
	 * not report its rows as NULL. */
	ic = q_text(st->db, "PRAGMA integrity_check");
	is_str(ic ? ic : "(null)", "ok", "integrity_check says ok");
	free(ic);
	ok(q_int(st->db, "SELECT count(*) FROM sqlite_master WHERE name = "
			 "'new_certificates'") == 0,
	   "no leftover of the rebuild");
	is_int(q_int(st->db, "SELECT count(*) FROM sqlite_master WHERE "
			     "type = 'index' AND tbl_name = 'certificates' "
			     "AND sql IS NOT NULL"),
	       11,
	       "its six indexes recreated, v11's forecast index, "
	       "v14's three dashboard indexes and v15's attention index");
	/* The constraints still hold on the new table. */
	ok(sqlite3_exec(st->db,
			"INSERT INTO certificates (name, account_id, "
			"created_at, updated_at) VALUES ('x', 99, 1, 1)",
			NULL, NULL, NULL) != SQLITE_OK,
	   "unknown account refused");
	ok(sqlite3_exec(st->db, "DELETE FROM accounts WHERE id = 3", NULL, NULL,
			NULL) != SQLITE_OK,
	   "account in use cannot be deleted (RESTRICT)");
	ok(sqlite3_exec(st->db,
			"INSERT INTO certificates (name, stage, created_at, "
			"updated_at) VALUES ('y', 'bogus', 1, 1)",
			NULL, NULL, NULL) != SQLITE_OK,
	   "stage CHECK kept");
	is_int(sqlite3_exec(st->db,
			    "INSERT INTO certificates (name, created_at, "
			    "updated_at) VALUES ('watched', 1, 1)",
			    NULL, NULL, NULL),
	       SQLITE_OK, "a certificate without account accepted");
	/* The references of the other tables follow the rebuilt table. */
	is_int(sqlite3_exec(st->db, "DELETE FROM certificates WHERE id = 7",
			    NULL, NULL, NULL),
	       SQLITE_OK, "delete a certificate");
	is_int(q_int(st->db, "SELECT count(*) FROM cert_domains WHERE "
			     "cert_id = 7"),
	       0, "its domain links cascade");
	is_int(q_int(st->db, "SELECT count(*) FROM orders"), 0,
	       "its orders cascade");
	is_int(q_int(st->db, "SELECT count(*) FROM expiry_notices"), 0,
	       "its notices cascade");
	is_int(q_int(st->db, "SELECT count(*) FROM events WHERE cert_id IS "
			     "NULL AND subject = 'full'"),
	       1, "its events stay, detached");
out:
	store_close(st);
	for (i = 0; i < N_TABLES; i++) {
		free(exprs[i]);
		free(before[i]);
	}
	free(p);
}

/* A watched certificate with names n0.<tag>.example... */
static void watch_fill(struct cert_watch *w, struct domain_row *d, size_t n,
		       const char *name, const char *tag, int64_t not_after)
{
	static char names[4][64];
	size_t i;

	memset(w, 0, sizeof(*w));
	for (i = 0; i < n; i++) {
		memset(&d[i], 0, sizeof(d[i]));
		snprintf(names[i], sizeof(names[i]), "n%zu.%s.example", i, tag);
		d[i].name = names[i];
		d[i].ident_type = DOM_IDENT_DNS;
	}
	w->name = name;
	w->cert_pem = "-----BEGIN CERTIFICATE-----\nAA==\n"
		      "-----END CERTIFICATE-----\n";
	w->chain_pem = NULL;
	w->serial = "01ff";
	w->issuer = "Some CA";
	w->not_before = not_after - 90 * 86400;
	w->not_after = not_after;
	w->domains = d;
	w->n_domains = n;
	w->event_level = EV_INFO;
	w->event = "imported";
}

static void test_watch(void)
{
	char *p = tpath(dir, "watch.db");
	struct store *st = NULL;
	struct err e = { 0 };
	struct cert_watch w;
	struct domain_row d[4], set = { 0 };
	struct cert_row r = { 0 };
	struct cert_summary *sum = NULL;
	struct cert_due *due = NULL;
	struct cert_expiring *exp = NULL;
	struct event_row *ev = NULL;
	int64_t id = 0, id2 = 0, acct, now = 2000000000;
	size_t n = 0, i;
	int created = -1;
	char *plan;

	if (store_open(p, &st, &e) != RC_OK) {
		ok(0, "open: %s", err_text(&e));
		goto out;
	}
	acct = fx_account(st, "acme");
	ok(fx_cert(st, "managed", acct, 1) > 0, "a managed certificate");
	/* A domain the managed certificate validates with dns-01. */
	set.name = (char *)"n1.web.example";
	set.method = DOM_METHOD_DNS01;
	set.dns_hook = (char *)"/usr/local/bin/hook";
	is_int(store_domain_upsert(st, &set, NULL, &e), RC_OK,
	       "a domain with settings");

	watch_fill(&w, d, 2, "web", "web", now + 20 * 86400);
	w.probe_endpoints = "127.0.0.1:8443";
	is_int(store_cert_watch_put(st, &w, &id, &created, &e), RC_OK,
	       "watched certificate stored: %s", err_text(&e));
	is_int(created, 1, "as a new one");
	is_int(store_cert_get_by_name(st, "web", &r, &e), RC_OK, "read back");
	is_int(r.watched, 1, "watched");
	is_int(r.account_id, 0, "no account");
	ok(r.account_name == NULL, "no account name");
	is_int(r.stage, CERT_STAGE_MONITORING, "stage monitoring");
	is_int(r.status, CERT_STATUS_OK, "status ok");
	is_int(r.renew_at, 0, "no renewal time");
	ok(r.key_pem == NULL, "no key");
	is_str(r.serial, "01ff", "serial");
	is_int(r.not_after, now + 20 * 86400, "not_after");
	is_str(r.probe_endpoints, "127.0.0.1:8443", "probe endpoints");
	is_int(r.n_domains, 2, "two names");
	if (r.n_domains == 2) {
		is_str(r.domains[0].name, "n0.web.example", "first name");
		is_int(r.domains[1].method, DOM_METHOD_DNS01,
		       "an existing domain keeps its method");
		is_str(r.domains[1].dns_hook, "/usr/local/bin/hook",
		       "and its settings");
	}
	cert_row_clear(&r);
	is_int(store_event_list_cert(st, id, 5, 0, &ev, &n, &e), RC_OK,
	       "events");
	ok(n == 1 && strcmp(ev[0].message, "imported") == 0 &&
		   strcmp(ev[0].stage, "monitoring") == 0,
	   "the import event logged");
	event_rows_free(ev, n);

	/* Re-import: same row updated, names replaced, endpoints kept. */
	watch_fill(&w, d, 3, "web", "new", now + 80 * 86400);
	w.serial = "02aa";
	w.event = "re-imported";
	w.event_level = EV_WARN;
	created = -1;
	is_int(store_cert_watch_put(st, &w, &id2, &created, &e), RC_OK,
	       "re-import");
	is_int(created, 0, "not new");
	ok(id2 == id, "same id");
	is_int(store_cert_get_by_name(st, "web", &r, &e), RC_OK, "read back");
	is_str(r.serial, "02aa", "new serial");
	is_int(r.not_after, now + 80 * 86400, "new not_after");
	is_int(r.n_domains, 3, "new names");
	is_str(r.probe_endpoints, "127.0.0.1:8443", "endpoints kept");
	cert_row_clear(&r);
	is_int(store_event_list_cert(st, id, 5, 0, &ev, &n, &e), RC_OK,
	       "events");
	ok(n == 2 && strcmp(ev[0].message, "re-imported") == 0 &&
		   ev[0].level == EV_WARN,
	   "the re-import event logged, its level kept");
	event_rows_free(ev, n);

	/* A managed certificate is never overwritten. */
	watch_fill(&w, d, 1, "managed", "x", now + 86400);
	is_int(store_cert_watch_put(st, &w, NULL, NULL, &e), RC_EXISTS,
	       "managed name refused");
	ok(strstr(e.msg, "managed") != NULL && strstr(e.msg, "--name"),
	   "says why: %s", e.msg);
	err_clear(&e);
	is_int(store_cert_get_by_name(st, "managed", &r, &e), RC_OK,
	       "managed still there");
	is_int(r.watched, 0, "still managed");
	ok(r.account_name != NULL && strcmp(r.account_name, "acme") == 0,
	   "with its account");
	ok(r.serial == NULL, "untouched");
	cert_row_clear(&r);

	/* Refusals. */
	watch_fill(&w, d, 1, "bad", "bad", now);
	w.cert_pem = NULL;
	is_int(store_cert_watch_put(st, &w, NULL, NULL, &e), RC_INPUT,
	       "no certificate refused");
	err_clear(&e);
	watch_fill(&w, d, 2, "dup", "dup", now);
	d[1].name = d[0].name;
	is_int(store_cert_watch_put(st, &w, NULL, NULL, &e), RC_INPUT,
	       "a name twice refused");
	err_clear(&e);
	is_int(store_cert_get_by_name(st, "dup", &r, &e), RC_NOTFOUND,
	       "and nothing stored (all or nothing)");
	err_clear(&e);
	watch_fill(&w, d, 0, "nonames", "x", now + 86400);
	is_int(store_cert_watch_put(st, &w, NULL, NULL, &e), RC_OK,
	       "a certificate without names may be watched");

	/* The lists. */
	is_int(store_cert_list_summary(st, &sum, &n, &e), RC_OK, "summary");
	is_int(n, 3, "all three listed");
	for (i = 0; i < n; i++) {
		if (strcmp(sum[i].name, "web") == 0) {
			is_int(sum[i].watched, 1, "web watched in summary");
			ok(sum[i].account_name == NULL, "without account");
			is_int(sum[i].domain_count, 3, "its names counted");
		} else if (strcmp(sum[i].name, "managed") == 0) {
			is_int(sum[i].watched, 0, "managed not watched");
		}
	}
	cert_summaries_free(sum, n);
	/* Even with a renewal time, never due. */
	is_int(store_cert_set_renewal(st, id, 1, "x", &e), RC_OK,
	       "renew_at forced on a watched certificate");
	is_int(store_cert_list_due(st, now + 365 * 86400, &due, &n, &e), RC_OK,
	       "due query");
	is_int(n, 0, "a watched certificate is never due");
	cert_due_free(due, n);
	/* Expiry warnings include it. */
	is_int(store_cert_list_expiring(st, now, now + 100 * 86400, &exp, &n,
					&e),
	       RC_OK, "expiring query");
	for (i = 0; i < n && strcmp(exp[i].name, "web") != 0; i++)
		;
	ok(i < n, "the watched certificate is among the expiring");
	cert_expiring_free(exp, n);
	is_int(store_cert_list_watched_probes(st, &due, &n, &e), RC_OK,
	       "watched with endpoints");
	ok(n == 1 && strcmp(due[0].name, "web") == 0,
	   "only the one with endpoints");
	cert_due_free(due, n);
	plan = NULL;
	{
		sqlite3_stmt *s = NULL;

		sqlite3_prepare_v2(st->db,
				   "EXPLAIN QUERY PLAN SELECT id, name, 0, 0 "
				   "FROM certificates WHERE account_id IS "
				   "NULL AND probe_endpoints IS NOT NULL AND "
				   "probe_endpoints <> '' AND stage <> "
				   "'revoked'",
				   -1, &s, NULL);
		while (sqlite3_step(s) == SQLITE_ROW)
			if (strstr((const char *)sqlite3_column_text(s, 3),
				   "certificates_account") != NULL)
				plan = "index";
		sqlite3_finalize(s);
	}
	ok(plan != NULL, "the watched query uses the account index");

	is_int(store_cert_delete(st, "web", &e), RC_OK,
	       "a watched certificate can be deleted");
	is_int(store_domain_get(st, "n1.web.example", &set, &e), RC_OK,
	       "its domains stay");
	domain_row_clear(&set);
out:
	store_close(st);
	free(p);
}

int main(void)
{
	dir = tdir_make();
	test_migration_5();
	test_watch();
	tdir_remove(dir);
	free(dir);
	return tap_done();
}
