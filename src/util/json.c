/* SPDX-License-Identifier: ISC */
/* json.c - typed, bounded access to JSON from untrusted sources. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/json.h"

struct json_object *js_parse_object(const char *text, size_t len,
				    const char *what, struct err *e)
{
	struct json_tokener *tok;
	struct json_object *o;
	size_t used;

	if (len > (size_t)0x7fffffff) {
		err_set(e, RC_TOOBIG, _("%s: document too large"), what);
		return NULL;
	}
	tok = json_tokener_new_ex(JSON_MAX_DEPTH);
	if (tok == NULL) {
		err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		return NULL;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	o = json_tokener_parse_ex(tok, text, (int)len);
	used = json_tokener_get_parse_end(tok);
	if (json_tokener_get_error(tok) == json_tokener_continue) {
		err_set(e, RC_PROTO,
			_("%s: not valid JSON (unexpected end "
			  "of input)"),
			what);
		goto fail;
	}
	if (o == NULL || json_tokener_get_error(tok) != json_tokener_success) {
		err_set(e, RC_PROTO, _("%s: not valid JSON (%s)"), what,
			json_tokener_error_desc(json_tokener_get_error(tok)));
		goto fail;
	}
	/* memchr, not strchr: strchr would match the NUL terminator and
	 * let NUL bytes after the document pass as white space. */
	/* NOLINTNEXTLINE(bugprone-not-null-terminated-result) */
	while (used < len && memchr(" \t\r\n", text[used], 4) != NULL)
		used++;
	if (used != len) {
		err_set(e, RC_PROTO, _("%s: trailing data after JSON"), what);
		goto fail;
	}
	if (!json_object_is_type(o, json_type_object)) {
		err_set(e, RC_PROTO, _("%s: expected a JSON object"), what);
		goto fail;
	}
	json_tokener_free(tok);
	return o;
fail:
	json_object_put(o);
	json_tokener_free(tok);
	return NULL;
}

static const char *checked_str(struct json_object *v, size_t max)
{
	const char *s;
	int len, i;

	if (v == NULL || !json_object_is_type(v, json_type_string))
		return NULL;
	s = json_object_get_string(v);
	len = json_object_get_string_len(v);
	if (len < 0 || (size_t)len > max || strlen(s) != (size_t)len)
		return NULL;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return NULL;
	return s;
}

const char *js_str(struct json_object *o, const char *key, size_t max)
{
	struct json_object *v = NULL;

	if (o == NULL || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return checked_str(v, max);
}

static struct json_object *typed_member(struct json_object *o, const char *key,
					enum json_type t)
{
	struct json_object *v = NULL;

	if (o == NULL || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, t))
		return NULL;
	return v;
}

struct json_object *js_obj(struct json_object *o, const char *key)
{
	return typed_member(o, key, json_type_object);
}

struct json_object *js_arr(struct json_object *o, const char *key)
{
	return typed_member(o, key, json_type_array);
}

int js_bool(struct json_object *o, const char *key, int dflt)
{
	struct json_object *v = typed_member(o, key, json_type_boolean);

	return v ? json_object_get_boolean(v) : dflt;
}

int js_int(struct json_object *o, const char *key, long long min, long long max,
	   long long *out)
{
	struct json_object *v = typed_member(o, key, json_type_int);
	long long n;

	if (v == NULL)
		return -1;
	n = json_object_get_int64(v);
	if (n < min || n > max)
		return -1;
	*out = n;
	return 0;
}

const char *js_arr_str(struct json_object *a, size_t i, size_t max)
{
	if (a == NULL || !json_object_is_type(a, json_type_array) ||
	    i >= json_object_array_length(a))
		return NULL;
	return checked_str(json_object_array_get_idx(a, i), max);
}

char *js_dump(struct json_object *o)
{
	const char *s = json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);

	return s ? strdup(s) : NULL;
}
