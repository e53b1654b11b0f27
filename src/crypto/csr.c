/* SPDX-License-Identifier: ISC */
/* csr.c - PKCS#10 certificate signing requests.
 *
 * ACME CAs take the identifiers from subjectAltName; the subject CN is
 * only kept for old software that still looks at it, and only when the
 * first DNS name fits the 64-byte upper bound of X.520 commonName. */
#include "config.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "crypto/csr.h"
#include "crypto/key.h"
#include "util/b64url.h"

/* A DNS name is at most 253 bytes in text form (RFC 1035 2.3.4). */
#define CSR_NAME_MAX 253
/* ub-common-name (RFC 5280 appendix A.1). */
#define CSR_CN_MAX 64

/* Parses name as an IPv4 or IPv6 literal into addr.  Returns the address
 * length (4 or 16), or 0 when name is not an IP literal. */
static size_t ip_literal(const char *name, unsigned char addr[16])
{
	if (inet_pton(AF_INET, name, addr) == 1)
		return 4;
	if (inet_pton(AF_INET6, name, addr) == 1)
		return 16;
	return 0;
}

/* Checks the name list; returns RC_OK or sets e. */
static enum rc check_names(const char *const *names, size_t n, struct err *e)
{
	size_t i, len;

	if (names == NULL || n == 0)
		return err_set(e, RC_USAGE, _("a CSR needs at least one name"));
	if (n > CSR_MAX_NAMES)
		return err_set(e, RC_INPUT,
			       _("a CSR carries at most %d names, not %zu"),
			       CSR_MAX_NAMES, n);
	for (i = 0; i < n; i++) {
		if (names[i] == NULL || names[i][0] == '\0')
			return err_set(e, RC_USAGE,
				       _("empty name in the CSR name list"));
		len = strlen(names[i]);
		if (len > CSR_NAME_MAX)
			return err_set(e, RC_INPUT,
				       _("name longer than %d bytes: %.40s..."),
				       CSR_NAME_MAX, names[i]);
	}
	return RC_OK;
}

/* Appends one GENERAL_NAME for name to gens.  Returns 0, or -1 (OOM). */
static int push_general_name(GENERAL_NAMES *gens, const char *name)
{
	GENERAL_NAME *gen = GENERAL_NAME_new();
	ASN1_OCTET_STRING *ip = NULL;
	ASN1_IA5STRING *dns = NULL;
	unsigned char addr[16];
	size_t alen = ip_literal(name, addr);

	if (gen == NULL)
		goto fail;
	if (alen != 0) {
		ip = ASN1_OCTET_STRING_new();
		if (ip == NULL ||
		    ASN1_OCTET_STRING_set(ip, addr, (int)alen) != 1)
			goto fail;
		GENERAL_NAME_set0_value(gen, GEN_IPADD, ip);
		ip = NULL;
	} else {
		dns = ASN1_IA5STRING_new();
		if (dns == NULL || ASN1_STRING_set(dns, name, -1) != 1)
			goto fail;
		GENERAL_NAME_set0_value(gen, GEN_DNS, dns);
		dns = NULL;
	}
	if (sk_GENERAL_NAME_push(gens, gen) <= 0)
		goto fail;
	return 0;
fail:
	ASN1_OCTET_STRING_free(ip);
	ASN1_IA5STRING_free(dns);
	GENERAL_NAME_free(gen);
	return -1;
}

/* Adds the subjectAltName extension request for all names to req.
 * Returns 0 or -1 (OpenSSL error queue set). */
static int add_san(X509_REQ *req, const char *const *names, size_t n,
		   int critical)
{
	GENERAL_NAMES *gens = sk_GENERAL_NAME_new_null();
	STACK_OF(X509_EXTENSION) *exts = sk_X509_EXTENSION_new_null();
	X509_EXTENSION *ext = NULL;
	size_t i;
	int rc = -1;

	if (gens == NULL || exts == NULL)
		goto out;
	for (i = 0; i < n; i++)
		if (push_general_name(gens, names[i]) != 0)
			goto out;
	ext = X509V3_EXT_i2d(NID_subject_alt_name, critical, gens);
	if (ext == NULL || sk_X509_EXTENSION_push(exts, ext) <= 0)
		goto out;
	ext = NULL; /* owned by exts */
	if (X509_REQ_add_extensions(req, exts) != 1)
		goto out;
	rc = 0;
out:
	X509_EXTENSION_free(ext);
	sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
	GENERAL_NAMES_free(gens);
	return rc;
}

/* The first name that is not an IP literal, or NULL. */
static const char *first_dns_name(const char *const *names, size_t n)
{
	unsigned char addr[16];
	size_t i;

	for (i = 0; i < n; i++)
		if (ip_literal(names[i], addr) == 0)
			return names[i];
	return NULL;
}

/* Builds and signs the X509_REQ (caller frees), NULL with e set. */
static X509_REQ *csr_build(EVP_PKEY *k, const char *const *names, size_t n,
			   struct err *e)
{
	X509_REQ *req = NULL;
	X509_NAME *subject = NULL;
	const char *cn;
	int have_cn = 0;

	if (key_type_of(k) == KEY__INVALID) {
		err_set(e, RC_USAGE, _("unsupported key type for a CSR"));
		goto fail;
	}
	if (check_names(names, n, e) != RC_OK)
		goto fail;
	req = X509_REQ_new();
	subject = X509_NAME_new();
	if (req == NULL || subject == NULL ||
	    X509_REQ_set_version(req, X509_REQ_VERSION_1) != 1)
		goto ossl_fail;
	cn = first_dns_name(names, n);
	if (cn != NULL && strlen(cn) <= CSR_CN_MAX) {
		if (X509_NAME_add_entry_by_NID(
			    subject, NID_commonName, MBSTRING_UTF8,
			    (const unsigned char *)cn, -1, -1, 0) != 1)
			goto ossl_fail;
		have_cn = 1;
	}
	if (X509_REQ_set_subject_name(req, subject) != 1 ||
	    X509_REQ_set_pubkey(req, k) != 1 ||
	    add_san(req, names, n, !have_cn) != 0)
		goto ossl_fail;
	if (X509_REQ_sign(req, k, EVP_sha256()) <= 0)
		goto ossl_fail;
	X509_NAME_free(subject);
	return req;
ossl_fail:
	crypto_fail(e, _("cannot build the certificate signing request"));
fail:
	X509_NAME_free(subject);
	X509_REQ_free(req);
	return NULL;
}

unsigned char *csr_build_der(EVP_PKEY *k, const char *const *names, size_t n,
			     size_t *out_len, struct err *e)
{
	X509_REQ *req = csr_build(k, names, n, e);
	unsigned char *der = NULL, *p;
	int len;

	if (req == NULL)
		goto out;
	len = i2d_X509_REQ(req, NULL);
	if (len <= 0) {
		crypto_fail(e, _("cannot encode the certificate signing "
				 "request"));
		goto out;
	}
	der = malloc((size_t)len);
	if (der == NULL) {
		err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	p = der;
	if (i2d_X509_REQ(req, &p) != len) {
		crypto_fail(e, _("cannot encode the certificate signing "
				 "request"));
		free(der);
		der = NULL;
		goto out;
	}
	*out_len = (size_t)len;
out:
	X509_REQ_free(req);
	return der;
}

char *csr_build_b64url(EVP_PKEY *k, const char *const *names, size_t n,
		       struct err *e)
{
	size_t len = 0;
	unsigned char *der = csr_build_der(k, names, n, &len, e);
	char *s = NULL;

	if (der == NULL)
		return NULL;
	s = b64url_encode(der, len);
	if (s == NULL)
		err_set(e, RC_NOMEM, _("out of memory"));
	free(der);
	return s;
}

char *csr_build_pem(EVP_PKEY *k, const char *const *names, size_t n,
		    struct err *e)
{
	X509_REQ *req = csr_build(k, names, n, e);
	BIO *bio = NULL;
	char *data = NULL, *pem = NULL;
	long len;

	if (req == NULL)
		goto out;
	bio = BIO_new(BIO_s_mem());
	if (bio == NULL || PEM_write_bio_X509_REQ(bio, req) != 1) {
		crypto_fail(e, _("cannot encode the certificate signing "
				 "request"));
		goto out;
	}
	len = BIO_get_mem_data(bio, &data);
	pem = len > 0 && data != NULL ? strndup(data, (size_t)len) : NULL;
	if (pem == NULL)
		err_set(e, RC_NOMEM, _("out of memory"));
out:
	BIO_free(bio);
	X509_REQ_free(req);
	return pem;
}
