/* SPDX-License-Identifier: ISC */
/* fileio.h - bounded reads and atomic writes of small files. */
#ifndef ACMETUI_FILEIO_H
#define ACMETUI_FILEIO_H

#include <stddef.h>

#include "util/err.h"

/* Reads all of path ("-" for standard input), refusing more than max
 * bytes.  *out is a new NUL-terminated buffer (caller frees; wipe it if
 * it may hold a secret), *len its length without the NUL. */
enum rc file_read_all(const char *path, size_t max, char **out, size_t *len,
		      struct err *e);

/* Writes data to dir/name atomically with mode, whatever the umask
 * (atomic_write: a temporary ".NAME." file in dir, fsync, rename over
 * name, fsync of the directory).  A reader sees the old file or the new
 * one, never half of either.  name must be a plain file name. */
enum rc file_write_atomic(const char *dir, const char *name, const void *data,
			  size_t len, unsigned mode, struct err *e);

/* Writes all len bytes of data to fd, retrying short writes and EINTR.
 * Returns 0, or -1 with errno set. */
int file_write_fd(int fd, const void *data, size_t len);

/* Creates dir (and missing parents) with mode when it does not exist;
 * an existing directory is left as it is. */
enum rc file_mkdirs(const char *dir, unsigned mode, struct err *e);

#endif
