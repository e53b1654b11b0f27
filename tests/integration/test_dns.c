/* SPDX-License-Identifier: ISC */
/* test_dns.c - a small driver for the DNS integration tests: puts the
 * questions of src/dns to a server and runs the DNS-01 solvers, so that
 * shell scripts can check the results with dig against a real BIND.
 *
 *   test_dns [OPTIONS] txt NAME          values, one per line
 *   test_dns [OPTIONS] cname NAME        final target or "-"
 *   test_dns [OPTIONS] zone NAME         "ZONE MNAME"
 *   test_dns [OPTIONS] auth NAME         "NSNAME ADDR:PORT" per server
 *   test_dns [OPTIONS] caa NAME          "OWNER FLAGS TAG VALUE" per record
 *   test_dns [OPTIONS] wait NAME VALUE...  propagation wait
 *   test_dns [OPTIONS] solve hook|rfc2136 IDENTIFIER...
 *	presents one task per identifier (tokens from --seed), prints
 *	"VALUE <identifier> <txt value>" lines, runs solver_ready(), prints
 *	"READY", reads one line (or EOF) from stdin, cleans every task up,
 *	prints "CLEANED".  Errors go to stderr as "error: ..." (exit 1).
 *
 * OPTIONS: --server HOST:PORT (resolver), --timeout MS (per call),
 * --mode auth|resolver|none, --wait MS (propagation), --hook CMD,
 * --hook-timeout MS, --rfc2136-server S, --zone Z, --tsig-name N,
 * --tsig-alg A, --seed S; the TSIG secret comes from $TEST_TSIG_SECRET
 * (not argv).  Progress lines go to stderr as "# ...". */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acme/jws.h"
#include "dns/propagate.h"
#include "dns/resolve.h"
#include "solvers/solver.h"
#include "util/err.h"

#define THUMB "9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI"
#define TASKS_MAX 8

struct opts {
	const char *server, *hook, *rfc_server, *zone, *tsig_name, *tsig_alg;
	const char *seed;
	int timeout_ms, wait_ms, hook_timeout_ms, mode;
};

/* Prints a progress line from the solver or the wait. */
static void on_progress(void *arg, const char *msg)
{
	(void)arg;
	fprintf(stderr, "# %s\n", msg);
}

/* Prints e and returns the exit status 1. */
static int fail(const struct err *e)
{
	fprintf(stderr, "error: %s\n", err_text(e));
	return 1;
}

static int cmd_txt(const struct opts *o, const char *name)
{
	struct dns_opts d = { o->server, o->timeout_ms };
	struct dns_strlist l = { 0 };
	struct err e = { 0 };
	size_t i;

	if (dns_txt(&d, name, &l, &e) != RC_OK)
		return fail(&e);
	for (i = 0; i < l.n; i++)
		printf("%s\n", l.v[i]);
	dns_strlist_clear(&l);
	return 0;
}

static int cmd_cname(const struct opts *o, const char *name)
{
	struct dns_opts d = { o->server, o->timeout_ms };
	struct err e = { 0 };
	char *t = NULL;

	if (dns_cname_final(&d, name, &t, &e) != RC_OK)
		return fail(&e);
	printf("%s\n", t != NULL ? t : "-");
	free(t);
	return 0;
}

static int cmd_zone(const struct opts *o, const char *name)
{
	struct dns_opts d = { o->server, o->timeout_ms };
	struct err e = { 0 };
	char *z = NULL, *m = NULL;

	if (dns_zone_of(&d, name, &z, &m, &e) != RC_OK)
		return fail(&e);
	printf("%s %s\n", z, m);
	free(z);
	free(m);
	return 0;
}

static int cmd_auth(const struct opts *o, const char *name)
{
	struct dns_opts d = { o->server, o->timeout_ms };
	struct dns_server *v = NULL;
	struct err e = { 0 };
	char ep[64];
	size_t i, n = 0;

	if (dns_auth_servers(&d, name, &v, &n, &e) != RC_OK)
		return fail(&e);
	for (i = 0; i < n; i++)
		printf("%s %s\n", v[i].name,
		       dns_endpoint_str(&v[i].addr[0], ep, sizeof(ep)));
	free(v);
	return 0;
}

static int cmd_caa(const struct opts *o, const char *name)
{
	struct dns_opts d = { o->server, o->timeout_ms };
	struct dns_caa_set c = { 0 };
	struct err e = { 0 };
	size_t i;

	if (dns_caa_relevant(&d, name, &c, &e) != RC_OK)
		return fail(&e);
	for (i = 0; i < c.n; i++)
		printf("%s %u %s %s\n", c.owner, c.v[i].flags, c.v[i].tag,
		       c.v[i].value);
	if (c.n == 0)
		printf("-\n");
	dns_caa_set_clear(&c);
	return 0;
}

static int cmd_wait(const struct opts *o, const char *name,
		    const char *const *values, size_t n)
{
	struct dns_wait_opts w = { { o->server, o->timeout_ms },
				   (enum dns_check_mode)o->mode,
				   o->wait_ms,
				   0,
				   on_progress,
				   NULL };
	struct dns_wait_record r = { name, values, n };
	struct err e = { 0 };

	if (dns_wait_visible(&w, &r, 1, &e) != RC_OK)
		return fail(&e);
	printf("VISIBLE\n");
	return 0;
}

/* The token of task i: base64url, distinct per seed and index. */
static void task_token(const struct opts *o, size_t i, char *buf, size_t n)
{
	snprintf(buf, n, "tok%.16s%zuAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", o->seed,
		 i);
}

static int cmd_solve(const struct opts *o, const char *kind, char *const *ids,
		     size_t n)
{
	struct solver_config cfg = { 0 };
	struct solver_task t[TASKS_MAX] = { { 0 } };
	char tok[TASKS_MAX][80], ka[TASKS_MAX][200], line[16];
	struct solver *s = NULL;
	struct err e = { 0 };
	char *v;
	size_t i, presented = 0;
	int status = 1;

	if (n == 0 || n > TASKS_MAX) {
		fprintf(stderr, "error: 1..%d identifiers\n", TASKS_MAX);
		return 2;
	}
	cfg.kind = strcmp(kind, "hook") == 0 ? SOLVER_DNS01_HOOK
					     : SOLVER_DNS01_RFC2136;
	cfg.dns_resolver = o->server;
	cfg.dns_check = o->mode;
	cfg.dns_wait_ms = o->wait_ms;
	cfg.dns_progress = on_progress;
	cfg.dns_hook_command = o->hook;
	cfg.dns_hook_timeout_ms = o->hook_timeout_ms;
	cfg.rfc2136_server = o->rfc_server;
	cfg.rfc2136_zone = o->zone;
	cfg.tsig_name = o->tsig_name;
	cfg.tsig_algorithm = o->tsig_alg;
	cfg.tsig_secret = getenv("TEST_TSIG_SECRET");
	s = solver_new(&cfg, &e);
	if (s == NULL)
		return fail(&e);
	for (i = 0; i < n; i++) {
		task_token(o, i, tok[i], sizeof(tok[i]));
		snprintf(ka[i], sizeof(ka[i]), "%.79s.%s", tok[i], THUMB);
		t[i].identifier = ids[i];
		t[i].token = tok[i];
		t[i].key_authorization = ka[i];
		v = jws_dns01_value(ka[i], &e);
		if (v == NULL)
			goto out;
		printf("VALUE %s %s\n", ids[i], v);
		free(v);
	}
	fflush(stdout);
	for (i = 0; i < n; i++) {
		if (solver_present(s, &t[i], &e) != RC_OK)
			goto out;
		presented++;
	}
	if (solver_ready(s, &e) != RC_OK)
		goto out;
	printf("READY\n");
	fflush(stdout);
	if (fgets(line, sizeof(line), stdin) == NULL)
		clearerr(stdin);
	for (i = 0; i < presented; i++)
		if (solver_cleanup(s, &t[i], &e) != RC_OK)
			goto out;
	presented = 0;
	printf("CLEANED\n");
	status = 0;
out:
	if (status != 0)
		fail(&e);
	/* Also after a failure: what is still presented is cleaned up. */
	solver_free(s);
	fflush(stdout);
	return status;
}

/* Parses a non-negative number option. */
static int num(const char *s)
{
	return s != NULL ? atoi(s) : 0;
}

int main(int argc, char **argv)
{
	struct opts o = { 0 };
	int i;

	o.seed = "x";
	for (i = 1; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
		const char *k = argv[i], *v = argv[i + 1];

		if (strcmp(k, "--server") == 0)
			o.server = v;
		else if (strcmp(k, "--timeout") == 0)
			o.timeout_ms = num(v);
		else if (strcmp(k, "--wait") == 0)
			o.wait_ms = num(v);
		else if (strcmp(k, "--mode") == 0)
			o.mode = strcmp(v, "resolver") == 0 ? 1
				 : strcmp(v, "none") == 0   ? 2
							    : 0;
		else if (strcmp(k, "--hook") == 0)
			o.hook = v;
		else if (strcmp(k, "--hook-timeout") == 0)
			o.hook_timeout_ms = num(v);
		else if (strcmp(k, "--rfc2136-server") == 0)
			o.rfc_server = v;
		else if (strcmp(k, "--zone") == 0)
			o.zone = v;
		else if (strcmp(k, "--tsig-name") == 0)
			o.tsig_name = v;
		else if (strcmp(k, "--tsig-alg") == 0)
			o.tsig_alg = v;
		else if (strcmp(k, "--seed") == 0)
			o.seed = v;
		else
			break;
	}
	if (i + 1 >= argc) {
		fprintf(stderr, "usage: test_dns [OPTIONS] COMMAND ARGS\n");
		return 2;
	}
	if (strcmp(argv[i], "txt") == 0)
		return cmd_txt(&o, argv[i + 1]);
	if (strcmp(argv[i], "cname") == 0)
		return cmd_cname(&o, argv[i + 1]);
	if (strcmp(argv[i], "zone") == 0)
		return cmd_zone(&o, argv[i + 1]);
	if (strcmp(argv[i], "auth") == 0)
		return cmd_auth(&o, argv[i + 1]);
	if (strcmp(argv[i], "caa") == 0)
		return cmd_caa(&o, argv[i + 1]);
	if (strcmp(argv[i], "wait") == 0)
		return cmd_wait(&o, argv[i + 1],
				(const char *const *)argv + i + 2,
				(size_t)(argc - i - 2));
	if (strcmp(argv[i], "solve") == 0)
		return cmd_solve(&o, argv[i + 1], argv + i + 2,
				 (size_t)(argc - i - 2));
	fprintf(stderr, "test_dns: unknown command %s\n", argv[i]);
	return 2;
}
