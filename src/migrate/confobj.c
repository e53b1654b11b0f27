/* SPDX-License-Identifier: ISC */
/* confobj.c - a bounded reader of certbot's renewal configuration
 * (ConfigObj INI dialect; see confobj.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "migrate/confobj.h"

/* Depth of [[nested]] sections followed (certbot uses two). */
#define CONFOBJ_DEPTH_MAX 4

void confobj_clear(struct confobj *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->v[i].section);
		free(c->v[i].key);
		free(c->v[i].value);
	}
	free(c->v);
	c->v = NULL;
	c->n = 0;
}

const char *confobj_get(const struct confobj *c, const char *section,
			const char *key)
{
	size_t i = c->n;

	while (i-- > 0)
		if (strcmp(c->v[i].section, section) == 0 &&
		    strcmp(c->v[i].key, key) == 0)
			return c->v[i].value;
	return NULL;
}

int confobj_next_line(const char *text, size_t len, size_t *pos,
		      const char **line, size_t *n)
{
	const char *s = text + *pos, *nl;

	if (*pos >= len)
		return 0;
	nl = memchr(s, '\n', len - *pos);
	*n = nl != NULL ? (size_t)(nl - s) : len - *pos;
	*line = s;
	*pos += *n + (nl != NULL);
	return 1;
}

const char *confobj_trim(const char *s, size_t *n)
{
	while (*n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		(*n)--;
	}
	while (*n > 0 &&
	       (s[*n - 1] == ' ' || s[*n - 1] == '\t' || s[*n - 1] == '\r'))
		(*n)--;
	return s;
}

/* Whether the line holds a byte no configuration line has. */
static int has_control(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if ((ch < 0x20 && ch != '\t' && ch != '\r') || ch == 0x7f)
			return 1;
	}
	return 0;
}

/* "[a]" or "[[b]]": sets the section path; -1 when malformed. */
static int section_line(const char *s, size_t n, char *path, size_t sz,
			size_t *depth_len, size_t *depth)
{
	size_t nopen = 0, nclose = 0, i;
	const char *name;
	size_t nl, at;

	while (nopen < n && s[nopen] == '[')
		nopen++;
	for (i = n; i > nopen && s[i - 1] == ']'; i--)
		nclose++;
	if (nopen != nclose || nopen == 0 || nopen > CONFOBJ_DEPTH_MAX ||
	    nopen > *depth + 1 || 2 * nopen >= n)
		return -1;
	nl = n - 2 * nopen;
	name = confobj_trim(s + nopen, &nl);
	if (nl == 0)
		return -1;
	for (i = 0; i < nl; i++)
		if (name[i] == '/' || name[i] == '[' || name[i] == ']')
			return -1;
	at = nopen == 1 ? 0 : depth_len[nopen - 2];
	if (at + nl + 2 > sz)
		return -1;
	if (at > 0)
		path[at++] = '/';
	memcpy(path + at, name, nl);
	path[at + nl] = '\0';
	depth_len[nopen - 1] = at + nl;
	*depth = nopen;
	return 0;
}

int confobj_add(struct confobj *c, const char *section, const char *k,
		size_t kn, const char *v, size_t vn)
{
	struct confobj_entry *x;

	if (c->n == CONFOBJ_KEYS_MAX)
		return -1;
	if (c->v == NULL) {
		c->v = calloc(CONFOBJ_KEYS_MAX, sizeof(*c->v));
		if (c->v == NULL)
			return -1;
	}
	x = &c->v[c->n];
	x->section = strdup(section);
	x->key = strndup(k, kn);
	x->value = strndup(v, vn);
	c->n++;
	return x->section && x->key && x->value ? 0 : -1;
}

/* The value part: quoted verbatim, else up to a '#' comment. */
static int value_of(const char *s, size_t n, const char **v, size_t *vn)
{
	const char *hash;

	s = confobj_trim(s, &n);
	if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0]) {
		*v = s + 1;
		*vn = n - 2;
		return memchr(*v, s[0], *vn) == NULL ? 0 : -1;
	}
	if (n > 0 && (s[0] == '"' || s[0] == '\''))
		return -1; /* an unterminated quote: not as certbot writes */
	hash = memchr(s, '#', n);
	if (hash != NULL)
		n = (size_t)(hash - s);
	*v = confobj_trim(s, &n);
	*vn = n;
	return 0;
}

/* One "key = value" line. */
static int key_line(struct confobj *c, const char *section, const char *s,
		    size_t n)
{
	const char *eq = memchr(s, '=', n), *k, *v;
	size_t kn, vn;

	if (eq == NULL)
		return -1;
	kn = (size_t)(eq - s);
	k = confobj_trim(s, &kn);
	if (kn == 0 || memchr(k, '#', kn) != NULL)
		return -1;
	if (value_of(eq + 1, n - (size_t)(eq - s) - 1, &v, &vn) != 0)
		return -1;
	return confobj_add(c, section, k, kn, v, vn);
}

enum rc confobj_parse(const char *text, size_t len, struct confobj *out,
		      struct err *e)
{
	char section[CONFOBJ_LINE_MAX] = "";
	size_t depth_len[CONFOBJ_DEPTH_MAX] = { 0 }, depth = 0;
	size_t pos = 0, lineno = 0, n;
	const char *s;

	memset(out, 0, sizeof(*out));
	if (len > CONFOBJ_TEXT_MAX || memchr(text, '\0', len) != NULL)
		return err_set(e, RC_INPUT, _("too large or binary"));
	while (confobj_next_line(text, len, &pos, &s, &n)) {
		const char *t;
		size_t tn = n;
		int bad;

		lineno++;
		t = confobj_trim(s, &tn);
		if (n > CONFOBJ_LINE_MAX || has_control(s, n))
			bad = 1;
		else if (tn == 0 || t[0] == '#')
			bad = 0;
		else if (t[0] == '[')
			bad = section_line(t, tn, section, sizeof(section),
					   depth_len, &depth);
		else
			bad = key_line(out, section, t, tn);
		if (bad) {
			confobj_clear(out);
			return err_set(e, RC_INPUT,
				       _("line %zu is not a "
					 "\"key = value\" or "
					 "[section] line"),
				       lineno);
		}
	}
	return RC_OK;
}
