/* SPDX-License-Identifier: ISC */
/* event.c - the one way the engine records what happened. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "db/store_events.h"
#include "lifecycle/lc.h"
#include "util/env.h"
#include "util/i18n.h"
#include "util/safe.h"

/* An event the inventory refused (a long lock, a full disk) is the
 * record of what happened to a production certificate: it must not
 * vanish with the error.  It goes to syslog, and to the operator: on
 * stderr (even under -q: this is not routine output), or, where the TUI
 * owns the terminal, through progress. */
static void event_lost(struct lc *lc, const char *subject, const char *stage,
		       const char *msg, const struct err *e)
{
	char why[512], line[EVENT_MESSAGE_MAX + 600];

	safe_line(why, sizeof(why), err_text(e), strlen(err_text(e)));
	snprintf(line, sizeof(line), _("event not recorded (%s): %s"), why,
		 msg);
	syslog(LOG_ERR, "%s: %s: %s", subject, stage, line);
	if (lc->terminal_owned && lc->progress != NULL)
		lc->progress(lc->progress_ud, subject, stage, "error", line);
	else if (!lc->terminal_owned)
		fprintf(stderr, "acmetui: %s: %s: %s\n", subject, stage, line);
}

enum rc lc_event(struct lc *lc, int64_t cert_id, int64_t account_id,
		 const char *subject, enum lc_stage stage_id, const char *level,
		 const char *fmt, ...)
{
	const char *stage = lc_stage_name(stage_id);
	char raw[EVENT_MESSAGE_MAX], msg[EVENT_MESSAGE_MAX];
	struct err e = { 0 };
	enum rc rc = RC_OK;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	safe_line(msg, sizeof(msg), raw, strlen(raw));
	if (!lc->dry_run)
		rc = store_event_append(lc->st, 0, cert_id, account_id, stage,
					ev_level_parse(level), msg, NULL, &e);
	if (lc->progress != NULL)
		lc->progress(lc->progress_ud, subject, stage, level, msg);
	if (rc != RC_OK)
		event_lost(lc, subject, stage, msg, &e);
	return rc;
}

/* Malformed seconds are ignored here (the defaults apply). */
void lc_env_defaults(struct lc *lc)
{
	const struct acmetui_env *env = env_get();
	const char *r = env->dns_resolver;

	lc->dns_resolver = r != NULL && *r != '\0' ? r : NULL;
	lc->dns_wait_ms = env_ms(&env->dns_wait);
	lc->dns_hook_timeout_ms = env_ms(&env->dns_hook_timeout);
	lc->http_timeout_s = env_ms(&env->http_timeout) / 1000;
}
