/* SPDX-License-Identifier: ISC */
/* fileio.c - bounded reads and atomic writes (the writing is
 * atomic.c's). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/atomic.h"
#include "util/buf.h"
#include "util/fileio.h"

enum rc file_read_all(const char *path, size_t max, char **out, size_t *len,
		      struct err *e)
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
			return err_set(e,
				       errno == ENOENT ? RC_NOTFOUND : RC_SYS,
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
			rc = err_set(e, RC_TOOBIG,
				     _("%s is larger than %zu "
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

enum rc file_write_atomic(const char *dir, const char *name, const void *data,
			  size_t len, unsigned mode, struct err *e)
{
	struct atomic_spec spec = {
		.mode = mode, .uid = (uid_t)-1, .gid = (gid_t)-1, .sync_dir = 1
	};
	enum atomic_step step;
	char prefix[48];
	enum rc rc = RC_OK;
	int dfd;

	if (strchr(name, '/') != NULL || name[0] == '.' || name[0] == '\0')
		return err_set(e, RC_INPUT, _("invalid file name '%s'"), name);
	/* ".NAME.", cut short for a long name: it only has to be unique
	 * with the random digits that follow. */
	snprintf(prefix, sizeof(prefix), ".%s.", name);
	spec.prefix = prefix;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return err_set(e, RC_SYS, _("cannot open directory %s: %s"),
			       dir, strerror(errno));
	if (atomic_write(dfd, name, data, len, &spec, &step) != 0) {
		if (step == ATOMIC_STEP_NAME && errno == EIO)
			rc = err_set(e, RC_CRYPTO, _("no randomness"));
		else
			rc = err_set(e, RC_SYS, _("cannot write %s/%s: %s"),
				     dir, name, strerror(errno));
	}
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
