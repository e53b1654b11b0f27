/* SPDX-License-Identifier: ISC */
/* ari.c - renewal information: certificate ids, fetch and parse. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "acme/ari.h"
#include "acme/types.h"
#include "util/b64url.h"
#include "util/json.h"

int acme_ari_id_valid(const char *id)
{
	const char *dot;
	size_t n;

	if (id == NULL)
		return 0;
	n = strlen(id);
	dot = strchr(id, '.');
	return dot != NULL && n <= ARI_ID_MAX &&
	       b64url_is_token(id, (size_t)(dot - id)) &&
	       b64url_is_token(dot + 1, n - (size_t)(dot - id) - 1);
}

/* base64url of the content octets of the serial's DER INTEGER. */
static char *serial_b64(const ASN1_INTEGER *serial)
{
	unsigned char *der = NULL;
	size_t hdr;
	char *s = NULL;
	int n;

	n = i2d_ASN1_INTEGER(serial, &der);
	if (n < 3)
		goto out;
	hdr = 2;
	if (der[1] & 0x80)
		hdr += der[1] & 0x7f;
	if ((size_t)n > hdr)
		s = b64url_encode(der + hdr, (size_t)n - hdr);
out:
	OPENSSL_free(der);
	return s;
}

enum rc acme_ari_cert_id(const char *pem, size_t len, char **out, struct err *e)
{
	BIO *bio = NULL;
	X509 *x = NULL;
	const ASN1_OCTET_STRING *aki;
	char *a = NULL, *s = NULL;
	enum rc rc = RC_OK;

	*out = NULL;
	if (len > (size_t)0x7fffffff)
		return err_set(e, RC_INPUT, _("certificate too large"));
	bio = BIO_new_mem_buf(pem, (int)len);
	if (bio != NULL)
		x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
	if (x == NULL) {
		rc = err_set(e, RC_INPUT, _("ARI: not a PEM certificate"));
		goto out;
	}
	aki = X509_get0_authority_key_id(x);
	if (aki == NULL || ASN1_STRING_length(aki) <= 0) {
		rc = err_set(e, RC_INPUT,
			     _("ARI: the certificate has no "
			       "authority key identifier"));
		goto out;
	}
	a = b64url_encode(ASN1_STRING_get0_data(aki),
			  (size_t)ASN1_STRING_length(aki));
	s = serial_b64(X509_get0_serialNumber(x));
	if (a == NULL || s == NULL) {
		rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		goto out;
	}
	*out = malloc(strlen(a) + strlen(s) + 2);
	if (*out == NULL) {
		rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		goto out;
	}
	sprintf(*out, "%s.%s", a, s);
out:
	ERR_clear_error();
	free(a);
	free(s);
	X509_free(x);
	BIO_free(bio);
	return rc;
}

enum rc acme_ari_parse(const char *body, size_t len, struct acme_ari *out,
		       struct err *e)
{
	struct json_object *o = NULL, *w;
	const char *s;
	enum rc rc = RC_OK;

	acme_ari_clear(out);
	o = js_parse_object(body, len, _("renewal info"), e);
	if (o == NULL)
		return RC_PROTO;
	w = js_obj(o, "suggestedWindow");
	if (rfc3339_parse(js_str(w, "start", 64), &out->start) != 0 ||
	    rfc3339_parse(js_str(w, "end", 64), &out->end) != 0 ||
	    out->end <= out->start) {
		rc = err_set(e, RC_PROTO,
			     _("renewal info: malformed "
			       "suggestedWindow"));
		goto out;
	}
	/* Explanations usually live on the CA's web site, another origin:
	 * only https is required. */
	s = js_str(o, "explanationURL", ACME_URL_MAX);
	if (s != NULL && url_is_https(s)) {
		out->explanation_url = strdup(s);
		if (out->explanation_url == NULL)
			rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	}
out:
	json_object_put(o);
	if (rc != RC_OK)
		acme_ari_clear(out);
	return rc;
}

time_t acme_ari_next_poll(time_t retry_after, time_t now)
{
	if (retry_after == 0)
		return now + ARI_RETRY_DEFAULT_S;
	if (retry_after < now + ARI_RETRY_MIN_S)
		return now + ARI_RETRY_MIN_S;
	if (retry_after > now + ARI_RETRY_MAX_S)
		return now + ARI_RETRY_MAX_S;
	return retry_after;
}

enum rc acme_ari_fetch(struct acme_client *c, const char *cert_id,
		       struct acme_ari *out, struct err *e)
{
	const char *base = acme_client_directory(c)->renewal_info;
	struct http_resp r;
	char *url = NULL;
	size_t n;
	enum rc rc;

	acme_ari_clear(out);
	if (base == NULL)
		return err_set(e, RC_USAGE,
			       _("this CA offers no renewal "
				 "information"));
	if (!acme_ari_id_valid(cert_id))
		return err_set(e, RC_INPUT,
			       _("not a valid ARI certificate "
				 "id"));
	n = strlen(base);
	url = malloc(n + strlen(cert_id) + 2);
	if (url == NULL)
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	sprintf(url, "%s%s%s", base, n > 0 && base[n - 1] == '/' ? "" : "/",
		cert_id);
	rc = acme_get(c, url, &r, e);
	free(url);
	if (rc != RC_OK) {
		err_prefix(e, _("renewal info"));
		return rc;
	}
	rc = acme_ari_parse(r.body, r.body_len, out, e);
	if (rc == RC_OK)
		out->retry_after = acme_ari_next_poll(r.retry_after,
						      time(NULL));
	http_resp_clear(&r);
	return rc;
}

void acme_ari_clear(struct acme_ari *a)
{
	if (a == NULL)
		return;
	free(a->explanation_url);
	memset(a, 0, sizeof(*a));
}
