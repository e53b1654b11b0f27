/* SPDX-License-Identifier: ISC */
/* runrecord.h - a --renew-due run's record in the inventory (batch health
 * for the dashboard and `schedule status`), written only through here so
 * that no front end writes the store itself. */
#ifndef ACMETUI_LIFECYCLE_RUNRECORD_H
#define ACMETUI_LIFECYCLE_RUNRECORD_H

#include <stdint.h>

#include "db/store.h"
#include "db/store_runs.h"
#include "util/err.h"

/* Records that a run started at now on this host; *id gets its id (0 on
 * failure). */
enum rc lc_run_begin(struct store *st, int64_t now, int64_t *id, struct err *e);

/* Records how run id ended (rr->finished_at set by the caller). */
enum rc lc_run_finish(struct store *st, int64_t id, const struct run_result *rr,
		      struct err *e);

#endif
