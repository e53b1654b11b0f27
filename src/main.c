/* SPDX-License-Identifier: ISC */
/* main.c - entry point: global options, then a subcommand, the batch
 * renewal mode, or (with no command) the terminal UI, or the
 * certificate list when stdout is not a terminal. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "acme/http.h"
#include "cli/cli.h"
#include "cli/prompt.h"
#include "cli/verbs.h"
#include "db/store.h"
#include "ui/ui.h"
#include "util/env.h"
#include "util/safe.h"
#include "util/i18n.h"

static void usage(FILE *f)
{
	fputs(_("Usage: acmetui [GLOBAL OPTIONS] [COMMAND [ARGS]]\n"
		"\n"
		"Certificate lifecycle manager for ACME (RFC 8555) CAs.\n"
		"\n"
		"Commands:\n"
		"  account import [FILE|-]   register from an e-mailed credentials package\n"
		"  account add NAME ...      register an account (--ca PRESET or --server URL)\n"
		"  account list|show|set|rollover|deactivate|export-key|presets\n"
		"  cert add NAME ...         add a certificate (-d DOMAIN ... --account A)\n"
		"                            deploy target: --deploy-dir DIR and/or\n"
		"                            --deploy-cert|-chain|-fullchain|-key PATH ...\n"
		"  cert issue|renew|revoke|deploy|probe|show|list|export|delete|set NAME\n"
		"  cert import FILE|-|HOST:PORT  watch a certificate not issued here\n"
		"  domain list|show|set DOMAIN  how each name is validated\n"
		"  doctor NAME               pre-flight checks (DNS, CAA, ports, clock)\n"
		"  schedule install|remove|status  run --renew-due from a timer or cron\n"
		"  migrate certbot|lego|acme.sh  take over another client's certificates\n"
		"                            and accounts without reissuing (--dry-run)\n"
		"  --renew-due [NAME...] [-j N] [--per-account N] [--per-ca N]\n"
		"              [--pre-hook CMD] [--post-hook CMD]\n"
		"              [--dry-run [--all] [--staging-url URL]]\n"
		"                            renew every certificate that is due (cron)\n"
		"  help [COMMAND [VERB]]     a command's verbs, a verb's options\n"
		"                            (also: acmetui COMMAND [VERB] --help)\n"
		"\n"
		"Global options:\n"
		"  --db PATH        inventory (default $ACMETUI_DB, else\n"
		"                   $XDG_DATA_HOME/acmetui/acmetui.db; root:\n"
		"                   /var/lib/acmetui/acmetui.db)\n"
		"  --ca-file PEM    also trust this CA (private ACME CA, test server);\n"
		"                   default $ACMETUI_CA_FILE\n"
		"  --json           machine-readable output\n"
		"  -q, --quiet      print only errors\n"
		"  -v, --verbose    print progress on stderr\n"
		"  --no-mouse       the terminal UI leaves the mouse to the\n"
		"                   terminal (also $ACMETUI_NO_MOUSE)\n"
		"  -h, --help       this help;  --version  the version\n"
		"\n"
		"Exit status: 0 success or nothing to do, 1 something failed,\n"
		"2 usage or bad input, 3 inventory unusable.\n"
		"See acmetui(1) for every option.\n"),
	      f);
}

enum { OPT_VERSION = OPT_FIRST_LOCAL, OPT_NO_MOUSE };

/* --version: the version, the copyright and the licence (LICENSE), and
 * where bugs go, as GNU and OpenBSD tools print them. */
static void print_version(void)
{
	printf("acmetui %s\n", PACKAGE_VERSION);
	fputs(_("Copyright (c) 2026 The acmetui developers.\n"
		"Licence ISC: permission to use, copy, modify and distribute\n"
		"with or without fee; no warranty.  See the LICENSE file.\n"),
	      stdout);
	printf(_("Report bugs to: %s\n"), PACKAGE_BUGREPORT);
}

/* Returns 1 when --renew-due appears among the options (before any
 * command word), which selects the cron batch mode. */
static int wants_batch(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--renew-due") == 0)
			return 1;
		if (strcmp(argv[i], "--") == 0 ||
		    strcmp(argv[i], "account") == 0 ||
		    strcmp(argv[i], "cert") == 0 ||
		    strcmp(argv[i], "domain") == 0 ||
		    strcmp(argv[i], "doctor") == 0 ||
		    strcmp(argv[i], "migrate") == 0)
			return 0;
	}
	return 0;
}

/* Before the TUI starts on an inventory that does not exist: names the
 * path and asks whether to create it (a mistyped --db must not quietly
 * open an empty dashboard).  Returns 1 to go on. */
static int tui_inventory_ready(struct cli *c)
{
	struct err e = { 0 };
	char *path = NULL, shown[512], question[700];
	int yes;

	if (cli_inventory_exists(c, &e) == RC_OK)
		return 1;
	if (store_default_path(c->db_path, &path, &e) != RC_OK) {
		fprintf(stderr, "acmetui: %s\n", err_text(&e));
		return 0;
	}
	safe_line(shown, sizeof(shown), path, strlen(path));
	free(path);
	snprintf(question, sizeof(question),
		 _("There is no inventory at %s yet.\n"
		   "Create it and start? [y/N] "),
		 shown);
	yes = prompt_yes(stdout, question);
	if (!yes)
		fprintf(stderr, "%s\n",
			_("acmetui: nothing created (give the inventory with "
			  "--db PATH or ACMETUI_DB)"));
	c->may_create = yes;
	return yes;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_GLOBAL_LONGOPTS,
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		/* Not a CLI_GLOBAL_LONGOPTS: it applies to the TUI only. */
		{ "no-mouse", no_argument, NULL, OPT_NO_MOUSE },
		{ NULL, 0, NULL, 0 }
	};
	struct cli c = { 0 };
	int opt, rc;
	const struct acmetui_env *env;

	/* Every environment variable, read once before anything runs. */
	env_load();
	env = env_get();
	setlocale(LC_ALL, "");
	/* ACMETUI_LOCALEDIR: catalogs outside the install prefix (tests, a
	 * relocated install). */
	bindtextdomain(PACKAGE,
		       env->localedir != NULL && *env->localedir != '\0'
			       ? env->localedir
			       : LOCALEDIR);
	textdomain(PACKAGE);
	c.prog = "acmetui";
	if (env->ca_file != NULL && *env->ca_file != '\0')
		c.ca_file = env->ca_file;

	/* Every parser reports a refused option itself (cli_bad_option),
	 * as JSON when --json is anywhere on the line. */
	opterr = 0;
	c.json = cli_argv_wants_json(argc, argv);
	/* Batch mode parses all of argv itself (globals and -j, --dry-run). */
	if (wants_batch(argc, argv)) {
		rc = verbs_gate_batch(&c, argc, argv);
		if (rc >= 0)
			return rc;
		/* libcurl and OpenSSL are initialised on first use
		 * (http_global_init), before the batch starts its
		 * workers: the cron run with nothing due never pays for
		 * them. */
		rc = cli_renew_due(&c, argc, argv);
		goto out;
	}
	/* '+': stop at the command; its own parser sees the rest. */
	while ((opt = getopt_long(argc, argv, "+qvh", longopts, NULL)) != -1) {
		if (cli_global_opt(&c, opt, optarg))
			continue;
		switch (opt) {
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case OPT_VERSION:
			print_version();
			return EXIT_OK;
		case OPT_NO_MOUSE:
			c.no_mouse = 1;
			break;
		default:
			return cli_bad_option(&c, argc, argv, "+qvh");
		}
	}
	/* `help ...`, COMMAND [VERB] --help, and what a verb does not take
	 * (cli/verbs.h), before the command's own parser runs. */
	if (optind < argc && strcmp(argv[optind], "help") == 0) {
		rc = verbs_help(&c, argc - optind, argv + optind);
		if (rc < 0)
			usage(stdout);
		return rc < 0 ? EXIT_OK : rc;
	}
	rc = verbs_gate(&c, argc - optind, argv + optind);
	if (rc >= 0)
		return rc;
	if (c.no_mouse &&
	    !(optind >= argc && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)))
		return cli_usage_error(&c, "%s",
				       _("--no-mouse applies to the terminal "
					 "UI only (acmetui with no command, "
					 "on a terminal)"));
	c.may_create = cli_command_creates(argc - optind, argv + optind);
	if (c.json && !cli_json_supported(argc - optind, argv + optind))
		return cli_usage_error(
			&c, _("--json does not apply to '%s%s%s'"),
			argv[optind], optind + 1 < argc ? " " : "",
			optind + 1 < argc ? argv[optind + 1] : "");
	if (optind >= argc && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
		struct ui_options uo = { .db_path = c.db_path,
					 .ca_file = c.ca_file,
					 .mouse = !c.no_mouse };

		_Static_assert((int)UI_EXIT_FAILED == EXIT_FAILED &&
				       (int)UI_EXIT_INVENTORY == EXIT_INVENTORY,
			       "ui_run() returns the exit status as is");
		rc = tui_inventory_ready(&c) ? ui_run(&uo) : EXIT_INVENTORY;
	} else if (optind >= argc) {
		/* Not a terminal (a pipe, a script): the plain list. */
		char *list[] = { (char *)"cert", (char *)"list", NULL };

		rc = cli_cert(&c, 2, list);
	} else if (strcmp(argv[optind], "account") == 0) {
		rc = cli_account(&c, argc - optind, argv + optind);
	} else if (strcmp(argv[optind], "cert") == 0) {
		rc = cli_cert(&c, argc - optind, argv + optind);
	} else if (strcmp(argv[optind], "domain") == 0) {
		rc = cli_domain(&c, argc - optind, argv + optind);
	} else if (strcmp(argv[optind], "doctor") == 0) {
		rc = cli_doctor(&c, argc - optind, argv + optind);
	} else if (strcmp(argv[optind], "schedule") == 0) {
		rc = cli_schedule(&c, argc - optind, argv + optind);
	} else if (strcmp(argv[optind], "migrate") == 0) {
		rc = cli_migrate(&c, argc - optind, argv + optind);
	} else if (strcmp(argv[optind], "__complete") == 0) {
		rc = cli_complete(&c, argc - optind, argv + optind);
	} else {
		rc = cli_usage_error(&c, _("unknown command '%s'"),
				     argv[optind]);
	}
out:
	cli_close(&c);
	http_global_cleanup();
	return rc;
}
