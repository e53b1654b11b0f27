/* SPDX-License-Identifier: ISC */
/* schedule.c - `acmetui schedule install|status`: run --renew-due from a
 * systemd timer or cron, and say whether it does.
 *
 * install writes the units (or the cron file) naming this very binary
 * (/proc/self/exe) and the inventory in use, refuses to replace a file
 * it did not write (SCHED_MARKER), and tells the operator which
 * systemctl commands enable it rather than running them: enabling a
 * timer on a production machine is the operator's decision. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/fmt.h"
#include "cli/schedtext.h"
#include "cli/usercron.h"
#include "db/store.h"
#include "db/store_runs.h"
#include "db/store_sched.h"
#include "lifecycle/runhealth.h"
#include "util/env.h"
#include "util/fileio.h"
#include "util/safe.h"
#include "util/utctime.h"

#define FILE_MAX 65536

enum {
	OPT_SYSTEMD = OPT_FIRST_LOCAL,
	OPT_CRON,
	OPT_DRY_RUN,
	OPT_ROOT,
	OPT_USER
};

enum sched_kind { SCHED_AUTO, SCHED_SYSTEMD, SCHED_CRON };

struct sched_opts {
	enum sched_kind kind;
	int dry_run;
	const char *root; /* "" for the real system */
	int user;	  /* the user's own timer or crontab */
};

/* One file to write. */
struct sched_file {
	const char *dir; /* SCHED_SYSTEMD_DIR or SCHED_CRON_DIR */
	const char *name;
	char *text; /* owned */
};

/* ROOT + path into out; 0, or -1 when too long. */
static int rooted(const struct sched_opts *o, const char *path, char *out,
		  size_t size)
{
	int n = snprintf(out, size, "%s%s", o->root, path);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* A random number in [0, n) for the cron minute and hour (spreading a
 * fleet; not a secret). */
static int pick(int n)
{
	unsigned int r = 0;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r))
		r = (unsigned int)time(NULL) ^ (unsigned int)getpid();
	return (int)(r % (unsigned int)n);
}

/* The absolute path of the running binary into out. */
static enum rc self_path(char *out, size_t size, struct err *e)
{
	ssize_t n = readlink("/proc/self/exe", out, size - 1);

	if (n <= 0 || (size_t)n >= size - 1)
		return err_set(e, RC_SYS,
			       _("cannot find the acmetui binary "
				 "(/proc/self/exe): %s"),
			       n < 0 ? strerror(errno) : _("too long"));
	out[n] = '\0';
	return RC_OK;
}

/* The inventory in use as an absolute path into out (*abs_out). */
static enum rc db_abs_path(struct cli *c, char *out, size_t size, struct err *e)
{
	char *p = NULL, cwd[PATH_MAX];
	enum rc rc;
	int n;

	rc = store_default_path(c->db_path, &p, e);
	if (rc != RC_OK)
		return rc;
	if (p[0] == '/')
		n = snprintf(out, size, "%s", p);
	else if (getcwd(cwd, sizeof(cwd)) != NULL)
		n = snprintf(out, size, "%s/%s", cwd, p);
	else
		n = -1;
	free(p);
	if (n < 0 || (size_t)n >= size)
		return err_set(e, RC_INPUT, _("inventory path too long"));
	return RC_OK;
}

/* Whether this machine runs systemd (as sd_booted() decides). */
static int systemd_booted(void)
{
	struct stat sb;

	return lstat("/run/systemd/system", &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Fails when ROOT/dir/name exists and is not ours. */
static enum rc check_ours(const struct sched_opts *o,
			  const struct sched_file *f, struct err *e)
{
	char path[PATH_MAX], shown[PATH_MAX];
	char *text = NULL;
	size_t len = 0;
	struct err re = { 0 };
	enum rc rc;

	if (rooted(o, f->dir, path, sizeof(path)) != 0 ||
	    strlen(path) + strlen(f->name) + 2 > sizeof(path))
		return err_set(e, RC_INPUT, _("--root: path too long"));
	snprintf(path + strlen(path), sizeof(path) - strlen(path), "/%s",
		 f->name);
	safe_line(shown, sizeof(shown), path, strlen(path));
	rc = file_read_all(path, FILE_MAX, &text, &len, &re);
	if (rc == RC_NOTFOUND)
		return RC_OK;
	if (rc != RC_OK)
		rc = err_set(e, rc, _("%s exists and cannot be read: %s"),
			     shown, err_text(&re));
	else if (!sched_is_ours(text))
		rc = err_set(e, RC_EXISTS,
			     _("%s exists and was not written by acmetui: "
			       "left alone (remove it or merge by hand)"),
			     shown);
	free(text);
	return rc;
}

/* Writes (or with --dry-run prints) every file, after checking that all
 * of them may be written: nothing is half-installed. */
static enum rc write_files(const struct sched_opts *o, struct sched_file *f,
			   size_t n, struct err *e)
{
	char dir[PATH_MAX];
	enum rc rc = RC_OK;
	size_t i;

	for (i = 0; rc == RC_OK && i < n; i++)
		rc = check_ours(o, &f[i], e);
	for (i = 0; rc == RC_OK && i < n; i++) {
		if (rooted(o, f[i].dir, dir, sizeof(dir)) != 0)
			return err_set(e, RC_INPUT,
				       _("--root: path too "
					 "long"));
		if (o->dry_run) {
			printf(_("would write %s/%s:\n"), dir, f[i].name);
			fputs(f[i].text, stdout);
			putchar('\n');
			continue;
		}
		rc = file_mkdirs(dir, 0755, e);
		if (rc == RC_OK)
			rc = file_write_atomic(dir, f[i].name, f[i].text,
					       strlen(f[i].text), 0644, e);
		if (rc == RC_OK)
			printf(_("wrote %s/%s\n"), dir, f[i].name);
	}
	return rc;
}

/* What to tell the operator after writing. */
static void next_steps(const struct sched_opts *o, enum sched_kind kind)
{
	if (o->dry_run)
		return;
	if (o->user)
		printf(_("Now enable it:\n"
			 "  systemctl --user daemon-reload\n"
			 "  systemctl --user enable --now %s\n"
			 "and let it run while you are logged out:\n"
			 "  loginctl enable-linger\n"
			 "check it with: systemctl --user list-timers; "
			 "acmetui schedule status\n"),
		       SCHED_TIMER_NAME);
	else if (kind == SCHED_SYSTEMD)
		printf(_("Now enable it:\n"
			 "  systemctl daemon-reload\n"
			 "  systemctl enable --now %s\n"
			 "and check it with: systemctl list-timers %s; "
			 "acmetui schedule status\n"),
		       SCHED_TIMER_NAME, SCHED_TIMER_NAME);
	else
		printf(_("cron picks %s/%s up by itself; check it with "
			 "acmetui schedule status\n"),
		       SCHED_CRON_DIR, SCHED_CRON_NAME);
}

/* A system-wide schedule runs as root: refuse an inventory another user
 * owns, since root would then run that user's hooks and reload commands
 * (whoever can change the inventory would own root). */
static enum rc root_may_run(const char *db, struct err *e)
{
	char buf[1024], shown[PATH_MAX];
	struct passwd pw, *found = NULL;
	struct stat sb;

	if (stat(db, &sb) != 0 || sb.st_uid == 0)
		return RC_OK;
	safe_line(shown, sizeof(shown), db, strlen(db));
	if (getpwuid_r(sb.st_uid, &pw, buf, sizeof(buf), &found) != 0)
		found = NULL;
	return err_set(e, RC_INPUT,
		       _("the inventory %s belongs to %s: a system-wide "
			 "schedule would run its hooks as root; run "
			 "'acmetui schedule install' as that user (a user "
			 "timer) instead"),
		       shown, found != NULL ? found->pw_name : "?");
}

/* $XDG_CONFIG_HOME/systemd/user (default ~/.config/systemd/user) into
 * out: where this user's own units go. */
static enum rc user_unit_dir(char *out, size_t size, struct err *e)
{
	const char *xdg = env_get()->xdg_config_home, *home = env_get()->home;
	int n;

	if (xdg != NULL && xdg[0] == '/')
		n = snprintf(out, size, "%s/%s", xdg, SCHED_USER_UNIT_SUBDIR);
	else if (home != NULL && home[0] == '/')
		n = snprintf(out, size, "%s/.config/%s", home,
			     SCHED_USER_UNIT_SUBDIR);
	else
		return err_set(e, RC_INPUT, "%s",
			       _("no home directory (HOME) for a user timer"));
	if (n < 0 || (size_t)n >= size)
		return err_set(e, RC_INPUT, "%s",
			       _("the user unit directory path is too long"));
	return RC_OK;
}

/* Root's crontab runs as root: a user's schedule is never put there
 * (the system cron file is --cron without --user).  EXIT_OK to go on. */
static int refuse_root_crontab(struct cli *c, const char *verb)
{
	if (geteuid() != 0)
		return EXIT_OK;
	return cli_usage_error(c,
			       _("schedule %s --user: not as root (root's "
				 "crontab runs as root); run it as the "
				 "inventory's owner, or use 'schedule "
				 "install --cron' for the system cron "
				 "file"),
			       verb);
}

/* Puts line (NULL: none) into the user's crontab in place of ours,
 * keeping every other line.  EXIT_OK or the failure's exit status. */
static int crontab_replace(struct cli *c, const char *line)
{
	struct err e = { 0 };
	char *old = NULL, *text = NULL;
	int rc = EXIT_OK;

	if (usercron_read(&old, &e) != RC_OK) {
		rc = cli_fail(c, &e);
		goto out;
	}
	if (line == NULL && !sched_crontab_has(old))
		goto out; /* nothing of ours: leave the crontab untouched */
	text = sched_crontab_merge(old, line);
	if (text == NULL) {
		err_set(&e, RC_INPUT, "%s",
			_("the crontab is too long to edit"));
		rc = cli_fail(c, &e);
	} else if (usercron_write(text, &e) != RC_OK) {
		rc = cli_fail(c, &e);
	}
out:
	free(old);
	free(text);
	return rc;
}

/* The user's crontab: our line (marked) replaces an earlier one of ours;
 * with --dry-run only printed. */
static int install_user_cron(struct cli *c, const struct sched_opts *o,
			     struct sched_params *p)
{
	struct err e = { 0 };
	char *line;
	int rc;

	rc = refuse_root_crontab(c, "install");
	if (rc != EXIT_OK)
		return rc;
	if (o->root[0] != '\0')
		return cli_usage_error(c, _("--root does not apply to a "
					    "crontab (crontab(1) writes it)"));
	p->minute = pick(60);
	p->hour = pick(12);
	line = sched_user_cron_line(p);
	if (line == NULL) {
		err_set(&e, RC_NOMEM, _("out of memory"));
		return cli_fail(c, &e);
	}
	if (o->dry_run) {
		printf(_("Would add to your crontab:\n%s%s\n"), line,
		       SCHED_CRONTAB_MARK);
	} else {
		rc = crontab_replace(c, line);
		if (rc == EXIT_OK && !c->quiet)
			printf(_("Installed in your crontab (crontab -l shows "
				 "it; 'acmetui schedule remove' takes it "
				 "out):\n%s%s\n"),
			       line, SCHED_CRONTAB_MARK);
	}
	free(line);
	return rc;
}

/* schedule remove [--user]: takes our line out of the user's crontab,
 * every other line stays. */
static int do_remove(struct cli *c, const struct sched_opts *o)
{
	struct err e = { 0 };
	char *old = NULL;
	int rc, had;

	rc = refuse_root_crontab(c, "remove");
	if (rc != EXIT_OK)
		return rc;
	if (usercron_read(&old, &e) != RC_OK)
		return cli_fail(c, &e);
	had = sched_crontab_has(old);
	free(old);
	if (!had) {
		if (!c->quiet)
			printf("%s\n", _("Your crontab has no acmetui line: "
					 "nothing to remove."));
		return EXIT_OK;
	}
	if (o->dry_run) {
		printf("%s\n", _("Would remove the acmetui line from your "
				 "crontab."));
		return EXIT_OK;
	}
	rc = crontab_replace(c, NULL);
	if (rc == EXIT_OK && !c->quiet)
		printf("%s\n", _("Removed the acmetui line from your "
				 "crontab."));
	return rc;
}

/* The user's own schedule: a systemd user timer, or a line in their
 * crontab (through crontab(1), the only writer of it). */
static int install_user(struct cli *c, const struct sched_opts *o,
			struct sched_params *p, enum sched_kind kind)
{
	struct sched_file f[2] = { { 0 } };
	char dir[PATH_MAX];
	struct err e = { 0 };
	int rc = EXIT_OK;
	size_t i;

	if (kind == SCHED_CRON)
		return install_user_cron(c, o, p);
	if (user_unit_dir(dir, sizeof(dir), &e) != RC_OK)
		return cli_fail(c, &e);
	f[0] = (struct sched_file){ dir, SCHED_SERVICE_NAME,
				    sched_user_service_text(p) };
	f[1] = (struct sched_file){ dir, SCHED_TIMER_NAME, sched_timer_text() };
	if (f[0].text == NULL || f[1].text == NULL) {
		err_set(&e, RC_NOMEM, _("out of memory"));
		rc = cli_fail(c, &e);
	} else if (write_files(o, f, 2, &e) != RC_OK) {
		rc = cli_fail(c, &e);
	} else {
		next_steps(o, SCHED_SYSTEMD);
	}
	for (i = 0; i < 2; i++)
		free(f[i].text);
	return rc;
}

/* schedule install. */
static int do_install(struct cli *c, const struct sched_opts *o)
{
	struct sched_params p = { 0 };
	struct sched_file f[2] = { { 0 } };
	char binary[PATH_MAX], db[PATH_MAX];
	char **dirs = NULL;
	size_t ndirs = 0, n = 0, i;
	enum sched_kind kind = o->kind;
	struct err e = { 0 };
	struct store *st;
	int rc = EXIT_OK;

	if (self_path(binary, sizeof(binary), &e) != RC_OK ||
	    db_abs_path(c, db, sizeof(db), &e) != RC_OK)
		return cli_fail(c, &e);
	p.binary = binary;
	p.db_path = db;
	p.ca_file = c->ca_file;
	if (!sched_path_ok(binary) || !sched_path_ok(db) ||
	    (c->ca_file != NULL && !sched_path_ok(c->ca_file))) {
		err_set(&e, RC_INPUT,
			_("the binary, inventory and CA file paths must be "
			  "absolute and plain (letters, digits, / . _ - + @ "
			  ": ,) to go into a unit or cron file"));
		return cli_fail(c, &e);
	}
	if (cli_inventory_exists(c, &e) != RC_OK)
		return cli_fail(c, &e);
	if (kind == SCHED_AUTO)
		kind = systemd_booted() ? SCHED_SYSTEMD : SCHED_CRON;
	if (o->user)
		return install_user(c, o, &p, kind);
	if (root_may_run(db, &e) != RC_OK)
		return cli_fail(c, &e);
	if (kind == SCHED_SYSTEMD) {
		st = cli_store(c, &e);
		if (st == NULL ||
		    store_deploy_dirs(st, &dirs, &ndirs, &e) != RC_OK) {
			rc = cli_fail(c, &e);
			goto out;
		}
		for (i = 0; i < ndirs; i++)
			if (!sched_path_ok(dirs[i]))
				fprintf(stderr,
					_("acmetui: deploy directory of an "
					  "unusual name left out of "
					  "ReadWritePaths; add it by hand\n"));
		p.rw_dirs = (const char *const *)dirs;
		p.n_rw = ndirs;
		f[0] = (struct sched_file){ SCHED_SYSTEMD_DIR,
					    SCHED_SERVICE_NAME,
					    sched_service_text(&p) };
		f[1] = (struct sched_file){ SCHED_SYSTEMD_DIR, SCHED_TIMER_NAME,
					    sched_timer_text() };
		n = 2;
	} else {
		p.minute = pick(60);
		p.hour = pick(12);
		f[0] = (struct sched_file){ SCHED_CRON_DIR, SCHED_CRON_NAME,
					    sched_cron_text(&p) };
		n = 1;
	}
	for (i = 0; i < n; i++)
		if (f[i].text == NULL) {
			err_set(&e, RC_NOMEM, _("out of memory"));
			rc = cli_fail(c, &e);
			goto out;
		}
	if (write_files(o, f, n, &e) != RC_OK) {
		rc = cli_fail(c, &e);
		goto out;
	}
	next_steps(o, kind);
out:
	for (i = 0; i < 2; i++)
		free(f[i].text);
	store_strings_free(dirs, ndirs);
	return rc;
}

/* "ours", "not ours" or "absent" for ROOT/dir/name. */
static const char *file_state(const struct sched_opts *o, const char *dir,
			      const char *name)
{
	char path[PATH_MAX];
	char *text = NULL;
	size_t len = 0;
	const char *state;
	enum rc rc;

	if (rooted(o, dir, path, sizeof(path)) != 0 ||
	    strlen(path) + strlen(name) + 2 > sizeof(path))
		return "absent";
	snprintf(path + strlen(path), sizeof(path) - strlen(path), "/%s", name);
	rc = file_read_all(path, FILE_MAX, &text, &len, NULL);
	if (rc == RC_NOTFOUND)
		state = "absent";
	else if (rc == RC_OK && sched_is_ours(text))
		state = "installed";
	else
		state = "foreign";
	free(text);
	return state;
}

/* "2026-11-28 19:40:00 UTC" into buf. */
static void utc(int64_t t, char *buf, size_t size)
{
	if (utc_text(t, UTC_SECOND, buf, size) == NULL)
		snprintf(buf, size, "?");
}

/* schedule status: the schedule files and the last run.  Exit 1 when
 * the batch has not run for a day (or never, with certificates). */
static int do_status(struct cli *c, const struct sched_opts *o)
{
	const char *svc, *tmr, *cron;
	struct run_row last = { 0 };
	struct err e = { 0 };
	enum run_health h;
	struct store *st;
	int64_t ncerts = 0, now = (int64_t)time(NULL);
	char sentence[512], when[64], host[160] = "-";
	int have = 0;
	enum rc rc;

	st = cli_store(c, &e);
	if (st == NULL || store_cert_count(st, &ncerts, &e) != RC_OK)
		return cli_fail(c, &e);
	rc = store_run_last(st, &last, &e);
	if (rc == RC_OK)
		have = 1;
	else if (rc != RC_NOTFOUND)
		return cli_fail(c, &e);
	h = run_health_describe(have ? &last : NULL, (size_t)ncerts, now,
				sentence, sizeof(sentence));
	svc = file_state(o, SCHED_SYSTEMD_DIR, SCHED_SERVICE_NAME);
	tmr = file_state(o, SCHED_SYSTEMD_DIR, SCHED_TIMER_NAME);
	cron = file_state(o, SCHED_CRON_DIR, SCHED_CRON_NAME);
	if (have && last.host != NULL)
		safe_line(host, sizeof(host), last.host, strlen(last.host));
	if (c->json) {
		struct json_object *j = json_object_new_object();
		struct json_object *r = NULL;

		json_object_object_add(j, "systemd_service",
				       json_object_new_string(svc));
		json_object_object_add(j, "systemd_timer",
				       json_object_new_string(tmr));
		json_object_object_add(j, "cron", json_object_new_string(cron));
		if (have) {
			r = json_object_new_object();
			fmt_json_time(r, "started_at", last.started_at);
			json_object_object_add(
				r, "finished",
				json_object_new_boolean(last.finished));
			json_object_object_add(r, "host",
					       json_object_new_string(host));
			json_object_object_add(
				r, "renewed",
				json_object_new_int(last.result.renewed));
			json_object_object_add(
				r, "failed",
				json_object_new_int(last.result.failed));
			json_object_object_add(
				r, "skipped",
				json_object_new_int(last.result.skipped));
			json_object_object_add(
				r, "exit_status",
				json_object_new_int(last.result.exit_status));
		}
		json_object_object_add(j, "last_run", r);
		json_object_object_add(j, "health",
				       json_object_new_string(sentence));
		cli_print_json(j);
	} else {
		printf(_("systemd timer: %s (%s/%s, %s)\n"), tmr,
		       SCHED_SYSTEMD_DIR, SCHED_TIMER_NAME, svc);
		printf(_("cron:          %s (%s/%s)\n"), cron, SCHED_CRON_DIR,
		       SCHED_CRON_NAME);
		if (have) {
			utc(last.started_at, when, sizeof(when));
			if (last.finished)
				printf(_("last run %s on %s: renewed %d "
					 "failed %d skipped %d, exit %d\n"),
				       when, host, last.result.renewed,
				       last.result.failed, last.result.skipped,
				       last.result.exit_status);
			else
				printf(_("last run %s on %s: not finished\n"),
				       when, host);
		} else {
			printf("%s\n", _("last run: none recorded"));
		}
		if (sentence[0] != '\0')
			printf("%s\n", sentence);
	}
	run_row_clear(&last);
	return h == RUN_HEALTH_STALE || h == RUN_HEALTH_NEVER ? EXIT_FAILED
							      : EXIT_OK;
}

int cli_schedule(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_GLOBAL_LONGOPTS,
		{ "systemd", no_argument, NULL, OPT_SYSTEMD },
		{ "cron", no_argument, NULL, OPT_CRON },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "user", no_argument, NULL, OPT_USER },
		{ NULL, 0, NULL, 0 }
	};
	/* Anyone but root schedules for themselves. */
	struct sched_opts o = { SCHED_AUTO, 0, "", geteuid() != 0 };
	const char *verb;
	int opt;

	if (argc < 2)
		return cli_usage_error(c, _("schedule install|remove|status"));
	verb = argv[1];
	optind = 0; /* full reset of GNU getopt */
	while ((opt = getopt_long(argc - 1, argv + 1, "qv", opts, NULL)) !=
	       -1) {
		if (cli_global_opt(c, opt, optarg))
			continue;
		switch (opt) {
		case OPT_SYSTEMD:
			o.kind = SCHED_SYSTEMD;
			break;
		case OPT_CRON:
			o.kind = SCHED_CRON;
			break;
		case OPT_DRY_RUN:
			o.dry_run = 1;
			break;
		case OPT_USER:
			o.user = 1;
			break;
		case OPT_ROOT:
			if (optarg[0] != '/')
				return cli_usage_error(
					c, _("--root takes an absolute "
					     "directory"));
			o.root = optarg;
			break;
		default:
			return cli_bad_option(c, argc - 1, argv + 1, "qv");
		}
	}
	if (optind < argc - 1)
		return cli_usage_error(c, _("unexpected argument '%s'"),
				       argv[optind + 1]);
	if (strcmp(verb, "install") == 0)
		return do_install(c, &o);
	if (strcmp(verb, "status") == 0)
		return do_status(c, &o);
	if (strcmp(verb, "remove") == 0)
		return do_remove(c, &o);
	return cli_usage_error(c, _("unknown schedule command '%s'"), verb);
}
