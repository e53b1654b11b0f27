/* SPDX-License-Identifier: ISC */
/* from_domain.h - solver settings for a domain as the inventory stores
 * them; one mapping for the engine and the doctor, so that a pre-flight
 * check exercises exactly what an order will. */
#ifndef ACMETUI_FROM_DOMAIN_H
#define ACMETUI_FROM_DOMAIN_H

#include "db/store_domains.h"
#include "solvers/solver.h"
#include "util/err.h"

/* Fills *cfg (zeroed first; strings borrowed from d) for domain d.  The
 * DNS resolver is the domain's own, else run_resolver (may be NULL).  The
 * DNS check mode is the domain's when set; otherwise the configured
 * resolver is asked when there is one, and every authoritative server
 * when there is none.  RC_INPUT for an unknown method. */
enum rc solver_config_from_domain(const struct domain_row *d,
				  const char *run_resolver,
				  struct solver_config *cfg, struct err *e);

#endif
