/* SPDX-License-Identifier: ISC */
/* jwk.c - private JWK (RSA, EC) to an OpenSSL key, via EVP_PKEY_fromdata
 * so the same checks apply as to any key OpenSSL loads. */
#include "config.h"

#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/crypto.h>
#include <openssl/param_build.h>

#include "crypto/key.h"
#include "migrate/jwk.h"
#include "util/b64url.h"
#include "util/json.h"

/* Longest base64url member (an 8192-bit modulus is 1366 characters). */
#define JWK_MEMBER_MAX 1400

/* Pushes member name of o, a base64url big-endian integer, as the
 * OpenSSL parameter param.  0 when it is missing or not base64url. */
static int push_bn(OSSL_PARAM_BLD *bld, struct json_object *o, const char *name,
		   const char *param, BIGNUM **keep)
{
	const char *s = js_str(o, name, JWK_MEMBER_MAX);
	unsigned char *raw;
	size_t n = 0;
	BIGNUM *bn;

	if (s == NULL || *s == '\0' || !b64url_is_token(s, strlen(s)))
		return 0;
	raw = b64url_decode(s, strlen(s), &n);
	if (raw == NULL)
		return 0;
	bn = BN_bin2bn(raw, (int)n, NULL);
	OPENSSL_cleanse(raw, n);
	OPENSSL_free(raw);
	if (bn == NULL)
		return 0;
	*keep = bn;
	return OSSL_PARAM_BLD_push_BN(bld, param, bn);
}

/* The RSA members in OpenSSL's order. */
static const char *const rsa_members[][2] = {
	{ "n", OSSL_PKEY_PARAM_RSA_N },
	{ "e", OSSL_PKEY_PARAM_RSA_E },
	{ "d", OSSL_PKEY_PARAM_RSA_D },
	{ "p", OSSL_PKEY_PARAM_RSA_FACTOR1 },
	{ "q", OSSL_PKEY_PARAM_RSA_FACTOR2 },
	{ "dp", OSSL_PKEY_PARAM_RSA_EXPONENT1 },
	{ "dq", OSSL_PKEY_PARAM_RSA_EXPONENT2 },
	{ "qi", OSSL_PKEY_PARAM_RSA_COEFFICIENT1 },
};
#define N_RSA (sizeof(rsa_members) / sizeof(rsa_members[0]))

/* The uncompressed EC point 04||x||y from the members x and y.  RFC 7518
 * wants each the full coordinate size; a writer that dropped leading zero
 * bytes (one key in 128) is padded back, since the point is the same and
 * from_params checks it lies on the curve and matches d. */
static int push_ec_point(OSSL_PARAM_BLD *bld, struct json_object *o,
			 size_t field, unsigned char *pt)
{
	const char *x = js_str(o, "x", JWK_MEMBER_MAX);
	const char *y = js_str(o, "y", JWK_MEMBER_MAX);
	unsigned char *rx = NULL, *ry = NULL;
	size_t nx = 0, ny = 0;
	int ok = 0;

	if (x != NULL && y != NULL && b64url_is_token(x, strlen(x)) &&
	    b64url_is_token(y, strlen(y))) {
		rx = b64url_decode(x, strlen(x), &nx);
		ry = b64url_decode(y, strlen(y), &ny);
	}
	if (rx != NULL && ry != NULL && nx > 0 && nx <= field && ny > 0 &&
	    ny <= field) {
		memset(pt, 0, 1 + 2 * field);
		pt[0] = 0x04;
		memcpy(pt + 1 + (field - nx), rx, nx);
		memcpy(pt + 1 + field + (field - ny), ry, ny);
		ok = OSSL_PARAM_BLD_push_octet_string(
			bld, OSSL_PKEY_PARAM_PUB_KEY, pt, 1 + 2 * field);
	}
	OPENSSL_free(rx);
	OPENSSL_free(ry);
	return ok;
}

/* Builds the parameters of an EC JWK; *type gets "EC". */
static int ec_params(OSSL_PARAM_BLD *bld, struct json_object *o,
		     unsigned char *pt, BIGNUM **d)
{
	const char *crv = js_str(o, "crv", 16);
	const char *group;
	size_t field;

	if (crv != NULL && strcmp(crv, "P-256") == 0) {
		group = "P-256";
		field = 32;
	} else if (crv != NULL && strcmp(crv, "P-384") == 0) {
		group = "P-384";
		field = 48;
	} else {
		return 0;
	}
	return OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
					       group, 0) &&
	       push_ec_point(bld, o, field, pt) &&
	       push_bn(bld, o, "d", OSSL_PKEY_PARAM_PRIV_KEY, d);
}

/* Turns the built parameters into a key of type kty and checks it. */
static EVP_PKEY *from_params(const char *kty, OSSL_PARAM_BLD *bld)
{
	OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, kty, NULL);
	EVP_PKEY_CTX *chk = NULL;
	EVP_PKEY *k = NULL;

	if (params == NULL || ctx == NULL || EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &k, EVP_PKEY_KEYPAIR, params) <= 0)
		goto out;
	chk = EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL);
	if (chk == NULL || EVP_PKEY_pairwise_check(chk) <= 0) {
		EVP_PKEY_free(k);
		k = NULL;
	}
out:
	EVP_PKEY_CTX_free(chk);
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	return k;
}

EVP_PKEY *jwk_private_import(const char *text, size_t len, struct err *e)
{
	struct json_object *o;
	OSSL_PARAM_BLD *bld = NULL;
	BIGNUM *bns[N_RSA] = { 0 };
	unsigned char pt[1 + 2 * 48];
	const char *kty;
	EVP_PKEY *k = NULL;
	size_t i;
	int ok = 0;

	if (len > JWK_TEXT_MAX) {
		err_set(e, RC_INPUT, _("the account key (JWK) is too large"));
		return NULL;
	}
	o = js_parse_object(text, len, "JWK", e);
	if (o == NULL) {
		e->rc = RC_INPUT; /* a file, not a server: bad input */
		return NULL;
	}
	kty = js_str(o, "kty", 8);
	bld = OSSL_PARAM_BLD_new();
	if (bld != NULL && kty != NULL && strcmp(kty, "RSA") == 0) {
		ok = 1;
		for (i = 0; ok && i < N_RSA; i++)
			ok = push_bn(bld, o, rsa_members[i][0],
				     rsa_members[i][1], &bns[i]);
	} else if (bld != NULL && kty != NULL && strcmp(kty, "EC") == 0) {
		ok = ec_params(bld, o, pt, &bns[0]);
	}
	if (ok)
		k = from_params(kty, bld);
	for (i = 0; i < N_RSA; i++)
		BN_clear_free(bns[i]);
	OSSL_PARAM_BLD_free(bld);
	json_object_put(o);
	ERR_clear_error();
	if (k == NULL)
		err_set(e, RC_INPUT,
			_("the account key (JWK) is not a valid "
			  "RSA or EC (P-256, P-384) private key"));
	else if (key_type_of(k) == KEY__INVALID) {
		EVP_PKEY_free(k);
		k = NULL;
		err_set(e, RC_INPUT,
			_("the account key's type or size is "
			  "not supported (RSA 2048/3072/4096, "
			  "P-256, P-384)"));
	}
	return k;
}
