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

enum acme_rc cli_inventory_exists(struct cli *c, struct err *e)
{
	char *path = NULL, shown[512];
	struct stat sb;
	enum acme_rc rc;

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

int cli_exit_for(enum acme_rc rc)
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

int cli_fail(struct cli *c, const struct err *e)
{
	fprintf(stderr, "%s: %s\n", c->prog, err_text(e));
	if (c->json) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "error",
				       json_object_new_string(err_text(e)));
		json_object_object_add(o, "code",
				       json_object_new_int(e->rc));
		cli_print_json(o);
	}
	return cli_exit_for(e->rc);
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
	fprintf(stderr, _("Try '%s --help' for more information.\n"),
		c->prog);
	return EXIT_USAGE;
}

void cli_print_json(struct json_object *o)
{
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
						       JSON_C_TO_STRING_SPACED |
						       JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
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
	lc->pool = solver_pool_new();
	if (lc->pool == NULL) {
		err_set(e, RC_NOMEM, "%s", acme_rc_str(RC_NOMEM));
		return 0;
	}
	return 1;
}

void cli_lc_close(struct lc *lc)
{
	solver_pool_free(lc->pool);
	lc->pool = NULL;
}

int cli_answer_yes(void)
{
	char answer[16];

	if (fgets(answer, sizeof(answer), stdin) == NULL)
		return 0;
	return answer[0] == 'y' || answer[0] == 'Y' ||
	       strncmp(answer, _("y"), strlen(_("y"))) == 0;
}

void cli_close(struct cli *c)
{
	store_close(c->st);
	c->st = NULL;
}
