/* SPDX-License-Identifier: ISC */
/* domainset.c - lc_domain_set(): a domain's validation method changed by
 * the operator (`domain set`), checked and written in one transaction
 * with its events. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "db/store_certs.h"
#include "db/store_events.h"
#include "lifecycle/certcheck.h"
#include "lifecycle/domainset.h"
#include "parse/domain.h"
#include "util/i18n.h"

/* What can be checked without the store: the name's spelling and the
 * method's own settings. */
static enum rc check_values(const struct domain_row *d, struct err *e)
{
	char norm[DOMAIN_BUFSZ];

	if (d->name == NULL)
		return err_set(e, RC_INPUT, "%s", _("a domain needs a name"));
	if (domain_normalize(d->name, norm, sizeof(norm), NULL, e) != RC_OK)
		return e->rc;
	if (strcmp(norm, d->name) != 0)
		return err_set(e, RC_INPUT,
			       _("domain '%s' is not in its normal form "
				 "'%s'"),
			       d->name, norm);
	return lc_cert_check_method(d, NULL, e);
}

/* Whether certificate cert_id names domain. */
static enum rc names_domain(struct store *st, int64_t cert_id,
			    const char *domain, int *yes, struct err *e)
{
	struct domain_row *rows = NULL;
	size_t n = 0, i;

	*yes = 0;
	if (store_cert_domains(st, cert_id, &rows, &n, e) != RC_OK)
		return e->rc;
	for (i = 0; i < n && !*yes; i++)
		*yes = strcmp(rows[i].name, domain) == 0;
	domain_rows_free(rows, n);
	return RC_OK;
}

/* One event for every certificate naming d, or one of its own when none
 * does, inside the caller's transaction.  The store has no index from a
 * domain to its certificates; an operator's change can afford to look
 * at each certificate's names. */
static enum rc write_events(struct store *st, const struct domain_row *d,
			    struct err *e)
{
	struct cert_summary *certs = NULL;
	size_t n = 0, i, named = 0;
	char msg[DOMAIN_BUFSZ + 128];
	enum rc rc;
	int yes;

	snprintf(msg, sizeof(msg),
		 _("validation of %s set by the operator: %s"), d->name,
		 dom_method_name(d->method));
	rc = store_cert_list_summary(st, &certs, &n, e);
	for (i = 0; rc == RC_OK && i < n; i++) {
		rc = names_domain(st, certs[i].id, d->name, &yes, e);
		if (rc == RC_OK && yes) {
			named++;
			rc = store_event_append(st, 0, certs[i].id, 0,
						"request", EV_INFO, msg, NULL,
						e);
		}
	}
	if (rc == RC_OK && named == 0)
		rc = store_event_append(st, 0, 0, 0, "request", EV_INFO, msg,
					NULL, e);
	cert_summaries_free(certs, n);
	return rc;
}

/* The checks that need the stored row, then the writes. */
static enum rc check_and_write(struct store *st, const struct domain_row *d,
			       struct err *e)
{
	struct domain_row old = { 0 }, one = { 0 }, set = *d;
	struct cert_row r = { 0 };
	enum rc rc;

	rc = store_domain_get(st, d->name, &old, e);
	if (rc == RC_OK) {
		one.name = old.name;
		one.ident_type = old.ident_type;
		r.domains = &one;
		r.n_domains = 1;
		rc = lc_cert_check_names(&r, d, NULL, e);
	}
	set.ident_type = old.ident_type;
	if (rc == RC_OK)
		rc = store_domain_upsert(st, &set, NULL, e);
	if (rc == RC_OK)
		rc = write_events(st, d, e);
	domain_row_clear(&old);
	return rc;
}

enum rc lc_domain_set(struct store *st, const struct domain_row *d,
		      struct err *e)
{
	enum rc rc;

	rc = check_values(d, e);
	if (rc != RC_OK)
		return rc;
	if (store_begin(st, e) != RC_OK)
		return e->rc;
	rc = check_and_write(st, d, e);
	if (rc == RC_OK)
		rc = store_commit(st, e);
	if (rc != RC_OK)
		store_rollback(st);
	return rc;
}
