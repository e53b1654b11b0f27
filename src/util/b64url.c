/* SPDX-License-Identifier: ISC */
/* b64url.c - base64url encode/decode, strict on input. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/b64url.h"

static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static int b64url_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

char *b64url_encode(const void *p, size_t n)
{
	const unsigned char *in = p;
	char *out = malloc(n / 3 * 4 + 5);
	size_t i, o = 0;

	if (out == NULL)
		return NULL;
	for (i = 0; i + 2 < n; i += 3) {
		unsigned v = in[i] << 16 | in[i + 1] << 8 | in[i + 2];

		out[o++] = alphabet[v >> 18];
		out[o++] = alphabet[(v >> 12) & 63];
		out[o++] = alphabet[(v >> 6) & 63];
		out[o++] = alphabet[v & 63];
	}
	if (n - i == 1) {
		unsigned v = in[i] << 16;

		out[o++] = alphabet[v >> 18];
		out[o++] = alphabet[(v >> 12) & 63];
	} else if (n - i == 2) {
		unsigned v = in[i] << 16 | in[i + 1] << 8;

		out[o++] = alphabet[v >> 18];
		out[o++] = alphabet[(v >> 12) & 63];
		out[o++] = alphabet[(v >> 6) & 63];
	}
	out[o] = '\0';
	return out;
}

unsigned char *b64url_decode(const char *s, size_t slen, size_t *outlen)
{
	unsigned char *out;
	unsigned acc = 0;
	size_t i, o = 0;
	int bits = 0;

	while (slen > 0 && s[slen - 1] == '=')
		slen--;
	if (slen % 4 == 1)
		return NULL;
	out = malloc(slen / 4 * 3 + 3);
	if (out == NULL)
		return NULL;
	for (i = 0; i < slen; i++) {
		int v = b64url_value((unsigned char)s[i]);

		if (v < 0) {
			free(out);
			return NULL;
		}
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (unsigned char)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	/* Leftover bits must be zero: reject non-canonical encodings. */
	if (acc != 0) {
		free(out);
		return NULL;
	}
	out[o] = '\0';
	if (outlen != NULL)
		*outlen = o;
	return out;
}

int b64url_is_token(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (b64url_value((unsigned char)s[i]) < 0)
			return 0;
	return 1;
}
