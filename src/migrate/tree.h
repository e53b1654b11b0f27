/* SPDX-License-Identifier: ISC */
/* tree.h - reading another ACME client's files without trusting them.
 *
 * certbot, lego and acme.sh keep their state in a directory tree that
 * anyone with write access to it (or a hostile backup) may have shaped.
 * A tree is opened once (its root directory descriptor); every file is
 * then reached component by component with openat(O_NOFOLLOW) from that
 * root.  Symbolic links are followed by hand, and only while they stay
 * inside the tree (certbot's live/NAME/cert.pem -> ../../archive/...): an
 * absolute target or one that climbs above the root is refused, as are
 * more than TREE_MAX_LINKS links in one path.  Only regular files are
 * read, and at most the caller's limit of bytes.  Nothing is ever
 * written. */
#ifndef ACMETUI_MIGRATE_TREE_H
#define ACMETUI_MIGRATE_TREE_H

#include <stddef.h>

#include "util/err.h"

/* Symbolic links followed in one path before giving up. */
#define TREE_MAX_LINKS 8
/* Longest path inside a tree. */
#define TREE_PATH_MAX 1024
/* Entries tree_list() returns at most. */
#define TREE_LIST_MAX 4096

struct tree {
	int root_fd;		  /* -1 when closed */
	char root[TREE_PATH_MAX]; /* absolute when it resolves */
};

/* Opens the directory dir as a tree (following links in dir itself: the
 * operator named it).  RC_NOTFOUND when it does not exist, RC_INPUT when
 * it is not a directory. */
enum rc tree_open(struct tree *t, const char *dir, struct err *e);

/* Closes the root descriptor; safe on a closed or zeroed tree. */
void tree_close(struct tree *t);

/* Reads the regular file rel (relative to the root, '/'-separated) into
 * *out (new NUL-terminated buffer, caller frees and wipes if secret) of
 * *len bytes.  RC_NOTFOUND when it does not exist; RC_INPUT when a link
 * leaves the tree, it is not a regular file, or it exceeds max bytes. */
enum rc tree_read(const struct tree *t, const char *rel, size_t max, char **out,
		  size_t *len, struct err *e);

/* Whether rel exists inside the tree (links resolved as tree_read
 * does) and is a directory. */
int tree_is_dir(const struct tree *t, const char *rel);

/* The names in directory rel (not "." and ".."), sorted, at most
 * TREE_LIST_MAX: *names is a new array of *n new strings, released with
 * tree_names_free().  RC_NOTFOUND when rel does not exist. */
enum rc tree_list(const struct tree *t, const char *rel, char ***names,
		  size_t *n, struct err *e);

/* Frees what tree_list() returned; NULL is fine. */
void tree_names_free(char **names, size_t n);

#endif
