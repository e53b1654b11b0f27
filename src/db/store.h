/* SPDX-License-Identifier: ISC */
/* store.h - the SQLite inventory: opening, closing, transactions.
 *
 * All SQL of acmetui lives in db/.  The rest of the program sees only the
 * functions declared in db/store*.h; rows come back in caller-owned structs
 * released with their _clear() (single rows) or _free() (arrays).
 *
 * Thread rules.  A struct store is one SQLite connection and is NOT shared:
 * each thread that needs the inventory opens its own with store_open() and
 * closes it when done (the --renew-due workers, the TUI loop, the CLI each
 * hold one).  Handing a store to another thread is allowed only with a
 * happens-before (e.g. pthread_join or a mutex); two threads must never use
 * one store at the same time.  Do not carry an open store across fork().
 * Several processes and threads may open the same file at once: the file
 * is in WAL mode (readers never block the writer) and every connection
 * waits up to STORE_BUSY_TIMEOUT_MS for the write lock before reporting
 * RC_DB_BUSY, so a cron run and a TUI do not see "database is locked".
 *
 * Transactions.  Every store function is atomic on its own.  To make one
 * lifecycle transition out of several calls ("one transition = one
 * transaction + one event"), bracket them with store_begin() and
 * store_commit() (or store_rollback()); inside such a transaction the store
 * functions nest with savepoints.  Keep transactions short: a transaction
 * holds the write lock, and no network I/O belongs inside one.
 */
#ifndef ACMETUI_STORE_H
#define ACMETUI_STORE_H

#include <stdint.h>

#include "util/err.h"

struct store;

/* How long a connection waits for another writer before RC_DB_BUSY. */
#define STORE_BUSY_TIMEOUT_MS 10000

/* The inputs of the default-path rules, injectable for tests.  NULL or ""
 * means "not set". */
struct store_path_env {
	const char *explicit_path; /* --db */
	const char *acmetui_db;	   /* $ACMETUI_DB */
	const char *xdg_data_home; /* $XDG_DATA_HOME, used if absolute */
	const char *home;	   /* $HOME or the passwd entry */
	int is_root;		   /* geteuid() == 0 */
};

/* Resolves the inventory path from env: explicit_path, else acmetui_db,
 * else /var/lib/acmetui/acmetui.db for root, else
 * $XDG_DATA_HOME/acmetui/acmetui.db, else ~/.local/share/acmetui/acmetui.db.
 * *out is a new string the caller frees.  RC_INPUT when no rule applies
 * (no home directory) or the result is too long; RC_NOMEM. */
enum rc store_path_resolve(const struct store_path_env *env, char **out,
			   struct err *e);

/* store_path_resolve() fed from the process: explicit (the --db option,
 * may be NULL), env_get() and geteuid(); HOME falls back to the passwd
 * entry.  *out is a new string the caller frees. */
enum rc store_default_path(const char *explicit_path, char **out,
			   struct err *e);

/* Opens (creating if needed) the inventory at path, or at
 * store_default_path(NULL) when path is NULL, and brings its schema up to
 * date.  Missing directories are created 0700; a new file is created 0600
 * whatever the umask, an existing file of ours is tightened to 0600, and
 * its -wal/-shm companions likewise.  A world-writable directory is
 * refused.  Errors: RC_DB (cannot open, not a database, corrupt),
 * RC_DB_BUSY (locked longer than the busy timeout), RC_DB_SCHEMA (written
 * by a newer acmetui: the file is then left untouched).  On success *out
 * is a new store the caller releases with store_close(). */
enum rc store_open(const char *path, struct store **out, struct err *e);

/* store_open() with a chosen busy timeout in milliseconds (tests; a UI
 * thread that prefers to fail fast). */
enum rc store_open_timeout(const char *path, int busy_timeout_ms,
			   struct store **out, struct err *e);

/* Closes the connection and frees st; NULL is fine.  An open transaction
 * is rolled back. */
void store_close(struct store *st);

/* The file this store was opened on (borrowed from st). */
const char *store_path(const struct store *st);

/* The schema version this binary creates and understands. */
int store_schema_version(void);

/* Starts a write transaction (BEGIN IMMEDIATE: the write lock is taken
 * now, waiting up to the busy timeout).  RC_USAGE when one is already
 * open on st; RC_DB_BUSY when the lock could not be had. */
enum rc store_begin(struct store *st, struct err *e);

/* Commits the transaction opened by store_begin(); when the commit fails
 * the transaction is rolled back (nothing of it is kept). */
enum rc store_commit(struct store *st, struct err *e);

/* Rolls back the open transaction, if any; safe to call when none is
 * open (so it can sit under an `out:` label). */
void store_rollback(struct store *st);

/* A cheap "has anything changed?" token for a UI that polls (say every
 * second): it differs from the previous value whenever this connection or
 * any other connection, in this or another process, committed a change
 * since.  Costs one PRAGMA, no table access. */
enum rc store_change_token(struct store *st, uint64_t *token, struct err *e);

#endif
