/* SPDX-License-Identifier: ISC */
/* utctime.h - the one RFC 3339 UTC formatter: every time acmetui writes
 * for a program (--json documents, hook payloads) is
 * "2026-12-07T20:00:00Z". */
#ifndef ACMETUI_UTCTIME_H
#define ACMETUI_UTCTIME_H

#include <stddef.h>
#include <stdint.h>

/* "YYYY-MM-DDTHH:MM:SSZ" and its NUL (years 0 to 9999). */
#define UTC_RFC3339_SIZE 21

/* Writes t (Unix seconds) as RFC 3339 UTC into buf (sz >=
 * UTC_RFC3339_SIZE).  Returns buf, or NULL, leaving buf empty, when t is
 * 0 (the inventory's "not set") or cannot be written in that form. */
const char *utc_rfc3339(int64_t t, char *buf, size_t sz);

#endif
