/* SPDX-License-Identifier: ISC */
/* doctor.c - the doctor's findings as lifecycle events and per-domain
 * outcomes: the one way the CLI and the TUI run it. */
#include "config.h"

#include <time.h>

#include "db/store_certs.h"
#include "diagnose/doctor.h"
#include "lifecycle/lc.h"
#include "util/i18n.h"

enum rc lc_cert_doctor_run(struct lc *lc, const char *name,
			   const struct doctor_opts *given,
			   struct doctor_report *rep, struct err *e)
{
	struct doctor_opts opts = { 0 };
	struct cert_row c = { 0 };
	enum rc rc;
	size_t i;

	if (given != NULL)
		opts = *given;
	if (opts.ca_file == NULL)
		opts.ca_file = lc->ca_file;
	if (opts.resolver == NULL)
		opts.resolver = lc->dns_resolver;
	rc = store_cert_get_by_name(lc->st, name, &c, e);
	if (rc == RC_OK)
		rc = lc_cert_managed(&c, e);
	if (rc == RC_OK)
		rc = doctor_run(lc->st, name, &opts, rep, e);
	for (i = 0; rc == RC_OK && i < rep->n; i++) {
		const struct doctor_result *r = &rep->v[i];

		/* A finding is advice about the set-up (a name this
		 * host's resolver cannot see, a closed port), not a
		 * failure of the certificate: at most a warning, so that
		 * a healthy certificate's timeline does not look failed. */
		lc_event(lc, c.id, 0, c.name, LC_STAGE_DOCTOR,
			 r->status >= DOCTOR_WARN ? "warn" : "info",
			 "%s %s%s%s: %s%s%s", doctor_status_name(r->status),
			 r->check, r->domain ? " " : "",
			 r->domain ? r->domain : "", r->reason,
			 r->advice ? " -> " : "", r->advice ? r->advice : "");
	}
	/* Each domain's outcome, for the dashboard. */
	if (rc == RC_OK)
		rc = doctor_record(lc->st, &c, rep, time(NULL), e);
	cert_row_clear(&c);
	return rc;
}

enum rc lc_cert_doctor(struct lc *lc, const char *name, struct err *e)
{
	struct doctor_report rep = { 0 };
	size_t i, failed = 0;
	enum rc rc;

	rc = lc_cert_doctor_run(lc, name, NULL, &rep, e);
	for (i = 0; rc == RC_OK && i < rep.n; i++)
		failed += rep.v[i].status == DOCTOR_FAIL;
	if (failed > 0)
		rc = err_set(e, RC_CA, _("%zu finding(s); l shows them"),
			     failed);
	doctor_report_clear(&rep);
	return rc;
}
