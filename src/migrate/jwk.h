/* SPDX-License-Identifier: ISC */
/* jwk.h - a private key given as a JSON Web Key (RFC 7517/7518), as
 * certbot stores its account key (accounts/.../private_key.json). */
#ifndef ACMETUI_MIGRATE_JWK_H
#define ACMETUI_MIGRATE_JWK_H

#include <stddef.h>

#include <openssl/evp.h>

#include "util/err.h"

/* Largest private_key.json read (an RSA 8192 JWK is about 6 KB). */
#define JWK_TEXT_MAX 16384

/* Imports the private JWK in text[0..len): "kty" "RSA" with n, e, d, p,
 * q, dp, dq, qi, or "EC" on P-256/P-384 with x, y, d.  Every member is
 * base64url, bounded, and the key is checked to be consistent (the
 * public half matches the private one).  Returns a new key (caller
 * EVP_PKEY_free) or NULL with e set; the key material never reaches e. */
EVP_PKEY *jwk_private_import(const char *text, size_t len, struct err *e);

#endif
