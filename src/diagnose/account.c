/* SPDX-License-Identifier: ISC */
/* account.c - the check that the certificate's account is usable. */
#include "config.h"

#include <stdio.h>

#include "db/store_accounts.h"
#include "diagnose/doctor.h"
#include "util/i18n.h"

enum rc doctor_check_account(struct doctor_ctx *ctx, struct err *e)
{
	const struct acct_row *a = ctx->acct;
	char why[DOCTOR_LINE_MAX];

	if (a->account_url == NULL) {
		snprintf(why, sizeof(why),
			 _("account '%s' is not registered "
			   "with its CA"),
			 a->name);
		return doctor_add(ctx->rep, "account", NULL, DOCTOR_FAIL, why,
				  _("register it again with 'acmetui account "
				    "add'"),
				  e);
	}
	if (a->status != ACCT_STATUS_VALID) {
		snprintf(why, sizeof(why), _("account '%s' is %s"), a->name,
			 acct_status_name(a->status));
		return doctor_add(ctx->rep, "account", NULL, DOCTOR_FAIL, why,
				  _("move the certificate to a valid account"),
				  e);
	}
	snprintf(why, sizeof(why), _("account '%s' is registered and valid"),
		 a->name);
	return doctor_add(ctx->rep, "account", NULL, DOCTOR_PASS, why, NULL, e);
}
