/* SPDX-License-Identifier: ISC */
/* credpkg.c - read an ACME credentials package from pasted text or JSON.
 *
 * Everything here is hostile input typed or pasted by a human from an
 * e-mail: the parser only ever looks at one line at a time, takes values
 * that are single tokens after a known label, validates each value it
 * keeps, and never puts the HMAC key into a message. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>

#include "parse/credpkg.h"
#include "parse/domain.h"
#include "util/b64url.h"
#include "util/json.h"
#include "util/safe.h"
#include "util/url.h"

/* How much of a rejected value is quoted back in an error message. */
#define SHOWN_MAX 96
/* U+FF1A, which East Asian input methods type for ':'. */
#define FULLWIDTH_COLON "\xef\xbc\x9a"

enum field { F_ACCOUNT, F_KID, F_HMAC, F_URL, F_EMAIL, F__COUNT };

static const char *const field_names[F__COUNT] = {
	[F_ACCOUNT] = N_("ACME account id"), [F_KID] = N_("EAB key id"),
	[F_HMAC] = N_("EAB HMAC key"),	     [F_URL] = N_("ACME server URL"),
	[F_EMAIL] = N_("contact e-mail"),
};

/* Labels of the text form, as words; in the text the words may be
 * separated by nothing, spaces, '-' or '_'.  The longest label matching
 * at the start of a line wins, so "MAC Key ID" is a key id while "MAC
 * Key" is the HMAC key. */
static const struct label {
	const char *words;
	enum field f;
} labels[] = {
	/* Grouped by field, shorter labels first: the order does not matter
	 * because the longest match wins. */
	{ "account id", F_ACCOUNT },
	{ "account identifier", F_ACCOUNT },
	{ "acme account id", F_ACCOUNT },
	{ "acme account identifier", F_ACCOUNT },
	{ "hmac", F_HMAC },
	{ "eab hmac", F_HMAC },
	{ "mac key", F_HMAC },
	{ "hmac key", F_HMAC },
	{ "eab mac key", F_HMAC },
	{ "eab hmac key", F_HMAC },
	{ "kid", F_KID },
	{ "key id", F_KID },
	{ "mac id", F_KID },
	{ "eab kid", F_KID },
	{ "eab key id", F_KID },
	{ "eab mac id", F_KID },
	{ "mac key id", F_KID },
	{ "hmac key id", F_KID },
	{ "key identifier", F_KID },
	{ "eab mac key id", F_KID },
	{ "eab hmac key id", F_KID },
	{ "eab key identifier", F_KID },
	{ "acme url", F_URL },
	{ "server url", F_URL },
	{ "acme server", F_URL },
	{ "directory url", F_URL },
	{ "acme directory", F_URL },
	{ "acme server url", F_URL },
	{ "acme directory url", F_URL },
	{ "account e mail", F_EMAIL },
	{ "contact e mail", F_EMAIL },
	{ "registration e mail", F_EMAIL },
	{ "acme account e mail", F_EMAIL },
};

/* JSON member names, lower-cased with everything but letters and digits
 * removed ("eabMACIDb64url" -> "eabmacidb64url"). */
static const struct label json_keys[] = {
	{ "acmeaccountid", F_ACCOUNT },
	{ "accountid", F_ACCOUNT },
	{ "eabmacidb64url", F_KID },
	{ "eabmacid", F_KID },
	{ "eabkid", F_KID },
	{ "eabkeyid", F_KID },
	{ "keyid", F_KID },
	{ "kid", F_KID },
	{ "eabmackeyb64url", F_HMAC },
	{ "eabmackey", F_HMAC },
	{ "eabhmackey", F_HMAC },
	{ "hmackey", F_HMAC },
	{ "mackey", F_HMAC },
	{ "acmeserverurl", F_URL },
	{ "serverurl", F_URL },
	{ "directoryurl", F_URL },
	{ "acmedirectoryurl", F_URL },
	{ "acmeurl", F_URL },
	{ "email", F_EMAIL },
	{ "contactemail", F_EMAIL },
	{ "contact", F_EMAIL },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A piece of the input: never NUL-terminated, never owned. */
struct span {
	const char *p;
	size_t n;
};

/* The values found so far, each a NUL-terminated heap copy or NULL. */
struct found {
	char *v[F__COUNT];
};

static char ascii_lower(char c)
{
	return (char)((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
}

static int ascii_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* Invisible characters e-mail clients and HTML converters put into text,
 * treated as spaces: NBSP (U+00A0), ZWSP (U+200B), narrow NBSP (U+202F)
 * and the BOM / ZWNBSP (U+FEFF), all in UTF-8. */
static const char *const wide_spaces[] = {
	"\xc2\xa0",
	"\xe2\x80\x8b",
	"\xe2\x80\xaf",
	"\xef\xbb\xbf",
};

/* Length in bytes of the space at the start of p[0..n), or 0. */
static size_t space_at(const char *p, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	if (p[0] == ' ' || p[0] == '\t' || p[0] == '\f' || p[0] == '\v')
		return 1;
	for (i = 0; i < COUNT(wide_spaces); i++) {
		size_t k = strlen(wide_spaces[i]);

		if (n >= k && memcmp(p, wide_spaces[i], k) == 0)
			return k;
	}
	return 0;
}

/* Length in bytes of the space at the end of p[0..n), or 0. */
static size_t space_before(const char *p, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	if (strchr(" \t\f\v", p[n - 1]) != NULL && p[n - 1] != '\0')
		return 1;
	for (i = 0; i < COUNT(wide_spaces); i++) {
		size_t k = strlen(wide_spaces[i]);

		if (n >= k && memcmp(p + n - k, wide_spaces[i], k) == 0)
			return k;
	}
	return 0;
}

/* Returns 1 when s contains a space of any kind. */
static int has_space(struct span s)
{
	size_t i;

	for (i = 0; i < s.n; i++)
		if (space_at(s.p + i, s.n - i) != 0)
			return 1;
	return 0;
}

/* s without spaces and the characters in junk at either end. */
static struct span trim(struct span s, const char *junk)
{
	for (;;) {
		size_t k = space_at(s.p, s.n);

		if (k == 0 && s.n > 0 && strchr(junk, s.p[0]) != NULL &&
		    s.p[0] != '\0')
			k = 1;
		if (k == 0)
			break;
		s.p += k;
		s.n -= k;
	}
	for (;;) {
		size_t k = space_before(s.p, s.n);

		if (k == 0 && s.n > 0 && strchr(junk, s.p[s.n - 1]) != NULL &&
		    s.p[s.n - 1] != '\0')
			k = 1;
		if (k == 0)
			break;
		s.n -= k;
	}
	return s;
}

/* A line without its decoration: leading quote markers ("> > "), table
 * bars, *bold* markers and "- " or bullet list markers, and trailing
 * spaces, bars and bold markers. */
static struct span strip_decor(struct span s)
{
	for (;;) {
		size_t k = space_at(s.p, s.n);

		if (k == 0 && s.n > 0 && strchr(">|*", s.p[0]) != NULL &&
		    s.p[0] != '\0')
			k = 1;
		if (k == 0 && s.n >= 2 && s.p[0] == '-' &&
		    space_at(s.p + 1, s.n - 1) != 0)
			k = 1;
		if (k == 0 && s.n >= 3 && memcmp(s.p, "\xe2\x80\xa2", 3) == 0)
			k = 3; /* U+2022 BULLET */
		if (k == 0)
			break;
		s.p += k;
		s.n -= k;
	}
	return trim(s, "|*");
}

/* Takes the next line (ended by CRLF, LF, CR or the end of the input) of
 * text[0..len) from *pos into *line.  Returns 0 at the end. */
static int next_line(const char *text, size_t len, size_t *pos,
		     struct span *line)
{
	size_t i = *pos;

	if (i >= len)
		return 0;
	while (i < len && text[i] != '\n' && text[i] != '\r')
		i++;
	line->p = text + *pos;
	line->n = i - *pos;
	if (i < len && text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
		i++;
	*pos = i < len ? i + 1 : len;
	return 1;
}

/* When s starts with the label words (ASCII case-insensitive, words
 * joined by any run of ' ', '\t', '-', '_' or by nothing), returns the
 * bytes they span; else 0.  Whether the label ends there ("Key IDs" is
 * not "Key ID") is for the caller to check. */
static size_t match_words(struct span s, const char *words)
{
	const char *w = words;
	size_t i = 0;

	while (*w != '\0') {
		if (*w == ' ') {
			while (i < s.n && strchr(" \t-_", s.p[i]) != NULL &&
			       s.p[i] != '\0')
				i++;
			w++;
			continue;
		}
		if (i >= s.n || ascii_lower(s.p[i]) != *w)
			return 0;
		i++;
		w++;
	}
	return i;
}

/* Removes one pair of wrapping characters (<>, quotes, backticks,
 * brackets, typographic quotes) from s.  Returns 1 when it did. */
static int unwrap_once(struct span *s)
{
	static const char *const pairs[][2] = {
		{ "<", ">" },
		{ "\"", "\"" },
		{ "'", "'" },
		{ "`", "`" },
		{ "[", "]" },
		{ "(", ")" },
		{ "\xe2\x80\x9c", "\xe2\x80\x9d" }, /* U+201C U+201D */
		{ "\xe2\x80\x98", "\xe2\x80\x99" }, /* U+2018 U+2019 */
		{ "\xc2\xab", "\xc2\xbb" },	    /* U+00AB U+00BB */
	};
	size_t i;

	for (i = 0; i < COUNT(pairs); i++) {
		size_t a = strlen(pairs[i][0]), b = strlen(pairs[i][1]);

		if (s->n >= a + b && memcmp(s->p, pairs[i][0], a) == 0 &&
		    memcmp(s->p + s->n - b, pairs[i][1], b) == 0) {
			s->p += a;
			s->n -= a + b;
			*s = trim(*s, "*");
			return 1;
		}
	}
	return 0;
}

/* Drops a trailing "(note)" that follows the value after a space:
 * "abc123 (keep this secret)" -> "abc123". */
static struct span drop_note(struct span s)
{
	size_t i;

	if (s.n == 0 || s.p[s.n - 1] != ')')
		return s;
	for (i = s.n - 1; i > 0; i--) {
		if (s.p[i] == '(' && space_before(s.p, i) != 0) {
			s.n = i;
			return trim(s, "*");
		}
	}
	return s;
}

/* For the URL: HTML-to-text converters write a link as "text <target>";
 * when the text and the target are the same URL, keep one. */
static struct span collapse_link(struct span s)
{
	struct span first = s, rest;
	size_t i;

	for (i = 0; i < s.n && space_at(s.p + i, s.n - i) == 0; i++)
		;
	first.n = i;
	rest.p = s.p + i;
	rest.n = s.n - i;
	rest = trim(rest, "");
	if (rest.n == first.n + 2 && rest.p[0] == '<' &&
	    rest.p[rest.n - 1] == '>' &&
	    memcmp(rest.p + 1, first.p, first.n) == 0)
		return first;
	return s;
}

/* For the e-mail: "Jane Doe <jane@example.com>" and "mailto:" forms. */
static struct span bare_address(struct span s)
{
	size_t i;

	if (s.n > 0 && s.p[s.n - 1] == '>') {
		for (i = s.n - 1; i > 0; i--) {
			if (s.p[i - 1] == '<') {
				s.p += i;
				s.n -= i + 1;
				break;
			}
		}
	}
	if (s.n >= 7 && strncasecmp(s.p, "mailto:", 7) == 0) {
		s.p += 7;
		s.n -= 7;
	}
	return s;
}

/* Decides whether s (the rest of a label line, or the line after it) is a
 * value for field f and, if so, stores the bare value in *val.  A value
 * is a single token; prose ("is shown below") is not one. */
static int extract_value(struct span s, enum field f, struct span *val)
{
	int rounds;

	s = drop_note(trim(s, "*"));
	for (rounds = 0; rounds < 3 && unwrap_once(&s); rounds++)
		;
	if (f == F_URL)
		s = collapse_link(s);
	if (f == F_EMAIL)
		s = bare_address(s);
	if (s.n == 0 || has_space(s) || s.p[s.n - 1] == ':')
		return 0;
	/* A URL must look like one, or a sentence's single word could be
	 * taken for it. */
	if (f == F_URL && (s.n < 4 || memmem(s.p, s.n, "://", 3) == NULL))
		return 0;
	if (f == F_EMAIL && memchr(s.p, '@', s.n) == NULL)
		return 0;
	*val = s;
	return 1;
}

/* Matches the longest label at the start of the (decorated) line and
 * the separator after it.  Returns 1 with *f and *rest (what follows the
 * label, possibly empty) set, or 0 when the line is not a label line. */
static int match_label(struct span line, enum field *f, struct span *rest)
{
	struct span s = strip_decor(line);
	size_t best = 0, i, k;
	int gap;

	for (i = 0; i < COUNT(labels); i++) {
		k = match_words(s, labels[i].words);
		if (k > best) {
			best = k;
			*f = labels[i].f;
		}
	}
	if (best == 0)
		return 0;
	s.p += best;
	s.n -= best;
	/* Whatever follows must be set off from the label: "Key IDs" and
	 * "Kidding" are words, not labels. */
	gap = s.n == 0 || space_at(s.p, s.n) != 0 ||
	      strchr(":=*(", s.p[0]) != NULL ||
	      (s.n >= 3 && memcmp(s.p, FULLWIDTH_COLON, 3) == 0);
	if (!gap)
		return 0;
	s = trim(s, "*");
	if (s.n > 0 && s.p[0] == '(') { /* "EAB Key ID (kid):" */
		const char *close = memchr(s.p, ')', s.n);

		if (close != NULL) {
			s.n -= (size_t)(close + 1 - s.p);
			s.p = close + 1;
			s = trim(s, "*");
		}
	}
	if (s.n > 0 && (s.p[0] == ':' || s.p[0] == '=')) {
		s.p++;
		s.n--;
	} else if (s.n >= 3 && memcmp(s.p, FULLWIDTH_COLON, 3) == 0) {
		s.p += 3;
		s.n -= 3;
	}
	*rest = trim(s, "*|");
	return 1;
}

/* Classifies a line: 1 when it is a label line, with *f set and *has_val
 * saying whether a value followed on the same line (then in *val); 0
 * when it is anything else, including prose that starts like a label. */
static int classify(struct span line, enum field *f, struct span *val,
		    int *has_val)
{
	struct span rest;

	if (!match_label(line, f, &rest))
		return 0;
	if (rest.n == 0) {
		*has_val = 0;
		return 1;
	}
	*has_val = extract_value(rest, *f, val);
	return *has_val;
}

/* Records value v for field f.  The same value twice is fine (a quoted
 * original and a forward); two different values are an error, because
 * taking either could bind the wrong account.  Returns RC_OK, RC_INPUT or
 * RC_NOMEM. */
static enum rc found_set(struct found *fd, enum field f, struct span v,
			 struct err *e)
{
	char *copy;

	/* The HMAC key's '=' padding is not part of the key. */
	if (f == F_HMAC)
		while (v.n > 0 && v.p[v.n - 1] == '=')
			v.n--;
	if (fd->v[f] != NULL) {
		if (strlen(fd->v[f]) == v.n && memcmp(fd->v[f], v.p, v.n) == 0)
			return RC_OK;
		return err_set(e, RC_INPUT,
			       _("the package has two different values for"
				 " the %s; paste one package at a time"),
			       _(field_names[f]));
	}
	copy = malloc(v.n + 1);
	if (copy == NULL)
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	memcpy(copy, v.p, v.n);
	copy[v.n] = '\0';
	fd->v[f] = copy;
	return RC_OK;
}

/* Frees everything in fd, wiping the HMAC key, and zeroes it. */
static void found_clear(struct found *fd)
{
	size_t i;

	for (i = 0; i < F__COUNT; i++) {
		if (fd->v[i] != NULL && i == F_HMAC)
			OPENSSL_cleanse(fd->v[i], strlen(fd->v[i]));
		free(fd->v[i]);
		fd->v[i] = NULL;
	}
}

/* Reads the e-mail (text) form, line by line. */
static enum rc parse_text(const char *text, size_t len, struct found *fd,
			  struct err *e)
{
	struct span line, next, val;
	size_t pos = 0;
	enum rc rc = RC_OK;

	while (next_line(text, len, &pos, &line)) {
		enum field f = F_ACCOUNT, nf;
		int has_val = 0, nhas;
		size_t after_label = pos;

		if (!classify(line, &f, &val, &has_val))
			continue;
		if (!has_val) {
			/* The value may sit on the next non-empty line, as
			 * long as that line is not another label. */
			int got = next_line(text, len, &pos, &next);

			while (got && strip_decor(next).n == 0)
				got = next_line(text, len, &pos, &next);
			if (!got)
				break;
			if (classify(next, &nf, &val, &nhas) ||
			    !extract_value(strip_decor(next), f, &val)) {
				pos = after_label;
				continue;
			}
		}
		rc = found_set(fd, f, val, e);
		if (rc != RC_OK)
			break;
	}
	return rc;
}

/* The field a JSON member name stands for, or F__COUNT. */
static enum field json_field(const char *key)
{
	char norm[32];
	size_t i, n = 0;

	for (i = 0; key[i] != '\0'; i++) {
		if (!ascii_alnum(key[i]))
			continue;
		if (n + 1 >= sizeof(norm))
			return F__COUNT;
		norm[n++] = ascii_lower(key[i]);
	}
	norm[n] = '\0';
	for (i = 0; i < COUNT(json_keys); i++)
		if (strcmp(norm, json_keys[i].words) == 0)
			return json_keys[i].f;
	return F__COUNT;
}

/* Reads one JSON member that names a field into fd.  Values must be
 * strings (an integer account id is accepted and written in decimal);
 * null counts as absent.  The HMAC key's copy inside the json-c object is
 * wiped after it is copied. */
static enum rc json_member(const char *key, struct json_object *jv,
			   struct found *fd, struct err *e)
{
	enum field f = json_field(key);
	char num[24], shown[SHOWN_MAX];
	struct span v;
	enum rc rc;

	if (f == F__COUNT || jv == NULL)
		return RC_OK;
	if (json_object_is_type(jv, json_type_string)) {
		v.p = json_object_get_string(jv);
		v.n = (size_t)json_object_get_string_len(jv);
	} else if (json_object_is_type(jv, json_type_int) && f == F_ACCOUNT) {
		snprintf(num, sizeof(num), "%lld",
			 (long long)json_object_get_int64(jv));
		v.p = num;
		v.n = strlen(num);
	} else if (f == F_EMAIL) {
		return RC_OK; /* optional; some APIs give a list */
	} else {
		safe_line(shown, sizeof(shown), key, strlen(key));
		return err_set(e, RC_INPUT,
			       _("credentials package: JSON member '%s' is"
				 " not a string"),
			       shown);
	}
	if (memchr(v.p, '\0', v.n) != NULL)
		return err_set(e, RC_INPUT, "%s",
			       _("credentials package contains a NUL byte"));
	if (f == F_EMAIL)
		v = bare_address(v);
	rc = found_set(fd, f, v, e);
	if (f == F_HMAC)
		OPENSSL_cleanse((void *)v.p, v.n);
	return rc;
}

/* Reads every member of obj that names a field, skipping skip (the
 * "Accounts" array of the wrapped form, read on its own). */
static enum rc json_members(struct json_object *obj,
			    const struct json_object *skip, struct found *fd,
			    struct err *e)
{
	enum rc rc;

	json_object_object_foreach(obj, key, jv)
	{
		if (jv != NULL && jv == skip)
			continue;
		rc = json_member(key, jv, fd, e);
		if (rc != RC_OK)
			return rc;
	}
	return RC_OK;
}

/* The wrapped form's array: the member "Accounts" (any case) of obj when
 * it is an array, else NULL. */
static struct json_object *json_accounts(struct json_object *obj)
{
	json_object_object_foreach(obj, key, jv)
	{
		if (strcasecmp(key, "accounts") == 0 && jv != NULL &&
		    json_object_is_type(jv, json_type_array))
			return jv;
	}
	return NULL;
}

/* An entry's account id as text (string or integer) into buf; "" when it
 * has none. */
static void entry_id(struct json_object *entry, char *buf, size_t size)
{
	buf[0] = '\0';
	if (!json_object_is_type(entry, json_type_object))
		return;
	json_object_object_foreach(entry, key, jv)
	{
		if (json_field(key) != F_ACCOUNT || jv == NULL)
			continue;
		if (json_object_is_type(jv, json_type_int))
			snprintf(buf, size, "%lld",
				 (long long)json_object_get_int64(jv));
		else if (json_object_is_type(jv, json_type_string))
			safe_line(buf, size, json_object_get_string(jv),
				  (size_t)json_object_get_string_len(jv));
		return;
	}
}

/* The ids of every entry, for the message that asks to pick one. */
static void list_ids(struct json_object *arr, char *buf, size_t size)
{
	size_t i, n = json_object_array_length(arr), used = 0;
	char id[SHOWN_MAX];

	buf[0] = '\0';
	for (i = 0; i < n && used + 1 < size; i++) {
		entry_id(json_object_array_get_idx(arr, i), id, sizeof(id));
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
					 i > 0 ? ", " : "",
					 id[0] != '\0' ? id : "?");
		if (used >= size)
			break;
	}
}

/* Picks the entry of the wrapped form's array: the one whose account id
 * is pick, or the only one.  Several and no pick is an error that lists
 * them (the operator chooses; acmetui does not guess). */
static enum rc json_pick(struct json_object *arr, const char *pick,
			 struct json_object **out, struct err *e)
{
	size_t i, n = json_object_array_length(arr);
	char id[SHOWN_MAX], ids[512];

	*out = NULL;
	if (n == 0)
		return err_set(e, RC_INPUT, "%s",
			       _("credentials package: the Accounts list is"
				 " empty"));
	for (i = 0; i < n && pick != NULL; i++) {
		entry_id(json_object_array_get_idx(arr, i), id, sizeof(id));
		if (strcmp(id, pick) == 0) {
			*out = json_object_array_get_idx(arr, i);
			return RC_OK;
		}
	}
	list_ids(arr, ids, sizeof(ids));
	if (pick != NULL) {
		safe_line(id, sizeof(id), pick, strlen(pick));
		return err_set(e, RC_INPUT,
			       _("credentials package: no account '%s' in"
				 " it (it lists: %s)"),
			       id, ids);
	}
	if (n > 1)
		return err_set(e, RC_INPUT,
			       _("credentials package lists %zu accounts"
				 " (%s): pick one with --account-id"),
			       n, ids);
	*out = json_object_array_get_idx(arr, 0);
	if (!json_object_is_type(*out, json_type_object))
		return err_set(e, RC_INPUT, "%s",
			       _("credentials package: an Accounts entry is"
				 " not an object"));
	return RC_OK;
}

/* Reads the JSON form a CaaS API returns: a flat object, or Sectigo's
 * PREREGISTER / LISTACCOUNTS answer {"Accounts": [{...}, ...]} whose
 * chosen entry (pick, or the only one) supplies the account's fields and
 * the outer object anything else (a server URL). */
static enum rc parse_json(const char *text, size_t len, const char *pick,
			  struct found *fd, struct err *e)
{
	struct json_object *obj = NULL, *arr, *entry = NULL;
	struct err jerr;
	enum rc rc;

	err_clear(&jerr);
	obj = js_parse_object(text, len, _("credentials package"), &jerr);
	if (obj == NULL)
		/* Bad input from the operator, not from a server. */
		return err_set(e, jerr.rc == RC_NOMEM ? RC_NOMEM : RC_INPUT,
			       "%s", err_text(&jerr));
	arr = json_accounts(obj);
	rc = json_members(obj, arr, fd, e);
	if (rc == RC_OK && arr != NULL)
		rc = json_pick(arr, pick, &entry, e);
	if (rc == RC_OK && entry != NULL)
		rc = json_members(entry, NULL, fd, e);
	json_object_put(obj);
	return rc;
}

/* Checks an id (account id, EAB key id): 1..CREDPKG_ID_MAX printable
 * ASCII characters without spaces. */
static enum rc check_id(enum field f, const char *v, struct err *e)
{
	char shown[SHOWN_MAX];
	size_t i, n = strlen(v);

	if (n > CREDPKG_ID_MAX)
		return err_set(e, RC_INPUT,
			       _("%s is longer than %d characters"),
			       _(field_names[f]), CREDPKG_ID_MAX);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];

		if (c <= 0x20 || c >= 0x7f) {
			safe_line(shown, sizeof(shown), v, n);
			return err_set(e, RC_INPUT,
				       _("%s may contain only printable ASCII"
					 " characters: '%s'"),
				       _(field_names[f]), shown);
		}
	}
	return RC_OK;
}

/* Checks the HMAC key: base64url (the padding is already gone) decoding
 * to at least CREDPKG_HMAC_MIN_BYTES.  Messages never quote the key. */
static enum rc check_hmac(const char *v, struct err *e)
{
	unsigned char *key = NULL;
	size_t n = strlen(v), keylen = 0;
	enum rc rc = RC_OK;

	if (n > CREDPKG_HMAC_TEXT_MAX) {
		rc = err_set(e, RC_INPUT,
			     _("EAB HMAC key is longer than %d characters"),
			     CREDPKG_HMAC_TEXT_MAX);
		goto out;
	}
	if (strpbrk(v, "+/") != NULL) {
		rc = err_set(e, RC_INPUT, "%s",
			     _("EAB HMAC key is not base64url: it contains '+'"
			       " or '/' (standard base64); copy the key"
			       " exactly as the CA sent it"));
		goto out;
	}
	if (!b64url_is_token(v, n)) {
		rc = err_set(e, RC_INPUT, "%s",
			     _("EAB HMAC key is not base64url"));
		goto out;
	}
	key = b64url_decode(v, n, &keylen);
	if (key == NULL) {
		rc = err_set(e, RC_INPUT, "%s",
			     _("EAB HMAC key is not base64url: its length or"
			       " last character is wrong (cut short?)"));
		goto out;
	}
	if (keylen < CREDPKG_HMAC_MIN_BYTES)
		rc = err_set(e, RC_INPUT,
			     _("EAB HMAC key is too short: %zu bytes, at"
			       " least %d expected"),
			     keylen, CREDPKG_HMAC_MIN_BYTES);
out:
	if (key != NULL)
		OPENSSL_cleanse(key, keylen);
	free(key);
	return rc;
}

/* Checks the server URL: https, a host, printable ASCII, bounded. */
static enum rc check_url(const char *v, struct err *e)
{
	char shown[SHOWN_MAX];
	size_t i, n = strlen(v), authlen;
	const char *auth;

	safe_line(shown, sizeof(shown), v, n);
	if (n > CREDPKG_URL_MAX)
		return err_set(e, RC_INPUT,
			       _("ACME server URL is longer than %d"
				 " characters"),
			       CREDPKG_URL_MAX);
	for (i = 0; i < n; i++)
		if ((unsigned char)v[i] <= 0x20 || (unsigned char)v[i] >= 0x7f)
			return err_set(e, RC_INPUT,
				       _("ACME server URL may contain only"
					 " printable ASCII characters: %s"),
				       shown);
	if (strncasecmp(v, "https://", 8) != 0)
		return err_set(e, RC_INPUT,
			       _("ACME server URL must use https: %s"), shown);
	auth = v + 8;
	authlen = strcspn(auth, "/?#");
	/* Credentials in a URL would end up in logs: refuse, unquoted. */
	if (memchr(auth, '@', authlen) != NULL)
		return err_set(e, RC_INPUT, "%s",
			       _("ACME server URL must not contain a user name"
				 " or password"));
	if (authlen == 0)
		return err_set(e, RC_INPUT,
			       _("ACME server URL has no host: %s"), shown);
	/* The reasons above are for the operator; the verdict is the one
	 * URL checker's (util/url.c), which every later use applies too. */
	if (!url_is_https(v))
		return err_set(e, RC_INPUT,
			       _("ACME server URL has an invalid host or port:"
				 " %s"),
			       shown);
	return RC_OK;
}

/* Checks the contact address: local@domain, with a valid DNS domain and
 * no characters that would need quoting in a mailto: URI. */
static enum rc check_email(const char *v, struct err *e)
{
	static const char local_ok[] = "!#$%&'*+-/=?^_`{|}~.";
	char shown[SHOWN_MAX], dom[DOMAIN_BUFSZ];
	const char *at = strchr(v, '@');
	size_t i, n = strlen(v);
	enum domain_kind t;

	safe_line(shown, sizeof(shown), v, n);
	if (n > CREDPKG_EMAIL_MAX || at == NULL || at == v ||
	    strchr(at + 1, '@') != NULL)
		goto bad;
	for (i = 0; v + i < at; i++)
		if (!ascii_alnum(v[i]) && strchr(local_ok, v[i]) == NULL)
			goto bad;
	if (domain_normalize(at + 1, dom, sizeof(dom), &t, NULL) != RC_OK ||
	    t != DOMAIN_DNS || domain_is_wildcard(dom))
		goto bad;
	return RC_OK;
bad:
	return err_set(e, RC_INPUT, _("contact e-mail is not valid: '%s'"),
		       shown);
}

/* Validates every value found, in a fixed order so that the message an
 * operator sees for a given package is always the same. */
static enum rc check_found(const struct found *fd, struct err *e)
{
	enum rc rc = RC_OK;

	if (fd->v[F_URL] != NULL)
		rc = check_url(fd->v[F_URL], e);
	if (rc == RC_OK && fd->v[F_ACCOUNT] != NULL)
		rc = check_id(F_ACCOUNT, fd->v[F_ACCOUNT], e);
	if (rc == RC_OK && fd->v[F_KID] != NULL)
		rc = check_id(F_KID, fd->v[F_KID], e);
	if (rc == RC_OK && fd->v[F_HMAC] != NULL)
		rc = check_hmac(fd->v[F_HMAC], e);
	if (rc == RC_OK && fd->v[F_EMAIL] != NULL)
		rc = check_email(fd->v[F_EMAIL], e);
	return rc;
}

/* Joins the translated names of the fields in list (n of them) as
 * "A", "A or B", "A, B or C" into buf. */
static void join_fields(char *buf, size_t bufsz, const enum field *list,
			size_t n, const char *last_sep)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < n && used < bufsz; i++) {
		const char *sep = i == 0 ? "" : i + 1 == n ? last_sep : ", ";
		int k = snprintf(buf + used, bufsz - used, "%s%s", sep,
				 _(field_names[list[i]]));

		if (k < 0)
			break;
		used += (size_t)k;
	}
}

/* The package must hold an EAB pair, a server URL, or both; half an EAB
 * pair is an error naming the missing half. */
static enum rc check_complete(const struct found *fd, struct err *e)
{
	static const enum field usable[] = { F_KID, F_HMAC, F_URL };
	char names[256];

	if (fd->v[F_KID] == NULL && fd->v[F_HMAC] == NULL &&
	    fd->v[F_URL] == NULL) {
		join_fields(names, sizeof(names), usable, COUNT(usable),
			    _(" or "));
		return err_set(e, RC_INPUT, _("no %s found"), names);
	}
	if (fd->v[F_KID] != NULL && fd->v[F_HMAC] == NULL)
		return err_set(e, RC_INPUT, _("no %s found"),
			       _(field_names[F_HMAC]));
	if (fd->v[F_KID] == NULL && fd->v[F_HMAC] != NULL)
		return err_set(e, RC_INPUT, _("no %s found"),
			       _(field_names[F_KID]));
	return RC_OK;
}

/* Skips spaces and line ends; returns the index of the first other byte
 * of text[0..len), or len. */
static size_t first_visible(const char *text, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t k = space_at(text + i, len - i);

		if (k == 0 && (text[i] == '\r' || text[i] == '\n'))
			k = 1;
		if (k == 0)
			break;
		i += k;
	}
	return i;
}

enum rc credpkg_parse(const char *text, size_t len, struct credpkg *out,
		      struct err *e)
{
	return credpkg_parse_pick(text, len, NULL, out, e);
}

enum rc credpkg_parse_pick(const char *text, size_t len, const char *account_id,
			   struct credpkg *out, struct err *e)
{
	struct found fd;
	enum rc rc;
	size_t start;

	memset(&fd, 0, sizeof(fd));
	memset(out, 0, sizeof(*out));
	if (text == NULL)
		return err_set(e, RC_USAGE, "%s",
			       _("no credentials package given"));
	if (len > CREDPKG_INPUT_MAX) {
		rc = err_set(e, RC_TOOBIG,
			     _("credentials package is larger than %d KiB"),
			     CREDPKG_INPUT_MAX / 1024);
		goto out;
	}
	if (memchr(text, '\0', len) != NULL) {
		rc = err_set(e, RC_INPUT, "%s",
			     _("credentials package contains a NUL byte (a"
			       " binary file?)"));
		goto out;
	}
	start = first_visible(text, len);
	if (start < len && text[start] == '{')
		rc = parse_json(text + start, len - start, account_id, &fd, e);
	else
		rc = parse_text(text, len, &fd, e);
	if (rc == RC_OK && account_id != NULL &&
	    (fd.v[F_ACCOUNT] == NULL ||
	     strcmp(fd.v[F_ACCOUNT], account_id) != 0))
		rc = err_set(e, RC_INPUT, "%s",
			     _("credentials package: its ACME account id is"
			       " not the one --account-id names"));
	if (rc == RC_OK)
		rc = check_found(&fd, e);
	if (rc == RC_OK)
		rc = check_complete(&fd, e);
	if (rc != RC_OK)
		goto out;
	out->account_id = fd.v[F_ACCOUNT];
	out->eab_kid = fd.v[F_KID];
	out->eab_hmac = fd.v[F_HMAC];
	out->server_url = fd.v[F_URL];
	out->email = fd.v[F_EMAIL];
	memset(&fd, 0, sizeof(fd));
out:
	found_clear(&fd);
	return rc;
}

enum rc credpkg_require(const struct credpkg *p, unsigned need, struct err *e)
{
	enum field missing[F__COUNT];
	char names[256];
	size_t n = 0;

	if ((need & CREDPKG_NEED_ACCOUNT_ID) && p->account_id == NULL)
		missing[n++] = F_ACCOUNT;
	if ((need & CREDPKG_NEED_EAB) && p->eab_kid == NULL)
		missing[n++] = F_KID;
	if ((need & CREDPKG_NEED_EAB) && p->eab_hmac == NULL)
		missing[n++] = F_HMAC;
	if ((need & CREDPKG_NEED_URL) && p->server_url == NULL)
		missing[n++] = F_URL;
	if ((need & CREDPKG_NEED_EMAIL) && p->email == NULL)
		missing[n++] = F_EMAIL;
	if (n == 0)
		return RC_OK;
	join_fields(names, sizeof(names), missing, n, _(" and "));
	return err_set(e, RC_INPUT, _("the credentials package has no %s"),
		       names);
}

void credpkg_clear(struct credpkg *p)
{
	if (p == NULL)
		return;
	if (p->eab_hmac != NULL)
		OPENSSL_cleanse(p->eab_hmac, strlen(p->eab_hmac));
	free(p->account_id);
	free(p->eab_kid);
	free(p->eab_hmac);
	free(p->server_url);
	free(p->email);
	memset(p, 0, sizeof(*p));
}
