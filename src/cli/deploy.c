/* SPDX-License-Identifier: ISC */
/* deploy.c - `acmetui cert deploy NAME` and `acmetui cert probe NAME
 * [HOST:PORT...]`: the Installation and Monitoring stages on demand. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/deploytgt.h"
#include "cli/fmt.h"
#include "db/store_certs.h"
#include "lifecycle/lc.h"
#include "monitor/probe.h"
#include "util/safe.h"

enum { OPT_SNI = OPT_FIRST_LOCAL };

static const struct option deploy_opts[] = { CLI_GLOBAL_LONGOPTS,
					     { NULL, 0, NULL, 0 } };

static const struct option probe_opts[] = { CLI_GLOBAL_LONGOPTS,
					    { "sni", required_argument, NULL,
					      OPT_SNI },
					    { NULL, 0, NULL, 0 } };

/* Parses the options after the verb (argv[1] stands in for the program
 * name, as in cert.c); *sni gets --sni when sni is not NULL.  Sets *pos
 * and *npos to the operands.  EXIT_OK or EXIT_USAGE. */
static int parse(struct cli *c, int argc, char **argv,
		 const struct option *opts, const char **sni, char ***pos,
		 int *npos)
{
	int opt;

	/* optind 0 resets GNU getopt fully (main() used it already). */
	optind = 0;
	while ((opt = getopt_long(argc - 1, argv + 1, "qv", opts, NULL)) !=
	       -1) {
		if (cli_global_opt(c, opt, optarg))
			continue;
		if (opt == OPT_SNI && sni != NULL) {
			*sni = optarg;
			continue;
		}
		return cli_bad_option(c, argc - 1, argv + 1, "qv");
	}
	*pos = argv + 1 + optind;
	*npos = argc - 1 - optind;
	return EXIT_OK;
}

int cli_cert_deploy(struct cli *c, int argc, char **argv)
{
	struct cert_row r = { 0 };
	struct err e = { 0 };
	struct lc lc = { 0 };
	char b1[512], b2[DEPLOY_PATH_MAX];
	char **pos = NULL;
	int npos = 0, rc;

	rc = parse(c, argc, argv, deploy_opts, NULL, &pos, &npos);
	if (rc != EXIT_OK)
		return rc;
	if (npos != 1)
		return cli_usage_error(c, _("usage: cert deploy NAME"));
	if (!cli_lc_open(c, &lc, &e) ||
	    lc_cert_deploy(&lc, pos[0], &e) != RC_OK ||
	    store_cert_get_by_name(lc.st, pos[0], &r, &e) != RC_OK) {
		cli_lc_close(&lc);
		cert_row_clear(&r);
		return cli_fail(c, &e);
	}
	cli_lc_close(&lc);
	if (c->json) {
		struct json_object *o = json_object_new_object();

		fmt_json_str(o, "name", r.name);
		fmt_json_str(o, "serial", r.serial);
		fmt_json_str(o, "deploy_dir", r.deploy_dir);
		fmt_json_str(o, "reload_cmd", r.reload_cmd);
		deploytgt_json(o, &r);
		fmt_json_str(o, "stage", cert_stage_name(r.stage));
		fmt_json_str(o, "status", cert_status_name(r.status));
		cli_print_json(o);
	} else if (!c->quiet) {
		printf(_("Certificate '%s' (serial %s) deployed to %s.\n"),
		       safe_line(b1, sizeof(b1), r.name, strlen(r.name)),
		       r.serial ? r.serial : "?",
		       deploytgt_place(&r, b2, sizeof(b2)));
	}
	cert_row_clear(&r);
	return EXIT_OK;
}

/* One probe result as JSON. */
static struct json_object *result_json(const struct probe_result *r)
{
	struct json_object *o = json_object_new_object();

	fmt_json_str(o, "endpoint", r->endpoint);
	fmt_json_str(o, "name", r->name);
	fmt_json_str(o, "verdict", probe_verdict_name(r->verdict));
	fmt_json_str(o, "serial", r->serial);
	fmt_json_str(o, "issuer", r->issuer);
	fmt_json_time(o, "not_before", r->not_before);
	fmt_json_time(o, "not_after", r->not_after);
	json_object_object_add(o, "chain_length",
			       json_object_new_int((int)r->chain_len));
	json_object_object_add(o, "verified",
			       json_object_new_boolean(r->verified));
	fmt_json_str(o, "verify_error", r->verify_error);
	fmt_json_str(o, "error", r->error);
	json_object_object_add(o, "elapsed_seconds",
			       json_object_new_int64(r->elapsed_ms / 1000));
	return o;
}

/* One probe result as a line an operator reads. */
static void result_print(const struct probe_result *r)
{
	char ep[300], nm[300], sr[200], why[600];

	safe_line(ep, sizeof(ep), r->endpoint, strlen(r->endpoint));
	safe_line(nm, sizeof(nm), r->name, strlen(r->name));
	if (r->verdict == PROBE_UNREACHABLE) {
		safe_line(why, sizeof(why), r->error ? r->error : "?",
			  r->error ? strlen(r->error) : 1);
		printf("%s (%s): %s: %s\n", ep, nm,
		       probe_verdict_text(r->verdict), why);
		return;
	}
	safe_line(sr, sizeof(sr), r->serial ? r->serial : "?",
		  r->serial ? strlen(r->serial) : 1);
	if (r->verified) {
		printf(_("%s (%s): %s (serial %s), chain verified\n"), ep, nm,
		       probe_verdict_text(r->verdict), sr);
	} else {
		safe_line(why, sizeof(why),
			  r->verify_error ? r->verify_error : "?",
			  r->verify_error ? strlen(r->verify_error) : 1);
		printf(_("%s (%s): %s (serial %s), chain NOT verified: %s\n"),
		       ep, nm, probe_verdict_text(r->verdict), sr, why);
	}
}

int cli_cert_probe(struct cli *c, int argc, char **argv)
{
	struct probe_result *res = NULL;
	struct json_object *arr = NULL;
	struct err e = { 0 };
	struct lc lc = { 0 };
	const char *sni = NULL;
	size_t n = 0, i;
	char **pos = NULL;
	int npos = 0, rc, good = 1;

	rc = parse(c, argc, argv, probe_opts, &sni, &pos, &npos);
	if (rc != EXIT_OK)
		return rc;
	if (npos < 1)
		return cli_usage_error(c, _("usage: cert probe NAME "
					    "[HOST[:PORT]...] [--sni NAME]"));
	if (!cli_lc_open(c, &lc, &e) ||
	    lc_cert_probe_as(&lc, pos[0], sni, (const char *const *)pos + 1,
			     (size_t)npos - 1, &res, &n, &e) != RC_OK) {
		cli_lc_close(&lc);
		return cli_fail(c, &e);
	}
	cli_lc_close(&lc);
	if (c->json)
		arr = json_object_new_array();
	for (i = 0; i < n; i++) {
		if (res[i].verdict != PROBE_CURRENT || !res[i].verified)
			good = 0;
		if (arr != NULL)
			json_object_array_add(arr, result_json(&res[i]));
		else if (!c->quiet)
			result_print(&res[i]);
	}
	if (arr != NULL)
		cli_print_json_list("probes", arr);
	probe_results_free(res, n);
	return good ? EXIT_OK : EXIT_FAILED;
}
