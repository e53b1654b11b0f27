/* SPDX-License-Identifier: ISC */
/* test_store.c - the inventory: paths, file modes, opening and refusing,
 * migrations against db/schema.sql, every store function, transactions,
 * the due query and its index, leases across connections. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db/migrations.h"
#include "db/store.h"
#include "db/store_accounts.h"
#include "db/store_certs.h"
#include "db/store_domains.h"
#include "db/store_events.h"
#include "db/store_int.h"
#include "db/store_leases.h"
#include "db/store_intents.h"
#include "db/store_orders.h"
#include "db/store_runs.h"
#include "db/store_sched.h"
#include "store_test_util.h"
#include "util/env.h"
#include "tap.h"

static char *dir; /* this run's scratch directory */

/* Mode bits of path, or -1. */
static int mode_of(const char *path)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		return -1;
	return (int)(sb.st_mode & 07777);
}

/* A store on a fresh file in the scratch directory. */
static struct store *fresh(const char *name)
{
	struct store *st = NULL;
	struct err e = { 0 };
	char *p = tpath(dir, name);

	if (store_open(p, &st, &e) != RC_OK)
		printf("# open %s: %s\n", p, err_text(&e));
	free(p);
	return st;
}

/* One integer from a query run on the store's own connection. */
static int64_t q_int(struct store *st, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int64_t v = -1;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* Runs sql on st's connection; a failure fails a test. */
static void raw_sql(struct store *st, const char *sql)
{
	ok(sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK, "%s", sql);
}

static void test_paths(void)
{
	struct store_path_env env = { 0 };
	struct err e = { 0 };
	char *p = NULL;

	env.home = "/home/op";
	ok(store_path_resolve(&env, &p, &e) == RC_OK, "home rule");
	is_str(p, "/home/op/.local/share/acmetui/acmetui.db",
	       "~/.local/share/acmetui/acmetui.db");
	free(p);
	env.xdg_data_home = "/xdg";
	store_path_resolve(&env, &p, NULL);
	is_str(p, "/xdg/acmetui/acmetui.db", "XDG_DATA_HOME before HOME");
	free(p);
	env.xdg_data_home = "rel/xdg";
	store_path_resolve(&env, &p, NULL);
	is_str(p, "/home/op/.local/share/acmetui/acmetui.db",
	       "relative XDG_DATA_HOME ignored");
	free(p);
	env.xdg_data_home = "/xdg";
	env.is_root = 1;
	store_path_resolve(&env, &p, NULL);
	is_str(p, "/var/lib/acmetui/acmetui.db", "root: /var/lib");
	free(p);
	env.acmetui_db = "/env/inv.db";
	store_path_resolve(&env, &p, NULL);
	is_str(p, "/env/inv.db", "ACMETUI_DB before the root rule");
	free(p);
	env.is_root = 0;
	store_path_resolve(&env, &p, NULL);
	is_str(p, "/env/inv.db", "ACMETUI_DB before XDG");
	free(p);
	env.explicit_path = "/opt/x.db";
	store_path_resolve(&env, &p, NULL);
	is_str(p, "/opt/x.db", "--db before ACMETUI_DB");
	free(p);
	env.explicit_path = "";
	store_path_resolve(&env, &p, NULL);
	is_str(p, "/env/inv.db", "empty --db counts as unset");
	free(p);

	memset(&env, 0, sizeof(env));
	p = (char *)"x";
	is_int(store_path_resolve(&env, &p, &e), RC_INPUT, "no home: RC_INPUT");
	ok(p == NULL, "no home: no path");
	ok(strstr(e.msg, "--db") != NULL, "message says what to do");

	/* The process-level wrapper reads the real environment (through
	 * the configuration step: env_load() after each change). */
	err_clear(&e);
	setenv("ACMETUI_DB", "/from/env.db", 1);
	env_load();
	store_default_path(NULL, &p, &e);
	is_str(p, "/from/env.db", "store_default_path reads ACMETUI_DB");
	free(p);
	store_default_path("/cli.db", &p, &e);
	is_str(p, "/cli.db", "store_default_path: explicit wins");
	free(p);
	unsetenv("ACMETUI_DB");
	setenv("XDG_DATA_HOME", "/xdgenv", 1);
	env_load();
	store_default_path(NULL, &p, &e);
	if (geteuid() == 0)
		is_str(p, "/var/lib/acmetui/acmetui.db", "root default");
	else
		is_str(p, "/xdgenv/acmetui/acmetui.db", "user default");
	free(p);
	unsetenv("XDG_DATA_HOME");
	env_load();
}

/* Opens a nested path under the given umask and checks every mode. */
static void check_modes(mode_t mask)
{
	char *base = NULL, *a = NULL, *ab = NULL, *db = NULL, *wal = NULL;
	char *shm = NULL;
	struct store *st = NULL;
	struct err e = { 0 };
	mode_t old;

	if (asprintf(&base, "%s/u%03o", dir, (unsigned)mask) < 0)
		abort();
	a = tpath(base, "a");
	ab = tpath(a, "b");
	db = tpath(ab, "inv.db");
	wal = tpath(ab, "inv.db-wal");
	shm = tpath(ab, "inv.db-shm");
	old = umask(mask);
	is_int(store_open(db, &st, &e), RC_OK, "umask %03o: open creates",
	       (unsigned)mask);
	/* A write makes sure the WAL and shared-memory files exist. */
	ok(fx_account(st, "m") > 0, "umask %03o: write", (unsigned)mask);
	umask(old);
	is_int(mode_of(base), 0700, "umask %03o: parent dir 0700",
	       (unsigned)mask);
	is_int(mode_of(ab), 0700, "umask %03o: dir 0700", (unsigned)mask);
	is_int(mode_of(db), 0600, "umask %03o: file 0600", (unsigned)mask);
	is_int(mode_of(wal), 0600, "umask %03o: -wal 0600", (unsigned)mask);
	is_int(mode_of(shm), 0600, "umask %03o: -shm 0600", (unsigned)mask);
	store_close(st);
	free(base);
	free(a);
	free(ab);
	free(db);
	free(wal);
	free(shm);
}

static void test_modes(void)
{
	struct store *st = NULL;
	struct err e = { 0 };
	char *p = NULL, *ww = NULL;

	check_modes(022);
	check_modes(000);

	/* An existing loose file of ours is tightened. */
	p = tpath(dir, "loose.db");
	fclose(fopen(p, "w"));
	chmod(p, 0644);
	is_int(store_open(p, &st, &e), RC_OK, "open existing empty file");
	is_int(mode_of(p), 0600, "loose file tightened to 0600");
	store_close(st);
	free(p);

	/* A world-writable directory is refused. */
	ww = tpath(dir, "public");
	mkdir(ww, 0777);
	chmod(ww, 0777);
	p = tpath(ww, "x.db");
	err_clear(&e);
	is_int(store_open(p, &st, &e), RC_DB, "world-writable dir refused");
	ok(st == NULL, "no store on failure");
	ok(strstr(e.msg, "writable by everyone") != NULL, "says why: %s",
	   e.msg);
	ok(access(p, F_OK) != 0, "nothing created there");
	free(p);
	free(ww);
}

static void test_migrations(void)
{
	struct store *st = NULL, *st2 = NULL;
	struct err e = { 0 };
	char *p = tpath(dir, "mig.db");

	ok(migrations_sql(0) == NULL, "no migration 0");
	ok(migrations_sql(migrations_latest()) != NULL, "latest exists");
	ok(migrations_sql(migrations_latest() + 1) == NULL, "none beyond");
	is_int(store_schema_version(), migrations_latest(), "version");

	is_int(store_open(p, &st, &e), RC_OK, "create from empty");
	is_int(q_int(st, "PRAGMA user_version"), migrations_latest(),
	       "user_version set");
	is_int(q_int(st, "PRAGMA application_id"), STORE_APPLICATION_ID,
	       "application_id set");
	is_int(q_int(st, "PRAGMA foreign_keys"), 1, "foreign keys on");
	is_int(q_int(st, "PRAGMA secure_delete"), 1, "secure_delete on");
	is_int(q_int(st, "PRAGMA synchronous"), 1, "synchronous NORMAL");
	ok(q_int(st, "SELECT count(*) FROM sqlite_master WHERE "
		     "name = 'certificates_renew_at'") == 1,
	   "renew_at index exists");
	{
		sqlite3_stmt *s = NULL;

		sqlite3_prepare_v2(st->db, "PRAGMA journal_mode", -1, &s, NULL);
		ok(sqlite3_step(s) == SQLITE_ROW &&
			   strcmp((const char *)sqlite3_column_text(s, 0),
				  "wal") == 0,
		   "WAL mode");
		sqlite3_finalize(s);
	}
	/* A second connection on a migrated file migrates nothing. */
	is_int(store_open(p, &st2, &e), RC_OK, "second open");
	is_int(q_int(st2, "PRAGMA user_version"), migrations_latest(),
	       "still the latest version");
	store_close(st2);
	store_close(st);
	free(p);
}

/* Canonical form of a CREATE statement for comparison: comments dropped,
 * white space kept only between two word characters, as one space, and
 * identifier quotes dropped (ALTER TABLE RENAME, which the table rebuild
 * of migration 5 uses, writes the new name as "certificates"). */
static char *normalize(const char *sql)
{
	char *out = calloc(1, strlen(sql) + 1);
	size_t o = 0;
	int space = 0, quote = 0;
	const char *p;

	if (out == NULL)
		abort();
	for (p = sql; *p; p++) {
		if (!quote && p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				p++;
			space = 1;
			if (!*p)
				break;
			continue;
		}
		if (!quote && isspace((unsigned char)*p)) {
			space = 1;
			continue;
		}
		if (!quote && *p == '"')
			continue;
		if (space && o > 0 &&
		    (isalnum((unsigned char)out[o - 1]) || out[o - 1] == '_') &&
		    (isalnum((unsigned char)*p) || *p == '_'))
			out[o++] = ' ';
		space = 0;
		if (*p == '\'')
			quote = !quote;
		out[o++] = *p;
	}
	out[o] = '\0';
	return out;
}

/* sqlite_master of db as one normalized text, objects in name order. */
static char *master_text(sqlite3 *db)
{
	sqlite3_stmt *s = NULL;
	char *acc = strdup(""), *n = NULL, *next = NULL;

	sqlite3_prepare_v2(db,
			   "SELECT type, name, tbl_name, coalesce(sql, '') "
			   "FROM sqlite_master ORDER BY type, name",
			   -1, &s, NULL);
	while (sqlite3_step(s) == SQLITE_ROW) {
		n = normalize((const char *)sqlite3_column_text(s, 3));
		if (asprintf(&next, "%s%s %s %s: %s\n", acc,
			     sqlite3_column_text(s, 0),
			     sqlite3_column_text(s, 1),
			     sqlite3_column_text(s, 2), n) < 0)
			abort();
		free(acc);
		free(n);
		acc = next;
	}
	sqlite3_finalize(s);
	return acc;
}

static void test_schema_sql(void)
{
	const char *srcdir = getenv("top_srcdir");
	char *file = NULL, *text = NULL, *want = NULL, *got = NULL;
	struct store *st = NULL;
	sqlite3 *mem = NULL;
	size_t len = 0;

	if (srcdir == NULL)
		srcdir = ".";
	file = tpath(srcdir, "src/db/schema.sql");
	text = slurp(file, &len);
	ok(text != NULL, "read %s", file);
	sqlite3_open(":memory:", &mem);
	is_int(sqlite3_exec(mem, text ? text : "", NULL, NULL, NULL), SQLITE_OK,
	       "schema.sql runs");
	st = fresh("schema.db");
	want = master_text(mem);
	got = master_text(st->db);
	ok(strstr(want, "certificates_renew_at") != NULL,
	   "schema.sql has the objects");
	is_str(got, want, "migrations create exactly schema.sql");
	{
		sqlite3_stmt *s = NULL;
		int64_t v = -1, app = -1;

		sqlite3_prepare_v2(mem, "PRAGMA user_version", -1, &s, NULL);
		if (sqlite3_step(s) == SQLITE_ROW)
			v = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
		sqlite3_prepare_v2(mem, "PRAGMA application_id", -1, &s, NULL);
		if (sqlite3_step(s) == SQLITE_ROW)
			app = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
		is_int(v, migrations_latest(), "schema.sql version is latest");
		is_int(app, STORE_APPLICATION_ID, "schema.sql application_id");
	}
	sqlite3_close(mem);
	store_close(st);
	free(file);
	free(text);
	free(want);
	free(got);
}

static void test_refusals(void)
{
	char *p = tpath(dir, "newer.db"), *g = tpath(dir, "garbage.db");
	char *f = tpath(dir, "foreign.db");
	char *before = NULL, *after = NULL, junk[4096];
	size_t lb = 0, la = 0, i;
	struct store *st = NULL;
	struct err e = { 0 };
	FILE *fp;

	/* A database from the future is never written. */
	st = fresh("newer.db");
	ok(fx_account(st, "keep") > 0, "some content");
	store_close(st);
	st = NULL;
	is_int(raw_exec(p, "PRAGMA user_version = 99"), SQLITE_OK,
	       "set user_version 99 by hand");
	before = slurp(p, &lb);
	is_int(store_open(p, &st, &e), RC_DB_SCHEMA, "newer schema refused");
	ok(st == NULL, "no store");
	ok(strstr(e.msg, "99") != NULL, "message names the version: %s", e.msg);
	after = slurp(p, &la);
	ok(before && after && lb == la && memcmp(before, after, lb) == 0,
	   "file unchanged byte for byte");
	free(before);
	free(after);

	/* Garbage. */
	for (i = 0; i < sizeof(junk); i++)
		junk[i] = (char)(i * 7 + 3);
	fp = fopen(g, "w");
	fwrite(junk, 1, sizeof(junk), fp);
	fclose(fp);
	chmod(g, 0600);
	err_clear(&e);
	is_int(store_open(g, &st, &e), RC_DB, "garbage refused");
	ok(strstr(e.msg, g) != NULL, "message names the path: %s", e.msg);
	before = slurp(g, &lb);
	ok(before && lb == sizeof(junk) && memcmp(before, junk, lb) == 0,
	   "garbage left untouched");
	free(before);

	/* Someone else's SQLite database. */
	fp = fopen(f, "w");
	fclose(fp);
	chmod(f, 0600);
	raw_exec(f, "CREATE TABLE places (url TEXT)");
	err_clear(&e);
	is_int(store_open(f, &st, &e), RC_DB, "foreign database refused");
	ok(strstr(e.msg, "not an acmetui inventory") != NULL, "says so: %s",
	   e.msg);
	free(p);
	free(g);
	free(f);
}

static void test_busy(void)
{
	struct store *a = NULL, *b = NULL;
	char *p = tpath(dir, "busy.db"), *q = tpath(dir, "busy2.db");
	struct err e = { 0 };
	sqlite3 *raw = NULL;
	FILE *fp;

	is_int(store_open_timeout(p, 100, &a, &e), RC_OK, "open a");
	is_int(store_open_timeout(p, 100, &b, &e), RC_OK, "open b");
	is_int(store_begin(a, &e), RC_OK, "a begins");
	is_int(store_begin(a, &e), RC_USAGE, "no nested store_begin");
	err_clear(&e);
	is_int(store_begin(b, &e), RC_DB_BUSY, "b: RC_DB_BUSY");
	ok(strstr(e.msg, "locked") != NULL, "says locked: %s", e.msg);
	err_clear(&e);
	is_int(fx_account(b, "x"), 0, "b cannot write either");
	store_rollback(a);
	ok(fx_account(b, "x") > 0, "b writes once a is done");
	store_close(a);
	store_close(b);

	/* Locked while it still has to be created. */
	fp = fopen(q, "w");
	fclose(fp);
	chmod(q, 0600);
	sqlite3_open(q, &raw);
	sqlite3_exec(raw, "PRAGMA journal_mode = WAL; BEGIN IMMEDIATE", NULL,
		     NULL, NULL);
	err_clear(&e);
	is_int(store_open_timeout(q, 100, &a, &e), RC_DB_BUSY,
	       "open of a locked new inventory: RC_DB_BUSY");
	sqlite3_exec(raw, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(raw);
	err_clear(&e);
	is_int(store_open_timeout(q, 100, &a, &e), RC_OK, "fine afterwards");
	store_close(a);
	free(p);
	free(q);
}

static void test_accounts(void)
{
	struct store *st = fresh("acct.db");
	struct acct_row a = { 0 }, *rows = NULL;
	struct err e = { 0 };
	int64_t id = 0, id2 = 0;
	size_t n = 0;

	a.name = (char *)"sectigo";
	a.ca_preset = (char *)"sectigo";
	a.directory_url = (char *)"https://acme.sectigo.test/v2/DV";
	a.environment = ACCT_ENV_PRODUCTION;
	a.contact = (char *)"mailto:ops@example.com";
	a.eab_kid = (char *)"kid-1";
	a.eab_hmac = (char *)"c2VjcmV0";
	a.ca_account_id = (char *)"4711";
	a.key_pem = (char *)"-----BEGIN PRIVATE KEY-----";
	a.key_type = (char *)"ec256";
	a.status = ACCT_STATUS_PENDING;
	is_int(store_account_insert(st, &a, &id, &e), RC_OK, "insert");
	ok(id > 0, "id returned");
	is_int(store_account_insert(st, &a, &id2, &e), RC_EXISTS,
	       "duplicate name: RC_EXISTS");
	ok(strstr(e.msg, "sectigo") != NULL && strstr(e.msg, "exists"),
	   "clear message: %s", e.msg);
	err_clear(&e);
	a.name = (char *)"";
	is_int(store_account_insert(st, &a, NULL, &e), RC_INPUT,
	       "empty name refused");
	err_clear(&e);
	a.name = (char *)"bad-env";
	a.environment = (enum acct_env)7;
	is_int(store_account_insert(st, &a, NULL, &e), RC_INPUT,
	       "bad environment refused by CHECK");
	err_clear(&e);
	memset(&a, 0, sizeof(a));

	is_int(store_account_get_by_name(st, "sectigo", &a, &e), RC_OK,
	       "get by name");
	is_int(a.id, id, "id");
	is_str(a.eab_hmac, "c2VjcmV0", "EAB HMAC");
	is_str(a.directory_url, "https://acme.sectigo.test/v2/DV", "dir");
	is_int(a.environment, ACCT_ENV_PRODUCTION, "environment");
	is_int(a.status, ACCT_STATUS_PENDING, "status");
	is_str(a.ca_account_id, "4711", "CA account id");
	ok(a.created_at > 0 && a.updated_at == a.created_at, "timestamps");
	ok(a.account_url == NULL, "unset is NULL");
	acct_row_clear(&a);
	ok(a.name == NULL && a.id == 0, "clear zeroes");
	acct_row_clear(&a);
	acct_row_clear(NULL);
	is_int(store_account_get_by_name(st, "nope", &a, &e), RC_NOTFOUND,
	       "unknown name");
	err_clear(&e);

	is_int(store_account_set_registration(st, id, "https://acme.test/a/1",
					      ACCT_STATUS_VALID, "{\"x\":1}",
					      &e),
	       RC_OK, "set registration");
	is_int(store_account_get_by_id(st, id, &a, &e), RC_OK, "get again");
	ok(a.tos_url == NULL && a.tos_agreed_at == 0,
	   "a registration records no consent");
	acct_row_clear(&a);
	is_int(store_account_set_terms(st, id, "https://tos", 1700000000, &e),
	       RC_OK, "set terms");
	is_int(store_account_set_key(st, id, "NEWKEY", "ec384", &e), RC_OK,
	       "set key");
	is_int(store_account_get_by_id(st, id, &a, &e), RC_OK, "get by id");
	is_str(a.account_url, "https://acme.test/a/1", "kid");
	is_int(a.status, ACCT_STATUS_VALID, "valid");
	is_str(a.directory_json, "{\"x\":1}", "directory json");
	is_str(a.tos_url, "https://tos", "tos");
	ok(a.tos_agreed_at == 1700000000, "tos agreed at");
	is_str(a.key_pem, "NEWKEY", "rolled key");
	is_str(a.key_type, "ec384", "rolled key type");
	acct_row_clear(&a);
	is_int(store_account_set_status(st, id, ACCT_STATUS_DEACTIVATED, &e),
	       RC_OK, "set status");
	store_account_get_by_id(st, id, &a, &e);
	is_int(a.status, ACCT_STATUS_DEACTIVATED, "deactivated");
	acct_row_clear(&a);
	is_int(store_account_set_status(st, 999, ACCT_STATUS_VALID, &e),
	       RC_NOTFOUND, "unknown id: RC_NOTFOUND");
	err_clear(&e);
	is_int(store_account_get_by_id(st, 999, &a, &e), RC_NOTFOUND,
	       "get unknown id");
	err_clear(&e);

	id2 = fx_account(st, "le");
	ok(fx_cert(st, "c1", id2, 1) > 0 && fx_cert(st, "c2", id2, 2) > 0,
	   "two certs on le");
	is_int(store_account_list(st, &rows, &n, &e), RC_OK, "list");
	is_int(n, 2, "two accounts");
	if (n == 2) {
		is_str(rows[0].name, "le", "sorted by name");
		is_int(rows[0].cert_count, 2, "le has 2 certificates");
		is_int(rows[1].cert_count, 0, "sectigo has none");
	}
	acct_rows_free(rows, n);
	is_int(store_account_delete(st, "le", &e), RC_INPUT,
	       "delete refused while certificates use it");
	ok(strstr(e.msg, "certificates") != NULL, "says why: %s", e.msg);
	err_clear(&e);
	is_int(store_account_delete(st, "sectigo", &e), RC_OK, "delete");
	is_int(store_account_delete(st, "sectigo", &e), RC_NOTFOUND,
	       "delete twice");
	store_close(st);
}

static void test_domains(void)
{
	struct store *st = fresh("dom.db");
	struct domain_row d = { 0 }, *rows = NULL;
	struct err e = { 0 };
	int64_t id = 0, id2 = 0, acct;
	size_t n = 0;

	d.name = (char *)"www.example.com";
	d.method = DOM_METHOD_DNS01;
	d.dns_hook = (char *)"/usr/local/bin/hook";
	d.tsig_secret = (char *)"tsig-secret";
	d.http_port = 8080;
	is_int(store_domain_upsert(st, &d, &id, &e), RC_OK, "insert domain");
	d.method = DOM_METHOD_HTTP01;
	d.webroot = (char *)"/var/www";
	d.dns_hook = NULL;
	is_int(store_domain_upsert(st, &d, &id2, &e), RC_OK, "upsert again");
	is_int(id2, id, "same id on update");
	memset(&d, 0, sizeof(d));
	is_int(store_domain_get(st, "www.example.com", &d, &e), RC_OK, "get");
	is_int(d.method, DOM_METHOD_HTTP01, "method replaced");
	is_str(d.webroot, "/var/www", "webroot set");
	ok(d.dns_hook == NULL, "hook cleared");
	is_int(d.http_port, 8080, "port");
	is_int(d.tls_port, 0, "unset port is 0");
	is_int(d.ident_type, DOM_IDENT_DNS, "dns identifier");
	domain_row_clear(&d);

	d.name = (char *)"WWW.Example.com";
	is_int(store_domain_upsert(st, &d, NULL, &e), RC_INPUT,
	       "upper case refused");
	err_clear(&e);
	d.name = (char *)"port.example.com";
	d.http_port = 70000;
	is_int(store_domain_upsert(st, &d, NULL, &e), RC_INPUT,
	       "port out of range refused");
	err_clear(&e);
	d.http_port = 0;
	d.name = (char *)"192.0.2.1";
	d.ident_type = DOM_IDENT_IP;
	d.method = DOM_METHOD_TLSALPN01;
	is_int(store_domain_upsert(st, &d, NULL, &e), RC_OK, "IP identifier");
	memset(&d, 0, sizeof(d));

	is_int(store_domain_set_check(st, "192.0.2.1", 1000,
				      "port 443 \x1b[31mclosed\n", &e),
	       RC_OK, "record a check");
	store_domain_get(st, "192.0.2.1", &d, &e);
	is_int(d.last_check_at, 1000, "check time");
	ok(d.last_check_result && !strchr(d.last_check_result, '\x1b') &&
		   !strchr(d.last_check_result, '\n'),
	   "check result sanitized: %s", d.last_check_result);
	is_int(d.method, DOM_METHOD_TLSALPN01, "tls-alpn-01");
	domain_row_clear(&d);
	is_int(store_domain_set_check(st, "nope", 1, "x", &e), RC_NOTFOUND,
	       "check of unknown domain");
	err_clear(&e);

	is_int(store_domain_list(st, &rows, &n, &e), RC_OK, "list");
	is_int(n, 2, "two domains");
	if (n == 2)
		is_str(rows[0].name, "192.0.2.1", "sorted");
	domain_rows_free(rows, n);

	acct = fx_account(st, "a");
	ok(fx_cert(st, "c", acct, 1) > 0, "cert");
	is_int(store_domain_delete(st, "d0.c.example", &e), RC_INPUT,
	       "used domain not deleted");
	err_clear(&e);
	is_int(store_domain_delete(st, "192.0.2.1", &e), RC_OK, "delete");
	is_int(store_domain_delete(st, "192.0.2.1", &e), RC_NOTFOUND,
	       "delete twice");
	is_int(store_domain_get(st, "nope", &d, &e), RC_NOTFOUND, "get none");
	store_close(st);
}

static void test_certs(void)
{
	struct store *st = fresh("cert.db");
	struct domain_row doms[3];
	struct cert_row c = { 0 }, got = { 0 };
	struct cert_summary *sum = NULL;
	struct cert_issued iss = { 0 };
	struct err e = { 0 };
	int64_t acct, id = 0, id2;
	size_t n = 0;

	acct = fx_account(st, "le");
	memset(doms, 0, sizeof(doms));
	doms[0].name = (char *)"www.shop.example";
	doms[0].method = DOM_METHOD_HTTP01;
	doms[0].webroot = (char *)"/srv/shop";
	doms[1].name = (char *)"shop.example";
	doms[1].method = DOM_METHOD_HTTP01;
	doms[2].name = (char *)"*.shop.example";
	doms[2].method = DOM_METHOD_DNS01;
	doms[2].dns_hook = (char *)"/hook";
	c.name = (char *)"shop";
	c.account_id = acct;
	c.key_type = (char *)"ec256";
	c.profile = (char *)"tlsserver";
	c.deploy_dir = (char *)"/etc/ssl/shop";
	c.reload_cmd = (char *)"systemctl reload nginx";
	c.domains = doms;
	c.n_domains = 3;
	is_int(store_cert_insert(st, &c, &id, &e), RC_OK, "insert cert");
	is_int(store_cert_insert(st, &c, NULL, &e), RC_EXISTS,
	       "duplicate name");
	ok(strstr(e.msg, "shop") != NULL, "message: %s", e.msg);
	err_clear(&e);

	is_int(store_cert_get_by_name(st, "shop", &got, &e), RC_OK, "get");
	is_int(got.id, id, "id");
	is_str(got.account_name, "le", "account name");
	is_str(got.ca_preset, "letsencrypt", "preset");
	is_int(got.stage, CERT_STAGE_REQUEST, "starts in request");
	is_int(got.status, CERT_STATUS_IDLE, "idle");
	is_str(got.reload_cmd, "systemctl reload nginx", "reload command");
	is_int(got.n_domains, 3, "three domains");
	if (got.n_domains == 3) {
		is_str(got.domains[0].name, "www.shop.example", "order 0");
		is_str(got.domains[1].name, "shop.example", "order 1");
		is_str(got.domains[2].name, "*.shop.example", "order 2");
		is_str(got.domains[0].webroot, "/srv/shop", "settings");
		is_int(got.domains[2].method, DOM_METHOD_DNS01, "method");
	}
	cert_row_clear(&got);
	ok(got.domains == NULL && got.n_domains == 0, "clear zeroes");

	/* All or nothing. */
	c.name = (char *)"dup";
	doms[1].name = (char *)"new.example";
	doms[2].name = (char *)"new.example";
	is_int(store_cert_insert(st, &c, NULL, &e), RC_INPUT,
	       "duplicate domain refused");
	ok(strstr(e.msg, "new.example") != NULL, "names it: %s", e.msg);
	err_clear(&e);
	is_int(store_cert_get_by_name(st, "dup", &got, &e), RC_NOTFOUND,
	       "no partial certificate");
	err_clear(&e);
	is_int(store_domain_get(st, "new.example", &doms[0], &e), RC_NOTFOUND,
	       "no partial domain");
	err_clear(&e);
	memset(&doms[0], 0, sizeof(doms[0]));
	doms[0].name = (char *)"x.example";
	c.account_id = 9999;
	c.n_domains = 1;
	is_int(store_cert_insert(st, &c, NULL, &e), RC_NOTFOUND,
	       "unknown account");
	err_clear(&e);
	c.account_id = acct;
	c.n_domains = 0;
	is_int(store_cert_insert(st, &c, NULL, &e), RC_INPUT, "no domains");
	err_clear(&e);
	c.n_domains = CERT_MAX_DOMAINS + 1;
	is_int(store_cert_insert(st, &c, NULL, &e), RC_INPUT,
	       "too many domains");
	err_clear(&e);

	/* Updates. */
	is_int(store_cert_set_state(st, id, CERT_STAGE_VALIDATION,
				    CERT_STATUS_RUNNING, &e),
	       RC_OK, "set state");
	is_int(store_cert_set_error(st, id, "CA said: \x1b]0;pwn\x07 no", &e),
	       RC_OK, "set error");
	is_int(store_cert_set_retry(st, id, 5000, 3, &e), RC_OK, "set retry");
	store_cert_get_by_id(st, id, &got, &e);
	is_int(got.stage, CERT_STAGE_VALIDATION, "stage");
	is_int(got.status, CERT_STATUS_RUNNING, "status");
	ok(got.last_error && !strchr(got.last_error, '\x1b') &&
		   !strchr(got.last_error, '\x07'),
	   "error sanitized: %s", got.last_error);
	is_int(got.retry_after, 5000, "retry_after");
	is_int(got.fail_count, 3, "fail_count");
	cert_row_clear(&got);
	is_int(store_cert_set_state(st, id, (enum cert_stage)42, CERT_STATUS_OK,
				    &e),
	       RC_INPUT, "bad stage refused");
	err_clear(&e);
	is_int(store_cert_set_state(st, 4242, CERT_STAGE_REQUEST,
				    CERT_STATUS_OK, &e),
	       RC_NOTFOUND, "unknown certificate");
	err_clear(&e);

	iss.key_pem = "KEY";
	iss.cert_pem = "LEAF";
	iss.chain_pem = "CHAIN";
	iss.serial = "0a1b";
	iss.issuer = "Test CA";
	iss.not_before = 100;
	iss.not_after = 200;
	iss.ari_id = "aki.serial";
	iss.renew_at = 150;
	iss.renew_reason = "ARI window";
	iss.stage = CERT_STAGE_INSTALLATION;
	iss.status = CERT_STATUS_OK;
	is_int(store_cert_set_issued(st, id, &iss, &e), RC_OK, "set issued");
	store_cert_get_by_name(st, "shop", &got, &e);
	is_str(got.key_pem, "KEY", "key");
	is_str(got.chain_pem, "CHAIN", "chain");
	is_str(got.serial, "0a1b", "serial");
	is_int(got.not_after, 200, "not_after");
	is_int(got.renew_at, 150, "renew_at");
	is_str(got.renew_reason, "ARI window", "reason");
	is_int(got.stage, CERT_STAGE_INSTALLATION, "stage");
	ok(got.last_error == NULL, "error cleared");
	is_int(got.fail_count, 0, "fail_count cleared");
	is_int(got.retry_after, 0, "retry_after cleared");
	cert_row_clear(&got);
	is_int(store_cert_set_renewal(st, id, 170, "1/3 lifetime", &e), RC_OK,
	       "set renewal");
	is_int(store_cert_set_revoked(st, id, 180, 4, &e), RC_OK,
	       "set revoked");
	store_cert_get_by_id(st, id, &got, &e);
	is_int(got.renew_at, 170, "renew_at moved");
	is_int(got.stage, CERT_STAGE_REVOKED, "revoked stage");
	is_int(got.revoked_at, 180, "revoked_at");
	is_int(got.revoke_reason, 4, "reason");
	cert_row_clear(&got);

	/* Summary. */
	id2 = fx_cert(st, "blog", acct, 2);
	ok(id2 > 0, "second certificate");
	is_int(store_cert_list_summary(st, &sum, &n, &e), RC_OK, "summary");
	is_int(n, 2, "two lines");
	if (n == 2) {
		is_str(sum[0].name, "blog", "by name");
		is_str(sum[0].first_domain, "d0.blog.example", "first domain");
		is_int(sum[0].domain_count, 2, "domain count");
		is_str(sum[1].first_domain, "www.shop.example",
		       "first by position, not by name");
		is_int(sum[1].domain_count, 3, "three");
		is_str(sum[1].account_name, "le", "account");
		is_str(sum[1].ca_preset, "letsencrypt", "preset");
		is_int(sum[1].stage, CERT_STAGE_REVOKED, "stage");
		is_int(sum[1].not_after, 200, "not_after");
		is_str(sum[1].serial, "0a1b", "serial");
	}
	cert_summaries_free(sum, n);

	/* Delete cascades (events stay, see test_events). */
	is_int(store_cert_delete(st, "shop", &e), RC_OK, "delete");
	is_int(q_int(st, "SELECT count(*) FROM cert_domains"), 2,
	       "its domain links went with it");
	is_int(store_cert_delete(st, "shop", &e), RC_NOTFOUND, "delete twice");
	store_close(st);
}

static void test_due(void)
{
	struct store *st = fresh("due.db");
	struct cert_due *due = NULL;
	struct err e = { 0 };
	int64_t acct, ids[8];
	char name[16], *plan = NULL, *next = NULL;
	const char *sql;
	sqlite3_stmt *s = NULL;
	size_t n = 0, i;
	int got;

	acct = fx_account(st, "a");
	for (i = 0; i < 8; i++) {
		snprintf(name, sizeof(name), "c%zu", i);
		ids[i] = fx_cert(st, name, acct, 1);
	}
	fx_due(st, ids[0], CERT_STAGE_MONITORING, 500);	 /* due */
	fx_due(st, ids[1], CERT_STAGE_MONITORING, 1500); /* future */
	fx_due(st, ids[2], CERT_STAGE_REVOKED, 100);	 /* revoked */
	fx_due(st, ids[3], CERT_STAGE_REQUEST, 100);	 /* never issued */
	fx_due(st, ids[4], CERT_STAGE_FAILED, 200);	 /* due, retry ok */
	store_cert_set_retry(st, ids[4], 900, 1, NULL);
	fx_due(st, ids[5], CERT_STAGE_EXPIRED, 300); /* retry later */
	store_cert_set_retry(st, ids[5], 2000, 2, NULL);
	fx_due(st, ids[6], CERT_STAGE_MONITORING, 1000); /* due: now */
	fx_due(st, ids[7], CERT_STAGE_RENEWAL, 50);	 /* leased */
	store_lease_acquire(st, ids[7], "other", 1000, 60, &got, NULL);
	ok(got == 1, "lease for the test");

	is_int(store_cert_list_due(st, 1000, &due, &n, &e), RC_OK, "due");
	is_int(n, 4, "three due and one in backoff");
	if (n == 4) {
		is_int(due[0].id, ids[4], "soonest first");
		is_int(due[0].retry_after, 900, "past backoff returned");
		is_int(due[1].id, ids[5], "in backoff: returned to be told");
		is_int(due[1].retry_after, 2000, "with its retry time");
		is_int(due[2].id, ids[0], "then");
		is_int(due[3].id, ids[6], "renew_at == now is due");
		is_str(due[2].name, "c0", "name");
		ok(due[2].directory_url != NULL &&
			   strncmp(due[2].directory_url, "https://", 8) == 0,
		   "with its account's directory URL");
		is_int(due[2].deploy_only, 0, "not a deploy-only row");
	}
	cert_due_free(due, n);
	store_cert_list_due(st, 1061, &due, &n, &e);
	is_int(n, 5, "expired lease frees the certificate");
	cert_due_free(due, n);
	store_cert_list_due(st, 10, &due, &n, &e);
	is_int(n, 0, "nothing due early");
	ok(due == NULL, "NULL array when empty");

	sql = cached_sql(st, "renew_at <= ?1");
	ok(sql != NULL, "due statement cached");
	if (asprintf(&plan, "EXPLAIN QUERY PLAN %s", sql ? sql : "") < 0)
		abort();
	sqlite3_prepare_v2(st->db, plan, -1, &s, NULL);
	free(plan);
	plan = strdup("");
	sqlite3_bind_int64(s, 1, 1000);
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (asprintf(&next, "%s%s;", plan,
			     (const char *)sqlite3_column_text(s, 3)) < 0)
			abort();
		free(plan);
		plan = next;
	}
	sqlite3_finalize(s);
	ok(strstr(plan, "certificates_renew_at") != NULL &&
		   strstr(plan, "TEMP B-TREE") == NULL,
	   "due query is a range scan of the renew_at index: %s", plan);
	free(plan);
	store_close(st);
}

/* Failed deploys to do again (installation/error, issued, with a deploy
 * directory, renewal not due) and their partial index. */
static void test_deploy_due(void)
{
	struct store *st = fresh("deploy_due.db");
	struct cert_due *due = NULL;
	struct err e = { 0 };
	int64_t acct, ids[4];
	char *plan, sql[256];
	size_t n = 0, i;

	acct = fx_account(st, "a");
	for (i = 0; i < 4; i++) {
		char name[8];

		snprintf(name, sizeof(name), "d%zu", i);
		ids[i] = fx_cert(st, name, acct, 1);
		snprintf(sql, sizeof(sql),
			 "UPDATE certificates SET cert_pem = 'x', "
			 "deploy_dir = '/d', stage = 'installation', "
			 "status = 'error', renew_at = 5000 WHERE id = %lld",
			 (long long)ids[i]);
		raw_sql(st, sql);
	}
	/* d1: renewal due (the renewal list has it); d2: deployed fine;
	 * d3: in backoff (returned with its time). */
	raw_sql(st, "UPDATE certificates SET renew_at = 900 WHERE name = 'd1'");
	raw_sql(st, "UPDATE certificates SET status = 'ok' WHERE name = 'd2'");
	store_cert_set_retry(st, ids[3], 2000, 1, NULL);
	is_int(store_cert_list_deploy_due(st, 1000, &due, &n, &e), RC_OK,
	       "deploy due");
	is_int(n, 2, "two failed deploys, renewal not due");
	if (n == 2) {
		is_int(due[0].id, ids[0], "d0");
		is_int(due[0].deploy_only, 1, "marked deploy-only");
		is_int(due[1].id, ids[3], "d3");
		is_int(due[1].retry_after, 2000, "with its backoff");
	}
	cert_due_free(due, n);
	plan = plan_of(st, "c.stage = 'installation'");
	ok(strstr(plan, "certificates_deploy_failed") != NULL,
	   "deploy query uses the partial index: %s", plan);
	free(plan);
	store_close(st);
}

/* An account's notify hook: stored, cleared with "", read narrowly. */
static void test_notify_cmd(void)
{
	struct store *st = fresh("notify_cmd.db");
	struct acct_row r = { 0 };
	struct err e = { 0 };
	char *cmd = NULL;
	int64_t id;

	id = fx_account(st, "n");
	is_int(store_account_notify_cmd(st, id, &cmd, &e), RC_OK, "read");
	ok(cmd == NULL, "none at first");
	is_int(store_account_set_notify_cmd(st, "n", "/bin/hook 'a b'", &e),
	       RC_OK, "set");
	store_account_notify_cmd(st, id, &cmd, &e);
	is_str(cmd, "/bin/hook 'a b'", "stored as given");
	free(cmd);
	store_account_get_by_name(st, "n", &r, &e);
	is_str(r.notify_cmd, "/bin/hook 'a b'", "in the account row");
	acct_row_clear(&r);
	is_int(store_account_set_notify_cmd(st, "n", "", &e), RC_OK, "clear");
	store_account_notify_cmd(st, id, &cmd, &e);
	ok(cmd == NULL, "\"\" cleared it");
	is_int(store_account_set_notify_cmd(st, "nope", "x", &e), RC_NOTFOUND,
	       "unknown account");
	store_account_notify_cmd(st, 9999, &cmd, &e);
	ok(cmd == NULL, "no such account: none");
	store_close(st);
}

static void test_leases(void)
{
	struct store *a = fresh("lease.db"), *b = NULL;
	struct err e = { 0 };
	int64_t acct, id;
	char *p = tpath(dir, "lease.db");
	int got = -1, held = -1;

	store_open(p, &b, &e);
	acct = fx_account(a, "a");
	id = fx_cert(a, "c", acct, 1);
	fx_due(a, id, CERT_STAGE_MONITORING, 100);

	is_int(store_lease_acquire(a, id, "A", 1000, 60, &got, &e), RC_OK,
	       "a acquires");
	is_int(got, 1, "a holds it");
	store_lease_acquire(b, id, "B", 1010, 60, &got, &e);
	is_int(got, 0, "b cannot take it (other connection)");
	store_lease_acquire(a, id, "A", 1010, 60, &got, &e);
	is_int(got, 0, "not re-entrant");
	store_lease_renew(a, id, "A", 1050, 60, &held, &e);
	is_int(held, 1, "a renews to 1110");
	store_lease_acquire(b, id, "B", 1100, 60, &got, &e);
	is_int(got, 0, "renewal kept b out");
	store_lease_acquire(b, id, "B", 1111, 60, &got, &e);
	is_int(got, 1, "expired lease taken over by b");
	store_lease_renew(a, id, "A", 1112, 60, &held, &e);
	is_int(held, 0, "a learns it lost the lease");
	is_int(store_lease_release(a, id, "A", &e), RC_OK,
	       "releasing a lost lease is harmless");
	store_lease_acquire(a, id, "A", 1113, 60, &got, &e);
	is_int(got, 0, "b still holds it");
	store_lease_release(b, id, "B", &e);
	store_lease_acquire(a, id, "A", 1114, 60, &got, &e);
	is_int(got, 1, "free after release");
	store_lease_release(a, id, "A", &e);

	/* The batch's acquire re-checks that the certificate is due. */
	store_lease_acquire_due(a, id, "A", 1200, 60, &got, &e);
	is_int(got, 1, "acquire_due on a due certificate");
	store_cert_set_renewal(a, id, 99999, "renewed", &e);
	store_lease_release(a, id, "A", &e);
	store_lease_acquire_due(b, id, "B", 1201, 60, &got, &e);
	is_int(got, 0, "renewed meanwhile: b does not renew it again");
	store_lease_acquire(b, id, "B", 1201, 60, &got, &e);
	is_int(got, 1, "while a plain acquire would");
	store_lease_release(b, id, "B", &e);

	is_int(store_lease_acquire(a, 4242, "A", 1, 60, &got, &e), RC_NOTFOUND,
	       "unknown certificate");
	err_clear(&e);
	is_int(store_lease_acquire(a, id, "", 1, 60, &got, &e), RC_USAGE,
	       "empty owner refused");
	err_clear(&e);
	is_int(store_lease_acquire(a, id, "A", 1, 0, &got, &e), RC_USAGE,
	       "zero ttl refused");
	err_clear(&e);
	is_int(store_lease_acquire(a, id, "A", 10, INT64_MAX, &got, &e),
	       RC_USAGE, "overflowing ttl refused");
	store_close(a);
	store_close(b);
	free(p);
}

static void test_orders(void)
{
	struct store *st = fresh("orders.db");
	struct order_row o = { 0 }, got = { 0 };
	struct authz_row az = { 0 }, *list = NULL;
	struct err e = { 0 };
	int64_t acct, cert, id1 = 0, id2 = 0, count = -1;
	size_t n = 0;

	acct = fx_account(st, "a");
	cert = fx_cert(st, "c", acct, 2);
	o.cert_id = cert;
	o.account_id = acct;
	o.url = (char *)"https://acme.test/order/1";
	o.status = ORDER_PENDING;
	o.identifiers = (char *)"d0.c.example,d1.c.example";
	o.finalize_url = (char *)"https://acme.test/finalize/1";
	is_int(store_order_insert(st, &o, &id1, &e), RC_OK, "insert order");
	is_int(store_order_insert(st, &o, NULL, &e), RC_EXISTS,
	       "same URL twice");
	err_clear(&e);
	o.url = (char *)"https://acme.test/order/2";
	o.status = ORDER_READY;
	is_int(store_order_insert(st, &o, &id2, &e), RC_OK, "second order");
	o.url = (char *)"https://acme.test/order/3";
	o.cert_id = 777;
	is_int(store_order_insert(st, &o, NULL, &e), RC_INPUT,
	       "unknown certificate refused");
	err_clear(&e);

	is_int(store_order_get_open(st, cert, &got, &e), RC_OK, "open order");
	is_int(got.id, id2, "the newest");
	is_int(got.status, ORDER_READY, "status");
	is_str(got.identifiers, "d0.c.example,d1.c.example", "identifiers");
	order_row_clear(&got);

	is_int(store_order_set_key(st, id2, "CSRKEY", &e), RC_OK, "key");
	is_int(store_order_set_status(st, id2, ORDER_VALID,
				      "https://acme.test/cert/2", NULL, &e),
	       RC_OK, "valid with cert URL");
	is_int(store_order_set_status(st, id2, ORDER_VALID, NULL, NULL, &e),
	       RC_OK, "NULL cert URL keeps it");
	store_order_get_open(st, cert, &got, &e);
	is_str(got.key_pem, "CSRKEY", "key kept before completion");
	is_str(got.cert_url, "https://acme.test/cert/2", "cert URL kept");
	is_int(got.status, ORDER_VALID, "valid");
	order_row_clear(&got);
	is_int(store_order_set_status(st, id2, ORDER_PROCESSING, NULL, NULL,
				      &e),
	       RC_OK, "processing again");
	is_int(store_order_complete(st, id2, 5000, "https://acme.test/cert/2b",
				    &e),
	       RC_OK, "complete");
	is_int(store_order_get_open(st, cert, &got, &e), RC_OK,
	       "older pending order now the open one");
	is_int(got.id, id1, "order 1");
	is_int(got.finalize_at, 0, "order 1 never finalized");
	order_row_clear(&got);
	/* Completion stores what the CA said: valid, with its URL. */
	{
		struct order_row *rows = NULL;
		size_t nr = 0;

		is_int(store_order_list(st, cert, 10, &rows, &nr, &e), RC_OK,
		       "list orders");
		is_int((long long)nr, 2, "both orders listed");
		ok(nr == 2 && rows[0].id == id2 && rows[1].id == id1,
		   "newest first");
		ok(nr == 2 && rows[0].status == ORDER_VALID,
		   "completed order stored as valid");
		ok(nr == 2 && rows[0].cert_url != NULL &&
			   strcmp(rows[0].cert_url,
				  "https://acme.test/cert/2b") == 0,
		   "with the CA's certificate URL");
		ok(nr == 2 && rows[0].finalize_at > 0,
		   "storing the key marked finalize");
		ok(nr == 2 && rows[0].key_pem == NULL &&
			   rows[1].key_pem == NULL,
		   "a listing carries no key");
		order_rows_free(rows, nr);
		store_order_list(st, cert, 1, &rows, &nr, &e);
		is_int((long long)nr, 1, "at most max rows");
		order_rows_free(rows, nr);
	}
	ok(store_order_url_known(st, "https://acme.test/order/1") == 1,
	   "a recorded order URL is known");
	ok(store_order_url_known(st, "https://acme.test/order/9") == 0,
	   "another is not");
	{
		struct order_intent in = { 0 };

		is_int(store_intent_get(st, cert, &in, &e), RC_NOTFOUND,
		       "no intent yet");
		err_clear(&e);
		is_int(store_intent_set(st, cert, acct, "a,b", &e), RC_OK,
		       "intent recorded");
		is_int(store_intent_set(st, cert, acct, "a,b,c", &e), RC_OK,
		       "a second one replaces it");
		is_int(store_intent_get(st, cert, &in, &e), RC_OK,
		       "intent read");
		ok(in.account_id == acct && in.identifiers != NULL &&
			   strcmp(in.identifiers, "a,b,c") == 0 &&
			   in.created_at > 0,
		   "intent fields");
		order_intent_clear(&in);
		is_int(store_intent_clear(st, cert, &e), RC_OK,
		       "intent cleared");
		is_int(store_intent_get(st, cert, &in, &e), RC_NOTFOUND,
		       "gone");
		err_clear(&e);
	}
	is_int(q_int(st, "SELECT count(*) FROM orders WHERE key_pem IS NOT "
			 "NULL"),
	       0, "completion wiped the order key");
	is_int(store_order_abandon(st, id1, "gave up\n\x1b[1m", &e), RC_OK,
	       "abandon");
	err_clear(&e);
	is_int(store_order_get_open(st, cert, &got, &e), RC_NOTFOUND,
	       "no open order left");
	err_clear(&e);
	is_int(store_order_set_status(st, 999, ORDER_VALID, NULL, NULL, &e),
	       RC_NOTFOUND, "unknown order");
	err_clear(&e);
	is_int(store_order_count_since(st, acct, 0, &count, &e), RC_OK,
	       "count");
	is_int(count, 2, "two orders in the ledger");
	store_order_count_since(st, acct, store_now() + 10, &count, &e);
	is_int(count, 0, "none in the future");

	az.order_id = id1;
	az.url = (char *)"https://acme.test/authz/1";
	az.identifier = (char *)"d0.c.example";
	az.status = AUTHZ_PENDING;
	az.challenge_type = (char *)"http-01";
	az.token = (char *)"tok";
	is_int(store_authz_upsert(st, &az, &e), RC_OK, "authz insert");
	az.status = AUTHZ_VALID;
	is_int(store_authz_upsert(st, &az, &e), RC_OK, "authz update");
	az.url = (char *)"https://acme.test/authz/2";
	az.identifier = (char *)"*.c.example";
	az.wildcard = 1;
	store_authz_upsert(st, &az, &e);
	is_int(store_authz_list(st, id1, &list, &n, &e), RC_OK, "authz list");
	is_int(n, 2, "two authorizations");
	if (n == 2) {
		is_int(list[0].status, AUTHZ_VALID, "updated in place");
		is_str(list[0].token, "tok", "token");
		is_int(list[1].wildcard, 1, "wildcard");
	}
	authz_rows_free(list, n);
	is_int((long long)store_authz_responded_at(st, id1, az.url), 0,
	       "not answered yet");
	is_int(store_authz_set_responded(st, id1, az.url, 4242, &e), RC_OK,
	       "answer recorded");
	is_int((long long)store_authz_responded_at(st, id1, az.url), 4242,
	       "answered at");
	is_int((long long)store_authz_responded_at(st, id2, az.url), 0,
	       "another order's authorization is not");
	is_int(store_authz_set_responded(st, id1, "https://nope", 1, &e),
	       RC_NOTFOUND, "unknown authorization");
	err_clear(&e);

	is_int(store_cert_delete(st, "c", &e), RC_OK, "delete the cert");
	is_int(q_int(st, "SELECT count(*) FROM orders"), 0, "orders cascade");
	is_int(q_int(st, "SELECT count(*) FROM authorizations"), 0,
	       "authorizations cascade");
	store_close(st);
}

static void test_events(void)
{
	struct store *st = fresh("events.db"), *other = NULL;
	struct event_row *ev = NULL;
	struct err e = { 0 };
	int64_t acct, cert, id = 0, max = -1;
	uint64_t t1 = 0, t2 = 0, t3 = 0;
	char *p = tpath(dir, "events.db"), msg[32];
	size_t n = 0;
	int i;

	acct = fx_account(st, "acct");
	cert = fx_cert(st, "web", acct, 1);
	is_int(store_event_max_id(st, &max, &e), RC_OK, "max id");
	is_int(max, 0, "no events yet");
	for (i = 0; i < 5; i++) {
		snprintf(msg, sizeof(msg), "step %d", i);
		store_event_append(st, 100 + i, cert, acct, "validation",
				   i == 3 ? EV_ERROR : EV_INFO, msg, &id, &e);
	}
	is_int(store_event_append(st, 0, 0, acct, NULL, EV_WARN,
				  "account \x1b[2Jwarn\nline", NULL, &e),
	       RC_OK, "account event");
	is_int(store_event_append(st, 0, 0, 0, NULL, EV_INFO, NULL, NULL, &e),
	       RC_USAGE, "message required");
	err_clear(&e);
	is_int(store_event_append(st, 0, 0, 0, NULL, (enum ev_level)9, "x",
				  NULL, &e),
	       RC_INPUT, "bad level refused");
	err_clear(&e);

	is_int(store_event_list_cert(st, cert, 2, 1, &ev, &n, &e), RC_OK,
	       "list for cert");
	is_int(n, 2, "limit");
	if (n == 2) {
		is_str(ev[0].message, "step 3", "newest first, after offset");
		is_int(ev[0].level, EV_ERROR, "level");
		is_int(ev[0].ts, 103, "ts");
		is_str(ev[0].subject, "web", "subject");
		is_str(ev[0].stage, "validation", "stage");
		is_int(ev[0].account_id, acct, "account id");
	}
	event_rows_free(ev, n);
	is_int(store_event_list(st, 100, EV_WARN, &ev, &n, &e), RC_OK,
	       "list warn and above");
	is_int(n, 2, "one warn, one error");
	if (n == 2) {
		ok(!strchr(ev[0].message, '\x1b') &&
			   !strchr(ev[0].message, '\n'),
		   "message sanitized: %s", ev[0].message);
		is_str(ev[0].subject, "acct", "account subject");
		is_int(ev[0].cert_id, 0, "no cert");
	}
	event_rows_free(ev, n);
	store_event_list(st, 100, EV_INFO, &ev, &n, &e);
	is_int(n, 6, "all");
	event_rows_free(ev, n);
	is_int(store_event_list(st, 0, EV_INFO, &ev, &n, &e), RC_USAGE,
	       "limit 0 refused");
	err_clear(&e);
	store_event_max_id(st, &max, &e);
	is_int(max, id + 1, "max id is the newest");

	/* Change detection, own and foreign writes. */
	store_open(p, &other, &e);
	store_change_token(st, &t1, &e);
	store_change_token(st, &t2, &e);
	ok(t1 == t2, "no change, same token");
	store_event_append(other, 0, cert, 0, NULL, EV_INFO, "by other", NULL,
			   &e);
	store_change_token(st, &t2, &e);
	ok(t1 != t2, "another connection's commit changes the token");
	store_event_append(st, 0, cert, 0, NULL, EV_INFO, "by me", NULL, &e);
	store_change_token(st, &t3, &e);
	ok(t3 != t2, "own commit changes the token");
	store_close(other);

	/* History survives deletion. */
	store_cert_delete(st, "web", &e);
	store_event_list(st, 100, EV_INFO, &ev, &n, &e);
	ok(n == 8 && ev[0].cert_id == 0 && strcmp(ev[0].subject, "web") == 0,
	   "events kept with their subject after the cert is deleted");
	event_rows_free(ev, n);
	store_close(st);
	free(p);
}

static void test_transactions(void)
{
	struct store *st = fresh("tx.db");
	struct acct_row a = { 0 };
	struct err e = { 0 };
	int64_t acct, cert;
	char *p = NULL;

	is_int(store_commit(st, &e), RC_USAGE, "commit without begin");
	err_clear(&e);
	/* Harmless: what was written before stays, and no transaction is
	 * left open behind the caller's back. */
	ok(fx_account(st, "before") > 0, "a write outside a transaction");
	store_rollback(st);
	is_int(store_account_get_by_name(st, "before", &a, &e), RC_OK,
	       "rollback without begin keeps what was written");
	acct_row_clear(&a);
	is_int(store_commit(st, &e), RC_USAGE,
	       "rollback without begin opens no transaction");
	err_clear(&e);

	is_int(store_begin(st, &e), RC_OK, "begin");
	acct = fx_account(st, "gone");
	cert = fx_cert(st, "gone", acct, 3);
	ok(acct > 0 && cert > 0, "writes inside");
	store_event_append(st, 0, cert, acct, "request", EV_INFO, "x", NULL,
			   &e);
	store_rollback(st);
	is_int(store_account_get_by_name(st, "gone", &a, &e), RC_NOTFOUND,
	       "rollback: no account");
	err_clear(&e);
	is_int(q_int(st, "SELECT (SELECT count(*) FROM certificates) + "
			 "(SELECT count(*) FROM domains) + "
			 "(SELECT count(*) FROM events)"),
	       0, "rollback leaves nothing");

	/* A failing store call inside a transaction undoes only itself. */
	store_begin(st, &e);
	acct = fx_account(st, "kept");
	ok(fx_cert(st, "c", acct, 1) > 0, "cert inside");
	is_int(fx_cert(st, "c", acct, 1), 0, "duplicate fails inside");
	is_int(store_commit(st, &e), RC_OK, "commit");
	is_int(q_int(st, "SELECT count(*) FROM certificates"), 1,
	       "the good writes are kept");
	is_int(q_int(st, "SELECT count(*) FROM cert_domains"), 1,
	       "the failed insert left no link");

	/* Closing with a transaction open rolls it back. */
	p = tpath(dir, "tx.db");
	is_str(store_path(st), p, "store_path");
	store_begin(st, &e);
	fx_account(st, "unsaved");
	store_close(st);
	st = NULL;
	store_open(p, &st, &e);
	is_int(store_account_get_by_name(st, "unsaved", &a, &e), RC_NOTFOUND,
	       "close rolled back the open transaction");
	store_close(st);
	free(p);
}

static void test_runs(void)
{
	struct store *st = fresh("runs.db");
	struct run_result res = { 0 };
	struct run_row r = { 0 };
	struct err e = { 0 };
	int64_t id = 0;

	is_int(store_run_last(st, &r, &e), RC_NOTFOUND, "no runs yet");
	err_clear(&e);
	is_int(store_run_start(st, 100, "host1", &id, &e), RC_OK, "start");
	store_run_last(st, &r, &e);
	ok(r.id == id && !r.finished, "running");
	run_row_clear(&r);
	res.finished_at = 130;
	res.renewed = 5;
	res.failed = 1;
	res.skipped = 994;
	res.exit_status = 1;
	is_int(store_run_finish(st, id, &res, &e), RC_OK, "finish");
	store_run_last(st, &r, &e);
	ok(r.finished && r.result.renewed == 5 && r.result.failed == 1 &&
		   r.result.skipped == 994 && r.result.exit_status == 1 &&
		   r.result.finished_at == 130,
	   "result stored");
	is_str(r.host, "host1", "host");
	run_row_clear(&r);
	is_int(store_run_finish(st, 999, &res, &e), RC_NOTFOUND, "unknown run");
	store_close(st);
}

/* Not timed (no wall-clock asserts): the summary of 10,000 certificates
 * comes back whole from one query. */
static void test_many(void)
{
	struct store *st = fresh("many.db");
	struct cert_summary *sum = NULL;
	struct cert_due *due = NULL;
	struct err e = { 0 };
	int64_t acct, id;
	size_t n = 0, i, bad = 0;
	char name[32];

	acct = fx_account(st, "bulk");
	store_begin(st, &e);
	for (i = 0; i < 10000; i++) {
		snprintf(name, sizeof(name), "c%05zu", i);
		id = fx_cert(st, name, acct, 1 + i % 3);
		if (id == 0 || fx_due(st, id, CERT_STAGE_MONITORING,
				      1000000 + (int64_t)i) != 0)
			bad++;
	}
	is_int(store_commit(st, &e), RC_OK, "10,000 certificates stored");
	is_int(bad, 0, "all inserts worked");
	is_int(store_cert_list_summary(st, &sum, &n, &e), RC_OK,
	       "summary of 10,000");
	is_int(n, 10000, "all rows");
	if (n == 10000) {
		is_str(sum[9999].name, "c09999", "last row");
		is_int(sum[9999].domain_count, 1 + 9999 % 3, "its count");
	}
	cert_summaries_free(sum, n);
	store_cert_list_due(st, 1000000 + 9, &due, &n, &e);
	is_int(n, 10, "ten due among 10,000");
	cert_due_free(due, n);
	store_close(st);
}

/* The deploy target columns (v5): insert, read, cert set semantics (NULL
 * or 0 keeps, "" or CERT_SETTING_CLEAR clears), the CHECKs, and the
 * directories `schedule` lets the batch write. */
static void test_deploy_target(void)
{
	struct store *st = fresh("deploytgt.db");
	struct domain_row dom = { 0 };
	struct cert_row c = { 0 }, got = { 0 };
	struct cert_settings cs = { 0 };
	struct err e = { 0 };
	char **dirs = NULL;
	int64_t id = 0;
	size_t n = 0;

	dom.name = (char *)"tgt.example";
	dom.method = DOM_METHOD_HTTP01;
	c.name = (char *)"tgt";
	c.account_id = fx_account(st, "le");
	c.domains = &dom;
	c.n_domains = 1;
	c.deploy_owner = (char *)"nobody";
	c.deploy_group = (char *)"nogroup";
	c.deploy_cert_mode = 0640;
	c.deploy_key_mode = 0640;
	c.deploy_combined = 1;
	c.deploy_cert_path = (char *)"/etc/ssl/certs/tgt.crt";
	c.deploy_key_path = (char *)"/etc/ssl/private/tgt.key";
	c.deploy_combined_path = (char *)"/etc/haproxy/tgt.pem";
	is_int(store_cert_insert(st, &c, &id, &e), RC_OK, "insert (%s)",
	       err_text(&e));
	is_int(store_cert_get_by_id(st, id, &got, &e), RC_OK, "read back");
	is_str(got.deploy_owner, "nobody", "owner");
	is_str(got.deploy_group, "nogroup", "group");
	is_int(got.deploy_cert_mode, 0640, "cert mode");
	is_int(got.deploy_key_mode, 0640, "key mode");
	is_int(got.deploy_combined, 1, "combined");
	is_str(got.deploy_cert_path, "/etc/ssl/certs/tgt.crt", "cert path");
	ok(got.deploy_chain_path == NULL && got.deploy_fullchain_path == NULL,
	   "unset paths are NULL");
	is_str(got.deploy_key_path, "/etc/ssl/private/tgt.key", "key path");
	is_str(got.deploy_combined_path, "/etc/haproxy/tgt.pem",
	       "combined path");
	cert_row_clear(&got);

	is_int(store_cert_set_settings(st, id, &cs, &e), RC_OK,
	       "a zeroed cert_settings");
	store_cert_get_by_id(st, id, &got, &e);
	ok(got.deploy_cert_mode == 0640 && got.deploy_combined == 1 &&
		   got.deploy_owner != NULL && got.deploy_key_path != NULL,
	   "changes nothing");
	cert_row_clear(&got);
	cs.deploy_owner = "";
	cs.deploy_cert_mode = CERT_SETTING_CLEAR;
	cs.deploy_key_mode = 0600;
	cs.deploy_combined = CERT_SETTING_CLEAR;
	cs.deploy_key_path = "";
	cs.deploy_fullchain_path = "/srv/full.pem";
	is_int(store_cert_set_settings(st, id, &cs, &e), RC_OK, "set (%s)",
	       err_text(&e));
	store_cert_get_by_id(st, id, &got, &e);
	ok(got.deploy_owner == NULL && got.deploy_group != NULL,
	   "owner cleared, group kept");
	is_int(got.deploy_cert_mode, 0, "cert mode cleared");
	is_int(got.deploy_key_mode, 0600, "key mode changed");
	is_int(got.deploy_combined, 0, "combined off");
	ok(got.deploy_key_path == NULL, "key path cleared");
	is_str(got.deploy_fullchain_path, "/srv/full.pem", "full chain set");
	is_str(got.deploy_cert_path, "/etc/ssl/certs/tgt.crt", "cert kept");
	cert_row_clear(&got);

	memset(&cs, 0, sizeof(cs));
	cs.deploy_key_mode = 0644;
	is_int(store_cert_set_settings(st, id, &cs, &e), RC_INPUT,
	       "the schema refuses a key mode others can read");
	err_clear(&e);
	memset(&cs, 0, sizeof(cs));
	cs.deploy_chain_path = "relative.pem";
	is_int(store_cert_set_settings(st, id, &cs, &e), RC_INPUT,
	       "and a relative path");
	err_clear(&e);

	is_int(store_deploy_dirs(st, &dirs, &n, &e), RC_OK, "deploy dirs");
	ok(n == 3 && strcmp(dirs[0], "/etc/haproxy") == 0 &&
		   strcmp(dirs[1], "/etc/ssl/certs") == 0 &&
		   strcmp(dirs[2], "/srv") == 0,
	   "the directories of the explicit paths (%zu)", n);
	store_strings_free(dirs, n);
	store_close(st);
}

int main(void)
{
	dir = tdir_make();
	test_paths();
	test_modes();
	test_migrations();
	test_schema_sql();
	test_refusals();
	test_busy();
	test_accounts();
	test_domains();
	test_certs();
	test_deploy_target();
	test_due();
	test_deploy_due();
	test_notify_cmd();
	test_leases();
	test_orders();
	test_events();
	test_transactions();
	test_runs();
	test_many();
	tdir_remove(dir);
	free(dir);
	return tap_done();
}
