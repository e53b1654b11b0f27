/* SPDX-License-Identifier: ISC */
/* schedtext.h - the text of the systemd units and the cron file that
 * `acmetui schedule install` writes (pure functions, unit-tested). */
#ifndef ACMETUI_SCHEDTEXT_H
#define ACMETUI_SCHEDTEXT_H

#include <stddef.h>

/* First line of every file we write: a file without it is the
 * operator's, and is never overwritten. */
#define SCHED_MARKER "# Written by 'acmetui schedule install'"

#define SCHED_SERVICE_NAME "acmetui-renew.service"
#define SCHED_TIMER_NAME "acmetui-renew.timer"
#define SCHED_CRON_NAME "acmetui"
#define SCHED_SYSTEMD_DIR "/etc/systemd/system"
#define SCHED_CRON_DIR "/etc/cron.d"

struct sched_params {
	const char *binary;	    /* absolute path of acmetui */
	const char *db_path;	    /* absolute path of the inventory */
	const char *ca_file;	    /* --ca-file to pass on, or NULL */
	const char *const *rw_dirs; /* deploy directories (systemd) */
	size_t n_rw;
	int minute; /* cron: 0..59 */
	int hour;   /* cron: 0..11; runs at hour and hour+12 */
};

/* Where a user's own systemd units go, below $XDG_CONFIG_HOME (default
 * ~/.config). */
#define SCHED_USER_UNIT_SUBDIR "systemd/user"

/* Whether p is an absolute path made only of characters that need no
 * quoting in a unit file or a shell line: letters, digits and / . _ - +
 * @ : , (so no file of ours ever needs quoting rules to be right). */
int sched_path_ok(const char *p);

/* The service, timer and cron texts as new strings (caller frees), or
 * NULL when out of memory or a path in p fails sched_path_ok() (the
 * deploy directories that fail it are left out, not fatal). */
char *sched_service_text(const struct sched_params *p);
/* The service of a user's own timer (systemctl --user): it runs as that
 * user already, so none of the system unit's root-only sandboxing, and
 * no network-online.target (a user manager has none). */
char *sched_user_service_text(const struct sched_params *p);
/* The line a user adds to their own crontab (no user field). */
char *sched_user_cron_line(const struct sched_params *p);
char *sched_timer_text(void);
char *sched_cron_text(const struct sched_params *p);

/* The end of the line `schedule install --user` puts into a user's
 * crontab: a shell comment (cron runs the line with /bin/sh) that finds
 * the line again to replace or remove it, leaving every other line. */
#define SCHED_CRONTAB_MARK " # acmetui schedule install --user"

/* Largest crontab read and written (crontab(1) allows far less). */
#define SCHED_CRONTAB_MAX (256 * 1024)

/* A user's crontab text old (NULL: none) with our line (marked with
 * SCHED_CRONTAB_MARK) removed and, unless line is NULL, line appended
 * with the mark.  Every other line is kept as it was.  Returns a new
 * string (caller frees), or NULL when out of memory or too long. */
char *sched_crontab_merge(const char *old, const char *line);

/* Whether a crontab text has our marked line. */
int sched_crontab_has(const char *text);

/* Whether text (a file's contents) starts with SCHED_MARKER. */
int sched_is_ours(const char *text);

#endif
