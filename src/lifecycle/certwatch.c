/* SPDX-License-Identifier: ISC */
/* certwatch.c - lc_cert_watch(): an imported certificate checked as a
 * whole, then stored with its event in one transaction. */
#include "config.h"

#include <string.h>

#include "db/store_events.h"
#include "lifecycle/certcheck.h"
#include "lifecycle/certwatch.h"
#include "parse/domain.h"
#include "util/i18n.h"
#include "util/safe.h"

/* Each name in normal form, as the inventory keeps it. */
static enum rc check_domains(const struct cert_watch *w, struct err *e)
{
	char norm[DOMAIN_BUFSZ];
	size_t i;

	if (w->n_domains > CERT_MAX_DOMAINS ||
	    (w->n_domains > 0 && w->domains == NULL))
		return err_set(e, RC_INPUT,
			       _("certificate %s has %zu domains; at most %d "
				 "are allowed"),
			       w->name, w->n_domains, CERT_MAX_DOMAINS);
	for (i = 0; i < w->n_domains; i++) {
		const char *name = w->domains[i].name;

		if (name == NULL)
			return err_set(e, RC_INPUT, "%s",
				       _("a domain needs a name"));
		if (domain_normalize(name, norm, sizeof(norm), NULL, e) !=
		    RC_OK)
			return e->rc;
		if (strcmp(norm, name) != 0)
			return err_set(e, RC_INPUT,
				       _("domain '%s' is not in its normal "
					 "form '%s'"),
				       name, norm);
	}
	return RC_OK;
}

/* Everything that can be checked before the store is touched. */
static enum rc check_watch(const struct cert_watch *w, struct err *e)
{
	char nm[LC_CERT_WATCH_NAME_MAX + 16];

	if (w->name == NULL || !safe_name_ok(w->name, LC_CERT_WATCH_NAME_MAX))
		return err_set(e, RC_INPUT,
			       _("invalid certificate name '%s' (letters, "
				 "digits, '.', '-', '_'; at most %d)"),
			       w->name != NULL
				       ? safe_line(nm, sizeof(nm), w->name,
						   strlen(w->name))
				       : "",
			       LC_CERT_WATCH_NAME_MAX);
	if (w->cert_pem == NULL || w->cert_pem[0] == '\0' || w->not_after <= 0)
		return err_set(e, RC_INPUT,
			       _("certificate %s: no certificate to watch"),
			       w->name);
	if (w->not_before > w->not_after)
		return err_set(e, RC_INPUT,
			       _("certificate %s: its validity ends before "
				 "it starts"),
			       w->name);
	if (w->event == NULL || w->event[0] == '\0' ||
	    w->event_level >= EV__INVALID)
		return err_set(e, RC_INPUT, "%s",
			       _("an event needs a message"));
	if (lc_cert_check_probes(w->probe_endpoints, NULL, e) != RC_OK)
		return e->rc;
	return check_domains(w, e);
}

enum rc lc_cert_watch(struct store *st, const struct cert_watch *w, int64_t *id,
		      int *created, struct err *e)
{
	enum rc rc;

	rc = check_watch(w, e);
	if (rc != RC_OK)
		return rc;
	/* One transaction: the row, its names and w->event. */
	return store_cert_watch_put(st, w, id, created, e);
}
