/* SPDX-License-Identifier: ISC */
/* from_domain.c - solver settings from an inventory domain row. */
#include "config.h"

#include <string.h>

#include "solvers/from_domain.h"

/* The DNS check mode: the stored one, else by whether a resolver is set. */
static int dns_check_of(const struct domain_row *d, const char *resolver)
{
	if (d->dns_check != NULL && strcmp(d->dns_check, "resolver") == 0)
		return SOLVER_DNS_CHECK_RESOLVER;
	if (d->dns_check != NULL && strcmp(d->dns_check, "none") == 0)
		return SOLVER_DNS_CHECK_NONE;
	if (d->dns_check != NULL && strcmp(d->dns_check, "authoritative") == 0)
		return SOLVER_DNS_CHECK_AUTHORITATIVE;
	return resolver != NULL ? SOLVER_DNS_CHECK_RESOLVER
				: SOLVER_DNS_CHECK_AUTHORITATIVE;
}

enum rc solver_config_from_domain(const struct domain_row *d,
				  const char *run_resolver,
				  struct solver_config *cfg, struct err *e)
{
	memset(cfg, 0, sizeof(*cfg));
	switch (d->method) {
	case DOM_METHOD_HTTP01:
		if (d->webroot != NULL && d->webroot[0] != '\0') {
			cfg->kind = SOLVER_HTTP01_WEBROOT;
			cfg->webroot = d->webroot;
		} else {
			cfg->kind = SOLVER_HTTP01_STANDALONE;
			cfg->bind_addr = d->http_bind;
			cfg->port = d->http_port;
		}
		return RC_OK;
	case DOM_METHOD_TLSALPN01:
		cfg->kind = SOLVER_TLSALPN01;
		cfg->bind_addr = d->http_bind;
		cfg->port = d->tls_port;
		return RC_OK;
	case DOM_METHOD_DNS01:
		if (d->dns_hook != NULL && d->dns_hook[0] != '\0') {
			cfg->kind = SOLVER_DNS01_HOOK;
			cfg->dns_hook_command = d->dns_hook;
			cfg->dns_hook_lego = d->dns_hook_style != NULL &&
					     strcmp(d->dns_hook_style,
						    "lego") == 0;
		} else {
			cfg->kind = SOLVER_DNS01_RFC2136;
			cfg->rfc2136_server = d->rfc2136_server;
			cfg->rfc2136_zone = d->rfc2136_zone;
			cfg->tsig_name = d->tsig_name;
			cfg->tsig_algorithm = d->tsig_alg;
			cfg->tsig_secret = d->tsig_secret;
		}
		cfg->dns_resolver = d->dns_resolver ? d->dns_resolver
						    : run_resolver;
		cfg->dns_check = dns_check_of(d, cfg->dns_resolver);
		cfg->dns_wait_ms = d->dns_wait > 0 ? d->dns_wait * 1000 : 0;
		return RC_OK;
	default:
		return err_set(e, RC_INPUT, _("%s: unknown validation method"),
			       d->name);
	}
}
