/* SPDX-License-Identifier: ISC */
/* certset.c - lc_cert_set(): a certificate's settings changed by the
 * operator (`cert set`, the TUI's edit form), validated as a whole and
 * written in one transaction with one event. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "crypto/key.h"
#include "deploy/deploy.h"
#include "lifecycle/certcheck.h"
#include "lifecycle/certset.h"
#include "lifecycle/deploy.h"
#include "lifecycle/lc.h"
#include "monitor/probe.h"
#include "parse/domain.h"
#include "util/i18n.h"
#include "util/safe.h"
#include "util/shellcmd.h"

/* What can be checked without the stored row. */
static enum rc check_values(const struct lc_cert_set_params *p,
			    enum lc_cert_field *bad, struct err *e)
{
	const struct cert_settings *cs = &p->cs;
	enum rc rc;

	if (cs->key_type != NULL &&
	    key_type_parse(cs->key_type) == KEY__INVALID)
		return lc_cert_refuse(bad, LC_CERT_F_KEY_TYPE,
				      err_set(e, RC_USAGE,
					      _("unknown key type '%s'"),
					      cs->key_type));
	if (p->renew_at < -1)
		return lc_cert_refuse(bad, LC_CERT_F_RENEW_AT,
				      err_set(e, RC_INPUT,
					      _("invalid renewal "
						"time")));
	rc = lc_cert_check_command(cs->reload_cmd, LC_CERT_F_RELOAD, bad, e);
	if (rc == RC_OK)
		rc = lc_cert_check_command(cs->deploy_hook,
					   LC_CERT_F_DEPLOY_HOOK, bad, e);
	if (rc == RC_OK)
		rc = lc_cert_check_command(cs->pre_hook, LC_CERT_F_PRE_HOOK,
					   bad, e);
	if (rc == RC_OK)
		rc = lc_cert_check_command(cs->post_hook, LC_CERT_F_POST_HOOK,
					   bad, e);
	if (rc == RC_OK)
		rc = lc_cert_check_probes(cs->probe_endpoints, bad, e);
	return rc;
}

/* A string change over a stored value: NULL keeps, "" clears. */
static const char *over(const char *change, const char *stored)
{
	if (change == NULL)
		return stored;
	return change[0] != '\0' ? change : NULL;
}

/* Lays the changes of cs over t (the stored target). */
static void overlay_target(const struct cert_settings *cs,
			   struct deploy_target *t)
{
	t->dir = over(cs->deploy_dir, t->dir);
	t->reload_cmd = over(cs->reload_cmd, t->reload_cmd);
	t->owner = over(cs->deploy_owner, t->owner);
	t->group = over(cs->deploy_group, t->group);
	if (cs->deploy_cert_mode != 0)
		t->cert_mode = cs->deploy_cert_mode > 0
				       ? (unsigned)cs->deploy_cert_mode
				       : 0;
	if (cs->deploy_key_mode != 0)
		t->key_mode = cs->deploy_key_mode > 0
				      ? (unsigned)cs->deploy_key_mode
				      : 0;
	if (cs->deploy_combined != 0)
		t->combined = cs->deploy_combined > 0;
	t->cert_path = over(cs->deploy_cert_path, t->cert_path);
	t->chain_path = over(cs->deploy_chain_path, t->chain_path);
	t->fullchain_path = over(cs->deploy_fullchain_path, t->fullchain_path);
	t->combined_path = over(cs->deploy_combined_path, t->combined_path);
	t->key_path = over(cs->deploy_key_path, t->key_path);
}

/* 1 when cs sets (not only clears) a deploy detail besides the
 * directory: such a detail without a place is refused. */
static int sets_deploy_detail(const struct cert_settings *cs)
{
	const char *s[] = { cs->deploy_owner,	       cs->deploy_group,
			    cs->deploy_cert_path,      cs->deploy_chain_path,
			    cs->deploy_fullchain_path, cs->deploy_key_path,
			    cs->deploy_combined_path };
	size_t i;

	if (cs->deploy_cert_mode > 0 || cs->deploy_key_mode > 0 ||
	    cs->deploy_combined > 0)
		return 1;
	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		if (s[i] != NULL && s[i][0] != '\0')
			return 1;
	return 0;
}

/* 1 when p changes anything but the probe endpoints (all a watched
 * certificate has). */
static int changes_managed(const struct lc_cert_set_params *p)
{
	const struct cert_settings *cs = &p->cs;

	return p->renew_at >= 0 || p->method != NULL || cs->key_type ||
	       cs->profile || cs->preferred_chain || cs->deploy_dir ||
	       cs->reload_cmd || cs->deploy_hook || cs->pre_hook ||
	       cs->post_hook || cs->deploy_owner || cs->deploy_group ||
	       cs->deploy_cert_mode || cs->deploy_key_mode ||
	       cs->deploy_combined || cs->deploy_cert_path ||
	       cs->deploy_chain_path || cs->deploy_fullchain_path ||
	       cs->deploy_key_path || cs->deploy_combined_path;
}

/* What needs the stored row: watched, the target as it will be, the
 * method against the names. */
static enum rc check_row(const struct lc_cert_set_params *p,
			 const struct cert_row *r, enum lc_cert_field *bad,
			 struct err *e)
{
	struct deploy_target t;

	if (r->watched && changes_managed(p))
		return lc_cert_refuse(bad, LC_CERT_F_CERT,
				      lc_cert_managed(r, e));
	lc_deploy_target(r, &t);
	overlay_target(&p->cs, &t);
	if ((lc_deploy_target_set(&t) || sets_deploy_detail(&p->cs)) &&
	    deploy_check_target(&t, e) != RC_OK)
		return lc_cert_refuse(bad, LC_CERT_F_DEPLOY, e->rc);
	if (p->method != NULL)
		return lc_cert_check_names(r, p->method, bad, e);
	return RC_OK;
}

/* Gives every name of r the method p->method. */
static enum rc write_methods(struct store *st, const struct cert_row *r,
			     const struct domain_row *m, struct err *e)
{
	struct domain_row d;
	size_t i;

	for (i = 0; i < r->n_domains; i++) {
		d = *m;
		d.id = 0;
		d.name = r->domains[i].name;
		d.ident_type = r->domains[i].ident_type;
		if (store_domain_upsert(st, &d, NULL, e) != RC_OK)
			return e->rc;
	}
	return RC_OK;
}

/* The writes, inside the caller's transaction. */
static enum rc write_all(struct store *st, const struct lc_cert_set_params *p,
			 const struct cert_row *r, struct err *e)
{
	struct cert_settings cs = p->cs;

	/* Stored under its canonical name, whatever spelling was given. */
	if (cs.key_type != NULL)
		cs.key_type = key_type_name(key_type_parse(cs.key_type));
	if (store_cert_set_settings(st, r->id, &cs, e) != RC_OK)
		return e->rc;
	if (p->renew_at >= 0 &&
	    (store_cert_set_renewal(st, r->id, p->renew_at,
				    _("operator request"), e) != RC_OK ||
	     store_cert_set_retry(st, r->id, 0, 0, e) != RC_OK))
		return e->rc;
	if (p->method != NULL && write_methods(st, r, p->method, e) != RC_OK)
		return e->rc;
	return store_event_append(st, 0, r->id, 0, "request", EV_INFO,
				  p->renew_at >= 0
					  ? _("renewal time set by the "
					      "operator")
					  : _("settings changed by the "
					      "operator"),
				  NULL, e);
}

enum rc lc_cert_set(struct store *st, const struct lc_cert_set_params *p,
		    enum lc_cert_field *bad, struct err *e)
{
	struct cert_row r = { 0 };
	enum rc rc;

	if (bad != NULL)
		*bad = LC_CERT_F_NONE;
	rc = check_values(p, bad, e);
	if (rc == RC_OK && p->method != NULL)
		rc = lc_cert_check_method(p->method, bad, e);
	if (rc != RC_OK)
		return rc;
	if (store_begin(st, e) != RC_OK)
		return e->rc;
	rc = store_cert_get_by_name(st, p->name, &r, e);
	if (rc != RC_OK)
		lc_cert_refuse(bad, LC_CERT_F_CERT, rc);
	if (rc == RC_OK)
		rc = check_row(p, &r, bad, e);
	if (rc == RC_OK)
		rc = write_all(st, p, &r, e);
	if (rc == RC_OK)
		rc = store_commit(st, e);
	if (rc != RC_OK)
		store_rollback(st);
	cert_row_clear(&r);
	return rc;
}
