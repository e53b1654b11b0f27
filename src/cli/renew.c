/* SPDX-License-Identifier: ISC */
/* renew.c - `acmetui --renew-due`: the cron entry point. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/env.h"
#include "util/url.h"
#include "cli/cli.h"
#include "cli/intopt.h"
#include "db/store_runs.h"
#include "db/store_certs.h"
#include "lifecycle/batch.h"
#include "lifecycle/dryrun.h"
#include "lifecycle/runlog.h"
#include "lifecycle/runrecord.h"
#include "notify/notify.h"
#include "notify/runreport.h"
#include "util/safe.h"
#include "util/shellcmd.h"

enum {
	OPT_RENEW_DUE = OPT_FIRST_LOCAL,
	OPT_DRY_RUN,
	OPT_WAIT,
	OPT_PER_ACCOUNT,
	OPT_PER_CA,
	OPT_STAGING_URL,
	OPT_PRE_HOOK,
	OPT_POST_HOOK,
	OPT_ALL
};

/* Worker progress: with -v every event, else warnings and errors unless
 * --quiet. */
static void batch_progress(void *ud, const char *subject, const char *stage,
			   const char *level, const char *message)
{
	struct cli *c = ud;

	if (c->verbose > 0 || (!c->quiet && strcmp(level, "error") == 0))
		fprintf(stderr, "%s: %s: %s\n", subject, stage, message);
}

/* Prints the summary: a line per certificate, or JSON. */
static void report(struct cli *c, const struct batch_result *res, int dry_run)
{
	struct json_object *o, *arr;
	size_t i;

	if (c->json) {
		o = json_object_new_object();
		arr = json_object_new_array();
		for (i = 0; i < res->n; i++) {
			struct json_object *it = json_object_new_object();

			json_object_object_add(
				it, "name",
				json_object_new_string(res->items[i].name));
			json_object_object_add(
				it, "result",
				json_object_new_string(batch_outcome_name(
					res->items[i].outcome)));
			if (res->items[i].error[0] != '\0')
				json_object_object_add(
					it,
					res->items[i].outcome == BATCH_FAILED
						? "error"
						: "message",
					json_object_new_string(
						res->items[i].error));
			json_object_array_add(arr, it);
		}
		for (i = 0; i < BATCH__COUNT; i++)
			json_object_object_add(
				o, batch_outcome_name((enum batch_outcome)i),
				json_object_new_int64((int64_t)res->counts[i]));
		if (res->hook_error[0] != '\0')
			json_object_object_add(
				o, "hook_error",
				json_object_new_string(res->hook_error));
		json_object_object_add(o, "certificates", arr);
		cli_print_json(o);
		return;
	}
	for (i = 0; i < res->n; i++) {
		const struct batch_item *it = &res->items[i];
		char name[128];

		safe_line(name, sizeof(name), it->name, strlen(it->name));
		if (it->outcome == BATCH_FAILED && dry_run)
			fprintf(stderr, _("%s: dry run failed: %s\n"), name,
				it->error);
		else if (it->outcome == BATCH_FAILED)
			fprintf(stderr, _("%s: renewal failed: %s\n"), name,
				it->error);
		else if (!c->quiet)
			printf("%s: %s%s%s\n", name,
			       batch_outcome_name(it->outcome),
			       it->error[0] ? ": " : "", it->error);
	}
	if (res->hook_error[0] != '\0')
		fprintf(stderr, "acmetui: %s\n", res->hook_error);
}

/* Refuses (exit 2, naming it) a name that is no certificate of the
 * inventory: a typo must not make a cron run quietly do nothing. */
static int check_names(struct cli *c, char *const *names, size_t n)
{
	struct cert_row r = { 0 };
	struct err e = { 0 };
	struct store *st;
	size_t i;

	if (n == 0)
		return EXIT_OK;
	st = cli_store(c, &e);
	if (st == NULL)
		return cli_fail(c, &e);
	for (i = 0; i < n; i++) {
		err_clear(&e);
		if (store_cert_get_by_name(st, names[i], &r, &e) != RC_OK)
			return cli_fail(c, &e);
		cert_row_clear(&r);
	}
	return EXIT_OK;
}

/* Refuses (exit 2, naming it) a hook that cannot run (shellcmd.h). */
static int check_hook(struct cli *c, const char *opt, const char *cmd)
{
	struct err e = { 0 };

	if (cmd == NULL || shellcmd_check(cmd, &e) == RC_OK)
		return EXIT_OK;
	return cli_usage_error(c, "%s: %s", opt, err_text(&e));
}

/* A problem of the reporting (the notify hook): stderr unless --quiet;
 * msg is already sanitized. */
static void report_warn(void *ud, const char *msg)
{
	struct cli *c = ud;

	if (!c->quiet)
		fprintf(stderr, "acmetui: %s\n", msg);
}

/* Records the start of a real run (not --dry-run) in the inventory, for
 * batch health (the dashboard, `schedule status`).  *id 0 when it could
 * not be recorded: the run goes on, the renewals matter more. */
static void run_begin(struct cli *c, int64_t *id)
{
	struct err e = { 0 };
	struct store *st;

	*id = 0;
	st = cli_store(c, &e);
	if (st == NULL)
		return; /* the batch says why, it needs the inventory too */
	if (lc_run_begin(st, (int64_t)time(NULL), id, &e) != RC_OK) {
		if (!c->quiet)
			fprintf(stderr, "acmetui: %s\n", err_text(&e));
	}
}

/* After a real run: syslog and notifications, then the run's record. */
static void run_end(struct cli *c, int64_t id, const struct batch_result *res,
		    int exit_status)
{
	struct run_result rr = { 0 };
	struct notifier n = { 0 };
	struct err e = { 0 };
	struct store *st;

	rr.renewed = (int)res->counts[BATCH_RENEWED];
	rr.failed = (int)res->counts[BATCH_FAILED];
	rr.skipped = (int)(res->counts[BATCH_SKIPPED] +
			   res->counts[BATCH_PENDING]);
	rr.exit_status = exit_status;
	st = cli_store(c, &e);
	if (st != NULL) {
		if (notifier_init(&n, env_get()->notify_hook, &e) != RC_OK)
			report_warn(c, err_text(&e));
		err_clear(&e);
		if (runreport_send(st, res, &n, (int64_t)time(NULL),
				   report_warn, c, &e) != RC_OK)
			report_warn(c, err_text(&e));
		notifier_clear(&n);
	}
	rr.finished_at = (int64_t)time(NULL);
	runlog_summary(&rr);
	err_clear(&e);
	if (st != NULL && id != 0 && lc_run_finish(st, id, &rr, &e) != RC_OK)
		report_warn(c, err_text(&e));
}

int cli_renew_due(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_GLOBAL_LONGOPTS,
		{ "renew-due", no_argument, NULL, OPT_RENEW_DUE },
		{ "jobs", required_argument, NULL, 'j' },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ "wait", required_argument, NULL, OPT_WAIT },
		{ "per-account", required_argument, NULL, OPT_PER_ACCOUNT },
		{ "per-ca", required_argument, NULL, OPT_PER_CA },
		{ "staging-url", required_argument, NULL, OPT_STAGING_URL },
		{ "pre-hook", required_argument, NULL, OPT_PRE_HOOK },
		{ "post-hook", required_argument, NULL, OPT_POST_HOOK },
		{ "all", no_argument, NULL, OPT_ALL },
		{ NULL, 0, NULL, 0 }
	};
	struct batch_opts bo = { 0 };
	struct batch_result res = { 0 };
	struct err e = { 0 };
	int64_t run_id = 0;
	long v;
	int opt, rc;

	bo.jobs = 4;
	optind = 0; /* full reset of GNU getopt */
	while ((opt = getopt_long(argc, argv, "qvj:", opts, NULL)) != -1) {
		if (cli_global_opt(c, opt, optarg))
			continue;
		switch (opt) {
		case OPT_RENEW_DUE:
			break;
		case 'j':
			if (cli_int_option(c, "-j", optarg, 1, BATCH_JOBS_MAX,
					   &v) != EXIT_OK)
				return EXIT_USAGE;
			bo.jobs = (int)v;
			break;
		case OPT_DRY_RUN:
			bo.dry_run = 1;
			break;
		case OPT_PER_ACCOUNT:
			if (cli_int_option(c, "--per-account", optarg, 1,
					   BATCH_JOBS_MAX, &v) != EXIT_OK)
				return EXIT_USAGE;
			bo.per_account = (int)v;
			break;
		case OPT_PER_CA:
			if (cli_int_option(c, "--per-ca", optarg, 1,
					   BATCH_JOBS_MAX, &v) != EXIT_OK)
				return EXIT_USAGE;
			bo.per_ca = (int)v;
			break;
		case OPT_STAGING_URL:
			bo.staging_url = optarg;
			break;
		case OPT_PRE_HOOK:
			bo.pre_hook = optarg;
			break;
		case OPT_POST_HOOK:
			bo.post_hook = optarg;
			break;
		case OPT_ALL:
			bo.all = 1;
			break;
		case OPT_WAIT:
			/* As `cert issue --wait`: a bound that keeps the
			 * milliseconds from overflowing. */
			if (cli_int_option(c, "--wait", optarg, 1, 7 * 86400,
					   &v) != EXIT_OK)
				return EXIT_USAGE;
			bo.wait_ms = v * 1000;
			break;
		default:
			return cli_bad_option(c, argc, argv, "qvj:");
		}
	}
	bo.names = argv + optind;
	bo.n_names = (size_t)(argc - optind);
	if (bo.all && !bo.dry_run)
		return cli_usage_error(c, _("--all needs --dry-run (to renew "
					    "one certificate now: cert renew "
					    "NAME --force)"));
	if (bo.all && bo.n_names > 0)
		return cli_usage_error(c, _("give either --all or names, not "
					    "both"));
	if (check_names(c, bo.names, bo.n_names) != EXIT_OK)
		return EXIT_USAGE;
	if (bo.staging_url != NULL && !bo.dry_run)
		return cli_usage_error(c, _("--staging-url needs --dry-run"));
	if (check_hook(c, "--pre-hook", bo.pre_hook) != EXIT_OK ||
	    check_hook(c, "--post-hook", bo.post_hook) != EXIT_OK)
		return EXIT_USAGE;
	/* The variable only matters to dry runs: a real run ignores it. */
	if (bo.staging_url == NULL && bo.dry_run)
		bo.staging_url = env_get()->staging_url;
	if (bo.staging_url != NULL && bo.staging_url[0] == '\0')
		bo.staging_url = NULL;
	if (bo.staging_url != NULL && !url_is_https(bo.staging_url))
		return cli_usage_error(c, _("--staging-url must be an https "
					    "URL"));
	/* A batch never creates an inventory: a mistyped path in a cron
	 * line must fail loudly, not renew nothing every night. */
	if (cli_inventory_exists(c, &e) != RC_OK)
		return cli_fail(c, &e);
	bo.db_path = c->db_path;
	bo.ca_file = c->ca_file;
	bo.progress = batch_progress;
	bo.progress_ud = c;
	if (!bo.dry_run) {
		runlog_open();
		run_begin(c, &run_id);
	}
	if (batch_renew_due(&bo, &res, &e) != RC_OK) {
		rc = cli_fail(c, &e);
		goto out;
	}
	report(c, &res, bo.dry_run);
	if (!bo.dry_run && bo.n_names > 0 && res.n == 0 && !c->quiet &&
	    !c->json)
		printf("%s\n", _("None of the named certificates is due."));
	if (bo.dry_run && res.n == 0 && !c->quiet && !c->json)
		printf("%s\n", bo.n_names > 0 ? _("Nothing to rehearse: the "
						  "named certificates were "
						  "never issued.")
					      : _("Nothing is due; --all "
						  "rehearses every "
						  "certificate."));
	rc = res.counts[BATCH_FAILED] || res.counts[BATCH_PENDING] ||
			     res.hook_error[0] != '\0'
		     ? EXIT_FAILED
		     : EXIT_OK;
out:
	if (!bo.dry_run) {
		run_end(c, run_id, &res, rc);
		runlog_close();
	}
	batch_result_clear(&res);
	return rc;
}
