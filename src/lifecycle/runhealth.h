/* SPDX-License-Identifier: ISC */
/* runhealth.h - is the renewal batch running?  One sentence for the
 * dashboard and `acmetui schedule status`. */
#ifndef ACMETUI_RUNHEALTH_H
#define ACMETUI_RUNHEALTH_H

#include <stddef.h>
#include <stdint.h>

#include "db/store_runs.h"

/* A run older than this means cron/the timer is not doing its job (it
 * runs twice a day). */
#define RUN_HEALTH_STALE_S 86400

enum run_health {
	RUN_HEALTH_QUIET,  /* no run and no certificate: nothing to say */
	RUN_HEALTH_OK,	   /* ran recently, nothing failed */
	RUN_HEALTH_FAILED, /* ran recently, some certificate failed */
	RUN_HEALTH_STALE,  /* certificates exist and the last run is older
				 * than RUN_HEALTH_STALE_S */
	RUN_HEALTH_NEVER   /* certificates exist, no run ever */
};

/* Describes the last run (NULL: none recorded) for an inventory of
 * n_certs certificates at now into buf ("" for QUIET), e.g. "last
 * renewal run 3h ago: 12 renewed, 1 failed" or "no renewal run for 2d:
 * is the cron job/timer installed? see 'acmetui schedule install'". */
enum run_health run_health_describe(const struct run_row *last, size_t n_certs,
				    int64_t now, char *buf, size_t size);

/* "45s", "12m", "3h", "2d" for a duration in seconds (negative: 0s). */
void run_health_age(int64_t secs, char *buf, size_t size);

#endif
