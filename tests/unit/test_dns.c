/* SPDX-License-Identifier: ISC */
/* test_dns.c - the parts of DNS-01 that need no DNS server: the hook
 * command splitter, the hook runner (success, failure with stderr, a hang
 * killed at the bound, huge output, escape sequences, environment), the
 * hook solver end to end with the DNS check off, and the syntax checks of
 * src/dns (names, server addresses, TSIG keys). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "acme/jws.h"
#include "dns/resolve.h"
#include "dns/update.h"
#include "solvers/dns01_hook.h"
#include "util/proc.h"
#include "solvers/solver.h"
#include "tap.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/env.h"
#include "util/err.h"

#define TOKEN1 "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA"
#define TOKEN2 "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0"
#define TOKEN3 "Zx9cYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX1"
#define THUMB "9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI"

/* Collects log lines, one per line, into a buf. */
static void collect(void *arg, const char *line)
{
	struct buf *b = arg;

	buf_puts(b, line);
	buf_puts(b, "\n");
}

/* Runs cmd as a DNS hook with the four arguments of "add" and the
 * environment env; its output into log. */
static enum rc run_hook(const char *cmd, const char *const *env, int timeout_ms,
			struct buf *log, struct err *e)
{
	const char *args[] = { "add", "_acme-challenge.example.org", "VALUE",
			       "example.org", NULL };

	return dns01_hook_exec(cmd, args, env, timeout_ms, collect, log, e);
}

/* The hook's command line is the shell's to parse: quotes, variables,
 * && and pipes as in certbot's hooks; acmetui's arguments follow its
 * last command as words the shell does not parse; what cannot be a
 * command line is refused before anything runs. */
static void test_command_line(void)
{
	struct err e = { 0 };
	char big[DNS01_HOOK_CMD_MAX + 8];
	const char *env[] = { "ZONE=example.org", NULL };
	struct buf log;

	buf_init(&log, 1 << 20);
	is_int(run_hook("printf '[%s]' 'a b' \"c d\" e\\ f \"$ZONE\"", env,
			5000, &log, &e),
	       RC_OK, "a quoted hook command runs (%s)", e.msg);
	ok(strstr(log.data, "[a b][c d][e f][example.org][add]"
			    "[_acme-challenge.example.org][VALUE]"
			    "[example.org]") != NULL,
	   "the shell's quoting and variables, then our four words: %s",
	   log.data);
	buf_clear(&log);
	is_int(run_hook("false || echo fallback | tr a-z A-Z; echo", NULL, 5000,
			&log, &e),
	       RC_OK, "|| and | work (%s)", e.msg);
	ok(strstr(log.data, "FALLBACK\n") != NULL &&
		   strstr(log.data, ": add _acme-challenge.example.org VALUE "
				    "example.org\n") != NULL,
	   "the pipeline ran, the words went to the last command: %s",
	   log.data);
	buf_clear(&log);

	ok(run_hook("   ", NULL, 5000, &log, &e) == RC_USAGE,
	   "empty command refused (%s)", e.msg);
	err_clear(&e);
	ok(run_hook("hook \x1b[2J", NULL, 5000, &log, &e) != RC_OK &&
		   strstr(e.msg, "control") != NULL,
	   "control characters refused (%s)", e.msg);
	err_clear(&e);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ok(run_hook(big, NULL, 5000, &log, &e) == RC_INPUT,
	   "overlong command refused");
	err_clear(&e);
	ok(run_hook(NULL, NULL, 5000, &log, &e) == RC_USAGE, "NULL refused");
	ok(log.len == 0, "nothing ran for a refused command");
	buf_clear(&log);
}

/* Runs SCRIPT as a DNS hook; the ": " at its end takes the arguments
 * ("$@"), which the script reads as $1..$4. */
static enum rc run_sh(const char *script, int timeout_ms,
		      const char *const *env, struct buf *log, struct err *e)
{
	char cmd[4096];

	snprintf(cmd, sizeof(cmd), "%s; :", script);
	return run_hook(cmd, env, timeout_ms, log, e);
}

static void test_runner(void)
{
	struct err e = { 0 };
	struct buf log;
	enum rc rc;
	long long t0, ms;
	const char *env[] = { "ACMETUI_VALUE=v1", "CERTBOT_DOMAIN=d1", NULL };

	buf_init(&log, 1 << 20);
	rc = run_sh("echo \"args: $*\"; echo to-stderr >&2", 5000, NULL, &log,
		    &e);
	is_int(rc, RC_OK, "a hook that exits 0 succeeds");
	ok(strstr(log.data, "args: add _acme-challenge.example.org VALUE "
			    "example.org") != NULL,
	   "arguments arrive unsplit and in order");
	ok(strstr(log.data, "to-stderr") != NULL, "stderr is logged");
	buf_clear(&log);

	err_clear(&e);
	rc = run_sh("echo some stdout; echo '  '>&2; "
		    "echo 'zone example.org: permission denied' >&2; "
		    "echo second >&2; exit 3",
		    5000, NULL, &log, &e);
	is_int(rc, RC_HOOK, "non-zero exit is RC_HOOK");
	ok(strncmp(e.msg, "dns hook 'echo some stdout;", 27) == 0 &&
		   strstr(e.msg, "' failed (exit 3): zone example.org: "
				 "permission denied") != NULL,
	   "error names the command, status, first stderr line: %s", e.msg);
	buf_clear(&log);

	err_clear(&e);
	t0 = mono_ms();
	rc = run_sh("trap '' TERM; sleep 30 & wait; sleep 30", 300, NULL, &log,
		    &e);
	ms = mono_ms() - t0;
	is_int(rc, RC_TIMEOUT, "a hanging hook times out");
	ok(strstr(e.msg, "did not finish") != NULL, "timeout message: %s",
	   e.msg);
	ok(ms < 300 + DNS01_HOOK_KILL_GRACE_MS + 1500,
	   "killed (SIGKILL after ignoring SIGTERM) in %lld ms", ms);
	buf_clear(&log);

	err_clear(&e);
	t0 = mono_ms();
	rc = run_sh("sleep 30", 200, NULL, &log, &e);
	ms = mono_ms() - t0;
	ok(rc == RC_TIMEOUT && ms < 1500,
	   "a hook that obeys SIGTERM stops at once (%lld ms)", ms);
	buf_clear(&log);

	err_clear(&e);
	rc = run_sh("head -c 3000000 /dev/zero | tr '\\0' x; echo; "
		    "head -c 3000000 /dev/zero | tr '\\0' y >&2; exit 1",
		    20000, NULL, &log, &e);
	is_int(rc, RC_HOOK, "a hook printing megabytes still finishes");
	ok(log.len < 2 * DNS01_HOOK_OUTPUT_MAX + 4096,
	   "kept output is bounded (%zu bytes logged)", log.len);
	ok(strstr(log.data, "(output cut)") != NULL, "the cut is said");
	ok(strlen(e.msg) < ERR_MSG_MAX, "error detail stays one bounded line");
	buf_clear(&log);

	err_clear(&e);
	rc = run_sh("printf 'evil \\033]0;title\\007 \\033[31mred\\n' >&2; "
		    "exit 2",
		    5000, NULL, &log, &e);
	is_int(rc, RC_HOOK, "escape test exits 2");
	ok(strchr(e.msg, 0x1b) == NULL && strchr(e.msg, 0x07) == NULL,
	   "no ESC/BEL in the error: %s", e.msg);
	ok(strchr(log.data, 0x1b) == NULL && strstr(log.data, "\\x1b") != NULL,
	   "ESC is shown escaped in the log");
	buf_clear(&log);

	err_clear(&e);
	setenv("ACMETUI_EAB_HMAC_KEY", "secret-hmac", 1);
	setenv("CERTBOT_VALIDATION", "stale", 1);
	setenv("PROVIDER_TOKEN", "for-the-hook", 1);
	rc = run_sh("echo \"V=$ACMETUI_VALUE D=$CERTBOT_DOMAIN "
		    "H=${ACMETUI_EAB_HMAC_KEY-unset} "
		    "C=${CERTBOT_VALIDATION-unset} P=$PROVIDER_TOKEN\"; "
		    "read x || echo stdin-empty",
		    5000, env, &log, &e);
	is_int(rc, RC_OK, "env hook runs");
	ok(strstr(log.data, "V=v1 D=d1 H=unset C=unset P=for-the-hook") != NULL,
	   "env: ours added, ACMETUI_*/CERTBOT_* of the parent removed, "
	   "the rest kept");
	ok(strstr(log.data, "stdin-empty") != NULL, "stdin is /dev/null");
	unsetenv("ACMETUI_EAB_HMAC_KEY");
	unsetenv("CERTBOT_VALIDATION");
	unsetenv("PROVIDER_TOKEN");
	buf_clear(&log);

	err_clear(&e);
	rc = run_hook("/nonexistent/hook", NULL, 1000, &log, &e);
	ok(rc == RC_HOOK && strstr(e.msg, "/nonexistent/hook") != NULL &&
		   strstr(e.msg, "exit 127") != NULL,
	   "a missing program is a clear error: %s", e.msg);
	buf_clear(&log);
}

/* The hook solver with the DNS check off: the hook sees add/del with the
 * record name, the value and the domain, for a wildcard and its apex
 * (two values at one name). */
static void test_hook_solver(void)
{
	char dir[] = "/tmp/acmetui-dnshook.XXXXXX", cmd[1024], path[600];
	char want[1024], *v1 = NULL, *v2 = NULL, got[4096];
	struct solver_config cfg = { 0 };
	struct solver_task t1 = { "*.example.org", TOKEN1, TOKEN1 "." THUMB,
				  NULL, 0 };
	struct solver_task t2 = { "example.org", TOKEN2, TOKEN2 "." THUMB, NULL,
				  0 };
	struct solver_task tip = { "192.0.2.1", TOKEN3, TOKEN3 "." THUMB, NULL,
				   0 };
	struct solver *s;
	struct err e = { 0 };
	struct buf log;
	FILE *f;
	size_t n;

	buf_init(&log, 1 << 16);
	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/calls", dir);
	snprintf(cmd, sizeof(cmd),
		 "/bin/sh -c 'echo \"$1 $2 $3 $4 $ACMETUI_ACTION "
		 "$CERTBOT_VALIDATION\" >> \"$0\"' %s",
		 path);
	cfg.kind = SOLVER_DNS01_HOOK;
	cfg.dns_check = SOLVER_DNS_CHECK_NONE;
	cfg.dns_hook_command = cmd;
	cfg.dns_progress = collect;
	cfg.dns_progress_arg = &log;
	s = solver_new(&cfg, &e);
	ok(s != NULL, "hook solver created: %s", e.msg);
	is_str(solver_challenge_type(SOLVER_DNS01_HOOK), "dns-01",
	       "challenge type");
	ok(solver_present(s, &t1, &e) == RC_OK, "wildcard presented: %s",
	   e.msg);
	ok(solver_present(s, &t2, &e) == RC_OK, "apex presented");
	ok(solver_ready(s, &e) == RC_OK, "ready with the check off");
	err_clear(&e);
	ok(solver_present(s, &tip, &e) != RC_OK &&
		   strstr(e.msg, "RFC 8738") != NULL,
	   "an IP identifier is refused for dns-01");
	err_clear(&e);
	ok(solver_cleanup(s, &t1, &e) == RC_OK, "wildcard cleaned up");
	solver_free(s); /* cleans up the apex */
	v1 = jws_dns01_value(t1.key_authorization, &e);
	v2 = jws_dns01_value(t2.key_authorization, &e);
	f = fopen(path, "r");
	n = f != NULL ? fread(got, 1, sizeof(got) - 1, f) : 0;
	got[n] = '\0';
	if (f != NULL)
		fclose(f);
	snprintf(want, sizeof(want),
		 "add _acme-challenge.example.org %s example.org add %s\n"
		 "add _acme-challenge.example.org %s example.org add %s\n"
		 "del _acme-challenge.example.org %s example.org del %s\n"
		 "del _acme-challenge.example.org %s example.org del %s\n",
		 v1, v1, v2, v2, v1, v1, v2, v2);
	is_str(got, want,
	       "hook called add/add/del/del with both values at one name");
	ok(strstr(log.data, "propagation check is off") != NULL,
	   "the wait says it is off");
	free(v1);
	free(v2);
	unlink(path);
	rmdir(dir);
	buf_clear(&log);

	/* Bad configurations fail at solver_new. */
	memset(&cfg, 0, sizeof(cfg));
	cfg.kind = SOLVER_DNS01_HOOK;
	err_clear(&e);
	ok(solver_new(&cfg, &e) == NULL && e.rc == RC_USAGE,
	   "no hook command: %s", e.msg);
	cfg.dns_hook_command = "hook";
	cfg.dns_resolver = "not a server!";
	err_clear(&e);
	ok(solver_new(&cfg, &e) == NULL && strstr(e.msg, "DNS server"),
	   "bad resolver: %s", e.msg);
}

/* Reads file path into got (size n), "" when missing. */
static void read_calls(const char *path, char *got, size_t n)
{
	FILE *f = fopen(path, "r");
	size_t k = f != NULL ? fread(got, 1, n - 1, f) : 0;

	got[k] = '\0';
	if (f != NULL)
		fclose(f);
}

/* certbot's manual-hook variables in full, and lego's exec protocol. */
static void test_hook_styles(void)
{
	char dir[] = "/tmp/acmetui-dnsstyle.XXXXXX", cmd[2048], path[64];
	char want[2048], got[4096], *v = NULL;
	struct solver_config cfg = { 0 };
	struct solver_task t = { "example.org", TOKEN2, TOKEN2 "." THUMB,
				 "example.org,www.example.org", 1 };
	struct solver *s;
	struct err e = { 0 };

	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/calls", dir);
	v = jws_dns01_value(t.key_authorization, &e);
	/* certbot's variables; "add" prints what cleanup gets back. */
	snprintf(cmd, sizeof(cmd),
		 "f() { printf '%%s|' \"$1\" \"$CERTBOT_DOMAIN\" "
		 "\"$CERTBOT_VALIDATION\" \"$CERTBOT_TOKEN\" "
		 "\"$CERTBOT_REMAINING_CHALLENGES\" \"$CERTBOT_ALL_DOMAINS\" "
		 "\"${CERTBOT_AUTH_OUTPUT-unset}\" >>'%s'; echo >>'%s'; "
		 "[ \"$1\" = del ] || echo zone-id-42; }; f",
		 path, path);
	cfg.kind = SOLVER_DNS01_HOOK;
	cfg.dns_check = SOLVER_DNS_CHECK_NONE;
	cfg.dns_hook_command = cmd;
	s = solver_new(&cfg, &e);
	ok(s != NULL && solver_present(s, &t, &e) == RC_OK &&
		   solver_cleanup(s, &t, &e) == RC_OK,
	   "certbot style: presented and cleaned up (%s)", e.msg);
	solver_free(s);
	read_calls(path, got, sizeof(got));
	snprintf(want, sizeof(want),
		 "add|example.org|%s|%s|1|example.org,www.example.org|unset|\n"
		 "del|example.org|%s|%s|1|example.org,www.example.org|"
		 "zone-id-42|\n",
		 v, TOKEN2, v, TOKEN2);
	is_str(got, want,
	       "CERTBOT_DOMAIN, _VALIDATION, _TOKEN, _REMAINING_CHALLENGES, "
	       "_ALL_DOMAINS; _AUTH_OUTPUT on cleanup");
	unlink(path);

	/* lego's exec provider: CMD present|cleanup FQDN. VALUE */
	snprintf(cmd, sizeof(cmd),
		 "f() { printf '%%s|' \"$#\" \"$@\" >>'%s'; echo >>'%s'; }; f",
		 path, path);
	cfg.dns_hook_lego = 1;
	s = solver_new(&cfg, &e);
	ok(s != NULL && solver_present(s, &t, &e) == RC_OK &&
		   solver_cleanup(s, &t, &e) == RC_OK,
	   "lego style: presented and cleaned up (%s)", e.msg);
	solver_free(s);
	read_calls(path, got, sizeof(got));
	snprintf(want, sizeof(want),
		 "3|present|_acme-challenge.example.org.|%s|\n"
		 "3|cleanup|_acme-challenge.example.org.|%s|\n",
		 v, v);
	is_str(got, want, "lego style: three words, the FQDN with its dot");
	unlink(path);

	setenv("EXEC_MODE", "RAW", 1);
	env_load();
	err_clear(&e);
	ok(solver_new(&cfg, &e) == NULL && e.rc == RC_USAGE &&
		   strstr(e.msg, "EXEC_MODE=RAW is not supported") != NULL,
	   "lego's EXEC_MODE=RAW is refused: %s", e.msg);
	unsetenv("EXEC_MODE");
	setenv("EXEC_PROPAGATION_TIMEOUT", "1m", 1);
	env_load();
	err_clear(&e);
	ok(solver_new(&cfg, &e) == NULL && e.rc == RC_USAGE &&
		   strstr(e.msg, "EXEC_PROPAGATION_TIMEOUT") != NULL,
	   "a bad EXEC_PROPAGATION_TIMEOUT is refused: %s", e.msg);
	setenv("EXEC_PROPAGATION_TIMEOUT", "90", 1);
	setenv("EXEC_POLLING_INTERVAL", "5", 1);
	env_load();
	err_clear(&e);
	s = solver_new(&cfg, &e);
	ok(s != NULL,
	   "EXEC_PROPAGATION_TIMEOUT=90, EXEC_POLLING_INTERVAL=5 "
	   "taken (%s)",
	   e.msg);
	solver_free(s);
	unsetenv("EXEC_PROPAGATION_TIMEOUT");
	unsetenv("EXEC_POLLING_INTERVAL");
	env_load();
	free(v);
	rmdir(dir);
}

static void test_syntax(void)
{
	struct dns_endpoint ep;
	struct err e = { 0 };
	struct dns_tsig k = { "acme-key", NULL, "c2VjcmV0c2VjcmV0c2VjcmV0" };
	char buf[64];

	ok(dns_name_ok("_acme-challenge.example.com"), "underscore label");
	ok(dns_name_ok("example.com."), "final dot");
	ok(!dns_name_ok("a..b") && !dns_name_ok("") && !dns_name_ok(".") &&
		   !dns_name_ok("a b.com") && !dns_name_ok("a\\032.com"),
	   "bad names refused");
	ok(dns_endpoint_parse("127.0.0.1:5353", &ep, &e) == RC_OK &&
		   ep.port == 5353 && strcmp(ep.addr, "127.0.0.1") == 0,
	   "IPv4:port");
	ok(dns_endpoint_parse("[::1]:5353", &ep, &e) == RC_OK &&
		   ep.port == 5353 && strcmp(ep.addr, "::1") == 0,
	   "[IPv6]:port");
	ok(dns_endpoint_parse("2001:db8::53", &ep, &e) == RC_OK &&
		   ep.port == 53,
	   "bare IPv6, port 53");
	is_str(dns_endpoint_str(&ep, buf, sizeof(buf)), "[2001:db8::53]:53",
	       "IPv6 shown bracketed");
	ok(dns_endpoint_parse("1.2.3.4:0", &ep, NULL) != RC_OK &&
		   dns_endpoint_parse("1.2.3.4:65536", &ep, NULL) != RC_OK &&
		   dns_endpoint_parse("ns1.example:53", &ep, NULL) != RC_OK &&
		   dns_endpoint_parse("[::1", &ep, NULL) != RC_OK,
	   "bad endpoints refused");
	ok(dns_server_spec_check("ns1.example.com:5353", NULL) == RC_OK &&
		   dns_server_spec_check("ns1.example.com", NULL) == RC_OK &&
		   dns_server_spec_check("ns1:x", NULL) != RC_OK,
	   "host names with ports pass the syntax check");
	is_str(dns_tsig_algorithm(NULL), "hmac-sha256.", "default algorithm");
	is_str(dns_tsig_algorithm("HMAC-SHA512"), "hmac-sha512.",
	       "algorithm names ignore case");
	ok(dns_tsig_algorithm("hmac-md5") == NULL, "hmac-md5 is not offered");
	ok(dns_tsig_check(&k, &e) == RC_OK, "a good key passes");
	k.secret = "not base64!";
	err_clear(&e);
	ok(dns_tsig_check(&k, &e) != RC_OK && strstr(e.msg, "not base64") &&
		   strstr(e.msg, "not base64!") == NULL,
	   "a bad secret is refused without being shown");
}

/* Without ldns every DNS-dependent path says so; with it, the RFC 2136
 * solver is created (it needs no network until present). */
static void test_build_variant(void)
{
	struct solver_config cfg = { 0 };
	struct solver_task t = { "example.org", TOKEN1, TOKEN1 "." THUMB, NULL,
				 0 };
	struct solver *s;
	struct err e = { 0 };

	cfg.kind = SOLVER_DNS01_RFC2136;
	cfg.rfc2136_server = "127.0.0.1:53";
	cfg.tsig_name = "k";
	cfg.tsig_secret = "c2VjcmV0c2VjcmV0c2VjcmV0";
	s = solver_new(&cfg, &e);
	if (!dns_available()) {
		ok(s == NULL && strstr(e.msg, "without ldns") != NULL,
		   "no ldns: rfc2136 refused clearly: %s", e.msg);
		memset(&cfg, 0, sizeof(cfg));
		cfg.kind = SOLVER_DNS01_HOOK;
		cfg.dns_hook_command = "/bin/true";
		err_clear(&e);
		s = solver_new(&cfg, &e);
		ok(s != NULL && solver_present(s, &t, &e) != RC_OK &&
			   strstr(e.msg, "without ldns") != NULL,
		   "no ldns: the hook's DNS lookups refused clearly: %s",
		   e.msg);
	} else {
		ok(s != NULL, "ldns: rfc2136 solver created: %s", e.msg);
		solver_free(s);
		s = NULL;
		cfg.tsig_algorithm = "hmac-md5";
		err_clear(&e);
		ok(solver_new(&cfg, &e) == NULL &&
			   strstr(e.msg, "unknown TSIG algorithm") != NULL,
		   "ldns: unknown TSIG algorithm refused: %s", e.msg);
	}
	solver_free(s);
}

int main(void)
{
	test_command_line();
	test_runner();
	test_hook_solver();
	test_hook_styles();
	test_syntax();
	test_build_variant();
	return tap_done();
}
