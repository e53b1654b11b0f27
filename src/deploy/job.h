/* SPDX-License-Identifier: ISC */
/* job.h - the state of one deploy_cert() call, shared by deploy.c (the
 * steps: plan, directories and locks, writes, reload, rollback) and
 * recover.c (the manifests: marking a deploy in progress, committing it,
 * and undoing an interrupted one).  Internal to src/deploy/. */
#ifndef ACMETUI_DEPLOY_JOB_H
#define ACMETUI_DEPLOY_JOB_H

#include <stddef.h>
#include <sys/types.h>

#include "deploy/deploy.h"
#include "util/err.h"

#define DEPLOY_ID_LEN 32 /* hex digits of a deploy's random id */

/* A manifest read back from a .previous/ (recover.c).  Every pointer
 * points into text, whose lines are NUL-terminated in place. */
struct manifest {
	char *text;			    /* owned; NULL: no manifest */
	const char *id;			    /* the deploy that wrote it */
	const char *dirs[DEPLOY_MAX_FILES]; /* its directories; [0]: primary */
	size_t ndirs;
	const char *names[DEPLOY_MAX_FILES]; /* its files in this directory */
	int kept[DEPLOY_MAX_FILES];	     /* 1: kept, 0: new */
	size_t nnames;
	long primary; /* dirs[0] in job.dirs, -1: it is gone */
};

/* One directory, opened once however many files go there. */
struct tdir {
	char path[DEPLOY_PATH_MAX]; /* as first spelled, for messages */
	int fd;			    /* the directory */
	int pfd;		    /* its .previous/, or -1 */
	dev_t dev;
	ino_t ino;
	int locked;
	int ours;	     /* a file of this deploy goes here (else
				     * it is only recovered) */
	struct manifest man; /* an interrupted deploy's, if any */
};

/* One file to write. */
struct item {
	struct deploy_file f;
	const char *name; /* base name, within f.path */
	size_t dir;	  /* index into job.dirs */
	const char *data; /* borrowed from struct deploy_files or job */
	size_t len;
	int existed; /* a live file was linked into .previous/ */
	int written;
};

/* The state of one deploy_cert() call; released by deploy_job_clear().
 * dirs[0..nours) are the directories of the items (dirs[0], the first
 * file's, is the primary one: see deploy.h); after them come the
 * directories recovery had to add. */
struct deploy_job {
	const struct deploy_target *t;
	struct item items[DEPLOY_MAX_FILES];
	size_t n;
	struct tdir dirs[DEPLOY_MAX_DIRS];
	size_t ndirs;
	size_t nours;
	long long deadline; /* for the locks, monotonic ms */
	char id[DEPLOY_ID_LEN + 1];
	char *fullchain;
	char *combined; /* secret: key + fullchain */
	size_t combined_len;
	char **argv; /* the reload command, split */
	uid_t uid;   /* (uid_t)-1: leave as is */
	gid_t gid;   /* (gid_t)-1: leave as is */
};

/* What undoing a failed deploy's files gave (deploy_undo_files), for the
 * message that says so (deploy_undo_message). */
struct deploy_undo {
	enum rc rc;		 /* the failure's */
	char first[ERR_MSG_MAX]; /* the failure's text */
	int previous;		 /* a previous set existed (restored) */
	int failed;		 /* restoring failed: why, where */
	char why[ERR_MSG_MAX];
	const char *where; /* borrowed from the job */
};

/* deploy.c */

/* Opens path as one of j's directories (creating it 0755 first when
 * create is set) and sets *idx to its index; a directory already open
 * under another spelling (same device and inode) is shared.  Without
 * create, a path that is gone or not a directory is RC_OK with *idx
 * SIZE_MAX.  RC_SYS beyond DEPLOY_MAX_DIRS directories. */
enum rc deploy_open_dir(struct deploy_job *j, const char *path, int create,
			size_t *idx, struct err *e);

/* Locks every directory of j (flock, exclusive) in (device, inode)
 * order, waiting until j->deadline for one held by another deploy. */
enum rc deploy_lock_dirs(struct deploy_job *j, struct err *e);

/* Releases every lock of j (the descriptors stay open). */
void deploy_unlock_dirs(struct deploy_job *j);

/* Opens d's .previous/ into d->pfd, creating it (0700) when create is
 * set; refuses one that is not ours with mode 0700.  RC_OK with d->pfd
 * -1 when it does not exist and create is not set. */
enum rc deploy_open_previous(struct tdir *d, int create, struct err *e);

/* Writes data atomically as name in the directory dirfd (atomic_write):
 * a temporary DEPLOY_TMP_PREFIX file created 0600, chowned to uid:gid
 * (when either is not -1), given mode, written, fsync, renamed, fsync of
 * the directory.
 * shown names the file in messages, owner and group (each may be NULL)
 * the names of uid and gid. */
enum rc deploy_write_at(int dirfd, const char *name, const char *shown,
			const char *data, size_t len, unsigned mode, uid_t uid,
			gid_t gid, const char *owner, const char *group,
			struct err *e);

/* Removes every entry of d's .previous/ (but subdirectories) and then
 * .previous/ itself, and closes d->pfd; adds the number removed to
 * *count when count is not NULL.  The manifest must already be gone (a
 * manifest without its kept files would be misread). */
enum rc deploy_empty_previous(struct tdir *d, unsigned *count, struct err *e);

/* Releases what j holds: buffers (the combined file wiped), manifests,
 * descriptors and with them the locks.  Safe on a zeroed job. */
void deploy_job_clear(struct deploy_job *j);

/* Steps 1 to 5 of deploy.h for f into t (borrowed for j's lifetime):
 * checks, locks, recovers, keeps the live set with its manifests, writes
 * every file; a failed write is rolled back (e says so).  r is zeroed
 * first.  The locks stay held; no reload has run. */
enum rc deploy_job_install(struct deploy_job *j, const struct deploy_target *t,
			   const struct deploy_files *f,
			   struct deploy_report *r, struct err *e);

/* Locks j's directories again (after deploy_unlock_dirs), waiting up to
 * the target's lock_wait_ms. */
enum rc deploy_job_relock(struct deploy_job *j, struct err *e);

/* Runs j's reload command (/bin/sh -c, bounded: util/proc.h; output to
 * the target's log).  On failure detail (size dsz) says how, as "failed
 * (exit N): first line of its stderr", "did not finish within N s and
 * was killed", "cannot be run: ...". */
enum rc deploy_job_reload(struct deploy_job *j, long *ms, char *detail,
			  size_t dsz);

/* 1 when some file of j's plan was live before this deploy. */
int deploy_had_previous(const struct deploy_job *j);

/* Puts j's previous set back (kept files renamed from .previous/, new
 * ones removed) and forgets the manifests; e is the failure that makes
 * it so.  Fills *u for deploy_undo_message. */
void deploy_undo_files(struct deploy_job *j, struct deploy_report *r,
		       const struct err *e, struct deploy_undo *u);

/* Rewrites e to say what the undo in u did: the failure, then whether
 * the previous files were restored and, when reloaded is set, whether
 * the reload with them (result rrc, how: its failure) worked. */
void deploy_undo_message(const struct deploy_undo *u, int reloaded, enum rc rrc,
			 const char *rhow, struct deploy_report *r,
			 struct err *e);

/* A first deploy (no file of the plan was there before) whose reload
 * failed (rc, how): there is no previous set to go back to, and removing
 * the new, verified files would leave the operator unable to start the
 * server (the usual reason the reload fails: it is not running yet).
 * The new set is committed; e says that the reload failed and the files
 * stay. */
void deploy_keep_first_set(struct deploy_job *j, struct deploy_report *r,
			   enum rc rc, const char *how, struct err *e);

/* recover.c */

/* Releases what recovery read into m; safe on a zeroed struct. */
void deploy_manifest_clear(struct manifest *m);

/* Locks j's directories, and with them every directory an interrupted
 * deploy found in them had (unlocking and locking again in order when
 * that adds some), then undoes or completes each interrupted deploy in
 * all its directories, discards .previous/ leftovers without a manifest
 * and stale temporary files.  Counts in r->recovered and r->leftovers. */
enum rc deploy_recover(struct deploy_job *j, struct deploy_report *r,
		       struct err *e);

/* Writes the manifest of this deploy into the .previous/ of each of its
 * directories (all opened), the primary last; after it, no file of the
 * plan may be replaced before every manifest is in place. */
enum rc deploy_write_manifests(struct deploy_job *j, struct err *e);

/* Forgets this deploy's .previous/ directories: the manifests first, then
 * the kept files.  commit (the new set stays): the primary's manifest
 * goes first, and if it cannot go, nothing else does (RC_SYS: the next
 * deploy restores the old set everywhere).  Otherwise (the old set was
 * restored, or nothing was written) the primary's goes last, errors
 * ignored. */
enum rc deploy_forget(struct deploy_job *j, int commit, struct err *e);

/* After deploy_job_relock of a staged job: 1 when the primary
 * directory's manifest is still this deploy's (no other deploy undid
 * it meanwhile); reopens every .previous/ of j's own directories.
 * 0 with e set otherwise. */
int deploy_still_staged(struct deploy_job *j, struct err *e);

#endif
