/* SPDX-License-Identifier: ISC */
/* probe.c - Monitoring: probe the endpoints that should serve a
 * certificate (monitor/probe.c) and record what each one serves. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/store.h"
#include "db/store_certs.h"
#include "lifecycle/lc.h"
#include "monitor/probe.h"

/* Most endpoints one call probes (each may take the probe timeout). */
#define LC_PROBE_MAX_ENDPOINTS 32

/* The name to probe for when none is given: the first name that is not
 * a wildcard (a wildcard cannot be sent as SNI). */
static const char *default_name(const struct cert_row *c)
{
	size_t i;

	for (i = 0; i < c->n_domains; i++)
		if (strncmp(c->domains[i].name, "*.", 2) != 0)
			return c->domains[i].name;
	return NULL;
}

/* Records one endpoint's result as a Monitoring event. */
static void record(struct lc *lc, const struct cert_row *c,
		   const struct probe_result *r)
{
	const char *level = "info";
	char chain[300];

	if (r->verdict == PROBE_UNREACHABLE) {
		lc_event(lc, c->id, 0, c->name, LC_STAGE_MONITORING, "error",
			 "%s (%s): %s: %s", r->endpoint, r->name,
			 probe_verdict_text(r->verdict),
			 r->error ? r->error : "?");
		return;
	}
	if (r->verified)
		snprintf(chain, sizeof(chain), _("chain verified"));
	else
		snprintf(chain, sizeof(chain), _("chain NOT verified: %s"),
			 r->verify_error ? r->verify_error : "?");
	if (r->verdict == PROBE_OTHER)
		level = "error";
	else if (r->verdict == PROBE_OLDER || !r->verified)
		level = "warn";
	lc_event(lc, c->id, 0, c->name, LC_STAGE_MONITORING, level,
		 _("%s (%s): %s (serial %s), %s"), r->endpoint, r->name,
		 probe_verdict_text(r->verdict), r->serial ? r->serial : "?",
		 chain);
}

enum rc lc_cert_probe_as(struct lc *lc, const char *name, const char *sni,
			 const char *const *endpoints, size_t n,
			 struct probe_result **out, size_t *nout, struct err *e)
{
	struct cert_row c = { 0 };
	struct probe_result *res = NULL;
	struct probe_expect x = { 0 };
	struct probe_opts o = { 0 };
	const char **names = NULL;
	char def[PROBE_HOST_MAX + 16];
	const char *const *eps = endpoints;
	const char *one[1], *stored[LC_PROBE_MAX_ENDPOINTS];
	char *p, *save = NULL;
	enum rc rc;
	size_t i;

	*out = NULL;
	*nout = 0;
	rc = store_cert_get_by_name(lc->st, name, &c, e);
	if (rc != RC_OK)
		goto out;
	if (c.cert_pem == NULL) {
		rc = err_set(e, RC_USAGE,
			     _("certificate '%s' has not been "
			       "issued yet; nothing to probe"),
			     name);
		goto out;
	}
	o.name = sni != NULL ? sni : default_name(&c);
	if (o.name == NULL) {
		rc = err_set(e, RC_USAGE,
			     _("certificate '%s' has only "
			       "wildcard names; give the name to "
			       "probe for"),
			     name);
		goto out;
	}
	if (n > LC_PROBE_MAX_ENDPOINTS) {
		rc = err_set(e, RC_USAGE, _("at most %d endpoints per probe"),
			     LC_PROBE_MAX_ENDPOINTS);
		goto out;
	}
	if (n == 0 && c.probe_endpoints != NULL &&
	    c.probe_endpoints[0] != '\0') {
		/* The endpoints stored with the certificate (cert add/set
		 * --probe), split at commas in place. */
		for (n = 0, p = strtok_r(c.probe_endpoints, ",", &save);
		     p != NULL && n < LC_PROBE_MAX_ENDPOINTS;
		     p = strtok_r(NULL, ",", &save))
			stored[n++] = p;
		eps = stored;
	}
	if (n == 0) {
		snprintf(def, sizeof(def),
			 strchr(o.name, ':') ? "[%s]:%d" : "%s:%d", o.name,
			 PROBE_DEFAULT_PORT);
		one[0] = def;
		eps = one;
		n = 1;
	}
	names = calloc(c.n_domains ? c.n_domains : 1, sizeof(*names));
	res = calloc(n, sizeof(*res));
	if (names == NULL || res == NULL) {
		rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		goto out;
	}
	for (i = 0; i < c.n_domains; i++)
		names[i] = c.domains[i].name;
	x.cert_pem = c.cert_pem;
	x.not_before = c.not_before;
	x.names = names;
	x.n_names = c.n_domains;
	o.ca_file = lc->ca_file;
	for (i = 0; i < n; i++) {
		rc = probe_endpoint(eps[i], &o, &x, &res[i], e);
		if (rc != RC_OK)
			goto out;
		record(lc, &c, &res[i]);
	}
	*out = res;
	*nout = n;
	res = NULL;
out:
	probe_results_free(res, n);
	free(names);
	cert_row_clear(&c);
	return rc;
}

enum rc lc_cert_probe(struct lc *lc, const char *name,
		      const char *const *endpoints, size_t n,
		      struct probe_result **out, size_t *nout, struct err *e)
{
	return lc_cert_probe_as(lc, name, NULL, endpoints, n, out, nout, e);
}
