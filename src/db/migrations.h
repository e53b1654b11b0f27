/* SPDX-License-Identifier: ISC */
/* migrations.h - the numbered, forward-only schema migrations.
 *
 * Migration N (1-based) takes a database from PRAGMA user_version N-1 to
 * N; its SQL ends by setting user_version to N.  Migrations are history:
 * once released, a migration's text never changes; a schema change is a
 * new migration appended to the list (and db/schema.sql updated to show
 * the result, which the unit tests check). */
#ifndef ACMETUI_MIGRATIONS_H
#define ACMETUI_MIGRATIONS_H

#include <sqlite3.h>

#include "util/err.h"

/* PRAGMA application_id that migration 1 stamps on an inventory ("acmt"):
 * a database without it is not ours and is never migrated. */
#define STORE_APPLICATION_ID 0x61636d74

/* The newest schema version (the number of migrations). */
int migrations_latest(void);

/* The SQL of migration version (1..migrations_latest()), or NULL. */
const char *migrations_sql(int version);

/* Brings db from version `from` to migrations_latest() by running the
 * missing migrations in order.  The caller holds a write transaction (so
 * all of them apply, or none); this function checks foreign keys before
 * returning.  path names the file in error messages.  RC_DB on failure,
 * RC_DB_BUSY when locked, RC_DB_SCHEMA when `from` is newer than this
 * binary. */
enum rc migrations_apply(sqlite3 *db, int from, const char *path,
			 struct err *e);

#endif
