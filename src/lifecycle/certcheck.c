/* SPDX-License-Identifier: ISC */
/* certcheck.c - the checks of an operator's certificate settings that
 * adding one (certadd.c) and changing one (certset.c) share. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lifecycle/certcheck.h"
#include "monitor/probe.h"
#include "parse/domain.h"
#include "util/i18n.h"
#include "util/safe.h"
#include "util/shellcmd.h"

/* Longest DNS hook command, as `cert add --dns-hook` takes it. */
#define CERTCHECK_DNS_HOOK_MAX 1024
/* Longest probe endpoint list ("host:port,..."). */
#define CERTCHECK_PROBES_MAX 1024

/* Refuses with *bad = field; returns rc. */
enum rc lc_cert_refuse(enum lc_cert_field *bad, enum lc_cert_field field,
		       enum rc rc)
{
	if (bad != NULL)
		*bad = field;
	return rc;
}

/* A command that is set must be runnable ("" clears, NULL keeps). */
enum rc lc_cert_check_command(const char *cmd, enum lc_cert_field field,
			      enum lc_cert_field *bad, struct err *e)
{
	if (cmd == NULL || cmd[0] == '\0')
		return RC_OK;
	if (shellcmd_check(cmd, e) != RC_OK)
		return lc_cert_refuse(bad, field, e->rc);
	return RC_OK;
}

/* Every endpoint of the comma-separated list must parse. */
enum rc lc_cert_check_probes(const char *list, enum lc_cert_field *bad,
			     struct err *e)
{
	char one[CERTCHECK_PROBES_MAX + 1], host[256];
	const char *p = list;
	int port;

	if (list == NULL || list[0] == '\0')
		return RC_OK;
	if (strlen(list) > CERTCHECK_PROBES_MAX)
		return lc_cert_refuse(bad, LC_CERT_F_PROBE,
				      err_set(e, RC_INPUT,
					      _("too many probe "
						"endpoints")));
	while (*p != '\0') {
		size_t n = strcspn(p, ",");

		memcpy(one, p, n);
		one[n] = '\0';
		if (probe_parse_endpoint(one, host, sizeof(host), &port,
					 NULL) != RC_OK)
			return lc_cert_refuse(
				bad, LC_CERT_F_PROBE,
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

/* The method's own settings: present, absolute, in range. */
enum rc lc_cert_check_method(const struct domain_row *m,
			     enum lc_cert_field *bad, struct err *e)
{
	if (m->method == DOM_METHOD_HTTP01 && m->webroot != NULL &&
	    m->webroot[0] != '/')
		return lc_cert_refuse(bad, LC_CERT_F_WEBROOT,
				      err_set(e, RC_INPUT,
					      _("webroot '%s' is not an "
						"absolute path"),
					      m->webroot));
	if (m->http_port < 0 || m->http_port > 65535 || m->tls_port < 0 ||
	    m->tls_port > 65535)
		return lc_cert_refuse(bad, LC_CERT_F_PORT,
				      err_set(e, RC_INPUT, "%s",
					      _("a port number 1-65535")));
	if (m->method == DOM_METHOD_DNS01 && m->dns_hook == NULL &&
	    m->rfc2136_server == NULL)
		return lc_cert_refuse(
			bad, LC_CERT_F_DNS_HOOK,
			err_set(e, RC_INPUT, "%s",
				_("dns-01 needs a hook command or an "
				  "RFC 2136 server")));
	if (m->dns_hook != NULL &&
	    (strlen(m->dns_hook) > CERTCHECK_DNS_HOOK_MAX ||
	     !safe_is_clean(m->dns_hook)))
		return lc_cert_refuse(bad, LC_CERT_F_DNS_HOOK,
				      err_set(e, RC_INPUT,
					      _("DNS hook: at most %d "
						"printable characters"),
					      CERTCHECK_DNS_HOOK_MAX));
	if (m->dns_hook != NULL)
		return lc_cert_check_command(m->dns_hook, LC_CERT_F_DNS_HOOK,
					     bad, e);
	if (m->method < DOM_METHOD_HTTP01 || m->method >= DOM_METHOD__INVALID)
		return lc_cert_refuse(bad, LC_CERT_F_METHOD,
				      err_set(e, RC_INPUT, "%s",
					      _("unknown validation method")));
	return RC_OK;
}

/* The method must suit every name (wildcards need dns-01, addresses
 * cannot use it), as `cert add` refuses. */
enum rc lc_cert_check_names(const struct cert_row *r,
			    const struct domain_row *m, enum lc_cert_field *bad,
			    struct err *e)
{
	size_t i;

	for (i = 0; i < r->n_domains; i++) {
		const struct domain_row *d = &r->domains[i];

		if (domain_is_wildcard(d->name) &&
		    m->method != DOM_METHOD_DNS01)
			return lc_cert_refuse(
				bad, LC_CERT_F_METHOD,
				err_set(e, RC_USAGE,
					_("%s: wildcard names need the "
					  "dns-01 challenge"),
					d->name));
		if (d->ident_type == DOM_IDENT_IP &&
		    m->method == DOM_METHOD_DNS01)
			return lc_cert_refuse(
				bad, LC_CERT_F_METHOD,
				err_set(e, RC_USAGE,
					_("%s: IP addresses cannot be "
					  "validated with dns-01"),
					d->name));
	}
	return RC_OK;
}
