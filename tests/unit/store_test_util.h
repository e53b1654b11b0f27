/* SPDX-License-Identifier: ISC */
/* store_test_util.h - scratch directories, raw SQLite access and fixtures
 * shared by the store's unit tests. */
#ifndef ACMETUI_STORE_TEST_UTIL_H
#define ACMETUI_STORE_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "db/store.h"

/* A new private directory under $TMPDIR (or /tmp); caller frees the path
 * after tdir_remove().  Aborts the test program on failure. */
char *tdir_make(void);

/* Removes dir and everything below it. */
void tdir_remove(const char *dir);

/* dir + "/" + name, newly allocated (aborts when out of memory). */
char *tpath(const char *dir, const char *name);

/* Runs sql on the file at path through a separate raw connection, as
 * another program would.  Returns the SQLite result code. */
int raw_exec(const char *path, const char *sql);

/* Reads a whole file; *len gets its size.  NULL when it cannot. */
char *slurp(const char *path, size_t *len);

/* Inserts an account called name with a directory URL; returns its id,
 * or 0 on failure. */
int64_t fx_account(struct store *st, const char *name);

/* Inserts certificate name for account acct with n http-01 domains named
 * "<i>.<name>.example"; returns its id or 0. */
int64_t fx_cert(struct store *st, const char *name, int64_t acct, size_t n);

/* Puts certificate id into stage/status with renew_at (issued-like). */
int fx_due(struct store *st, int64_t id, int stage, int64_t renew_at);

/* The SQL of st's cached statement containing needle (for EXPLAIN), or
 * NULL when no cached statement contains it. */
const char *cached_sql(struct store *st, const char *needle);

/* The query plan of st's cached statement containing needle, its lines
 * ';'-joined, with ?1 bound to 1000 (caller frees; aborts when there is
 * no such statement). */
char *plan_of(struct store *st, const char *needle);

#endif
