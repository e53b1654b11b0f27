/* SPDX-License-Identifier: ISC */
/* certificate.c - download (with alternate chains) and revocation. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "acme/certificate.h"
#include "util/b64url.h"
#include "util/json.h"
#include "util/safe.h"

#define PEM_CHAIN_TYPE "application/pem-certificate-chain"

/* Copies the CN of name into out (size ISSUER_CN_MAX), "" if none. */
static void name_cn(const X509_NAME *name, char *out)
{
	int i = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
	const ASN1_STRING *s;
	unsigned char *utf8 = NULL;
	int n;

	out[0] = '\0';
	if (i < 0)
		return;
	s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
	n = ASN1_STRING_to_UTF8(&utf8, s);
	if (n < 0)
		return;
	safe_line(out, ISSUER_CN_MAX, (const char *)utf8, (size_t)n);
	OPENSSL_free(utf8);
}

/* Reads the next PEM block of in that is a certificate into *x, skipping
 * text outside blocks and blocks of other types (keys, parameters).
 * Returns 1 with *x set, 0 at the end of the input, -1 (e set) when a
 * block is damaged: a certificate block that does not decode to exactly
 * one certificate must not shorten the chain silently. */
static int next_cert(BIO *in, X509 **x, int index, struct err *e)
{
	char *name = NULL, *header = NULL;
	unsigned char *data = NULL;
	const unsigned char *q;
	unsigned long why;
	long dlen = 0;
	int rc = -1;

	*x = NULL;
	for (;;) {
		if (PEM_read_bio(in, &name, &header, &data, &dlen) != 1) {
			why = ERR_peek_last_error();
			if (ERR_GET_LIB(why) == ERR_LIB_PEM &&
			    ERR_GET_REASON(why) == PEM_R_NO_START_LINE)
				rc = 0; /* no further block */
			else
				err_set(e, RC_PROTO,
					_("certificate chain: block %d is "
					  "damaged"),
					index);
			goto out;
		}
		if (strcmp(name, PEM_STRING_X509) == 0)
			break;
		OPENSSL_free(name);
		OPENSSL_free(header);
		OPENSSL_free(data);
		name = header = NULL;
		data = NULL;
	}
	q = data;
	*x = d2i_X509(NULL, &q, dlen);
	if (header[0] != '\0' || *x == NULL || q != data + dlen) {
		X509_free(*x);
		*x = NULL;
		err_set(e, RC_PROTO,
			_("certificate chain: block %d is not "
			  "one X.509 certificate"),
			index);
		goto out;
	}
	rc = 1;
out:
	ERR_clear_error();
	OPENSSL_free(name);
	OPENSSL_free(header);
	OPENSSL_free(data);
	return rc;
}

enum rc acme_chain_normalize(const char *pem, size_t len, char **out,
			     char *issuer_cn, struct err *e)
{
	BIO *in = NULL, *mem = NULL;
	X509 *x = NULL, *last = NULL;
	char *data = NULL;
	long n_out;
	int n = 0, got;
	enum rc rc = RC_OK;

	*out = NULL;
	if (issuer_cn != NULL)
		issuer_cn[0] = '\0';
	if (len > (size_t)0x7fffffff)
		return err_set(e, RC_TOOBIG, _("certificate chain too large"));
	in = BIO_new_mem_buf(pem, (int)len);
	mem = BIO_new(BIO_s_mem());
	if (in == NULL || mem == NULL) {
		rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		goto out;
	}
	for (;;) {
		got = next_cert(in, &x, n + 1, e);
		if (got != 1)
			break;
		if (++n > CHAIN_CERTS_MAX || !PEM_write_bio_X509(mem, x)) {
			X509_free(x);
			rc = err_set(e, RC_PROTO,
				     _("certificate chain: more "
				       "than %d certificates"),
				     CHAIN_CERTS_MAX);
			goto out;
		}
		X509_free(last);
		last = x;
	}
	if (got < 0) {
		rc = RC_PROTO;
		goto out;
	}
	if (n == 0) {
		rc = err_set(e, RC_PROTO,
			     _("the CA's answer is not a PEM "
			       "certificate chain"));
		goto out;
	}
	if (issuer_cn != NULL)
		name_cn(X509_get_issuer_name(last), issuer_cn);
	n_out = BIO_get_mem_data(mem, &data);
	*out = n_out > 0 ? strndup(data, (size_t)n_out) : NULL;
	if (*out == NULL)
		rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
out:
	ERR_clear_error();
	X509_free(last);
	BIO_free(in);
	BIO_free(mem);
	return rc;
}

/* Fetches one chain into *pem (new string) and its links into *links
 * (when non-NULL; caller clears). */
static enum rc fetch_chain(struct acme_client *c, const char *url, char **pem,
			   char *issuer_cn, struct hdr_links *links,
			   struct err *e)
{
	struct http_resp r;
	enum rc rc;

	*pem = NULL;
	rc = acme_post(c, url, NULL, PEM_CHAIN_TYPE, &r, e);
	if (rc != RC_OK)
		return rc;
	rc = acme_chain_normalize(r.body, r.body_len, pem, issuer_cn, e);
	if (rc == RC_OK && links != NULL) {
		*links = r.links;
		memset(&r.links, 0, sizeof(r.links));
	}
	http_resp_clear(&r);
	return rc;
}

enum rc acme_cert_download(struct acme_client *c, const char *url,
			   const char *preferred_issuer, char **pem_out,
			   struct err *e)
{
	struct hdr_links links;
	char cn[ISSUER_CN_MAX], *pem = NULL, *alt = NULL;
	struct err alt_err;
	enum rc rc;
	size_t i;

	memset(&links, 0, sizeof(links));
	*pem_out = NULL;
	rc = fetch_chain(c, url, &pem, cn, &links, e);
	if (rc != RC_OK) {
		err_prefix(e, _("certificate download"));
		return rc;
	}
	if (preferred_issuer == NULL || strcmp(cn, preferred_issuer) == 0)
		goto done;
	for (i = 0; i < links.n_alternate; i++) {
		/* An unusable alternate is skipped: the default chain is
		 * still a good answer. */
		err_clear(&alt_err);
		if (url_check(acme_client_policy(c), links.alternate[i],
			      _("alternate chain URL"), &alt_err) != RC_OK ||
		    fetch_chain(c, links.alternate[i], &alt, cn, NULL,
				&alt_err) != RC_OK)
			continue;
		if (strcmp(cn, preferred_issuer) == 0) {
			free(pem);
			pem = alt;
			alt = NULL;
			break;
		}
		free(alt);
		alt = NULL;
	}
done:
	hdr_links_clear(&links);
	*pem_out = pem;
	return RC_OK;
}

/* DER of the first certificate in pem (new buffer, caller frees). */
static unsigned char *leaf_der(const char *pem, size_t len, size_t *der_len)
{
	BIO *bio = NULL;
	X509 *x = NULL;
	unsigned char *der = NULL;
	int n;

	*der_len = 0;
	if (len > (size_t)0x7fffffff)
		return NULL;
	bio = BIO_new_mem_buf(pem, (int)len);
	if (bio != NULL)
		x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
	if (x != NULL) {
		n = i2d_X509(x, &der);
		if (n > 0)
			*der_len = (size_t)n;
	}
	ERR_clear_error();
	X509_free(x);
	BIO_free(bio);
	return der;
}

enum rc acme_cert_revoke(struct acme_client *c, const char *leaf_pem,
			 size_t len, int reason, EVP_PKEY *cert_key,
			 struct err *e)
{
	const char *url = acme_client_directory(c)->revoke_cert;
	struct json_object *p = NULL;
	struct http_resp r;
	unsigned char *der = NULL;
	char *b64 = NULL, *payload = NULL;
	size_t der_len = 0;
	enum rc rc;

	if (url == NULL)
		return err_set(e, RC_CA,
			       _("this CA does not offer "
				 "revocation"));
	if (reason < -1 || reason > 10 || reason == 7)
		return err_set(e, RC_INPUT, _("invalid revocation reason %d"),
			       reason);
	der = leaf_der(leaf_pem, len, &der_len);
	if (der == NULL)
		return err_set(e, RC_INPUT,
			       _("revoke: no PEM certificate "
				 "given"));
	b64 = b64url_encode(der, der_len);
	p = json_object_new_object();
	if (b64 == NULL || p == NULL ||
	    json_object_object_add(p, "certificate",
				   json_object_new_string(b64)) ||
	    (reason >= 0 &&
	     json_object_object_add(p, "reason",
				    json_object_new_int(reason)))) {
		rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		goto out;
	}
	payload = js_dump(p);
	if (payload == NULL) {
		rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		goto out;
	}
	if (cert_key != NULL)
		rc = acme_post_signed(c, cert_key, NULL, url, payload, NULL, &r,
				      e);
	else
		rc = acme_post(c, url, payload, NULL, &r, e);
	if (rc == RC_OK)
		http_resp_clear(&r);
	else
		err_prefix(e, _("revoke"));
out:
	json_object_put(p);
	OPENSSL_free(der);
	free(b64);
	free(payload);
	return rc;
}
