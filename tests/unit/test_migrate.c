/* SPDX-License-Identifier: ISC */
/* test_migrate.c - the parsers of another client's files: the
 * no-escape tree reader, the JWK key import and certbot's ConfigObj
 * renewal conf, each with hostile input. */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>

#include "crypto/key.h"
#include "migrate/confobj.h"
#include "migrate/jwk.h"
#include "migrate/rfc2136cred.h"
#include "migrate/shconf.h"
#include "migrate/tree.h"
#include "tap.h"
#include "util/b64url.h"
#include "util/safe.h"

static char tmpdir[] = "/tmp/acmetui-test-migrate-XXXXXX";

static void put(const char *rel, const char *text)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", tmpdir, rel);
	f = fopen(p, "w");
	if (f != NULL) {
		fputs(text, f);
		fclose(f);
	}
}

static void mk(const char *rel)
{
	char p[512];

	snprintf(p, sizeof(p), "%s/%s", tmpdir, rel);
	mkdir(p, 0700);
}

static void link_to(const char *target, const char *rel)
{
	char p[512];

	snprintf(p, sizeof(p), "%s/%s", tmpdir, rel);
	if (symlink(target, p) != 0)
		perror("symlink");
}

/* Reads rel; returns the rc and, when RC_OK, compares with want. */
static enum rc rd(const struct tree *t, const char *rel, size_t max,
		  const char *want, int *same, struct err *e)
{
	char *buf = NULL;
	size_t len = 0;
	enum rc rc = tree_read(t, rel, max, &buf, &len, e);

	*same = rc == RC_OK && want != NULL && strcmp(buf, want) == 0;
	free(buf);
	return rc;
}

static void test_tree(void)
{
	struct tree t = { .root_fd = -1 };
	struct err e = { 0 };
	char **names = NULL, big[5000];
	size_t n = 0;
	int same;

	mk("root");
	mk("root/archive");
	mk("root/archive/x");
	mk("root/live");
	mk("root/live/x");
	put("root/archive/x/cert1.pem", "CERT\n");
	put("outside", "SECRET\n");
	link_to("../../archive/x/cert1.pem", "root/live/x/cert.pem");
	link_to("/etc/hostname", "root/live/x/abs.pem");
	link_to("../../../outside", "root/live/x/climb.pem");
	link_to("loop2", "root/live/x/loop1");
	link_to("loop1", "root/live/x/loop2");
	link_to("../../archive", "root/live/x/dirlink");
	memset(big, 'A', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	put("root/big", big);
	{
		char p[512];

		snprintf(p, sizeof(p), "%s/root/fifo", tmpdir);
		mkfifo(p, 0600);
		snprintf(p, sizeof(p), "%s/root", tmpdir);
		ok(tree_open(&t, p, &e) == RC_OK, "tree opens");
	}
	ok(rd(&t, "archive/x/cert1.pem", 100, "CERT\n", &same, &e) == RC_OK &&
		   same,
	   "a plain file is read");
	ok(rd(&t, "live/x/cert.pem", 100, "CERT\n", &same, &e) == RC_OK && same,
	   "a link inside the tree is followed (certbot's live -> archive)");
	ok(rd(&t, "live/x/dirlink/x/cert1.pem", 100, "CERT\n", &same, &e) ==
			   RC_OK &&
		   same,
	   "a directory link inside the tree is followed");
	err_clear(&e);
	ok(rd(&t, "live/x/abs.pem", 100, NULL, &same, &e) == RC_INPUT &&
		   strstr(err_text(&e), "leads out") != NULL,
	   "an absolute link is refused (%s)", err_text(&e));
	err_clear(&e);
	ok(rd(&t, "live/x/climb.pem", 100, NULL, &same, &e) == RC_INPUT &&
		   strstr(err_text(&e), "leads out") != NULL,
	   "a link climbing out of the tree is refused");
	err_clear(&e);
	ok(rd(&t, "../outside", 100, NULL, &same, &e) == RC_INPUT,
	   "a path climbing out of the tree is refused");
	err_clear(&e);
	ok(rd(&t, "live/x/loop1", 100, NULL, &same, &e) == RC_INPUT,
	   "a link loop ends with an error");
	err_clear(&e);
	ok(rd(&t, "big", sizeof(big) - 1, big, &same, &e) == RC_OK && same,
	   "a file exactly at the limit is read");
	err_clear(&e);
	ok(rd(&t, "big", sizeof(big) - 2, NULL, &same, &e) == RC_INPUT &&
		   strstr(err_text(&e), "larger than") != NULL,
	   "a file over the limit is refused (%s)", err_text(&e));
	err_clear(&e);
	ok(rd(&t, "fifo", 100, NULL, &same, &e) == RC_INPUT,
	   "a FIFO is refused without hanging");
	err_clear(&e);
	ok(rd(&t, "live", 100, NULL, &same, &e) == RC_INPUT,
	   "a directory is not read as a file");
	err_clear(&e);
	ok(rd(&t, "nothing", 100, NULL, &same, &e) == RC_NOTFOUND,
	   "a missing file is RC_NOTFOUND");
	ok(tree_is_dir(&t, "live/x") && !tree_is_dir(&t, "big") &&
		   !tree_is_dir(&t, "live/x/abs.pem"),
	   "tree_is_dir");
	err_clear(&e);
	ok(tree_list(&t, "live/x", &names, &n, &e) == RC_OK && n == 6 &&
		   strcmp(names[0], "abs.pem") == 0 &&
		   strcmp(names[5], "loop2") == 0,
	   "tree_list: sorted names (%zu)", n);
	tree_names_free(names, n);
	tree_close(&t);
	err_clear(&e);
	ok(tree_open(&t, "/nonexistent-acmetui", &e) == RC_NOTFOUND,
	   "a missing root is RC_NOTFOUND");
}

/* A base64url member of k (param) into the JSON text, left-padded with
 * zero bytes to width (0: the shortest form, as RSA members are). */
static void member_padded(char *out, size_t sz, EVP_PKEY *k, const char *name,
			  const char *param, int width)
{
	BIGNUM *bn = NULL;
	unsigned char raw[1024];
	char *s;
	int n;

	EVP_PKEY_get_bn_param(k, param, &bn);
	n = width > 0 ? BN_bn2binpad(bn, raw, width) : BN_bn2bin(bn, raw);
	s = b64url_encode(raw, (size_t)n);
	snprintf(out + strlen(out), sz - strlen(out), ",\"%s\":\"%s\"", name,
		 s);
	free(s);
	BN_free(bn);
}

static void member(char *out, size_t sz, EVP_PKEY *k, const char *name,
		   const char *param)
{
	member_padded(out, sz, k, name, param, 0);
}

/* k as a private RSA JWK (certbot's private_key.json). */
static void rsa_jwk(EVP_PKEY *k, char *out, size_t sz)
{
	snprintf(out, sz, "{\"kty\":\"RSA\"");
	member(out, sz, k, "n", OSSL_PKEY_PARAM_RSA_N);
	member(out, sz, k, "e", OSSL_PKEY_PARAM_RSA_E);
	member(out, sz, k, "d", OSSL_PKEY_PARAM_RSA_D);
	member(out, sz, k, "p", OSSL_PKEY_PARAM_RSA_FACTOR1);
	member(out, sz, k, "q", OSSL_PKEY_PARAM_RSA_FACTOR2);
	member(out, sz, k, "dp", OSSL_PKEY_PARAM_RSA_EXPONENT1);
	member(out, sz, k, "dq", OSSL_PKEY_PARAM_RSA_EXPONENT2);
	member(out, sz, k, "qi", OSSL_PKEY_PARAM_RSA_COEFFICIENT1);
	snprintf(out + strlen(out), sz - strlen(out), "}");
}

/* k as a private P-256 JWK: each member the full 32 bytes (RFC 7518
 * 6.2.1.2), or with width 0 the shortest form a careless writer makes. */
static void ec_jwk_width(EVP_PKEY *k, char *out, size_t sz, int width)
{
	snprintf(out, sz, "{\"kty\":\"EC\",\"crv\":\"P-256\"");
	member_padded(out, sz, k, "x", OSSL_PKEY_PARAM_EC_PUB_X, width);
	member_padded(out, sz, k, "y", OSSL_PKEY_PARAM_EC_PUB_Y, width);
	member_padded(out, sz, k, "d", OSSL_PKEY_PARAM_PRIV_KEY, width);
	snprintf(out + strlen(out), sz - strlen(out), "}");
}

static void ec_jwk(EVP_PKEY *k, char *out, size_t sz)
{
	ec_jwk_width(k, out, sz, 32);
}

/* A P-256 key whose x has a leading zero byte (about one key in 256), so
 * its shortest form is shorter than the coordinate; NULL if none turned
 * up in 20000 tries. */
static EVP_PKEY *ec_key_with_short_x(void)
{
	for (int i = 0; i < 20000; i++) {
		EVP_PKEY *k = key_generate(KEY_EC256, NULL);
		BIGNUM *x = NULL;
		int short_x;

		EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_EC_PUB_X, &x);
		short_x = x != NULL && BN_num_bytes(x) < 32;
		BN_free(x);
		if (short_x)
			return k;
		EVP_PKEY_free(k);
	}
	return NULL;
}

/* RFC 7518 wants full-size members, but a key written without its leading
 * zero bytes is the same key: it imports, padded back. */
static void test_jwk_short_coordinate(void)
{
	EVP_PKEY *ec = ec_key_with_short_x();
	char j[8192], full[8192];
	struct err e = { 0 };
	EVP_PKEY *k;

	ok(ec != NULL, "a P-256 key with a short x coordinate found");
	if (ec == NULL)
		return;
	ec_jwk_width(ec, j, sizeof(j), 0);
	ec_jwk(ec, full, sizeof(full));
	ok(strlen(j) < strlen(full), "its shortest form is shorter");
	k = jwk_private_import(full, strlen(full), &e);
	ok(k != NULL && EVP_PKEY_eq(k, ec) == 1,
	   "the full-size JWK imports (%s)", err_text(&e));
	EVP_PKEY_free(k);
	k = jwk_private_import(j, strlen(j), &e);
	ok(k != NULL && EVP_PKEY_eq(k, ec) == 1,
	   "the JWK without leading zero bytes imports as the same key (%s)",
	   err_text(&e));
	EVP_PKEY_free(k);
	EVP_PKEY_free(ec);
}

/* Replaces the value of member name in json by that in other. */
static void swap_member(char *json, const char *other, const char *name)
{
	char key[16], tmp[8192];
	const char *a, *b, *ae, *be;

	snprintf(key, sizeof(key), "\"%s\":\"", name);
	a = strstr(json, key);
	b = strstr(other, key);
	if (a == NULL || b == NULL)
		return;
	a += strlen(key);
	b += strlen(key);
	ae = strchr(a, '"');
	be = strchr(b, '"');
	snprintf(tmp, sizeof(tmp), "%.*s%.*s%s", (int)(a - json), json,
		 (int)(be - b), b, ae);
	strcpy(json, tmp);
}

static void test_jwk(void)
{
	EVP_PKEY *rsa = key_generate(KEY_RSA2048, NULL);
	EVP_PKEY *ec = key_generate(KEY_EC256, NULL);
	EVP_PKEY *ec2 = key_generate(KEY_EC256, NULL);
	char j[8192], j2[8192], bad[8192];
	struct err e = { 0 };
	EVP_PKEY *k;

	rsa_jwk(rsa, j, sizeof(j));
	k = jwk_private_import(j, strlen(j), &e);
	ok(k != NULL && EVP_PKEY_eq(k, rsa) == 1,
	   "an RSA JWK imports as the same key (%s)", err_text(&e));
	EVP_PKEY_free(k);
	ec_jwk(ec, j, sizeof(j));
	k = jwk_private_import(j, strlen(j), &e);
	ok(k != NULL && EVP_PKEY_eq(k, ec) == 1 && key_type_of(k) == KEY_EC256,
	   "a P-256 JWK imports as the same key");
	EVP_PKEY_free(k);
	/* The private part of another key: the pair check refuses it. */
	ec_jwk(ec2, j2, sizeof(j2));
	strcpy(bad, j);
	swap_member(bad, j2, "d");
	ok(strcmp(bad, j) != 0, "the hostile JWK differs in d");
	err_clear(&e);
	k = jwk_private_import(bad, strlen(bad), &e);
	ok(k == NULL && e.rc == RC_INPUT,
	   "an EC JWK whose d is another key's is refused");
	EVP_PKEY_free(k);
	strcpy(bad, j);
	swap_member(bad, "\"x\":\"!!notb64\"", "x");
	err_clear(&e);
	k = jwk_private_import(bad, strlen(bad), &e);
	ok(k == NULL && e.rc == RC_INPUT, "a member that is not base64url");
	EVP_PKEY_free(k);
	strcpy(bad, j);
	swap_member(bad, "\"crv\":\"P-521\"", "crv");
	err_clear(&e);
	k = jwk_private_import(bad, strlen(bad), &e);
	ok(k == NULL && strstr(err_text(&e), "not a valid") != NULL,
	   "an unsupported curve is refused");
	EVP_PKEY_free(k);
	rsa_jwk(rsa, j, sizeof(j));
	strcpy(strstr(j, ",\"qi\""), "}");
	err_clear(&e);
	k = jwk_private_import(j, strlen(j), &e);
	ok(k == NULL && e.rc == RC_INPUT,
	   "an RSA JWK without qi is refused (%d %s)", e.rc, err_text(&e));
	EVP_PKEY_free(k);
	err_clear(&e);
	k = jwk_private_import("{\"kty\":\"oct\",\"k\":\"AAAA\"}", 24, &e);
	ok(k == NULL && e.rc == RC_INPUT, "a symmetric JWK is refused");
	err_clear(&e);
	k = jwk_private_import("[1,2]", 5, &e);
	ok(k == NULL && e.rc == RC_INPUT, "not a JSON object (%d %s)", e.rc,
	   err_text(&e));
	memset(bad, ' ', sizeof(bad));
	err_clear(&e);
	k = jwk_private_import(bad, JWK_TEXT_MAX + 1, &e);
	ok(k == NULL && e.rc == RC_INPUT, "a huge JWK is refused");
	EVP_PKEY_free(rsa);
	EVP_PKEY_free(ec);
	EVP_PKEY_free(ec2);
}

static const char certbot_conf[] =
	"# renew_before_expiry = 30 days\n"
	"version = 2.1.0\n"
	"archive_dir = /etc/letsencrypt/archive/web\n"
	"\n"
	"# Options used in the renewal process\n"
	"[renewalparams]\n"
	"account = 4ae433fc247892f3936d8440066a8113\n"
	"renew_hook = \"systemctl reload nginx # and more, really\"\n"
	"pre_hook = echo pre # a comment\n"
	"webroot_path = /var/www/html,\n"
	"authenticator = webroot\n"
	"[[webroot_map]]\n"
	"web.example.test = /var/www/html\r\n"
	"www.example.test = '/srv/www'\n";

/* Parses text and says whether it was refused. */
static int refused(const char *text)
{
	struct confobj c = { 0 };
	struct err e = { 0 };
	enum rc rc = confobj_parse(text, strlen(text), &c, &e);

	confobj_clear(&c);
	return rc == RC_INPUT && c.n == 0;
}

static void test_confobj(void)
{
	struct confobj c = { 0 };
	struct err e = { 0 };
	char *many;
	size_t i;

	ok(confobj_parse(certbot_conf, strlen(certbot_conf), &c, &e) == RC_OK,
	   "certbot's renewal conf parses (%s)", err_text(&e));
	is_str(confobj_get(&c, "", "version"), "2.1.0", "a top-level key");
	is_str(confobj_get(&c, "renewalparams", "authenticator"), "webroot",
	       "a key in [renewalparams]");
	is_str(confobj_get(&c, "renewalparams", "renew_hook"),
	       "systemctl reload nginx # and more, really",
	       "a quoted value is verbatim, '#' included");
	is_str(confobj_get(&c, "renewalparams", "pre_hook"), "echo pre",
	       "an unquoted value ends at a comment");
	is_str(confobj_get(&c, "renewalparams/webroot_map", "web.example.test"),
	       "/var/www/html", "a nested [[webroot_map]] key, CR trimmed");
	is_str(confobj_get(&c, "renewalparams/webroot_map", "www.example.test"),
	       "/srv/www", "single quotes");
	ok(confobj_get(&c, "", "authenticator") == NULL,
	   "keys belong to their section");
	confobj_clear(&c);
	ok(!refused("a = 1\n[s]\nb = 2\n"), "a small conf is accepted");
	ok(refused("a = 1\nno equals sign\n"), "a line without '='");
	ok(refused("a = \"open\n"), "an unterminated quote");
	ok(refused("a = \"x\"y\"\n"), "a quote inside quotes");
	ok(refused("a = 1\x1b[2J\n"), "a control character");
	ok(refused("[[deep]]\na = 1\n"), "[[x]] without an open [section]");
	ok(refused("[a]]\n"), "unbalanced brackets");
	ok(refused("[]\n"), "an empty section name");
	ok(refused(" = 1\n"), "an empty key");
	{
		struct confobj c2 = { 0 };
		static const char nul[] = "a = 1\0b = 2\n";

		ok(confobj_parse(nul, sizeof(nul) - 1, &c2, &e) == RC_INPUT,
		   "a NUL byte");
		confobj_clear(&c2);
	}
	many = malloc(CONFOBJ_KEYS_MAX * 8 + 16);
	many[0] = '\0';
	for (i = 0; i <= CONFOBJ_KEYS_MAX; i++)
		sprintf(many + strlen(many), "k%zu=1\n", i);
	ok(refused(many), "more than CONFOBJ_KEYS_MAX keys");
	free(many);
	many = malloc(CONFOBJ_LINE_MAX + 16);
	memset(many, 'x', CONFOBJ_LINE_MAX + 8);
	memcpy(many, "a = ", 4);
	many[CONFOBJ_LINE_MAX + 8] = '\0';
	ok(refused(many), "a line over CONFOBJ_LINE_MAX");
	free(many);
}

/* Parses text and says whether it was refused. */
static int sh_refused(const char *text)
{
	struct confobj c = { 0 };
	struct err e = { 0 };
	enum rc rc = shconf_parse(text, strlen(text), &c, &e);

	confobj_clear(&c);
	return rc == RC_INPUT && c.n == 0;
}

static void test_shconf(void)
{
	/* "systemctl reload nginx && echo '$x'" wrapped as acme.sh does. */
	static const char conf[] =
		"Le_Domain='example.com'\n"
		"Le_Alt='no'\n"
		"# a comment\n"
		"Le_Webroot=\"/var/www/html\"\n"
		"Le_HTTPPort=8080\n"
		"Le_ReloadCmd='__ACME_BASE64__START_c3lzdGVtY3RsIHJlbG9hZCBuZ2lu"
		"eCAmJiBlY2hvICckeCc=__ACME_BASE64__END_'\n"
		"Le_Domain='example.org'\n";
	struct confobj c = { 0 };
	struct err e = { 0 };

	ok(shconf_parse(conf, strlen(conf), &c, &e) == RC_OK,
	   "an acme.sh domain conf parses (%s)", err_text(&e));
	is_str(shconf_get(&c, "Le_Domain"), "example.org",
	       "the last assignment wins");
	is_str(shconf_get(&c, "Le_Webroot"), "/var/www/html", "double quotes");
	is_str(shconf_get(&c, "Le_HTTPPort"), "8080", "a bare value");
	is_str(shconf_get(&c, "Le_ReloadCmd"),
	       "systemctl reload nginx && echo '$x'",
	       "a __ACME_BASE64__ value is decoded, shell syntax kept as text");
	ok(shconf_get(&c, "Le_Nothing") == NULL, "an unset key is NULL");
	confobj_clear(&c);
	ok(!sh_refused("A='x'\n"), "a one-line conf is accepted");
	ok(sh_refused("A=$(rm -rf /)\n"), "a command substitution");
	ok(sh_refused("A=\"$HOME\"\n"), "an expansion in double quotes");
	ok(sh_refused("A='x'; rm -rf /\n"), "a second command");
	ok(sh_refused("rm -rf /\n"), "a command instead of an assignment");
	ok(sh_refused("A='it'\\''s'\n"), "a quote inside single quotes");
	ok(sh_refused("1A='x'\n"), "a name that is not an identifier");
	ok(sh_refused("A='__ACME_BASE64__START_!!!!__ACME_BASE64__END_'\n"),
	   "a wrapped value that is not base64");
	/* "a\nb" and "a\x1b[2J" wrapped: not one printable line. */
	ok(sh_refused("A='__ACME_BASE64__START_YQpi__ACME_BASE64__END_'\n"),
	   "a wrapped value with a newline");
	ok(sh_refused("A='__ACME_BASE64__START_YRtbMko=__ACME_BASE64__END_'\n"),
	   "a wrapped value with an escape sequence");
	ok(sh_refused("A='\x1b[2J'\n"), "a raw control character");
}

/* The names lineages, lego files and acme.sh domains become. */
static void test_names(void)
{
	ok(safe_name_ok("example.com", 128) && safe_name_ok("_.x-y_z", 128),
	   "plain names pass");
	ok(!safe_name_ok("", 128) && !safe_name_ok("a b", 128) &&
		   !safe_name_ok("a/b", 128) && !safe_name_ok("*.x", 128) &&
		   !safe_name_ok("a\x1b", 128) && !safe_name_ok("abc", 2),
	   "empty, blank, slash, star, control, too long: refused");
}

/* Whether the credentials text is refused, and with e naming needle. */
static int cred_refused(const char *text, const char *needle)
{
	struct rfc2136cred c = { 0 };
	struct err e = { 0 };
	int r;

	r = rfc2136cred_parse(text, strlen(text), &c, &e) == RC_INPUT &&
	    c.secret == NULL && strstr(err_text(&e), needle) != NULL &&
	    strstr(err_text(&e), "c2VjcmV0") == NULL;
	rfc2136cred_clear(&c);
	return r;
}

#define CRED_OK \
	"dns_rfc2136_server = 192.0.2.1\n" \
	"dns_rfc2136_port = 5353\n" \
	"dns_rfc2136_name = acme-key.\n" \
	"dns_rfc2136_secret = c2VjcmV0c2VjcmV0c2VjcmV0\n"

static void test_rfc2136cred(void)
{
	static const char good[] = CRED_OK
		"dns_rfc2136_algorithm = HMAC-SHA512\n";
	static const char v6[] = "dns_rfc2136_server = ::1\n"
				 "dns_rfc2136_name = k\n"
				 "dns_rfc2136_secret = c2VjcmV0\n"
				 "dns_rfc2136_algorithm = hmac-sha256\n";
	struct rfc2136cred c = { 0 };
	struct err e = { 0 };
	char *huge, *text = NULL, path[600];
	size_t len = 0;
	int others = 0;

	ok(rfc2136cred_parse(good, strlen(good), &c, &e) == RC_OK &&
		   strcmp(c.server, "192.0.2.1:5353") == 0 &&
		   strcmp(c.key_name, "acme-key.") == 0 &&
		   strcmp(c.algorithm, "hmac-sha512") == 0 &&
		   strcmp(c.secret, "c2VjcmV0c2VjcmV0c2VjcmV0") == 0,
	   "certbot credentials: server:port, key, algorithm, secret");
	rfc2136cred_clear(&c);
	ok(rfc2136cred_parse(v6, strlen(v6), &c, &e) == RC_OK &&
		   strcmp(c.server, "[::1]:53") == 0,
	   "IPv6 server, default port 53");
	rfc2136cred_clear(&c);
	ok(cred_refused(CRED_OK, "HMAC-MD5"),
	   "no algorithm: certbot's HMAC-MD5, refused");
	ok(cred_refused(CRED_OK "dns_rfc2136_algorithm = HMAC-FOO\n",
			"HMAC-FOO"),
	   "unknown algorithm refused");
	ok(cred_refused("dns_rfc2136_server = 192.0.2.1\n"
			"dns_rfc2136_name = k\n"
			"dns_rfc2136_algorithm = HMAC-SHA256\n",
			"dns_rfc2136_secret"),
	   "missing secret refused");
	ok(cred_refused("dns_rfc2136_name = k\n"
			"dns_rfc2136_secret = c2VjcmV0\n"
			"dns_rfc2136_algorithm = HMAC-SHA256\n",
			"dns_rfc2136_server"),
	   "missing server refused");
	ok(cred_refused("dns_rfc2136_server = 192.0.2.1\n"
			"dns_rfc2136_secret = c2VjcmV0\n"
			"dns_rfc2136_algorithm = HMAC-SHA256\n",
			"dns_rfc2136_name"),
	   "missing key name refused");
	ok(cred_refused("dns_rfc2136_server = 192.0.2.1\n"
			"dns_rfc2136_name = k\n"
			"dns_rfc2136_secret = c2Vj*mV0\n"
			"dns_rfc2136_algorithm = HMAC-SHA256\n",
			"base64"),
	   "bad base64 refused");
	ok(cred_refused("dns_rfc2136_server = 192.0.2.1\n"
			"dns_rfc2136_port = 99999\n"
			"dns_rfc2136_name = k\n"
			"dns_rfc2136_secret = c2VjcmV0\n"
			"dns_rfc2136_algorithm = HMAC-SHA256\n",
			"dns_rfc2136_port"),
	   "bad port refused");
	ok(cred_refused("dns_rfc2136_server = bad host!\n"
			"dns_rfc2136_name = k\n"
			"dns_rfc2136_secret = c2VjcmV0\n"
			"dns_rfc2136_algorithm = HMAC-SHA256\n",
			"dns_rfc2136_server"),
	   "bad server refused");
	huge = malloc(RFC2136CRED_MAX + 2);
	if (huge != NULL) {
		memset(huge, '#', RFC2136CRED_MAX + 1);
		huge[RFC2136CRED_MAX + 1] = '\0';
	}
	ok(huge != NULL && cred_refused(huge, "bytes"),
	   "huge credentials text refused");
	free(huge);

	put("cred.ini", good);
	snprintf(path, sizeof(path), "%s/cred.ini", tmpdir);
	chmod(path, 0600);
	ok(rfc2136cred_read(path, &text, &len, &others, &e) == RC_OK &&
		   len == strlen(good) && !others,
	   "credentials file 0600 read, not flagged");
	free(text);
	text = NULL;
	chmod(path, 0644);
	ok(rfc2136cred_read(path, &text, &len, &others, &e) == RC_OK && others,
	   "world-readable credentials file flagged");
	free(text);
	text = NULL;
	snprintf(path, sizeof(path), "%s/cred.ini", tmpdir);
	link_to(path, "cred-link.ini"); /* absolute: leaves its directory */
	snprintf(path, sizeof(path), "%s/cred-link.ini", tmpdir);
	ok(access(path, R_OK) == 0 &&
		   rfc2136cred_read(path, &text, &len, &others, &e) == RC_INPUT,
	   "credentials file that is an absolute link refused");
	free(text);
	text = NULL;
	ok(rfc2136cred_read("cred.ini", &text, &len, &others, &e) == RC_INPUT,
	   "relative credentials path refused");
	huge = malloc(RFC2136CRED_MAX + 2);
	if (huge != NULL) {
		memset(huge, '#', RFC2136CRED_MAX + 1);
		huge[RFC2136CRED_MAX + 1] = '\0';
		put("huge.ini", huge);
	}
	free(huge);
	snprintf(path, sizeof(path), "%s/huge.ini", tmpdir);
	ok(access(path, R_OK) == 0 &&
		   rfc2136cred_read(path, &text, &len, &others, &e) == RC_INPUT,
	   "huge credentials file refused");
	free(text);
}

int main(void)
{
	char cmd[600];

	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_tree();
	test_jwk();
	test_jwk_short_coordinate();
	test_confobj();
	test_shconf();
	test_names();
	test_rfc2136cred();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
	return tap_done();
}
