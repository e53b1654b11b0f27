/* SPDX-License-Identifier: ISC */
/* cli.c - shared helpers of the command-line front end: global options,
 * exit codes, error and JSON output. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "db/store.h"
#include "lifecycle/lc.h"
#include "util/safe.h"

int cli_global_opt(struct cli *c, int opt, const char *arg)
{
	switch (opt) {
	case OPT_DB:
		c->db_path = arg;
		return 1;
	case OPT_CA_FILE:
		c->ca_file = arg;
		return 1;
	case OPT_JSON:
		c->json = 1;
		return 1;
	case 'q':
		c->quiet = 1;
		return 1;
	case 'v':
		c->verbose++;
		return 1;
	default:
		return 0;
	}
}

struct store *cli_store(struct cli *c, struct err *e)
{
	if (c->st != NULL)
		return c->st;
	if (!c->may_create && cli_inventory_exists(c, e) != RC_OK)
		return NULL;
	if (store_open(c->db_path, &c->st, e) != RC_OK)
		c->st = NULL;
	return c->st;
}

int cli_command_creates(int argc, char **argv)
{
	/* command, verb: what adds an account or a certificate. */
	static const char *const creators[][2] = {
		{ "account", "import" }, { "account", "add" },
		{ "cert", "add" },	 { "cert", "import" },
		{ "migrate", NULL },
	};
	size_t i;
	int j;

	if (argc < 1)
		return 0;
	/* A rehearsal adds nothing (migrate --dry-run prints a plan). */
	for (j = 1; j < argc; j++)
		if (strcmp(argv[j], "--dry-run") == 0)
			return 0;
	for (i = 0; i < sizeof(creators) / sizeof(creators[0]); i++)
		if (strcmp(argv[0], creators[i][0]) == 0 &&
		    (creators[i][1] == NULL ||
		     (argc > 1 && strcmp(argv[1], creators[i][1]) == 0)))
			return 1;
	return 0;
}

/* The commands and verbs that print a --json document (man page JSON
 * OUTPUT, doc/acmetui.schema.json): the one list, also printed by
 * `acmetui __complete json-verbs` so tests/integration/json_contract.sh
 * runs each.  A verb missing here refuses --json instead of printing
 * text where a script expects JSON. */
static const char *const json_verbs[][2] = {
	{ "account", "add" },	  { "account", "import" },
	{ "account", "list" },	  { "account", "presets" },
	{ "account", "show" },	  { "cert", "add" },
	{ "cert", "deploy" },	  { "cert", "import" },
	{ "cert", "issue" },	  { "cert", "list" },
	{ "cert", "probe" },	  { "cert", "renew" },
	{ "cert", "show" },	  { "doctor", NULL },
	{ "domain", "list" },	  { "domain", "show" },
	{ "migrate", "acme.sh" }, { "migrate", "certbot" },
	{ "migrate", "lego" },	  { "schedule", "status" },
	{ "--renew-due", NULL },
};

int cli_json_supported(int argc, char **argv)
{
	size_t i;

	if (argc < 1)
		return 1; /* no command: the certificate list */
	for (i = 0; i < sizeof(json_verbs) / sizeof(json_verbs[0]); i++)
		if (strcmp(argv[0], json_verbs[i][0]) == 0 &&
		    (json_verbs[i][1] == NULL ||
		     (argc > 1 && strcmp(argv[1], json_verbs[i][1]) == 0)))
			return 1;
	/* help and unknown commands report themselves. */
	return strcmp(argv[0], "account") != 0 &&
	       strcmp(argv[0], "cert") != 0 && strcmp(argv[0], "domain") != 0 &&
	       strcmp(argv[0], "schedule") != 0 &&
	       strcmp(argv[0], "migrate") != 0;
}

void cli_json_verbs_print(void)
{
	size_t i;

	for (i = 0; i < sizeof(json_verbs) / sizeof(json_verbs[0]); i++)
		printf("%s%s%s\n", json_verbs[i][0],
		       json_verbs[i][1] != NULL ? " " : "",
		       json_verbs[i][1] != NULL ? json_verbs[i][1] : "");
}

enum rc cli_inventory_exists(struct cli *c, struct err *e)
{
	char *path = NULL, shown[512];
	struct stat sb;
	enum rc rc;

	rc = store_default_path(c->db_path, &path, e);
	if (rc != RC_OK)
		return rc;
	if (stat(path, &sb) == 0) {
		free(path);
		return RC_OK;
	}
	safe_line(shown, sizeof(shown), path, strlen(path));
	free(path);
	return err_set(e, RC_DB,
		       _("no inventory at %s (nothing was created; check "
			 "--db or ACMETUI_DB, or start with 'account "
			 "import', 'account add' or 'cert add')"),
		       shown);
}

int cli_exit_for(enum rc rc)
{
	switch (rc) {
	case RC_OK:
		return EXIT_OK;
	case RC_USAGE:
	case RC_INPUT:
	case RC_NOTFOUND:
	case RC_EXISTS:
		return EXIT_USAGE;
	case RC_DB:
	case RC_DB_BUSY:
	case RC_DB_SCHEMA:
		return EXIT_INVENTORY;
	default:
		return EXIT_FAILED;
	}
}

/* {"schema_version": 1, "error": {"code", "kind", "message"}} on stdout:
 * with --json, stdout always carries exactly one document, success or
 * failure, so `out=$(acmetui --json ...)` can be parsed without looking
 * at stderr (which keeps the human line).  code is the exit status. */
static void print_json_error(int status, enum rc rc, const char *msg)
{
	struct json_object *o = json_object_new_object();
	struct json_object *err = json_object_new_object();

	json_object_object_add(err, "code", json_object_new_int(status));
	json_object_object_add(err, "kind",
			       json_object_new_string(rc_kind(rc)));
	json_object_object_add(err, "message", json_object_new_string(msg));
	json_object_object_add(o, "error", err);
	cli_print_json(o);
}

int cli_fail(struct cli *c, const struct err *e)
{
	int status = cli_exit_for(e->rc);

	fprintf(stderr, "%s: %s\n", c->prog, err_text(e));
	if (c->json)
		print_json_error(status, e->rc == RC_OK ? RC_SYS : e->rc,
				 err_text(e));
	return status;
}

int cli_usage_error(struct cli *c, const char *fmt, ...)
{
	char raw[512], clean[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	safe_line(clean, sizeof(clean), raw, strlen(raw));
	fprintf(stderr, "%s: %s\n", c->prog, clean);
	fprintf(stderr, _("Try '%s --help' for more information.\n"), c->prog);
	if (c->json)
		print_json_error(EXIT_USAGE, RC_USAGE, clean);
	return EXIT_USAGE;
}

int cli_bad_option(struct cli *c, int argc, char **argv, const char *shortopts)
{
	char opt[128];
	const char *arg;
	size_t len;

	/* getopt has advanced optind past the option it refuses. */
	arg = optind >= 1 && optind <= argc ? argv[optind - 1] : "?";
	if (optopt != 0 && optopt < 0x100 && arg[0] == '-' && arg[1] != '-' &&
	    (optopt == ':' || strchr(shortopts, optopt) == NULL))
		return cli_usage_error(c, _("unknown option '-%c'"), optopt);
	len = strcspn(arg, "=");
	snprintf(opt, sizeof(opt), "%.*s", (int)(len < 100 ? len : 100), arg);
	if (optopt == 0)
		return cli_usage_error(c, _("unknown option '%s'"), opt);
	if (arg[len] == '=')
		return cli_usage_error(c, _("option '%s' takes no argument"),
				       opt);
	return cli_usage_error(c, _("option '%s' needs an argument"), opt);
}

int cli_argv_wants_json(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--json") == 0)
			return 1;
	return 0;
}

/* The document's version goes first, where a reader looks for it. */
void cli_print_json(struct json_object *o)
{
	const int flags = JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
			  JSON_C_TO_STRING_NOSLASHESCAPE;
	struct json_object *doc = o;

	if (json_object_is_type(o, json_type_object) &&
	    !json_object_object_get_ex(o, "schema_version", NULL)) {
		doc = json_object_new_object();
		json_object_object_add(
			doc, "schema_version",
			json_object_new_int(CLI_JSON_SCHEMA_VERSION));
		json_object_object_foreach(o, key, val)
		{
			json_object_object_add(doc, key, json_object_get(val));
		}
		json_object_put(o);
	}
	puts(json_object_to_json_string_ext(doc, flags));
	json_object_put(doc);
}

void cli_print_json_list(const char *key, struct json_object *arr)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, key, arr);
	cli_print_json(o);
}

void cli_info(struct cli *c, const char *fmt, ...)
{
	char raw[1024], clean[1024];
	va_list ap;

	if (c->verbose == 0 || c->quiet)
		return;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	safe_line(clean, sizeof(clean), raw, strlen(raw));
	fprintf(stderr, "%s\n", clean);
}

/* Engine events on stderr: warnings and errors, or all of them with -v. */
static void cli_progress(void *ud, const char *subject, const char *stage,
			 const char *level, const char *message)
{
	struct cli *c = ud;

	if (c->quiet)
		return;
	if (c->verbose > 0 || strcmp(level, "info") != 0)
		fprintf(stderr, "%s: %s: %s\n", subject, stage, message);
}

int cli_lc_open(struct cli *c, struct lc *lc, struct err *e)
{
	memset(lc, 0, sizeof(*lc));
	lc->st = cli_store(c, e);
	if (lc->st == NULL)
		return 0;
	lc->ca_file = c->ca_file;
	lc_env_defaults(lc);
	lc->progress = cli_progress;
	lc->progress_ud = c;
	lc->pool = lc_pool_new();
	if (lc->pool == NULL) {
		err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		return 0;
	}
	return 1;
}

void cli_lc_close(struct lc *lc)
{
	lc_pool_free(lc->pool);
	lc->pool = NULL;
}

void cli_close(struct cli *c)
{
	store_close(c->st);
	c->st = NULL;
}
