/* SPDX-License-Identifier: ISC */
/* pool.c - solvers shared by the threads of one run.
 *
 * Two orders validated at once (cert issue while --renew-due runs -j 8)
 * must not both try to bind port 80: the pool hands out one solver per
 * configuration, created on first use and freed with the pool. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include "lifecycle/lc.h"
#include "lifecycle/pool.h"
#include "solvers/solver.h"

#define POOL_MAX 64

struct pool_entry {
	char *key; /* the configuration, as text */
	struct solver *solver;
};

struct lc_pool {
	pthread_mutex_t lock;
	struct pool_entry entries[POOL_MAX];
	size_t n;
};

struct lc_pool *lc_pool_new(void)
{
	struct lc_pool *p = calloc(1, sizeof(*p));

	if (p != NULL)
		pthread_mutex_init(&p->lock, NULL);
	return p;
}

void lc_pool_free(struct lc_pool *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++) {
		solver_free(p->entries[i].solver);
		free(p->entries[i].key);
	}
	pthread_mutex_destroy(&p->lock);
	free(p);
}

/* The text that identifies a configuration: equal texts share a solver.
 * The TSIG secret enters only as a digest, so the key holds no secret. */
static void config_key(const struct solver_config *cfg, char *out, size_t outsz)
{
	unsigned char md[SHA256_DIGEST_LENGTH] = { 0 };

	if (cfg->tsig_secret != NULL)
		SHA256((const unsigned char *)cfg->tsig_secret,
		       strlen(cfg->tsig_secret), md);
	snprintf(out, outsz,
		 "%d|%s|%s|%d|%s|%d|%d|%d|%d|%s|%s|%s|%s|%s|%02x%02x%02x%02x",
		 (int)cfg->kind, cfg->webroot ? cfg->webroot : "",
		 cfg->bind_addr ? cfg->bind_addr : "", cfg->port,
		 cfg->dns_resolver ? cfg->dns_resolver : "", cfg->dns_check,
		 cfg->dns_wait_ms, cfg->dns_hook_timeout_ms, cfg->dns_hook_lego,
		 cfg->dns_hook_command ? cfg->dns_hook_command : "",
		 cfg->rfc2136_server ? cfg->rfc2136_server : "",
		 cfg->rfc2136_zone ? cfg->rfc2136_zone : "",
		 cfg->tsig_name ? cfg->tsig_name : "",
		 cfg->tsig_algorithm ? cfg->tsig_algorithm : "", md[0], md[1],
		 md[2], md[3]);
	/* A digest of the secret is as good as the secret for checking a
	 * guess: only its first four bytes leave this function. */
	OPENSSL_cleanse(md, sizeof(md));
}

struct solver *lc_pool_get(struct lc_pool *p, const struct solver_config *cfg,
			   struct err *e)
{
	struct solver *s = NULL;
	char key[8400];
	size_t i;

	if (p == NULL) {
		err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		return NULL;
	}
	config_key(cfg, key, sizeof(key));
	pthread_mutex_lock(&p->lock);
	for (i = 0; i < p->n; i++) {
		if (strcmp(p->entries[i].key, key) == 0) {
			s = p->entries[i].solver;
			goto out;
		}
	}
	if (p->n == POOL_MAX) {
		err_set(e, RC_SOLVER,
			_("too many distinct challenge "
			  "solver settings in one run"));
		goto out;
	}
	s = solver_new(cfg, e);
	if (s == NULL)
		goto out;
	p->entries[p->n].key = strdup(key);
	if (p->entries[p->n].key == NULL) {
		solver_free(s);
		s = NULL;
		err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		goto out;
	}
	p->entries[p->n++].solver = s;
out:
	pthread_mutex_unlock(&p->lock);
	return s;
}
