/* SPDX-License-Identifier: ISC */
/* schedtext.c - unit and cron texts for `acmetui schedule install`. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/schedtext.h"
#include "util/buf.h"

#define TEXT_MAX 16384

int sched_path_ok(const char *p)
{
	static const char extra[] = "/._-+@:,";
	const char *q;

	if (p == NULL || p[0] != '/' || strlen(p) > 1024)
		return 0;
	for (q = p; *q != '\0'; q++)
		if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
		      (*q >= '0' && *q <= '9') || strchr(extra, *q) != NULL))
			return 0;
	return 1;
}

/* The directory part of path, into out ("/" for "/x"). */
static void dir_of(const char *path, char *out, size_t size)
{
	const char *slash = strrchr(path, '/');
	size_t len = slash != NULL ? (size_t)(slash - path) : 0;

	if (len == 0) {
		snprintf(out, size, "/");
		return;
	}
	snprintf(out, size, "%.*s", (int)len, path);
}

/* The text built in b, or NULL (b released) when bad says a step
 * failed. */
static char *text_done(struct buf *b, int bad)
{
	if (bad) {
		buf_clear(b);
		return NULL;
	}
	return buf_take(b);
}

/* The command line both schedules run. */
static int command(struct buf *b, const struct sched_params *p)
{
	if (!sched_path_ok(p->binary) || !sched_path_ok(p->db_path) ||
	    (p->ca_file != NULL && !sched_path_ok(p->ca_file)))
		return -1;
	if (buf_printf(b, "%s --db %s", p->binary, p->db_path) != 0)
		return -1;
	if (p->ca_file != NULL &&
	    buf_printf(b, " --ca-file %s", p->ca_file) != 0)
		return -1;
	return buf_puts(b, " --renew-due --quiet");
}

char *sched_service_text(const struct sched_params *p)
{
	struct buf b;
	char dbdir[1100];
	size_t i;
	int bad = 0;

	buf_init(&b, TEXT_MAX);
	dir_of(p->db_path, dbdir, sizeof(dbdir));
	bad |= buf_printf(
		&b,
		"%s; it may replace this file.\n"
		"# Edit a copy (systemctl edit) or remove this line to keep "
		"yours.\n"
		"[Unit]\n"
		"Description=Renew due ACME certificates (acmetui)\n"
		"Documentation=man:acmetui(1)\n"
		"Wants=network-online.target\n"
		"After=network-online.target\n"
		"\n"
		"[Service]\n"
		"Type=oneshot\n"
		"ExecStart=",
		SCHED_MARKER);
	bad |= command(&b, p);
	bad |= buf_puts(
		&b,
		"\n"
		"# Exit 1 (a certificate failed) shows as a failed unit: "
		"that is wanted.\n"
		"# Hardening.  The batch needs the network, its inventory,\n"
		"# the deploy directories and whatever the reload commands\n"
		"# touch (e.g. `systemctl reload nginx`, which works from here).\n"
		"# ProtectSystem=full makes /usr, /boot and /etc read-only:\n"
		"# the inventory's directory and each certificate's deploy\n"
		"# directory are listed in ReadWritePaths (a leading '-' lets\n"
		"# the unit start when one is missing).  A deploy directory\n"
		"# added later needs `acmetui schedule install` again (or a\n"
		"# drop-in with ReadWritePaths=).\n"
		"UMask=0077\n"
		"NoNewPrivileges=yes\n"
		"PrivateTmp=yes\n"
		"ProtectSystem=full\n"
		"ProtectHome=read-only\n"
		"ProtectKernelTunables=yes\n"
		"ProtectKernelModules=yes\n"
		"ProtectKernelLogs=yes\n"
		"ProtectControlGroups=yes\n"
		"ProtectClock=yes\n"
		"RestrictSUIDSGID=yes\n"
		"RestrictRealtime=yes\n"
		"LockPersonality=yes\n"
		"SystemCallArchitectures=native\n"
		"RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 "
		"AF_NETLINK\n");
	bad |= buf_printf(&b, "ReadWritePaths=-%s\n", dbdir);
	for (i = 0; i < p->n_rw; i++)
		if (sched_path_ok(p->rw_dirs[i]))
			bad |= buf_printf(&b, "ReadWritePaths=-%s\n",
					  p->rw_dirs[i]);
	return text_done(&b, bad);
}

char *sched_user_service_text(const struct sched_params *p)
{
	struct buf b;
	int bad = 0;

	buf_init(&b, TEXT_MAX);
	bad |= buf_printf(
		&b,
		"%s; it may replace this file.\n"
		"# Edit a copy (systemctl --user edit) or remove this line to "
		"keep yours.\n"
		"[Unit]\n"
		"Description=Renew due ACME certificates (acmetui)\n"
		"Documentation=man:acmetui(1)\n"
		"\n"
		"[Service]\n"
		"Type=oneshot\n"
		"ExecStart=",
		SCHED_MARKER);
	bad |= command(&b, p);
	bad |= buf_puts(
		&b,
		"\n"
		"# Exit 1 (a certificate failed) shows as a failed unit: "
		"that is wanted.\n"
		"# It runs as you, with your inventory and hooks; the system\n"
		"# unit's sandboxing needs root and is left out.\n"
		"UMask=0077\n"
		"NoNewPrivileges=yes\n");
	return text_done(&b, bad);
}

char *sched_user_cron_line(const struct sched_params *p)
{
	struct buf b;
	int bad = 0;

	buf_init(&b, TEXT_MAX);
	bad |= buf_printf(&b, "%d %d,%d * * * ", p->minute % 60, p->hour % 12,
			  p->hour % 12 + 12);
	bad |= command(&b, p);
	return text_done(&b, bad);
}

char *sched_timer_text(void)
{
	struct buf b;

	buf_init(&b, TEXT_MAX);
	if (buf_printf(
		    &b,
		    "%s; it may replace this file.\n"
		    "[Unit]\n"
		    "Description=Renew due ACME certificates twice a day "
		    "(acmetui)\n"
		    "Documentation=man:acmetui(1)\n"
		    "\n"
		    "[Timer]\n"
		    "# Twice a day, each machine at its own random time within\n"
		    "# the hour after (a fleet does not hit the CA at once);\n"
		    "# a run missed while the machine was off happens at boot.\n"
		    "OnCalendar=*-*-* 00,12:00:00\n"
		    "RandomizedDelaySec=1h\n"
		    "Persistent=true\n"
		    "\n"
		    "[Install]\n"
		    "WantedBy=timers.target\n",
		    SCHED_MARKER) != 0) {
		buf_clear(&b);
		return NULL;
	}
	return buf_take(&b);
}

char *sched_cron_text(const struct sched_params *p)
{
	struct buf b;
	int bad = 0;

	buf_init(&b, TEXT_MAX);
	bad |= buf_printf(
		&b,
		"%s; it may replace this file.\n"
		"# Renews due ACME certificates twice a day; the minute and\n"
		"# hour were picked at random so that a fleet does not hit\n"
		"# the CA at once.  Output (failures only, --quiet) is\n"
		"# mailed by cron; every run is also in syslog (facility\n"
		"# cron) and shown by `acmetui schedule status`.\n"
		"SHELL=/bin/sh\n"
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:"
		"/sbin:/bin\n"
		"%d %d,%d * * * root ",
		SCHED_MARKER, p->minute % 60, p->hour % 12, p->hour % 12 + 12);
	bad |= command(&b, p);
	bad |= buf_puts(&b, "\n");
	return text_done(&b, bad);
}

int sched_is_ours(const char *text)
{
	return text != NULL &&
	       strncmp(text, SCHED_MARKER, strlen(SCHED_MARKER)) == 0;
}

/* 1 when the line text[0..len) ends with SCHED_CRONTAB_MARK. */
static int marked(const char *text, size_t len)
{
	size_t m = strlen(SCHED_CRONTAB_MARK);

	while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t' ||
			   text[len - 1] == '\r'))
		len--;
	return len >= m && memcmp(text + len - m, SCHED_CRONTAB_MARK, m) == 0;
}

char *sched_crontab_merge(const char *old, const char *line)
{
	struct buf b;
	const char *p = old != NULL ? old : "";
	size_t len;
	int bad = 0;

	buf_init(&b, SCHED_CRONTAB_MAX);
	while (*p != '\0' && !bad) {
		len = strcspn(p, "\n");
		if (!marked(p, len)) {
			bad |= buf_append(&b, p, len);
			bad |= buf_puts(&b, "\n");
		}
		p += len + (p[len] == '\n');
	}
	if (line != NULL)
		bad |= buf_printf(&b, "%s%s\n", line, SCHED_CRONTAB_MARK);
	return text_done(&b, bad);
}

int sched_crontab_has(const char *text)
{
	const char *p = text != NULL ? text : "";
	size_t len;

	while (*p != '\0') {
		len = strcspn(p, "\n");
		if (marked(p, len))
			return 1;
		p += len + (p[len] == '\n');
	}
	return 0;
}
