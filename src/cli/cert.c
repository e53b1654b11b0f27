/* SPDX-License-Identifier: ISC */
/* cert.c - `acmetui cert ...`: certificates in the inventory and their
 * lifecycle actions. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cert_orders.h"
#include "cli/deploytgt.h"
#include "cli/fmt.h"
#include "cli/intopt.h"
#include "cli/method.h"
#include "cli/prompt.h"
#include "crypto/key.h"
#include "db/store.h"
#include "db/store_accounts.h"
#include "db/store_certs.h"
#include "db/store_events.h"
#include "lifecycle/certset.h"
#include "lifecycle/deploy.h"
#include "lifecycle/dryrun.h"
#include "lifecycle/export.h"
#include "lifecycle/lc.h"
#include "monitor/probe.h"
#include "parse/domain.h"
#include "util/env.h"
#include "util/fileio.h"
#include "util/safe.h"
#include "util/shellcmd.h"
#include "util/utctime.h"

enum {
	OPT_ACCOUNT = OPT_METHOD_LAST,
	OPT_KEY_TYPE,
	OPT_PROFILE,
	OPT_PREFERRED_CHAIN,
	OPT_DEPLOY_DIR,
	OPT_RELOAD_CMD,
	OPT_DEPLOY_HOOK,
	OPT_PRE_HOOK,
	OPT_POST_HOOK,
	OPT_REASON,
	OPT_BY_CERT_KEY,
	OPT_OUT,
	OPT_WAIT,
	OPT_RENEW_AT,
	OPT_PROBE,
	OPT_YES,
	OPT_FORCE,
	OPT_DRY_RUN
};

static const struct option cert_opts[] = {
	CLI_GLOBAL_LONGOPTS,
	{ "account", required_argument, NULL, OPT_ACCOUNT },
	{ "domain", required_argument, NULL, 'd' },
	METHOD_LONGOPTS,
	{ "key-type", required_argument, NULL, OPT_KEY_TYPE },
	{ "profile", required_argument, NULL, OPT_PROFILE },
	{ "preferred-chain", required_argument, NULL, OPT_PREFERRED_CHAIN },
	{ "deploy-dir", required_argument, NULL, OPT_DEPLOY_DIR },
	{ "reload-cmd", required_argument, NULL, OPT_RELOAD_CMD },
	{ "deploy-hook", required_argument, NULL, OPT_DEPLOY_HOOK },
	{ "pre-hook", required_argument, NULL, OPT_PRE_HOOK },
	{ "post-hook", required_argument, NULL, OPT_POST_HOOK },
	DEPLOYTGT_LONGOPTS,
	{ "reason", required_argument, NULL, OPT_REASON },
	{ "by-cert-key", no_argument, NULL, OPT_BY_CERT_KEY },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "wait", required_argument, NULL, OPT_WAIT },
	{ "renew-at", required_argument, NULL, OPT_RENEW_AT },
	{ "probe", required_argument, NULL, OPT_PROBE },
	{ "yes", no_argument, NULL, OPT_YES },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ NULL, 0, NULL, 0 }
};

struct cert_args {
	struct method_opts m;
	struct deploytgt_opts dt;
	const char *account, *key_type;
	const char *profile, *preferred_chain, *deploy_dir, *reload_cmd;
	const char *deploy_hook, *pre_hook, *post_hook;
	const char *reason, *out, *renew_at;
	char probes[1024]; /* --probe values, comma-joined */
	int probe_given;
	const char *domains[CERT_MAX_DOMAINS];
	int n_domains, by_cert_key, yes, force, dry_run;
	long wait_s;
	char **pos;
	int npos;
};

/* Appends a --probe HOST[:PORT] (checked; "" clears the list). */
static int add_probe(struct cli *c, struct cert_args *a, const char *ep)
{
	char host[256];
	size_t len = strlen(a->probes);
	int port;

	a->probe_given = 1;
	if (ep[0] == '\0')
		return 0;
	if (strchr(ep, ',') != NULL ||
	    probe_parse_endpoint(ep, host, sizeof(host), &port, NULL) !=
		    RC_OK) {
		cli_usage_error(c, _("invalid --probe '%s' (HOST[:PORT])"), ep);
		return -1;
	}
	if (len + strlen(ep) + 2 > sizeof(a->probes)) {
		cli_usage_error(c, _("too many --probe endpoints"));
		return -1;
	}
	snprintf(a->probes + len, sizeof(a->probes) - len, "%s%s",
		 len ? "," : "", ep);
	return 0;
}

static int parse_args(struct cli *c, int argc, char **argv, struct cert_args *a)
{
	int opt;

	memset(a, 0, sizeof(*a));
	a->wait_s = -1;
	/* optind 0 resets GNU getopt fully (main() used it already); the
	 * verb stands in for the program name. */
	optind = 0;
	while ((opt = getopt_long(argc - 1, argv + 1, "qvd:", cert_opts,
				  NULL)) != -1) {
		if (cli_global_opt(c, opt, optarg))
			continue;
		switch (method_opt(c, &a->m, opt, optarg)) {
		case 1:
			continue;
		case -1:
			return EXIT_USAGE;
		}
		switch (deploytgt_opt(c, &a->dt, opt, optarg)) {
		case 1:
			continue;
		case -1:
			return EXIT_USAGE;
		}
		switch (opt) {
		case 'd':
			if (a->n_domains == CERT_MAX_DOMAINS)
				return cli_usage_error(
					c,
					_("at most %d domains per "
					  "certificate"),
					CERT_MAX_DOMAINS);
			a->domains[a->n_domains++] = optarg;
			break;
		case OPT_ACCOUNT:
			a->account = optarg;
			break;
		case OPT_KEY_TYPE:
			a->key_type = optarg;
			break;
		case OPT_PROFILE:
			a->profile = optarg;
			break;
		case OPT_PREFERRED_CHAIN:
			a->preferred_chain = optarg;
			break;
		case OPT_DEPLOY_DIR:
			a->deploy_dir = optarg;
			break;
		case OPT_RELOAD_CMD:
			a->reload_cmd = optarg;
			break;
		case OPT_DEPLOY_HOOK:
			a->deploy_hook = optarg;
			break;
		case OPT_PRE_HOOK:
			a->pre_hook = optarg;
			break;
		case OPT_POST_HOOK:
			a->post_hook = optarg;
			break;
		case OPT_REASON:
			a->reason = optarg;
			break;
		case OPT_BY_CERT_KEY:
			a->by_cert_key = 1;
			break;
		case OPT_OUT:
			a->out = optarg;
			break;
		case OPT_RENEW_AT:
			a->renew_at = optarg;
			break;
		case OPT_PROBE:
			if (add_probe(c, a, optarg) != 0)
				return EXIT_USAGE;
			break;
		case OPT_YES:
			a->yes = 1;
			break;
		case OPT_FORCE:
			a->force = 1;
			break;
		case OPT_DRY_RUN:
			a->dry_run = 1;
			break;
		case OPT_WAIT:
			if (cli_int_option(c, "--wait", optarg, 1, 7 * 86400,
					   &a->wait_s) != EXIT_OK)
				return EXIT_USAGE;
			break;
		default:
			return cli_bad_option(c, argc - 1, argv + 1, "qvd:");
		}
	}
	a->pos = argv + 1 + optind;
	a->npos = argc - 1 - optind;
	return EXIT_OK;
}

/* Refuses, exit 2 naming it, a command given that cannot run
 * (util/shellcmd.h: shellcmd_check); "" (clear) passes. */
static int check_command(struct cli *c, const char *opt, const char *cmd)
{
	struct err e = { 0 };

	if (cmd == NULL || cmd[0] == '\0' || shellcmd_check(cmd, &e) == RC_OK)
		return EXIT_OK;
	return cli_usage_error(c, "--%s: %s", opt, err_text(&e));
}

/* A command for a new row: "" (clear) is none. */
static char *new_command(const char *cmd)
{
	return cmd != NULL && cmd[0] != '\0' ? (char *)cmd : NULL;
}

/* check_command for every command line `cert add|set` was given. */
static int check_commands(struct cli *c, const struct cert_args *a)
{
	int rc = check_command(c, "reload-cmd", a->reload_cmd);

	if (rc == EXIT_OK)
		rc = check_command(c, "deploy-hook", a->deploy_hook);
	if (rc == EXIT_OK)
		rc = check_command(c, "pre-hook", a->pre_hook);
	if (rc == EXIT_OK)
		rc = check_command(c, "post-hook", a->post_hook);
	return rc;
}

/* Builds one domain row from the options (name already normalized). */
static int domain_from_args(struct cli *c, const struct cert_args *a,
			    const char *name, enum domain_kind kind,
			    struct domain_row *d)
{
	memset(d, 0, sizeof(*d));
	d->name = (char *)name;
	d->ident_type = kind == DOMAIN_IP ? DOM_IDENT_IP : DOM_IDENT_DNS;
	return method_apply(c, &a->m, d);
}

static struct json_object *cert_json(const struct cert_row *r,
				     const struct event_row *ev, size_t nev);

/* cert add --json: the certificate as stored, members as in cert show. */
static int print_added_json(struct cli *c, struct store *st, const char *name)
{
	struct cert_row r = { 0 };
	struct err e = { 0 };

	if (store_cert_get_by_name(st, name, &r, &e) != RC_OK)
		return cli_fail(c, &e);
	cli_print_json(cert_json(&r, NULL, 0));
	cert_row_clear(&r);
	return EXIT_OK;
}

static int cmd_add(struct cli *c, struct cert_args *a)
{
	static char names[CERT_MAX_DOMAINS][DOMAIN_BUFSZ];
	char deploy_abs[PATH_MAX];
	struct deploy_target t = { 0 };
	struct domain_row doms[CERT_MAX_DOMAINS];
	struct cert_row row = { 0 };
	struct acct_row acct = { 0 };
	struct err e = { 0 };
	struct store *st;
	int i, j, rc;

	if (a->npos != 1 || a->account == NULL || a->n_domains == 0)
		return cli_usage_error(c, _("usage: cert add NAME --account A "
					    "-d DOMAIN [-d DOMAIN...] "
					    "[--webroot DIR | --standalone | "
					    "--challenge dns-01 --dns-hook CMD "
					    "| ...]"));
	if (a->key_type != NULL && key_type_parse(a->key_type) == KEY__INVALID)
		return cli_usage_error(c,
				       _("unknown key type '%s' (use ec256, "
					 "ec384, rsa2048, rsa3072 or "
					 "rsa4096)"),
				       a->key_type);
	rc = method_finish(c, &a->m);
	if (rc == EXIT_OK)
		rc = check_commands(c, a);
	if (rc != EXIT_OK)
		return rc;
	/* Cron runs elsewhere than this shell: store an absolute path. */
	if (a->deploy_dir != NULL &&
	    cli_absolute_path(a->deploy_dir, deploy_abs, sizeof(deploy_abs)) !=
		    0)
		return cli_usage_error(c, _("--deploy-dir %s: %s"),
				       a->deploy_dir, strerror(errno));
	t.dir = a->deploy_dir ? deploy_abs : NULL;
	t.reload_cmd = a->reload_cmd;
	deploytgt_overlay(&a->dt, &t);
	rc = deploytgt_check(c, &a->dt, &t);
	if (rc != EXIT_OK)
		return rc;
	for (i = 0; i < a->n_domains; i++) {
		enum domain_kind kind;

		if (domain_normalize(a->domains[i], names[i], DOMAIN_BUFSZ,
				     &kind, &e) != RC_OK)
			return cli_fail(c, &e);
		for (j = 0; j < i; j++)
			if (strcmp(names[i], names[j]) == 0)
				return cli_usage_error(c,
						       _("domain '%s' given "
							 "twice"),
						       names[i]);
		rc = domain_from_args(c, a, names[i], kind, &doms[i]);
		if (rc != EXIT_OK)
			return rc;
	}
	st = cli_store(c, &e);
	if (st == NULL ||
	    store_account_get_by_name(st, a->account, &acct, &e) != RC_OK)
		return cli_fail(c, &e);
	row.name = a->pos[0];
	row.account_id = acct.id;
	row.key_type = (char *)(a->key_type ? key_type_name(key_type_parse(
						      a->key_type))
					    : "ec256");
	row.profile = (char *)a->profile;
	row.preferred_chain = (char *)a->preferred_chain;
	row.deploy_dir = a->deploy_dir ? deploy_abs : NULL;
	row.reload_cmd = (char *)a->reload_cmd;
	row.deploy_hook = new_command(a->deploy_hook);
	row.pre_hook = new_command(a->pre_hook);
	row.post_hook = new_command(a->post_hook);
	row.probe_endpoints = a->probes[0] ? a->probes : NULL;
	deploytgt_to_row(&a->dt, &row);
	row.domains = doms;
	row.n_domains = (size_t)a->n_domains;
	rc = lc_cert_add(st, &row, NULL, NULL, &e);
	acct_row_clear(&acct);
	if (rc != RC_OK)
		return cli_fail(c, &e);
	if (c->json)
		return print_added_json(c, st, a->pos[0]);
	if (!c->quiet)
		printf(_("Certificate '%s' added (%d names); run 'acmetui cert "
			 "issue %s'.\n"),
		       a->pos[0], a->n_domains, a->pos[0]);
	return EXIT_OK;
}

/* The --json report of cert issue and cert renew: issued says whether a
 * certificate was issued now (false: renew found it not due). */
static void print_issue_json(const struct cert_row *r, int issued)
{
	struct json_object *o = json_object_new_object();

	fmt_json_str(o, "name", r->name);
	json_object_object_add(o, "issued", json_object_new_boolean(issued));
	fmt_json_str(o, "serial", r->serial);
	fmt_json_time(o, "not_after", r->not_after);
	fmt_json_time(o, "renew_at", r->renew_at);
	cli_print_json(o);
}

/* Issue, renew: run the lifecycle and report. */
static int cmd_issue(struct cli *c, struct cert_args *a,
		     enum lc_issue_mode mode)
{
	struct cert_row r = { 0 };
	struct err e = { 0 };
	struct lc lc = { 0 };
	char until[40];
	enum rc rc;

	if (a->npos != 1)
		return cli_usage_error(c,
				       _("usage: cert %s NAME [--wait "
					 "SECONDS]"),
				       mode == LC_RENEW ? "renew" : "issue");
	if (mode == LC_ISSUE && (a->force || a->dry_run))
		return cli_usage_error(c, _("--force and --dry-run are for "
					    "cert renew"));
	if (!cli_lc_open(c, &lc, &e)) {
		cli_lc_close(&lc);
		return cli_fail(c, &e);
	}
	lc.wait_ms = a->wait_s > 0 ? a->wait_s * 1000 : 0;
	rc = lc_cert_issue(&lc, a->pos[0], mode, &e);
	cli_lc_close(&lc);
	if (rc != RC_OK)
		return cli_fail(c, &e);
	if (store_cert_get_by_name(lc.st, a->pos[0], &r, &e) != RC_OK)
		return cli_fail(c, &e);
	if (c->json) {
		print_issue_json(&r, 1);
	} else if (!c->quiet) {
		printf(_("Certificate '%s' issued: serial %s, valid until "
			 "%s.\n"),
		       r.name, r.serial ? r.serial : "?",
		       fmt_time(r.not_after, until, sizeof(until)));
	}
	cert_row_clear(&r);
	return EXIT_OK;
}

/* RFC 5280 CRLReason names. */
static int parse_reason(const char *s)
{
	static const char *const names[] = {
		"unspecified",	   "keyCompromise",
		"cACompromise",	   "affiliationChanged",
		"superseded",	   "cessationOfOperation",
		"certificateHold", NULL,
		"removeFromCRL",   "privilegeWithdrawn",
		"aACompromise"
	};
	char norm[40];
	size_t i, o = 0;
	long v;

	if (s == NULL)
		return -1;
	if (cli_parse_long(s, 0, 10, &v) == 0)
		return v == 7 ? -2 : (int)v;
	for (i = 0; s[i] != '\0' && o + 1 < sizeof(norm); i++)
		if (s[i] != '-' && s[i] != '_')
			norm[o++] = s[i];
	norm[o] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i] != NULL && strcasecmp(norm, names[i]) == 0)
			return (int)i;
	return -2;
}

static int cmd_revoke(struct cli *c, struct cert_args *a)
{
	struct err e = { 0 };
	struct lc lc = { 0 };
	int reason = parse_reason(a->reason);

	if (a->npos != 1)
		return cli_usage_error(c, _("usage: cert revoke NAME [--reason "
					    "R] [--by-cert-key]"));
	if (reason == -2)
		return cli_usage_error(c,
				       _("unknown revocation reason '%s' "
					 "(e.g. keyCompromise, superseded, "
					 "cessationOfOperation)"),
				       a->reason);
	if (!cli_lc_open(c, &lc, &e) ||
	    lc_cert_revoke(&lc, a->pos[0], reason, a->by_cert_key, &e) !=
		    RC_OK) {
		cli_lc_close(&lc);
		return cli_fail(c, &e);
	}
	cli_lc_close(&lc);
	if (!c->quiet)
		printf(_("Certificate '%s' revoked.\n"), a->pos[0]);
	return EXIT_OK;
}

/* A certificate as JSON (never its private key). */
/* One domain of a certificate, the same object in `cert show` and
 * `cert list` (never the TSIG secret). */
static struct json_object *cert_domain_json(const struct domain_row *dr)
{
	struct json_object *d = json_object_new_object();
	char how[700];

	fmt_json_str(d, "name", dr->name);
	fmt_json_str(d, "method", dom_method_name(dr->method));
	method_describe(dr, how, sizeof(how));
	fmt_json_str(d, "validation", how);
	fmt_json_str(d, "webroot", dr->webroot);
	if (dr->http_port != 0)
		json_object_object_add(d, "http_port",
				       json_object_new_int(dr->http_port));
	return d;
}

/* The domains as an array of cert_domain_json() objects, and their
 * count. */
static void add_domains(struct json_object *o, const struct domain_row *d,
			size_t n)
{
	struct json_object *doms = json_object_new_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_object_array_add(doms, cert_domain_json(&d[i]));
	json_object_object_add(o, "domains", doms);
	json_object_object_add(o, "domain_count",
			       json_object_new_int64((int64_t)n));
}

static struct json_object *cert_json(const struct cert_row *r,
				     const struct event_row *ev, size_t nev)
{
	struct json_object *o = json_object_new_object();
	struct json_object *evs = json_object_new_array();
	size_t i;

	fmt_json_str(o, "name", r->name);
	fmt_json_str(o, "account", r->account_name);
	json_object_object_add(o, "watch", json_object_new_boolean(r->watched));
	fmt_json_str(o, "stage", cert_stage_name(r->stage));
	fmt_json_str(o, "status", cert_status_name(r->status));
	fmt_json_str(o, "key_type", r->key_type);
	fmt_json_str(o, "profile", r->profile);
	fmt_json_str(o, "serial", r->serial);
	fmt_json_str(o, "issuer", r->issuer);
	fmt_json_time(o, "not_before", r->not_before);
	fmt_json_time(o, "not_after", r->not_after);
	fmt_json_time(o, "renew_at", r->renew_at);
	fmt_json_str(o, "renew_reason", r->renew_reason);
	fmt_json_time(o, "retry_after", r->retry_after);
	fmt_json_str(o, "last_error", r->last_error);
	fmt_json_str(o, "deploy_dir", r->deploy_dir);
	fmt_json_str(o, "reload_cmd", r->reload_cmd);
	fmt_json_str(o, "deploy_hook", r->deploy_hook);
	fmt_json_str(o, "pre_hook", r->pre_hook);
	fmt_json_str(o, "post_hook", r->post_hook);
	fmt_json_str(o, "probe_endpoints", r->probe_endpoints);
	deploytgt_json(o, r);
	fmt_json_time(o, "revoked_at", r->revoked_at);
	add_domains(o, r->domains, r->n_domains);
	for (i = 0; i < nev; i++) {
		struct json_object *x = json_object_new_object();

		fmt_json_time(x, "time", ev[i].ts);
		fmt_json_str(x, "stage", ev[i].stage);
		fmt_json_str(x, "level", ev_level_name(ev[i].level));
		fmt_json_str(x, "message", ev[i].message);
		json_object_array_add(evs, x);
	}
	json_object_object_add(o, "events", evs);
	return o;
}

/* Prints s escaped for the terminal ("-" for NULL). */
static const char *clean(const char *s, char *buf, size_t sz)
{
	if (s == NULL)
		return "-";
	return safe_line(buf, sz, s, strlen(s));
}

/* The operator's view of one certificate: facts, domains, timeline. */
static void print_cert(const struct cert_row *r, const struct event_row *ev,
		       size_t nev)
{
	char b1[512], b2[512], t1[40], t2[40], cd[32];
	int64_t now = time(NULL);
	size_t i;

	if (r->watched)
		printf("%s  (%s)\n", clean(r->name, b1, sizeof(b1)),
		       _("watched: imported, not issued by acmetui"));
	else
		printf("%s  (%s %s, %s)\n", clean(r->name, b1, sizeof(b1)),
		       _("account"), clean(r->account_name, b2, sizeof(b2)),
		       clean(r->key_type, t1, sizeof(t1)));
	printf("  %-12s %s (%s)\n", _("stage"), cert_stage_name(r->stage),
	       cert_status_name(r->status));
	if (r->serial != NULL) {
		printf("  %-12s %s\n", _("serial"),
		       clean(r->serial, b1, sizeof(b1)));
		printf("  %-12s %s\n", _("issuer"),
		       clean(r->issuer, b1, sizeof(b1)));
		printf("  %-12s %s -> %s  (%s)\n", _("valid"),
		       fmt_time(r->not_before, t1, sizeof(t1)),
		       fmt_time(r->not_after, t2, sizeof(t2)),
		       fmt_countdown(r->not_after - now, cd, sizeof(cd)));
		if (!r->watched)
			printf("  %-12s %s  (%s)\n", _("renewal"),
			       fmt_time(r->renew_at, t1, sizeof(t1)),
			       clean(r->renew_reason, b1, sizeof(b1)));
	}
	if (r->probe_endpoints != NULL)
		printf("  %-12s %s\n", _("probe"),
		       clean(r->probe_endpoints, b1, sizeof(b1)));
	if (r->retry_after > now)
		printf("  %-12s %s\n", _("next try"),
		       fmt_time(r->retry_after, t1, sizeof(t1)));
	if (r->last_error != NULL)
		printf("  %-12s %s\n", _("last error"),
		       clean(r->last_error, b1, sizeof(b1)));
	if (!r->watched) {
		deploytgt_print(r);
		deploytgt_print_hooks(r);
	}
	printf("\n  %-32s %s\n", _("DOMAIN"), r->watched ? "" : _("METHOD"));
	for (i = 0; i < r->n_domains; i++) {
		/* A watched certificate is never validated: no method. */
		b2[0] = '\0';
		if (!r->watched)
			method_describe(&r->domains[i], b2, sizeof(b2));
		printf("  %-32s %s\n",
		       clean(r->domains[i].name, b1, sizeof(b1)), b2);
	}
	printf("\n  %s\n", _("EVENTS"));
	for (i = 0; i < nev; i++) {
		utc_text(ev[i].ts, UTC_MONTH_DAY_TIME, t1, sizeof(t1));
		printf("  %s  %-12s %s%s\n", t1,
		       clean(ev[i].stage, b2, sizeof(b2)),
		       ev[i].level == EV_ERROR	? "! "
		       : ev[i].level == EV_WARN ? "~ "
						: "",
		       clean(ev[i].message, b1, sizeof(b1)));
	}
}

static int cmd_show(struct cli *c, struct cert_args *a)
{
	struct cert_row r = { 0 };
	struct event_row *ev = NULL;
	struct err e = { 0 };
	struct store *st;
	size_t nev = 0;

	if (a->npos != 1)
		return cli_usage_error(c, _("usage: cert show NAME"));
	st = cli_store(c, &e);
	if (st == NULL ||
	    store_cert_get_by_name(st, a->pos[0], &r, &e) != RC_OK ||
	    store_event_list_cert(st, r.id, 20, 0, &ev, &nev, &e) != RC_OK) {
		cert_row_clear(&r);
		return cli_fail(c, &e);
	}
	if (c->json) {
		struct json_object *o = cert_json(&r, ev, nev);

		json_object_object_add(o, "orders", cert_orders_json(st, r.id));
		cli_print_json(o);
	} else {
		print_cert(&r, ev, nev);
		cert_orders_print(st, r.id);
	}
	event_rows_free(ev, nev);
	cert_row_clear(&r);
	return EXIT_OK;
}

/* Adds the summary's domains to o as `cert show` has them (the summary
 * query itself only counts them, to stay one query for the dashboard). */
static enum rc list_domains_json(struct store *st, const struct cert_summary *r,
				 struct json_object *o, struct err *e)
{
	struct domain_row *d = NULL;
	size_t n = 0;
	enum rc rc;

	rc = store_cert_domains(st, r->id, &d, &n, e);
	if (rc == RC_OK)
		add_domains(o, d, n);
	domain_rows_free(d, n);
	return rc;
}

static int cmd_list(struct cli *c)
{
	struct cert_summary *rows = NULL;
	struct json_object *arr = NULL;
	struct err e = { 0 };
	struct store *st = cli_store(c, &e);
	int64_t now = time(NULL);
	size_t n = 0, i;

	if (st == NULL || store_cert_list_summary(st, &rows, &n, &e) != RC_OK)
		return cli_fail(c, &e);
	if (c->json)
		arr = json_object_new_array();
	else if (!c->quiet)
		printf("%-16s %-28s %-14s %-12s %-10s\n", _("NAME"),
		       _("DOMAINS"), _("ACCOUNT"), _("STAGE"), _("EXPIRES IN"));
	for (i = 0; i < n; i++) {
		struct cert_summary *r = &rows[i];
		char nm[64], dom[300], acc[64], cd[32], doms[320];

		if (arr != NULL) {
			struct json_object *o = json_object_new_object();

			fmt_json_str(o, "name", r->name);
			fmt_json_str(o, "first_domain", r->first_domain);
			fmt_json_str(o, "account", r->account_name);
			json_object_object_add(
				o, "watch",
				json_object_new_boolean(r->watched));
			fmt_json_str(o, "stage", cert_stage_name(r->stage));
			fmt_json_str(o, "status", cert_status_name(r->status));
			fmt_json_str(o, "serial", r->serial);
			fmt_json_time(o, "not_after", r->not_after);
			fmt_json_time(o, "renew_at", r->renew_at);
			fmt_json_str(o, "last_error", r->last_error);
			if (list_domains_json(st, r, o, &e) != RC_OK) {
				json_object_put(o);
				json_object_put(arr);
				cert_summaries_free(rows, n);
				return cli_fail(c, &e);
			}
			json_object_array_add(arr, o);
			continue;
		}
		if (c->quiet)
			continue;
		safe_line(dom, sizeof(dom),
			  r->first_domain ? r->first_domain : "-",
			  r->first_domain ? strlen(r->first_domain) : 1);
		if (r->domain_count > 1)
			snprintf(doms, sizeof(doms), "%s +%d", dom,
				 r->domain_count - 1);
		else
			snprintf(doms, sizeof(doms), "%s", dom);
		printf("%-16s %-28s %-14s %-12s %-10s%s\n",
		       safe_line(nm, sizeof(nm), r->name, strlen(r->name)),
		       doms,
		       r->account_name != NULL
			       ? safe_line(acc, sizeof(acc), r->account_name,
					   strlen(r->account_name))
			       : _("(watched)"),
		       cert_stage_name(r->stage),
		       r->not_after ? fmt_countdown(r->not_after - now, cd,
						    sizeof(cd))
				    : "-",
		       r->last_error ? "  !" : "");
	}
	cert_summaries_free(rows, n);
	if (arr != NULL)
		cli_print_json_list("certificates", arr);
	return EXIT_OK;
}

/* Writes cert.pem, chain.pem, fullchain.pem (0644) and privkey.pem
 * (0600), all or nothing (lifecycle/export.h). */
static int cmd_export(struct cli *c, struct cert_args *a)
{
	struct err e = { 0 };
	struct lc lc = { 0 };
	size_t n = 0;
	enum rc rc;

	if (a->npos != 1 || a->out == NULL)
		return cli_usage_error(c, _("usage: cert export NAME --out "
					    "DIR"));
	if (!cli_lc_open(c, &lc, &e)) {
		cli_lc_close(&lc);
		return cli_fail(c, &e);
	}
	rc = lc_cert_export(&lc, a->pos[0], a->out, &n, &e);
	cli_lc_close(&lc);
	if (rc != RC_OK)
		return cli_fail(c, &e);
	if (!c->quiet && n < LC_EXPORT_FILES)
		printf(_("Wrote cert.pem, chain.pem and fullchain.pem to %s "
			 "(no key: the certificate is only watched).\n"),
		       a->out);
	else if (!c->quiet)
		printf(_("Wrote cert.pem, chain.pem, fullchain.pem and "
			 "privkey.pem to %s.\n"),
		       a->out);
	return EXIT_OK;
}

/* `cert delete` asks on a terminal and takes --yes in a script: the key
 * goes with the row and cannot be had back.  EXIT_OK to go on. */
static int confirm_delete(struct cli *c, const struct cert_args *a)
{
	char safe[128], question[256];

	safe_line(safe, sizeof(safe), a->pos[0], strlen(a->pos[0]));
	snprintf(question, sizeof(question),
		 _("Delete certificate %s and its key? [y/N] "), safe);
	switch (prompt_confirm(a->yes, question)) {
	case PROMPT_GO:
		return EXIT_OK;
	case PROMPT_NO_TERMINAL:
		return cli_usage_error(c,
				       _("cert delete: not on a terminal: "
					 "add --yes to delete '%s'"),
				       safe);
	default:
		fprintf(stderr, _("%s: not deleted.\n"), safe);
		return EXIT_FAILED;
	}
}

static int cmd_delete(struct cli *c, struct cert_args *a)
{
	struct cert_row r = { 0 };
	struct err e = { 0 };
	struct store *st;
	int rc;

	if (a->npos != 1)
		return cli_usage_error(c, _("usage: cert delete NAME"));
	/* A mistyped name is said before the question, not after it. */
	st = cli_store(c, &e);
	if (st == NULL ||
	    store_cert_get_by_name(st, a->pos[0], &r, &e) != RC_OK) {
		cert_row_clear(&r);
		return cli_fail(c, &e);
	}
	cert_row_clear(&r);
	rc = confirm_delete(c, a);
	if (rc != EXIT_OK)
		return rc;
	if (lc_cert_delete(st, a->pos[0], &e) != RC_OK)
		return cli_fail(c, &e);
	if (!c->quiet)
		printf(_("Certificate '%s' removed from the inventory (it "
			 "stays valid at the CA until it expires).\n"),
		       a->pos[0]);
	return EXIT_OK;
}

/* Parses --renew-at: "now", a date (YYYY-MM-DD, UTC) or a Unix time.
 * Returns -1 when invalid. */
static int64_t parse_when(const char *s)
{
	struct tm tm;
	char *end;
	long v;

	memset(&tm, 0, sizeof(tm));
	if (strcmp(s, "now") == 0)
		return time(NULL);
	end = strptime(s, "%Y-%m-%d", &tm);
	if (end != NULL && *end == '\0')
		return timegm(&tm);
	if (cli_parse_long(s, 1, LONG_MAX, &v) != 0)
		return -1;
	return v;
}

/* The method options as the settings every name gets (method_apply on
 * a plain name: lc_cert_set() checks them against the real names). */
static int set_method(struct cli *c, struct cert_args *a, struct domain_row *m)
{
	memset(m, 0, sizeof(*m));
	m->name = (char *)"";
	m->ident_type = DOM_IDENT_DNS;
	return method_apply(c, &a->m, m);
}

/* Translates what `cert set` was given into the change lc_cert_set()
 * takes (strings borrowed from a and deploy_abs). */
static void set_params(struct cert_args *a, const char *name, int64_t when,
		       const char *deploy_abs, struct lc_cert_set_params *p)
{
	struct cert_settings *cs = &p->cs;

	memset(p, 0, sizeof(*p));
	p->name = name;
	p->renew_at = when;
	cs->key_type = a->key_type;
	cs->profile = a->profile;
	cs->preferred_chain = a->preferred_chain;
	cs->deploy_dir = a->deploy_dir ? (a->deploy_dir[0] ? deploy_abs : "")
				       : NULL;
	cs->reload_cmd = a->reload_cmd;
	cs->deploy_hook = a->deploy_hook;
	cs->pre_hook = a->pre_hook;
	cs->post_hook = a->post_hook;
	cs->probe_endpoints = a->probe_given ? a->probes : NULL;
	deploytgt_to_settings(&a->dt, cs);
}

/* Hands the change to lc_cert_set(); a method a name cannot use stays
 * a usage error, as `cert add` gives it. */
static int set_apply(struct cli *c, struct cert_args *a, struct store *st,
		     int64_t when, const char *deploy_abs)
{
	struct lc_cert_set_params p;
	struct domain_row m;
	enum lc_cert_field bad = LC_CERT_F_NONE;
	struct err e = { 0 };
	int rc;

	set_params(a, a->pos[0], when, deploy_abs, &p);
	if (a->m.given) {
		rc = set_method(c, a, &m);
		if (rc != EXIT_OK)
			return rc;
		p.method = &m;
	}
	if (lc_cert_set(st, &p, &bad, &e) == RC_OK)
		return EXIT_OK;
	if (bad == LC_CERT_F_METHOD)
		return cli_usage_error(c, "%s", err_text(&e));
	return cli_fail(c, &e);
}

/* `cert set NAME [any option cert add takes] [--renew-at WHEN]`: changes
 * a certificate's settings; --renew-at now has the next cron run renew
 * it.  An empty value ("") clears a setting.  The options are checked
 * here, as every subcommand does; lc_cert_set() checks and writes. */
static int cmd_set(struct cli *c, struct cert_args *a)
{
	char deploy_abs[PATH_MAX];
	struct err e = { 0 };
	struct store *st;
	int64_t when = -1;
	int rc;

	if (a->npos != 1 || a->n_domains > 0 || a->account != NULL)
		return cli_usage_error(c, _("usage: cert set NAME [--renew-at "
					    "now|UNIX-TIME|YYYY-MM-DD] "
					    "[cert add options, except -d and "
					    "--account]"));
	if (a->renew_at != NULL) {
		when = parse_when(a->renew_at);
		if (when < 0)
			return cli_usage_error(c, _("invalid --renew-at '%s'"),
					       a->renew_at);
	}
	if (a->key_type != NULL && key_type_parse(a->key_type) == KEY__INVALID)
		return cli_usage_error(c, _("unknown key type '%s'"),
				       a->key_type);
	if (a->deploy_dir != NULL && a->deploy_dir[0] != '\0' &&
	    cli_absolute_path(a->deploy_dir, deploy_abs, sizeof(deploy_abs)) !=
		    0)
		return cli_usage_error(c, _("--deploy-dir %s: %s"),
				       a->deploy_dir, strerror(errno));
	if (a->m.given) {
		rc = method_finish(c, &a->m);
		if (rc != EXIT_OK)
			return rc;
	}
	rc = check_commands(c, a);
	if (rc != EXIT_OK)
		return rc;
	st = cli_store(c, &e);
	if (st == NULL)
		return cli_fail(c, &e);
	return set_apply(c, a, st, when, deploy_abs);
}

static int cmd_issue_v(struct cli *c, struct cert_args *a)
{
	return cmd_issue(c, a, LC_ISSUE);
}

/* `cert renew NAME --dry-run`: rehearses the renewal at the staging
 * server (lifecycle/dryrun.h); the schedule, the stored certificate and
 * the deployed files stay as they are. */
/* The stable name of a rehearsal's outcome in --json. */
static const char *dryrun_result_name(enum dryrun_verdict v)
{
	switch (v) {
	case DRYRUN_OK:
		return "ok";
	case DRYRUN_FAILED:
		return "failed";
	default:
		return "not_rehearsed";
	}
}

static int renew_dry_run(struct cli *c, const char *name)
{
	enum dryrun_verdict v = DRYRUN_FAILED;
	struct err e = { 0 };
	struct lc lc = { 0 };
	char msg[ERR_MSG_MAX], safe[128];
	enum rc rc;

	if (!cli_lc_open(c, &lc, &e)) {
		cli_lc_close(&lc);
		return cli_fail(c, &e);
	}
	msg[0] = '\0';
	rc = lc_cert_dry_run(&lc, name, env_get()->staging_url, &v, msg,
			     sizeof(msg), &e);
	cli_lc_close(&lc);
	if (rc != RC_OK)
		return cli_fail(c, &e);
	if (c->json) {
		struct json_object *o = json_object_new_object();

		fmt_json_str(o, "name", name);
		json_object_object_add(o, "dry_run",
				       json_object_new_boolean(1));
		fmt_json_str(o, "result", dryrun_result_name(v));
		fmt_json_str(o, "message", msg[0] ? msg : NULL);
		cli_print_json(o);
	}
	safe_line(safe, sizeof(safe), name, strlen(name));
	if (v == DRYRUN_FAILED) {
		fprintf(stderr, _("%s: dry run failed: %s\n"), safe, msg);
		return EXIT_FAILED;
	}
	if (!c->quiet && !c->json)
		printf("%s: %s%s%s\n", safe,
		       v == DRYRUN_OK ? _("dry run ok") : _("not rehearsed"),
		       msg[0] ? ": " : "", msg);
	return EXIT_OK;
}

/* Asks on a terminal before renewing r ahead of its schedule; 1 to go
 * on (also when not on a terminal, or with --yes). */
static int confirm_early(const struct cert_args *a, const struct cert_row *r)
{
	char when[40], safe[128], question[256];

	if (a->yes || !prompt_can_ask())
		return 1;
	snprintf(question, sizeof(question),
		 _("'%s' is not due until %s. Renew it now? [y/N] "),
		 safe_line(safe, sizeof(safe), r->name, strlen(r->name)),
		 fmt_time(r->renew_at, when, sizeof(when)));
	return prompt_yes(stderr, question);
}

/* `cert renew NAME [--force] [--dry-run]`: renews when due (certbot's
 * rule); --force renews now whatever the schedule. */
static int cmd_renew_v(struct cli *c, struct cert_args *a)
{
	struct cert_row r = { 0 };
	struct err e = { 0 };
	struct store *st;
	char when[40], safe[128];
	int rc = EXIT_OK, early;

	if (a->npos != 1)
		return cli_usage_error(c, _("usage: cert renew NAME [--force | "
					    "--dry-run] [--wait SECONDS]"));
	if (a->force && a->dry_run)
		return cli_usage_error(c, _("--force does not apply to "
					    "--dry-run, which rehearses "
					    "whatever the schedule"));
	if (a->dry_run)
		return renew_dry_run(c, a->pos[0]);
	st = cli_store(c, &e);
	if (st == NULL ||
	    store_cert_get_by_name(st, a->pos[0], &r, &e) != RC_OK) {
		cert_row_clear(&r);
		return cli_fail(c, &e);
	}
	/* Never issued (or not yet scheduled): nothing to wait for. */
	early = r.renew_at > (int64_t)time(NULL) && r.cert_pem != NULL;
	if (early && !a->force) {
		if (c->json)
			print_issue_json(&r, 0);
		else if (!c->quiet)
			printf(_("%s: not due until %s; --force renews it "
				 "now.\n"),
			       safe_line(safe, sizeof(safe), r.name,
					 strlen(r.name)),
			       fmt_time(r.renew_at, when, sizeof(when)));
	} else if (early && !confirm_early(a, &r)) {
		if (c->json)
			print_issue_json(&r, 0);
		fprintf(stderr, _("%s: not renewed.\n"),
			safe_line(safe, sizeof(safe), r.name, strlen(r.name)));
		rc = EXIT_FAILED;
	} else {
		rc = -1;
	}
	cert_row_clear(&r);
	return rc >= 0 ? rc : cmd_issue(c, a, LC_RENEW);
}

static int cmd_list_v(struct cli *c, struct cert_args *a)
{
	(void)a;
	return cmd_list(c);
}

/* The cert verbs. */
static const struct {
	const char *name;
	int (*run)(struct cli *c, struct cert_args *a);
} verbs[] = {
	{ "add", cmd_add },	  { "issue", cmd_issue_v },
	{ "renew", cmd_renew_v }, { "revoke", cmd_revoke },
	{ "show", cmd_show },	  { "list", cmd_list_v },
	{ "export", cmd_export }, { "delete", cmd_delete },
	{ "set", cmd_set },
};

/* Verbs that parse their own options (src/cli/deploy.c). */
static const struct {
	const char *name;
	int (*run)(struct cli *c, int argc, char **argv);
} own_verbs[] = {
	{ "deploy", cli_cert_deploy },
	{ "probe", cli_cert_probe },
	{ "import", cli_cert_import },
};

int cli_cert(struct cli *c, int argc, char **argv)
{
	struct cert_args a;
	size_t i;
	const char *verb = argc > 1 ? argv[1] : "";
	int rc;

	if (argc < 2)
		return cli_usage_error(c,
				       _("usage: cert add|issue|renew|revoke|"
					 "deploy|probe|show|list|export|"
					 "delete|set|import"));
	for (i = 0; i < sizeof(own_verbs) / sizeof(own_verbs[0]); i++)
		if (strcmp(verb, own_verbs[i].name) == 0)
			return own_verbs[i].run(c, argc, argv);
	rc = parse_args(c, argc, argv, &a);
	if (rc != EXIT_OK)
		return rc;
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		if (strcmp(verb, verbs[i].name) == 0) {
			rc = verbs[i].run(c, &a);
			method_clear(&a.m);
			return rc;
		}
	}
	return cli_usage_error(c, _("unknown cert command '%s'"), verb);
}
