/* SPDX-License-Identifier: ISC */
/* migrate.c - `acmetui migrate certbot [--config-dir DIR] [--dry-run]`
 * and `acmetui migrate lego [--path DIR] [--server URL] [--email E]
 * (--webroot DIR | --standalone [--http-port N] | --dns-hook CMD | ...)
 * [--dry-run]`: takes over another ACME client's certificates without
 * reissuing them (src/migrate/ reads the other tool's tree; nothing
 * there is written).  lego records no validation method, so the
 * operator names the one lego ran with (the method options of `cert
 * add`); certbot's come from its renewal confs, and method options are
 * refused there.  `acmetui migrate acme.sh [--home DIR] [--dry-run]`
 * takes acme.sh's domains (default ~/.acme.sh) with their install paths.
 *
 * The plan is printed first (each certificate: stored, unchanged,
 * refused and why; its names and validation method; what cannot be
 * carried over and what to do instead); --dry-run stops there and does
 * not even open the inventory.  Exit status: 0 when every certificate
 * was stored or already there, 1 when one was refused or conflicts,
 * 2 for usage or an unreadable tree, 3 for the inventory. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/fmt.h"
#include "cli/deploytgt.h"
#include "cli/method.h"
#include "migrate/acmesh.h"
#include "migrate/certbot.h"
#include "migrate/lego.h"
#include "migrate/plan.h"
#include "migrate/tree.h"
#include "util/env.h"
#include "util/safe.h"

#define CERTBOT_DEFAULT_DIR "/etc/letsencrypt"
#define LEGO_DEFAULT_DIR ".lego"

enum {
	OPT_CONFIG_DIR = OPT_METHOD_LAST,
	OPT_PATH,
	OPT_HOME,
	OPT_LIVE_DIR,
	OPT_SERVER,
	OPT_EMAIL,
	OPT_DRY_RUN,
	OPT_HELP
};

static const struct option certbot_opts[] = {
	CLI_GLOBAL_LONGOPTS,
	{ "config-dir", required_argument, NULL, OPT_CONFIG_DIR },
	{ "live-dir", required_argument, NULL, OPT_LIVE_DIR },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 }
};

static const struct option acmesh_opts[] = {
	CLI_GLOBAL_LONGOPTS,
	{ "home", required_argument, NULL, OPT_HOME },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 }
};

/* The tools migrate takes over. */
enum source { SRC_CERTBOT, SRC_LEGO, SRC_ACMESH };

static const struct option lego_opts[] = {
	CLI_GLOBAL_LONGOPTS,
	METHOD_LONGOPTS,
	{ "path", required_argument, NULL, OPT_PATH },
	{ "server", required_argument, NULL, OPT_SERVER },
	{ "email", required_argument, NULL, OPT_EMAIL },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 }
};

struct migrate_args {
	const char *dir;
	char home_dir[4096];  /* acme.sh's default, from $HOME */
	const char *live_dir; /* certbot, absolute */
	char live_abs[PATH_MAX];
	const char *server;   /* lego */
	const char *email;    /* lego */
	struct method_opts m; /* lego */
	int dry_run;
};

/* What the command prints per certificate, as text or JSON. */
struct migrate_out {
	struct cli *c;
	struct json_object *arr; /* --json: the certificates */
};

static void usage(FILE *f)
{
	fputs(_("usage: acmetui migrate certbot [--config-dir DIR] "
		"[--live-dir DIR] [--dry-run] [--json]\n"
		"       acmetui migrate lego [--path DIR] [--server URL] "
		"[--email E]\n"
		"               (--webroot DIR | --standalone [--http-port N] "
		"| --dns-hook CMD ...)\n"
		"               [--dry-run] [--json]\n"
		"       acmetui migrate acme.sh [--home DIR] [--dry-run] "
		"[--json]\n"
		"Takes over another ACME client's certificates, keys and "
		"accounts without\nreissuing; the other tool's files are "
		"only read.\n"),
	      f);
}

/* Parses the options of the source (certbot or lego).  EXIT_OK, an
 * exit status, or -1 after --help. */
static int parse_args(struct cli *c, int argc, char **argv, enum source src,
		      struct migrate_args *a)
{
	static const struct option *const opts[] = { certbot_opts, lego_opts,
						     acmesh_opts };
	const char *home = env_get()->home;
	int lego = src == SRC_LEGO, opt, r;

	memset(a, 0, sizeof(*a));
	snprintf(a->home_dir, sizeof(a->home_dir), "%s/.acme.sh",
		 home != NULL && home[0] == '/' ? home : "");
	a->dir = src == SRC_LEGO     ? LEGO_DEFAULT_DIR
		 : src == SRC_ACMESH ? a->home_dir
				     : CERTBOT_DEFAULT_DIR;
	a->server = LEGO_DEFAULT_SERVER;
	optind = 0;
	while ((opt = getopt_long(argc - 1, argv + 1, "qv", opts[src], NULL)) !=
	       -1) {
		if (cli_global_opt(c, opt, optarg))
			continue;
		r = lego ? method_opt(c, &a->m, opt, optarg) : 0;
		if (r < 0)
			return EXIT_USAGE;
		if (r > 0)
			continue;
		switch (opt) {
		case OPT_CONFIG_DIR:
		case OPT_PATH:
		case OPT_HOME:
			a->dir = optarg;
			break;
		case OPT_LIVE_DIR:
			if (cli_absolute_path(optarg, a->live_abs,
					      sizeof(a->live_abs)) != 0)
				return cli_usage_error(c,
						       _("--live-dir %s: %s"),
						       optarg, strerror(errno));
			a->live_dir = a->live_abs;
			break;
		case OPT_SERVER:
			a->server = optarg;
			break;
		case OPT_EMAIL:
			a->email = optarg;
			break;
		case OPT_DRY_RUN:
			a->dry_run = 1;
			break;
		case OPT_HELP:
			usage(stdout);
			return -1;
		default:
			return cli_bad_option(c, argc - 1, argv + 1, "qv");
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(c, _("unexpected argument '%s'"),
				       argv[1 + optind]);
	if (lego && !a->m.given)
		return cli_usage_error(c, _("lego does not record how it "
					    "validated: give the method it "
					    "ran with (--webroot DIR, "
					    "--standalone [--http-port N], "
					    "--dns-hook CMD, ...)"));
	return lego ? method_finish(c, &a->m) : EXIT_OK;
}

/* One certificate as JSON. */
static struct json_object *cert_json(const struct mig_plan *p,
				     const struct mig_cert *m,
				     enum mig_verdict verdict)
{
	struct json_object *o = json_object_new_object();
	struct json_object *doms = json_object_new_array();
	struct json_object *notes = json_object_new_array();
	char method[700];
	size_t i;

	fmt_json_str(o, "name", m->name);
	fmt_json_str(o, "source", m->source);
	fmt_json_str(o, "result",
		     m->error ? "refused" : mig_verdict_name(verdict));
	fmt_json_str(o, "error", m->error);
	if (m->account >= 0)
		fmt_json_str(o, "account", p->accts[m->account].name);
	fmt_json_str(o, "serial", m->ci.serial);
	fmt_json_str(o, "key_type", m->key_type);
	if (m->error == NULL)
		fmt_json_time(o, "not_after", (int64_t)m->ci.not_after);
	for (i = 0; i < m->n_doms; i++) {
		struct json_object *d = json_object_new_object();

		method_describe(&m->doms[i], method, sizeof(method));
		fmt_json_str(d, "name", m->doms[i].name);
		fmt_json_str(d, "method", dom_method_name(m->doms[i].method));
		fmt_json_str(d, "validation", method);
		json_object_array_add(doms, d);
	}
	for (i = 0; i < m->n_notes; i++)
		json_object_array_add(notes,
				      json_object_new_string(m->notes[i]));
	fmt_json_str(o, "deploy_dir", m->deploy_dir);
	fmt_json_str(o, "deploy_hook", m->deploy_hook);
	fmt_json_str(o, "pre_hook", m->pre_hook);
	fmt_json_str(o, "post_hook", m->post_hook);
	fmt_json_str(o, "reload_cmd", m->reload_cmd);
	json_object_object_add(o, "domains", doms);
	json_object_object_add(o, "notes", notes);
	return o;
}

/* Prints "  LABEL: VALUE" for a value from the other tool's files. */
static void text_field(const char *label, const char *value)
{
	char clean[1024];

	if (value != NULL)
		printf("  %s: %s\n", label,
		       safe_line(clean, sizeof(clean), value, strlen(value)));
}

/* Where renewals are installed and what runs after. */
static void cert_text_deploy(const struct mig_cert *m)
{
	text_field(_("deploy to"), m->deploy_dir);
	text_field(_("certificate file"), m->deploy_cert_path);
	text_field(_("chain file"), m->deploy_chain_path);
	text_field(_("full chain file"), m->deploy_fullchain_path);
	text_field(_("key file"), m->deploy_key_path);
	text_field(_("reload command"), m->reload_cmd);
	text_field(_("deploy hook"), m->deploy_hook);
	text_field(_("pre hook"), m->pre_hook);
	text_field(_("post hook"), m->post_hook);
}

/* One certificate as text: the verdict line, its names, the notes. */
static void cert_text(const struct mig_plan *p, const struct mig_cert *m,
		      enum mig_verdict verdict)
{
	char method[700], until[40];
	size_t i;

	if (m->error != NULL) {
		printf(_("%s (%s): refused: %s\n"), m->name, m->source,
		       m->error);
		return;
	}
	printf(_("%s (%s): %s; account %s, %s, serial %s, valid until %s\n"),
	       m->name, m->source, mig_verdict_text(verdict),
	       p->accts[m->account].name, m->key_type, m->ci.serial,
	       fmt_time((int64_t)m->ci.not_after, until, sizeof(until)));
	for (i = 0; i < m->n_doms; i++) {
		method_describe(&m->doms[i], method, sizeof(method));
		printf("  %s  %s\n", m->doms[i].name, method);
	}
	cert_text_deploy(m);
	for (i = 0; i < m->n_notes; i++)
		printf(_("  note: %s\n"), m->notes[i]);
}

/* Prints one certificate's outcome (also the apply callback). */
static void emit(struct migrate_out *o, const struct mig_plan *p,
		 const struct mig_cert *m, enum mig_verdict verdict)
{
	if (o->c->json)
		json_object_array_add(o->arr, cert_json(p, m, verdict));
	else if (!o->c->quiet || m->error != NULL)
		cert_text(p, m, verdict);
}

struct apply_ud {
	struct migrate_out *o;
	const struct mig_plan *p;
};

static void apply_report(void *ud, const struct mig_cert *m,
			 enum mig_verdict verdict)
{
	struct apply_ud *u = ud;

	emit(u->o, u->p, m, verdict);
}

/* Prints the refused ones, then (unless dry_run) stores the rest. */
static int run_plan(struct cli *c, struct mig_plan *p, int dry_run)
{
	struct migrate_out o = { c, NULL };
	struct apply_ud u = { &o, p };
	struct mig_result r = { 0 };
	struct err e = { 0 };
	struct store *st;
	size_t i;

	if (c->json)
		o.arr = json_object_new_array();
	for (i = 0; i < p->n_certs; i++)
		if (p->certs[i].error != NULL || dry_run)
			emit(&o, p, &p->certs[i], MIG_WOULD_STORE);
	if (!dry_run) {
		st = cli_store(c, &e);
		if (st == NULL ||
		    mig_plan_apply(st, p, &r, apply_report, &u, &e) != RC_OK) {
			json_object_put(o.arr);
			return cli_fail(c, &e);
		}
	}
	if (c->json) {
		struct json_object *top = json_object_new_object();

		fmt_json_str(top, "tool", p->tool);
		json_object_object_add(top, "dry_run",
				       json_object_new_boolean(dry_run));
		json_object_object_add(top, "certificates", o.arr);
		cli_print_json(top);
	} else if (!c->quiet && !dry_run) {
		printf(_("%zu stored, %zu unchanged, %zu refused, %zu "
			 "conflicting; %zu new account(s).\n"),
		       r.stored, r.unchanged, r.refused, r.conflicts,
		       r.accounts_new);
	}
	for (i = 0; i < p->n_certs; i++)
		if (p->certs[i].error != NULL)
			return EXIT_FAILED;
	return r.conflicts > 0 ? EXIT_FAILED : EXIT_OK;
}

/* Sets the operator's method on every name of every lego certificate;
 * a name it cannot validate (a wildcard without dns-01) refuses its
 * certificate. */
static void lego_methods(struct cli *c, struct mig_plan *p,
			 const struct method_opts *m)
{
	size_t i, j;

	for (i = 0; i < p->n_certs; i++) {
		struct mig_cert *mc = &p->certs[i];

		for (j = 0; mc->error == NULL && j < mc->n_doms; j++) {
			struct domain_row d = { 0 };

			d.name = mc->doms[j].name;
			d.ident_type = mc->doms[j].ident_type;
			if (method_apply(c, m, &d) != EXIT_OK)
				mig_cert_refuse(mc,
						_("%s cannot be validated "
						  "with the method given"),
						d.name);
			else if (mig_dom_set_method(&mc->doms[j], &d) != 0)
				mig_cert_refuse(mc, "%s", rc_str(RC_NOMEM));
		}
		if (mc->error == NULL)
			mc->method_text = safe_dup(_("the method given"));
	}
}

/* Reads the source's tree into p. */
static enum rc read_source(struct cli *c, enum source src,
			   const struct migrate_args *a, const struct tree *t,
			   struct mig_plan *p, struct err *e)
{
	enum rc rc;

	if (src == SRC_CERTBOT)
		return certbot_read(t, a->live_dir, p, e);
	if (src == SRC_ACMESH)
		return acmesh_read(t, p, e);
	rc = lego_read(t, a->server, a->email, p, e);
	if (rc == RC_OK)
		lego_methods(c, p, &a->m);
	return rc;
}

static int migrate_from(struct cli *c, int argc, char **argv, enum source src)
{
	static const char *const tools[] = { "certbot", "lego", "acme.sh" };
	struct migrate_args a;
	struct mig_plan p = { 0 };
	struct tree t = { .root_fd = -1 };
	struct err e = { 0 };
	int ret;

	ret = parse_args(c, argc, argv, src, &a);
	if (ret != EXIT_OK) {
		method_clear(&a.m);
		return ret < 0 ? EXIT_OK : ret;
	}
	if (tree_open(&t, a.dir, &e) != RC_OK ||
	    mig_plan_init(&p, tools[src], &e) != RC_OK ||
	    read_source(c, src, &a, &t, &p, &e) != RC_OK) {
		if (e.rc == RC_NOTFOUND)
			e.rc = RC_INPUT;
		ret = cli_fail(c, &e);
	} else if (p.n_certs == 0) {
		/* Most likely the wrong directory: say so, store nothing. */
		err_set(&e, RC_INPUT, _("%s: no %s certificate found"), a.dir,
			tools[src]);
		ret = cli_fail(c, &e);
	} else {
		ret = run_plan(c, &p, a.dry_run);
	}
	mig_plan_clear(&p);
	tree_close(&t);
	method_clear(&a.m);
	return ret;
}

int cli_migrate(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(c,
				       _("usage: migrate certbot|lego|acme.sh "
					 "[OPTIONS]"));
	if (strcmp(argv[1], "certbot") == 0)
		return migrate_from(c, argc, argv, SRC_CERTBOT);
	if (strcmp(argv[1], "lego") == 0)
		return migrate_from(c, argc, argv, SRC_LEGO);
	if (strcmp(argv[1], "acme.sh") == 0)
		return migrate_from(c, argc, argv, SRC_ACMESH);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	return cli_usage_error(
		c, _("migrate: unknown source '%s' (certbot, lego, acme.sh)"),
		argv[1]);
}
