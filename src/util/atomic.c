/* SPDX-License-Identifier: ISC */
/* atomic.c - replace a file atomically with its owner, group and mode
 * (atomic.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "util/atomic.h"
#include "util/fileio.h"

/* Random names tried before giving up (a clash of 64 random bits means
 * someone is racing us on purpose). */
#define TMP_TRIES 4

/* Puts prefix, random hex digits and ATOMIC_TMP_SUFFIX into t->name.
 * Returns 0, or -1 with errno set. */
static int tmp_name(const char *prefix, struct atomic_tmp *t)
{
	unsigned char rnd[ATOMIC_RANDOM_HEX / 2];
	size_t plen = strlen(prefix), i;
	char *p;

	if (plen + ATOMIC_RANDOM_HEX + sizeof(ATOMIC_TMP_SUFFIX) >
	    sizeof(t->name)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (RAND_bytes(rnd, sizeof(rnd)) != 1) {
		errno = EIO;
		return -1;
	}
	memcpy(t->name, prefix, plen);
	p = t->name + plen;
	for (i = 0; i < sizeof(rnd); i++, p += 2)
		snprintf(p, 3, "%02x", rnd[i]);
	memcpy(p, ATOMIC_TMP_SUFFIX, sizeof(ATOMIC_TMP_SUFFIX));
	return 0;
}

/* Creates t's temporary file in dfd under a fresh random name, 0600 at
 * most (the umask may take more away, fchmod sets the final mode).
 * Returns the descriptor, or -1 with errno set, *failed set and t
 * empty. */
static int tmp_create(int dfd, const char *prefix, struct atomic_tmp *t,
		      enum atomic_step *failed)
{
	int fd = -1, k;

	for (k = 0; k < TMP_TRIES && fd < 0; k++) {
		if (tmp_name(prefix, t) != 0) {
			*failed = ATOMIC_STEP_NAME;
			t->name[0] = '\0';
			return -1;
		}
		fd = openat(dfd, t->name,
			    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
				    O_CLOEXEC,
			    0600);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		*failed = ATOMIC_STEP_CREATE;
		t->name[0] = '\0';
	}
	return fd;
}

/* Gives the empty file fd its owner, group and mode, then its content,
 * and syncs it.  Returns 0, or -1 with errno and *failed set. */
static int tmp_fill(int fd, const struct atomic_spec *s, const void *data,
		    size_t len, enum atomic_step *failed)
{
	/* Owner first: a chown may clear set-id bits the mode asks for. */
	if ((s->uid != (uid_t)-1 || s->gid != (gid_t)-1) &&
	    fchown(fd, s->uid, s->gid) != 0) {
		*failed = ATOMIC_STEP_OWNER;
		return -1;
	}
	if (fchmod(fd, s->mode & 0777) != 0) {
		*failed = ATOMIC_STEP_MODE;
		return -1;
	}
	if (file_write_fd(fd, data, len) != 0 || fsync(fd) != 0) {
		*failed = ATOMIC_STEP_WRITE;
		return -1;
	}
	return 0;
}

int atomic_prepare(int dfd, const struct atomic_spec *s, const void *data,
		   size_t len, struct atomic_tmp *t, enum atomic_step *failed)
{
	enum atomic_step step = ATOMIC_STEP_NONE;
	int fd, saved;

	t->dfd = dfd;
	t->name[0] = '\0';
	fd = tmp_create(dfd, s->prefix, t, &step);
	if (fd < 0)
		goto fail;
	if (tmp_fill(fd, s, data, len, &step) != 0) {
		saved = errno;
		close(fd);
		errno = saved;
		goto fail;
	}
	if (close(fd) != 0) {
		step = ATOMIC_STEP_WRITE;
		goto fail;
	}
	if (failed != NULL)
		*failed = ATOMIC_STEP_NONE;
	return 0;
fail:
	saved = errno;
	atomic_discard(t);
	if (failed != NULL)
		*failed = step;
	errno = saved;
	return -1;
}

int atomic_commit(struct atomic_tmp *t, const char *name, int sync_dir)
{
	if (renameat(t->dfd, t->name, t->dfd, name) != 0)
		return -1;
	t->name[0] = '\0';
	/* Some file systems refuse to sync a directory; the file is. */
	if (sync_dir)
		(void)fsync(t->dfd);
	return 0;
}

void atomic_discard(struct atomic_tmp *t)
{
	int saved = errno;

	if (t->name[0] != '\0')
		unlinkat(t->dfd, t->name, 0);
	t->name[0] = '\0';
	errno = saved;
}

int atomic_write(int dfd, const char *name, const void *data, size_t len,
		 const struct atomic_spec *s, enum atomic_step *failed)
{
	struct atomic_tmp t;
	int saved;

	if (atomic_prepare(dfd, s, data, len, &t, failed) != 0)
		return -1;
	if (atomic_commit(&t, name, s->sync_dir) != 0) {
		saved = errno;
		atomic_discard(&t);
		if (failed != NULL)
			*failed = ATOMIC_STEP_RENAME;
		errno = saved;
		return -1;
	}
	return 0;
}
