/* SPDX-License-Identifier: ISC */
/* notify.h - tell the operator's own command what the renewal batch did.
 *
 * The global hook is $ACMETUI_NOTIFY_HOOK; an account may have its own
 * (accounts.notify_cmd, `account set NAME --notify-cmd CMD`), which then
 * gets that account's events instead of the global one.  Either is a
 * command line run by /bin/sh -c (util/shellcmd.h), so pipes and
 * && work.  It runs once per event
 * with the event as one JSON object on stdin (notify/run.h says what else
 * it gets: no keys, no ACMETUI_* variables, 10 s):
 *
 *   {"event": "renewed"|"failed"|"expiring", "certificate": NAME,
 *    "domains": [...], "not_after": "2026-01-31T12:00:00Z" (or null),
 *    "days_left": N (or null), "message": "..."}
 *
 * Expiry warnings go out when 30, 14, 7, 3 and 1 days are left, once per
 * threshold and certificate (only the smallest threshold reached, when a
 * run comes late); a renewed certificate starts over. */
#ifndef ACMETUI_NOTIFY_H
#define ACMETUI_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* The environment variable naming the hook. */
#define NOTIFY_HOOK_ENV "ACMETUI_NOTIFY_HOOK"
/* Expiry warnings look this far ahead (the largest threshold). */
#define NOTIFY_HORIZON_DAYS 30

enum notify_event { NOTIFY_RENEWED, NOTIFY_FAILED, NOTIFY_EXPIRING };

/* One event; everything borrowed. */
struct notify_msg {
	enum notify_event event;
	const char *certificate;
	const char *const *domains;
	size_t n_domains;
	int64_t not_after;   /* 0: unknown */
	int64_t now;	     /* for days_left */
	const char *message; /* one line; sanitized by notify_json */
};

/* "renewed", "failed", "expiring" (static). */
const char *notify_event_name(enum notify_event ev);

/* The threshold (30, 14, 7, 3 or 1 days) a certificate with this
 * not_after has reached at now, or 0 when more than 30 days are left or
 * it has expired. */
int notify_threshold_reached(int64_t not_after, int64_t now);

/* The warning to send now: the reached threshold when it is smaller than
 * warned (the last one sent about this not_after; 0 for none), else 0. */
int notify_expiry_due(int64_t not_after, int64_t now, int warned);

/* Whole days left (rounded down; negative once expired). */
int64_t notify_days_left(int64_t not_after, int64_t now);

/* The event as a JSON text (new string, caller frees), strings
 * sanitized; NULL when out of memory. */
char *notify_json(const struct notify_msg *m);

/* The configured hook. */
struct notifier {
	char **argv; /* NULL: no hook configured */
	int timeout_ms;
};

/* Reads the hook from cmd (NULL or "": none; the caller passes
 * env_get()->notify_hook, $NOTIFY_HOOK_ENV).  RC_INPUT when it does not
 * split. */
enum rc notifier_init(struct notifier *n, const char *cmd, struct err *e);

/* The same for a hook from elsewhere (an account's notify_cmd): what
 * names it in the error ("--notify-cmd", "account NAME"). */
enum rc notifier_init_as(struct notifier *n, const char *cmd, const char *what,
			 struct err *e);

/* Releases n; safe on a zeroed struct. */
void notifier_clear(struct notifier *n);

/* Whether a hook is configured. */
int notifier_enabled(const struct notifier *n);

/* Runs the hook with m on stdin; RC_OK without a hook. */
enum rc notify_send(const struct notifier *n, const struct notify_msg *m,
		    struct err *e);

#endif
