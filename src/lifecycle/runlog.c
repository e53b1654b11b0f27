/* SPDX-License-Identifier: ISC */
/* runlog.c - syslog lines of the renewal batch (runlog.h).
 *
 * Messages stay untranslated: logs are read by tools and by whoever is on
 * call, and one language keeps them greppable. */
#include "config.h"

#include <string.h>
#include <syslog.h>

#include "lifecycle/runlog.h"
#include "util/safe.h"

#define LINE_MAX_LOG 512

void runlog_open(void)
{
	openlog("acmetui", LOG_PID, LOG_CRON);
}

void runlog_close(void)
{
	closelog();
}

/* A sanitized copy of s (NULL gives ""). */
static const char *clean(char *buf, size_t size, const char *s)
{
	if (s == NULL)
		s = "";
	return safe_line(buf, size, s, strlen(s));
}

void runlog_cert(const char *name, int failed, const char *error)
{
	char n[160], m[LINE_MAX_LOG];

	clean(n, sizeof(n), name);
	if (failed)
		syslog(LOG_ERR, "%s: renewal failed: %s", n,
		       clean(m, sizeof(m), error));
	else
		syslog(LOG_INFO, "%s: renewed", n);
}

void runlog_expiring(const char *name, int64_t days_left)
{
	char n[160];

	syslog(LOG_WARNING, "%s: certificate expires in %lld day(s)",
	       clean(n, sizeof(n), name), (long long)days_left);
}

void runlog_notify_failed(const char *error)
{
	char m[LINE_MAX_LOG];

	syslog(LOG_WARNING, "notify hook: %s", clean(m, sizeof(m), error));
}

void runlog_summary(const struct run_result *r)
{
	syslog(r->failed > 0 || r->exit_status != 0 ? LOG_ERR : LOG_NOTICE,
	       "renewal run: %d renewed, %d failed, %d skipped, exit %d",
	       r->renewed, r->failed, r->skipped, r->exit_status);
}
