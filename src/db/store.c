/* SPDX-License-Identifier: ISC */
/* store.c - finding, creating, opening and closing the inventory; the
 * public transaction calls and the change token. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

#include "db/migrations.h"
#include "db/store_int.h"
#include "util/clock.h"
#include "util/env.h"

#define ROOT_DB_PATH "/var/lib/acmetui/acmetui.db"
#define DB_SUBPATH "acmetui/acmetui.db"

/* Serializes the create-if-missing step across threads: see
 * prepare_file(). */
static pthread_mutex_t create_lock = PTHREAD_MUTEX_INITIALIZER;

/* An environment value or option counts only when non-empty. */
static int is_set(const char *s)
{
	return s != NULL && s[0] != '\0';
}

enum rc store_path_resolve(const struct store_path_env *env, char **out,
			   struct err *e)
{
	char *p = NULL;
	int n = -1;

	*out = NULL;
	if (is_set(env->explicit_path))
		n = asprintf(&p, "%s", env->explicit_path);
	else if (is_set(env->acmetui_db))
		n = asprintf(&p, "%s", env->acmetui_db);
	else if (env->is_root)
		n = asprintf(&p, "%s", ROOT_DB_PATH);
	else if (is_set(env->xdg_data_home) && env->xdg_data_home[0] == '/')
		/* The XDG spec: a relative value is invalid, ignore it. */
		n = asprintf(&p, "%s/%s", env->xdg_data_home, DB_SUBPATH);
	else if (is_set(env->home) && env->home[0] == '/')
		n = asprintf(&p, "%s/.local/share/%s", env->home, DB_SUBPATH);
	else
		return err_set(e, RC_INPUT,
			       _("cannot tell where the inventory is: no home "
				 "directory; use --db PATH or ACMETUI_DB"));
	if (n < 0)
		return err_set(e, RC_NOMEM, _("out of memory"));
	if ((size_t)n >= PATH_MAX) {
		free(p);
		return err_set(e, RC_INPUT, _("inventory path is too long"));
	}
	*out = p;
	return RC_OK;
}

enum rc store_default_path(const char *explicit_path, char **out, struct err *e)
{
	struct store_path_env env = { 0 };
	struct passwd pw, *found = NULL;
	char pwbuf[4096];

	env.explicit_path = explicit_path;
	env.acmetui_db = env_get()->db;
	env.xdg_data_home = env_get()->xdg_data_home;
	env.home = env_get()->home;
	env.is_root = geteuid() == 0;
	if (!is_set(env.home) &&
	    getpwuid_r(geteuid(), &pw, pwbuf, sizeof(pwbuf), &found) == 0 &&
	    found != NULL)
		env.home = found->pw_dir;
	return store_path_resolve(&env, out, e);
}

/* mkdir -p for dir, each directory it creates being 0700 whatever the
 * umask.  Existing directories are left as they are. */
static enum rc make_dirs(char *dir, struct err *e)
{
	struct stat sb;
	char *p;

	for (p = dir + 1;; p++) {
		char c = *p;

		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) == 0) {
			if (chmod(dir, 0700) != 0) {
				*p = c;
				return err_set(e, RC_DB,
					       _("cannot set the mode of %s: "
						 "%s"),
					       dir, strerror(errno));
			}
		} else if (errno != EEXIST) {
			int saved = errno;

			err_set(e, RC_DB, _("cannot create directory %s: %s"),
				dir, strerror(saved));
			*p = c;
			return RC_DB;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return err_set(e, RC_DB, _("%s is not a directory"), dir);
	return RC_OK;
}

/* Creates the directory that will hold path if needed and refuses one that
 * anybody may write to: another user could plant or swap the database or
 * its -wal/-shm files there, and the inventory holds private keys. */
static enum rc prepare_dir(const char *path, struct err *e)
{
	enum rc rc = RC_OK;
	char *dir = NULL, *slash;
	struct stat sb;

	/* A bare file name lives in the current directory. */
	dir = strdup(strchr(path, '/') != NULL ? path : ".");
	if (dir == NULL)
		return err_set(e, RC_NOMEM, _("out of memory"));
	slash = strrchr(dir, '/');
	if (slash == dir) {
		slash[1] = '\0';
	} else if (slash != NULL) {
		*slash = '\0';
		rc = make_dirs(dir, e);
		if (rc != RC_OK)
			goto out;
	}
	if (stat(dir, &sb) != 0) {
		rc = err_set(e, RC_DB, _("cannot access directory %s: %s"), dir,
			     strerror(errno));
		goto out;
	}
	if (sb.st_mode & S_IWOTH)
		rc = err_set(e, RC_DB,
			     _("directory %s is writable by everyone; the "
			       "inventory holds private keys: choose a private "
			       "directory with --db or ACMETUI_DB"),
			     dir);
out:
	free(dir);
	return rc;
}

/* Brings an existing file of ours to 0600 (keeping it if it already has
 * no group/other bits).  Files of other users are left alone. */
static enum rc tighten(const char *path, int must_exist, struct err *e)
{
	struct stat sb;

	if (stat(path, &sb) != 0) {
		if (errno == ENOENT && !must_exist)
			return RC_OK;
		return err_set(e, RC_DB, _("cannot access %s: %s"), path,
			       strerror(errno));
	}
	if (!S_ISREG(sb.st_mode))
		return err_set(e, RC_DB, _("%s is not a regular file"), path);
	if (sb.st_uid == geteuid() && (sb.st_mode & 077) != 0 &&
	    chmod(path, 0600) != 0)
		return err_set(e, RC_DB, _("cannot set the mode of %s: %s"),
			       path, strerror(errno));
	return RC_OK;
}

/* The -wal and -shm files SQLite keeps next to the database: SQLite gives
 * them the database's mode, but ones left by another program may not. */
static enum rc tighten_companions(const char *path, struct err *e)
{
	static const char *const suffix[] = { "-wal", "-shm", "-journal" };
	char name[PATH_MAX + 16];
	enum rc rc = RC_OK;
	size_t i;

	for (i = 0; i < sizeof(suffix) / sizeof(suffix[0]) && rc == RC_OK;
	     i++) {
		snprintf(name, sizeof(name), "%s%s", path, suffix[i]);
		rc = tighten(name, 0, e);
	}
	return rc;
}

/* Creates the database file 0600 before SQLite sees it (SQLite would
 * create it 0644 under the usual umask).  The descriptor is closed right
 * away, and closing any descriptor of a file drops every POSIX lock this
 * process holds on it, SQLite's included.  O_EXCL plus the mutex make this
 * safe: we only close a file we have just created, before any other
 * connection of this process (all made by store_open) can open it. */
static enum rc prepare_file(const char *path, struct err *e)
{
	enum rc rc = RC_OK;
	int fd;

	pthread_mutex_lock(&create_lock);
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0600);
	if (fd >= 0) {
		if (fchmod(fd, 0600) != 0)
			rc = err_set(e, RC_DB,
				     _("cannot set the mode of %s: "
				       "%s"),
				     path, strerror(errno));
		close(fd);
	} else if (errno == EEXIST) {
		rc = tighten(path, 1, e);
	} else {
		rc = err_set(e, RC_DB, _("cannot create inventory %s: %s"),
			     path, strerror(errno));
	}
	pthread_mutex_unlock(&create_lock);
	return rc;
}

/* Runs a one-row, one-column query (a pragma) and returns its integer. */
static enum rc query_int(struct store *st, const char *sql, int64_t *v,
			 struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc ret = RC_OK;
	int rc;

	s = store_stmt(st, sql, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(s, 0);
	else
		ret = store_sql_err(st, rc == SQLITE_DONE ? SQLITE_ERROR : rc,
				    _("reading the inventory header"), e);
	store_stmt_done(s);
	return ret;
}

/* Reads the schema version and checks that the file is ours: either an
 * acmetui inventory (our application_id) or an empty database.  A newer
 * version gives RC_DB_SCHEMA.  Nothing is written. */
static enum rc check_identity(struct store *st, int *version, struct err *e)
{
	int64_t v = 0, app = 0, objects = 0;
	enum rc rc;

	rc = store_atomic_begin(st, 0, e);
	if (rc != RC_OK)
		return rc;
	rc = query_int(st, "PRAGMA user_version", &v, e);
	if (rc == RC_OK)
		rc = query_int(st, "PRAGMA application_id", &app, e);
	if (rc == RC_OK)
		rc = query_int(st, "SELECT count(*) FROM sqlite_master",
			       &objects, e);
	rc = store_atomic_end(st, rc, e);
	if (rc != RC_OK)
		return rc;
	if (app != STORE_APPLICATION_ID && (v != 0 || app != 0 || objects))
		return err_set(e, RC_DB,
			       _("%s is an SQLite database but not an acmetui "
				 "inventory; refusing to touch it"),
			       st->path);
	if (v > migrations_latest())
		return err_set(e, RC_DB_SCHEMA,
			       _("inventory %s has schema version %lld; this "
				 "acmetui knows up to %d: upgrade acmetui"),
			       st->path, (long long)v, migrations_latest());
	if (v < 0)
		return err_set(e, RC_DB,
			       _("inventory %s has an invalid "
				 "schema version"),
			       st->path);
	*version = (int)v;
	return RC_OK;
}

/* Runs the missing migrations in one write transaction, re-reading the
 * version under the write lock (another process may have just done it). */
static enum rc migrate(struct store *st, struct err *e)
{
	enum rc rc;
	int version = 0;

	rc = store_exec(st, "BEGIN IMMEDIATE", _("locking for the upgrade"), e);
	if (rc != RC_OK)
		return rc;
	rc = check_identity(st, &version, e);
	if (rc == RC_OK)
		rc = migrations_apply(st->db, version, st->path, e);
	if (rc == RC_OK)
		rc = store_exec(st, "COMMIT", _("committing the upgrade"), e);
	if (rc != RC_OK)
		store_rollback(st);
	return rc;
}

/* One attempt at PRAGMA journal_mode = WAL: RC_OK when the file is in WAL
 * mode, *busy set when another connection was in the way. */
static enum rc try_wal(struct store *st, int *busy, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc ret = RC_OK;
	const unsigned char *mode;
	int rc;

	*busy = 0;
	s = store_stmt(st, "PRAGMA journal_mode = WAL", e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	rc = sqlite3_step(s);
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
		*busy = 1;
		ret = RC_DB_BUSY;
	} else if (rc != SQLITE_ROW) {
		ret = store_sql_err(st, rc, _("enabling WAL mode"), e);
	} else {
		mode = sqlite3_column_text(s, 0);
		if (mode == NULL || strcmp((const char *)mode, "wal") != 0)
			ret = err_set(e, RC_DB,
				      _("inventory %s: cannot use WAL mode on "
					"this file system"),
				      st->path);
	}
	store_stmt_done(s);
	return ret;
}

/* Switches a new file to WAL mode (a no-op once it is).  The switch needs
 * the file to itself, and SQLite does not run the busy handler for it
 * (another connection holding a read lock would deadlock), so when several
 * processes or threads create the inventory at once we retry here, with a
 * short backoff, up to the busy timeout. */
static enum rc enable_wal(struct store *st, struct err *e)
{
	int64_t deadline = mono_ms() + st->busy_ms;
	struct timespec pause = { 0, 1000000 };
	enum rc rc;
	int busy = 0;

	for (;;) {
		rc = try_wal(st, &busy, e);
		if (!busy)
			return rc;
		if (mono_ms() >= deadline)
			return err_set(e, RC_DB_BUSY,
				       _("inventory %s is locked by another "
					 "process (enabling WAL mode)"),
				       st->path);
		nanosleep(&pause, NULL);
		if (pause.tv_nsec < 64000000)
			pause.tv_nsec *= 2;
	}
}

/* The per-connection settings.  journal_mode=WAL is persistent in the
 * file; the others hold for this connection only. */
static enum rc configure(struct store *st, struct err *e)
{
	enum rc ret;

	ret = enable_wal(st, e);
	if (ret == RC_OK)
		ret = store_exec(st, "PRAGMA synchronous = NORMAL",
				 _("configuring"), e);
	if (ret == RC_OK)
		ret = store_exec(st, "PRAGMA secure_delete = ON",
				 _("configuring"), e);
	if (ret == RC_OK)
		ret = store_exec(st, "PRAGMA trusted_schema = OFF",
				 _("configuring"), e);
	return ret;
}

/* Foreign keys go on after the migrations (which may rebuild tables) and
 * are checked to be really on: without them cascades silently stop. */
static enum rc enable_foreign_keys(struct store *st, struct err *e)
{
	int64_t on = 0;
	enum rc rc;

	rc = store_exec(st, "PRAGMA foreign_keys = ON", _("configuring"), e);
	if (rc == RC_OK)
		rc = query_int(st, "PRAGMA foreign_keys", &on, e);
	if (rc == RC_OK && on != 1)
		rc = err_set(e, RC_DB, _("this SQLite has no foreign keys"));
	return rc;
}

/* Opens the SQLite connection on an existing file and sets its options. */
static enum rc open_connection(struct store *st, int busy_ms, struct err *e)
{
	int rc;

	rc = sqlite3_open_v2(st->path, &st->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK)
		return err_set(e, rc == SQLITE_NOMEM ? RC_NOMEM : RC_DB,
			       _("cannot open inventory %s: %s"), st->path,
			       st->db ? sqlite3_errmsg(st->db)
				      : sqlite3_errstr(rc));
	sqlite3_extended_result_codes(st->db, 1);
	st->busy_ms = busy_ms;
	sqlite3_busy_timeout(st->db, busy_ms);
	/* No writable_schema tricks, no schema-defined functions. */
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	return RC_OK;
}

enum rc store_open_timeout(const char *path, int busy_timeout_ms,
			   struct store **out, struct err *e)
{
	struct store *st = NULL;
	enum rc rc;
	int version = 0;

	*out = NULL;
	st = calloc(1, sizeof(*st));
	if (st == NULL)
		return err_set(e, RC_NOMEM, _("out of memory"));
	rc = store_default_path(path, &st->path, e);
	if (rc == RC_OK)
		rc = prepare_dir(st->path, e);
	if (rc == RC_OK)
		rc = prepare_file(st->path, e);
	if (rc == RC_OK)
		rc = tighten_companions(st->path, e);
	if (rc == RC_OK)
		rc = open_connection(st, busy_timeout_ms, e);
	/* Nothing may be written before we know the schema is ours and not
	 * newer: journal_mode=WAL alone would change the file header. */
	if (rc == RC_OK)
		rc = check_identity(st, &version, e);
	if (rc == RC_OK)
		rc = configure(st, e);
	if (rc == RC_OK && version < migrations_latest())
		rc = migrate(st, e);
	if (rc == RC_OK)
		rc = enable_foreign_keys(st, e);
	if (rc == RC_OK)
		rc = tighten_companions(st->path, e);
	if (rc != RC_OK) {
		store_close(st);
		return rc;
	}
	*out = st;
	return RC_OK;
}

enum rc store_open(const char *path, struct store **out, struct err *e)
{
	return store_open_timeout(path, STORE_BUSY_TIMEOUT_MS, out, e);
}

void store_close(struct store *st)
{
	if (st == NULL)
		return;
	if (st->db != NULL) {
		if (!sqlite3_get_autocommit(st->db))
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		store_stmts_finalize(st);
		sqlite3_close(st->db);
	}
	free(st->path);
	free(st);
}

const char *store_path(const struct store *st)
{
	return st->path;
}

int store_schema_version(void)
{
	return migrations_latest();
}

enum rc store_begin(struct store *st, struct err *e)
{
	if (!sqlite3_get_autocommit(st->db))
		return err_set(e, RC_USAGE,
			       _("inventory: a transaction is already open"));
	return store_exec(st, "BEGIN IMMEDIATE", _("starting a transaction"),
			  e);
}

enum rc store_commit(struct store *st, struct err *e)
{
	enum rc rc;

	if (sqlite3_get_autocommit(st->db))
		return err_set(e, RC_USAGE,
			       _("inventory: no transaction to commit"));
	rc = store_exec(st, "COMMIT", _("committing"), e);
	if (rc != RC_OK)
		store_rollback(st);
	return rc;
}

void store_rollback(struct store *st)
{
	sqlite3_stmt *s;

	if (st == NULL || st->db == NULL || sqlite3_get_autocommit(st->db))
		return;
	s = store_stmt(st, "ROLLBACK", NULL);
	if (s != NULL) {
		sqlite3_step(s);
		store_stmt_done(s);
	}
	st->atomic_depth = 0;
	st->atomic_owns_tx = 0;
}

enum rc store_change_token(struct store *st, uint64_t *token, struct err *e)
{
	int64_t dv = 0;
	enum rc rc;

	rc = query_int(st, "PRAGMA data_version", &dv, e);
	if (rc != RC_OK)
		return rc;
	/* data_version moves on commits by other connections; our own
	 * commits show in total_changes. */
	*token = ((uint64_t)dv << 32) ^
		 (uint64_t)(uint32_t)sqlite3_total_changes(st->db);
	return RC_OK;
}
