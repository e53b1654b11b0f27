/* SPDX-License-Identifier: ISC */
/* cli.h - shared state and helpers of the command-line front end.
 *
 * Each subcommand family lives in its own file (account.c, cert.c,
 * renew.c) and exposes one entry point taking the parsed global context
 * and its own argv (argv[0] is the family name). */
#ifndef ACMETUI_CLI_H
#define ACMETUI_CLI_H

#include <getopt.h>
#include <stdio.h>

#include <json-c/json.h>

#include "util/err.h"

struct store;

/* Exit codes (DESIGN section 6). */
enum cli_exit {
	EXIT_OK = 0,	   /* success, or nothing to do */
	EXIT_FAILED = 1,   /* some certificate/operation failed */
	EXIT_USAGE = 2,	   /* usage error or bad input */
	EXIT_INVENTORY = 3 /* inventory unusable: locked, corrupt, newer */
};

struct cli {
	const char *db_path; /* --db, else $ACMETUI_DB, else default */
	const char *ca_file; /* --ca-file or $ACMETUI_CA_FILE */
	int json;	     /* --json: machine-readable output */
	int quiet;	     /* -q: only errors */
	int verbose;	     /* -v: progress on stderr */
	int no_mouse;	     /* --no-mouse: the TUI leaves the mouse to
				 * the terminal */
	int may_create;	     /* the command adds something: a missing
				 * inventory may be created */
	struct store *st;    /* opened on first use by cli_store() */
	const char *prog;    /* argv[0] for messages */
};

/* Options every subcommand accepts, so globals may follow the command. */
enum {
	OPT_DB = 0x100,
	OPT_CA_FILE,
	OPT_JSON,
	OPT_FIRST_LOCAL /* subcommands number their own options from here */
};
#define CLI_GLOBAL_LONGOPTS \
	{ "db", required_argument, NULL, OPT_DB }, \
		{ "ca-file", required_argument, NULL, OPT_CA_FILE }, \
		{ "json", no_argument, NULL, OPT_JSON }, \
		{ "quiet", no_argument, NULL, 'q' }, \
	{ \
		"verbose", no_argument, NULL, 'v' \
	}

/* Handles a global option returned by getopt_long. Returns 1 when opt was
 * one, 0 when it is the caller's. */
int cli_global_opt(struct cli *c, int opt, const char *arg);

/* Opens the inventory on first use (path rules in db/store.h).  Returns
 * the borrowed handle or NULL with e set.  Unless c->may_create, a
 * missing inventory is an error (RC_DB: exit 3) and nothing is created:
 * a mistyped --db must not read as "no certificates". */
struct store *cli_store(struct cli *c, struct err *e);

/* Whether the command line argv (argv[0] = the command word) adds
 * something to the inventory, and so may create it. */
int cli_command_creates(int argc, char **argv);

/* Whether the command line argv (argv[0] = the command word) has a
 * --json document; 0 for a verb that only prints text (it refuses
 * --json). */
int cli_json_supported(int argc, char **argv);

/* Prints the commands and verbs with a --json document, one a line. */
void cli_json_verbs_print(void);

/* RC_OK when the inventory c names exists; else RC_DB with a message
 * naming the path (nothing is created). */
enum rc cli_inventory_exists(struct cli *c, struct err *e);

/* Maps an error code to the process exit status. */
int cli_exit_for(enum rc rc);

/* The version of every --json document (doc/acmetui.schema.json, man
 * page JSON OUTPUT).  Adding a member keeps it; removing, renaming or
 * retyping one bumps it. */
#define CLI_JSON_SCHEMA_VERSION 1

/* Prints "acmetui: <detail>" on stderr (one sanitized line) and returns
 * the exit status for e.  In --json mode also prints the error document
 * {"schema_version", "error": {"code", "kind", "message"}} on stdout. */
int cli_fail(struct cli *c, const struct err *e);

/* Prints a usage error naming the problem and returns EXIT_USAGE; with
 * --json also the error document (kind "usage") on stdout. */
int cli_usage_error(struct cli *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Reports the option getopt_long just refused ('?'; opterr is 0, so
 * getopt printed nothing) through cli_usage_error: unknown, missing or
 * unwanted argument.  argc, argv and shortopts as given to getopt_long. */
int cli_bad_option(struct cli *c, int argc, char **argv, const char *shortopts);

/* Whether argv (before any "--") holds --json: set before parsing, so an
 * error in the options themselves is reported as JSON too. */
int cli_argv_wants_json(int argc, char **argv);

/* Prints a JSON object on stdout (pretty) as a top-level document, with
 * "schema_version" first, and puts it. */
void cli_print_json(struct json_object *o);

/* Prints {"schema_version": 1, key: arr} and puts arr: lists are wrapped
 * so every document is an object that carries its version. */
void cli_print_json_list(const char *key, struct json_object *arr);

/* Progress for -v (stderr), silent otherwise. */
void cli_info(struct cli *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

struct lc;

/* Prepares a lifecycle context on the CLI's store: progress goes to
 * stderr (warnings and errors; every event with -v; nothing with -q) and
 * a fresh solver pool is made (release with cli_lc_close()).  Returns 0
 * with e set when the inventory cannot be opened. */
int cli_lc_open(struct cli *c, struct lc *lc, struct err *e);
void cli_lc_close(struct lc *lc);

/* Releases what the context holds (the store). */
void cli_close(struct cli *c);

/* Subcommand families. */
int cli_account(struct cli *c, int argc, char **argv);
int cli_cert(struct cli *c, int argc, char **argv);
/* cert deploy NAME; cert probe NAME [HOST[:PORT]...] [--sni NAME]
 * (deploy.c; argv[0] "cert", argv[1] the verb). */
int cli_cert_deploy(struct cli *c, int argc, char **argv);
int cli_cert_probe(struct cli *c, int argc, char **argv);
/* cert import [--name NAME] [--probe HOST:PORT]... (FILE|-|HOST:PORT):
 * a certificate acmetui did not issue, watched (cert_import.c). */
int cli_cert_import(struct cli *c, int argc, char **argv);
int cli_renew_due(struct cli *c, int argc, char **argv);
int cli_domain(struct cli *c, int argc, char **argv);
int cli_doctor(struct cli *c, int argc, char **argv);
/* schedule install [--systemd|--cron] [--dry-run] [--root DIR];
 * schedule status (schedule.c). */
int cli_schedule(struct cli *c, int argc, char **argv);
/* migrate certbot|lego [OPTIONS] (migrate.c). */
int cli_migrate(struct cli *c, int argc, char **argv);

/* `__complete certs|accounts|domains`: names for shell completion;
 * never creates an inventory, never prints an error. */
int cli_complete(struct cli *c, int argc, char **argv);

#endif
