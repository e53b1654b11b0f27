/* SPDX-License-Identifier: ISC */
/* test_acme.c - the ACME protocol layer's parsers and checks, on recorded
 * and hostile input: headers (Link, Retry-After, Replay-Nonce), problem
 * documents, URL origins, directory, account, order, authorization and
 * challenge objects, certificate chains, ARI. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "acme/account.h"
#include "acme/ari.h"
#include "acme/authz.h"
#include "acme/certificate.h"
#include "acme/directory.h"
#include "acme/headers.h"
#include "acme/http.h"
#include "acme/nonce.h"
#include "acme/order.h"
#include "acme/problem.h"
#include "acme/types.h"
#include "util/url.h"
#include "util/safe.h"

#define S(x) x, strlen(x)

static void test_nonce(void)
{
	struct nonce_pool p;
	char out[HDR_NONCE_MAX + 1], big[HDR_NONCE_MAX + 2];
	int i;

	ok(hdr_nonce_valid(S("oFvnlFP1wIhRlYS2jTaXbA")), "nonce: base64url");
	ok(!hdr_nonce_valid(S("")), "nonce: empty refused");
	ok(!hdr_nonce_valid(S("abc=")), "nonce: padding refused");
	ok(!hdr_nonce_valid(S("ab c")), "nonce: space refused");
	ok(!hdr_nonce_valid(S("a+b/")), "nonce: base64 (not url) refused");
	ok(!hdr_nonce_valid(S("ab\r\nX-Evil: 1")), "nonce: CRLF refused");
	memset(big, 'A', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ok(!hdr_nonce_valid(big, strlen(big)), "nonce: over-long refused");
	ok(hdr_nonce_valid(big, HDR_NONCE_MAX), "nonce: maximum length ok");

	memset(&p, 0, sizeof(p));
	ok(!nonce_take(&p, out), "pool: empty");
	nonce_put(&p, "bad nonce");
	nonce_put(&p, NULL);
	ok(!nonce_take(&p, out), "pool: invalid nonces not kept");
	nonce_put(&p, "n1");
	nonce_put(&p, "n2");
	ok(nonce_take(&p, out) && strcmp(out, "n2") == 0, "pool: newest first");
	ok(nonce_take(&p, out) && strcmp(out, "n1") == 0, "pool: then older");
	ok(!nonce_take(&p, out), "pool: drained");
	for (i = 0; i < NONCE_POOL_SIZE + 3; i++) {
		char n[8];

		snprintf(n, sizeof(n), "n%d", i);
		nonce_put(&p, n);
	}
	is_int(p.n, NONCE_POOL_SIZE, "pool: bounded");
	ok(nonce_take(&p, out) && strcmp(out, "n10") == 0,
	   "pool: keeps the newest when full");
	nonce_clear(&p);
	ok(!nonce_take(&p, out), "pool: cleared");
}

static void test_retry_after(void)
{
	const int64_t now = INT64_C(1700000000000),
		      max_ms = (int64_t)HDR_RETRY_AFTER_MAX * 1000;
	int64_t t = 0;

	ok(hdr_retry_after(S("120"), now, &t) == 0 && t == 120000,
	   "Retry-After: delta seconds, in ms");
	ok(hdr_retry_after(S("1"), now + 999, &t) == 0 && t == 1000,
	   "Retry-After: delta seconds whatever the wall-clock ms");
	ok(hdr_retry_after(S(" 0 "), now, &t) == 0 && t == 0,
	   "Retry-After: zero, with spaces");
	ok(hdr_retry_after(S("Wed, 21 Oct 2015 07:28:00 GMT"),
			   INT64_C(1445412000000), &t) == 0 &&
		   t == 480000,
	   "Retry-After: IMF-fixdate");
	ok(hdr_retry_after(S("Wednesday, 21-Oct-15 07:28:00 GMT"),
			   INT64_C(1445412000000), &t) == 0 &&
		   t == 480000,
	   "Retry-After: RFC 850 date");
	ok(hdr_retry_after(S("Wed Oct 21 07:28:00 2015"),
			   INT64_C(1445412000000), &t) == 0 &&
		   t == 480000,
	   "Retry-After: asctime date");
	ok(hdr_retry_after(S("Wed, 21 Oct 2015 07:28:00 GMT"),
			   INT64_C(1445412479250), &t) == 0 &&
		   t == 750,
	   "Retry-After: a date measured from the arrival in ms");
	ok(hdr_retry_after(S("Wed, 21 Oct 2015 07:28:00 GMT"),
			   INT64_C(1445412480400), &t) == 0 &&
		   t == 0,
	   "Retry-After: a date just past means now");
	ok(hdr_retry_after(S("Wed, 21 Oct 2015 07:28:00 GMT"), now, &t) == 0 &&
		   t == 0,
	   "Retry-After: a past date means now");
	ok(hdr_retry_after(S("99999999999999999999999999"), now, &t) == 0 &&
		   t == max_ms,
	   "Retry-After: huge delta clamped, no overflow");
	ok(hdr_retry_after(S("Fri, 31 Dec 9999 23:59:59 GMT"), now, &t) == 0 &&
		   t == max_ms,
	   "Retry-After: far date clamped");
	t = 42;
	ok(hdr_retry_after(S("-5"), now, &t) == -1, "Retry-After: negative");
	ok(hdr_retry_after(S("12abc"), now, &t) == -1,
	   "Retry-After: trailing junk");
	ok(hdr_retry_after(S("1.5"), now, &t) == -1, "Retry-After: fraction");
	ok(hdr_retry_after(S(""), now, &t) == -1, "Retry-After: empty");
	ok(hdr_retry_after(S("soon"), now, &t) == -1, "Retry-After: words");
	ok(hdr_retry_after(S("Wed, 21 Oct 2015\x01 07:28:00 GMT"), now, &t) ==
		   -1,
	   "Retry-After: control character");
	is_int(t, 42, "Retry-After: output untouched on error");
}

static void test_links(void)
{
	struct hdr_links l;

	memset(&l, 0, sizeof(l));
	ok(hdr_link_parse(S("<https://ca/dir>;rel=\"index\""), &l) == 0,
	   "Link: index parses");
	is_str(l.index, "https://ca/dir", "Link: index target");
	ok(l.up == NULL && l.n_alternate == 0, "Link: nothing else");
	hdr_links_clear(&l);

	ok(hdr_link_parse(S("<https://ca/cert/1/1>; rel=\"alternate\", "
			    "<https://ca/issuer>;rel=up, "
			    "<https://ca/cert/1/2>;title=\"a, b; c\";"
			    "rel=\"alternate\""),
			  &l) == 0,
	   "Link: several links in one header");
	is_int(l.n_alternate, 2, "Link: two alternates");
	is_str(l.alternate[0], "https://ca/cert/1/1", "Link: first alternate");
	is_str(l.alternate[1], "https://ca/cert/1/2",
	       "Link: quoted comma and semicolon in a param do not split");
	is_str(l.up, "https://ca/issuer", "Link: unquoted rel=up");
	hdr_links_clear(&l);

	ok(hdr_link_parse(S("<https://ca/x,y>;REL=\"up index\""), &l) == 0 &&
		   l.up && l.index,
	   "Link: space-separated relation types, case-insensitive");
	is_str(l.up, "https://ca/x,y", "Link: comma inside <> kept");
	hdr_links_clear(&l);

	ok(hdr_link_parse(S("<https://ca/list/1?cursor=2>;rel=\"next\", "
			    "<https://ca/list/9>;rel=next"),
			  &l) == 0,
	   "Link: next (a list's next page) parses");
	is_str(l.next, "https://ca/list/1?cursor=2", "Link: the first next");
	ok(l.up == NULL && l.index == NULL, "Link: next is not up or index");
	hdr_links_clear(&l);
	ok(l.next == NULL, "Link: clear frees next");

	ok(hdr_link_parse(S("<https://a>;rel=\"other\";rel=\"up\""), &l) == 0 &&
		   l.up == NULL,
	   "Link: only the first rel counts");
	hdr_links_clear(&l);

	ok(hdr_link_parse(S("garbage, <https://ok>;rel=up, <broken;rel=up, "
			    "<https://q>;rel=\"unterminated"),
			  &l) == 0,
	   "Link: malformed values skipped");
	is_str(l.up, "https://ok", "Link: the good one is kept");
	hdr_links_clear(&l);

	ok(hdr_link_parse(S("<https://a>;rel=alternate,<https://b>;rel="
			    "alternate,<https://c>;rel=alternate,<https://d>;"
			    "rel=alternate,<https://e>;rel=alternate,"
			    "<https://f>;rel=alternate,<https://g>;rel="
			    "alternate,<https://h>;rel=alternate,<https://i>;"
			    "rel=alternate,<https://j>;rel=alternate"),
			  &l) == 0,
	   "Link: many alternates");
	is_int(l.n_alternate, HDR_ALTERNATES_MAX, "Link: alternates capped");
	hdr_links_clear(&l);
	/* What makes a second clear safe: nothing left to free twice. */
	ok(l.up == NULL && l.index == NULL && l.next == NULL &&
		   l.n_alternate == 0 && l.alternate[0] == NULL,
	   "Link: clear leaves a zeroed struct");
	survives(hdr_links_clear(&l), "Link: clear twice is safe");
}

static void test_urls(void)
{
	struct url_policy p = { "https://acme.example:443/dir", 0 };
	struct url_policy any = { "https://acme.example/dir", 1 };
	struct err e;

	ok(url_same_origin("https://ACME.example/dir",
			   "https://acme.example:443/x"),
	   "origin: case and default port");
	ok(!url_same_origin("https://acme.example/",
			    "https://acme.example:8443/"),
	   "origin: other port differs");
	ok(!url_same_origin("https://acme.example/", "http://acme.example/"),
	   "origin: http is not https");
	ok(!url_same_origin("https://acme.example/",
			    "https://acme.example.evil/"),
	   "origin: suffix host differs");
	err_clear(&e);
	ok(url_check(&p, "https://acme.example/acme/order/1", "x", &e) == RC_OK,
	   "url_check: same origin");
	err_clear(&e);
	ok(url_check(&p, "https://cdn.example/cert", "cert URL", &e) ==
		   RC_PROTO,
	   "url_check: other origin refused");
	ok(strstr(e.msg, "cert URL") != NULL, "url_check: names the field");
	err_clear(&e);
	ok(url_check(&any, "https://cdn.example/cert", "x", &e) == RC_OK,
	   "url_check: other origin allowed when configured");
	err_clear(&e);
	ok(url_check(&any, "http://cdn.example/cert", "x", &e) == RC_PROTO,
	   "url_check: http refused even then");
	err_clear(&e);
	ok(url_check(&p, "https://user:pw@acme.example/x", "x", &e) == RC_PROTO,
	   "url_check: user info refused");
	err_clear(&e);
	ok(url_check(&p, "https://acme.example/a b", "x", &e) == RC_PROTO,
	   "url_check: space refused");
	err_clear(&e);
	ok(url_check(&p, "https://acme.example/\x1b[2J", "x", &e) == RC_PROTO,
	   "url_check: escape sequence refused");
	ok(strchr(e.msg, 0x1b) == NULL, "url_check: message sanitized");
	err_clear(&e);
	ok(url_check(&p, "file:///etc/passwd", "x", &e) == RC_PROTO,
	   "url_check: file URL refused");
	err_clear(&e);
	ok(url_check(&p, NULL, "x", &e) == RC_PROTO, "url_check: NULL");
	ok(url_is_https("https://[::1]:14000/dir"), "https: IPv6 literal");
	ok(!url_is_https("https:///nohost"), "https: no host");
}

static void test_problems(void)
{
	struct acme_problem p;
	struct err e;
	/* RFC 8555 6.7.1 */
	const char *rfc =
		"{\"type\": \"urn:ietf:params:acme:error:malformed\","
		"\"detail\": \"Some of the identifiers requested were rejected\","
		"\"subproblems\": ["
		"{\"type\": \"urn:ietf:params:acme:error:malformed\","
		"\"detail\": \"Invalid underscore in DNS name \\\"_example.org\\\"\","
		"\"identifier\": {\"type\": \"dns\", \"value\": \"_example.org\"}},"
		"{\"type\": \"urn:ietf:params:acme:error:rejectedIdentifier\","
		"\"detail\": \"This CA will not issue for \\\"example.net\\\"\","
		"\"identifier\": {\"type\": \"dns\", \"value\": \"example.net\"}}"
		"]}";
	const char *hostile =
		"{\"type\": \"urn:ietf:params:acme:error:unauthorized\","
		"\"detail\": \"evil\\u001b[31m red\\nsecond line\\u0000tail\","
		"\"status\": 403}";

	memset(&p, 0, sizeof(p));
	err_clear(&e);
	ok(problem_parse(S(rfc), &p, &e) == RC_OK, "problem: RFC example");
	is_str(problem_short_type(&p), "malformed", "problem: short type");
	ok(problem_is(&p, "malformed") && !problem_is(&p, "badNonce"),
	   "problem: problem_is");
	is_str(p.summary,
	       "malformed: Some of the identifiers requested were rejected "
	       "[_example.org: Invalid underscore in DNS name "
	       "\"_example.org\"; example.net: rejectedIdentifier: This CA "
	       "will not issue for \"example.net\"]",
	       "problem: summary with subproblems");
	is_int(p.n_sub, 2, "problem: subproblem count");
	ok(problem_to_err(&p, "new order", &e) == RC_CA, "problem: RC_CA");
	ok(strncmp(e.msg, "new order: malformed: ", 22) == 0,
	   "problem: context prefix");
	problem_clear(&p);

	ok(problem_parse(S(hostile), &p, NULL) == RC_OK, "problem: hostile");
	ok(safe_is_clean(p.summary) && safe_is_clean(p.detail),
	   "problem: control characters escaped");
	ok(strstr(p.summary, "\\x1b") != NULL, "problem: ESC visible");
	ok(strstr(p.summary, "tail") != NULL,
	   "problem: text after NUL not lost");
	is_int(p.status, 403, "problem: status");
	ok(problem_is(&p, "unauthorized"), "problem: raw type kept");
	problem_clear(&p);

	ok(problem_parse(S("{\"type\":\"urn:ietf:params:acme:error:"
			   "rateLimited\",\"detail\":\"too many\"}"),
			 &p, NULL) == RC_OK,
	   "problem: rate limited");
	err_clear(&e);
	is_int(problem_to_err(&p, NULL, &e), RC_RATELIMIT,
	       "problem: rateLimited maps to RC_RATELIMIT");
	problem_clear(&p);

	ok(problem_parse(S("{}"), &p, NULL) == RC_OK, "problem: empty");
	is_str(p.summary, "error: no detail given", "problem: empty summary");
	problem_clear(&p);
	ok(problem_parse(S("{\"type\":\"about:blank\",\"detail\":5,"
			   "\"subproblems\":[1,{\"detail\":[]}]}"),
			 &p, NULL) == RC_OK,
	   "problem: wrong member types tolerated");
	is_str(problem_short_type(&p), "about:blank",
	       "problem: foreign type kept whole");
	problem_clear(&p);
	ok(problem_parse(S("not json"), &p, NULL) == RC_PROTO,
	   "problem: not JSON");
	problem_clear(&p);
	problem_clear(NULL);
}

static void test_directory(void)
{
	struct url_policy p = { "https://example.com/acme/directory", 0 };
	struct acme_directory d;
	struct err e;
	/* RFC 8555 7.1.1 */
	const char *rfc =
		"{\"newNonce\": \"https://example.com/acme/new-nonce\","
		"\"newAccount\": \"https://example.com/acme/new-account\","
		"\"newOrder\": \"https://example.com/acme/new-order\","
		"\"newAuthz\": \"https://example.com/acme/new-authz\","
		"\"revokeCert\": \"https://example.com/acme/revoke-cert\","
		"\"keyChange\": \"https://example.com/acme/key-change\","
		"\"meta\": {"
		"\"termsOfService\": \"https://example.com/acme/terms/2017-5-30\","
		"\"website\": \"https://www.example.com/\","
		"\"caaIdentities\": [\"example.com\"],"
		"\"externalAccountRequired\": false}}";
	const char *modern = "{\"newNonce\": \"https://example.com/n\","
			     "\"newAccount\": \"https://example.com/a\","
			     "\"newOrder\": \"https://example.com/o\","
			     "\"renewalInfo\": \"https://example.com/ari\","
			     "\"revokeCert\": \"https://example.com/r\","
			     "\"meta\": {\"externalAccountRequired\": true,"
			     "\"termsOfService\": \"data:text/plain,Do%20what\","
			     "\"profiles\": {\"tlsserver\": \"https://x/tls\","
			     "\"classic\": \"The same as always\","
			     "\"shortlived\": \"6 days\"}}}";

	memset(&d, 0, sizeof(d));
	err_clear(&e);
	ok(directory_parse(S(rfc), &p, &d, &e) == RC_OK, "directory: RFC");
	is_str(d.new_authz, "https://example.com/acme/new-authz",
	       "directory: newAuthz");
	is_str(d.terms_of_service, "https://example.com/acme/terms/2017-5-30",
	       "directory: terms");
	ok(d.n_caa == 1 && strcmp(d.caa_identities[0], "example.com") == 0,
	   "directory: caaIdentities");
	is_int(directory_caps(&d),
	       ACME_CAP_NEW_AUTHZ | ACME_CAP_REVOKE | ACME_CAP_KEY_CHANGE,
	       "directory: capabilities");
	ok(d.raw && strcmp(d.raw, rfc) == 0, "directory: raw text kept");
	directory_clear(&d);

	ok(directory_parse(S(modern), &p, &d, &e) == RC_OK,
	   "directory: profiles, EAB, ARI");
	ok(d.eab_required, "directory: externalAccountRequired");
	is_int(d.n_profiles, 3, "directory: three profiles");
	is_str(d.profiles[0].name, "classic", "directory: profiles sorted");
	ok(directory_profile(&d, "shortlived") != NULL &&
		   strcmp(directory_profile(&d, "shortlived")->description,
			  "6 days") == 0,
	   "directory: profile lookup");
	ok(directory_profile(&d, "nope") == NULL, "directory: unknown profile");
	is_int(directory_caps(&d),
	       ACME_CAP_REVOKE | ACME_CAP_ARI | ACME_CAP_PROFILES |
		       ACME_CAP_EAB,
	       "directory: modern capabilities");
	ok(d.caa_identities != NULL && d.n_caa == 0,
	   "directory: empty CAA list");
	directory_clear(&d);

	err_clear(&e);
	ok(directory_parse(S("{\"newNonce\":\"https://example.com/n\","
			     "\"newAccount\":\"https://example.com/a\"}"),
			   &p, &d, &e) == RC_PROTO,
	   "directory: missing newOrder");
	ok(strstr(e.msg, "newOrder") != NULL, "directory: error names it");
	err_clear(&e);
	ok(directory_parse(S("{\"newNonce\":\"https://evil.example/n\","
			     "\"newAccount\":\"https://example.com/a\","
			     "\"newOrder\":\"https://example.com/o\"}"),
			   &p, &d, &e) == RC_PROTO,
	   "directory: foreign origin refused");
	ok(d.new_nonce == NULL && d.raw == NULL,
	   "directory: cleared after failure");
	err_clear(&e);
	ok(directory_parse(S("{\"newNonce\":\"http://example.com/n\","
			     "\"newAccount\":\"https://example.com/a\","
			     "\"newOrder\":\"https://example.com/o\"}"),
			   &p, &d, &e) == RC_PROTO,
	   "directory: http refused");
	err_clear(&e);
	ok(directory_parse(S("{\"newNonce\":\"https://example.com/n\","
			     "\"newAccount\":\"https://example.com/a\","
			     "\"newOrder\":\"https://example.com/o\","
			     "\"meta\":{\"profiles\":{\"../x\":\"y\"}}}"),
			   &p, &d, &e) == RC_PROTO,
	   "directory: hostile profile name refused");
	err_clear(&e);
	ok(directory_parse(S("[1,2]"), &p, &d, &e) == RC_PROTO,
	   "directory: not an object");
	directory_clear(&d);
}

static const char *authz_rfc =
	"{\"status\": \"valid\","
	"\"expires\": \"2015-03-01T14:09:07.99Z\","
	"\"identifier\": {\"type\": \"dns\", \"value\": \"www.example.org\"},"
	"\"challenges\": [{"
	"\"url\": \"https://example.com/acme/chall/prV_B7yEyA4\","
	"\"type\": \"http-01\", \"status\": \"valid\","
	"\"token\": \"DGyRejmCefe7v4NfDGDKfA\","
	"\"validated\": \"2014-12-01T12:05:58.16Z\"}],"
	"\"wildcard\": false}";

/* An authorization with one challenge whose token is tok. */
static enum rc authz_with_token(const char *tok, struct err *e)
{
	struct url_policy p = { "https://example.com/dir", 0 };
	struct acme_authz a;
	char body[1024];
	enum rc rc;

	memset(&a, 0, sizeof(a));
	snprintf(body, sizeof(body),
		 "{\"status\":\"pending\",\"identifier\":{\"type\":\"dns\","
		 "\"value\":\"a.example\"},\"challenges\":[{\"type\":"
		 "\"http-01\",\"url\":\"https://example.com/c/1\",\"status\":"
		 "\"pending\",\"token\":\"%s\"}]}",
		 tok);
	rc = acme_authz_parse(S(body), "https://example.com/authz/1", &p, &a,
			      e);
	acme_authz_clear(&a);
	return rc;
}

static void test_authz(void)
{
	struct url_policy p = { "https://example.com/dir", 0 };
	struct acme_authz a;
	struct acme_challenge *ch;
	struct err e;
	const char *invalid =
		"{\"status\":\"invalid\",\"identifier\":{\"type\":\"dns\","
		"\"value\":\"example.org\"},\"wildcard\":true,\"challenges\":["
		"{\"type\":\"dns-01\",\"url\":\"https://example.com/c/2\","
		"\"status\":\"invalid\",\"token\":\"abc\",\"error\":{\"type\":"
		"\"urn:ietf:params:acme:error:dns\",\"detail\":\"No TXT "
		"record found at _acme-challenge.example.org\"}}]}";

	memset(&a, 0, sizeof(a));
	err_clear(&e);
	ok(acme_authz_parse(S(authz_rfc), "https://example.com/acme/authz/1",
			    &p, &a, &e) == RC_OK,
	   "authz: RFC 8555 7.1.4 example");
	is_int(a.status, ST_VALID, "authz: status");
	is_str(a.ident.value, "www.example.org", "authz: identifier");
	is_int(a.expires, 1425218947, "authz: expires");
	ch = acme_authz_challenge(&a, "http-01");
	ok(ch != NULL, "authz: http-01 found");
	ok(ch && strcmp(ch->token, "DGyRejmCefe7v4NfDGDKfA") == 0,
	   "authz: token");
	ok(ch && ch->validated == 1417435558, "authz: validated time");
	ok(acme_authz_challenge(&a, "dns-01") == NULL, "authz: no dns-01");
	acme_authz_clear(&a);

	ok(acme_authz_parse(S(invalid), "https://example.com/authz/2", &p, &a,
			    &e) == RC_OK,
	   "authz: invalid with error");
	ok(a.wildcard, "authz: wildcard flag");
	err_clear(&e);
	is_int(acme_authz_failure(&a, &e), RC_CA, "authz: failure is RC_CA");
	is_str(e.msg,
	       "*.example.org: dns-01: dns: No TXT record found at "
	       "_acme-challenge.example.org",
	       "authz: failure names identifier, challenge and problem");
	acme_authz_clear(&a);

	err_clear(&e);
	ok(authz_with_token("../x", &e) == RC_PROTO, "authz: token ../x");
	ok(strstr(e.msg, "base64url") != NULL, "authz: says why");
	err_clear(&e);
	ok(authz_with_token("a/b", &e) == RC_PROTO, "authz: token a/b");
	err_clear(&e);
	ok(authz_with_token("$(id)", &e) == RC_PROTO, "authz: token $(id)");
	err_clear(&e);
	ok(authz_with_token("", &e) == RC_PROTO, "authz: empty token");
	err_clear(&e);
	ok(authz_with_token("abc\\u0000def", &e) == RC_PROTO,
	   "authz: token with NUL");
	{
		char tok[ACME_TOKEN_MAX + 2];

		memset(tok, 'A', sizeof(tok) - 1);
		tok[sizeof(tok) - 1] = '\0';
		err_clear(&e);
		ok(authz_with_token(tok, &e) == RC_PROTO,
		   "authz: over-long token");
		tok[ACME_TOKEN_MAX] = '\0';
		err_clear(&e);
		ok(authz_with_token(tok, &e) == RC_OK,
		   "authz: maximum-length token");
	}
	err_clear(&e);
	ok(acme_authz_parse(S("{\"status\":\"bogus\",\"identifier\":{\"type\":"
			      "\"dns\",\"value\":\"a.example\"},"
			      "\"challenges\":[]}"),
			    "https://example.com/authz/3", &p, &a,
			    &e) == RC_PROTO,
	   "authz: unknown status refused");
	err_clear(&e);
	ok(acme_authz_parse(S("{\"status\":\"ready\",\"identifier\":{\"type\":"
			      "\"dns\",\"value\":\"a.example\"},"
			      "\"challenges\":[]}"),
			    "https://example.com/authz/3", &p, &a,
			    &e) == RC_PROTO,
	   "authz: an order status is not an authz status");
	err_clear(&e);
	ok(acme_authz_parse(S("{\"status\":\"pending\",\"identifier\":"
			      "{\"type\":\"dns\",\"value\":\"a;rm -rf\"},"
			      "\"challenges\":[]}"),
			    "https://example.com/authz/3", &p, &a,
			    &e) == RC_PROTO,
	   "authz: hostile identifier refused");
	err_clear(&e);
	ok(acme_authz_parse(S("{\"status\":\"pending\",\"identifier\":"
			      "{\"type\":\"dns\",\"value\":\"a.example\"},"
			      "\"challenges\":[{\"type\":\"http-01\",\"url\":"
			      "\"https://evil.example/c\",\"status\":"
			      "\"pending\",\"token\":\"x\"}]}"),
			    "https://example.com/authz/3", &p, &a,
			    &e) == RC_PROTO,
	   "authz: challenge URL on another origin refused");
	acme_authz_clear(&a);
}

static void test_order(void)
{
	struct url_policy p = { "https://example.com/dir", 0 };
	struct acme_order o;
	struct err e;
	/* RFC 8555 7.1.3 */
	const char *rfc =
		"{\"status\": \"valid\","
		"\"expires\": \"2016-01-20T14:09:07.99Z\","
		"\"identifiers\": [{ \"type\": \"dns\", \"value\": "
		"\"www.example.org\" },{ \"type\": \"dns\", \"value\": "
		"\"example.org\" }],"
		"\"notBefore\": \"2016-01-01T00:00:00Z\","
		"\"notAfter\": \"2016-01-08T00:00:00Z\","
		"\"authorizations\": ["
		"\"https://example.com/acme/authz/PAniVnsZcis\","
		"\"https://example.com/acme/authz/r4HqLzrSrpI\"],"
		"\"finalize\": \"https://example.com/acme/order/TOlocE8rfgo/"
		"finalize\","
		"\"certificate\": \"https://example.com/acme/cert/mAt3xBGaobw\"}";
	const char *invalid =
		"{\"status\":\"invalid\",\"identifiers\":[{\"type\":\"ip\","
		"\"value\":\"192.0.2.1\"},{\"type\":\"dns\",\"value\":"
		"\"*.example.org\"}],\"authorizations\":[],\"finalize\":"
		"\"https://example.com/f\",\"profile\":\"shortlived\","
		"\"error\":{\"type\":\"urn:ietf:params:acme:error:"
		"rejectedIdentifier\",\"detail\":\"no\"}}";

	memset(&o, 0, sizeof(o));
	err_clear(&e);
	ok(acme_order_parse(S(rfc),
			    "https://example.com/acme/order/TOlocE8rfgo", &p,
			    &o, &e) == RC_OK,
	   "order: RFC 8555 7.1.3 example");
	is_int(o.status, ST_VALID, "order: status valid");
	is_int(o.n_idents, 2, "order: two identifiers");
	is_str(o.idents[1].value, "example.org", "order: identifier value");
	is_int(o.n_authz, 2, "order: two authorizations");
	is_str(o.cert_url, "https://example.com/acme/cert/mAt3xBGaobw",
	       "order: certificate URL");
	is_int(o.expires, 1453298947, "order: expires");
	ok(!o.has_error, "order: no error");
	acme_order_clear(&o);

	ok(acme_order_parse(S(invalid), "https://example.com/order/2", &p, &o,
			    &e) == RC_OK,
	   "order: invalid with error, ip and wildcard identifiers");
	ok(o.has_error && problem_is(&o.error, "rejectedIdentifier"),
	   "order: error problem");
	is_str(o.profile, "shortlived", "order: profile");
	is_int(o.idents[0].type, IDENT_IP, "order: ip identifier");
	err_clear(&e);
	is_int(acme_order_poll(NULL, &o, ST_BIT(ST_VALID), 1000, &e), RC_CA,
	       "order: polling an invalid order fails at once");
	is_str(e.msg, "order failed: rejectedIdentifier: no",
	       "order: failure detail");
	acme_order_clear(&o);

	err_clear(&e);
	ok(acme_order_parse(S("{\"status\":\"processing\",\"identifiers\":"
			      "[{\"type\":\"dns\",\"value\":\"a.example\"}],"
			      "\"authorizations\":[\"https://example.com/a\"],"
			      "\"finalize\":\"https://example.com/f\"}"),
			    "https://example.com/o/3", &p, &o, &e) == RC_OK,
	   "order: processing");
	o.retry_at_ms = 0;
	is_int(acme_order_poll(NULL, &o, ST_BIT(ST_VALID), 0, &e), RC_PENDING,
	       "order: out of time gives RC_PENDING, no request made");
	is_str(o.url, "https://example.com/o/3", "order: URL kept to resume");
	acme_order_clear(&o);

	err_clear(&e);
	ok(acme_order_parse(S("{\"status\":\"done\",\"identifiers\":[{\"type\""
			      ":\"dns\",\"value\":\"a.example\"}],"
			      "\"authorizations\":[],\"finalize\":"
			      "\"https://example.com/f\"}"),
			    "https://example.com/o/4", &p, &o, &e) == RC_PROTO,
	   "order: unknown status refused");
	err_clear(&e);
	ok(acme_order_parse(S("{\"status\":\"pending\",\"identifiers\":[{"
			      "\"type\":\"email\",\"value\":\"a@b\"}],"
			      "\"authorizations\":[],\"finalize\":"
			      "\"https://example.com/f\"}"),
			    "https://example.com/o/4", &p, &o, &e) == RC_PROTO,
	   "order: unknown identifier type refused");
	err_clear(&e);
	ok(acme_order_parse(S("{\"status\":\"pending\",\"identifiers\":[{"
			      "\"type\":\"dns\",\"value\":\"a.example\"}],"
			      "\"authorizations\":[\"file:///etc/passwd\"],"
			      "\"finalize\":\"https://example.com/f\"}"),
			    "https://example.com/o/4", &p, &o, &e) == RC_PROTO,
	   "order: non-https authorization refused");
	err_clear(&e);
	ok(acme_order_parse(S("{\"status\":\"pending\",\"identifiers\":[{"
			      "\"type\":\"dns\",\"value\":\"a.example\"}],"
			      "\"authorizations\":[]}"),
			    "https://example.com/o/4", &p, &o, &e) == RC_PROTO,
	   "order: missing finalize refused");
	err_clear(&e);
	ok(acme_order_parse(S("{\"status\":\"valid\",\"identifiers\":[{"
			      "\"type\":\"dns\",\"value\":\"a.example\"}],"
			      "\"authorizations\":[],\"finalize\":"
			      "\"https://example.com/f\",\"certificate\":"
			      "\"https://elsewhere.example/c\"}"),
			    "https://example.com/o/4", &p, &o, &e) == RC_PROTO,
	   "order: certificate on another origin refused");
	acme_order_clear(&o);
	acme_order_clear(&o);
}

static void test_poll_delay(void)
{
	long step = ORDER_POLL_FIRST_MS;
	long d1, d2, d3, d;
	int i;

	d1 = acme_poll_delay(0, 5000, &step);
	d2 = acme_poll_delay(0, 5000, &step);
	d3 = acme_poll_delay(0, 5000, &step);
	ok(d1 == 10 && d2 == 20 && d3 == 40, "poll: 10 ms doubling");
	for (i = 0; i < 20; i++)
		d = acme_poll_delay(0, 5000, &step);
	is_int(d, ORDER_POLL_STEP_MAX_MS, "poll: capped at 2 s");
	d = acme_poll_delay(5000 + 100000000, 5000, &step);
	is_int(d, ORDER_POLL_WAIT_MAX_MS, "poll: Retry-After bounded");
	d = acme_poll_delay(5000 + ORDER_POLL_WAIT_MAX_MS, 5000, &step);
	is_int(d, ORDER_POLL_WAIT_MAX_MS, "poll: Retry-After at the bound");
	d = acme_poll_delay(5000 - 3000, 5000, &step);
	is_int(d, ORDER_POLL_FIRST_MS, "poll: past Retry-After does not spin");
	d = acme_poll_delay(5000, 5000, &step);
	is_int(d, ORDER_POLL_FIRST_MS, "poll: Retry-After now does not spin");
	d = acme_poll_delay(5000 + 1500, 5000, &step);
	is_int(d, 1500, "poll: the rest of a Retry-After, in ms");
}

/* A CA keeps an order processing with Retry-After: 1.  Its answer
 * arrives 999 ms into a wall-clock second (wall 1700000000.999 s,
 * monotonic 5000 ms) and the next poll's delay is computed 2 ms later,
 * in the next wall-clock second.  The wait is the second the CA asked
 * for, counted from the arrival: 998 ms are left, not the 10 ms a wait
 * kept as a wall-clock second would leave.  Times are passed in: no
 * sleep, no clock read. */
static void test_retry_after_arrival(void)
{
	const int64_t wall = INT64_C(1700000000999), mono = 5000;
	struct http_resp r;
	long step = ORDER_POLL_FIRST_MS;

	memset(&r, 0, sizeof(r));
	http_resp_set_retry_after(&r, S("1"), wall, mono);
	is_int(r.retry_at_ms, mono + 1000,
	       "Retry-After: 1: deadline a second after the arrival");
	is_int(r.retry_after, 1700000001, "Retry-After: 1: wall time kept");
	is_int(acme_poll_delay(r.retry_at_ms, mono + 2, &step), 998,
	       "Retry-After: 1 at x.999 s: polled again ~1 s after, not 10 ms");
	is_int(acme_poll_delay(r.retry_at_ms, mono + 999, &step), 10,
	       "Retry-After: 1: the wait ends with the second asked");
	is_int(step, ORDER_POLL_FIRST_MS, "Retry-After: the backoff untouched");

	/* An HTTP-date two seconds after x.000 is 1001 ms after x.999. */
	memset(&r, 0, sizeof(r));
	http_resp_set_retry_after(&r, S("Tue, 14 Nov 2023 22:13:22 GMT"), wall,
				  mono);
	is_int(r.retry_at_ms, mono + 1001,
	       "Retry-After date: converted at the arrival");
	is_int(r.retry_after, 1700000002, "Retry-After date: wall time kept");
	is_int(acme_poll_delay(r.retry_at_ms, mono + 2, &step), 999,
	       "Retry-After date: the rest of the wait");

	memset(&r, 0, sizeof(r));
	http_resp_set_retry_after(&r, S("soon"), wall, mono);
	ok(r.retry_at_ms == 0 && r.retry_after == 0,
	   "Retry-After malformed: nothing recorded");
}

static void test_types(void)
{
	time_t t;

	ok(rfc3339_parse("1970-01-01T00:00:00Z", &t) == 0 && t == 0,
	   "rfc3339: epoch");
	ok(rfc3339_parse("2016-01-20T16:09:07+02:00", &t) == 0 &&
		   t == 1453298947,
	   "rfc3339: offset");
	ok(rfc3339_parse("2016-02-30T00:00:00Z", &t) == -1,
	   "rfc3339: impossible date");
	ok(rfc3339_parse("2016-01-20 junk", &t) == -1, "rfc3339: junk");
	ok(rfc3339_parse("2016-01-20T14:09:07", &t) == -1,
	   "rfc3339: zone required");
	ok(acme_ident_valid(IDENT_DNS, "*.example.org", 1) &&
		   !acme_ident_valid(IDENT_DNS, "*.example.org", 0),
	   "ident: wildcard only when allowed");
	ok(!acme_ident_valid(IDENT_DNS, "a..b", 0) &&
		   !acme_ident_valid(IDENT_DNS, "-a.b", 0) &&
		   !acme_ident_valid(IDENT_DNS, "a_b.c", 0) &&
		   !acme_ident_valid(IDENT_DNS, "", 0),
	   "ident: bad host names");
	ok(acme_ident_valid(IDENT_IP, "2001:db8::1", 0) &&
		   !acme_ident_valid(IDENT_IP, "1.2.3", 0),
	   "ident: ip literals");
	ok(acme_status_parse("ready", ST_ALLOWED_ORDER) == ST_READY &&
		   acme_status_parse("ready", ST_ALLOWED_AUTHZ) ==
			   ST__UNKNOWN &&
		   acme_status_parse(NULL, ~0u) == ST__UNKNOWN,
	   "status: per object");
	ok(acme_contact_valid("mailto:ops@example.com") &&
		   !acme_contact_valid("mailto:a@b?subject=x") &&
		   !acme_contact_valid("mailto:a@b,c@d") &&
		   !acme_contact_valid("tel:+1") &&
		   !acme_contact_valid("mailto:@b"),
	   "contact: mailto only, no hfields");
}

static void test_account(void)
{
	struct url_policy p = { "https://example.com/dir", 0 };
	struct acme_account a;
	struct err e;

	memset(&a, 0, sizeof(a));
	err_clear(&e);
	ok(acme_account_parse(S("{\"status\":\"valid\",\"contact\":["
				"\"mailto:cert-admin@example.org\"],"
				"\"orders\":\"https://example.com/acme/orders/"
				"rzGoeA\"}"),
			      "https://example.com/acme/acct/evOfKhNU60wg", &p,
			      &a, &e) == RC_OK,
	   "account: RFC 8555 7.1.2 example");
	ok(a.status == ST_VALID && a.n_contacts == 1 && a.orders_url,
	   "account: fields");
	acme_account_clear(&a);
	ok(acme_account_parse(S("{\"status\":\"valid\"}"),
			      "https://other.example/acct/1", &p, &a,
			      &e) == RC_PROTO,
	   "account: URL on another origin refused");
	acme_account_clear(&a);
}

static void test_ari(void)
{
	struct acme_ari a;
	struct err e;
	time_t now = 1700000000;

	memset(&a, 0, sizeof(a));
	err_clear(&e);
	/* RFC 9773 4.2 example */
	ok(acme_ari_parse(S("{\"suggestedWindow\": {"
			    "\"start\": \"2025-01-02T04:00:00Z\","
			    "\"end\": \"2025-01-03T04:00:00Z\"},"
			    "\"explanationURL\": \"https://acme.example.com/"
			    "docs/ari\"}"),
			  &a, &e) == RC_OK,
	   "ari: RFC 9773 example");
	is_int(a.start, 1735790400, "ari: start");
	is_int(a.end, 1735876800, "ari: end");
	is_str(a.explanation_url, "https://acme.example.com/docs/ari",
	       "ari: explanation URL");
	acme_ari_clear(&a);
	ok(acme_ari_parse(S("{\"suggestedWindow\": {"
			    "\"start\": \"2025-01-03T04:00:00Z\","
			    "\"end\": \"2025-01-02T04:00:00Z\"}}"),
			  &a, &e) == RC_PROTO,
	   "ari: end before start refused");
	ok(acme_ari_parse(S("{\"suggestedWindow\": {\"start\": 5}}"), &a, &e) ==
		   RC_PROTO,
	   "ari: malformed window");
	ok(acme_ari_parse(S("{\"suggestedWindow\": {"
			    "\"start\": \"2025-01-02T04:00:00Z\","
			    "\"end\": \"2025-01-03T04:00:00Z\"},"
			    "\"explanationURL\": \"javascript:alert(1)\"}"),
			  &a, &e) == RC_OK &&
		   a.explanation_url == NULL,
	   "ari: non-https explanation dropped");
	acme_ari_clear(&a);
	is_int(acme_ari_next_poll(0, now), now + ARI_RETRY_DEFAULT_S,
	       "ari: default poll interval");
	is_int(acme_ari_next_poll(now + 1, now), now + ARI_RETRY_MIN_S,
	       "ari: poll no more often than a minute");
	is_int(acme_ari_next_poll(now + 10 * 86400, now), now + ARI_RETRY_MAX_S,
	       "ari: poll at least daily");
	ok(acme_ari_id_valid("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE"),
	   "ari: id valid");
	ok(!acme_ari_id_valid("aYhba4dGQEHhs3uEe6CuLN4ByNQ") &&
		   !acme_ari_id_valid("a.b/c") && !acme_ari_id_valid(".x"),
	   "ari: bad ids");
}

/* RFC 9773 appendix A: the example certificate and its id. */
static const char *ari_cert =
	"-----BEGIN CERTIFICATE-----\n"
	"MIIBQzCB66ADAgECAgUAh2VDITAKBggqhkjOPQQDAjAVMRMwEQYDVQQDEwpFeGFt\n"
	"cGxlIENBMCIYDzAwMDEwMTAxMDAwMDAwWhgPMDAwMTAxMDEwMDAwMDBaMBYxFDAS\n"
	"BgNVBAMTC2V4YW1wbGUuY29tMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEeBZu\n"
	"7cbpAYNXZLbbh8rNIzuOoqOOtmxA1v7cRm//AwyMwWxyHz4zfwmBhcSrf47NUAFf\n"
	"qzLQ2PPQxdTXREYEnKMjMCEwHwYDVR0jBBgwFoAUaYhba4dGQEHhs3uEe6CuLN4B\n"
	"yNQwCgYIKoZIzj0EAwIDRwAwRAIge09+S5TZAlw5tgtiVvuERV6cT4mfutXIlwTb\n"
	"+FYN/8oCIClDsqBklhB9KAelFiYt9+6FDj3z4KGVelYM5MdsO3pK\n"
	"-----END CERTIFICATE-----\n";

static void test_chain_and_id(void)
{
	char cn[ISSUER_CN_MAX], *out = NULL, *id = NULL;
	char junk[4096];
	struct err e;

	err_clear(&e);
	ok(acme_ari_cert_id(S(ari_cert), &id, &e) == RC_OK, "ari id: computed");
	is_str(id, "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE",
	       "ari id: RFC 9773 appendix A");
	free(id);
	id = NULL;
	ok(acme_ari_cert_id(S("nope"), &id, &e) == RC_INPUT && id == NULL,
	   "ari id: not a certificate");

	err_clear(&e);
	snprintf(junk, sizeof(junk), "junk before\n%s\x1b[2Jjunk after\n%s",
		 ari_cert, ari_cert);
	ok(acme_chain_normalize(S(junk), &out, cn, &e) == RC_OK,
	   "chain: parses around junk");
	ok(out && strstr(out, "junk") == NULL && strchr(out, 0x1b) == NULL,
	   "chain: junk dropped");
	ok(out && strstr(strstr(out, "END") + 3, "BEGIN") != NULL,
	   "chain: both certificates kept");
	is_str(cn, "Example CA", "chain: topmost issuer CN");
	free(out);
	out = NULL;
	err_clear(&e);
	ok(acme_chain_normalize(S("<html>oops</html>"), &out, cn, &e) ==
			   RC_PROTO &&
		   out == NULL,
	   "chain: not PEM refused");

	/* A damaged block must not end the chain early and silently. */
	err_clear(&e);
	snprintf(junk, sizeof(junk), "%s%s", ari_cert, ari_cert);
	memcpy(strstr(strstr(junk, "END") + 3, "MIIB"), "!!!!", 4);
	ok(acme_chain_normalize(S(junk), &out, cn, &e) == RC_PROTO &&
		   out == NULL && strstr(e.msg, "block 2") != NULL,
	   "chain: damaged second block refused (%s)", e.msg);
	free(out);
	out = NULL;
	/* Blocks of other types are dropped, never kept. */
	err_clear(&e);
	snprintf(junk, sizeof(junk),
		 "%s-----BEGIN PRIVATE KEY-----\nAAAA\n"
		 "-----END PRIVATE KEY-----\n%s",
		 ari_cert, ari_cert);
	ok(acme_chain_normalize(S(junk), &out, cn, &e) == RC_OK && out &&
		   strstr(out, "PRIVATE") == NULL,
	   "chain: a key block is dropped");
	free(out);
	out = NULL;
	/* A certificate block with PEM headers is refused. */
	err_clear(&e);
	snprintf(junk, sizeof(junk), "%s", ari_cert);
	{
		char *p = strstr(junk, "MIIB");

		memmove(p + 18, p, strlen(p) + 1);
		memcpy(p, "Proc-Type: 4,X\n\n\n", 18);
	}
	ok(acme_chain_normalize(S(junk), &out, cn, &e) == RC_PROTO &&
		   out == NULL,
	   "chain: a certificate block with headers is refused (%s)", e.msg);
	free(out);
}

static void test_ca_bundle(void)
{
	char path[] = "/tmp/test_acme_ca.XXXXXX";
	char *bundle = NULL;
	size_t len = 0;
	struct err e;
	FILE *f;
	int fd;

	fd = mkstemp(path);
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	ok(f != NULL, "ca bundle: temp file");
	if (f == NULL)
		return;
	fputs(ari_cert, f);
	fclose(f);
	err_clear(&e);
	ok(http_ca_bundle("/nonexistent", path, &bundle, &len, &e) == RC_OK &&
		   len == strlen(ari_cert),
	   "ca bundle: extra file alone when no system bundle");
	free(bundle);
	bundle = NULL;
	ok(http_ca_bundle(path, path, &bundle, &len, &e) == RC_OK &&
		   len == 2 * strlen(ari_cert) + 1,
	   "ca bundle: system bundle first, then the extra CA");
	free(bundle);
	bundle = NULL;
	err_clear(&e);
	ok(http_ca_bundle(NULL, "/nonexistent/ca.pem", &bundle, &len, &e) ==
		   RC_INPUT,
	   "ca bundle: missing extra file is an error");
	f = fopen(path, "w");
	if (f != NULL) {
		fputs("not a certificate\n", f);
		fclose(f);
	}
	err_clear(&e);
	ok(http_ca_bundle(NULL, path, &bundle, &len, &e) == RC_INPUT &&
		   strstr(e.msg, "no PEM certificate") != NULL,
	   "ca bundle: file without certificates refused");
	unlink(path);
}

int main(void)
{
	test_nonce();
	test_retry_after();
	test_links();
	test_urls();
	test_problems();
	test_directory();
	test_authz();
	test_order();
	test_poll_delay();
	test_retry_after_arrival();
	test_types();
	test_account();
	test_ari();
	test_chain_and_id();
	test_ca_bundle();
	return tap_done();
}
