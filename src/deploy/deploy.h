/* SPDX-License-Identifier: ISC */
/* deploy.h - installation: put a certificate's files where a server reads
 * them and make the server read them, or leave it on the set it had.
 *
 * The target.  A deploy directory DIR gets the names certbot's live/
 * directories use, so server configurations carry over:
 *
 *	cert.pem	the leaf				cert mode
 *	chain.pem	the intermediates			cert mode
 *	fullchain.pem	leaf + intermediates			cert mode
 *	privkey.pem	the private key				key mode
 *	combined.pem	key + leaf + intermediates (optional;	key mode
 *			HAProxy, some appliances)
 *
 * Any of the five may instead be given an explicit absolute path of its
 * own (cert_path, ..., combined_path), in any directory; an explicit path
 * replaces the file's place in DIR, and a target of explicit paths alone
 * (no DIR) writes exactly those files.  The cert mode defaults to 0644,
 * the key mode to 0600.  A key mode must let the owner read and must not
 * let others in at all (0600, 0400, 0640, 0440 ...); a key mode with
 * group bits needs an explicit group (otherwise the file's group would be
 * whatever the directory or our process happened to give it).
 *
 * Every directory a file goes to is a "target directory": created 0755
 * if missing, opened once (two spellings of one directory are the same
 * directory: they are told apart by device and inode), locked.
 *
 * The steps, each one failing cleanly:
 *  1. check the target (deploy_target_files, deploy_check_target): the
 *     paths, the modes, a reload command that splits into words, an
 *     owner and group that exist;
 *  2. lock every target directory (flock, exclusive), in the order of
 *     (device, inode) so that two deploys sharing directories cannot
 *     deadlock; a directory held by another deploy is waited for up to
 *     lock_wait_ms, then the deploy fails without having touched a file;
 *  3. undo (or complete) an interrupted deploy, see below;
 *  4. keep the live set: each live file is hard-linked into the
 *     .previous/ subdirectory (0700, ours) of its own target directory
 *     under its own name (same inode: byte for byte, its mode and owner,
 *     no copy of the key through memory).  File names are unique within
 *     a directory, so certificates sharing a directory (say
 *     /etc/ssl/private) share its .previous/ without colliding; the lock
 *     makes them take turns.  Then every target directory gets a
 *     .previous/manifest (0600, written atomically), the primary
 *     directory's last:
 *
 *	deploy 3f0c...			a random id of this deploy
 *	dir /etc/nginx/tls		every target directory of the deploy,
 *	dir /etc/ssl/private		the primary one (the first file's) first
 *	kept cert.pem			this directory's files: linked into
 *	new combined.pem		.previous/, or not live before
 *
 *  5. write every file atomically: a temporary ".acmetui-deploy-*.tmp"
 *     created 0600 in the locked directory (by its descriptor, not by
 *     its path again), given its owner and group and then its mode,
 *     written, fsync, rename over the name, fsync of the directory
 *     (util/atomic.h).  A file therefore never appears with the wrong
 *     owner or a looser mode, whatever the umask;
 *  6. run the reload command as /bin/sh -c CMD (util/shellcmd.h),
 *     bounded by proc_run (util/proc.h);
 *  7. success: the primary directory's manifest is removed (and that
 *     removal made durable): this is the commit point, from then on the
 *     new set is the one to keep; then the other manifests, the kept
 *     files and the .previous/ directories (an old private key does not
 *     linger).  Failure of a write or of the reload: every file is put
 *     back from .previous/ (rename: atomic per file; a file that did not
 *     exist before is removed), then the manifests go, the primary's
 *     last, and after a failed reload the command runs once more so
 *     that the server re-reads the restored set.  A first deploy (no
 *     file of the plan existed) whose reload fails keeps its new files
 *     instead (committed as on success, kept_first set, the failure
 *     returned): there is no previous set to restore, and removing the
 *     new one would leave a server that is not running yet nothing to
 *     start with.
 *
 * A server therefore reads either the complete old set or the complete
 * new one when it reloads: files change one by one (each atomically) and
 * only the reload makes a server look.
 *
 * Interrupted deploys (acmetui killed, power cut).  Whoever writes into
 * a directory holds its lock, so what the next deploy finds there under
 * the lock is a leftover.  In step 3 it reads the manifest of every
 * target directory; a manifest names all directories of its deploy, and
 * those are locked too (all locks are released and taken again in
 * (device, inode) order when that adds directories, and the manifests
 * are read again), so an interrupted deploy is always dealt with in all
 * of its directories at once, whichever of them the next deploy shares:
 *  - no file is replaced before every manifest is in place (step 4), and
 *    the primary's manifest is removed first on commit (step 7) but last
 *    when rolling back (step 7 and below), so: a deploy whose primary
 *    directory still holds its manifest had not committed: in every
 *    directory holding its manifest the old set is restored from it
 *    ("kept" files renamed back, "new" ones removed), the primary last,
 *    each directory's manifest removed once it is restored;
 *  - a deploy whose manifest is in some directories but no longer in its
 *    primary had committed and was tidying up: those manifests and the
 *    kept files are only removed (a leftover), the new set stays;
 *  - a recovery that is itself interrupted is simply repeated: a "kept"
 *    file already missing from .previous/ was renamed back before, a
 *    "new" one already removed is skipped, a directory whose manifest is
 *    gone was already restored (the primary's going last keeps the
 *    decision the same);
 *  - a primary directory that no longer exists proves nothing: the other
 *    directories are restored;
 *  - a .previous/ without a manifest (killed while keeping the old set,
 *    or after its manifest went) belongs to a directory that holds one
 *    whole set: its entries are removed as leftovers;
 *  - stale ".acmetui-deploy-*.tmp" files (possibly a private key) are
 *    removed from every locked directory and .previous/.
 * The deploy then proceeds as usual.  deploy_report.recovered counts the
 * directories restored, leftovers what was removed.  A damaged manifest
 * stops the deploy (RC_SYS) rather than guessing.  Directories an
 * interrupted deploy touched that no later deploy shares keep their
 * leftovers until the next deploy to one of them.
 *
 * The rollback can only be as good as the reload's exit status: "nginx -s
 * reload" signals the master and exits 0 before nginx has read anything,
 * so a broken set shows only in nginx's log (and in `cert probe`).  A
 * reload command that checks first ("nginx -t && nginx -s reload") makes
 * such a failure roll back.
 *
 * No SQL, no lifecycle: lifecycle/deploy.c reads the inventory and
 * records stages and events around deploy_cert(). */
#ifndef ACMETUI_DEPLOY_H
#define ACMETUI_DEPLOY_H

#include <stddef.h>
#include <sys/types.h>

#include "util/err.h"

#define DEPLOY_RELOAD_TIMEOUT_MS_DEFAULT 60000
/* Long enough for another deploy's write, reload and restoring reload. */
#define DEPLOY_LOCK_WAIT_MS_DEFAULT \
	(2 * DEPLOY_RELOAD_TIMEOUT_MS_DEFAULT + 10000)
#define DEPLOY_PREVIOUS_DIR ".previous"
#define DEPLOY_MANIFEST "manifest" /* in DEPLOY_PREVIOUS_DIR */
#define DEPLOY_TMP_PREFIX ".acmetui-deploy-"
#define DEPLOY_MAX_FILES 5
/* Directories one deploy locks: its own and those of interrupted
 * deploys it must undo with them. */
#define DEPLOY_MAX_DIRS 16
#define DEPLOY_PATH_MAX 4096 /* bytes of a path, NUL included */
#define DEPLOY_CERT_MODE_DEFAULT 0644
#define DEPLOY_KEY_MODE_DEFAULT 0600

/* The files of a target, in the order they are written (the key last:
 * until it is in place the old key still matches the old certificate
 * files a careless reader might pick up). */
enum deploy_kind {
	DEPLOY_CERT,
	DEPLOY_CHAIN,
	DEPLOY_FULLCHAIN,
	DEPLOY_COMBINED,
	DEPLOY_KEY
};

/* Where and how (all borrowed). */
struct deploy_target {
	const char *dir; /* absolute path, or NULL/"" for none */
	/* Explicit absolute paths (NULL or "": the default name in dir). */
	const char *cert_path;
	const char *chain_path;
	const char *fullchain_path;
	const char *key_path;
	const char *combined_path; /* implies combined */
	const char *reload_cmd;	   /* NULL or "": no reload */
	const char *owner;	   /* user name for chown, or NULL */
	const char *group;	   /* group name for chown, or NULL */
	unsigned cert_mode;	   /* 0: DEPLOY_CERT_MODE_DEFAULT */
	unsigned key_mode;	   /* 0: DEPLOY_KEY_MODE_DEFAULT */
	int combined;		   /* also write combined.pem */
	int reload_timeout_ms;	   /* <= 0: DEPLOY_RELOAD_TIMEOUT_MS_DEFAULT */
	int lock_wait_ms;	   /* <= 0: fail at once when a directory is
				 * locked by another deploy */
	/* Each line the reload command prints (sanitized), or NULL. */
	void (*log)(void *arg, const char *line);
	void *log_arg;
	/* Called after each file is in place (name: its base name), or
	 * NULL; the crash-safety tests stop the process here. */
	void (*file_done)(void *arg, const char *name);
	void *file_done_arg;
};

/* One file a target writes (deploy_target_files). */
struct deploy_file {
	enum deploy_kind kind;
	char path[DEPLOY_PATH_MAX]; /* absolute */
	unsigned mode;
};

/* What (all borrowed; key_pem is secret and never copied unwiped). */
struct deploy_files {
	const char *key_pem;
	const char *cert_pem;
	const char *chain_pem; /* may be NULL or "" (no intermediates) */
};

/* What happened.  Filled by deploy_cert() whatever it returns. */
struct deploy_report {
	unsigned n_files;      /* files written (and kept, on success) */
	unsigned leftovers;    /* stale entries of a killed deploy removed */
	unsigned recovered;    /* directories where an interrupted deploy
				  * was undone first (its old set restored) */
	int reload_ran;	       /* a reload command was run */
	long reload_ms;	       /* how long the (first) reload took */
	int rolled_back;       /* the previous files were put back */
	int restore_reload_ok; /* after a rollback: the second reload
				  * (back to the old set) succeeded */
	int kept_first;	       /* a first deploy whose reload failed: its
				  * files were kept (nothing to go back to) */
};

/* "cert", "chain", "fullchain", "combined", "key" (stable: JSON keys). */
const char *deploy_kind_name(enum deploy_kind k);

/* Parses an octal file mode ("0640", "640"; 3 or 4 octal digits, at
 * most 0777) into *mode.  RC_INPUT with a message naming s otherwise. */
enum rc deploy_parse_mode(const char *s, unsigned *mode, struct err *e);

/* Checks one explicit path: absolute, at most DEPLOY_PATH_MAX - 1 bytes,
 * no control characters, naming a file whose name does not start with
 * '.' (hidden names are the deploy's own temporary and previous files).
 * what names the file in the message (e.g. _("key")). */
enum rc deploy_check_path(const char *what, const char *path, struct err *e);

/* Lists the files t writes, in writing order, into out[0..*n) with their
 * paths and modes; checks everything that can be checked without the
 * system: the paths, the modes, two files on one path, a target with no
 * file.  Touches nothing.  RC_INPUT (RC_USAGE for no target at all). */
enum rc deploy_target_files(const struct deploy_target *t,
			    struct deploy_file out[DEPLOY_MAX_FILES], size_t *n,
			    struct err *e);

/* Resolves t's owner and group names to ids ((uid_t)-1 / (gid_t)-1 when
 * not set).  An unknown name is RC_INPUT: guessing would hand a private
 * key to the wrong account. */
enum rc deploy_resolve_owner(const struct deploy_target *t, uid_t *uid,
			     gid_t *gid, struct err *e);

/* Everything deploy_cert() checks before it touches anything:
 * deploy_target_files, deploy_resolve_owner and the reload command.
 * For `cert add` / `cert set` to refuse a target at once. */
enum rc deploy_check_target(const struct deploy_target *t, struct err *e);

/* Deploys f into t as described above.  RC_OK when every file is
 * written and the reload (if any) exited 0.  Otherwise e says what
 * failed, and whether the previous files were restored, e.g. "reload
 * 'nginx -s reload' failed (exit 1): nginx: [emerg] ...; the previous
 * certificate files were restored".  RC_INPUT/RC_USAGE for a bad target
 * (nothing touched), RC_EXISTS when a directory stayed locked by another
 * deploy, RC_SYS for a file system error, RC_HOOK or RC_TIMEOUT for the
 * reload. */
enum rc deploy_cert(const struct deploy_target *t, const struct deploy_files *f,
		    struct deploy_report *r, struct err *e);

/* ---- Staged deploys: one reload for many (a --renew-due batch) ----
 *
 * deploy_stage() does steps 1 to 5 above (the live set kept in
 * .previous/ with its manifests, every new file written) and releases
 * the locks, so that other deploys wait for no reload; the manifests
 * stay, so the deploy is still uncommitted on disk: a process killed
 * before it commits leaves what recovery (step 3) undoes, the old set,
 * and the inventory (lifecycle) marks it to be deployed again.  The
 * caller then runs the reload once for every staged deploy with that
 * command (deploy_staged_reload) and, after it, commits each
 * (deploy_staged_commit: relock, check the primary manifest is still
 * this deploy's, step 7's commit) or, the reload having failed, undoes
 * each (deploy_staged_undo: the previous set restored, or a first
 * deploy's files kept as deploy_cert keeps them), runs the reload once
 * more for the restored sets and gives each its message
 * (deploy_staged_undone).
 *
 * The manifest has one name per directory, and a deploy into a
 * directory that holds another's manifest undoes that one: the caller
 * must therefore commit or undo every staged deploy that shares a
 * directory with the next target (deploy_staged_shares_dir) before it
 * stages that one.  Another process deploying into a staged directory
 * undoes the staged deploy too (it cannot tell it from a killed one);
 * the commit then finds the manifest gone and fails (RC_EXISTS): the old
 * set is in place, whole, and the next deploy installs the new one. */
struct deploy_staged;

/* Stages f into t (t borrowed until deploy_staged_free) and sets *out
 * (free with deploy_staged_free).  Fails as deploy_cert does before its
 * reload, with nothing staged (*out NULL). */
enum rc deploy_stage(const struct deploy_target *t,
		     const struct deploy_files *f, struct deploy_staged **out,
		     struct deploy_report *r, struct err *e);

/* 1 when a file of target t would go into a directory of s. */
int deploy_staged_shares_dir(const struct deploy_staged *s,
			     const struct deploy_target *t);

/* s's reload command (borrowed), or NULL when it has none. */
const char *deploy_staged_reload_cmd(const struct deploy_staged *s);

/* Runs s's reload command (as deploy_cert does); on failure how (size
 * howsz) says how it failed ("failed (exit 1): ..."). */
enum rc deploy_staged_reload(struct deploy_staged *s, long *ms, char *how,
			     size_t howsz);

/* After a successful reload: commits s (its new set stays).  The locks
 * stay held until deploy_staged_free. */
enum rc deploy_staged_commit(struct deploy_staged *s, struct deploy_report *r,
			     struct err *e);

/* After the reload failed (rc, how): puts s's previous set back, or
 * keeps a first deploy's files; e says so.  Returns 1 when the previous
 * set was restored and the server must reload again to read it; then
 * deploy_staged_undone completes e with that reload's result. */
int deploy_staged_undo(struct deploy_staged *s, enum rc rc, const char *how,
		       struct deploy_report *r, struct err *e);

/* Completes e for an s that deploy_staged_undo restored, with the result
 * of the reload of the restored sets (rrc; rhow: how it failed). */
void deploy_staged_undone(struct deploy_staged *s, enum rc rrc,
			  const char *rhow, struct deploy_report *r,
			  struct err *e);

/* Releases s (and its locks); safe on NULL.  An s neither committed nor
 * undone stays uncommitted on disk, for the next deploy to undo. */
void deploy_staged_free(struct deploy_staged *s);

#endif
