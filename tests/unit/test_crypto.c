/* SPDX-License-Identifier: ISC */
/* test_crypto.c - the crypto layer: keys (generation, PEM round trips,
 * file loading, refusals), CSRs parsed back with OpenSSL, certificates
 * made here with OpenSSL and read back with cert_info_parse, chains. */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "crypto/cert.h"
#include "crypto/csr.h"
#include "crypto/key.h"
#include "tap.h"
#include "util/b64url.h"
#include "util/err.h"

/* A private temporary directory for the file tests (removed at exit). */
static char tmpdir[] = "/tmp/acmetui-test-crypto-XXXXXX";

/* Writes n bytes to dir/name and returns the path (static buffer). */
static const char *write_file(const char *name, const void *p, size_t n)
{
	static char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, p, n) != (ssize_t)n)
		abort();
	close(fd);
	return path;
}

enum pem_form { PEM_PKCS8, PEM_TRADITIONAL, PEM_ENCRYPTED };

/* The PEM text of k in the given form, written by OpenSSL directly (new
 * string; aborts when OpenSSL cannot write it). */
static char *pem_of(EVP_PKEY *k, enum pem_form form)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *data = NULL, *s = NULL;
	long n;
	int rc;

	if (form == PEM_TRADITIONAL)
		rc = PEM_write_bio_PrivateKey_traditional(bio, k, NULL, NULL, 0,
							  NULL, NULL);
	else if (form == PEM_ENCRYPTED)
		rc = PEM_write_bio_PrivateKey(bio, k, EVP_aes_128_cbc(), NULL,
					      0, NULL, (void *)"secret");
	else
		rc = PEM_write_bio_PrivateKey(bio, k, NULL, NULL, 0, NULL,
					      NULL);
	n = BIO_get_mem_data(bio, &data);
	if (rc != 1 || n <= 0 || data == NULL)
		abort();
	s = strndup(data, (size_t)n);
	BIO_free(bio);
	return s;
}

static void test_key_names(void)
{
	is_int(key_type_parse("ec256"), KEY_EC256, "ec256");
	is_int(key_type_parse("EC384"), KEY_EC384, "EC384 (case)");
	is_int(key_type_parse("rsa2048"), KEY_RSA2048, "rsa2048");
	is_int(key_type_parse("rsa3072"), KEY_RSA3072, "rsa3072");
	is_int(key_type_parse("rsa4096"), KEY_RSA4096, "rsa4096");
	is_int(key_type_parse("p256"), KEY_EC256, "alias p256");
	is_int(key_type_parse("P384"), KEY_EC384, "alias p384");
	is_int(key_type_parse("ecdsa"), KEY_EC256, "alias ecdsa");
	is_int(key_type_parse("rsa"), KEY_RSA2048, "alias rsa");
	is_int(key_type_parse("rsa1024"), KEY__INVALID, "rsa1024 refused");
	is_int(key_type_parse("ed25519"), KEY__INVALID, "ed25519 refused");
	is_int(key_type_parse(""), KEY__INVALID, "empty refused");
	is_int(key_type_parse(NULL), KEY__INVALID, "NULL refused");
	is_str(key_type_name(KEY_EC256), "ec256", "name ec256");
	is_str(key_type_name(KEY_EC384), "ec384", "name ec384");
	is_str(key_type_name(KEY_RSA2048), "rsa2048", "name rsa2048");
	is_str(key_type_name(KEY_RSA3072), "rsa3072", "name rsa3072");
	is_str(key_type_name(KEY_RSA4096), "rsa4096", "name rsa4096");
	is_str(key_type_name(KEY__INVALID), "invalid", "name invalid");
}

static void test_key_types(void)
{
	enum key_type t;

	for (t = KEY_EC256; t < KEY__INVALID; t++) {
		struct err e = { 0 };
		EVP_PKEY *k = key_generate(t, &e), *back = NULL;
		char *pem = NULL, *trad = NULL;
		const char *name = key_type_name(t);

		ok(k != NULL, "%s generates", name);
		is_int(key_type_of(k), t, "%s key_type_of", name);
		pem = key_to_pem(k, &e);
		ok(pem && strncmp(pem, "-----BEGIN PRIVATE KEY-----\n", 28) ==
				   0,
		   "%s PEM is PKCS#8", name);
		back = pem ? key_from_pem(pem, strlen(pem), &e) : NULL;
		ok(back && EVP_PKEY_eq(k, back) == 1, "%s PKCS#8 round trip",
		   name);
		is_int(key_type_of(back), t, "%s reloaded type", name);
		EVP_PKEY_free(back);

		trad = pem_of(k, PEM_TRADITIONAL);
		ok(strstr(trad, t <= KEY_EC384 ? "BEGIN EC PRIVATE KEY"
					       : "BEGIN RSA PRIVATE KEY"),
		   "%s traditional PEM written", name);
		back = key_from_pem(trad, strlen(trad), &e);
		ok(back && EVP_PKEY_eq(k, back) == 1,
		   "%s traditional PEM loads", name);
		EVP_PKEY_free(back);
		secret_free(trad);
		secret_free(pem);
		EVP_PKEY_free(k);
	}
}

/* Loads pem and expects a refusal with code rc. */
static void refuse(const char *pem, size_t len, enum rc rc, const char *what)
{
	struct err e = { 0 };
	EVP_PKEY *k = key_from_pem(pem, len, &e);

	ok(k == NULL && e.rc == rc && e.msg[0] != '\0', "%s refused (%s)", what,
	   err_text(&e));
	EVP_PKEY_free(k);
}

static void test_key_refusals(void)
{
	static const char garbage[] =
		"-----BEGIN PRIVATE KEY-----\nnot base64 at all\n"
		"-----END PRIVATE KEY-----\n";
	EVP_PKEY_CTX *ctx;
	EVP_PKEY *k;
	char *pem, *big;
	struct err e = { 0 };

	refuse(garbage, strlen(garbage), RC_INPUT, "bad PEM");
	refuse("", 0, RC_INPUT, "empty text");
	refuse(NULL, 10, RC_INPUT, "NULL text");

	k = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	pem = pem_of(k, PEM_PKCS8);
	refuse(pem, strlen(pem), RC_INPUT, "Ed25519 key");
	free(pem);
	EVP_PKEY_free(k);

	k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "secp256k1");
	pem = pem_of(k, PEM_TRADITIONAL);
	refuse(pem, strlen(pem), RC_INPUT, "secp256k1 key");
	free(pem);
	EVP_PKEY_free(k);

	k = NULL;
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA-PSS", NULL);
	if (ctx == NULL || EVP_PKEY_keygen_init(ctx) != 1 ||
	    EVP_PKEY_generate(ctx, &k) != 1)
		abort();
	EVP_PKEY_CTX_free(ctx);
	pem = pem_of(k, PEM_PKCS8);
	refuse(pem, strlen(pem), RC_INPUT, "RSA-PSS key");
	ok(key_type_of(k) == KEY__INVALID, "RSA-PSS is not an RS256 key");
	free(pem);
	EVP_PKEY_free(k);

	k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);
	pem = pem_of(k, PEM_TRADITIONAL);
	refuse(pem, strlen(pem), RC_INPUT, "RSA 1024 key");
	ok(key_to_pem(k, &e) == NULL && e.rc == RC_USAGE,
	   "RSA 1024 is not written either");
	free(pem);

	/* Encrypted: refused without prompting on the terminal. */
	pem = pem_of(k, PEM_ENCRYPTED);
	ok(strstr(pem, "ENCRYPTED") != NULL, "encrypted PEM written");
	refuse(pem, strlen(pem), RC_INPUT, "encrypted key");
	free(pem);
	EVP_PKEY_free(k);

	big = malloc(70000);
	memset(big, 'A', 70000);
	refuse(big, 70000, RC_INPUT, "70 kB of text");
	free(big);

	err_clear(&e);
	ok(key_generate(KEY__INVALID, &e) == NULL && e.rc == RC_USAGE,
	   "generating an invalid type fails");
	ok(key_type_of(NULL) == KEY__INVALID, "key_type_of(NULL)");
	survives(secret_free(NULL), "secret_free(NULL) is fine");
}

static void test_key_file(void)
{
	struct err e = { 0 };
	EVP_PKEY *k = key_generate(KEY_EC256, &e), *back;
	char *pem = key_to_pem(k, &e), *big;
	const char *path;

	path = write_file("key.pem", pem, strlen(pem));
	back = key_from_file(path, &e);
	ok(back && EVP_PKEY_eq(k, back) == 1, "key loads from a file");
	EVP_PKEY_free(back);

	path = write_file("bad.pem", "hello\n", 6);
	back = key_from_file(path, &e);
	ok(back == NULL && e.rc == RC_INPUT && strstr(e.msg, path),
	   "a bad file is refused naming it (%s)", e.msg);
	err_clear(&e);

	back = key_from_file("/nonexistent/acmetui/key.pem", &e);
	ok(back == NULL && e.rc == RC_NOTFOUND &&
		   strstr(e.msg, "/nonexistent/acmetui/key.pem"),
	   "a missing file is named (%s)", e.msg);
	err_clear(&e);

	back = key_from_file(tmpdir, &e);
	ok(back == NULL && e.rc == RC_INPUT, "a directory is refused (%s)",
	   e.msg);
	err_clear(&e);

	big = calloc(1, 65 * 1024);
	memcpy(big, pem, strlen(pem));
	path = write_file("big.pem", big, 65 * 1024);
	back = key_from_file(path, &e);
	ok(back == NULL && e.rc == RC_INPUT && strstr(e.msg, "big.pem"),
	   "a file over 64 KiB is refused (%s)", e.msg);
	err_clear(&e);
	free(big);

	ok(key_from_file("", &e) == NULL && e.rc == RC_USAGE,
	   "an empty path is refused");
	secret_free(pem);
	EVP_PKEY_free(k);
}

/* Removes the temporary files and directory. */
static void cleanup(void)
{
	static const char *const names[] = { "key.pem", "bad.pem", "big.pem" };
	char path[256];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", tmpdir, names[i]);
		unlink(path);
	}
	rmdir(tmpdir);
}

/* The subjectAltName of a CSR, as OpenSSL reads it (caller frees). */
static GENERAL_NAMES *csr_sans(X509_REQ *req, int *critical)
{
	STACK_OF(X509_EXTENSION) *exts = X509_REQ_get_extensions(req);
	GENERAL_NAMES *gens = NULL;
	int i;

	*critical = -1;
	for (i = 0; i < sk_X509_EXTENSION_num(exts); i++) {
		X509_EXTENSION *ext = sk_X509_EXTENSION_value(exts, i);

		if (OBJ_obj2nid(X509_EXTENSION_get_object(ext)) !=
		    NID_subject_alt_name)
			continue;
		*critical = X509_EXTENSION_get_critical(ext);
		gens = X509V3_EXT_d2i(ext);
	}
	sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
	return gens;
}

/* 1 when gen is a dNSName equal to want. */
static int is_dns(const GENERAL_NAME *gen, const char *want)
{
	return gen && gen->type == GEN_DNS &&
	       (size_t)ASN1_STRING_length(gen->d.dNSName) == strlen(want) &&
	       memcmp(ASN1_STRING_get0_data(gen->d.dNSName), want,
		      strlen(want)) == 0;
}

/* 1 when gen is an iPAddress of n bytes equal to want. */
static int is_ip(const GENERAL_NAME *gen, const unsigned char *want, int n)
{
	return gen && gen->type == GEN_IPADD &&
	       ASN1_STRING_length(gen->d.iPAddress) == n &&
	       memcmp(ASN1_STRING_get0_data(gen->d.iPAddress), want,
		      (size_t)n) == 0;
}

/* The subject CN of req, or "" (static buffer). */
static const char *req_cn(X509_REQ *req)
{
	static char cn[256];

	cn[0] = '\0';
	X509_NAME_get_text_by_NID(X509_REQ_get_subject_name(req),
				  NID_commonName, cn, sizeof(cn));
	return cn;
}

/* Builds a CSR for names with k and checks it with OpenSSL. */
static void check_csr(EVP_PKEY *k, int sig_nid, const char *what)
{
	static const char *const names[] = { "example.com", "*.example.com",
					     "192.0.2.1", "2001:db8::1" };
	static const unsigned char v4[4] = { 192, 0, 2, 1 };
	static const unsigned char v6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0,
					      0,    0,	  0,	0,    0, 0,
					      0,    0,	  0,	1 };
	struct err e = { 0 };
	size_t len = 0;
	unsigned char *der = csr_build_der(k, names, 4, &len, &e);
	const unsigned char *p = der;
	X509_REQ *req = der ? d2i_X509_REQ(NULL, &p, (long)len) : NULL;
	GENERAL_NAMES *gens = NULL;
	int crit = -1;

	ok(req != NULL && p == der + len, "%s: CSR parses back as DER", what);
	if (req == NULL)
		goto out;
	ok(X509_REQ_verify(req, k) == 1, "%s: CSR signature verifies", what);
	ok(EVP_PKEY_eq(X509_REQ_get0_pubkey(req), k) == 1,
	   "%s: CSR carries the key", what);
	is_int(X509_REQ_get_signature_nid(req), sig_nid,
	       "%s: signed with SHA-256", what);
	is_int(X509_REQ_get_version(req), 0, "%s: version 1", what);
	is_str(req_cn(req), "example.com", "%s: CN is the first name", what);
	gens = csr_sans(req, &crit);
	is_int(sk_GENERAL_NAME_num(gens), 4, "%s: four SANs", what);
	is_int(crit, 0, "%s: SAN not critical when there is a CN", what);
	ok(is_dns(sk_GENERAL_NAME_value(gens, 0), "example.com"),
	   "%s: SAN 1 dNSName", what);
	ok(is_dns(sk_GENERAL_NAME_value(gens, 1), "*.example.com"),
	   "%s: SAN 2 wildcard dNSName", what);
	ok(is_ip(sk_GENERAL_NAME_value(gens, 2), v4, 4),
	   "%s: SAN 3 IPv4 iPAddress", what);
	ok(is_ip(sk_GENERAL_NAME_value(gens, 3), v6, 16),
	   "%s: SAN 4 IPv6 iPAddress", what);
out:
	GENERAL_NAMES_free(gens);
	X509_REQ_free(req);
	free(der);
}

/* Expects csr_build_der to refuse names[0..n) with code rc. */
static void csr_refuses(EVP_PKEY *k, const char *const *names, size_t n,
			enum rc rc, const char *what)
{
	struct err e = { 0 };
	size_t len = 0;
	unsigned char *der = csr_build_der(k, names, n, &len, &e);

	ok(der == NULL && e.rc == rc, "CSR refuses %s (%s)", what,
	   err_text(&e));
	free(der);
}

static void test_csr(void)
{
	static const char *const ip_only[] = { "192.0.2.1", "2001:db8::1" };
	static const char *const with_null[] = { "a.example", NULL };
	static const char *const with_empty[] = { "a.example", "" };
	struct err e = { 0 };
	EVP_PKEY *ec = key_generate(KEY_EC256, &e);
	EVP_PKEY *rsa = key_generate(KEY_RSA2048, &e);
	const char *names[CSR_MAX_NAMES + 1];
	char long_name[80], *s;
	unsigned char *der, *dec;
	const unsigned char *p;
	X509_REQ *req;
	GENERAL_NAMES *gens;
	size_t len = 0, i;
	int crit;
	BIO *bio;

	check_csr(ec, NID_ecdsa_with_SHA256, "EC P-256");
	check_csr(rsa, NID_sha256WithRSAEncryption, "RSA 2048");

	/* A first name over 64 bytes: empty subject, critical SAN. */
	memset(long_name, 'a', 70);
	strcpy(long_name + 70, ".example");
	names[0] = long_name;
	names[1] = "b.example";
	der = csr_build_der(ec, names, 2, &len, &e);
	p = der;
	req = der ? d2i_X509_REQ(NULL, &p, (long)len) : NULL;
	is_int(req ? X509_NAME_entry_count(X509_REQ_get_subject_name(req)) : -1,
	       0, "long first name: empty subject");
	gens = req ? csr_sans(req, &crit) : NULL;
	ok(gens && sk_GENERAL_NAME_num(gens) == 2 && crit == 1 &&
		   is_dns(sk_GENERAL_NAME_value(gens, 0), long_name),
	   "long first name: still in a critical SAN");
	GENERAL_NAMES_free(gens);
	X509_REQ_free(req);
	free(der);

	/* IP identifiers only: no DNS name for the CN. */
	der = csr_build_der(ec, ip_only, 2, &len, &e);
	p = der;
	req = der ? d2i_X509_REQ(NULL, &p, (long)len) : NULL;
	is_int(req ? X509_NAME_entry_count(X509_REQ_get_subject_name(req)) : -1,
	       0, "IP-only CSR: empty subject");
	X509_REQ_free(req);
	free(der);

	csr_refuses(ec, NULL, 0, RC_USAGE, "an empty list");
	csr_refuses(ec, names, 0, RC_USAGE, "n = 0");
	csr_refuses(ec, with_null, 2, RC_USAGE, "a NULL name");
	csr_refuses(ec, with_empty, 2, RC_USAGE, "an empty name");
	for (i = 0; i < CSR_MAX_NAMES + 1; i++)
		names[i] = "a.example";
	csr_refuses(ec, names, CSR_MAX_NAMES + 1, RC_INPUT, "101 names");
	csr_refuses(NULL, names, 1, RC_USAGE, "a NULL key");

	/* The base64url and PEM forms carry a valid CSR too. */
	s = csr_build_b64url(ec, ip_only, 2, &e);
	dec = s ? b64url_decode(s, strlen(s), &len) : NULL;
	p = dec;
	req = dec ? d2i_X509_REQ(NULL, &p, (long)len) : NULL;
	ok(req && X509_REQ_verify(req, ec) == 1, "base64url CSR verifies");
	X509_REQ_free(req);
	free(dec);
	free(s);
	s = csr_build_pem(rsa, ip_only, 1, &e);
	ok(s && strncmp(s, "-----BEGIN CERTIFICATE REQUEST-----\n", 36) == 0,
	   "PEM CSR header");
	bio = s ? BIO_new_mem_buf(s, -1) : NULL;
	req = bio ? PEM_read_bio_X509_REQ(bio, NULL, NULL, NULL) : NULL;
	ok(req && X509_REQ_verify(req, rsa) == 1, "PEM CSR verifies");
	X509_REQ_free(req);
	BIO_free(bio);
	free(s);
	EVP_PKEY_free(ec);
	EVP_PKEY_free(rsa);
}

/* The RFC 9773 appendix A example: AKI keyIdentifier and serial. */
static const unsigned char ari_akid[20] = {
	0x69, 0x88, 0x5B, 0x6B, 0x87, 0x46, 0x40, 0x41, 0xE1, 0xB3,
	0x7B, 0x84, 0x7B, 0xA0, 0xAE, 0x2C, 0xDE, 0x01, 0xC8, 0xD4,
};
#define ARI_SERIAL 0x87654321L
#define NOT_BEFORE ((time_t)1700000000)
#define LIFETIME ((time_t)90 * 86400)

/* A certificate for subject_key named subject (CN, or O+C when cn is
 * NULL), issued by issuer_key under issuer's name (x itself when issuer
 * is NULL), with the given serial, SAN config string (or NULL) and
 * AKI keyIdentifier (or NULL). */
static X509 *make_cert(EVP_PKEY *subject_key, const char *cn,
		       EVP_PKEY *issuer_key, X509 *issuer, long serial,
		       const char *san, const unsigned char *akid, int ca)
{
	X509 *x = X509_new();
	X509_NAME *nm = X509_NAME_new();
	X509V3_CTX ctx;
	X509_EXTENSION *ext;
	AUTHORITY_KEYID *ak;

	X509_set_version(x, X509_VERSION_3);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
	if (cn != NULL) {
		X509_NAME_add_entry_by_NID(nm, NID_commonName, MBSTRING_UTF8,
					   (const unsigned char *)cn, -1, -1,
					   0);
	} else {
		X509_NAME_add_entry_by_NID(nm, NID_countryName, MBSTRING_UTF8,
					   (const unsigned char *)"US", -1, -1,
					   0);
		X509_NAME_add_entry_by_NID(nm, NID_organizationName,
					   MBSTRING_UTF8,
					   (const unsigned char *)"Example Org",
					   -1, -1, 0);
	}
	X509_set_subject_name(x, nm);
	X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : nm);
	X509_NAME_free(nm);
	ASN1_TIME_set(X509_getm_notBefore(x), NOT_BEFORE);
	ASN1_TIME_set(X509_getm_notAfter(x), NOT_BEFORE + LIFETIME);
	X509_set_pubkey(x, subject_key);
	X509V3_set_ctx(&ctx, issuer ? issuer : x, x, NULL, NULL, 0);
	if (ca) {
		ext = X509V3_EXT_conf_nid(NULL, &ctx, NID_basic_constraints,
					  "critical,CA:TRUE");
		X509_add_ext(x, ext, -1);
		X509_EXTENSION_free(ext);
	}
	if (san != NULL) {
		ext = X509V3_EXT_conf_nid(NULL, &ctx, NID_subject_alt_name,
					  san);
		X509_add_ext(x, ext, -1);
		X509_EXTENSION_free(ext);
	}
	if (akid != NULL) {
		ak = AUTHORITY_KEYID_new();
		ak->keyid = ASN1_OCTET_STRING_new();
		ASN1_OCTET_STRING_set(ak->keyid, akid, 20);
		X509_add1_ext_i2d(x, NID_authority_key_identifier, ak, 0,
				  X509V3_ADD_DEFAULT);
		AUTHORITY_KEYID_free(ak);
	}
	if (X509_sign(x, issuer_key, EVP_sha256()) <= 0)
		abort();
	return x;
}

/* The PEM of x (new string). */
static char *x509_pem(X509 *x)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *data = NULL, *s;
	long n;

	PEM_write_bio_X509(bio, x);
	n = BIO_get_mem_data(bio, &data);
	s = strndup(data, (size_t)n);
	BIO_free(bio);
	return s;
}

/* Concatenates up to four strings into a new one (NULLs skipped). */
static char *cat4(const char *a, const char *b, const char *c, const char *d)
{
	const char *v[4] = { a, b, c, d };
	size_t i, n = 1;
	char *s;

	for (i = 0; i < 4; i++)
		n += v[i] ? strlen(v[i]) : 0;
	s = calloc(1, n);
	for (i = 0; i < 4; i++)
		if (v[i])
			strcat(s, v[i]);
	return s;
}

/* Expects pem_split_certs to refuse text with a message containing msg. */
static void split_refuses(const char *text, size_t len, const char *msg,
			  const char *what)
{
	struct err e = { 0 };
	char **certs = (char **)1;
	size_t n = 99;
	enum rc rc = pem_split_certs(text, len, &certs, &n, &e);

	ok(rc == RC_INPUT && certs == NULL && n == 0 && strstr(e.msg, msg),
	   "split refuses %s (%s)", what, e.msg);
	pem_certs_free(certs, n);
}

static void test_chains(const char *leaf, const char *inter, const char *root)
{
	struct err e = { 0 };
	char **certs = NULL, *text, *big, *s;
	size_t n = 0, i;
	enum rc rc;

	text = cat4("\r\n", leaf, "\n  \t\n", inter);
	rc = pem_split_certs(text, strlen(text), &certs, &n, &e);
	ok(rc == RC_OK && n == 2, "two certificates split (%s)", e.msg);
	is_str(n == 2 ? certs[0] : NULL, leaf, "block 1 is the leaf");
	is_str(n == 2 ? certs[1] : NULL, inter, "block 2 is the intermediate");
	pem_certs_free(certs, n);
	s = cert_top_issuer(text, strlen(text), &e);
	is_str(s, "Test Root CA",
	       "top issuer of leaf+intermediate is the root");
	free(s);
	free(text);
	s = cert_top_issuer(leaf, strlen(leaf), &e);
	is_str(s, "Test Intermediate", "top issuer of a lone leaf");
	free(s);

	text = cat4(leaf, "junk\n", inter, NULL);
	split_refuses(text, strlen(text), "garbage between PEM blocks",
		      "garbage between blocks");
	free(text);
	text = cat4("hello\n", leaf, NULL, NULL);
	split_refuses(text, strlen(text), "not a PEM certificate",
		      "garbage before the first block");
	free(text);
	text = cat4(leaf, "x", NULL, NULL);
	split_refuses(text, strlen(text), "garbage between PEM blocks",
		      "garbage after the last block");
	free(text);
	split_refuses(leaf, strlen(leaf) - 10, "unterminated",
		      "a truncated block");
	split_refuses(" \n", 2, "no certificate", "whitespace only");
	split_refuses("", 0, "no certificate", "empty text");

	/* 16 certificates are fine, 17 are not. */
	big = calloc(17, strlen(root) + 1);
	for (i = 0; i < 16; i++)
		strcat(big, root);
	rc = pem_split_certs(big, strlen(big), &certs, &n, &e);
	ok(rc == RC_OK && n == 16, "16 certificates accepted");
	pem_certs_free(certs, n);
	strcat(big, root);
	split_refuses(big, strlen(big), "more than 16", "17 certificates");
	free(big);
	big = calloc(1, CERT_CHAIN_MAX_BYTES + 2);
	memset(big, '\n', CERT_CHAIN_MAX_BYTES + 1);
	split_refuses(big, CERT_CHAIN_MAX_BYTES + 1, "larger than",
		      "more than 1 MiB");
	free(big);
}

/* cert_chain_read gives what pem_split_certs, cert_info_parse of the
 * first block and cert_matches_key give, from one parse. */
static void test_chain_read(const char *leaf, const char *inter,
			    EVP_PKEY *leaf_key, EVP_PKEY *other_key)
{
	struct err e = { 0 };
	struct cert_info ci = { 0 }, want = { 0 };
	char **certs = NULL, *text;
	size_t n = 0;
	int match = -1;
	enum rc rc;

	text = cat4(leaf, "\n", inter, NULL);
	cert_info_parse(leaf, strlen(leaf), &want, &e);
	rc = cert_chain_read(text, strlen(text), leaf_key, &certs, &n, &ci,
			     &match, &e);
	ok(rc == RC_OK && n == 2 && match == 1,
	   "chain read: two certificates, the leaf matches its key (%s)",
	   e.msg);
	is_str(n == 2 ? certs[0] : NULL, leaf, "chain read: block 1");
	is_str(n == 2 ? certs[1] : NULL, inter, "chain read: block 2");
	is_str(ci.serial, want.serial, "chain read: the leaf's serial");
	is_str(ci.issuer, want.issuer, "chain read: the leaf's issuer");
	is_int(ci.not_after, want.not_after, "chain read: the leaf's notAfter");
	is_int(ci.n_sans, want.n_sans, "chain read: the leaf's SANs");
	is_str(ci.ari_id, want.ari_id, "chain read: the leaf's ARI id");
	pem_certs_free(certs, n);
	cert_info_clear(&ci);

	rc = cert_chain_read(text, strlen(text), other_key, &certs, &n, &ci,
			     &match, &e);
	ok(rc == RC_OK && n == 2 && match == 0 && ci.serial != NULL,
	   "chain read: another key does not match");
	pem_certs_free(certs, n);
	cert_info_clear(&ci);
	free(text);

	text = cat4(leaf, "junk\n", inter, NULL);
	certs = (char **)1;
	rc = cert_chain_read(text, strlen(text), leaf_key, &certs, &n, &ci,
			     &match, &e);
	ok(rc == RC_INPUT && certs == NULL && n == 0 && match == 0 &&
		   ci.serial == NULL &&
		   strstr(e.msg, "garbage between PEM blocks"),
	   "chain read refuses what split refuses (%s)", e.msg);
	free(text);
	cert_info_clear(&want);
}

/* A "CERTIFICATE" block that holds something else (a CSR). */
static void test_not_a_cert(EVP_PKEY *k)
{
	static const char *const names[] = { "a.example" };
	struct err e = { 0 };
	char *csr = csr_build_pem(k, names, 1, &e), *body, *text;
	struct cert_info ci = { 0 };

	body = strstr(csr, "\n") + 1;
	*strstr(body, "-----END") = '\0';
	text = cat4("-----BEGIN CERTIFICATE-----\n", body,
		    "-----END CERTIFICATE-----\n", NULL);
	ok(cert_info_parse(text, strlen(text), &ci, &e) == RC_INPUT &&
		   ci.serial == NULL,
	   "a CSR in a CERTIFICATE block is refused (%s)", e.msg);
	free(text);
	free(csr);
}

static void test_cert(void)
{
	static const char *const same[] = { "2001:DB8:0::7", "192.0.2.7",
					    "*.EXAMPLE.com", "www.example.com",
					    "www.example.com" };
	static const char *const fewer[] = { "www.example.com", "*.example.com",
					     "192.0.2.7" };
	static const char *const other[] = { "www.example.com", "*.example.com",
					     "192.0.2.7", "2001:db8::8" };
	struct err e = { 0 };
	EVP_PKEY *root_key = key_generate(KEY_EC384, &e);
	EVP_PKEY *inter_key = key_generate(KEY_EC256, &e);
	EVP_PKEY *leaf_key = key_generate(KEY_EC256, &e);
	EVP_PKEY *rsa_key = key_generate(KEY_RSA2048, &e);
	X509 *root, *inter, *leaf, *plain;
	char *root_pem, *inter_pem, *leaf_pem, *plain_pem;
	struct cert_info ci = { 0 };
	unsigned char *der, *want = NULL;
	size_t der_len = 0;
	int want_len;

	root = make_cert(root_key, "Test Root CA", root_key, NULL, 1, NULL,
			 NULL, 1);
	inter = make_cert(inter_key, "Test Intermediate", root_key, root, 2,
			  NULL, NULL, 1);
	leaf = make_cert(leaf_key, "www.example.com", inter_key, inter,
			 ARI_SERIAL,
			 "DNS:www.example.com,DNS:*.example.com,"
			 "IP:192.0.2.7,IP:2001:db8::7",
			 ari_akid, 0);
	plain = make_cert(rsa_key, NULL, rsa_key, NULL, 0x0abc, NULL, NULL, 0);
	root_pem = x509_pem(root);
	inter_pem = x509_pem(inter);
	leaf_pem = x509_pem(leaf);
	plain_pem = x509_pem(plain);

	is_int(cert_info_parse(leaf_pem, strlen(leaf_pem), &ci, &e), RC_OK,
	       "leaf parses (%s)", e.msg);
	is_str(ci.serial, "87654321", "serial in lowercase hex");
	is_str(ci.issuer, "Test Intermediate", "issuer CN");
	is_str(ci.subject_cn, "www.example.com", "subject CN");
	is_int(ci.not_before, NOT_BEFORE, "notBefore");
	is_int(ci.not_after, NOT_BEFORE + LIFETIME, "notAfter");
	is_int(ci.n_sans, 4, "four SANs");
	is_str(ci.n_sans > 0 ? ci.sans[0] : NULL, "www.example.com", "SAN 1");
	is_str(ci.n_sans > 1 ? ci.sans[1] : NULL, "*.example.com", "SAN 2");
	is_str(ci.n_sans > 2 ? ci.sans[2] : NULL, "192.0.2.7", "SAN 3 IPv4");
	is_str(ci.n_sans > 3 ? ci.sans[3] : NULL, "2001:db8::7", "SAN 4 IPv6");
	is_int(ci.key_type, KEY_EC256, "key type");
	is_str(ci.ari_id, "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE",
	       "ARI id is the RFC 9773 example");
	ok(cert_names_equal(&ci, same, 5),
	   "same names: any case, order, IPv6 spelling, duplicates");
	ok(!cert_names_equal(&ci, fewer, 3), "a missing name differs");
	ok(!cert_names_equal(&ci, other, 4), "another address differs");
	ok(!cert_names_equal(&ci, same, 0), "an empty list never matches");
	cert_info_clear(&ci);
	ok(ci.serial == NULL && ci.sans == NULL && ci.n_sans == 0,
	   "cert_info_clear zeroes");
	cert_info_clear(&ci);
	cert_info_clear(NULL);

	is_int(cert_info_parse(plain_pem, strlen(plain_pem), &ci, &e), RC_OK,
	       "self-signed RSA certificate parses");
	is_str(ci.serial, "0abc", "serial from BN_bn2hex, lowercased");
	is_str(ci.issuer, "O=Example Org,C=US", "issuer without CN: RFC 2253");
	ok(ci.subject_cn == NULL, "no subject CN");
	is_int(ci.n_sans, 0, "no SANs");
	is_int(ci.key_type, KEY_RSA2048, "RSA key type");
	ok(ci.ari_id == NULL, "no AKI: no ARI id");
	cert_info_clear(&ci);

	ok(cert_matches_key(leaf_pem, leaf_key) == 1, "leaf matches its key");
	ok(cert_matches_key(leaf_pem, inter_key) == 0,
	   "leaf does not match another key");
	ok(cert_matches_key("junk", leaf_key) == 0, "junk matches nothing");
	ok(cert_matches_key(NULL, leaf_key) == 0, "NULL matches nothing");

	der = cert_der_from_pem(leaf_pem, strlen(leaf_pem), &der_len, &e);
	want_len = i2d_X509(leaf, &want);
	ok(der && want_len > 0 && der_len == (size_t)want_len &&
		   memcmp(der, want, der_len) == 0,
	   "DER of the leaf");
	free(der);
	OPENSSL_free(want);

	test_chains(leaf_pem, inter_pem, root_pem);
	test_chain_read(leaf_pem, inter_pem, leaf_key, inter_key);
	test_not_a_cert(leaf_key);

	free(root_pem);
	free(inter_pem);
	free(leaf_pem);
	free(plain_pem);
	X509_free(root);
	X509_free(inter);
	X509_free(leaf);
	X509_free(plain);
	EVP_PKEY_free(root_key);
	EVP_PKEY_free(inter_key);
	EVP_PKEY_free(leaf_key);
	EVP_PKEY_free(rsa_key);
}

int main(void)
{
	if (mkdtemp(tmpdir) == NULL)
		return 99;
	test_key_names();
	test_key_types();
	test_key_refusals();
	test_key_file();
	test_csr();
	test_cert();
	cleanup();
	return tap_done();
}
