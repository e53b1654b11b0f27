/* deploy.h - installation: put a certificate's files where a server reads
 * them and make the server read them, or leave it on the set it had.
 *
 * Layout of a deploy directory DIR (the names certbot's live/ directory
 * uses, so server configurations carry over):
 *
 *	cert.pem	the leaf				0644
 *	chain.pem	the intermediates			0644
 *	fullchain.pem	leaf + intermediates			0644
 *	privkey.pem	the private key				0600
 *	combined.pem	key + leaf + intermediates (optional;	0600
 *			HAProxy, some appliances)
 *	.previous/	the set that was live before this deploy, while the
 *			deploy runs (0700), and its manifest
 *
 * The steps, each one failing cleanly:
 *  1. check the target: an absolute directory, a reload command that
 *     splits into words, an owner and group that exist;
 *  2. take an exclusive lock on DIR (flock; a second deploy to the same
 *     directory fails at once instead of interleaving files);
 *  3. undo an interrupted deploy (see below);
 *  4. keep the live set: each live file is hard-linked into DIR/.previous/
 *     (same inode: byte for byte, its mode and owner, no copy of the key
 *     through memory); then .previous/manifest is written atomically, one
 *     line per file this deploy will write: "kept NAME" (linked) or "new
 *     NAME" (did not exist).  The manifest marks .previous/ complete;
 *  5. write every file atomically (util/fileio.h: temporary file, fsync,
 *     rename, fsync of DIR), whatever the umask, then chown it when an
 *     owner or group is set;
 *  6. run the reload command, WITHOUT a shell (split once by
 *     dns01_hook_split; run bounded by dns01_hook_exec);
 *  7. success: the manifest is removed first (from then on the new set is
 *     the one to keep), then the rest of .previous/ (an old private key
 *     does not linger).  Failure of a write or of the reload: every file is
 *     put back from .previous/ (rename: atomic per file; a file that did
 *     not exist before is removed), and after a failed reload the command
 *     runs once more so that the server re-reads the restored set.
 *
 * A server therefore reads either the complete old set or the complete
 * new one when it reloads: files change one by one (each atomically) and
 * only the reload makes a server look.
 *
 * Interrupted deploys (acmetui killed, power cut) never leave a mix
 * behind for longer than until the next deploy to DIR, which first, under
 * the lock:
 *  - .previous/ with a manifest (killed in steps 5-7, before the manifest
 *    went): DIR may hold a mix, so the old set is restored from the
 *    manifest ("kept" files renamed back, "new" ones removed; a "kept"
 *    file already missing from .previous/ was renamed back by an earlier,
 *    itself interrupted, recovery) and then the deploy proceeds as usual;
 *  - .previous/ without a manifest (killed in step 4, or in step 7 after
 *    the manifest went): DIR holds one complete set, .previous/ is
 *    only removed;
 *  - either way, temporary files of an interrupted write (".NAME.<hex>.tmp",
 *    possibly a private key) are removed from DIR and .previous/.
 * deploy_report.recovered says that an interrupted deploy was undone.
 * A damaged manifest stops the deploy (RC_SYS) rather than guessing.

 * The rollback can only be as good as the reload's exit status: "nginx -s
 * reload" signals the master and exits 0 before nginx has read anything,
 * so a broken set shows only in nginx's log (and in `cert probe`).  A
 * reload script that checks first ("nginx -t && nginx -s reload", as a
 * script: no shell is involved here) makes such a failure roll back.
 *
 * No SQL, no lifecycle: lifecycle/deploy.c reads the inventory and
 * records stages and events around deploy_cert(). */
#ifndef ACMETUI_DEPLOY_H
#define ACMETUI_DEPLOY_H

#include <stddef.h>

#include "util/err.h"

#define DEPLOY_RELOAD_TIMEOUT_MS_DEFAULT 60000
#define DEPLOY_PREVIOUS_DIR ".previous"
#define DEPLOY_MANIFEST "manifest"	/* in DEPLOY_PREVIOUS_DIR */
#define DEPLOY_MAX_FILES 5

/* Where and how (all borrowed). */
struct deploy_target {
	const char *dir;	/* absolute path; created 0755 if missing */
	const char *reload_cmd; /* NULL or "": no reload */
	const char *owner;	/* user name for chown, or NULL */
	const char *group;	/* group name for chown, or NULL */
	int combined;		/* also write combined.pem */
	int reload_timeout_ms;	/* <= 0: DEPLOY_RELOAD_TIMEOUT_MS_DEFAULT */
	/* Each line the reload command prints (sanitized), or NULL. */
	void (*log)(void *arg, const char *line);
	void *log_arg;
	/* Called after each file is in place (name: "cert.pem", ...), or
	 * NULL; the crash-safety tests stop the process here. */
	void (*file_done)(void *arg, const char *name);
	void *file_done_arg;
};

/* What (all borrowed; key_pem is secret and never copied unwiped). */
struct deploy_files {
	const char *key_pem;
	const char *cert_pem;
	const char *chain_pem;	/* may be NULL or "" (no intermediates) */
};

/* What happened.  Filled by deploy_cert() whatever it returns. */
struct deploy_report {
	unsigned n_files;	 /* files written (and kept, on success) */
	int reload_ran;		 /* a reload command was run */
	long reload_ms;		 /* how long the (first) reload took */
	int rolled_back;	 /* the previous files were put back */
	int restore_reload_ok;	 /* after a rollback: the second reload
				  * (back to the old set) succeeded */
	int recovered;		 /* an interrupted deploy was undone first
				  * (its previous set restored) */
};

/* Deploys f into t as described above.  RC_OK when every file is
 * written and the reload (if any) exited 0.  Otherwise e says what
 * failed, and whether the previous files were restored, e.g. "reload
 * 'nginx -s reload' failed (exit 1): nginx: [emerg] ...; the previous
 * certificate files were restored".  RC_INPUT/RC_USAGE for a bad target
 * (nothing touched), RC_SYS for a file system error, RC_HOOK or
 * RC_TIMEOUT for the reload. */
enum acme_rc deploy_cert(const struct deploy_target *t,
			 const struct deploy_files *f,
			 struct deploy_report *r, struct err *e);

#endif
