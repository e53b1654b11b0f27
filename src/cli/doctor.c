/* SPDX-License-Identifier: ISC */
/* doctor.c - `acmetui doctor NAME`: pre-flight and post-failure checks of
 * one certificate (src/diagnose/doctor.h), as a table or --json. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/fmt.h"
#include "cli/intopt.h"
#include "db/store_certs.h"
#include "diagnose/doctor.h"
#include "lifecycle/lc.h"
#include "dns/resolve.h"
#include "util/safe.h"

enum { OPT_RESOLVER = OPT_FIRST_LOCAL, OPT_TIMEOUT, OPT_NO_RECORD };

static const struct option doctor_opts[] = {
	CLI_GLOBAL_LONGOPTS,
	{ "resolver", required_argument, NULL, OPT_RESOLVER },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ NULL, 0, NULL, 0 }
};

/* The marker of a status in the table. */
static const char *marker(enum doctor_status s)
{
	switch (s) {
	case DOCTOR_PASS:
		return _("[ ok ]");
	case DOCTOR_WARN:
		return _("[warn]");
	case DOCTOR_FAIL:
		return _("[FAIL]");
	}
	return "[FAIL]";
}

static void print_table(const struct doctor_report *r)
{
	size_t i;

	printf("%-12s %-28s %-6s %s\n", _("CHECK"), _("DOMAIN"), _("RESULT"),
	       _("REASON / ADVICE"));
	for (i = 0; i < r->n; i++) {
		const struct doctor_result *x = &r->v[i];

		/* Results are printable lines already (doctor_add). */
		printf("%-12s %-28s %-6s %s\n", x->check,
		       x->domain ? x->domain : "-", marker(x->status),
		       x->reason);
		if (x->advice != NULL)
			printf("%-12s %-28s %-6s -> %s\n", "", "", "",
			       x->advice);
	}
}

/* {"certificate": NAME, "checks": [...]}. */
static struct json_object *report_json(const char *name,
				       const struct doctor_report *r)
{
	struct json_object *top = json_object_new_object();
	struct json_object *arr = json_object_new_array();
	size_t i;

	for (i = 0; i < r->n; i++) {
		struct json_object *o = json_object_new_object();

		fmt_json_str(o, "check", r->v[i].check);
		fmt_json_str(o, "domain", r->v[i].domain);
		fmt_json_str(o, "result", doctor_status_name(r->v[i].status));
		fmt_json_str(o, "reason", r->v[i].reason);
		fmt_json_str(o, "advice", r->v[i].advice);
		json_object_array_add(arr, o);
	}
	fmt_json_str(top, "certificate", name);
	json_object_object_add(top, "checks", arr);
	return top;
}

int cli_doctor(struct cli *c, int argc, char **argv)
{
	struct doctor_opts o = { 0 };
	struct doctor_report rep = { 0 };
	struct err e = { 0 };
	struct lc lc;
	long v;
	int opt, rc;

	optind = 0;
	while ((opt = getopt_long(argc, argv, "qv", doctor_opts, NULL)) != -1) {
		if (cli_global_opt(c, opt, optarg))
			continue;
		switch (opt) {
		case OPT_RESOLVER:
			if (dns_server_spec_check(optarg, &e) != RC_OK)
				return cli_fail(c, &e);
			o.resolver = optarg;
			break;
		case OPT_TIMEOUT:
			if (cli_int_option(c, "--timeout", optarg, 1, 600,
					   &v) != EXIT_OK)
				return EXIT_USAGE;
			o.timeout_ms = (int)v * 1000;
			break;
		default:
			return cli_bad_option(c, argc, argv, "qv");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(c, _("usage: doctor NAME [--resolver "
					    "HOST:PORT] [--timeout SECONDS]"));
	/* Through the lifecycle, so the findings are events as in the
	 * TUI; the table below shows them, not the progress lines. */
	if (!cli_lc_open(c, &lc, &e)) {
		cli_lc_close(&lc);
		return cli_fail(c, &e);
	}
	lc.progress = NULL;
	if (lc_cert_doctor_run(&lc, argv[optind], &o, &rep, &e) != RC_OK) {
		cli_lc_close(&lc);
		doctor_report_clear(&rep);
		return cli_fail(c, &e);
	}
	cli_lc_close(&lc);
	if (c->json)
		cli_print_json(report_json(argv[optind], &rep));
	else if (!c->quiet || doctor_worst(&rep) == DOCTOR_FAIL)
		print_table(&rep);
	rc = doctor_worst(&rep) == DOCTOR_FAIL ? EXIT_FAILED : EXIT_OK;
	doctor_report_clear(&rep);
	return rc;
}
