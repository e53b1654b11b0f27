/* SPDX-License-Identifier: ISC */
/* record.c - each domain's doctor outcome into the inventory. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "db/store_certs.h"
#include "db/store_domains.h"
#include "diagnose/doctor.h"

enum rc doctor_record(struct store *st, const struct cert_row *cert,
		      const struct doctor_report *rep, int64_t at,
		      struct err *e)
{
	char line[DOCTOR_LINE_MAX + 64];
	const struct doctor_result *worst;
	enum rc rc;
	size_t i, j;

	for (i = 0; i < cert->n_domains; i++) {
		const char *name = cert->domains[i].name;

		worst = NULL;
		for (j = 0; j < rep->n; j++) {
			const struct doctor_result *r = &rep->v[j];

			if (r->domain == NULL || strcmp(r->domain, name) != 0)
				continue;
			if (worst == NULL || r->status > worst->status)
				worst = r;
		}
		if (worst == NULL)
			continue;
		if (worst->status == DOCTOR_PASS)
			snprintf(line, sizeof(line), "pass");
		else
			snprintf(line, sizeof(line), "%s: %s: %s",
				 doctor_status_name(worst->status),
				 worst->check, worst->reason);
		rc = store_domain_set_check(st, name, at, line, e);
		if (rc != RC_OK)
			return rc;
	}
	return RC_OK;
}
