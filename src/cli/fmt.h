/* SPDX-License-Identifier: ISC */
/* fmt.h - output helpers shared by the CLI commands. */
#ifndef ACMETUI_FMT_H
#define ACMETUI_FMT_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

/* Adds key: value (JSON null when value is NULL) to o. */
void fmt_json_str(struct json_object *o, const char *key, const char *value);

/* Adds key: t as an RFC 3339 UTC string, null when t is 0. */
void fmt_json_time(struct json_object *o, const char *key, int64_t t);

/* Prints o as aligned "key: value" lines (nested objects indented,
 * arrays comma-joined), every value escaped for the terminal. */
void fmt_print_object(struct json_object *o);

/* "2026-11-28 18:00 UTC" into buf; "-" for 0.  Returns buf. */
char *fmt_time(int64_t t, char *buf, size_t sz);

/* A countdown like "41d 06h", "5h 12m", "expired" into buf. */
char *fmt_countdown(int64_t seconds, char *buf, size_t sz);

#endif
