/* SPDX-License-Identifier: ISC */
/* store_test_util.c - helpers for the store's unit tests. */
#include "config.h"

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db/store_accounts.h"
#include "db/store_certs.h"
#include "db/store_int.h"
#include "store_test_util.h"

char *tdir_make(void)
{
	const char *base = getenv("TMPDIR");
	char *t = NULL;

	if (base == NULL || base[0] == '\0')
		base = "/tmp";
	if (asprintf(&t, "%s/acmetui-store-XXXXXX", base) < 0)
		abort();
	if (mkdtemp(t) == NULL) {
		perror("mkdtemp");
		abort();
	}
	return t;
}

static int rm_one(const char *p, const struct stat *sb, int flag,
		  struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	/* A test may have made a directory unwritable: undo before rm. */
	chmod(p, 0700);
	return remove(p);
}

void tdir_remove(const char *dir)
{
	if (dir != NULL)
		nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

char *tpath(const char *dir, const char *name)
{
	char *p = NULL;

	if (asprintf(&p, "%s/%s", dir, name) < 0)
		abort();
	return p;
}

int raw_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	int rc;

	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

char *slurp(const char *path, size_t *len)
{
	char *buf = NULL;
	struct stat sb;
	ssize_t got;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &sb) == 0)
		buf = malloc((size_t)sb.st_size + 1);
	if (buf == NULL) {
		close(fd);
		return NULL;
	}
	got = read(fd, buf, (size_t)sb.st_size);
	close(fd);
	if (got != sb.st_size) {
		free(buf);
		return NULL;
	}
	buf[got] = '\0';
	*len = (size_t)got;
	return buf;
}

int64_t fx_account(struct store *st, const char *name)
{
	struct acct_row a = { 0 };
	int64_t id = 0;

	a.name = (char *)name;
	a.ca_preset = (char *)"letsencrypt";
	a.directory_url = (char *)"https://acme.test/directory";
	a.environment = ACCT_ENV_STAGING;
	a.status = ACCT_STATUS_PENDING;
	if (store_account_insert(st, &a, &id, NULL) != RC_OK)
		return 0;
	return id;
}

int64_t fx_cert(struct store *st, const char *name, int64_t acct, size_t n)
{
	struct domain_row *d = NULL;
	struct cert_row c = { 0 };
	int64_t id = 0;
	size_t i;

	d = calloc(n ? n : 1, sizeof(*d));
	if (d == NULL)
		abort();
	for (i = 0; i < n; i++) {
		if (asprintf(&d[i].name, "d%zu.%s.example", i, name) < 0)
			abort();
		d[i].method = DOM_METHOD_HTTP01;
		d[i].webroot = (char *)"/srv/www";
	}
	c.name = (char *)name;
	c.account_id = acct;
	c.key_type = (char *)"ec256";
	c.domains = d;
	c.n_domains = n;
	if (store_cert_insert(st, &c, &id, NULL) != RC_OK)
		id = 0;
	for (i = 0; i < n; i++)
		free(d[i].name);
	free(d);
	return id;
}

int fx_due(struct store *st, int64_t id, int stage, int64_t renew_at)
{
	if (store_cert_set_state(st, id, (enum cert_stage)stage, CERT_STATUS_OK,
				 NULL) != RC_OK)
		return -1;
	return store_cert_set_renewal(st, id, renew_at, "test", NULL) == RC_OK
		       ? 0
		       : -1;
}

/* The SQL of a cached statement containing needle (for EXPLAIN). */
const char *cached_sql(struct store *st, const char *needle)
{
	size_t i;

	for (i = 0; i < st->n_stmts; i++)
		if (strstr(st->stmts[i].sql, needle))
			return st->stmts[i].sql;
	return NULL;
}

/* The plan of the cached statement containing needle, ';'-joined
 * (caller frees). */
char *plan_of(struct store *st, const char *needle)
{
	const char *sql = cached_sql(st, needle);
	sqlite3_stmt *s = NULL;
	char *q = NULL, *plan = strdup(""), *next = NULL;

	if (sql == NULL || plan == NULL ||
	    asprintf(&q, "EXPLAIN QUERY PLAN %s", sql) < 0)
		abort();
	sqlite3_prepare_v2(st->db, q, -1, &s, NULL);
	free(q);
	sqlite3_bind_int64(s, 1, 1000);
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (asprintf(&next, "%s%s;", plan,
			     (const char *)sqlite3_column_text(s, 3)) < 0)
			abort();
		free(plan);
		plan = next;
	}
	sqlite3_finalize(s);
	return plan;
}
