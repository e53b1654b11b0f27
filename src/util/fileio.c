/* SPDX-License-Identifier: ISC */
/* fileio.c - bounded reads and atomic writes. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "util/buf.h"
#include "util/fileio.h"

enum rc file_read_all(const char *path, size_t max, char **out,
			   size_t *len, struct err *e)
{
	int fd = STDIN_FILENO;
	struct buf b;
	char chunk[8192];
	enum rc rc = RC_OK;
	ssize_t n;

	*out = NULL;
	*len = 0;
	buf_init(&b, max);
	if (strcmp(path, "-") != 0) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return err_set(e, errno == ENOENT ? RC_NOTFOUND
							  : RC_SYS,
				       _("cannot read %s: %s"), path,
				       strerror(errno));
	}
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = err_set(e, RC_SYS, _("cannot read %s: %s"), path,
				     strerror(errno));
			break;
		}
		if (n == 0)
			break;
		if (buf_append(&b, chunk, (size_t)n) != 0) {
			rc = err_set(e, RC_TOOBIG, _("%s is larger than %zu "
						     "bytes"),
				     path, max);
			break;
		}
	}
	if (fd != STDIN_FILENO)
		close(fd);
	if (rc != RC_OK) {
		buf_clear(&b);
		return rc;
	}
	*len = b.len;
	*out = buf_take(&b);
	if (*out == NULL)
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	return RC_OK;
}

int file_write_fd(int fd, const void *buf, size_t len)
{
	const char *data = buf;

	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0) { /* no progress on a regular file: a full disk */
			errno = ENOSPC;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

enum rc file_write_atomic(const char *dir, const char *name,
			       const void *data, size_t len, unsigned mode,
			       struct err *e)
{
	char tmp[64];
	unsigned char rnd[6];
	int dfd = -1, fd = -1;
	enum rc rc = RC_OK;

	if (strchr(name, '/') != NULL || name[0] == '.' || name[0] == '\0')
		return err_set(e, RC_INPUT, _("invalid file name '%s'"), name);
	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		return err_set(e, RC_CRYPTO, _("no randomness"));
	snprintf(tmp, sizeof(tmp), ".%s.%02x%02x%02x%02x%02x%02x.tmp", name,
		 rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5]);
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		rc = err_set(e, RC_SYS, _("cannot open directory %s: %s"), dir,
			     strerror(errno));
		goto out;
	}
	fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
				      O_CLOEXEC, mode & 0777);
	if (fd < 0 || fchmod(fd, mode & 0777) != 0 ||
	    file_write_fd(fd, data, len) != 0 || fsync(fd) != 0) {
		rc = err_set(e, RC_SYS, _("cannot write %s/%s: %s"), dir,
			     name, strerror(errno));
		goto out;
	}
	close(fd);
	fd = -1;
	if (renameat(dfd, tmp, dfd, name) != 0) {
		rc = err_set(e, RC_SYS, _("cannot write %s/%s: %s"), dir,
			     name, strerror(errno));
		goto out;
	}
	(void)fsync(dfd); /* best effort: the rename is done */
out:
	if (fd >= 0)
		close(fd);
	if (rc != RC_OK && dfd >= 0)
		unlinkat(dfd, tmp, 0);
	if (dfd >= 0)
		close(dfd);
	return rc;
}

enum rc file_mkdirs(const char *dir, unsigned mode, struct err *e)
{
	char path[4096];
	size_t i, len = strlen(dir);

	if (len == 0 || len >= sizeof(path))
		return err_set(e, RC_INPUT, _("invalid directory '%s'"), dir);
	memcpy(path, dir, len + 1);
	for (i = 1; i <= len; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, mode & 0777) != 0 && errno != EEXIST)
			return err_set(e, RC_SYS, _("cannot create %s: %s"),
				       path, strerror(errno));
		path[i] = i < len ? '/' : '\0';
	}
	return RC_OK;
}
