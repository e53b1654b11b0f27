/* SPDX-License-Identifier: ISC */
/* b64url.h - base64url without padding (RFC 4648 section 5, as JOSE and
 * ACME use it). */
#ifndef ACMETUI_B64URL_H
#define ACMETUI_B64URL_H

#include <stddef.h>

/* Encodes n bytes into a new NUL-terminated string (caller frees), or
 * NULL when out of memory. */
char *b64url_encode(const void *p, size_t n);

/* Decodes a base64url string (no padding; '=' padding tolerated at the
 * end only, since some CAs' e-mails pad the HMAC key).  Returns a new
 * buffer (caller frees; NUL-terminated for convenience, *outlen excludes
 * it) or NULL on any character outside the alphabet, a bad length, or out
 * of memory. */
unsigned char *b64url_decode(const char *s, size_t slen, size_t *outlen);

/* Returns 1 when s[0..n) is non-empty and only [A-Za-z0-9_-]. */
int b64url_is_token(const char *s, size_t n);

#endif
