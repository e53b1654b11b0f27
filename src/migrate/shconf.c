/* SPDX-License-Identifier: ISC */
/* shconf.c - acme.sh's KEY='value' files without a shell (shconf.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "migrate/shconf.h"
#include "util/safe.h"

#define B64_START "__ACME_BASE64__START_"
#define B64_END "__ACME_BASE64__END_"

/* Length of the shell identifier at s (0 when there is none). */
static size_t ident_len(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (s[i] == '_' || (s[i] >= 'A' && s[i] <= 'Z') ||
			 (s[i] >= 'a' && s[i] <= 'z') ||
			 (i > 0 && s[i] >= '0' && s[i] <= '9')))
		i++;
	return i;
}

/* The value s[0..n) without its quotes into *v and *vn; -1 when it is not
 * one of the three accepted forms. */
static int unquote(const char *s, size_t n, const char **v, size_t *vn)
{
	const char *bad;

	if (n >= 2 && s[0] == '\'' && s[n - 1] == '\'') {
		bad = "'";
	} else if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		bad = "\"$`\\";
	} else {
		*v = s;
		*vn = n;
		bad = " \t'\"$`;\\|&<>()";
		for (n = 0; n < *vn; n++)
			if (strchr(bad, s[n]) != NULL)
				return -1;
		return 0;
	}
	*v = s + 1;
	*vn = n - 2;
	for (n = 0; n < *vn; n++)
		if (strchr(bad, (*v)[n]) != NULL)
			return -1;
	return 0;
}

/* Decodes a __ACME_BASE64__ wrapped value; NULL when malformed or not
 * one printable line. */
static char *unwrap(const char *v, size_t n)
{
	size_t ls = strlen(B64_START), le = strlen(B64_END), bn, i;
	unsigned char *out;
	int got;

	bn = n - ls - le;
	if (bn == 0 || bn % 4 != 0 || bn > SHCONF_LINE_MAX)
		return NULL;
	out = malloc(bn + 1);
	if (out == NULL)
		return NULL;
	got = EVP_DecodeBlock(out, (const unsigned char *)v + ls, (int)bn);
	/* EVP_DecodeBlock counts the padding as zero bytes. */
	for (i = bn; got > 0 && i > 0 && v[ls + i - 1] == '='; i--)
		got--;
	if (got < 0 || memchr(out, '\0', (size_t)got) != NULL) {
		free(out);
		return NULL;
	}
	out[got] = '\0';
	if (!safe_is_clean((char *)out) || strchr((char *)out, '\n')) {
		free(out);
		return NULL;
	}
	return (char *)out;
}

/* The stored value: unwrapped when wrapped, else a copy. */
static char *value_dup(const char *v, size_t n, int *bad)
{
	size_t ls = strlen(B64_START), le = strlen(B64_END);
	char *d;

	if (n >= ls + le && memcmp(v, B64_START, ls) == 0 &&
	    memcmp(v + n - le, B64_END, le) == 0) {
		d = unwrap(v, n);
		*bad = d == NULL;
		return d;
	}
	d = strndup(v, n);
	*bad = d == NULL || !safe_is_clean(d);
	return d;
}

/* One NAME=VALUE line. */
static int assignment(struct confobj *c, const char *s, size_t n)
{
	size_t kn = ident_len(s, n), vn;
	const char *v;
	int bad = 0;
	char *val;

	if (kn == 0 || kn >= n || s[kn] != '=' ||
	    unquote(s + kn + 1, n - kn - 1, &v, &vn) != 0)
		return -1;
	val = value_dup(v, vn, &bad);
	if (!bad)
		bad = confobj_add(c, "", s, kn, val, strlen(val));
	free(val);
	return bad ? -1 : 0;
}

enum rc shconf_parse(const char *text, size_t len, struct confobj *out,
		     struct err *e)
{
	size_t pos = 0, lineno = 0, n;
	const char *s;

	memset(out, 0, sizeof(*out));
	if (len > SHCONF_TEXT_MAX || memchr(text, '\0', len) != NULL)
		return err_set(e, RC_INPUT, _("too large or binary"));
	while (confobj_next_line(text, len, &pos, &s, &n)) {
		int bad;

		lineno++;
		s = confobj_trim(s, &n);
		if (n > SHCONF_LINE_MAX)
			bad = 1;
		else if (n == 0 || s[0] == '#')
			bad = 0;
		else
			bad = assignment(out, s, n);
		if (bad) {
			confobj_clear(out);
			return err_set(e, RC_INPUT,
				       _("line %zu is not a "
					 "KEY='value' line"),
				       lineno);
		}
	}
	return RC_OK;
}
