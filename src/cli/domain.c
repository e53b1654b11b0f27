/* SPDX-License-Identifier: ISC */
/* domain.c - `acmetui domain ...`: how each name is validated.  Settings
 * live per domain, so one certificate can mix methods (one name by
 * HTTP-01, another by DNS-01) and every certificate naming a domain uses
 * the same settings. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/fmt.h"
#include "cli/method.h"
#include "db/store.h"
#include "db/store_domains.h"
#include "lifecycle/domainset.h"
#include "parse/domain.h"
#include "util/safe.h"

static const struct option domain_opts[] = { CLI_GLOBAL_LONGOPTS,
					     METHOD_LONGOPTS,
					     { NULL, 0, NULL, 0 } };

/* One domain as JSON (never the TSIG secret). */
static struct json_object *domain_json(const struct domain_row *d)
{
	struct json_object *o = json_object_new_object();
	char how[700];

	method_describe(d, how, sizeof(how));
	fmt_json_str(o, "name", d->name);
	fmt_json_str(o, "type", dom_ident_name(d->ident_type));
	fmt_json_str(o, "method", dom_method_name(d->method));
	fmt_json_str(o, "validation", how);
	fmt_json_str(o, "dns_resolver", d->dns_resolver);
	fmt_json_str(o, "dns_check", d->dns_check);
	fmt_json_str(o, "tsig_name", d->tsig_name);
	fmt_json_str(o, "tsig_secret", d->tsig_secret ? "********" : NULL);
	fmt_json_time(o, "last_check_at", d->last_check_at);
	fmt_json_str(o, "last_check_result", d->last_check_result);
	return o;
}

static int cmd_list(struct cli *c)
{
	struct domain_row *rows = NULL;
	struct json_object *arr = NULL;
	struct err e = { 0 };
	struct store *st = cli_store(c, &e);
	char how[700], nm[300];
	size_t n = 0, i;

	if (st == NULL || store_domain_list(st, &rows, &n, &e) != RC_OK)
		return cli_fail(c, &e);
	if (c->json)
		arr = json_object_new_array();
	else if (!c->quiet)
		printf("%-40s %s\n", _("DOMAIN"), _("VALIDATION"));
	for (i = 0; i < n; i++) {
		if (arr != NULL) {
			json_object_array_add(arr, domain_json(&rows[i]));
			continue;
		}
		method_describe(&rows[i], how, sizeof(how));
		if (!c->quiet)
			printf("%-40s %s\n",
			       safe_line(nm, sizeof(nm), rows[i].name,
					 strlen(rows[i].name)),
			       how);
	}
	domain_rows_free(rows, n);
	if (arr != NULL)
		cli_print_json_list("domains", arr);
	return EXIT_OK;
}

static int cmd_show(struct cli *c, const char *name)
{
	struct domain_row d = { 0 };
	struct err e = { 0 };
	struct store *st = cli_store(c, &e);

	if (st == NULL || store_domain_get(st, name, &d, &e) != RC_OK)
		return cli_fail(c, &e);
	if (c->json)
		cli_print_json(domain_json(&d));
	else
		fmt_print_object(domain_json(&d));
	domain_row_clear(&d);
	return EXIT_OK;
}

/* Replaces how an existing domain is validated. */
static int cmd_set(struct cli *c, struct method_opts *m, const char *arg)
{
	char name[DOMAIN_BUFSZ];
	struct domain_row old = { 0 }, d = { 0 };
	enum domain_kind kind;
	struct err e = { 0 };
	struct store *st;
	int rc;

	if (!m->given)
		return cli_usage_error(c, _("usage: domain set DOMAIN "
					    "--webroot DIR | --standalone | "
					    "--challenge dns-01 --dns-hook CMD "
					    "| ..."));
	if (domain_normalize(arg, name, sizeof(name), &kind, &e) != RC_OK)
		return cli_fail(c, &e);
	rc = method_finish(c, m);
	if (rc != EXIT_OK)
		return rc;
	st = cli_store(c, &e);
	if (st == NULL || store_domain_get(st, name, &old, &e) != RC_OK)
		return cli_fail(c, &e);
	d.name = name;
	d.ident_type = old.ident_type;
	rc = method_apply(c, m, &d);
	if (rc == EXIT_OK && lc_domain_set(st, &d, &e) != RC_OK)
		rc = cli_fail(c, &e);
	if (rc == EXIT_OK && !c->quiet) {
		char how[700];

		method_describe(&d, how, sizeof(how));
		printf(_("%s: %s\n"), name, how);
	}
	domain_row_clear(&old);
	return rc;
}

int cli_domain(struct cli *c, int argc, char **argv)
{
	struct method_opts m = { 0 };
	const char *verb = argc > 1 ? argv[1] : "";
	char **pos;
	int opt, npos, rc;

	optind = 0;
	while ((opt = getopt_long(argc - 1, argv + 1, "qv", domain_opts,
				  NULL)) != -1) {
		if (cli_global_opt(c, opt, optarg))
			continue;
		switch (method_opt(c, &m, opt, optarg)) {
		case 1:
			continue;
		case 0:
			return cli_bad_option(c, argc - 1, argv + 1, "qv");
		default:
			return EXIT_USAGE; /* method_opt named the value */
		}
	}
	pos = argv + 1 + optind;
	npos = argc - 1 - optind;
	if (strcmp(verb, "list") == 0 && npos == 0)
		rc = cmd_list(c);
	else if (strcmp(verb, "show") == 0 && npos == 1)
		rc = cmd_show(c, pos[0]);
	else if (strcmp(verb, "set") == 0 && npos == 1)
		rc = cmd_set(c, &m, pos[0]);
	else
		rc = cli_usage_error(c, _("usage: domain list | show DOMAIN | "
					  "set DOMAIN [method options]"));
	method_clear(&m);
	return rc;
}
