/* SPDX-License-Identifier: ISC */
/* usercron.h - read and replace the calling user's crontab through the
 * system's crontab(1), the only program that may write it (it is
 * setgid, locks, and tells cron to reload). */
#ifndef ACMETUI_CLI_USERCRON_H
#define ACMETUI_CLI_USERCRON_H

#include "util/err.h"

/* The user's crontab as a new string (caller frees); "" when the user
 * has none.  RC_HOOK when crontab(1) cannot be run or fails otherwise,
 * RC_INPUT when it is longer than SCHED_CRONTAB_MAX. */
enum rc usercron_read(char **text, struct err *e);

/* Installs text as the user's crontab (`crontab -`).  RC_HOOK with
 * crontab's verdict when it refuses. */
enum rc usercron_write(const char *text, struct err *e);

#endif
