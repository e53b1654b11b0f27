/* SPDX-License-Identifier: ISC */
/* test_jws.c - the JWS layer against published vectors: RFC 7515
 * appendix A.1 (HS256), A.2 (RS256), A.3 (ES256), RFC 7520 section 4.1
 * (RS256), RFC 7638 section 3.1 (thumbprint); round trips of jws_build
 * verified with OpenSSL directly; EAB, key authorization and DNS-01. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>
#include <openssl/sha.h>

#include "acme/jws.h"
#include "crypto/key.h"
#include "tap.h"
#include "util/b64url.h"
#include "util/err.h"
#include "util/json.h"

/* RFC 7515 A.1-A.3 share this payload (with CR LF inside the JSON). */
#define A_PAYLOAD \
	"eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFt" \
	"cGxlLmNvbS9pc19yb290Ijp0cnVlfQ"

/* RFC 7515 A.2.1 RSA key. */
static const char *const a2_rsa[8] = {
	/* n */
	"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddx"
	"HmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMs"
	"D1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSH"
	"SXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdV"
	"MTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8"
	"NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ",
	/* e */
	"AQAB",
	/* d */
	"Eq5xpGnNCivDflJsRQBXHx1hdR1k6Ulwe2JZD50LpXyWPEAeP88vLNO97I"
	"jlA7_GQ5sLKMgvfTeXZx9SE-7YwVol2NXOoAJe46sui395IW_GO-pWJ1O0"
	"BkTGoVEn2bKVRUCgu-GjBVaYLU6f3l9kJfFNS3E0QbVdxzubSu3Mkqzjkn"
	"439X0M_V51gfpRLI9JYanrC4D4qAdGcopV_0ZHHzQlBjudU2QvXt4ehNYT"
	"CBr6XCLQUShb1juUO1ZdiYoFaFQT5Tw8bGUl_x_jTj3ccPDVZFD9pIuhLh"
	"BOneufuBiB4cS98l2SR_RQyGWSeWjnczT0QU91p1DhOVRuOopznQ",
	/* p */
	"4BzEEOtIpmVdVEZNCqS7baC4crd0pqnRH_5IB3jw3bcxGn6QLvnEtfdUdi"
	"YrqBdss1l58BQ3KhooKeQTa9AB0Hw_Py5PJdTJNPY8cQn7ouZ2KKDcmnPG"
	"BY5t7yLc1QlQ5xHdwW1VhvKn-nXqhJTBgIPgtldC-KDV5z-y2XDwGUc",
	/* q */
	"uQPEfgmVtjL0Uyyx88GZFF1fOunH3-7cepKmtH4pxhtCoHqpWmT8YAmZxa"
	"ewHgHAjLYsp1ZSe7zFYHj7C6ul7TjeLQeZD_YwD66t62wDmpe_HlB-TnBA"
	"-njbglfIsRLtXlnDzQkv5dTltRJ11BKBBypeeF6689rjcJIDEz9RWdc",
	/* dp */
	"BwKfV3Akq5_MFZDFZCnW-wzl-CCo83WoZvnLQwCTeDv8uzluRSnm71I3QC"
	"LdhrqE2e9YkxvuxdBfpT_PI7Yz-FOKnu1R6HsJeDCjn12Sk3vmAktV2zb3"
	"4MCdy7cpdTh_YVr7tss2u6vneTwrA86rZtu5Mbr1C1XsmvkxHQAdYo0",
	/* dq */
	"h_96-mK1R_7glhsum81dZxjTnYynPbZpHziZjeeHcXYsXaaMwkOlODsWa7"
	"I9xXDoRwbKgB719rrmI2oKr6N3Do9U0ajaHF-NKJnwgjMd2w9cjz3_-kyN"
	"lxAr2v4IKhGNpmM5iIgOS1VZnOZ68m6_pbLBSp3nssTdlqvd0tIiTHU",
	/* qi */
	"IYd7DHOhrWvxkwPQsRM2tOgrjbcrfvtQJipd-DlcxyVuuM9sQLdgjVk2oy"
	"26F0EmpScGLq2MowX7fhd_QJQ3ydy5cY7YIBi87w93IKLEdfnbJtoOPLUW"
	"0ITrJReOgo1cq9SbsxYawBgfp_gh6A5603k2-ZQwVK0JKSHuLFkuQ3U",
};

/* RFC 7520 section 3.4 RSA key (bilbo.baggins@hobbiton.example). */
static const char *const r7520_rsa[8] = {
	"n4EPtAOCc9AlkeQHPzHStgAbgs7bTZLwUBZdR8_KuKPEHLd4rHVTeT-O-X"
	"V2jRojdNhxJWTDvNd7nqQ0VEiZQHz_AJmSCpMaJMRBSFKrKb2wqVwGU_Ns"
	"YOYL-QtiWN2lbzcEe6XC0dApr5ydQLrHqkHHig3RBordaZ6Aj-oBHqFEHY"
	"pPe7Tpe-OfVfHd1E6cS6M1FZcD1NNLYD5lFHpPI9bTwJlsde3uhGqC0ZCu"
	"EHg8lhzwOHrtIQbS0FVbb9k3-tVTU4fg_3L_vniUFAKwuCLqKnS2BYwdq_"
	"mzSnbLY7h_qixoR7jig3__kRhuaxwUkRz5iaiQkqgc5gHdrNP5zw",
	"AQAB",
	"bWUC9B-EFRIo8kpGfh0ZuyGPvMNKvYWNtB_ikiH9k20eT-O1q_I78eiZkp"
	"XxXQ0UTEs2LsNRS-8uJbvQ-A1irkwMSMkK1J3XTGgdrhCku9gRldY7sNA_"
	"AKZGh-Q661_42rINLRCe8W-nZ34ui_qOfkLnK9QWDDqpaIsA-bMwWWSDFu"
	"2MUBYwkHTMEzLYGqOe04noqeq1hExBTHBOBdkMXiuFhUq1BU6l-DqEiWxq"
	"g82sXt2h-LMnT3046AOYJoRioz75tSUQfGCshWTBnP5uDjd18kKhyv07lh"
	"fSJdrPdM5Plyl21hsFf4L_mHCuoFau7gdsPfHPxxjVOcOpBrQzwQ",
	"3Slxg_DwTXJcb6095RoXygQCAZ5RnAvZlno1yhHtnUex_fp7AZ_9nRaO7H"
	"X_-SFfGQeutao2TDjDAWU4Vupk8rw9JR0AzZ0N2fvuIAmr_WCsmGpeNqQn"
	"ev1T7IyEsnh8UMt-n5CafhkikzhEsrmndH6LxOrvRJlsPp6Zv8bUq0k",
	"uKE2dh-cTf6ERF4k4e_jy78GfPYUIaUyoSSJuBzp3Cubk3OCqs6grT8bR_"
	"cu0Dm1MZwWmtdqDyI95HrUeq3MP15vMMON8lHTeZu2lmKvwqW7anV5UzhM"
	"1iZ7z4yMkuUwFWoBvyY898EXvRD-hdqRxHlSqAZ192zB3pVFJ0s7pFc",
	"B8PVvXkvJrj2L-GYQ7v3y9r6Kw5g9SahXBwsWUzp19TVlgI-YV85q1NIb1"
	"rxQtD-IsXXR3-TanevuRPRt5OBOdiMGQp8pbt26gljYfKU_E9xn-RULHz0"
	"-ed9E9gXLKD4VGngpz-PfQ_q29pk5xWHoJp009Qf1HvChixRX59ehik",
	"CLDmDGduhylc9o7r84rEUVn7pzQ6PF83Y-iBZx5NT-TpnOZKF1pErAMVeK"
	"zFEl41DlHHqqBLSM0W1sOFbwTxYWZDm6sI6og5iTbwQGIC3gnJKbi_7k_v"
	"JgGHwHxgPaX2PnvP-zyEkDERuf-ry4c_Z11Cq9AqC2yeL6kdKT1cYF8",
	"3PiqvXQN0zwMeE-sBvZgi289XP9XCQF3VWqPzMKnIgQp7_Tugo6-NZBKCQ"
	"sMf3HaEGBjTVJs_jcK8-TRXvaKe-7ZMaQj8VfBdYkssbu0NKDDhjJ-Gtis"
	"eaDVWt7dcH0cfwxgFUHpQh7FoCrjFJ6h6ZEpMF6xmujs4qMpPz8aaI4",
};

/* RFC 7638 section 3.1 example key (public). */
static const char rfc7638_n[] =
	"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAt"
	"VT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn6"
	"4tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_F"
	"DW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n9"
	"1CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINH"
	"aQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";

/* A BIGNUM from a base64url string (test input: aborts on bad data). */
static BIGNUM *bn_b64(const char *s)
{
	size_t n = 0;
	unsigned char *bytes = b64url_decode(s, strlen(s), &n);
	BIGNUM *bn;

	if (bytes == NULL)
		abort();
	bn = BN_bin2bn(bytes, (int)n, NULL);
	free(bytes);
	return bn;
}

/* An RSA EVP_PKEY from JWK members n, e, d, p, q, dp, dq, qi (v[2..7]
 * NULL for a public key), built with OSSL_PARAM_BLD. */
static EVP_PKEY *rsa_from_jwk(const char *const v[8])
{
	static const char *const names[8] = {
		OSSL_PKEY_PARAM_RSA_N,	       OSSL_PKEY_PARAM_RSA_E,
		OSSL_PKEY_PARAM_RSA_D,	       OSSL_PKEY_PARAM_RSA_FACTOR1,
		OSSL_PKEY_PARAM_RSA_FACTOR2,   OSSL_PKEY_PARAM_RSA_EXPONENT1,
		OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
	};
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *k = NULL;
	BIGNUM *bn[8] = { NULL };
	int i, n = v[2] ? 8 : 2;

	for (i = 0; i < n; i++) {
		bn[i] = bn_b64(v[i]);
		OSSL_PARAM_BLD_push_BN(bld, names[i], bn[i]);
	}
	params = OSSL_PARAM_BLD_to_param(bld);
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	if (params == NULL || ctx == NULL || EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &k,
			      n == 8 ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
			      params) != 1)
		k = NULL;
	for (i = 0; i < 8; i++)
		BN_clear_free(bn[i]);
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	return k;
}

/* A P-256 public key from JWK x and y. */
static EVP_PKEY *ec256_from_xy(const char *x, const char *y)
{
	unsigned char point[65], *bx, *by;
	size_t nx = 0, ny = 0;
	OSSL_PARAM params[3];
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *k = NULL;

	bx = b64url_decode(x, strlen(x), &nx);
	by = b64url_decode(y, strlen(y), &ny);
	if (bx == NULL || by == NULL || nx != 32 || ny != 32)
		abort();
	point[0] = 0x04;
	memcpy(point + 1, bx, 32);
	memcpy(point + 33, by, 32);
	free(bx);
	free(by);
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
						     (char *)"P-256", 0);
	params[1] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY,
						      point, sizeof(point));
	params[2] = OSSL_PARAM_construct_end();
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	if (ctx == NULL || EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &k, EVP_PKEY_PUBLIC_KEY, params) != 1)
		k = NULL;
	EVP_PKEY_CTX_free(ctx);
	return k;
}

/* Verifies sig (as OpenSSL wants it: DER for ECDSA) over msg. */
static int verify(EVP_PKEY *k, const char *md, const char *msg,
		  const unsigned char *sig, size_t sig_len)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int rc = 0;

	if (ctx != NULL &&
	    EVP_DigestVerifyInit_ex(ctx, NULL, md, NULL, NULL, k, NULL) == 1)
		rc = EVP_DigestVerify(ctx, sig, sig_len,
				      (const unsigned char *)msg,
				      strlen(msg)) == 1;
	EVP_MD_CTX_free(ctx);
	return rc;
}

/* An R||S signature as DER, converted here with ECDSA_SIG directly so the
 * round-trip tests do not depend on the code under test. */
static unsigned char *raw_to_der_local(const unsigned char *raw, size_t n,
				       size_t *der_len)
{
	ECDSA_SIG *sig = ECDSA_SIG_new();
	unsigned char *der = NULL;
	int len;

	ECDSA_SIG_set0(sig, BN_bin2bn(raw, (int)n / 2, NULL),
		       BN_bin2bn(raw + n / 2, (int)n / 2, NULL));
	len = i2d_ECDSA_SIG(sig, &der);
	ECDSA_SIG_free(sig);
	*der_len = len > 0 ? (size_t)len : 0;
	return der;
}

static char *b64(const void *p, size_t n)
{
	return b64url_encode(p, n);
}

static void test_a1_hs256(void)
{
	static const char k[] = "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_"
				"T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
	static const char input[] =
		"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9." A_PAYLOAD;
	unsigned char mac[JWS_HS256_LEN];
	struct err e = { 0 };
	unsigned char *key;
	size_t key_len = 0;
	char *s;

	key = b64url_decode(k, strlen(k), &key_len);
	is_int(jws_hs256(key, key_len, input, strlen(input), mac, &e), RC_OK,
	       "A.1 HS256 computes");
	s = b64(mac, sizeof(mac));
	is_str(s, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
	       "RFC 7515 A.1 HS256 signature");
	free(s);
	free(key);
	is_int(jws_hs256((const unsigned char *)"", 0, "x", 1, mac, &e),
	       RC_INPUT, "an empty HMAC key is refused");
}

/* Signs input with the RSA key v and compares with the published value. */
static void check_rs256(const char *const v[8], const char *input,
			const char *want, const char *what)
{
	EVP_PKEY *k = rsa_from_jwk(v);
	unsigned char *sig = NULL;
	size_t sig_len = 0;
	struct err e = { 0 };
	char *s = NULL;

	ok(k != NULL, "%s: key built from the JWK", what);
	is_str(jws_alg(k), "RS256", "%s: alg", what);
	is_int(jws_sign(k, input, strlen(input), &sig, &sig_len, &e), RC_OK,
	       "%s: signs", what);
	if (sig != NULL)
		s = b64(sig, sig_len);
	is_str(s, want, "%s: exact signature", what);
	free(s);
	free(sig);
	EVP_PKEY_free(k);
}

static void test_rs256_vectors(void)
{
	struct json_object *jwk;
	struct err e = { 0 };
	EVP_PKEY *k;

	check_rs256(a2_rsa, "eyJhbGciOiJSUzI1NiJ9." A_PAYLOAD,
		    "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XO"
		    "iZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr"
		    "7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xB"
		    "ArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--x"
		    "i12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9Q"
		    "OYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_Ioy"
		    "pGlUPQGe77Rw",
		    "RFC 7515 A.2 RS256");
	check_rs256(
		r7520_rsa,
		"eyJhbGciOiJSUzI1NiIsImtpZCI6ImJpbGJvLmJhZ2dpbnNAaG9iYml0b24uZX"
		"hhbXBsZSJ9."
		"SXTigJlzIGEgZGFuZ2Vyb3VzIGJ1c2luZXNzLCBGcm9kbywgZ29pbmcgb3V0IH"
		"lvdXIgZG9vci4gWW91IHN0ZXAgb250byB0aGUgcm9hZCwgYW5kIGlmIHlvdSBk"
		"b24ndCBrZWVwIHlvdXIgZmVldCwgdGhlcmXigJlzIG5vIGtub3dpbmcgd2hlcm"
		"UgeW91IG1pZ2h0IGJlIHN3ZXB0IG9mZiB0by4",
		"MRjdkly7_-oTPTS3AXP41iQIGKa80A0ZmTuV5MEaHoxnW2e5CZ5NlKtainoFmK"
		"ZopdHM1O2U4mwzJdQx996ivp83xuglII7PNDi84wnB-BDkoBwA78185hX-Es4J"
		"IwmDLJK3lfWRa-XtL0RnltuYv746iYTh_qHRD68BNt1uSNCrUCTJDt5aAE6x8w"
		"W1Kt9eRo4QPocSadnHXFxnt8Is9UzpERV0ePPQdLuW3IS_de3xyIrDaLGdjluP"
		"xUAhb6L2aXic1U12podGU0KLUQSE_oI-ZnmKJ3F4uOZDnd6QZWJushZ41Axf_f"
		"cIe8u9ipH84ogoree7vjbU5y18kDquDg",
		"RFC 7520 4.1 RS256");

	/* The public JWK of the A.2 key carries n and e unpadded. */
	k = rsa_from_jwk(a2_rsa);
	jwk = jwk_public(k, &e);
	ok(jwk != NULL && json_object_object_length(jwk) == 3,
	   "RSA JWK has exactly e, kty, n");
	is_str(js_str(jwk, "n", 4096), a2_rsa[0], "RSA JWK n");
	is_str(js_str(jwk, "e", 16), "AQAB", "RSA JWK e");
	is_str(js_str(jwk, "kty", 16), "RSA", "RSA JWK kty");
	json_object_put(jwk);
	EVP_PKEY_free(k);
}

static void test_a3_es256(void)
{
	static const char x[] = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
	static const char y[] = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";
	static const char sig_b64[] =
		"DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISl"
		"SApmWQxfKTUJqPP3-Kg6NU1Q";
	static const char input[] = "eyJhbGciOiJFUzI1NiJ9." A_PAYLOAD;
	unsigned char *raw = NULL, *der = NULL, back[64];
	size_t raw_len = 0, der_len = 0;
	struct json_object *jwk;
	struct err e = { 0 };
	EVP_PKEY *k = ec256_from_xy(x, y);

	ok(k != NULL, "A.3 public key built");
	is_str(jws_alg(k), "ES256", "A.3 alg");
	raw = b64url_decode(sig_b64, strlen(sig_b64), &raw_len);
	is_int(raw_len, 64, "A.3 signature is 64 bytes R||S");
	der = jws_ecdsa_raw_to_der(raw, raw_len, &der_len, &e);
	ok(der != NULL, "R||S converts to DER");
	ok(der && verify(k, "SHA256", input, der, der_len),
	   "RFC 7515 A.3 ES256 signature verifies");
	ok(der && !verify(k, "SHA256", "eyJhbGciOiJFUzI1NiJ9.x", der, der_len),
	   "A.3 signature does not verify other input");
	ok(der && jws_ecdsa_der_to_raw(der, der_len, 32, back, &e) == RC_OK &&
		   memcmp(back, raw, 64) == 0,
	   "DER converts back to the same R||S");
	free(der);
	raw[5] ^= 1;
	der = jws_ecdsa_raw_to_der(raw, raw_len, &der_len, &e);
	ok(der && !verify(k, "SHA256", input, der, der_len),
	   "a flipped bit fails verification");
	free(der);
	der = jws_ecdsa_raw_to_der(raw, 63, &der_len, &e);
	ok(der == NULL && e.rc == RC_CRYPTO, "odd-length R||S is refused");
	free(raw);

	jwk = jwk_public(k, &e);
	is_str(js_str(jwk, "x", 64), x, "EC JWK x");
	is_str(js_str(jwk, "y", 64), y, "EC JWK y");
	is_str(js_str(jwk, "crv", 16), "P-256", "EC JWK crv");
	json_object_put(jwk);
	EVP_PKEY_free(k);
}

static void test_der_to_raw_padding(void)
{
	/* SEQUENCE { INTEGER 1, INTEGER 0x00ff (positive 255) } */
	static const unsigned char der[] = { 0x30, 0x07, 0x02, 0x01, 0x01,
					     0x02, 0x02, 0x00, 0xff };
	unsigned char raw[64], want[64] = { 0 };
	unsigned char trailing[sizeof(der) + 1];
	struct err e = { 0 };

	want[31] = 1;
	want[63] = 0xff;
	ok(jws_ecdsa_der_to_raw(der, sizeof(der), 32, raw, &e) == RC_OK &&
		   memcmp(raw, want, 64) == 0,
	   "short integers are left-padded to 32 bytes");
	memcpy(trailing, der, sizeof(der));
	trailing[sizeof(der)] = 0;
	err_clear(&e);
	ok(jws_ecdsa_der_to_raw(trailing, sizeof(trailing), 32, raw, &e) !=
		   RC_OK,
	   "trailing bytes after the DER signature are refused");
}

static void test_thumbprint(void)
{
	const char *v[8] = { rfc7638_n, "AQAB", NULL };
	struct err e = { 0 };
	EVP_PKEY *k = rsa_from_jwk(v);
	char *t, *ka, *dns, *want;
	unsigned char md[32];

	t = jwk_thumbprint(k, &e);
	is_str(t, "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs",
	       "RFC 7638 3.1 thumbprint");
	free(t);

	ka = jws_key_authorization(
		"evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA", k, &e);
	is_str(ka,
	       "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA."
	       "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs",
	       "key authorization is token.thumbprint");
	dns = jws_dns01_value(ka, &e);
	SHA256((const unsigned char *)ka, strlen(ka), md);
	want = b64(md, sizeof(md));
	is_str(dns, want, "DNS-01 value is base64url(SHA-256(keyauth))");
	is_int(strlen(dns ? dns : ""), 43, "DNS-01 value is 43 characters");
	free(want);
	free(dns);
	free(ka);

	ka = jws_key_authorization("../etc/passwd", k, &e);
	ok(ka == NULL && e.rc == RC_PROTO, "a non-base64url token is refused");
	err_clear(&e);
	ka = jws_key_authorization("", k, &e);
	ok(ka == NULL && e.rc == RC_PROTO, "an empty token is refused");
	EVP_PKEY_free(k);
}

/* Decodes a base64url member of o into a NUL-terminated string. */
static char *member_decoded(struct json_object *o, const char *key, size_t *len)
{
	const char *s = js_str(o, key, 1 << 16);
	size_t n = 0;
	char *d;

	if (s == NULL)
		return NULL;
	d = (char *)b64url_decode(s, strlen(s), &n);
	if (len != NULL)
		*len = n;
	return d;
}

/* Checks one jws_build result for key k end to end with OpenSSL. */
static void check_built(EVP_PKEY *k, const char *alg, const char *md,
			const char *kid, const char *nonce, const char *payload,
			const char *what)
{
	struct err e = { 0 };
	struct json_object *jws, *hdr = NULL, *jwk_want, *jwk_got;
	const char *prot_b64, *pay_b64;
	char *prot = NULL, *pay = NULL, *input = NULL, *want_jwk = NULL;
	unsigned char *sig = NULL, *der = NULL;
	size_t sig_len = 0, der_len = 0;
	int good = 0;

	jws = jws_build(k, kid, nonce, "https://ca.example/acme/new-order",
			payload, &e);
	ok(jws != NULL, "%s: built (%s)", what, err_text(&e));
	if (jws == NULL)
		return;
	ok(json_object_object_length(jws) == 3,
	   "%s: flattened JSON has exactly protected, payload, signature",
	   what);
	prot_b64 = js_str(jws, "protected", 1 << 16);
	pay_b64 = js_str(jws, "payload", 1 << 16);
	prot = member_decoded(jws, "protected", NULL);
	hdr = prot ? js_parse_object(prot, strlen(prot), "header", &e) : NULL;
	ok(hdr != NULL, "%s: protected header is JSON", what);
	is_str(js_str(hdr, "alg", 16), alg, "%s: alg", what);
	is_str(js_str(hdr, "url", 256), "https://ca.example/acme/new-order",
	       "%s: url", what);
	if (nonce != NULL)
		is_str(js_str(hdr, "nonce", 256), nonce, "%s: nonce", what);
	else
		ok(hdr && !json_object_object_get_ex(hdr, "nonce", NULL),
		   "%s: no nonce member", what);
	jwk_got = js_obj(hdr, "jwk");
	if (kid != NULL) {
		is_str(js_str(hdr, "kid", 256), kid, "%s: kid", what);
		ok(jwk_got == NULL, "%s: kid excludes jwk", what);
	} else {
		ok(hdr && !json_object_object_get_ex(hdr, "kid", NULL),
		   "%s: jwk excludes kid", what);
		jwk_want = jwk_public(k, &e);
		want_jwk = js_dump(jwk_want);
		json_object_put(jwk_want);
		is_str(jwk_got ? json_object_to_json_string_ext(
					 jwk_got, JSON_C_TO_STRING_PLAIN)
			       : NULL,
		       want_jwk, "%s: jwk is the public key", what);
	}
	if (payload == NULL) {
		is_str(pay_b64, "", "%s: POST-as-GET payload is empty", what);
	} else {
		pay = member_decoded(jws, "payload", NULL);
		is_str(pay, payload, "%s: payload decodes", what);
	}

	sig = (unsigned char *)member_decoded(jws, "signature", &sig_len);
	input = malloc(strlen(prot_b64) + strlen(pay_b64) + 2);
	sprintf(input, "%s.%s", prot_b64, pay_b64);
	if (strcmp(alg, "RS256") == 0) {
		good = sig && verify(k, md, input, sig, sig_len);
	} else {
		is_int(sig_len, strcmp(alg, "ES256") == 0 ? 64 : 96,
		       "%s: R||S has the fixed length", what);
		der = sig ? raw_to_der_local(sig, sig_len, &der_len) : NULL;
		good = der && verify(k, md, input, der, der_len);
	}
	ok(good, "%s: OpenSSL verifies the signature", what);
	OPENSSL_free(der);
	free(sig);
	free(input);
	free(want_jwk);
	free(pay);
	free(prot);
	json_object_put(hdr);
	json_object_put(jws);
}

static void test_build(void)
{
	static const struct {
		enum key_type t;
		const char *alg, *md;
	} kinds[] = {
		{ KEY_EC256, "ES256", "SHA256" },
		{ KEY_EC384, "ES384", "SHA384" },
		{ KEY_RSA2048, "RS256", "SHA256" },
	};
	struct err e = { 0 };
	struct json_object *jws;
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		EVP_PKEY *k = key_generate(kinds[i].t, &e);

		is_str(jws_alg(k), kinds[i].alg, "%s alg", kinds[i].alg);
		check_built(k, kinds[i].alg, kinds[i].md, NULL,
			    "oFvnlFP1wIhRlYS2jTaXbA",
			    "{\"identifiers\":[{\"type\":\"dns\","
			    "\"value\":\"a.example\"}]}",
			    kinds[i].alg);
		check_built(k, kinds[i].alg, kinds[i].md,
			    "https://ca.example/acme/acct/1", "nonce-2_x", NULL,
			    "POST-as-GET");
		check_built(k, kinds[i].alg, kinds[i].md,
			    "https://ca.example/acme/acct/1", NULL, "{}",
			    "no nonce");
		err_clear(&e);
		jws = jws_build(k, NULL, "bad nonce\"", "https://x/", "{}", &e);
		ok(jws == NULL && e.rc == RC_PROTO,
		   "%s: a nonce that is not base64url is refused",
		   kinds[i].alg);
		err_clear(&e);
		jws = jws_build(k, NULL, NULL, NULL, "{}", &e);
		ok(jws == NULL && e.rc == RC_USAGE, "%s: a URL is required",
		   kinds[i].alg);
		err_clear(&e);
		EVP_PKEY_free(k);
	}
}

static void test_eab(void)
{
	static const unsigned char hmac[] = "a 32 byte HMAC key for the test";
	struct err e = { 0 };
	EVP_PKEY *k = key_generate(KEY_EC256, &e);
	struct json_object *jws, *hdr = NULL, *jwk;
	char *prot = NULL, *pay = NULL, *want = NULL, *input = NULL,
	     *mac_b64 = NULL;
	unsigned char mac[32];
	unsigned int mac_len = 0;
	const char *pb, *yb;

	jws = jws_eab("kid-1", hmac, 32, k, "https://ca.example/new-acct", &e);
	ok(jws != NULL, "EAB built (%s)", err_text(&e));
	prot = member_decoded(jws, "protected", NULL);
	hdr = prot ? js_parse_object(prot, strlen(prot), "eab", &e) : NULL;
	is_str(js_str(hdr, "alg", 16), "HS256", "EAB alg is HS256");
	is_str(js_str(hdr, "kid", 64), "kid-1", "EAB kid");
	is_str(js_str(hdr, "url", 64), "https://ca.example/new-acct",
	       "EAB url is the newAccount URL");
	ok(hdr && json_object_object_length(hdr) == 3,
	   "EAB header has only alg, kid, url (no nonce, no jwk)");
	pay = member_decoded(jws, "payload", NULL);
	jwk = jwk_public(k, &e);
	want = js_dump(jwk);
	json_object_put(jwk);
	is_str(pay, want, "EAB payload is the account public JWK");

	pb = js_str(jws, "protected", 4096);
	yb = js_str(jws, "payload", 4096);
	input = malloc(strlen(pb) + strlen(yb) + 2);
	sprintf(input, "%s.%s", pb, yb);
	HMAC(EVP_sha256(), hmac, 32, (const unsigned char *)input,
	     strlen(input), mac, &mac_len);
	mac_b64 = b64(mac, mac_len);
	is_str(js_str(jws, "signature", 64), mac_b64,
	       "EAB MAC verifies with an independent HMAC");
	json_object_put(jws);

	err_clear(&e);
	jws = jws_eab("kid-1", hmac, 0, k, "https://ca.example/new-acct", &e);
	ok(jws == NULL && e.rc == RC_INPUT, "EAB with an empty key fails");
	err_clear(&e);
	jws = jws_eab("", hmac, 32, k, "https://ca.example/new-acct", &e);
	ok(jws == NULL && e.rc == RC_USAGE, "EAB with an empty kid fails");

	free(mac_b64);
	free(input);
	free(want);
	free(pay);
	free(prot);
	json_object_put(hdr);
	EVP_PKEY_free(k);
}

static void test_unsupported(void)
{
	struct err e = { 0 };
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	struct json_object *o;

	ok(jws_alg(k) == NULL, "Ed25519 has no ACME alg here");
	o = jwk_public(k, &e);
	ok(o == NULL && e.rc == RC_USAGE, "jwk_public refuses Ed25519");
	err_clear(&e);
	o = jws_build(k, NULL, NULL, "https://x/", "{}", &e);
	ok(o == NULL && e.rc == RC_USAGE, "jws_build refuses Ed25519");
	EVP_PKEY_free(k);
}

int main(void)
{
	test_a1_hs256();
	test_rs256_vectors();
	test_a3_es256();
	test_der_to_raw_padding();
	test_thumbprint();
	test_build();
	test_eab();
	test_unsupported();
	return tap_done();
}
