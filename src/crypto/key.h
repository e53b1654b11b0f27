/* SPDX-License-Identifier: ISC */
/* key.h - private keys: generation, PEM in/out, type names.
 *
 * Keys are OpenSSL EVP_PKEY objects; the caller frees them with
 * EVP_PKEY_free().  PEM text of a private key is a secret: release it with
 * secret_free(), which wipes it first. */
#ifndef ACMETUI_KEY_H
#define ACMETUI_KEY_H

#include <stddef.h>

#include <openssl/evp.h>

#include "util/err.h"

enum key_type {
	KEY_EC256, /* P-256, the default for accounts and certificates */
	KEY_EC384, /* P-384 */
	KEY_RSA2048,
	KEY_RSA3072,
	KEY_RSA4096,
	KEY__INVALID
};

/* Parses "ec256", "ec384", "rsa2048", "rsa3072", "rsa4096" (also the
 * aliases "p256"/"p384"/"ecdsa"=ec256/"rsa"=rsa2048), case-insensitive.
 * Returns KEY__INVALID for anything else. */
enum key_type key_type_parse(const char *name);

/* The canonical name of t ("ec256", ...), or "invalid". Static string. */
const char *key_type_name(enum key_type t);

/* The type of an existing key, KEY__INVALID when unsupported. */
enum key_type key_type_of(EVP_PKEY *k);

/* Generates a new key of type t. NULL (and e set) on failure. */
EVP_PKEY *key_generate(enum key_type t, struct err *e);

/* PKCS#8 PEM of the private key, unencrypted (the inventory protects it
 * with file modes).  Caller frees with secret_free().  NULL on failure. */
char *key_to_pem(EVP_PKEY *k, struct err *e);

/* Loads a private key from PEM text (PKCS#8, traditional EC or RSA).
 * NULL (and e set, naming what was wrong) on failure. */
EVP_PKEY *key_from_pem(const char *pem, size_t len, struct err *e);

/* Loads a private key from a PEM file path (size-capped read). */
EVP_PKEY *key_from_file(const char *path, struct err *e);

/* Records an RC_CRYPTO error "what (OpenSSL reason)" in e from the
 * OpenSSL error queue, which it then clears.  Returns RC_CRYPTO. */
enum rc crypto_fail(struct err *e, const char *what);

/* The same with another code, e.g. RC_INPUT when the input was bad. */
enum rc crypto_fail_as(struct err *e, enum rc rc, const char *what);

/* Wipes and frees a NUL-terminated secret string; NULL is fine. */
void secret_free(char *s);

#endif
