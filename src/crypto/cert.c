/* SPDX-License-Identifier: ISC */
/* cert.c - PEM certificate chains and the certificate fields acmetui
 * records.  Parsing is strict: a chain is whitespace-separated
 * "CERTIFICATE" blocks and nothing else, each exactly one DER
 * certificate, within named bounds. */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "crypto/cert.h"
#include "util/b64url.h"

static const char pem_begin[] = "-----BEGIN CERTIFICATE-----";
static const char pem_end[] = "-----END CERTIFICATE-----";

/* A parsed chain: the certificates and, when asked for, their PEM text. */
struct chain {
	X509 *x[CERT_CHAIN_MAX_CERTS];
	char *text[CERT_CHAIN_MAX_CERTS];
	size_t n;
};

/* Releases everything in c and zeroes it. */
static void chain_clear(struct chain *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		X509_free(c->x[i]);
		free(c->text[i]);
	}
	memset(c, 0, sizeof(*c));
}

/* Decodes one PEM block p[0..len) that must be a "CERTIFICATE" without
 * headers whose DER is exactly one certificate.  New X509 or NULL with e
 * set. */
static X509 *x509_from_block(const char *p, size_t len, size_t index,
			     struct err *e)
{
	BIO *bio = BIO_new_mem_buf(p, (int)len);
	char *name = NULL, *header = NULL, what[48];
	unsigned char *data = NULL;
	const unsigned char *q;
	long dlen = 0;
	X509 *x = NULL;

	if (bio == NULL) {
		err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	if (PEM_read_bio(bio, &name, &header, &data, &dlen) != 1 ||
	    strcmp(name, "CERTIFICATE") != 0 || header[0] != '\0') {
		crypto_fail_as(e, RC_INPUT, _("bad PEM certificate block"));
		goto out;
	}
	q = data;
	x = d2i_X509(NULL, &q, dlen);
	if (x == NULL || q != data + dlen) {
		crypto_fail_as(e, RC_INPUT,
			       _("PEM block is not one X.509 certificate"));
		X509_free(x);
		x = NULL;
	}
out:
	if (x == NULL) {
		snprintf(what, sizeof(what), _("certificate %zu"), index + 1);
		err_prefix(e, what);
	}
	OPENSSL_free(name);
	OPENSSL_free(header);
	OPENSSL_free(data);
	BIO_free(bio);
	ERR_clear_error();
	return x;
}

/* Skips PEM whitespace from *pos. */
static void skip_space(const char *pem, size_t len, size_t *pos)
{
	while (*pos < len && (pem[*pos] == ' ' || pem[*pos] == '\t' ||
			      pem[*pos] == '\r' || pem[*pos] == '\n'))
		(*pos)++;
}

/* A new NUL-terminated copy of p[0..n) followed by a newline. */
static char *block_text(const char *p, size_t n)
{
	char *s = malloc(n + 2);

	if (s == NULL)
		return NULL;
	memcpy(s, p, n);
	s[n] = '\n';
	s[n + 1] = '\0';
	return s;
}

/* Parses the PEM chain pem[0..len) into c (zeroed by the caller), with
 * each block's text too when want_text.  On failure c is cleared. */
static enum rc chain_parse(const char *pem, size_t len, int want_text,
			   struct chain *c, struct err *e)
{
	const size_t blen = sizeof(pem_begin) - 1, elen = sizeof(pem_end) - 1;
	const char *end;
	size_t pos = 0, stop;

	if (pem == NULL || len == 0)
		return err_set(e, RC_INPUT, _("no certificate"));
	if (len > CERT_CHAIN_MAX_BYTES)
		return err_set(e, RC_INPUT,
			       _("certificate chain larger than %d bytes"),
			       CERT_CHAIN_MAX_BYTES);
	/* PEM is text; OpenSSL skips a NUL byte inside a block while the
	 * block's copy as a C string would end there. */
	if (memchr(pem, '\0', len) != NULL)
		return err_set(e, RC_INPUT, _("NUL byte in certificate text"));
	for (;;) {
		skip_space(pem, len, &pos);
		if (pos == len)
			break;
		if (len - pos < blen ||
		    memcmp(pem + pos, pem_begin, blen) != 0) {
			err_set(e, RC_INPUT,
				c->n ? _("garbage between PEM blocks")
				     : _("not a PEM certificate"));
			goto fail;
		}
		end = memmem(pem + pos + blen, len - pos - blen, pem_end, elen);
		if (end == NULL) {
			err_set(e, RC_INPUT, _("unterminated PEM block"));
			goto fail;
		}
		if (c->n == CERT_CHAIN_MAX_CERTS) {
			err_set(e, RC_INPUT,
				_("more than %d certificates in the chain"),
				CERT_CHAIN_MAX_CERTS);
			goto fail;
		}
		stop = (size_t)(end - pem) + elen;
		c->x[c->n] = x509_from_block(pem + pos, stop - pos, c->n, e);
		if (c->x[c->n] == NULL)
			goto fail;
		if (want_text) {
			c->text[c->n] = block_text(pem + pos, stop - pos);
			if (c->text[c->n] == NULL) {
				c->n++;
				err_set(e, RC_NOMEM, _("out of memory"));
				goto fail;
			}
		}
		c->n++;
		pos = stop;
	}
	if (c->n == 0)
		return err_set(e, RC_INPUT, _("no certificate"));
	return RC_OK;
fail:
	chain_clear(c);
	return e && e->rc ? e->rc : RC_INPUT;
}

/* Moves the block texts of c (parsed with want_text) into *out, a new
 * array of *n strings, and clears c. */
static enum rc chain_take_text(struct chain *c, char ***out, size_t *n,
			       struct err *e)
{
	size_t i;

	*out = calloc(c->n, sizeof(char *));
	if (*out == NULL) {
		chain_clear(c);
		return err_set(e, RC_NOMEM, _("out of memory"));
	}
	for (i = 0; i < c->n; i++) {
		(*out)[i] = c->text[i];
		c->text[i] = NULL;
	}
	*n = c->n;
	chain_clear(c);
	return RC_OK;
}

enum rc pem_split_certs(const char *pem, size_t len, char ***out, size_t *n,
			struct err *e)
{
	struct chain c = { 0 };
	enum rc rc;

	*out = NULL;
	*n = 0;
	rc = chain_parse(pem, len, 1, &c, e);
	if (rc != RC_OK)
		return rc;
	return chain_take_text(&c, out, n, e);
}

void pem_certs_free(char **certs, size_t n)
{
	size_t i;

	if (certs == NULL)
		return;
	for (i = 0; i < n; i++)
		free(certs[i]);
	free(certs);
}

/* A new copy of an ASN1 string as UTF-8, or NULL with e set (also when
 * it holds a NUL byte, which would truncate it as a C string). */
static char *asn1_utf8(const ASN1_STRING *s, struct err *e)
{
	unsigned char *utf8 = NULL;
	char *copy = NULL;
	int n = ASN1_STRING_to_UTF8(&utf8, s);

	if (n < 0 || utf8 == NULL) {
		crypto_fail_as(e, RC_INPUT, _("bad certificate name string"));
		return NULL;
	}
	if (n > 0 && memchr(utf8, '\0', (size_t)n) != NULL) {
		err_set(e, RC_INPUT, _("certificate name with a NUL byte"));
		goto out;
	}
	copy = strndup((char *)utf8, (size_t)n);
	if (copy == NULL)
		err_set(e, RC_NOMEM, _("out of memory"));
out:
	OPENSSL_free(utf8);
	return copy;
}

/* The commonName of nm as a new string; NULL with *absent set when it
 * has none, NULL with e set on error. */
static char *name_cn(const X509_NAME *nm, int *absent, struct err *e)
{
	int i = X509_NAME_get_index_by_NID(nm, NID_commonName, -1);
	const X509_NAME_ENTRY *ent;

	*absent = i < 0;
	if (i < 0)
		return NULL;
	ent = X509_NAME_get_entry(nm, i);
	return asn1_utf8(X509_NAME_ENTRY_get_data(ent), e);
}

/* nm as one line: its CN when it has one, else its RFC 2253 form.  New
 * string, NULL with e set. */
static char *name_line(const X509_NAME *nm, struct err *e)
{
	BIO *bio = NULL;
	char *data = NULL, *s = NULL;
	int absent = 0;
	long n;

	s = name_cn(nm, &absent, e);
	if (!absent)
		return s;
	bio = BIO_new(BIO_s_mem());
	if (bio == NULL ||
	    X509_NAME_print_ex(bio, nm, 0, XN_FLAG_RFC2253) < 0) {
		crypto_fail(e, _("cannot print the certificate issuer"));
		goto out;
	}
	n = BIO_get_mem_data(bio, &data);
	s = strndup(n > 0 && data ? data : "", n > 0 ? (size_t)n : 0);
	if (s == NULL)
		err_set(e, RC_NOMEM, _("out of memory"));
out:
	BIO_free(bio);
	return s;
}

/* Parses name as an IPv4 or IPv6 literal into addr.  Returns the address
 * length (4 or 16), or 0 when it is not one. */
static size_t ip_literal(const char *name, unsigned char addr[16])
{
	if (inet_pton(AF_INET, name, addr) == 1)
		return 4;
	if (inet_pton(AF_INET6, name, addr) == 1)
		return 16;
	return 0;
}

/* The text of one SAN entry (new string), NULL with *skip set for entry
 * types acmetui does not track, NULL with e set on error. */
static char *san_text(const GENERAL_NAME *gen, int *skip, struct err *e)
{
	char buf[INET6_ADDRSTRLEN];
	const unsigned char *d;
	char *s = NULL;
	int n;

	*skip = 0;
	if (gen->type == GEN_DNS) {
		d = ASN1_STRING_get0_data(gen->d.dNSName);
		n = ASN1_STRING_length(gen->d.dNSName);
		if (n <= 0 || memchr(d, '\0', (size_t)n) != NULL) {
			err_set(e, RC_INPUT,
				_("bad DNS name in the "
				  "certificate"));
			return NULL;
		}
		s = strndup((const char *)d, (size_t)n);
	} else if (gen->type == GEN_IPADD) {
		d = ASN1_STRING_get0_data(gen->d.iPAddress);
		n = ASN1_STRING_length(gen->d.iPAddress);
		if ((n != 4 && n != 16) ||
		    inet_ntop(n == 4 ? AF_INET : AF_INET6, d, buf,
			      sizeof(buf)) == NULL) {
			err_set(e, RC_INPUT,
				_("bad IP address in the "
				  "certificate"));
			return NULL;
		}
		s = strdup(buf);
	} else {
		*skip = 1;
		return NULL;
	}
	if (s == NULL)
		err_set(e, RC_NOMEM, _("out of memory"));
	return s;
}

/* Fills ci->sans from x's subjectAltName. */
static enum rc parse_sans(X509 *x, struct cert_info *ci, struct err *e)
{
	GENERAL_NAMES *gens;
	int crit = 0, i, count, skip;
	enum rc rc = RC_OK;
	char *s;

	gens = X509_get_ext_d2i(x, NID_subject_alt_name, &crit, NULL);
	if (gens == NULL) {
		/* -1: no SAN at all, which is legal; else malformed. */
		if (crit == -1)
			return RC_OK;
		ERR_clear_error();
		return err_set(e, RC_INPUT,
			       _("malformed subjectAltName extension"));
	}
	count = sk_GENERAL_NAME_num(gens);
	ci->sans = calloc(count > 0 ? (size_t)count : 1, sizeof(char *));
	if (ci->sans == NULL) {
		rc = err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	for (i = 0; i < count; i++) {
		s = san_text(sk_GENERAL_NAME_value(gens, i), &skip, e);
		if (skip)
			continue;
		if (s == NULL) {
			rc = e && e->rc ? e->rc : RC_INPUT;
			goto out;
		}
		ci->sans[ci->n_sans++] = s;
	}
out:
	GENERAL_NAMES_free(gens);
	return rc;
}

/* The lowercase hex of x's serial number, new string or NULL with e. */
static char *serial_hex(X509 *x, struct err *e)
{
	BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
	char *hex = bn ? BN_bn2hex(bn) : NULL, *s = NULL;
	size_t i;

	if (hex == NULL) {
		crypto_fail(e, _("cannot read the serial number"));
		goto out;
	}
	s = strdup(hex);
	if (s == NULL)
		err_set(e, RC_NOMEM, _("out of memory"));
	for (i = 0; s != NULL && s[i] != '\0'; i++)
		s[i] = (char)tolower((unsigned char)s[i]);
out:
	OPENSSL_free(hex);
	BN_free(bn);
	return s;
}

/* The RFC 9773 4.1 certificate identifier of x: base64url(AKI
 * keyIdentifier) "." base64url(DER content octets of the serial).  NULL
 * with *absent set when x has no AKI key identifier; NULL with e set on
 * error. */
static char *ari_identifier(X509 *x, int *absent, struct err *e)
{
	const ASN1_OCTET_STRING *akid = X509_get0_authority_key_id(x);
	unsigned char *der = NULL, *p;
	const unsigned char *content;
	char *a = NULL, *b = NULL, *id = NULL;
	size_t n;
	long clen = 0;
	int dlen, tag = 0, cls = 0;

	*absent = akid == NULL || ASN1_STRING_length(akid) <= 0;
	if (*absent)
		return NULL;
	dlen = i2d_ASN1_INTEGER(X509_get0_serialNumber(x), NULL);
	der = dlen > 0 ? malloc((size_t)dlen) : NULL;
	if (der == NULL) {
		crypto_fail(e, _("cannot encode the serial number"));
		goto out;
	}
	p = der;
	i2d_ASN1_INTEGER(X509_get0_serialNumber(x), &p);
	content = der;
	if (ASN1_get_object(&content, &clen, &tag, &cls, dlen) & 0x80 ||
	    tag != V_ASN1_INTEGER || clen <= 0) {
		crypto_fail(e, _("cannot encode the serial number"));
		goto out;
	}
	a = b64url_encode(ASN1_STRING_get0_data(akid),
			  (size_t)ASN1_STRING_length(akid));
	b = b64url_encode(content, (size_t)clen);
	n = a && b ? strlen(a) + strlen(b) + 2 : 0;
	id = n > 0 ? malloc(n) : NULL;
	if (id == NULL) {
		err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	snprintf(id, n, "%s.%s", a, b);
out:
	free(a);
	free(b);
	free(der);
	return id;
}

/* Converts an ASN1_TIME to time_t (UTC).  Returns 0 or -1. */
static int asn1_time_t(const ASN1_TIME *t, time_t *out)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
		return -1;
	*out = timegm(&tm);
	return 0;
}

/* Fills ci from x. */
static enum rc info_from_x509(X509 *x, struct cert_info *ci, struct err *e)
{
	int absent = 0;

	ci->serial = serial_hex(x, e);
	if (ci->serial == NULL)
		return e && e->rc ? e->rc : RC_CRYPTO;
	ci->issuer = name_line(X509_get_issuer_name(x), e);
	if (ci->issuer == NULL)
		return e && e->rc ? e->rc : RC_CRYPTO;
	ci->subject_cn = name_cn(X509_get_subject_name(x), &absent, e);
	if (ci->subject_cn == NULL && !absent)
		return e && e->rc ? e->rc : RC_INPUT;
	if (asn1_time_t(X509_get0_notBefore(x), &ci->not_before) != 0 ||
	    asn1_time_t(X509_get0_notAfter(x), &ci->not_after) != 0)
		return err_set(e, RC_INPUT, _("bad certificate validity"));
	if (parse_sans(x, ci, e) != RC_OK)
		return e && e->rc ? e->rc : RC_INPUT;
	ci->key_type = key_type_of(X509_get0_pubkey(x));
	ci->ari_id = ari_identifier(x, &absent, e);
	if (ci->ari_id == NULL && !absent)
		return e && e->rc ? e->rc : RC_CRYPTO;
	return RC_OK;
}

enum rc cert_info_parse(const char *pem, size_t len, struct cert_info *out,
			struct err *e)
{
	struct chain c = { 0 };
	enum rc rc;

	memset(out, 0, sizeof(*out));
	out->key_type = KEY__INVALID;
	rc = chain_parse(pem, len, 0, &c, e);
	if (rc == RC_OK)
		rc = info_from_x509(c.x[0], out, e);
	if (rc != RC_OK)
		cert_info_clear(out);
	chain_clear(&c);
	ERR_clear_error();
	return rc;
}

void cert_info_clear(struct cert_info *ci)
{
	size_t i;

	if (ci == NULL)
		return;
	free(ci->serial);
	free(ci->issuer);
	free(ci->subject_cn);
	for (i = 0; i < ci->n_sans; i++)
		free(ci->sans[i]);
	free(ci->sans);
	free(ci->ari_id);
	memset(ci, 0, sizeof(*ci));
	ci->key_type = KEY__INVALID;
}

int cert_matches_key(const char *leaf_pem, EVP_PKEY *k)
{
	struct chain c = { 0 };
	int match = 0;

	if (leaf_pem == NULL || k == NULL)
		return 0;
	if (chain_parse(leaf_pem, strlen(leaf_pem), 0, &c, NULL) != RC_OK)
		return 0;
	match = EVP_PKEY_eq(X509_get0_pubkey(c.x[0]), k) == 1;
	chain_clear(&c);
	ERR_clear_error();
	return match;
}

enum rc cert_chain_read(const char *pem, size_t len, EVP_PKEY *k, char ***out,
			size_t *n, struct cert_info *leaf, int *key_match,
			struct err *e)
{
	struct chain c = { 0 };
	enum rc rc;

	*out = NULL;
	*n = 0;
	*key_match = 0;
	memset(leaf, 0, sizeof(*leaf));
	leaf->key_type = KEY__INVALID;
	rc = chain_parse(pem, len, 1, &c, e);
	if (rc == RC_OK)
		rc = info_from_x509(c.x[0], leaf, e);
	if (rc == RC_OK) {
		*key_match = k != NULL &&
			     EVP_PKEY_eq(X509_get0_pubkey(c.x[0]), k) == 1;
		rc = chain_take_text(&c, out, n, e);
	}
	if (rc != RC_OK) {
		cert_info_clear(leaf);
		*key_match = 0;
	}
	chain_clear(&c);
	ERR_clear_error();
	return rc;
}

/* 1 when two identifiers name the same thing: IP literals by address,
 * DNS names case-insensitively. */
static int name_eq(const char *a, const char *b)
{
	unsigned char aa[16], ba[16];
	size_t al = ip_literal(a, aa), bl = ip_literal(b, ba);

	if (al != 0 || bl != 0)
		return al == bl && memcmp(aa, ba, al) == 0;
	return strcasecmp(a, b) == 0;
}

/* 1 when name equals one of list[0..n). */
static int name_in(const char *name, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (list[i] != NULL && name_eq(name, list[i]))
			return 1;
	return 0;
}

int cert_names_equal(const struct cert_info *ci, const char *const *names,
		     size_t n)
{
	size_t i;

	if (ci == NULL || names == NULL || n == 0 || ci->n_sans == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (names[i] == NULL ||
		    !name_in(names[i], (const char *const *)ci->sans,
			     ci->n_sans))
			return 0;
	for (i = 0; i < ci->n_sans; i++)
		if (!name_in(ci->sans[i], names, n))
			return 0;
	return 1;
}

char *cert_top_issuer(const char *chain_pem, size_t len, struct err *e)
{
	struct chain c = { 0 };
	char *s = NULL;

	if (chain_parse(chain_pem, len, 0, &c, e) != RC_OK)
		return NULL;
	s = name_line(X509_get_issuer_name(c.x[c.n - 1]), e);
	chain_clear(&c);
	return s;
}

unsigned char *cert_der_from_pem(const char *pem, size_t len, size_t *der_len,
				 struct err *e)
{
	struct chain c = { 0 };
	unsigned char *der = NULL, *p;
	int n;

	if (chain_parse(pem, len, 0, &c, e) != RC_OK)
		return NULL;
	n = i2d_X509(c.x[0], NULL);
	der = n > 0 ? malloc((size_t)n) : NULL;
	if (der == NULL) {
		err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	p = der;
	if (i2d_X509(c.x[0], &p) != n) {
		crypto_fail(e, _("cannot encode the certificate"));
		free(der);
		der = NULL;
		goto out;
	}
	*der_len = (size_t)n;
out:
	chain_clear(&c);
	return der;
}
