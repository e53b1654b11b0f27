/* SPDX-License-Identifier: ISC */
/* utctime.h - the one UTC time formatter.  Every time acmetui writes
 * for a program (--json documents, hook payloads) is RFC 3339,
 * "2026-12-07T20:00:00Z"; every time it writes for a person is one of
 * the few styles of enum utc_style, always in UTC. */
#ifndef ACMETUI_UTCTIME_H
#define ACMETUI_UTCTIME_H

#include <stddef.h>
#include <stdint.h>

/* "YYYY-MM-DDTHH:MM:SSZ" and its NUL (years 0 to 9999). */
#define UTC_RFC3339_SIZE 21

/* Room for any enum utc_style up to year 99999, and its NUL. */
#define UTC_TEXT_SIZE 32

/* The times written for people. */
enum utc_style {
	UTC_MINUTE,	   /* "2026-12-07 20:00 UTC": when, in messages */
	UTC_SECOND,	   /* "2026-12-07 20:00:05 UTC": a CA's retry time,
			   * a backoff, a schedule's last run */
	UTC_DATE_TIME,	   /* "2026-12-07 20:00": a table column, where the
			   * heading says UTC */
	UTC_MONTH_DAY_TIME /* "12-07 20:00": an event log line */
};

/* Writes t (Unix seconds) as RFC 3339 UTC into buf (sz >=
 * UTC_RFC3339_SIZE).  Returns buf, or NULL, leaving buf empty, when t is
 * 0 (the inventory's "not set") or cannot be written in that form. */
const char *utc_rfc3339(int64_t t, char *buf, size_t sz);

/* Writes t (Unix seconds) in style into buf (UTC_TEXT_SIZE is always
 * enough).  0 is 1970-01-01 like any other time: callers that store 0
 * for "not set" say so themselves.  Returns buf, or NULL, leaving buf
 * empty (when sz > 0), when t is beyond gmtime_r() or the text does not
 * fit.  Thread-safe (gmtime_r). */
const char *utc_text(int64_t t, enum utc_style style, char *buf, size_t sz);

#endif
