/* SPDX-License-Identifier: ISC */
/* json.h - a narrow, typed layer over json-c for untrusted input.
 *
 * Accessors return NULL / an error for a missing key, a wrong type, an
 * over-long string or one carrying control characters, so callers never
 * see a value they did not ask for.  Returned strings are borrowed from
 * the object. */
#ifndef ACMETUI_JSON_H
#define ACMETUI_JSON_H

#include <stddef.h>

#include <json-c/json.h>

#include "util/err.h"

/* Deepest nesting accepted from a server (the directory is 3 deep). */
#define JSON_MAX_DEPTH 32

/* Parses len bytes of JSON text into a new object (caller puts it with
 * json_object_put).  Rejects trailing garbage, nesting deeper than
 * JSON_MAX_DEPTH and a top level that is not an object.  what names the
 * document in the error ("order", "directory"). */
struct json_object *js_parse_object(const char *text, size_t len,
				    const char *what, struct err *e);

/* The string member key, or NULL (missing, not a string, longer than max
 * bytes, or containing bytes < 0x20 / 0x7f). */
const char *js_str(struct json_object *o, const char *key, size_t max);

/* The object / array member key, or NULL when missing or another type. */
struct json_object *js_obj(struct json_object *o, const char *key);
struct json_object *js_arr(struct json_object *o, const char *key);

/* The boolean member key; dflt when missing or not a boolean. */
int js_bool(struct json_object *o, const char *key, int dflt);

/* The integer member key within [min, max] into *out.  Returns 0, or -1
 * when missing, not an integer or out of range (*out untouched). */
int js_int(struct json_object *o, const char *key, long long min, long long max,
	   long long *out);

/* String element i of array a under the same rules as json_str. */
const char *js_arr_str(struct json_object *a, size_t i, size_t max);

/* Serializes o compactly into a new string (caller frees), NULL on OOM. */
char *js_dump(struct json_object *o);

#endif
