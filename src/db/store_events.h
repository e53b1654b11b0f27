/* SPDX-License-Identifier: ISC */
/* store_events.h - the lifecycle timeline (append-only event log) and the
 * cheap change detection a polling UI uses. */
#ifndef ACMETUI_STORE_EVENTS_H
#define ACMETUI_STORE_EVENTS_H

#include <stddef.h>
#include <stdint.h>

#include "db/store.h"
#include "db/store_enum.h"
#include "util/err.h"

#define EV_LEVEL_LIST(X) \
	X(EV_INFO, "info") \
	X(EV_WARN, "warn") \
	X(EV_ERROR, "error")
enum ev_level { EV_LEVEL_LIST(STORE_ENUM_MEMBER) EV__INVALID };

/* Longest message kept; longer ones are cut (safe_line adds "..."). */
#define EVENT_MESSAGE_MAX 1024
/* Most rows one list call returns. */
#define EVENT_LIST_MAX 10000

/* Stored names ("info", "warn", "error"); "unknown" for others. */
const char *ev_level_name(enum ev_level v);
enum ev_level ev_level_parse(const char *s);

/* One event; strings owned, released by event_row_clear(). */
struct event_row {
	int64_t id;	    /* grows with every event: orders them */
	int64_t ts;	    /* unix seconds */
	int64_t cert_id;    /* 0: none, or the certificate was deleted */
	int64_t account_id; /* 0: none, or the account was deleted */
	char *subject;	    /* certificate (else account) name */
	char *stage;	    /* may be NULL */
	enum ev_level level;
	char *message;
};

void event_row_clear(struct event_row *ev);
void event_rows_free(struct event_row *rows, size_t n);

/* Appends an event at time ts (0: now) about certificate cert_id and/or
 * account account_id (0: none).  The message is made one printable line
 * (control characters escaped) and cut at EVENT_MESSAGE_MAX, defensively:
 * callers already pass sanitized text.  Inside store_begin()/
 * store_commit() this is the "one event" of a transition.  *id (may be
 * NULL) gets the event id. */
enum rc store_event_append(struct store *st, int64_t ts, int64_t cert_id,
			   int64_t account_id, const char *stage,
			   enum ev_level level, const char *message,
			   int64_t *id, struct err *e);

/* The events of one certificate, newest first, skipping offset and
 * returning at most limit (1..EVENT_LIST_MAX).  *rows (free with
 * event_rows_free) may be NULL when *n is 0. */
enum rc store_event_list_cert(struct store *st, int64_t cert_id, int limit,
			      int offset, struct event_row **rows, size_t *n,
			      struct err *e);

/* All events at min_level or above (EV_INFO: all), newest first, at most
 * limit (1..EVENT_LIST_MAX). */
enum rc store_event_list(struct store *st, int limit, enum ev_level min_level,
			 struct event_row **rows, size_t *n, struct err *e);

/* The id of the newest event (0 when none): a UI that has shown events up
 * to some id polls this to know whether to fetch more. */
enum rc store_event_max_id(struct store *st, int64_t *id, struct err *e);

#endif
