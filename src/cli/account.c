/* SPDX-License-Identifier: ISC */
/* account.c - `acmetui account ...`: onboarding a CA account from its
 * credentials package or explicit options, and managing it. */
#include "config.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "acme/directory.h"
#include "acme/jws.h"
#include "util/env.h"
#include "util/url.h"
#include "cli/cli.h"
#include "cli/prompt.h"
#include "cli/fmt.h"
#include "crypto/key.h"
#include "db/store.h"
#include "db/store_accounts.h"
#include "lifecycle/accountnotify.h"
#include "lifecycle/lc.h"
#include "lifecycle/terms.h"
#include "notify/notify.h"
#include "parse/credpkg.h"
#include "parse/presets.h"
#include "util/shellcmd.h"
#include "util/fileio.h"
#include "util/safe.h"

/* Largest credentials package read (mails with signatures fit). */
#define PACKAGE_MAX (64 * 1024)

enum {
	OPT_NAME = OPT_FIRST_LOCAL,
	OPT_CA,
	OPT_SERVER,
	OPT_EMAIL,
	OPT_EAB_KID,
	OPT_EAB_HMAC,
	OPT_EAB_HMAC_FILE,
	OPT_KEY_TYPE,
	OPT_KEY,
	OPT_OUT,
	OPT_YES,
	OPT_NOTIFY_CMD,
	OPT_ACCOUNT_ID,
	OPT_AGREE_TOS
};

static const struct option account_opts[] = {
	CLI_GLOBAL_LONGOPTS,
	{ "name", required_argument, NULL, OPT_NAME },
	{ "ca", required_argument, NULL, OPT_CA },
	{ "server", required_argument, NULL, OPT_SERVER },
	{ "email", required_argument, NULL, OPT_EMAIL },
	{ "eab-kid", required_argument, NULL, OPT_EAB_KID },
	{ "eab-hmac-key", required_argument, NULL, OPT_EAB_HMAC },
	{ "eab-hmac-key-file", required_argument, NULL, OPT_EAB_HMAC_FILE },
	{ "key-type", required_argument, NULL, OPT_KEY_TYPE },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "yes", no_argument, NULL, OPT_YES },
	{ "notify-cmd", required_argument, NULL, OPT_NOTIFY_CMD },
	{ "account-id", required_argument, NULL, OPT_ACCOUNT_ID },
	{ "agree-tos", no_argument, NULL, OPT_AGREE_TOS },
	{ NULL, 0, NULL, 0 }
};

/* Everything the account subcommands take. */
struct account_args {
	struct lc_account_params p;
	const char *eab_hmac_file;
	const char *out;
	const char *account_id; /* import: which of the package's accounts */
	int yes;
	char **pos; /* positional arguments after the verb */
	int npos;
};

/* Parses argv (argv[0] = "account", argv[1] = verb). */
static int parse_args(struct cli *c, int argc, char **argv,
		      struct account_args *a)
{
	int opt;

	memset(a, 0, sizeof(*a));
	/* optind 0 resets GNU getopt fully (main() used it already); the
	 * verb stands in for the program name. */
	optind = 0;
	while ((opt = getopt_long(argc - 1, argv + 1, "qv", account_opts,
				  NULL)) != -1) {
		if (cli_global_opt(c, opt, optarg))
			continue;
		switch (opt) {
		case OPT_NAME:
			a->p.name = optarg;
			break;
		case OPT_CA:
			a->p.preset = optarg;
			break;
		case OPT_SERVER:
			a->p.directory_url = optarg;
			break;
		case OPT_EMAIL:
			a->p.email = optarg;
			break;
		case OPT_EAB_KID:
			a->p.eab_kid = optarg;
			break;
		case OPT_EAB_HMAC:
			a->p.eab_hmac = optarg;
			break;
		case OPT_EAB_HMAC_FILE:
			a->eab_hmac_file = optarg;
			break;
		case OPT_KEY_TYPE:
			a->p.key_type = optarg;
			break;
		case OPT_KEY:
			a->p.key_file = optarg;
			break;
		case OPT_OUT:
			a->out = optarg;
			break;
		case OPT_YES:
			a->yes = 1;
			break;
		case OPT_NOTIFY_CMD:
			a->p.notify_cmd = optarg;
			break;
		case OPT_ACCOUNT_ID:
			a->account_id = optarg;
			break;
		case OPT_AGREE_TOS:
			a->p.agree_tos = 1;
			break;
		default:
			return cli_bad_option(c, argc - 1, argv + 1, "qv");
		}
	}
	a->pos = argv + 1 + optind;
	a->npos = argc - 1 - optind;
	return EXIT_OK;
}

/* The CA file to store with a new account: the run's, made absolute. */
static const char *stored_ca_file(struct cli *c, char *abs, size_t sz)
{
	if (c->ca_file == NULL)
		return NULL;
	if (realpath(c->ca_file, abs) == NULL || strlen(abs) >= sz)
		return c->ca_file;
	return abs;
}

/* Refuses a notify hook that would not run (util/shellcmd.h: a valid
 * command line whose first word exists); "" is fine: none. */
static int check_notify_cmd(struct cli *c, const char *cmd)
{
	struct err e = { 0 };

	if (cmd == NULL || cmd[strspn(cmd, " \t")] == '\0')
		return EXIT_OK;
	if (shellcmd_check(cmd, &e) != RC_OK)
		return cli_usage_error(c, "--notify-cmd: %s", err_text(&e));
	return EXIT_OK;
}

/* On a terminal without --agree-tos: shows the CA's terms of service
 * and asks.  *terms (caller frees) gets the URL agreed to; p->agree_tos
 * is set on "y".  Elsewhere nothing is asked: lc_account_register()
 * refuses without consent, naming the URL.  Returns EXIT_OK to go on. */
static int ask_terms(struct cli *c, struct lc *lc, struct lc_account_params *p,
		     char **terms)
{
	char shown[LC_TERMS_SHOWN_MAX], question[LC_TERMS_SHOWN_MAX + 128];
	struct err e = { 0 };

	*terms = NULL;
	if (p->agree_tos || !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return EXIT_OK;
	if (lc_account_terms(lc, p, terms, &e) != RC_OK)
		return cli_fail(c, &e);
	if (*terms == NULL)
		return EXIT_OK; /* the CA names none: nothing to agree to */
	lc_terms_shown(*terms, shown, sizeof(shown));
	snprintf(question, sizeof(question),
		 _("Do you agree to the CA's terms of service at %s? [y/N] "),
		 shown);
	if (!prompt_yes(stderr, question)) {
		err_set(&e, RC_USAGE,
			_("the CA's terms of service (%s) were "
			  "not agreed to: nothing registered"),
			shown);
		return cli_fail(c, &e);
	}
	p->agree_tos = 1;
	p->tos_url_seen = *terms;
	return EXIT_OK;
}

/* Registers (with the operator's consent to the CA's terms) and
 * reports. */
static int register_account(struct cli *c, struct lc_account_params *p)
{
	char abs[PATH_MAX], *terms = NULL;
	struct err e = { 0 };
	struct lc lc;
	int ok;

	ok = check_notify_cmd(c, p->notify_cmd);
	if (ok != EXIT_OK)
		return ok;
	if (!cli_lc_open(c, &lc, &e)) {
		cli_lc_close(&lc);
		return cli_fail(c, &e);
	}
	p->ca_file = stored_ca_file(c, abs, sizeof(abs));
	ok = ask_terms(c, &lc, p, &terms);
	if (ok != EXIT_OK) {
		cli_lc_close(&lc);
		free(terms);
		return ok;
	}
	ok = lc_account_register(&lc, p, &e) == RC_OK;
	cli_lc_close(&lc);
	p->tos_url_seen = NULL;
	free(terms);
	if (!ok)
		return cli_fail(c, &e);
	if (!c->quiet && !c->json)
		printf(_("Account '%s' registered with %s.\n"), p->name,
		       p->directory_url ? p->directory_url : p->preset);
	if (c->json) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "registered",
				       json_object_new_string(p->name));
		cli_print_json(o);
	}
	return EXIT_OK;
}

/* Reads the HMAC key from a file (first line). */
static int read_hmac_file(struct cli *c, const char *path, char **out)
{
	struct err e = { 0 };
	size_t len = 0;

	if (file_read_all(path, 4096, out, &len, &e) != RC_OK)
		return cli_fail(c, &e);
	(*out)[strcspn(*out, "\r\n")] = '\0';
	return EXIT_OK;
}

static int cmd_add(struct cli *c, struct account_args *a)
{
	char *hmac = NULL;
	int rc;

	if (a->npos != 1)
		return cli_usage_error(c, _("usage: account add NAME --ca "
					    "PRESET|--server URL [--eab-kid K "
					    "--eab-hmac-key-file F] [--email "
					    "E] [--agree-tos]"));
	a->p.name = a->pos[0];
	if (a->eab_hmac_file != NULL) {
		rc = read_hmac_file(c, a->eab_hmac_file, &hmac);
		if (rc != EXIT_OK)
			return rc;
		a->p.eab_hmac = hmac;
	} else if (a->p.eab_hmac == NULL && a->p.eab_kid != NULL) {
		a->p.eab_hmac = env_get()->eab_hmac_key;
	}
	rc = register_account(c, &a->p);
	if (hmac != NULL)
		secret_free(hmac);
	return rc;
}

/* A default account name for an imported package: the preset's name, or
 * the server's host name. */
static void default_name(const char *url, char *out, size_t sz)
{
	const struct ca_preset *p = preset_by_url(url);
	const char *h = strstr(url, "://");
	size_t n;

	if (p != NULL) {
		snprintf(out, sz, "%s", p->name);
		return;
	}
	h = h ? h + 3 : url;
	n = strcspn(h, ":/");
	snprintf(out, sz, "%.*s", (int)(n < sz ? n : sz - 1), h);
}

static int cmd_import(struct cli *c, struct account_args *a)
{
	struct credpkg pkg = { 0 };
	struct err e = { 0 };
	char *text = NULL, name[128];
	size_t len = 0;
	int rc;

	if (a->npos > 1)
		return cli_usage_error(c, _("usage: account import [FILE|-] "
					    "[--name NAME] [--ca PRESET] "
					    "[--email E] [--account-id ID] "
					    "[--agree-tos]"));
	if (file_read_all(a->npos ? a->pos[0] : "-", PACKAGE_MAX + 1, &text,
			  &len, &e) != RC_OK ||
	    credpkg_parse_pick(text, len, a->account_id, &pkg, &e) != RC_OK) {
		rc = cli_fail(c, &e);
		goto out;
	}
	if (pkg.server_url == NULL && a->p.preset == NULL &&
	    a->p.directory_url == NULL) {
		err_set(&e, RC_INPUT,
			_("the package names no ACME server "
			  "URL: add --ca PRESET or --server "
			  "URL"));
		rc = cli_fail(c, &e);
		goto out;
	}
	if (a->p.directory_url == NULL && a->p.preset == NULL)
		a->p.directory_url = pkg.server_url;
	if (a->p.eab_kid == NULL) {
		a->p.eab_kid = pkg.eab_kid;
		a->p.eab_hmac = pkg.eab_hmac;
	}
	a->p.ca_account_id = pkg.account_id;
	if (a->p.email == NULL)
		a->p.email = pkg.email;
	if (a->p.name == NULL) {
		const struct ca_preset *pr = NULL;
		const char *url = a->p.directory_url;

		/* An unknown --ca names no URL to take a default from. */
		if (a->p.preset != NULL) {
			if (preset_lookup(a->p.preset, &pr, &e) != RC_OK) {
				rc = cli_fail(c, &e);
				goto out;
			}
			url = pr->directory_url;
		}
		default_name(url, name, sizeof(name));
		a->p.name = name;
	}
	if (!c->quiet && !c->json)
		printf(_("Found: account id %s, EAB key id %s, HMAC key %s, "
			 "server %s\n"),
		       pkg.account_id ? pkg.account_id : "-",
		       pkg.eab_kid ? pkg.eab_kid : "-",
		       pkg.eab_hmac ? "********" : "-",
		       pkg.server_url ? pkg.server_url : "-");
	rc = register_account(c, &a->p);
out:
	if (text != NULL)
		OPENSSL_cleanse(text, len);
	free(text);
	credpkg_clear(&pkg);
	return rc;
}

static int cmd_list(struct cli *c)
{
	struct acct_row *rows = NULL;
	struct json_object *arr = NULL;
	struct err e = { 0 };
	struct store *st = cli_store(c, &e);
	size_t n = 0, i;

	if (st == NULL || store_account_list(st, &rows, &n, &e) != RC_OK)
		return cli_fail(c, &e);
	if (c->json)
		arr = json_object_new_array();
	else if (!c->quiet)
		printf("%-20s %-20s %-10s %-11s %5s  %s\n", _("NAME"), _("CA"),
		       _("ENV"), _("STATUS"), _("CERTS"), _("SERVER"));
	for (i = 0; i < n; i++) {
		struct acct_row *r = &rows[i];

		if (arr != NULL) {
			struct json_object *o = json_object_new_object();

			fmt_json_str(o, "name", r->name);
			fmt_json_str(o, "ca_preset", r->ca_preset);
			fmt_json_str(o, "environment",
				     acct_env_name(r->environment));
			fmt_json_str(o, "status", acct_status_name(r->status));
			fmt_json_str(o, "directory_url", r->directory_url);
			json_object_object_add(
				o, "certificate_count",
				json_object_new_int64(r->cert_count));
			json_object_array_add(arr, o);
		} else if (!c->quiet) {
			char nm[64], ca[64], url[256];

			printf("%-20s %-20s %-10s %-11s %5lld  %s\n",
			       safe_line(nm, sizeof(nm), r->name,
					 strlen(r->name)),
			       r->ca_preset
				       ? safe_line(ca, sizeof(ca), r->ca_preset,
						   strlen(r->ca_preset))
				       : "-",
			       acct_env_name(r->environment),
			       acct_status_name(r->status),
			       (long long)r->cert_count,
			       safe_line(url, sizeof(url), r->directory_url,
					 strlen(r->directory_url)));
		}
	}
	acct_rows_free(rows, n);
	if (arr != NULL)
		cli_print_json_list("accounts", arr);
	return EXIT_OK;
}

/* Adds what the stored directory says the CA supports. */
static void add_directory(struct json_object *o, const struct acct_row *r)
{
	struct acme_directory d = { 0 };
	struct url_policy pol = { r->directory_url, 1 };
	struct json_object *caps, *profiles, *caa;
	size_t i;

	if (r->directory_json == NULL ||
	    directory_parse(r->directory_json, strlen(r->directory_json), &pol,
			    &d, NULL) != RC_OK)
		return;
	caps = json_object_new_object();
	json_object_object_add(caps, "external_account_required",
			       json_object_new_boolean(d.eab_required));
	json_object_object_add(caps, "key_change",
			       json_object_new_boolean(d.key_change != NULL));
	json_object_object_add(caps, "revoke_cert",
			       json_object_new_boolean(d.revoke_cert != NULL));
	json_object_object_add(caps, "renewal_info",
			       json_object_new_boolean(d.renewal_info != NULL));
	json_object_object_add(caps, "new_authz",
			       json_object_new_boolean(d.new_authz != NULL));
	fmt_json_str(caps, "terms_of_service", d.terms_of_service);
	fmt_json_str(caps, "website", d.website);
	profiles = json_object_new_object();
	for (i = 0; i < d.n_profiles; i++)
		fmt_json_str(profiles, d.profiles[i].name,
			     d.profiles[i].description);
	json_object_object_add(caps, "profiles", profiles);
	caa = json_object_new_array();
	for (i = 0; i < d.n_caa; i++)
		json_object_array_add(
			caa, json_object_new_string(d.caa_identities[i]));
	json_object_object_add(caps, "caa_identities", caa);
	json_object_object_add(o, "ca", caps);
	directory_clear(&d);
}

/* Adds "tos": the terms of service agreed to and when (nulls: no
 * consent recorded, or the CA names no terms). */
static void add_terms(struct json_object *o, const struct acct_row *r)
{
	struct json_object *tos = json_object_new_object();

	fmt_json_str(tos, "url", r->tos_url);
	fmt_json_time(tos, "agreed_at", r->tos_agreed_at);
	json_object_object_add(o, "tos", tos);
}

/* The account as a JSON object (never the HMAC key or the private key). */
static struct json_object *account_json(const struct acct_row *r)
{
	struct json_object *o = json_object_new_object();
	EVP_PKEY *k = NULL;
	char *thumb = NULL;

	fmt_json_str(o, "name", r->name);
	fmt_json_str(o, "ca_preset", r->ca_preset);
	fmt_json_str(o, "directory_url", r->directory_url);
	fmt_json_str(o, "environment", acct_env_name(r->environment));
	fmt_json_str(o, "status", acct_status_name(r->status));
	fmt_json_str(o, "contact", r->contact);
	fmt_json_str(o, "ca_account_id", r->ca_account_id);
	fmt_json_str(o, "eab_kid", r->eab_kid);
	fmt_json_str(o, "eab_hmac_key", r->eab_hmac ? "********" : NULL);
	fmt_json_str(o, "account_url", r->account_url);
	fmt_json_str(o, "key_type", r->key_type);
	if (r->key_pem != NULL)
		k = key_from_pem(r->key_pem, strlen(r->key_pem), NULL);
	if (k != NULL)
		thumb = jwk_thumbprint(k, NULL);
	fmt_json_str(o, "key_thumbprint", thumb);
	fmt_json_str(o, "ca_file", r->ca_file);
	add_terms(o, r);
	fmt_json_str(o, "notify_cmd", r->notify_cmd);
	fmt_json_time(o, "created_at", r->created_at);
	add_directory(o, r);
	free(thumb);
	EVP_PKEY_free(k);
	return o;
}

static int cmd_show(struct cli *c, struct account_args *a)
{
	struct acct_row r = { 0 };
	struct err e = { 0 };
	struct store *st;
	struct json_object *o;

	if (a->npos != 1)
		return cli_usage_error(c, _("usage: account show NAME"));
	st = cli_store(c, &e);
	if (st == NULL ||
	    store_account_get_by_name(st, a->pos[0], &r, &e) != RC_OK)
		return cli_fail(c, &e);
	o = account_json(&r);
	acct_row_clear(&r);
	if (c->json)
		cli_print_json(o);
	else
		fmt_print_object(o);
	return EXIT_OK;
}

static int cmd_rollover(struct cli *c, struct account_args *a)
{
	struct err e = { 0 };
	struct lc lc;

	if (a->npos != 1)
		return cli_usage_error(c, _("usage: account rollover NAME "
					    "[--key-type T]"));
	if (!cli_lc_open(c, &lc, &e) ||
	    lc_account_rollover(&lc, a->pos[0], a->p.key_type, &e) != RC_OK) {
		cli_lc_close(&lc);
		return cli_fail(c, &e);
	}
	cli_lc_close(&lc);
	if (!c->quiet)
		printf(_("Account '%s' now uses a new key.\n"), a->pos[0]);
	return EXIT_OK;
}

/* Deactivation cannot be undone at the CA: asked on a terminal, --yes
 * in a script.  EXIT_OK to go on. */
static int confirm_deactivate(struct cli *c, const struct account_args *a)
{
	char safe[128], question[256];

	safe_line(safe, sizeof(safe), a->pos[0], strlen(a->pos[0]));
	snprintf(question, sizeof(question),
		 _("Deactivate account %s at the CA? This cannot be undone. "
		   "[y/N] "),
		 safe);
	switch (prompt_confirm(a->yes, question)) {
	case PROMPT_GO:
		return EXIT_OK;
	case PROMPT_NO_TERMINAL:
		return cli_usage_error(c, _("deactivation cannot be undone at "
					    "the CA: add --yes to confirm"));
	default:
		fprintf(stderr, _("%s: not deactivated.\n"), safe);
		return EXIT_FAILED;
	}
}

static int cmd_deactivate(struct cli *c, struct account_args *a)
{
	struct acct_row r = { 0 };
	struct err e = { 0 };
	struct store *st;
	struct lc lc;
	int rc;

	if (a->npos != 1)
		return cli_usage_error(c, _("usage: account deactivate NAME "
					    "--yes"));
	/* A mistyped name is said before the question, not after it. */
	st = cli_store(c, &e);
	if (st == NULL ||
	    store_account_get_by_name(st, a->pos[0], &r, &e) != RC_OK) {
		acct_row_clear(&r);
		return cli_fail(c, &e);
	}
	acct_row_clear(&r);
	rc = confirm_deactivate(c, a);
	if (rc != EXIT_OK)
		return rc;
	if (!cli_lc_open(c, &lc, &e) ||
	    lc_account_deactivate(&lc, a->pos[0], &e) != RC_OK) {
		cli_lc_close(&lc);
		return cli_fail(c, &e);
	}
	cli_lc_close(&lc);
	if (!c->quiet)
		printf(_("Account '%s' deactivated.\n"), a->pos[0]);
	return EXIT_OK;
}

/* Writes the account key so a second host can use the same account (an
 * EAB key id binds to one key). */
static int cmd_export_key(struct cli *c, struct account_args *a)
{
	struct acct_row r = { 0 };
	struct err e = { 0 };
	struct store *st;
	char dir[PATH_MAX];
	const char *slash;
	int rc = EXIT_OK;

	if (a->npos != 1 || a->out == NULL)
		return cli_usage_error(c, _("usage: account export-key NAME "
					    "--out FILE"));
	st = cli_store(c, &e);
	if (st == NULL ||
	    store_account_get_by_name(st, a->pos[0], &r, &e) != RC_OK)
		return cli_fail(c, &e);
	slash = strrchr(a->out, '/');
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - a->out) : 1,
		 slash ? a->out : ".");
	if (slash == a->out)
		snprintf(dir, sizeof(dir), "/");
	if (file_write_atomic(dir, slash ? slash + 1 : a->out, r.key_pem,
			      strlen(r.key_pem), 0600, &e) != RC_OK)
		rc = cli_fail(c, &e);
	else if (!c->quiet)
		printf(_("Account key written to %s (mode 0600).\n"), a->out);
	acct_row_clear(&r);
	return rc;
}

/* `account set NAME --agree-tos`: records consent to the terms the
 * account's CA names now (doctor says when they changed). */
static int agree_terms(struct cli *c, const char *name)
{
	char shown[LC_TERMS_SHOWN_MAX], safe[128], *terms = NULL;
	struct err e = { 0 };
	struct lc lc;
	int ok;

	if (!cli_lc_open(c, &lc, &e)) {
		cli_lc_close(&lc);
		return cli_fail(c, &e);
	}
	ok = lc_account_agree_terms(&lc, name, &terms, &e) == RC_OK;
	cli_lc_close(&lc);
	if (!ok)
		return cli_fail(c, &e);
	if (!c->quiet && !c->json)
		printf(_("Account '%s' agrees to the CA's terms of service at "
			 "%s.\n"),
		       safe_line(safe, sizeof(safe), name, strlen(name)),
		       lc_terms_shown(terms, shown, sizeof(shown)));
	free(terms);
	return EXIT_OK;
}

/* `account set NAME --notify-cmd CMD`: changes what can change without
 * the CA ("" clears the hook: the global one applies again);
 * `--agree-tos` records consent to the CA's current terms. */
static int cmd_set(struct cli *c, struct account_args *a)
{
	struct err e = { 0 };
	struct store *st;
	char name[128];
	int rc;

	if (a->npos != 1 || (a->p.notify_cmd == NULL && !a->p.agree_tos))
		return cli_usage_error(c, _("usage: account set NAME "
					    "[--notify-cmd CMD (\"\" clears "
					    "it)] [--agree-tos]"));
	if (a->p.agree_tos) {
		rc = agree_terms(c, a->pos[0]);
		if (rc != EXIT_OK || a->p.notify_cmd == NULL)
			return rc;
	}
	rc = check_notify_cmd(c, a->p.notify_cmd);
	if (rc != EXIT_OK)
		return rc;
	st = cli_store(c, &e);
	if (st == NULL ||
	    lc_account_set_notify(st, a->pos[0], a->p.notify_cmd, &e) != RC_OK)
		return cli_fail(c, &e);
	safe_line(name, sizeof(name), a->pos[0], strlen(a->pos[0]));
	if (!c->quiet && !c->json)
		printf(a->p.notify_cmd[0] != '\0'
			       ? _("Account '%s' sends its events to its own "
				   "notify hook.\n")
			       : _("Account '%s' sends its events to the "
				   "global notify hook.\n"),
		       name);
	return EXIT_OK;
}

static int cmd_presets(struct cli *c)
{
	struct json_object *arr = c->json ? json_object_new_array() : NULL;
	size_t i;

	for (i = 0; i < preset_count(); i++) {
		const struct ca_preset *p = preset_at(i);

		if (arr != NULL) {
			struct json_object *o = json_object_new_object();

			fmt_json_str(o, "name", p->name);
			fmt_json_str(o, "display", _(p->display));
			fmt_json_str(o, "directory_url", p->directory_url);
			fmt_json_str(o, "environment", preset_env_name(p->env));
			json_object_object_add(
				o, "eab_required",
				json_object_new_boolean(p->eab_required));
			json_object_object_add(
				o, "retired",
				json_object_new_boolean(p->retired != NULL));
			json_object_array_add(arr, o);
		} else {
			printf("%-20s %-10s %-4s %s%s\n", p->name,
			       preset_env_name(p->env),
			       p->eab_required ? "EAB" : "", p->directory_url,
			       p->retired != NULL ? _("  (retired)") : "");
		}
	}
	if (arr != NULL)
		cli_print_json_list("presets", arr);
	return EXIT_OK;
}

static int cmd_list_v(struct cli *c, struct account_args *a)
{
	(void)a;
	return cmd_list(c);
}

static int cmd_presets_v(struct cli *c, struct account_args *a)
{
	(void)a;
	return cmd_presets(c);
}

/* The account verbs. */
static const struct {
	const char *name;
	int (*run)(struct cli *c, struct account_args *a);
} verbs[] = {
	{ "import", cmd_import },
	{ "add", cmd_add },
	{ "list", cmd_list_v },
	{ "show", cmd_show },
	{ "rollover", cmd_rollover },
	{ "deactivate", cmd_deactivate },
	{ "export-key", cmd_export_key },
	{ "presets", cmd_presets_v },
	{ "set", cmd_set },
};

int cli_account(struct cli *c, int argc, char **argv)
{
	struct account_args a;
	size_t i;
	const char *verb = argc > 1 ? argv[1] : "";
	int rc;

	if (argc < 2)
		return cli_usage_error(c, _("usage: account "
					    "import|add|list|show|set|"
					    "rollover|deactivate|export-key|"
					    "presets"));
	rc = parse_args(c, argc, argv, &a);
	if (rc != EXIT_OK)
		return rc;
	if (a.account_id != NULL && strcmp(verb, "import") != 0)
		return cli_usage_error(c, _("--account-id applies to account "
					    "import only"));
	if (a.p.agree_tos && strcmp(verb, "import") != 0 &&
	    strcmp(verb, "add") != 0 && strcmp(verb, "set") != 0)
		return cli_usage_error(c, _("--agree-tos applies to account "
					    "add, import and set only"));
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(verb, verbs[i].name) == 0)
			return verbs[i].run(c, &a);
	return cli_usage_error(c, _("unknown account command '%s'"), verb);
}
