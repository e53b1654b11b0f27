/* SPDX-License-Identifier: ISC */
/* test_domain.c - identifier validation: every DNS rule with a name that
 * breaks it, IP literals, hostile input and the www twin. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "parse/domain.h"
#include "util/err.h"

#define L63 "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyza"
#define L64 L63 "b"

struct good {
	const char *in, *out;
	enum domain_kind type;
	const char *why;
};

static const struct good goods[] = {
	{ "example.com", "example.com", DOMAIN_DNS, "plain name" },
	{ "Example.COM", "example.com", DOMAIN_DNS, "lower-cased" },
	{ "www.example.com.", "www.example.com", DOMAIN_DNS,
	  "one trailing dot stripped" },
	{ "*.example.com", "*.example.com", DOMAIN_DNS, "wildcard" },
	{ "*.EXAMPLE.co.uk.", "*.example.co.uk", DOMAIN_DNS,
	  "wildcard, upper case and trailing dot" },
	{ "xn--bcher-kva.example", "xn--bcher-kva.example", DOMAIN_DNS,
	  "A-label" },
	{ "a-b--c.example", "a-b--c.example", DOMAIN_DNS,
	  "'--' outside positions 3-4" },
	{ "a.b.c.d.e.f.example", "a.b.c.d.e.f.example", DOMAIN_DNS,
	  "many labels" },
	{ "0day.example", "0day.example", DOMAIN_DNS, "leading digit" },
	{ "example.com2", "example.com2", DOMAIN_DNS,
	  "last label with digits and letters" },
	{ L63 ".example", L63 ".example", DOMAIN_DNS, "63-byte label" },
	{ "1.2.3.4", "1.2.3.4", DOMAIN_IP, "IPv4" },
	{ "192.0.2.255", "192.0.2.255", DOMAIN_IP, "IPv4 documentation" },
	{ "::1", "::1", DOMAIN_IP, "IPv6 loopback" },
	{ "2001:DB8:0:0:0:0:0:1", "2001:db8::1", DOMAIN_IP,
	  "IPv6 made canonical" },
	{ "[2001:db8::0001]", "2001:db8::1", DOMAIN_IP, "bracketed IPv6" },
	{ "::ffff:192.0.2.1", "::ffff:192.0.2.1", DOMAIN_IP,
	  "IPv4-mapped IPv6" },
};

struct bad {
	const char *in, *msg;
};

static const struct bad bads[] = {
	{ "", "invalid domain '': empty name" },
	{ ".", "invalid domain '.': empty name" },
	{ "a b", "invalid domain 'a b': space is not allowed" },
	{ "../x", "invalid domain '../x': character '/' is not allowed"
		  " (only letters, digits, '-' and '.')" },
	{ "a_b.example", "invalid domain 'a_b.example': character '_' is not"
			 " allowed (only letters, digits, '-' and '.')" },
	{ "a;rm -rf.example", "invalid domain 'a;rm -rf.example': space is"
			      " not allowed" },
	{ "$(id).example", "invalid domain '$(id).example': character '$'"
			   " is not allowed (only letters, digits, '-' and"
			   " '.')" },
	{ "example..com", "invalid domain 'example..com': empty label (a"
			  " leading dot or '..')" },
	{ ".example.com", "invalid domain '.example.com': empty label (a"
			  " leading dot or '..')" },
	{ "example.com..", "invalid domain 'example.com..': empty label (a"
			   " leading dot or '..')" },
	{ "localhost", "invalid domain 'localhost': a single label is not a"
		       " domain name (use a fully qualified name like"
		       " example.com)" },
	{ "com.", "invalid domain 'com.': a single label is not a domain"
		  " name (use a fully qualified name like example.com)" },
	{ "-a.example", "invalid domain '-a.example': label '-a' starts or"
			" ends with '-'" },
	{ "a-.example", "invalid domain 'a-.example': label 'a-' starts or"
			" ends with '-'" },
	{ "ab--cd.example", "invalid domain 'ab--cd.example': label"
			    " 'ab--cd' has '--' in positions 3-4, reserved"
			    " for xn-- labels" },
	{ "xn--.example", "invalid domain 'xn--.example': label 'xn--'"
			  " starts or ends with '-'" },
	{ L64 ".example", "invalid domain '" L64 ".example': label"
			  " 'abcdefghijklmnop...' is longer than 63"
			  " characters" },
	{ "*", "invalid domain '*': '*' is allowed only as the whole"
	       " leftmost label (*.example.com)" },
	{ "*.com", "invalid domain '*.com': a wildcard needs at least two"
		   " labels after '*.' (*.example.com, not *.com)" },
	{ "*.*.example", "invalid domain '*.*.example': '*' is allowed only"
			 " as the whole leftmost label (*.example.com)" },
	{ "a.*.example", "invalid domain 'a.*.example': '*' is allowed only"
			 " as the whole leftmost label (*.example.com)" },
	{ "*x.example", "invalid domain '*x.example': '*' is allowed only as"
			" the whole leftmost label (*.example.com)" },
	{ "x*.example", "invalid domain 'x*.example': '*' is allowed only as"
			" the whole leftmost label (*.example.com)" },
	{ "*.", "invalid domain '*.': '*' is allowed only as the whole"
		" leftmost label (*.example.com)" },
	{ "*.1.2.3.4", "invalid domain '*.1.2.3.4': a wildcard cannot cover"
		       " an IP address" },
	{ "*.::1", "invalid domain '*.::1': a wildcard cannot cover an IP"
		   " address" },
	{ "256.1.1.1", "invalid domain '256.1.1.1': the last label is all"
		       " digits, but the name is not a valid IP address" },
	{ "1.2.3", "invalid domain '1.2.3': the last label is all digits,"
		   " but the name is not a valid IP address" },
	{ "01.2.3.4", "invalid domain '01.2.3.4': the last label is all"
		      " digits, but the name is not a valid IP address" },
	{ "1.2.3.4.", "invalid domain '1.2.3.4.': the last label is all"
		      " digits, but the name is not a valid IP address" },
	{ "1:2:3", "invalid domain '1:2:3': not a valid IPv6 address" },
	{ "fe80::1%eth0", "invalid domain 'fe80::1%eth0': not a valid IPv6"
			  " address" },
	{ "[1.2.3.4]", "invalid domain '[1.2.3.4]': not a valid IPv6"
		       " address" },
	{ "example.com:443", "invalid domain 'example.com:443': not a valid"
			     " IPv6 address" },
	{ "b\xc3\xbc"
	  "cher.example",
	  "invalid domain 'b\xc3\xbc"
	  "cher"
	  ".example': non-ASCII characters are"
	  " not allowed; give the IDNA A-label"
	  " form (xn--...)" },
	{ "\xff.example", "invalid domain '\\xff.example': non-ASCII"
			  " characters are not allowed; give the IDNA"
			  " A-label form (xn--...)" },
	{ "ex\x1b[31mample.com", "invalid domain 'ex\\x1b[31mample.com':"
				 " control characters are not allowed" },
	{ "example.com\n", "invalid domain 'example.com ': control"
			   " characters are not allowed" },
	{ "a\tb.example", "invalid domain 'a b.example': control characters"
			  " are not allowed" },
	{ "http://example.com", "invalid domain 'http://example.com': not a"
				" valid IPv6 address" },
};

static void test_good(void)
{
	size_t i;

	for (i = 0; i < sizeof(goods) / sizeof(goods[0]); i++) {
		char out[DOMAIN_BUFSZ];
		enum domain_kind t = (enum domain_kind) - 1;
		struct err e;
		enum rc rc;

		err_clear(&e);
		rc = domain_normalize(goods[i].in, out, sizeof(out), &t, &e);
		is_int(rc, RC_OK, "accept %s: %s", goods[i].out, goods[i].why);
		is_str(out, goods[i].out, "normalized form of %s",
		       goods[i].out);
		is_int(t, goods[i].type, "type of %s", goods[i].out);
		is_str(e.msg, "", "no error text for %s", goods[i].out);
	}
}

static void test_bad(void)
{
	size_t i;

	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		char out[DOMAIN_BUFSZ];
		struct err e;
		enum rc rc;

		memset(out, 'x', sizeof(out));
		err_clear(&e);
		rc = domain_normalize(bads[i].in, out, sizeof(out), NULL, &e);
		is_int(rc, RC_INPUT, "refuse case %zu", i);
		is_str(e.msg, bads[i].msg, "message for case %zu", i);
		is_str(out, "", "output empty for case %zu", i);
	}
}

/* Names at and over the 253-byte total and 63-byte label limits. */
static void test_lengths(void)
{
	char name[400], out[DOMAIN_BUFSZ], small[8];
	enum domain_kind t;
	struct err e;
	size_t i;

	/* 4 labels of 63 plus 3 dots = 255: too long.  Build 253 exactly:
	 * 3 x 63 + 61 + 3 dots. */
	memset(name, 0, sizeof(name));
	for (i = 0; i < 3; i++) {
		memset(name + i * 64, 'a' + (char)i, 63);
		name[i * 64 + 63] = '.';
	}
	memset(name + 192, 'd', 61);
	is_int(strlen(name), 253, "built a 253-byte name");
	err_clear(&e);
	is_int(domain_normalize(name, out, sizeof(out), &t, &e), RC_OK,
	       "253 bytes accepted");
	is_str(out, name, "253 bytes kept intact");
	name[253] = '.';
	err_clear(&e);
	is_int(domain_normalize(name, out, sizeof(out), &t, &e), RC_OK,
	       "253 bytes plus the root dot accepted");
	is_int(strlen(out), 253, "root dot stripped at the limit");
	name[253] = 'd';
	err_clear(&e);
	is_int(domain_normalize(name, out, sizeof(out), &t, &e), RC_INPUT,
	       "254 bytes refused");
	ok(strstr(e.msg, "longer than 253 characters") != NULL,
	   "too-long message: %s", e.msg);
	ok(strlen(e.msg) < 200 && strstr(e.msg, "...") != NULL,
	   "long input is shortened in the message");

	memset(name, 'a', 300);
	name[300] = '\0';
	err_clear(&e);
	is_int(domain_normalize(name, out, sizeof(out), &t, &e), RC_INPUT,
	       "300 bytes refused");

	err_clear(&e);
	is_int(domain_normalize("example.com", small, sizeof(small), &t, &e),
	       RC_USAGE, "output buffer too small is a usage error");
	is_str(small, "", "small buffer left empty");

	err_clear(&e);
	is_int(domain_normalize(NULL, out, sizeof(out), &t, &e), RC_USAGE,
	       "NULL input");
	ok(domain_normalize("bad..name", out, sizeof(out), &t, NULL) ==
		   RC_INPUT,
	   "NULL err is allowed");
}

static void test_helpers(void)
{
	static const struct {
		const char *in, *twin;
	} twins[] = {
		{ "example.com", "www.example.com" },
		{ "www.example.com", "example.com" },
		{ "WWW.Example.COM.", "example.com" },
		{ "shop.example.com", "www.shop.example.com" },
		{ "www.www.example.com", "www.example.com" },
		{ "www.com", NULL },
		{ "*.example.com", NULL },
		{ "1.2.3.4", NULL },
		{ "::1", NULL },
		{ "localhost", NULL },
		{ "bad..name", NULL },
		{ NULL, NULL },
	};
	char out[DOMAIN_BUFSZ], name[300];
	size_t i;

	ok(domain_is_wildcard("*.example.com"), "wildcard detected");
	ok(!domain_is_wildcard("example.com"), "plain name not wildcard");
	ok(!domain_is_wildcard("*example.com"), "'*x' is not a wildcard");
	ok(!domain_is_wildcard("*"), "'*' alone is not a wildcard");
	ok(!domain_is_wildcard(NULL), "NULL is not a wildcard");
	is_str(domain_base("*.example.com"), "example.com", "base of wildcard");
	is_str(domain_base("example.com"), "example.com", "base of plain");

	for (i = 0; i < sizeof(twins) / sizeof(twins[0]); i++) {
		int r = domain_www_twin(twins[i].in, out, sizeof(out));

		if (twins[i].twin != NULL) {
			is_int(r, 1, "%s has a twin", twins[i].in);
			is_str(out, twins[i].twin, "twin of %s", twins[i].in);
		} else {
			is_int(r, 0, "%s has no twin",
			       twins[i].in ? twins[i].in : "NULL");
			is_str(out, "", "no twin leaves out empty");
		}
	}
	/* A 251-byte name has no room for "www.". */
	memset(name, 'a', 63);
	name[63] = '.';
	memset(name + 64, 'b', 63);
	name[127] = '.';
	memset(name + 128, 'c', 63);
	name[191] = '.';
	memset(name + 192, 'd', 59);
	name[251] = '\0';
	is_int(domain_www_twin(name, out, sizeof(out)), 0,
	       "no twin past 253 bytes");
	is_int(domain_www_twin("example.com", out, 15), 0,
	       "twin that does not fit the buffer");
	is_int(domain_www_twin("example.com", out, 16), 1,
	       "twin that just fits the buffer");
}

/* domain_ident_ok(): the one check of identifiers no operator typed. */
static void test_ident_ok(void)
{
	const unsigned any = DOMAIN_OK_DNS | DOMAIN_OK_IP | DOMAIN_OK_WILDCARD;

	ok(domain_ident_ok("www.Example.com", DOMAIN_OK_DNS), "a DNS name");
	ok(!domain_ident_ok("www.example.com", DOMAIN_OK_IP),
	   "a DNS name where only IPs are allowed");
	ok(domain_ident_ok("*.example.com", any), "a wildcard when allowed");
	ok(!domain_ident_ok("*.example.com", DOMAIN_OK_DNS),
	   "a wildcard when not allowed");
	ok(domain_ident_ok("192.0.2.1", DOMAIN_OK_IP), "IPv4");
	ok(domain_ident_ok("2001:db8::1", DOMAIN_OK_IP), "IPv6");
	ok(!domain_ident_ok("192.0.2.1", DOMAIN_OK_DNS),
	   "an IP where only DNS names are allowed");
	ok(!domain_ident_ok("[2001:db8::1]", any), "no [brackets] from a CA");
	ok(!domain_ident_ok("example.com.", any), "no root dot from a CA");
	ok(!domain_ident_ok("exa mple.com", any), "a space");
	ok(!domain_ident_ok("example.com\n", any), "a control character");
	ok(!domain_ident_ok("-a.example.com", any), "a label starting '-'");
	ok(!domain_ident_ok("*.com", any), "a wildcard over one label");
	ok(!domain_ident_ok("", any) && !domain_ident_ok(NULL, any),
	   "empty and NULL");
}

int main(void)
{
	test_ident_ok();
	test_good();
	test_bad();
	test_lengths();
	test_helpers();
	return tap_done();
}
