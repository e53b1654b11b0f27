/* event.c - the one way the engine records what happened. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "db/store_events.h"
#include "lifecycle/lc.h"
#include "util/safe.h"

enum acme_rc lc_event(struct lc *lc, int64_t cert_id, int64_t account_id,
		      const char *subject, const char *stage,
		      const char *level, const char *fmt, ...)
{
	char raw[EVENT_MESSAGE_MAX], msg[EVENT_MESSAGE_MAX];
	struct err e = { 0 };
	enum acme_rc rc;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	safe_line(msg, sizeof(msg), raw, strlen(raw));
	rc = store_event_append(lc->st, 0, cert_id, account_id, stage,
				ev_level_parse(level), msg, NULL, &e);
	if (lc->progress != NULL)
		lc->progress(lc->progress_ud, subject, stage, level, msg);
	return rc;
}
