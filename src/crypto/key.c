/* SPDX-License-Identifier: ISC */
/* key.c - private keys: generation, PEM in/out, type names.
 *
 * Only the key types ACME CAs accept for accounts and certificates are
 * supported: ECDSA on P-256 and P-384, RSA with 2048, 3072 or 4096 bit
 * moduli.  Anything else (other curves, RSA-PSS, DSA, Ed25519, odd RSA
 * sizes) is refused when loaded, so the rest of the program never meets a
 * key it cannot sign with. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "crypto/key.h"

/* A private key file or PEM text larger than this is not a key. */
#define KEY_PEM_MAX (64 * 1024)

static const struct {
	const char *name;
	enum key_type type;
} key_names[] = {
	{ "ec256", KEY_EC256 },	    { "ec384", KEY_EC384 },
	{ "rsa2048", KEY_RSA2048 }, { "rsa3072", KEY_RSA3072 },
	{ "rsa4096", KEY_RSA4096 }, { "p256", KEY_EC256 },
	{ "p384", KEY_EC384 },	    { "ecdsa", KEY_EC256 },
	{ "rsa", KEY_RSA2048 },
};

enum rc crypto_fail_as(struct err *e, enum rc rc, const char *what)
{
	char reason[256];
	unsigned long code = ERR_peek_last_error();

	if (code == 0) {
		ERR_clear_error();
		return err_set(e, rc, "%s", what);
	}
	ERR_error_string_n(code, reason, sizeof(reason));
	ERR_clear_error();
	return err_set(e, rc, "%s (%s)", what, reason);
}

enum rc crypto_fail(struct err *e, const char *what)
{
	return crypto_fail_as(e, RC_CRYPTO, what);
}

enum key_type key_type_parse(const char *name)
{
	size_t i;

	if (name == NULL)
		return KEY__INVALID;
	for (i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++)
		if (strcasecmp(name, key_names[i].name) == 0)
			return key_names[i].type;
	return KEY__INVALID;
}

const char *key_type_name(enum key_type t)
{
	size_t i;

	/* The canonical names come first in the table. */
	for (i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++)
		if (key_names[i].type == t)
			return key_names[i].name;
	return "invalid";
}

/* The NID of an EC key's named curve, or NID_undef (explicit parameters,
 * unknown curve, not an EC key). */
static int ec_curve_nid(EVP_PKEY *k)
{
	char group[80];
	size_t len = 0;

	if (EVP_PKEY_get_utf8_string_param(k, OSSL_PKEY_PARAM_GROUP_NAME, group,
					   sizeof(group), &len) != 1) {
		ERR_clear_error();
		return NID_undef;
	}
	return OBJ_txt2nid(group);
}

enum key_type key_type_of(EVP_PKEY *k)
{
	if (k == NULL)
		return KEY__INVALID;
	/* "RSA" only: RSA-PSS keys ("RSA-PSS") are restricted to PSS
	 * padding, which RS256 is not. */
	if (EVP_PKEY_is_a(k, "RSA")) {
		switch (EVP_PKEY_get_bits(k)) {
		case 2048:
			return KEY_RSA2048;
		case 3072:
			return KEY_RSA3072;
		case 4096:
			return KEY_RSA4096;
		default:
			return KEY__INVALID;
		}
	}
	if (EVP_PKEY_is_a(k, "EC")) {
		switch (ec_curve_nid(k)) {
		case NID_X9_62_prime256v1:
			return KEY_EC256;
		case NID_secp384r1:
			return KEY_EC384;
		default:
			return KEY__INVALID;
		}
	}
	return KEY__INVALID;
}

EVP_PKEY *key_generate(enum key_type t, struct err *e)
{
	EVP_PKEY *k = NULL;

	switch (t) {
	case KEY_EC256:
		k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
		break;
	case KEY_EC384:
		k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
		break;
	case KEY_RSA2048:
		k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
		break;
	case KEY_RSA3072:
		k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)3072);
		break;
	case KEY_RSA4096:
		k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)4096);
		break;
	default:
		err_set(e, RC_USAGE, _("unsupported key type"));
		return NULL;
	}
	if (k == NULL)
		crypto_fail(e, _("key generation failed"));
	return k;
}

/* Copies the contents of a memory BIO into a new NUL-terminated string
 * (caller frees; secret_free when the BIO held a secret).  NULL on OOM. */
static char *bio_to_string(BIO *bio)
{
	char *data = NULL, *s = NULL;
	long n = BIO_get_mem_data(bio, &data);

	if (n < 0 || data == NULL)
		return NULL;
	s = malloc((size_t)n + 1);
	if (s == NULL)
		return NULL;
	memcpy(s, data, (size_t)n);
	s[n] = '\0';
	return s;
}

char *key_to_pem(EVP_PKEY *k, struct err *e)
{
	BIO *bio = NULL;
	char *pem = NULL;

	if (key_type_of(k) == KEY__INVALID) {
		err_set(e, RC_USAGE, _("unsupported key type"));
		goto out;
	}
	/* The secure-memory BIO cleanses its buffer when freed (and when
	 * it grows), so the key's PEM does not linger in the heap. */
	bio = BIO_new(BIO_s_secmem());
	if (bio == NULL) {
		err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	if (PEM_write_bio_PKCS8PrivateKey(bio, k, NULL, NULL, 0, NULL, NULL) !=
	    1) {
		crypto_fail(e, _("cannot encode the private key"));
		goto out;
	}
	pem = bio_to_string(bio);
	if (pem == NULL)
		err_set(e, RC_NOMEM, _("out of memory"));
out:
	BIO_free(bio);
	return pem;
}

/* Password callback that refuses: acmetui stores keys unencrypted (the
 * inventory is protected by file modes) and must never prompt on the
 * terminal, which OpenSSL's default callback would do. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
	return -1;
}

/* The OpenSSL key type of an unencrypted PKCS#8 key in DER, "EC" or
 * "RSA", NULL for anything else (or what does not parse as exactly one
 * PrivateKeyInfo). */
static const char *pkcs8_key_type(const unsigned char *der, long len)
{
	const unsigned char *p = der;
	PKCS8_PRIV_KEY_INFO *p8 = d2i_PKCS8_PRIV_KEY_INFO(NULL, &p, len);
	const ASN1_OBJECT *alg = NULL;
	const char *type = NULL;

	if (p8 != NULL && p == der + len &&
	    PKCS8_pkey_get0(&alg, NULL, NULL, NULL, p8) == 1) {
		if (OBJ_obj2nid(alg) == NID_X9_62_id_ecPublicKey)
			type = "EC";
		else if (OBJ_obj2nid(alg) == NID_rsaEncryption)
			type = "RSA";
	}
	PKCS8_PRIV_KEY_INFO_free(p8); /* wipes the key octets */
	return type;
}

/* The key of PEM text that is one unencrypted PKCS#8 block of an EC or
 * RSA key (what key_to_pem() writes), NULL for anything else.  It asks
 * OpenSSL for a decoder of that one structure and key type: the generic
 * PEM_read_bio_PrivateKey() sets up every decoder of every key type and
 * format, ~3M instructions per load in OpenSSL 3.0, which made loading
 * the account key 5% of an issuance.  The DER is read into the secure
 * heap and wiped, as PEM_read_bio_PrivateKey() does. */
static EVP_PKEY *pkcs8_from_pem(const char *pem, size_t len)
{
	BIO *bio = BIO_new_mem_buf(pem, (int)len);
	char *name = NULL, *header = NULL;
	unsigned char *der = NULL;
	const unsigned char *p;
	const char *type;
	OSSL_DECODER_CTX *dctx = NULL;
	EVP_PKEY *k = NULL;
	long dlen = 0;
	size_t left;

	if (bio == NULL ||
	    PEM_read_bio_ex(bio, &name, &header, &der, &dlen,
			    PEM_FLAG_SECURE | PEM_FLAG_EAY_COMPATIBLE) != 1 ||
	    strcmp(name, PEM_STRING_PKCS8INF) != 0 || header[0] != '\0')
		goto out;
	type = pkcs8_key_type(der, dlen);
	if (type == NULL)
		goto out;
	dctx = OSSL_DECODER_CTX_new_for_pkey(&k, "DER", "PrivateKeyInfo", type,
					     EVP_PKEY_KEYPAIR, NULL, NULL);
	p = der;
	left = (size_t)dlen;
	if (dctx == NULL || OSSL_DECODER_from_data(dctx, &p, &left) != 1 ||
	    left != 0) {
		EVP_PKEY_free(k);
		k = NULL;
	}
out:
	OSSL_DECODER_CTX_free(dctx);
	/* PEM_FLAG_SECURE put all three on the secure heap. */
	OPENSSL_secure_free(name);
	OPENSSL_secure_free(header);
	OPENSSL_secure_clear_free(der, der ? (size_t)dlen : 0);
	BIO_free(bio);
	ERR_clear_error();
	return k;
}

EVP_PKEY *key_from_pem(const char *pem, size_t len, struct err *e)
{
	BIO *bio = NULL;
	EVP_PKEY *k = NULL;

	if (pem == NULL || len == 0) {
		err_set(e, RC_INPUT, _("empty private key"));
		goto out;
	}
	if (len > KEY_PEM_MAX) {
		err_set(e, RC_INPUT, _("private key text larger than %d bytes"),
			KEY_PEM_MAX);
		goto out;
	}
	/* Anything but the one common form takes the generic path, with
	 * its acceptance and its error messages. */
	k = pkcs8_from_pem(pem, len);
	if (k != NULL)
		goto check;
	bio = BIO_new_mem_buf(pem, (int)len);
	if (bio == NULL) {
		err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	k = PEM_read_bio_PrivateKey_ex(bio, NULL, no_passphrase, NULL, NULL,
				       NULL);
	if (k == NULL) {
		crypto_fail_as(e, RC_INPUT,
			       _("not a PEM private key (PKCS#8 or "
				 "traditional EC/RSA, unencrypted)"));
		goto out;
	}
check:
	if (key_type_of(k) == KEY__INVALID) {
		err_set(e, RC_INPUT,
			_("unsupported private key type (use EC P-256, P-384 "
			  "or RSA 2048/3072/4096)"));
		EVP_PKEY_free(k);
		k = NULL;
	}
out:
	BIO_free(bio);
	ERR_clear_error();
	return k;
}

/* Reads at most KEY_PEM_MAX bytes of the regular file at fd into a new
 * NUL-terminated buffer of *lenp bytes (caller wipes *lenp bytes and
 * frees: the file may hold NUL bytes, so strlen is not enough).  NULL and e set
 * on failure; path only names the file in messages. */
static char *read_key_file(int fd, const char *path, size_t *lenp,
			   struct err *e)
{
	struct stat st;
	char *data = NULL;
	size_t len = 0;
	ssize_t n;

	if (fstat(fd, &st) != 0) {
		err_set(e, RC_SYS, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		err_set(e, RC_INPUT, _("%s: not a regular file"), path);
		goto fail;
	}
	if (st.st_size > KEY_PEM_MAX) {
		err_set(e, RC_INPUT, _("%s: larger than %d bytes, not a key"),
			path, KEY_PEM_MAX);
		goto fail;
	}
	/* One byte more than the cap detects a file that grew meanwhile. */
	data = malloc(KEY_PEM_MAX + 2);
	if (data == NULL) {
		err_set(e, RC_NOMEM, _("out of memory"));
		goto fail;
	}
	for (;;) {
		n = read(fd, data + len, KEY_PEM_MAX + 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err_set(e, RC_SYS, "%s: %s", path, strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > KEY_PEM_MAX) {
			err_set(e, RC_INPUT,
				_("%s: larger than %d bytes, not a key"), path,
				KEY_PEM_MAX);
			goto fail;
		}
	}
	data[len] = '\0';
	*lenp = len;
	return data;
fail:
	if (data != NULL)
		OPENSSL_cleanse(data, KEY_PEM_MAX + 2);
	free(data);
	return NULL;
}

EVP_PKEY *key_from_file(const char *path, struct err *e)
{
	EVP_PKEY *k = NULL;
	char *data = NULL;
	size_t len = 0;
	int fd = -1;

	if (path == NULL || *path == '\0') {
		err_set(e, RC_USAGE, _("no key file given"));
		goto out;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		err_set(e, errno == ENOENT ? RC_NOTFOUND : RC_SYS, "%s: %s",
			path, strerror(errno));
		goto out;
	}
	data = read_key_file(fd, path, &len, e);
	if (data == NULL)
		goto out;
	k = key_from_pem(data, len, e);
	if (k == NULL)
		err_prefix(e, path);
out:
	if (fd >= 0)
		close(fd);
	if (data != NULL)
		OPENSSL_cleanse(data, len);
	free(data);
	return k;
}

void secret_free(char *s)
{
	if (s == NULL)
		return;
	OPENSSL_cleanse(s, strlen(s));
	free(s);
}
