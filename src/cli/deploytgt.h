/* SPDX-License-Identifier: ISC */
/* deploytgt.h - the deploy target options `cert add` and `cert set`
 * share (owner, group, modes, combined.pem, a path per file), their
 * checks, and how `cert show` / `cert deploy` present a target. */
#ifndef ACMETUI_CLI_DEPLOYTGT_H
#define ACMETUI_CLI_DEPLOYTGT_H

#include <getopt.h>
#include <limits.h>

#include "cli/cli.h"
#include "db/store_certs.h"
#include "deploy/deploy.h"

/* Option numbers: far above every subcommand's own (which count up from
 * OPT_FIRST_LOCAL), so that any option table can include them. */
enum {
	OPT_DEPLOY_OWNER = OPT_FIRST_LOCAL + 0x1000,
	OPT_DEPLOY_GROUP,
	OPT_DEPLOY_MODE,
	OPT_DEPLOY_KEY_MODE,
	OPT_DEPLOY_COMBINED,
	OPT_NO_DEPLOY_COMBINED,
	OPT_DEPLOY_CERT, /* the five paths, in enum deploy_kind order */
	OPT_DEPLOY_CHAIN,
	OPT_DEPLOY_FULLCHAIN,
	OPT_DEPLOY_COMBINED_PATH,
	OPT_DEPLOY_KEY
};

#define DEPLOYTGT_LONGOPTS \
	{ "deploy-owner", required_argument, NULL, OPT_DEPLOY_OWNER }, \
		{ "deploy-group", required_argument, NULL, OPT_DEPLOY_GROUP }, \
		{ "deploy-mode", required_argument, NULL, OPT_DEPLOY_MODE }, \
		{ "deploy-key-mode", required_argument, NULL, \
		  OPT_DEPLOY_KEY_MODE }, \
		{ "deploy-combined", no_argument, NULL, OPT_DEPLOY_COMBINED }, \
		{ "no-deploy-combined", no_argument, NULL, \
		  OPT_NO_DEPLOY_COMBINED }, \
		{ "deploy-cert", required_argument, NULL, OPT_DEPLOY_CERT }, \
		{ "deploy-chain", required_argument, NULL, OPT_DEPLOY_CHAIN }, \
		{ "deploy-fullchain", required_argument, NULL, \
		  OPT_DEPLOY_FULLCHAIN }, \
		{ "deploy-combined-path", required_argument, NULL, \
		  OPT_DEPLOY_COMBINED_PATH }, \
	{ \
		"deploy-key", required_argument, NULL, OPT_DEPLOY_KEY \
	}

/* What the options said.  Strings are borrowed from argv ("" clears on
 * `cert set`); paths are made absolute into abs[] by deploytgt_opt().
 * Modes and combined use the cert_settings encoding: 0 not given,
 * CERT_SETTING_CLEAR cleared ("" / --no-deploy-combined). */
struct deploytgt_opts {
	const char *owner, *group;
	int cert_mode, key_mode, combined;
	const char *path[DEPLOY_MAX_FILES]; /* by enum deploy_kind */
	char abs[DEPLOY_MAX_FILES][PATH_MAX];
	int given; /* any of these options seen */
};

/* path made absolute against the working directory (it need not exist
 * yet) into out.  Returns 0, or -1 with errno set. */
int cli_absolute_path(const char *path, char *out, size_t sz);

/* Handles opt when it is a deploy target option: 1 (taken), 0 (not
 * one), -1 (bad value; the usage error is printed). */
int deploytgt_opt(struct cli *c, struct deploytgt_opts *o, int opt,
		  const char *arg);

/* Lays the options over t (a target built from the stored row, or a
 * zeroed one with dir and reload_cmd for `cert add`). */
void deploytgt_overlay(const struct deploytgt_opts *o, struct deploy_target *t);

/* Checks the target the certificate will have (deploy_check_target)
 * when it names a place, or when deploy options were given without one.
 * Returns EXIT_OK or the exit status of the error it printed. */
int deploytgt_check(struct cli *c, const struct deploytgt_opts *o,
		    const struct deploy_target *t);

/* Fills the deploy_* fields of a new row (borrowing o's strings). */
void deploytgt_to_row(const struct deploytgt_opts *o, struct cert_row *r);

/* Fills the deploy_* fields of a `cert set` change. */
void deploytgt_to_settings(const struct deploytgt_opts *o,
			   struct cert_settings *cs);

/* Adds "deploy": {dir, owner, group, cert_mode, key_mode, combined,
 * reload_cmd, files: [{kind, path, mode}]} to o (null when r has no
 * target; "error" instead of files when the stored target is invalid). */
void deploytgt_json(struct json_object *o, const struct cert_row *r);

/* Prints the deploy lines of `cert show` (escaped for the terminal). */
void deploytgt_print(const struct cert_row *r);

/* Prints the certificate's deploy, pre and post hooks for `cert show`
 * (escaped), one line each that is set. */
void deploytgt_print_hooks(const struct cert_row *r);

/* Where r deploys to, for one line: the deploy directory, else its
 * explicit paths comma-joined (escaped), in buf. */
const char *deploytgt_place(const struct cert_row *r, char *buf, size_t sz);

#endif
