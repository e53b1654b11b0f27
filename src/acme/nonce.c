/* SPDX-License-Identifier: ISC */
/* nonce.c - the Replay-Nonce pool. */
#include "config.h"

#include <string.h>

#include "acme/nonce.h"

void nonce_put(struct nonce_pool *p, const char *nonce)
{
	size_t len;

	if (nonce == NULL)
		return;
	len = strlen(nonce);
	if (!hdr_nonce_valid(nonce, len))
		return;
	if (p->n == NONCE_POOL_SIZE) {
		memmove(p->slot[0], p->slot[1],
			(NONCE_POOL_SIZE - 1) * sizeof(p->slot[0]));
		p->n--;
	}
	memcpy(p->slot[p->n], nonce, len + 1);
	p->n++;
}

int nonce_take(struct nonce_pool *p, char *out)
{
	if (p->n == 0)
		return 0;
	p->n--;
	memcpy(out, p->slot[p->n], strlen(p->slot[p->n]) + 1);
	p->slot[p->n][0] = '\0';
	return 1;
}

void nonce_clear(struct nonce_pool *p)
{
	memset(p, 0, sizeof(*p));
}
