/* SPDX-License-Identifier: ISC */
/* jws.c - JWK, JWS (flattened JSON serialization), EAB, key
 * authorizations, as RFC 8555 uses them.  No I/O.
 *
 * All JSON is built with json-c and serialized compactly; the JWK used
 * for thumbprints holds exactly the required members, inserted in
 * lexicographic order (json-c keeps insertion order), so its compact
 * serialization is the RFC 7638 canonical form. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include "acme/jws.h"
#include "crypto/key.h"
#include "util/b64url.h"
#include "util/json.h"

/* The largest ECDSA coordinate we accept in a raw signature (P-521); the
 * signing side only produces 32 or 48. */
#define EC_COORD_MAX 66

const char *jws_alg(EVP_PKEY *k)
{
	switch (key_type_of(k)) {
	case KEY_EC256:
		return "ES256";
	case KEY_EC384:
		return "ES384";
	case KEY_RSA2048:
	case KEY_RSA3072:
	case KEY_RSA4096:
		return "RS256";
	default:
		return NULL;
	}
}

/* Adds member key = string val to o.  Returns 0, or -1 when out of
 * memory (val is then not leaked). */
static int add_str(struct json_object *o, const char *key, const char *val)
{
	struct json_object *v = json_object_new_string(val);

	if (v == NULL)
		return -1;
	if (json_object_object_add(o, key, v) != 0) {
		json_object_put(v);
		return -1;
	}
	return 0;
}

/* Adds member key = base64url(bytes) to o.  Returns 0 or -1 (OOM). */
static int add_b64(struct json_object *o, const char *key,
		   const unsigned char *p, size_t n)
{
	char *s = b64url_encode(p, n);
	int rc;

	if (s == NULL)
		return -1;
	rc = add_str(o, key, s);
	free(s);
	return rc;
}

/* Adds member key = base64url of the big-endian bytes of the BIGNUM key
 * parameter param of k, left-padded to width bytes (width 0: minimal
 * length, as RSA n and e are).  Returns 0 or -1 with e set. */
static int add_bn_param(struct json_object *o, const char *key, EVP_PKEY *k,
			const char *param, size_t width, struct err *e)
{
	BIGNUM *bn = NULL;
	unsigned char *bytes = NULL;
	size_t n;
	int rc = -1;

	if (EVP_PKEY_get_bn_param(k, param, &bn) != 1) {
		crypto_fail(e, _("cannot read the public key"));
		goto out;
	}
	n = (size_t)BN_num_bytes(bn);
	if (width != 0) {
		if (n > width) {
			err_set(e, RC_CRYPTO,
				_("public key coordinate too "
				  "long"));
			goto out;
		}
		n = width;
	}
	bytes = malloc(n ? n : 1);
	if (bytes == NULL) {
		err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	if (BN_bn2binpad(bn, bytes, (int)n) < 0) {
		crypto_fail(e, _("cannot encode the public key"));
		goto out;
	}
	if (add_b64(o, key, bytes, n) != 0) {
		err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	rc = 0;
out:
	free(bytes);
	BN_free(bn);
	return rc;
}

struct json_object *jwk_public(EVP_PKEY *k, struct err *e)
{
	struct json_object *jwk = NULL;
	enum key_type t = key_type_of(k);
	int rc = -1;

	if (t == KEY__INVALID) {
		err_set(e, RC_USAGE, _("unsupported key type"));
		return NULL;
	}
	jwk = json_object_new_object();
	if (jwk == NULL) {
		err_set(e, RC_NOMEM, _("out of memory"));
		return NULL;
	}
	/* Members in lexicographic order (RFC 7638 section 3.2). */
	if (t == KEY_EC256 || t == KEY_EC384) {
		size_t w = t == KEY_EC256 ? 32 : 48;

		if (add_str(jwk, "crv", t == KEY_EC256 ? "P-256" : "P-384") ||
		    add_str(jwk, "kty", "EC")) {
			err_set(e, RC_NOMEM, _("out of memory"));
			goto out;
		}
		if (add_bn_param(jwk, "x", k, OSSL_PKEY_PARAM_EC_PUB_X, w, e) ||
		    add_bn_param(jwk, "y", k, OSSL_PKEY_PARAM_EC_PUB_Y, w, e))
			goto out;
	} else {
		if (add_bn_param(jwk, "e", k, OSSL_PKEY_PARAM_RSA_E, 0, e))
			goto out;
		if (add_str(jwk, "kty", "RSA")) {
			err_set(e, RC_NOMEM, _("out of memory"));
			goto out;
		}
		if (add_bn_param(jwk, "n", k, OSSL_PKEY_PARAM_RSA_N, 0, e))
			goto out;
	}
	rc = 0;
out:
	if (rc != 0) {
		json_object_put(jwk);
		jwk = NULL;
	}
	return jwk;
}

/* SHA-256 of msg[0..len) as base64url in a new string (caller frees).
 * NULL (and e set) on failure. */
static char *sha256_b64(const void *msg, size_t len, struct err *e)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;
	char *s = NULL;

	if (EVP_Digest(msg, len, md, &md_len, EVP_sha256(), NULL) != 1) {
		crypto_fail(e, _("SHA-256 failed"));
		return NULL;
	}
	s = b64url_encode(md, md_len);
	if (s == NULL)
		err_set(e, RC_NOMEM, _("out of memory"));
	return s;
}

char *jwk_thumbprint(EVP_PKEY *k, struct err *e)
{
	struct json_object *jwk = NULL;
	char *json = NULL, *thumb = NULL;

	jwk = jwk_public(k, e);
	if (jwk == NULL)
		goto out;
	json = js_dump(jwk);
	if (json == NULL) {
		err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	thumb = sha256_b64(json, strlen(json), e);
out:
	free(json);
	json_object_put(jwk);
	return thumb;
}

enum rc jws_hs256(const unsigned char *key, size_t key_len, const void *msg,
		  size_t len, unsigned char mac[JWS_HS256_LEN], struct err *e)
{
	size_t mac_len = 0;

	if (key == NULL || key_len == 0)
		return err_set(e, RC_INPUT, _("empty HMAC key"));
	if (EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, key, key_len, msg,
		      len, mac, JWS_HS256_LEN, &mac_len) == NULL ||
	    mac_len != JWS_HS256_LEN)
		return crypto_fail(e, _("HMAC-SHA256 failed"));
	return RC_OK;
}

enum rc jws_ecdsa_der_to_raw(const unsigned char *der, size_t der_len,
			     size_t coord_len, unsigned char *raw,
			     struct err *e)
{
	const unsigned char *p = der;
	const BIGNUM *r = NULL, *s = NULL;
	ECDSA_SIG *sig = NULL;
	enum rc rc = RC_CRYPTO;

	if (der == NULL || der_len == 0 || der_len > 512 || coord_len == 0 ||
	    coord_len > EC_COORD_MAX) {
		err_set(e, RC_CRYPTO, _("bad ECDSA signature"));
		goto out;
	}
	sig = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
	if (sig == NULL || (size_t)(p - der) != der_len) {
		crypto_fail(e, _("bad ECDSA signature encoding"));
		goto out;
	}
	ECDSA_SIG_get0(sig, &r, &s);
	if (BN_is_negative(r) || BN_is_negative(s) ||
	    BN_bn2binpad(r, raw, (int)coord_len) < 0 ||
	    BN_bn2binpad(s, raw + coord_len, (int)coord_len) < 0) {
		crypto_fail(e, _("ECDSA signature does not fit the curve"));
		goto out;
	}
	rc = RC_OK;
out:
	ECDSA_SIG_free(sig);
	return rc;
}

unsigned char *jws_ecdsa_raw_to_der(const unsigned char *raw, size_t raw_len,
				    size_t *der_len, struct err *e)
{
	ECDSA_SIG *sig = NULL;
	BIGNUM *r = NULL, *s = NULL;
	unsigned char *der = NULL, *p;
	size_t half = raw_len / 2;
	int n;

	if (raw == NULL || raw_len == 0 || raw_len % 2 != 0 ||
	    half > EC_COORD_MAX) {
		err_set(e, RC_CRYPTO, _("bad ECDSA signature length"));
		goto out;
	}
	sig = ECDSA_SIG_new();
	r = BN_bin2bn(raw, (int)half, NULL);
	s = BN_bin2bn(raw + half, (int)half, NULL);
	if (sig == NULL || r == NULL || s == NULL ||
	    ECDSA_SIG_set0(sig, r, s) != 1) {
		crypto_fail(e, _("out of memory"));
		goto out;
	}
	r = s = NULL; /* owned by sig now */
	n = i2d_ECDSA_SIG(sig, NULL);
	if (n <= 0) {
		crypto_fail(e, _("cannot encode the ECDSA signature"));
		goto out;
	}
	der = malloc((size_t)n);
	if (der == NULL) {
		err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	p = der;
	if (i2d_ECDSA_SIG(sig, &p) != n) {
		crypto_fail(e, _("cannot encode the ECDSA signature"));
		free(der);
		der = NULL;
		goto out;
	}
	*der_len = (size_t)n;
out:
	BN_free(r);
	BN_free(s);
	ECDSA_SIG_free(sig);
	return der;
}

enum rc jws_sign(EVP_PKEY *k, const void *msg, size_t len, unsigned char **sig,
		 size_t *sig_len, struct err *e)
{
	EVP_MD_CTX *ctx = NULL;
	unsigned char *der = NULL, *out = NULL;
	size_t der_len = 0, coord = 0;
	enum key_type t = key_type_of(k);
	const char *md = t == KEY_EC384 ? "SHA384" : "SHA256";
	enum rc rc = RC_CRYPTO;

	*sig = NULL;
	*sig_len = 0;
	if (t == KEY__INVALID) {
		rc = err_set(e, RC_USAGE, _("unsupported key type"));
		goto out;
	}
	ctx = EVP_MD_CTX_new();
	if (ctx == NULL ||
	    EVP_DigestSignInit_ex(ctx, NULL, md, NULL, NULL, k, NULL) != 1 ||
	    EVP_DigestSign(ctx, NULL, &der_len, msg, len) != 1) {
		crypto_fail(e, _("cannot sign"));
		goto out;
	}
	der = malloc(der_len);
	if (der == NULL) {
		rc = err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	if (EVP_DigestSign(ctx, der, &der_len, msg, len) != 1) {
		crypto_fail(e, _("cannot sign"));
		goto out;
	}
	if (t != KEY_EC256 && t != KEY_EC384) {
		/* RSASSA-PKCS1-v1_5: the signature is used as is. */
		*sig = der;
		*sig_len = der_len;
		der = NULL;
		rc = RC_OK;
		goto out;
	}
	coord = t == KEY_EC256 ? 32 : 48;
	out = malloc(2 * coord);
	if (out == NULL) {
		rc = err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	rc = jws_ecdsa_der_to_raw(der, der_len, coord, out, e);
	if (rc != RC_OK)
		goto out;
	*sig = out;
	*sig_len = 2 * coord;
	out = NULL;
out:
	free(out);
	free(der);
	EVP_MD_CTX_free(ctx);
	return rc;
}

/* base64url(compact JSON of o) in a new string (caller frees), or NULL
 * with e set. */
static char *json_b64(struct json_object *o, struct err *e)
{
	char *json = js_dump(o), *b64 = NULL;

	if (json != NULL)
		b64 = b64url_encode(json, strlen(json));
	if (b64 == NULL)
		err_set(e, RC_NOMEM, _("out of memory"));
	free(json);
	return b64;
}

/* "prot.payload" in a new string (caller frees), NULL on OOM. */
static char *signing_input(const char *prot, const char *payload)
{
	size_t a = strlen(prot), b = strlen(payload);
	char *s = malloc(a + b + 2);

	if (s == NULL)
		return NULL;
	snprintf(s, a + b + 2, "%s.%s", prot, payload);
	return s;
}

/* The flattened JWS object {protected, payload, signature} (new; caller
 * puts).  NULL with e set on OOM. */
static struct json_object *flattened(const char *prot, const char *payload,
				     const unsigned char *sig, size_t sig_len,
				     struct err *e)
{
	struct json_object *o = json_object_new_object();

	if (o == NULL || add_str(o, "protected", prot) ||
	    add_str(o, "payload", payload) ||
	    add_b64(o, "signature", sig, sig_len)) {
		json_object_put(o);
		err_set(e, RC_NOMEM, _("out of memory"));
		return NULL;
	}
	return o;
}

/* The protected header of an account-key JWS as a new object (caller
 * puts), or NULL with e set. */
static struct json_object *protected_header(EVP_PKEY *k, const char *kid,
					    const char *nonce, const char *url,
					    struct err *e)
{
	struct json_object *h = json_object_new_object(), *jwk = NULL;

	if (h == NULL || add_str(h, "alg", jws_alg(k)))
		goto oom;
	if (kid != NULL) {
		if (add_str(h, "kid", kid))
			goto oom;
	} else {
		jwk = jwk_public(k, e);
		if (jwk == NULL)
			goto fail;
		if (json_object_object_add(h, "jwk", jwk) != 0) {
			json_object_put(jwk);
			goto oom;
		}
	}
	if (nonce != NULL && add_str(h, "nonce", nonce))
		goto oom;
	if (add_str(h, "url", url))
		goto oom;
	return h;
oom:
	err_set(e, RC_NOMEM, _("out of memory"));
fail:
	json_object_put(h);
	return NULL;
}

struct json_object *jws_build(EVP_PKEY *k, const char *kid, const char *nonce,
			      const char *url, const char *payload,
			      struct err *e)
{
	struct json_object *hdr = NULL, *jws = NULL;
	char *prot = NULL, *body = NULL, *input = NULL;
	unsigned char *sig = NULL;
	size_t sig_len = 0;

	if (jws_alg(k) == NULL) {
		err_set(e, RC_USAGE, _("unsupported key type"));
		goto out;
	}
	if (url == NULL || *url == '\0' || (kid != NULL && *kid == '\0')) {
		err_set(e, RC_USAGE,
			_("JWS without a URL or with an empty "
			  "key id"));
		goto out;
	}
	/* RFC 8555 6.5.1: a nonce is base64url; refuse anything else
	 * rather than echo it to the server. */
	if (nonce != NULL && !b64url_is_token(nonce, strlen(nonce))) {
		err_set(e, RC_PROTO, _("the server sent an invalid nonce"));
		goto out;
	}
	hdr = protected_header(k, kid, nonce, url, e);
	if (hdr == NULL)
		goto out;
	prot = json_b64(hdr, e);
	if (prot == NULL)
		goto out;
	/* POST-as-GET (RFC 8555 6.3) signs an empty payload. */
	body = payload ? b64url_encode(payload, strlen(payload)) : strdup("");
	input = body ? signing_input(prot, body) : NULL;
	if (input == NULL) {
		err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	if (jws_sign(k, input, strlen(input), &sig, &sig_len, e) != RC_OK)
		goto out;
	jws = flattened(prot, body, sig, sig_len, e);
out:
	free(sig);
	free(input);
	free(body);
	free(prot);
	json_object_put(hdr);
	return jws;
}

struct json_object *jws_eab(const char *eab_kid, const unsigned char *hmac,
			    size_t hmac_len, EVP_PKEY *account_key,
			    const char *url, struct err *e)
{
	struct json_object *hdr = NULL, *jwk = NULL, *jws = NULL;
	char *prot = NULL, *body = NULL, *input = NULL;
	unsigned char mac[JWS_HS256_LEN];

	if (eab_kid == NULL || *eab_kid == '\0' || url == NULL ||
	    *url == '\0') {
		err_set(e, RC_USAGE,
			_("external account binding needs a key "
			  "id and a URL"));
		goto out;
	}
	jwk = jwk_public(account_key, e);
	if (jwk == NULL)
		goto out;
	hdr = json_object_new_object();
	if (hdr == NULL || add_str(hdr, "alg", "HS256") ||
	    add_str(hdr, "kid", eab_kid) || add_str(hdr, "url", url)) {
		err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	prot = json_b64(hdr, e);
	if (prot == NULL)
		goto out;
	body = json_b64(jwk, e);
	if (body == NULL)
		goto out;
	input = signing_input(prot, body);
	if (input == NULL) {
		err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	if (jws_hs256(hmac, hmac_len, input, strlen(input), mac, e) != RC_OK)
		goto out;
	jws = flattened(prot, body, mac, sizeof(mac), e);
out:
	OPENSSL_cleanse(mac, sizeof(mac));
	free(input);
	free(body);
	free(prot);
	json_object_put(hdr);
	json_object_put(jwk);
	return jws;
}

char *jws_key_authorization(const char *token, EVP_PKEY *account_key,
			    struct err *e)
{
	char *thumb = NULL, *ka = NULL;

	if (token == NULL || !b64url_is_token(token, strlen(token))) {
		err_set(e, RC_PROTO, _("challenge token is not base64url"));
		goto out;
	}
	thumb = jwk_thumbprint(account_key, e);
	if (thumb == NULL)
		goto out;
	ka = signing_input(token, thumb);
	if (ka == NULL)
		err_set(e, RC_NOMEM, _("out of memory"));
out:
	free(thumb);
	return ka;
}

char *jws_dns01_value(const char *key_authorization, struct err *e)
{
	if (key_authorization == NULL || *key_authorization == '\0') {
		err_set(e, RC_USAGE, _("empty key authorization"));
		return NULL;
	}
	return sha256_b64(key_authorization, strlen(key_authorization), e);
}
