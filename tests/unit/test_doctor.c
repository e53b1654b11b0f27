/* SPDX-License-Identifier: ISC */
/* test_doctor.c - the doctor's pure logic: the explanation table, CAA
 * verdicts (RFC 8659, RFC 8657 parameters), clock skew, the resolver and
 * solver settings of a domain, and the report. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db/store_domains.h"
#include "diagnose/doctor.h"
#include "diagnose/explain.h"
#include "util/env.h"
#include "tap.h"

static int contains(const char *s, const char *sub)
{
	return s != NULL && strstr(s, sub) != NULL;
}

static void test_explain(void)
{
	char out[EXPLAIN_MAX];

	/* The port is the one the CA dialled (Pebble's 5002), not 80. */
	ok(doctor_explain("urn:ietf:params:acme:error:connection",
			  "127.0.0.1: Connecting to 127.0.0.1:5002: dial tcp "
			  "127.0.0.1:5002: connect: connection refused",
			  "http-01", out, sizeof(out)) == 1 &&
		   contains(out, "nothing answers on port 5002 of "
				 "127.0.0.1"),
	   "http-01 connection refused: the port the CA dialled (%s)", out);
	ok(doctor_explain("connection", "Connection refused", "tls-alpn-01",
			  out, sizeof(out)) == 1 &&
		   contains(out, "port 443 of the server"),
	   "tls-alpn-01 refused without an address (%s)", out);
	ok(doctor_explain("dns",
			  "DNS problem: NXDOMAIN looking up A for "
			  "x.example.com",
			  "http-01", out, sizeof(out)) == 1 &&
		   contains(out, "does not resolve"),
	   "NXDOMAIN: the name does not resolve (%s)", out);
	ok(doctor_explain("urn:ietf:params:acme:error:caa",
			  "CAA record for example.com prevents issuance",
			  "http-01", out, sizeof(out)) == 1 &&
		   contains(out, "CAA record forbids this CA"),
	   "caa problem (%s)", out);
	ok(doctor_explain("unauthorized",
			  "Invalid response from http://x/.well-known/acme-"
			  "challenge/abc [192.0.2.1]: 404",
			  "http-01", out, sizeof(out)) == 1 &&
		   contains(out, "webroot is not the directory"),
	   "404 on the token: wrong webroot (%s)", out);
	ok(doctor_explain("unauthorized",
			  "No TXT record found at "
			  "_acme-challenge.x.example",
			  "dns-01", out, sizeof(out)) == 1 &&
		   contains(out, "did not propagate"),
	   "dns-01 without TXT: propagation or zone (%s)", out);
	ok(doctor_explain("unauthorized", "Incorrect TXT record \"abc\" found",
			  "dns-01", out, sizeof(out)) == 1 &&
		   contains(out, "holds another value"),
	   "dns-01 wrong TXT value (%s)", out);
	ok(doctor_explain("unauthorized", "incorrect acmeIdentifier value",
			  "tls-alpn-01", out, sizeof(out)) == 1 &&
		   contains(out, "not answered by acmetui's responder"),
	   "tls-alpn-01 wrong certificate (%s)", out);
	ok(doctor_explain("connection",
			  "Timeout during connect (likely "
			  "firewall problem)",
			  "http-01", out, sizeof(out)) == 1 &&
		   contains(out, "firewall"),
	   "timeout: firewall (%s)", out);
	ok(doctor_explain("rateLimited", "too many certificates", "http-01",
			  out, sizeof(out)) == 1 &&
		   contains(out, "rate limit"),
	   "rate limit (%s)", out);
	ok(doctor_explain("badCSR", "odd", "http-01", out, sizeof(out)) == 0 &&
		   out[0] == '\0',
	   "no rule fits: 0 and empty text");
	ok(doctor_explain(NULL, NULL, NULL, out, sizeof(out)) == 0,
	   "NULL everything: nothing to say");
	ok(doctor_explain("connection", "refused \x1b[31m 10.0.0.1", "http-01",
			  out, sizeof(out)) == 1 &&
		   strchr(out, '\x1b') == NULL,
	   "the CA's text is never copied into the answer");
	/* Tiny buffers are cut, never overrun. */
	ok(doctor_explain("caa", "", NULL, out, 8) == 1 && strlen(out) == 7,
	   "output cut at the buffer size");
}

static void test_find_addr(void)
{
	char a[64];

	ok(explain_find_addr("dial tcp 127.0.0.1:5002: connect", a,
			     sizeof(a)) &&
		   strcmp(a, "127.0.0.1") == 0,
	   "IPv4 with a port");
	ok(explain_find_addr("connect to [2001:DB8::1]:443 failed", a,
			     sizeof(a)) &&
		   strcmp(a, "2001:db8::1") == 0,
	   "bracketed IPv6, canonical form");
	ok(!explain_find_addr("no address in deadbeef here, v1.2", a,
			      sizeof(a)) &&
		   a[0] == '\0',
	   "words and versions are not addresses");
	ok(!explain_find_addr("999.1.1.1", a, sizeof(a)),
	   "an impossible IPv4 is not an address");
	ok(!explain_find_addr("1.2.3.4", a, 10), "small buffer refused");
}

/* Real CA wordings (Pebble's Go client error, Let's Encrypt's Boulder)
 * against how the challenge was answered here (issue 10 defect 7). */
static void test_explain_setup(void)
{
	static const char pebble_refused[] =
		"Get \"http://closed.example.test:5002/.well-known/"
		"acme-challenge/Xn-t6yxOLCa\": dial tcp 127.0.0.1:5002: "
		"connect: connection refused";
	static const char boulder_refused[] =
		"203.0.113.7: Fetching http://shop.example.com/.well-known/"
		"acme-challenge/Tk3n: Connection refused";
	static const char boulder_timeout[] =
		"During secondary validation: 203.0.113.7: Fetching "
		"http://shop.example.com/.well-known/acme-challenge/Tk3n: "
		"Timeout during connect (likely firewall problem)";
	static const char boulder_v6[] =
		"2606:4700::6810:85e5: Fetching http://shop.example.com/"
		".well-known/acme-challenge/Tk3n: Connection refused";
	struct explain_setup sa5002 = { "http-01", EXPLAIN_MODE_STANDALONE,
					5002 };
	struct explain_setup sa80 = { "http-01", EXPLAIN_MODE_STANDALONE, 80 };
	struct explain_setup web = { "http-01", EXPLAIN_MODE_WEBROOT, 0 };
	struct explain_setup alpn = { "tls-alpn-01", EXPLAIN_MODE_STANDALONE,
				      5001 };
	char out[EXPLAIN_MAX];

	ok(explain_with_setup("connection", boulder_refused, &sa5002, out,
			      sizeof(out)) == 1 &&
		   contains(out, "port 80 of 203.0.113.7") &&
		   contains(out, "listens on port 5002") &&
		   !contains(out, "--standalone"),
	   "standalone on 5002, Boulder dialled 80: forward, not "
	   "--standalone (%s)",
	   out);
	ok(explain_with_setup("connection", pebble_refused, &sa80, out,
			      sizeof(out)) == 1 &&
		   contains(out, "port 5002 of 127.0.0.1") &&
		   contains(out, "listens on port 80") &&
		   contains(out, "--http-port 5002") &&
		   !contains(out, "use --standalone"),
	   "standalone on 80, Pebble dialled 5002: the two ports named "
	   "(%s)",
	   out);
	ok(explain_with_setup("connection", pebble_refused, &sa5002, out,
			      sizeof(out)) == 1 &&
		   contains(out, "port 5002 of 127.0.0.1") &&
		   contains(out, "doctor") && !contains(out, "--standalone"),
	   "standalone on the port dialled, refused: another host answers "
	   "(%s)",
	   out);
	ok(explain_with_setup("connection", boulder_refused, &web, out,
			      sizeof(out)) == 1 &&
		   contains(out, "nothing answers on port 80 of 203.0.113.7") &&
		   contains(out, "--standalone"),
	   "webroot, refused: start the web server or --standalone (%s)", out);
	ok(explain_with_setup("connection", boulder_timeout, &sa80, out,
			      sizeof(out)) == 1 &&
		   contains(out, "port 80 of 203.0.113.7") &&
		   contains(out, "firewall") && contains(out, "open port 80") &&
		   !contains(out, "443"),
	   "timeout: the one port to open (%s)", out);
	ok(explain_with_setup("connection", boulder_v6, &sa5002, out,
			      sizeof(out)) == 1 &&
		   contains(out, "port 80 of 2606:4700::6810:85e5"),
	   "IPv6 address from Boulder's detail (%s)", out);
	ok(explain_with_setup("connection", "203.0.113.7: Connection refused",
			      &alpn, out, sizeof(out)) == 1 &&
		   contains(out, "port 443 of 203.0.113.7") &&
		   contains(out, "listens on port 5001"),
	   "tls-alpn-01 standalone on 5001, CA dialled 443 (%s)", out);
	ok(explain_with_setup("connection",
			      "1.2.3.4:99999 refused \x1b]0;pwn\x07", &sa80,
			      out, sizeof(out)) == 1 &&
		   contains(out, "port 80 of 1.2.3.4") &&
		   strchr(out, '\x1b') == NULL && !contains(out, "99999"),
	   "hostile detail: impossible port ignored, nothing copied (%s)", out);
	ok(explain_with_setup("connection", boulder_refused, NULL, out,
			      sizeof(out)) == 1 &&
		   contains(out, "port 80 of 203.0.113.7"),
	   "no setup known: still the CA's port (%s)", out);
}

static void test_find_port(void)
{
	ok(explain_find_port("dial tcp 127.0.0.1:5002: connect") == 5002,
	   "IPv4:port");
	ok(explain_find_port("connect to [2001:db8::1]:8443 failed") == 8443,
	   "[IPv6]:port");
	ok(explain_find_port("Fetching http://x.example:8080/a: refused") ==
		   8080,
	   "URL with a port");
	ok(explain_find_port("203.0.113.7: Fetching http://x.example/a") == 80,
	   "http URL without a port: 80");
	ok(explain_find_port("Fetching https://x.example/a") == 443,
	   "https URL without a port: 443");
	ok(explain_find_port("Connection refused") == 0, "no port named");
	ok(explain_find_port("1.2.3.4:99999 and 1.2.3.4:0") == 0,
	   "out-of-range ports are not ports");
	ok(explain_find_port("v1.2:80") == 0 && explain_find_port(NULL) == 0,
	   "a version is no address; NULL is nothing");
}

/* A CAA set of up to 4 records. */
static struct dns_caa recs[4];
static struct dns_caa_set set;

static void caa(size_t n, unsigned f0, const char *t0, const char *v0,
		unsigned f1, const char *t1, const char *v1)
{
	recs[0].flags = f0;
	recs[0].tag = (char *)t0;
	recs[0].value = (char *)v0;
	recs[1].flags = f1;
	recs[1].tag = (char *)t1;
	recs[1].value = (char *)v1;
	set.v = recs;
	set.n = n;
	set.owner = (char *)"example.com";
}

static void test_caa(void)
{
	static const char *const ids[] = { "letsencrypt.org", "pebble.test" };
	struct doctor_caa_query q = { 0 };
	struct dns_caa_set none = { 0 };
	char why[DOCTOR_LINE_MAX];

	q.ca_ids = ids;
	q.n_ca_ids = 2;
	q.method = "http-01";
	q.account_uri = "https://ca.example/acct/1";

	is_int(doctor_caa_eval(&none, &q, why, sizeof(why)), DOCTOR_PASS,
	       "no CAA at all: pass");
	caa(1, 0, "issue", "letsencrypt.org", 0, NULL, NULL);
	is_int(doctor_caa_eval(&set, &q, why, sizeof(why)), DOCTOR_PASS,
	       "issue naming the CA: pass (%s)", why);
	caa(1, 0, "ISSUE", " LetsEncrypt.ORG. ", 0, NULL, NULL);
	is_int(doctor_caa_eval(&set, &q, why, sizeof(why)), DOCTOR_PASS,
	       "tag and domain compared without case, spaces and final dot");
	caa(2, 0, "issue", "ca1.example.net", 0, "issue", "ca2.example.org");
	is_int(doctor_caa_eval(&set, &q, why, sizeof(why)), DOCTOR_FAIL,
	       "RFC 8659 example: only other CAs: fail");
	ok(contains(why, "ca1.example.net") && contains(why, "ca2.example.org"),
	   "the reason lists the allowed CAs (%s)", why);
	caa(1, 0, "issue", ";", 0, NULL, NULL);
	is_int(doctor_caa_eval(&set, &q, why, sizeof(why)), DOCTOR_FAIL,
	       "issue \";\" forbids every CA");
	caa(1, 0, "iodef", "mailto:security@example.com", 0, NULL, NULL);
	is_int(doctor_caa_eval(&set, &q, why, sizeof(why)), DOCTOR_PASS,
	       "only iodef: no restriction");
	caa(2, 128, "tbs", "Unknown", 0, "issue", "letsencrypt.org");
	is_int(doctor_caa_eval(&set, &q, why, sizeof(why)), DOCTOR_FAIL,
	       "RFC 8659 4.5: critical unknown tag forbids");
	caa(1, 128, "issue", "letsencrypt.org", 0, NULL, NULL);
	is_int(doctor_caa_eval(&set, &q, why, sizeof(why)), DOCTOR_PASS,
	       "critical known tag is fine");
	caa(2, 0, "tbs", "Unknown", 0, "issue", "letsencrypt.org");
	is_int(doctor_caa_eval(&set, &q, why, sizeof(why)), DOCTOR_PASS,
	       "non-critical unknown tag is ignored");

	/* Wildcards: issuewild wins when present. */
	q.wildcard = 1;
	caa(2, 0, "issuewild", ";", 0, "issue", "letsencrypt.org");
	is_int(doctor_caa_eval(&set, &q, why, sizeof(why)), DOCTOR_FAIL,
	       "wildcard: issuewild \";\" overrides issue");
	caa(1, 0, "issue", "letsencrypt.org", 0, NULL, NULL);
	is_int(doctor_caa_eval(&set, &q, why, sizeof(why)), DOCTOR_PASS,
	       "wildcard without issuewild: issue applies");
	q.wildcard = 0;
	caa(2, 0, "issuewild", ";", 0, "issue", "letsencrypt.org");
	is_int(doctor_caa_eval(&set, &q, why, sizeof(why)), DOCTOR_PASS,
	       "non-wildcard: issuewild is ignored");
	caa(1, 0, "issuewild", "letsencrypt.org", 0, NULL, NULL);
	is_int(doctor_caa_eval(&set, &q, why, sizeof(why)), DOCTOR_PASS,
	       "non-wildcard with only issuewild: unrestricted");

	/* RFC 8657 parameters. */
	caa(1, 0, "issue",
	    "letsencrypt.org; accounturi=https://ca.example/"
	    "acct/2",
	    0, NULL, NULL);
	is_int(doctor_caa_eval(&set, &q, why, sizeof(why)), DOCTOR_FAIL,
	       "accounturi of another account: fail");
	ok(contains(why, "accounturi"), "reason names the parameter");
	caa(1, 0, "issue",
	    "letsencrypt.org ; accounturi = "
	    "https://ca.example/acct/1",
	    0, NULL, NULL);
	is_int(doctor_caa_eval(&set, &q, why, sizeof(why)), DOCTOR_PASS,
	       "accounturi of this account: pass");
	caa(1, 0, "issue", "letsencrypt.org; validationmethods=dns-01", 0, NULL,
	    NULL);
	is_int(doctor_caa_eval(&set, &q, why, sizeof(why)), DOCTOR_FAIL,
	       "validationmethods without ours: fail");
	caa(1, 0, "issue", "letsencrypt.org; validationmethods=dns-01,http-01",
	    0, NULL, NULL);
	is_int(doctor_caa_eval(&set, &q, why, sizeof(why)), DOCTOR_PASS,
	       "validationmethods with ours: pass");
	caa(1, 0, "issue", "letsencrypt.org junk", 0, NULL, NULL);
	is_int(doctor_caa_eval(&set, &q, why, sizeof(why)), DOCTOR_FAIL,
	       "malformed value counts as an empty issuer");

	/* A CA without published identities. */
	q.n_ca_ids = 0;
	caa(1, 0, "issue", "letsencrypt.org", 0, NULL, NULL);
	is_int(doctor_caa_eval(&set, &q, why, sizeof(why)), DOCTOR_WARN,
	       "no CA identities: warn");
	ok(contains(why, "does not publish") &&
		   contains(why, "letsencrypt.org"),
	   "the warning lists the records (%s)", why);
	is_int(doctor_caa_eval(&none, &q, why, sizeof(why)), DOCTOR_PASS,
	       "no CA identities and no records: pass");
	caa(1, 0, "issue", "x\x1b[2J", 0, NULL, NULL);
	doctor_caa_eval(&set, &q, why, sizeof(why));
	ok(strchr(why, '\x1b') == NULL, "record values are escaped");
}

static void test_skew(void)
{
	is_int(doctor_skew_status(0), DOCTOR_PASS, "no skew");
	is_int(doctor_skew_status(60), DOCTOR_PASS, "60 s: pass");
	is_int(doctor_skew_status(-61), DOCTOR_WARN, "61 s ahead: warn");
	is_int(doctor_skew_status(300), DOCTOR_WARN, "300 s: warn");
	is_int(doctor_skew_status(301), DOCTOR_FAIL, "301 s: fail");
}

static void test_config(void)
{
	struct domain_row d = { 0 };
	struct doctor_opts o = { 0 };
	struct solver_config cfg;
	struct err e = { 0 };

	unsetenv("ACMETUI_DNS_RESOLVER");
	env_load();
	ok(doctor_resolver(&d, &o) == NULL, "no resolver: system");
	setenv("ACMETUI_DNS_RESOLVER", "127.0.0.1:5353", 1);
	env_load();
	is_str(doctor_resolver(&d, &o), "127.0.0.1:5353", "environment");
	o.resolver = "127.0.0.2:53";
	is_str(doctor_resolver(&d, &o), "127.0.0.2:53", "run-wide option");
	d.dns_resolver = (char *)"127.0.0.3";
	is_str(doctor_resolver(&d, &o), "127.0.0.3", "the domain's wins");
	unsetenv("ACMETUI_DNS_RESOLVER");
	env_load();
	d.dns_resolver = NULL;

	d.name = (char *)"a.example";
	d.method = DOM_METHOD_HTTP01;
	d.http_port = 8080;
	ok(doctor_solver_config(&d, NULL, &cfg, &e) == RC_OK &&
		   cfg.kind == SOLVER_HTTP01_STANDALONE && cfg.port == 8080,
	   "http-01 standalone with its port");
	d.webroot = (char *)"/srv/www";
	ok(doctor_solver_config(&d, NULL, &cfg, &e) == RC_OK &&
		   cfg.kind == SOLVER_HTTP01_WEBROOT &&
		   strcmp(cfg.webroot, "/srv/www") == 0,
	   "http-01 webroot");
	d.method = DOM_METHOD_TLSALPN01;
	d.tls_port = 8443;
	ok(doctor_solver_config(&d, NULL, &cfg, &e) == RC_OK &&
		   cfg.kind == SOLVER_TLSALPN01 && cfg.port == 8443,
	   "tls-alpn-01 with its port");
	d.method = DOM_METHOD_DNS01;
	d.dns_hook = (char *)"/bin/hook";
	ok(doctor_solver_config(&d, "127.0.0.1:53", &cfg, &e) == RC_OK &&
		   cfg.kind == SOLVER_DNS01_HOOK &&
		   cfg.dns_check == SOLVER_DNS_CHECK_RESOLVER &&
		   strcmp(cfg.dns_resolver, "127.0.0.1:53") == 0,
	   "dns-01 hook, checked at the configured resolver");
	d.dns_hook = NULL;
	d.rfc2136_server = (char *)"127.0.0.1:5300";
	ok(doctor_solver_config(&d, NULL, &cfg, &e) == RC_OK &&
		   cfg.kind == SOLVER_DNS01_RFC2136 &&
		   cfg.dns_check == SOLVER_DNS_CHECK_AUTHORITATIVE,
	   "dns-01 rfc2136, authoritative check without a resolver");
	d.method = DOM_METHOD__INVALID;
	ok(doctor_solver_config(&d, NULL, &cfg, &e) == RC_INPUT,
	   "unknown method refused");
}

static void test_report(void)
{
	struct doctor_report r = { 0 };
	struct err e = { 0 };
	int i;

	is_int(doctor_worst(&r), DOCTOR_PASS, "empty report passes");
	for (i = 0; i < 40; i++)
		doctor_add(&r, "resolve", "a.example", DOCTOR_PASS, "fine",
			   NULL, &e);
	doctor_add(&r, "caa", NULL, DOCTOR_WARN, "bad\nline\x1b[1m", "do", &e);
	is_int(r.n, 41, "results kept in order, array grows");
	is_int(doctor_worst(&r), DOCTOR_WARN, "worst is warn");
	ok(strchr(r.v[40].reason, '\n') == NULL &&
		   strchr(r.v[40].reason, '\x1b') == NULL,
	   "reasons are made one printable line");
	ok(r.v[40].domain == NULL && strcmp(r.v[40].advice, "do") == 0,
	   "NULL domain kept, advice copied");
	doctor_add(&r, "http-01", "a.example", DOCTOR_FAIL, "x", NULL, &e);
	is_int(doctor_worst(&r), DOCTOR_FAIL, "worst is fail");
	is_str(doctor_status_name(DOCTOR_FAIL), "fail", "status names");
	doctor_report_clear(&r);
	ok(r.v == NULL && r.n == 0, "cleared");
	doctor_report_clear(&r);
	doctor_report_clear(NULL);
}

int main(void)
{
	test_explain();
	test_explain_setup();
	test_find_port();
	test_find_addr();
	test_caa();
	test_skew();
	test_config();
	test_report();
	return tap_done();
}
