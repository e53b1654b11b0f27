/* SPDX-License-Identifier: ISC */
/* certset.c - lc_cert_set(): a certificate's settings changed by the
 * operator (`cert set`, the TUI's edit form), validated as a whole and
 * written in one transaction with one event. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "crypto/key.h"
#include "deploy/deploy.h"
#include "lifecycle/certset.h"
#include "lifecycle/deploy.h"
#include "lifecycle/lc.h"
#include "monitor/probe.h"
#include "parse/domain.h"
#include "util/i18n.h"
#include "util/safe.h"
#include "util/shellcmd.h"

/* Longest DNS hook command, as `cert add --dns-hook` takes it. */
#define CERTSET_DNS_HOOK_MAX 1024
/* Longest probe endpoint list ("host:port,..."). */
#define CERTSET_PROBES_MAX 1024

/* Refuses with *bad = field; returns rc. */
static enum acme_rc refuse(enum lc_cert_field *bad, enum lc_cert_field field,
			   enum acme_rc rc)
{
	if (bad != NULL)
		*bad = field;
	return rc;
}

/* A command that is set must be runnable ("" clears, NULL keeps). */
static enum acme_rc check_command(const char *cmd, enum lc_cert_field field,
				  enum lc_cert_field *bad, struct err *e)
{
	if (cmd == NULL || cmd[0] == '\0')
		return RC_OK;
	if (shellcmd_check(cmd, e) != RC_OK)
		return refuse(bad, field, e->rc);
	return RC_OK;
}

/* Every endpoint of the comma-separated list must parse. */
static enum acme_rc check_probes(const char *list, enum lc_cert_field *bad,
				 struct err *e)
{
	char one[CERTSET_PROBES_MAX + 1], host[256];
	const char *p = list;
	int port;

	if (list == NULL || list[0] == '\0')
		return RC_OK;
	if (strlen(list) > CERTSET_PROBES_MAX)
		return refuse(bad, LC_CERT_F_PROBE,
			      err_set(e, RC_INPUT, _("too many probe "
						     "endpoints")));
	while (*p != '\0') {
		size_t n = strcspn(p, ",");

		memcpy(one, p, n);
		one[n] = '\0';
		if (probe_parse_endpoint(one, host, sizeof(host), &port,
					 NULL) != RC_OK)
			return refuse(bad, LC_CERT_F_PROBE,
				      err_set(e, RC_INPUT,
					      _("invalid probe endpoint "
						"'%s' (HOST[:PORT])"),
					      one));
		p += n;
		if (*p == ',')
			p++;
	}
	return RC_OK;
}

/* What can be checked without the stored row. */
static enum acme_rc check_values(const struct lc_cert_set_params *p,
				 enum lc_cert_field *bad, struct err *e)
{
	const struct cert_settings *cs = &p->cs;
	enum acme_rc rc;

	if (cs->key_type != NULL && key_type_parse(cs->key_type) ==
					    KEY__INVALID)
		return refuse(bad, LC_CERT_F_KEY_TYPE,
			      err_set(e, RC_USAGE, _("unknown key type '%s'"),
				      cs->key_type));
	if (p->renew_at < -1)
		return refuse(bad, LC_CERT_F_RENEW_AT,
			      err_set(e, RC_INPUT, _("invalid renewal "
						     "time")));
	rc = check_command(cs->reload_cmd, LC_CERT_F_RELOAD, bad, e);
	if (rc == RC_OK)
		rc = check_command(cs->deploy_hook, LC_CERT_F_DEPLOY_HOOK, bad,
				   e);
	if (rc == RC_OK)
		rc = check_command(cs->pre_hook, LC_CERT_F_PRE_HOOK, bad, e);
	if (rc == RC_OK)
		rc = check_command(cs->post_hook, LC_CERT_F_POST_HOOK, bad, e);
	if (rc == RC_OK)
		rc = check_probes(cs->probe_endpoints, bad, e);
	return rc;
}

/* The method's own settings: present, absolute, in range. */
static enum acme_rc check_method(const struct domain_row *m,
				 enum lc_cert_field *bad, struct err *e)
{
	if (m->method == DOM_METHOD_HTTP01 && m->webroot != NULL &&
	    m->webroot[0] != '/')
		return refuse(bad, LC_CERT_F_WEBROOT,
			      err_set(e, RC_INPUT, _("webroot '%s' is not an "
						     "absolute path"),
				      m->webroot));
	if (m->http_port < 0 || m->http_port > 65535 || m->tls_port < 0 ||
	    m->tls_port > 65535)
		return refuse(bad, LC_CERT_F_PORT,
			      err_set(e, RC_INPUT, "%s",
				      _("a port number 1-65535")));
	if (m->method == DOM_METHOD_DNS01 && m->dns_hook == NULL &&
	    m->rfc2136_server == NULL)
		return refuse(bad, LC_CERT_F_DNS_HOOK,
			      err_set(e, RC_INPUT, "%s",
				      _("dns-01 needs a hook command or an "
					"RFC 2136 server")));
	if (m->dns_hook != NULL &&
	    (strlen(m->dns_hook) > CERTSET_DNS_HOOK_MAX ||
	     !safe_is_clean(m->dns_hook)))
		return refuse(bad, LC_CERT_F_DNS_HOOK,
			      err_set(e, RC_INPUT, _("DNS hook: at most %d "
						     "printable characters"),
				      CERTSET_DNS_HOOK_MAX));
	if (m->dns_hook != NULL)
		return check_command(m->dns_hook, LC_CERT_F_DNS_HOOK, bad, e);
	if (m->method < DOM_METHOD_HTTP01 || m->method >= DOM_METHOD__INVALID)
		return refuse(bad, LC_CERT_F_METHOD,
			      err_set(e, RC_INPUT, "%s",
				      _("unknown validation method")));
	return RC_OK;
}

/* The method must suit every name (wildcards need dns-01, addresses
 * cannot use it), as `cert add` refuses. */
static enum acme_rc check_names(const struct cert_row *r,
				const struct domain_row *m,
				enum lc_cert_field *bad, struct err *e)
{
	size_t i;

	for (i = 0; i < r->n_domains; i++) {
		const struct domain_row *d = &r->domains[i];

		if (domain_is_wildcard(d->name) &&
		    m->method != DOM_METHOD_DNS01)
			return refuse(bad, LC_CERT_F_METHOD,
				      err_set(e, RC_USAGE,
					      _("%s: wildcard names need the "
						"dns-01 challenge"),
					      d->name));
		if (d->ident_type == DOM_IDENT_IP &&
		    m->method == DOM_METHOD_DNS01)
			return refuse(bad, LC_CERT_F_METHOD,
				      err_set(e, RC_USAGE,
					      _("%s: IP addresses cannot be "
						"validated with dns-01"),
					      d->name));
	}
	return RC_OK;
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
	t->fullchain_path = over(cs->deploy_fullchain_path,
				 t->fullchain_path);
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
static enum acme_rc check_row(const struct lc_cert_set_params *p,
			      const struct cert_row *r,
			      enum lc_cert_field *bad, struct err *e)
{
	struct deploy_target t;

	if (r->watched && changes_managed(p))
		return refuse(bad, LC_CERT_F_CERT, lc_cert_managed(r, e));
	lc_deploy_target(r, &t);
	overlay_target(&p->cs, &t);
	if ((lc_deploy_target_set(&t) || sets_deploy_detail(&p->cs)) &&
	    deploy_check_target(&t, e) != RC_OK)
		return refuse(bad, LC_CERT_F_DEPLOY, e->rc);
	if (p->method != NULL)
		return check_names(r, p->method, bad, e);
	return RC_OK;
}

/* Gives every name of r the method p->method. */
static enum acme_rc write_methods(struct store *st, const struct cert_row *r,
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
static enum acme_rc write_all(struct store *st,
			      const struct lc_cert_set_params *p,
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

enum acme_rc lc_cert_set(struct store *st, const struct lc_cert_set_params *p,
			 enum lc_cert_field *bad, struct err *e)
{
	struct cert_row r = { 0 };
	enum acme_rc rc;

	if (bad != NULL)
		*bad = LC_CERT_F_NONE;
	rc = check_values(p, bad, e);
	if (rc == RC_OK && p->method != NULL)
		rc = check_method(p->method, bad, e);
	if (rc != RC_OK)
		return rc;
	if (store_begin(st, e) != RC_OK)
		return e->rc;
	rc = store_cert_get_by_name(st, p->name, &r, e);
	if (rc != RC_OK)
		refuse(bad, LC_CERT_F_CERT, rc);
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
