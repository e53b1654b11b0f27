/* test_crypto.c - the crypto layer: keys (generation, PEM round trips,
 * file loading, refusals). */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "crypto/key.h"
#include "tap.h"
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
		rc = PEM_write_bio_PrivateKey_traditional(bio, k, NULL, NULL,
							  0, NULL, NULL);
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
		ok(pem && strncmp(pem, "-----BEGIN PRIVATE KEY-----\n", 28) == 0,
		   "%s PEM is PKCS#8", name);
		back = pem ? key_from_pem(pem, strlen(pem), &e) : NULL;
		ok(back && EVP_PKEY_eq(k, back) == 1, "%s PKCS#8 round trip",
		   name);
		is_int(key_type_of(back), t, "%s reloaded type", name);
		EVP_PKEY_free(back);

		trad = pem_of(k, PEM_TRADITIONAL);
		ok(strncmp(trad, "-----BEGIN PKCS8", 16) != 0 &&
			   strstr(trad, t <= KEY_EC384 ? "BEGIN EC PRIVATE KEY"
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
static void refuse(const char *pem, size_t len, enum acme_rc rc,
		   const char *what)
{
	struct err e = { 0 };
	EVP_PKEY *k = key_from_pem(pem, len, &e);

	ok(k == NULL && e.rc == rc && e.msg[0] != '\0', "%s refused (%s)",
	   what, err_text(&e));
	EVP_PKEY_free(k);
}

static void test_key_refusals(void)
{
	static const char garbage[] =
		"-----BEGIN PRIVATE KEY-----\nnot base64 at all\n"
		"-----END PRIVATE KEY-----\n";
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
	secret_free(NULL);
	ok(1, "secret_free(NULL) is fine");
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

int main(void)
{
	if (mkdtemp(tmpdir) == NULL)
		return 99;
	test_key_names();
	test_key_types();
	test_key_refusals();
	test_key_file();
	cleanup();
	return tap_done();
}
