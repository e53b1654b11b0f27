/* SPDX-License-Identifier: ISC */
/* tree.c - bounded, no-escape reads from another client's directory
 * tree (see tree.h for the rules). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "migrate/tree.h"
#include "util/buf.h"
#include "util/safe.h"

enum rc tree_open(struct tree *t, const char *dir, struct err *e)
{
	struct stat sb;

	char abs[PATH_MAX];

	const char *shown = dir;

	t->root_fd = -1;
	/* Absolute, so that hooks found in the tree can be run from it. */
	if (realpath(dir, abs) != NULL)
		shown = abs;
	if (strlen(shown) >= sizeof(t->root))
		return err_set(e, RC_INPUT, _("%s: path too long"), dir);
	memcpy(t->root, shown, strlen(shown) + 1);
	t->root_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (t->root_fd >= 0)
		return RC_OK;
	if (errno == ENOENT)
		return err_set(e, RC_NOTFOUND, _("%s does not exist"), dir);
	if (errno == ENOTDIR || (stat(dir, &sb) == 0 && !S_ISDIR(sb.st_mode)))
		return err_set(e, RC_INPUT, _("%s is not a directory"), dir);
	return err_set(e, RC_SYS, _("cannot open %s: %s"), dir,
		       strerror(errno));
}

void tree_close(struct tree *t)
{
	if (t != NULL && t->root_fd >= 0)
		close(t->root_fd);
	if (t != NULL)
		t->root_fd = -1;
}

/* Opens the directory at the resolved (link-free) path done, one
 * component at a time, none of them a link.  -1 with errno set. */
static int open_resolved_dir(const struct tree *t, const char *done)
{
	char copy[TREE_PATH_MAX], *save = NULL, *c;
	int fd = dup(t->root_fd), next;

	snprintf(copy, sizeof(copy), "%s", done);
	for (c = strtok_r(copy, "/", &save); c != NULL && fd >= 0;
	     c = strtok_r(NULL, "/", &save)) {
		next = openat(fd, c,
			      O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		close(fd);
		fd = next;
	}
	return fd;
}

/* Says rel escapes the tree (the first failure's detail is kept). */
static enum rc escapes(const struct tree *t, const char *rel, struct err *e)
{
	char r[TREE_PATH_MAX + 16], p[TREE_PATH_MAX + 16];

	safe_line(r, sizeof(r), t->root, strlen(t->root));
	safe_line(p, sizeof(p), rel, strlen(rel));
	return err_set(e, RC_INPUT,
		       _("%s/%s: a symbolic link leads out of "
			 "%s (refused)"),
		       r, p, r);
}

/* Takes the next component of *todo into comp (NUL-terminated, at most
 * TREE_PATH_MAX), advancing *todo.  0 when none is left. */
static int next_component(const char **todo, char *comp)
{
	const char *s = *todo, *end;
	size_t n;

	while (*s == '/')
		s++;
	if (*s == '\0')
		return 0;
	end = strchr(s, '/');
	n = end != NULL ? (size_t)(end - s) : strlen(s);
	if (n >= TREE_PATH_MAX)
		n = TREE_PATH_MAX - 1;
	memcpy(comp, s, n);
	comp[n] = '\0';
	*todo = s + n;
	return 1;
}

/* Replaces the work list by target + "/" + rest.  -1 when too long. */
static int splice_link(char *todo_buf, size_t sz, const char *target,
		       const char *rest)
{
	char tmp[2 * TREE_PATH_MAX + 2];
	int n = snprintf(tmp, sizeof(tmp), "%s/%s", target, rest);

	if (n < 0 || (size_t)n >= sz)
		return -1;
	memcpy(todo_buf, tmp, (size_t)n + 1);
	return 0;
}

/* Resolves rel into done (link-free, relative to the root).  Links are
 * followed while they stay inside the tree. */
static enum rc resolve(const struct tree *t, const char *rel, char *done,
		       struct err *e)
{
	char todo_buf[2 * TREE_PATH_MAX + 2], comp[TREE_PATH_MAX];
	char target[TREE_PATH_MAX];
	const char *todo = todo_buf;
	struct stat sb;
	int links = 0, dfd;
	ssize_t n;

	done[0] = '\0';
	if (strlen(rel) >= TREE_PATH_MAX || rel[0] == '/')
		return err_set(e, RC_INPUT, _("invalid path in %s"), t->root);
	snprintf(todo_buf, sizeof(todo_buf), "%s", rel);
	while (next_component(&todo, comp)) {
		if (strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) {
			char *slash = strrchr(done, '/');

			if (done[0] == '\0')
				return escapes(t, rel, e);
			if (slash != NULL)
				*slash = '\0';
			else
				done[0] = '\0';
			continue;
		}
		dfd = open_resolved_dir(t, done);
		if (dfd < 0 ||
		    fstatat(dfd, comp, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
			if (dfd >= 0)
				close(dfd);
			return err_set(e, RC_NOTFOUND, _("%s/%s: not found"),
				       t->root, rel);
		}
		if (!S_ISLNK(sb.st_mode)) {
			size_t l = strlen(done);

			close(dfd);
			if (l + strlen(comp) + 2 > TREE_PATH_MAX)
				return err_set(e, RC_INPUT,
					       _("path too long "
						 "in %s"),
					       t->root);
			snprintf(done + l, TREE_PATH_MAX - l, "%s%s",
				 l ? "/" : "", comp);
			continue;
		}
		n = readlinkat(dfd, comp, target, sizeof(target) - 1);
		close(dfd);
		if (n <= 0 || ++links > TREE_MAX_LINKS)
			return err_set(e, RC_INPUT,
				       _("%s/%s: too many or "
					 "unreadable symbolic "
					 "links"),
				       t->root, rel);
		target[n] = '\0';
		if (target[0] == '/')
			return escapes(t, rel, e);
		if (splice_link(todo_buf, sizeof(todo_buf), target, todo) != 0)
			return err_set(e, RC_INPUT, _("path too long in %s"),
				       t->root);
		todo = todo_buf;
	}
	return RC_OK;
}

/* Opens the resolved path done with flags (O_NOFOLLOW added). */
static int open_resolved(const struct tree *t, const char *done, int flags)
{
	char dir[TREE_PATH_MAX];
	const char *base;
	char *slash;
	int dfd, fd;

	snprintf(dir, sizeof(dir), "%s", done);
	slash = strrchr(dir, '/');
	if (slash != NULL) {
		*slash = '\0';
		base = done + (slash - dir) + 1;
	} else {
		dir[0] = '\0';
		base = done[0] ? done : ".";
	}
	dfd = open_resolved_dir(t, dir);
	if (dfd < 0)
		return -1;
	fd = openat(dfd, base, flags | O_NOFOLLOW | O_CLOEXEC);
	close(dfd);
	return fd;
}

/* Reads at most max bytes of the regular file open on fd. */
static enum rc read_bounded(int fd, const char *shown, size_t max, char **out,
			    size_t *len, struct err *e)
{
	struct stat sb;
	size_t got = 0;
	char *buf;
	ssize_t n;

	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
		return err_set(e, RC_INPUT, _("%s is not a regular file"),
			       shown);
	if ((unsigned long long)sb.st_size > max)
		return err_set(e, RC_INPUT, _("%s is larger than %zu bytes"),
			       shown, max);
	buf = malloc(max + 1);
	if (buf == NULL)
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	/* The size may change under us: read to the cap, not to st_size. */
	while (got <= max) {
		n = read(fd, buf + got, max + 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
		if (got > max)
			break;
	}
	if (n < 0 || got > max) {
		free(buf);
		return err_set(e, RC_INPUT,
			       n < 0 ? _("cannot read %s")
				     : _("%s is larger than "
					 "the limit"),
			       shown);
	}
	buf[got] = '\0';
	*out = buf;
	*len = got;
	return RC_OK;
}

enum rc tree_read(const struct tree *t, const char *rel, size_t max, char **out,
		  size_t *len, struct err *e)
{
	char done[TREE_PATH_MAX], shown[2 * TREE_PATH_MAX + 2];
	char clean[2 * TREE_PATH_MAX + 2];
	enum rc rc;
	int fd;

	*out = NULL;
	*len = 0;
	rc = resolve(t, rel, done, e);
	if (rc != RC_OK)
		return rc;
	snprintf(shown, sizeof(shown), "%s/%s", t->root, rel);
	safe_line(clean, sizeof(clean), shown, strlen(shown));
	/* O_NONBLOCK: a FIFO planted in the tree must not hang us. */
	fd = open_resolved(t, done, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return err_set(e, errno == ENOENT ? RC_NOTFOUND : RC_INPUT,
			       _("cannot open %s: %s"), clean, strerror(errno));
	rc = read_bounded(fd, clean, max, out, len, e);
	close(fd);
	return rc;
}

int tree_is_dir(const struct tree *t, const char *rel)
{
	char done[TREE_PATH_MAX];
	struct err e = { 0 };
	int fd;

	if (resolve(t, rel, done, &e) != RC_OK)
		return 0;
	fd = open_resolved(t, done, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void tree_names_free(char **names, size_t n)
{
	size_t i;

	for (i = 0; names != NULL && i < n; i++)
		free(names[i]);
	free(names);
}

enum rc tree_list(const struct tree *t, const char *rel, char ***names,
		  size_t *n, struct err *e)
{
	char done[TREE_PATH_MAX];
	struct dirent *de = NULL;
	char **v = NULL;
	enum rc rc;
	size_t k = 0;
	DIR *d;
	int fd;

	*names = NULL;
	*n = 0;
	rc = resolve(t, rel, done, e);
	if (rc != RC_OK)
		return rc;
	fd = open_resolved(t, done, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return err_set(e, RC_NOTFOUND, _("%s/%s: not a directory"),
			       t->root, rel);
	d = fdopendir(fd);
	if (d == NULL) {
		close(fd);
		return err_set(e, RC_SYS, "%s", strerror(errno));
	}
	v = calloc(TREE_LIST_MAX, sizeof(*v));
	while (v != NULL && k < TREE_LIST_MAX && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		v[k] = strdup(de->d_name);
		if (v[k] == NULL)
			break;
		k++;
	}
	closedir(d);
	if (v == NULL || (k < TREE_LIST_MAX && de != NULL)) {
		tree_names_free(v, k);
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	}
	qsort(v, k, sizeof(*v), cmp_names);
	*names = v;
	*n = k;
	return RC_OK;
}
