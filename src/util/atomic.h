/* SPDX-License-Identifier: ISC */
/* atomic.h - the one way acmetui replaces a file: a temporary file next
 * to it, given its owner, group and mode while still empty, filled,
 * synced and renamed over the name.  A reader sees the old file or the
 * new one, never half of either, and never sees the new content with
 * any other mode than its final one.
 *
 * Every function here reports like a system call (0, or -1 with errno
 * set) and says which step failed, so that each caller keeps its own
 * message: a deploy names the owner it could not give a file to, a
 * solver reports RC_SOLVER, and so on. */
#ifndef ACMETUI_ATOMIC_H
#define ACMETUI_ATOMIC_H

#include <stddef.h>
#include <sys/types.h>

/* A temporary file's name: the caller's prefix, ATOMIC_RANDOM_HEX
 * random hex digits, ATOMIC_TMP_SUFFIX; it fits a directory entry. */
#define ATOMIC_RANDOM_HEX 16
#define ATOMIC_TMP_SUFFIX ".tmp"
#define ATOMIC_TMP_NAME_MAX 256 /* bytes, NUL included */

/* The step that failed (errno says why). */
enum atomic_step {
	ATOMIC_STEP_NONE,   /* nothing failed */
	ATOMIC_STEP_NAME,   /* no randomness (errno EIO), prefix too long */
	ATOMIC_STEP_CREATE, /* the temporary file could not be created */
	ATOMIC_STEP_OWNER,  /* fchown */
	ATOMIC_STEP_MODE,   /* fchmod */
	ATOMIC_STEP_WRITE,  /* write, fsync or close */
	ATOMIC_STEP_RENAME  /* renameat over the name */
};

/* How to write one file. */
struct atomic_spec {
	/* The temporary's name starts with this.  The caller chooses it
	 * because a caller may have to find its own temporaries again after
	 * a crash (deploy's recovery removes every DEPLOY_TMP_PREFIX file
	 * of a directory it holds the lock of, and nothing else). */
	const char *prefix;
	unsigned mode; /* the final mode (& 0777), whatever the umask */
	uid_t uid;     /* owner to give it, (uid_t)-1 to leave it */
	gid_t gid;     /* group to give it, (gid_t)-1 to leave it */
	int sync_dir;  /* fsync the directory after the rename */
};

/* A filled temporary file that has not yet been renamed into place. */
struct atomic_tmp {
	int dfd;			/* its directory (borrowed) */
	char name[ATOMIC_TMP_NAME_MAX]; /* "" when there is none */
};

/* Creates a temporary file in the directory dfd (O_CREAT|O_EXCL|
 * O_NOFOLLOW|O_CLOEXEC, mode 0600 at most: never readable by others),
 * gives it s->uid:s->gid when either is not -1, then s->mode, and only
 * then writes all len bytes of data, fsyncs and closes it.  Its name
 * goes to *t (a clash with an existing entry, a symbolic link included,
 * is never followed: another random name is tried, a few times).
 * Returns 0; or -1 with errno set, *failed (may be NULL) saying which
 * step failed, and nothing left behind in dfd. */
int atomic_prepare(int dfd, const struct atomic_spec *s, const void *data,
		   size_t len, struct atomic_tmp *t, enum atomic_step *failed);

/* Renames t over name in its directory, then fsyncs the directory when
 * sync_dir is set (best effort: the rename is done), and empties t.
 * Returns 0; or -1 with errno set and t kept, for the caller to
 * discard. */
int atomic_commit(struct atomic_tmp *t, const char *name, int sync_dir);

/* Removes t's temporary file, if any, and empties t.  Safe on an empty
 * or zeroed t. */
void atomic_discard(struct atomic_tmp *t);

/* atomic_prepare, then atomic_commit over name: replaces dfd/name with
 * data, owner, group and mode as s says.  On any failure the temporary
 * file is gone and dfd/name is untouched.  Returns 0; or -1 with errno
 * set and *failed (may be NULL) saying which step failed. */
int atomic_write(int dfd, const char *name, const void *data, size_t len,
		 const struct atomic_spec *s, enum atomic_step *failed);

#endif
