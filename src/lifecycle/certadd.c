/* SPDX-License-Identifier: ISC */
/* certadd.c - lc_cert_add() and lc_cert_delete(): a certificate entry
 * added or removed by the operator (`cert add|delete`, the TUI), checked
 * as a whole and written in one transaction with its event. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "crypto/key.h"
#include "db/store_accounts.h"
#include "db/store_events.h"
#include "deploy/deploy.h"
#include "lifecycle/certcheck.h"
#include "lifecycle/certset.h"
#include "lifecycle/deploy.h"
#include "parse/domain.h"
#include "util/i18n.h"

/* Each name normalized, none twice, each with a method it can use. */
static enum rc check_domains(const struct cert_row *r, enum lc_cert_field *bad,
			     struct err *e)
{
	char norm[DOMAIN_BUFSZ];
	struct cert_row one = { 0 };
	size_t i, j;

	if (r->n_domains == 0 || r->domains == NULL)
		return lc_cert_refuse(bad, LC_CERT_F_DOMAINS,
				      err_set(e, RC_USAGE, "%s",
					      _("at least one domain name is "
						"needed")));
	for (i = 0; i < r->n_domains; i++) {
		const struct domain_row *d = &r->domains[i];

		if (domain_normalize(d->name, norm, sizeof(norm), NULL, e) !=
		    RC_OK)
			return lc_cert_refuse(bad, LC_CERT_F_DOMAINS, e->rc);
		if (strcmp(norm, d->name) != 0)
			return lc_cert_refuse(bad, LC_CERT_F_DOMAINS,
					      err_set(e, RC_INPUT,
						      _("domain '%s' is not in "
							"its normal form "
							"'%s'"),
						      d->name, norm));
		for (j = 0; j < i; j++)
			if (strcmp(r->domains[j].name, d->name) == 0)
				return lc_cert_refuse(
					bad, LC_CERT_F_DOMAINS,
					err_set(e, RC_USAGE,
						_("domain '%s' given twice"),
						d->name));
		one.domains = (struct domain_row *)d;
		one.n_domains = 1;
		if (lc_cert_check_method(d, bad, e) != RC_OK ||
		    lc_cert_check_names(&one, d, bad, e) != RC_OK)
			return e->rc;
	}
	return RC_OK;
}

/* Everything but the account, which needs the store. */
static enum rc check_entry(const struct cert_row *r, enum lc_cert_field *bad,
			   struct err *e)
{
	struct deploy_target t;

	if (r->name == NULL || r->name[0] == '\0')
		return lc_cert_refuse(bad, LC_CERT_F_NAME,
				      err_set(e, RC_USAGE, "%s",
					      _("the certificate needs a "
						"name")));
	if (r->key_type != NULL && key_type_parse(r->key_type) == KEY__INVALID)
		return lc_cert_refuse(bad, LC_CERT_F_KEY_TYPE,
				      err_set(e, RC_USAGE,
					      _("unknown key type '%s'"),
					      r->key_type));
	if (check_domains(r, bad, e) != RC_OK ||
	    lc_cert_check_command(r->reload_cmd, LC_CERT_F_RELOAD, bad, e) !=
		    RC_OK ||
	    lc_cert_check_command(r->deploy_hook, LC_CERT_F_DEPLOY_HOOK, bad,
				  e) != RC_OK ||
	    lc_cert_check_command(r->pre_hook, LC_CERT_F_PRE_HOOK, bad, e) !=
		    RC_OK ||
	    lc_cert_check_command(r->post_hook, LC_CERT_F_POST_HOOK, bad, e) !=
		    RC_OK ||
	    lc_cert_check_probes(r->probe_endpoints, bad, e) != RC_OK)
		return e->rc;
	lc_deploy_target(r, &t);
	if (lc_deploy_target_set(&t) && deploy_check_target(&t, e) != RC_OK)
		return lc_cert_refuse(bad, LC_CERT_F_DEPLOY, e->rc);
	return RC_OK;
}

enum rc lc_cert_add(struct store *st, const struct cert_row *r, int64_t *id,
		    enum lc_cert_field *bad, struct err *e)
{
	struct acct_row a = { 0 };
	char msg[256];
	int64_t new_id = 0;
	enum rc rc;

	if (bad != NULL)
		*bad = LC_CERT_F_NONE;
	rc = check_entry(r, bad, e);
	if (rc != RC_OK)
		return rc;
	if (store_begin(st, e) != RC_OK)
		return e->rc;
	rc = store_account_get_by_id(st, r->account_id, &a, e);
	if (rc != RC_OK)
		lc_cert_refuse(bad, LC_CERT_F_ACCOUNT, rc);
	if (rc == RC_OK) {
		rc = store_cert_insert(st, r, &new_id, e);
		if (rc == RC_EXISTS)
			lc_cert_refuse(bad, LC_CERT_F_NAME, rc);
	}
	snprintf(msg, sizeof(msg),
		 _("added by the operator: %zu name(s), account %s"),
		 r->n_domains, a.name != NULL ? a.name : "-");
	if (rc == RC_OK)
		rc = store_event_append(st, 0, new_id, r->account_id, "request",
					EV_INFO, msg, NULL, e);
	if (rc == RC_OK)
		rc = store_commit(st, e);
	if (rc != RC_OK)
		store_rollback(st);
	if (rc == RC_OK && id != NULL)
		*id = new_id;
	acct_row_clear(&a);
	return rc;
}

enum rc lc_cert_delete(struct store *st, const char *name, struct err *e)
{
	struct cert_row c = { 0 };
	enum rc rc;

	if (store_begin(st, e) != RC_OK)
		return e->rc;
	rc = store_cert_get_by_name(st, name, &c, e);
	/* Appended first, while the event can still name the certificate;
	 * the row's removal leaves the event with its name. */
	if (rc == RC_OK)
		rc = store_event_append(st, 0, c.id, c.account_id, "request",
					EV_INFO,
					_("deleted from the inventory by the "
					  "operator; it stays valid at the CA "
					  "until it expires"),
					NULL, e);
	if (rc == RC_OK)
		rc = store_cert_delete(st, name, e);
	if (rc == RC_OK)
		rc = store_commit(st, e);
	if (rc != RC_OK)
		store_rollback(st);
	cert_row_clear(&c);
	return rc;
}
