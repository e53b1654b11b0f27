/* SPDX-License-Identifier: ISC */
/* nonce.h - a small pool of Replay-Nonces (RFC 8555 6.5).
 *
 * Every response's Replay-Nonce goes in; a signed request takes one out.
 * A newNonce request is needed only when the pool is empty.  Not
 * thread-safe: one pool per client, one client per thread. */
#ifndef ACMETUI_ACME_NONCE_H
#define ACMETUI_ACME_NONCE_H

#include <stddef.h>

#include "acme/headers.h"

/* Nonces expire on the server; a few in hand are plenty. */
#define NONCE_POOL_SIZE 8

struct nonce_pool {
	char slot[NONCE_POOL_SIZE][HDR_NONCE_MAX + 1];
	size_t n; /* nonces held, newest last */
};

/* Adds a nonce (ignored when NULL or not valid base64url).  When full,
 * the oldest is dropped: newer nonces are less likely to have expired. */
void nonce_put(struct nonce_pool *p, const char *nonce);

/* Moves the newest nonce into out (size HDR_NONCE_MAX + 1).  Returns 1,
 * or 0 when the pool is empty. */
int nonce_take(struct nonce_pool *p, char *out);

/* Forgets every nonce (e.g. after the server said they are stale). */
void nonce_clear(struct nonce_pool *p);

#endif
