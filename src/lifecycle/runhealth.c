/* SPDX-License-Identifier: ISC */
/* runhealth.c - one sentence on the renewal batch (runhealth.h). */
#include "config.h"

#include <stdio.h>

#include "lifecycle/runhealth.h"
#include "util/i18n.h"

void run_health_age(int64_t secs, char *buf, size_t size)
{
	if (secs < 0)
		secs = 0;
	if (secs < 60)
		snprintf(buf, size, "%llds", (long long)secs);
	else if (secs < 3600)
		snprintf(buf, size, "%lldm", (long long)(secs / 60));
	else if (secs < 86400)
		snprintf(buf, size, "%lldh", (long long)(secs / 3600));
	else
		snprintf(buf, size, "%lldd", (long long)(secs / 86400));
}

enum run_health run_health_describe(const struct run_row *last, size_t n_certs,
				    int64_t now, char *buf, size_t size)
{
	const char *hint = _("is the cron job/timer installed? see "
			     "'acmetui schedule install'");
	char age[32];

	buf[0] = '\0';
	if (last == NULL) {
		if (n_certs == 0)
			return RUN_HEALTH_QUIET;
		snprintf(buf, size, _("no renewal run yet: %s"), hint);
		return RUN_HEALTH_NEVER;
	}
	run_health_age(now - last->started_at, age, sizeof(age));
	if (now - last->started_at > RUN_HEALTH_STALE_S && n_certs > 0) {
		snprintf(buf, size, _("no renewal run for %s: %s"), age, hint);
		return RUN_HEALTH_STALE;
	}
	if (!last->finished) {
		snprintf(buf, size,
			 _("last renewal run started %s ago, not finished"),
			 age);
		return RUN_HEALTH_OK;
	}
	snprintf(buf, size, _("last renewal run %s ago: %d renewed, %d failed"),
		 age, last->result.renewed, last->result.failed);
	return last->result.failed > 0 ? RUN_HEALTH_FAILED : RUN_HEALTH_OK;
}
