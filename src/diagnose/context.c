/* SPDX-License-Identifier: ISC */
/* context.c - what the checks share: the run's options, the CA's CAA
 * identities, the resolver and solver settings of a domain, the time. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acme/directory.h"
#include "db/store_domains.h"
#include "diagnose/context.h"
#include "solvers/from_domain.h"
#include "util/env.h"

static void free_ids(char **ids, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

void doctor_ctx_clear(struct doctor_ctx *ctx)
{
	if (ctx == NULL)
		return;
	free_ids(ctx->caa_ids, ctx->n_caa_ids);
	ctx->caa_ids = NULL;
	ctx->n_caa_ids = 0;
	ctx->have_dir = 0;
}

enum rc doctor_ctx_take_caa_ids(struct doctor_ctx *ctx,
				const struct acme_directory *d, struct err *e)
{
	char **ids;
	size_t i;

	doctor_ctx_clear(ctx);
	ctx->have_dir = 1;
	if (d->n_caa == 0)
		return RC_OK;
	ids = calloc(d->n_caa, sizeof(*ids));
	if (ids == NULL)
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	for (i = 0; i < d->n_caa; i++) {
		ids[i] = strdup(d->caa_identities[i]);
		if (ids[i] == NULL) {
			free_ids(ids, i);
			return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		}
	}
	ctx->caa_ids = ids;
	ctx->n_caa_ids = d->n_caa;
	return RC_OK;
}

const char *doctor_resolver(const struct domain_row *d,
			    const struct doctor_opts *opts)
{
	const char *env;

	if (d != NULL && d->dns_resolver != NULL && d->dns_resolver[0] != '\0')
		return d->dns_resolver;
	if (opts != NULL && opts->resolver != NULL && opts->resolver[0] != '\0')
		return opts->resolver;
	env = env_get()->dns_resolver;
	if (env != NULL && env[0] != '\0')
		return env;
	return NULL;
}

enum rc doctor_solver_config(const struct domain_row *d, const char *resolver,
			     struct solver_config *cfg, struct err *e)
{
	return solver_config_from_domain(d, resolver, cfg, e);
}

int64_t doctor_now(const struct doctor_ctx *ctx)
{
	return ctx->opts->now != 0 ? ctx->opts->now : (int64_t)time(NULL);
}
