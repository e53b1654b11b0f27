/* SPDX-License-Identifier: ISC */
/* confobj.h - the INI dialect (Python ConfigObj) certbot writes its
 * renewal/NAME.conf in:
 *
 *	version = 2.11.0
 *	archive_dir = /etc/letsencrypt/archive/example.com
 *	[renewalparams]
 *	authenticator = webroot
 *	webroot_path = /var/www/html,
 *	[[webroot_map]]
 *	example.com = /var/www/html
 *
 * Sections nest by their number of brackets; a key's section is the
 * path of the open sections joined by '/' ("renewalparams/webroot_map",
 * "" at the top).  A value in matching single or double quotes is taken
 * verbatim; otherwise a '#' starts a comment.  Lists (values with commas)
 * are left to the caller.  Everything is bounded: the file, each line,
 * the number of keys; control characters refuse the file. */
#ifndef ACMETUI_MIGRATE_CONFOBJ_H
#define ACMETUI_MIGRATE_CONFOBJ_H

#include <stddef.h>

#include "util/err.h"

#define CONFOBJ_TEXT_MAX (64 * 1024) /* a renewal conf is < 2 KB */
#define CONFOBJ_LINE_MAX 4096
#define CONFOBJ_KEYS_MAX 512

struct confobj_entry {
	char *section; /* "" at the top, else "a" or "a/b" */
	char *key;
	char *value; /* unquoted, trimmed; may be "" */
};

/* Parsed entries in file order; owned, released by confobj_clear(). */
struct confobj {
	struct confobj_entry *v;
	size_t n;
};

/* Parses text[0..len) into out (zeroed by the caller).  RC_INPUT naming
 * the line when it is not ConfigObj as certbot writes it; out is then
 * cleared. */
enum rc confobj_parse(const char *text, size_t len, struct confobj *out,
		      struct err *e);

/* The value of key in section (borrowed), or NULL.  The last one wins
 * when a key repeats, as in ConfigObj. */
const char *confobj_get(const struct confobj *c, const char *section,
			const char *key);

/* Appends key k[0..kn) = v[0..vn) in section (copies), as the parsers
 * of confobj.c and shconf.c do.  -1 when CONFOBJ_KEYS_MAX entries are
 * there already or memory runs out. */
int confobj_add(struct confobj *c, const char *section, const char *k,
		size_t kn, const char *v, size_t vn);

/* Frees and zeroes c; NULL and zeroed are fine. */
void confobj_clear(struct confobj *c);

/* The next line of text[0..len) at *pos into *line and *n (without its
 * newline), moving *pos past it; 0 when there is none left.  Shared by
 * the line-based parsers (confobj.c, shconf.c). */
int confobj_next_line(const char *text, size_t len, size_t *pos,
		      const char **line, size_t *n);

/* Trims spaces, tabs and a CR at both ends of s[0..*n); returns the
 * start and shortens *n. */
const char *confobj_trim(const char *s, size_t *n);

#endif
