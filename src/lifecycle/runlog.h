/* SPDX-License-Identifier: ISC */
/* runlog.h - the renewal batch's lines in syslog (facility cron).
 *
 * journald reads syslog, so `journalctl -t acmetui` shows them too.  One
 * line per renewed or failed certificate, one per expiry warning and a
 * summary per run; every text is sanitized (safe_line) before it goes
 * out.  Not thread-safe: the batch's main thread writes after the
 * workers are done. */
#ifndef ACMETUI_RUNLOG_H
#define ACMETUI_RUNLOG_H

#include <stdint.h>

#include "db/store_runs.h"

/* openlog("acmetui", LOG_PID, LOG_CRON). */
void runlog_open(void);

/* "NAME: renewed" (info) or "NAME: renewal failed: ERROR" (err). */
void runlog_cert(const char *name, int failed, const char *error);

/* "NAME expires in N days (DATE)" (warning). */
void runlog_expiring(const char *name, int64_t days_left);

/* "notify hook: ERROR" (warning). */
void runlog_notify_failed(const char *error);

/* "renewal run: N renewed, M failed, K skipped, exit S" (notice, or err
 * when something failed). */
void runlog_summary(const struct run_result *r);

/* closelog(). */
void runlog_close(void);

#endif
