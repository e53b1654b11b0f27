/* SPDX-License-Identifier: ISC */
/* jws.h - JSON Web Keys and JSON Web Signatures as ACME uses them
 * (RFC 7515, RFC 7517, RFC 7518, RFC 7638, RFC 8555 sections 6.2, 7.3.4,
 * 7.3.5, 8.1).  Pure functions over keys and strings: no I/O. */
#ifndef ACMETUI_JWS_H
#define ACMETUI_JWS_H

#include <stddef.h>

#include <json-c/json.h>
#include <openssl/evp.h>

#include "util/err.h"

/* The JWS "alg" for a key: "ES256" (P-256), "ES384" (P-384), "RS256"
 * (RSA), or NULL when the key type is unsupported.  Static string. */
const char *jws_alg(EVP_PKEY *k);

/* The public JWK of k as a new JSON object holding only the required
 * members (EC: crv, kty, x, y; RSA: e, kty, n).  Caller puts it. */
struct json_object *jwk_public(EVP_PKEY *k, struct err *e);

/* RFC 7638 JWK SHA-256 thumbprint of k's public key, base64url, in a new
 * string (caller frees). */
char *jwk_thumbprint(EVP_PKEY *k, struct err *e);

/* Builds a flattened JWS JSON object {protected, payload, signature}
 * signed by k.  The protected header holds alg, url, nonce (omitted when
 * nonce is NULL, as for the inner keyChange JWS) and either kid (when
 * kid != NULL) or the public jwk.  payload NULL means POST-as-GET (the
 * empty payload ""); otherwise it is the exact JSON text to sign.
 * Caller puts the result.  NULL (and e set) on failure. */
struct json_object *jws_build(EVP_PKEY *k, const char *kid, const char *nonce,
			      const char *url, const char *payload,
			      struct err *e);

/* The externalAccountBinding value for newAccount (RFC 8555 7.3.4): a
 * flattened JWS with protected {alg: HS256, kid: eab_kid, url: url} over
 * the account key's public JWK, MACed with the decoded HMAC key.  Caller
 * puts the result. */
struct json_object *jws_eab(const char *eab_kid, const unsigned char *hmac,
			    size_t hmac_len, EVP_PKEY *account_key,
			    const char *url, struct err *e);

/* RFC 8555 8.1 key authorization "token.thumbprint" (caller frees).
 * The token must already be validated as base64url. */
char *jws_key_authorization(const char *token, EVP_PKEY *account_key,
			    struct err *e);

/* RFC 8555 8.4 DNS-01 TXT value: base64url(SHA-256(key_authorization)),
 * in a new string (caller frees). */
char *jws_dns01_value(const char *key_authorization, struct err *e);

/* Size of an HS256 MAC (RFC 7518 3.2). */
#define JWS_HS256_LEN 32

/* HMAC-SHA256 of msg[0..len) with key[0..key_len) into mac (the one MAC
 * code path: jws_eab uses it).  An empty key is refused. */
enum rc jws_hs256(const unsigned char *key, size_t key_len, const void *msg,
		  size_t len, unsigned char mac[JWS_HS256_LEN], struct err *e);

/* The JWS signature of msg[0..len) with k as jws_alg(k) names it: RS256
 * is RSASSA-PKCS1-v1_5 with SHA-256, ES256/ES384 the fixed-length R||S
 * of RFC 7518 3.4.  A new buffer in *sig (caller frees), its length in
 * *sig_len. */
enum rc jws_sign(EVP_PKEY *k, const void *msg, size_t len, unsigned char **sig,
		 size_t *sig_len, struct err *e);

/* Converts a DER ECDSA-Sig-Value into R||S with each integer left-padded
 * to coord_len bytes (32 for P-256, 48 for P-384) into raw[2*coord_len].
 * Refuses trailing bytes and integers that do not fit. */
enum rc jws_ecdsa_der_to_raw(const unsigned char *der, size_t der_len,
			     size_t coord_len, unsigned char *raw,
			     struct err *e);

/* The reverse: a JWS R||S signature (even length, at most 2*66 bytes)
 * as a new DER ECDSA-Sig-Value (caller frees), its length in *der_len,
 * ready for EVP_DigestVerify.  NULL (and e set) on failure. */
unsigned char *jws_ecdsa_raw_to_der(const unsigned char *raw, size_t raw_len,
				    size_t *der_len, struct err *e);

#endif
