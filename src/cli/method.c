/* SPDX-License-Identifier: ISC */
/* method.c - validation-method options (see method.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "cli/intopt.h"
#include "cli/method.h"
#include "parse/domain.h"
#include "util/env.h"
#include "util/fileio.h"
#include "util/safe.h"
#include "util/shellcmd.h"

/* Longest hook command line stored. */
#define DNS_HOOK_MAX 1024

int method_opt(struct cli *c, struct method_opts *m, int opt, const char *arg)
{
	long v;

	switch (opt) {
	case OPT_CHALLENGE:
		m->challenge = arg;
		break;
	case OPT_WEBROOT:
		m->webroot = arg;
		break;
	case OPT_STANDALONE:
		m->standalone = 1;
		break;
	case OPT_HTTP_ADDR:
		m->http_addr = arg;
		break;
	case OPT_TLS_ADDR:
		m->tls_addr = arg;
		break;
	case OPT_DNS_HOOK:
		m->dns_hook = arg;
		break;
	case OPT_RFC2136:
		m->rfc2136 = arg;
		break;
	case OPT_RFC2136_ZONE:
		m->rfc2136_zone = arg;
		break;
	case OPT_TSIG_NAME:
		m->tsig_name = arg;
		break;
	case OPT_TSIG_ALG:
		m->tsig_alg = arg;
		break;
	case OPT_TSIG_SECRET_FILE:
		m->tsig_secret_file = arg;
		break;
	case OPT_DNS_RESOLVER:
		m->dns_resolver = arg;
		break;
	case OPT_DNS_CHECK:
		m->dns_check = arg;
		break;
	case OPT_DNS_HOOK_STYLE:
		m->dns_hook_style = arg;
		break;
	case OPT_HTTP_PORT:
		if (cli_int_option(c, "--http-port", arg, 1, 65535, &v) !=
		    EXIT_OK)
			return -1;
		m->http_port = (int)v;
		break;
	case OPT_TLS_PORT:
		if (cli_int_option(c, "--tls-port", arg, 1, 65535, &v) !=
		    EXIT_OK)
			return -1;
		m->tls_port = (int)v;
		break;
	case OPT_DNS_WAIT:
		if (cli_int_option(c, "--dns-wait", arg, 1, 86400, &v) !=
		    EXIT_OK)
			return -1;
		m->dns_wait = (int)v;
		break;
	default:
		return 0;
	}
	m->given = 1;
	return 1;
}

/* The method named by --challenge, or implied by the other options. */
static enum dom_method chosen_method(const struct method_opts *m)
{
	if (m->challenge != NULL)
		return dom_method_parse(m->challenge);
	if (m->dns_hook != NULL || m->rfc2136 != NULL)
		return DOM_METHOD_DNS01;
	if (m->tls_port != 0 || m->tls_addr != NULL)
		return DOM_METHOD_TLSALPN01;
	return DOM_METHOD_HTTP01;
}

/* Reads the TSIG secret from its file or the environment. */
static int load_tsig_secret(struct cli *c, struct method_opts *m)
{
	const char *env = env_get()->tsig_secret;
	struct err e = { 0 };
	size_t len = 0;

	if (m->tsig_secret_file != NULL) {
		if (file_read_all(m->tsig_secret_file, 4096, &m->tsig_secret,
				  &len, &e) != RC_OK)
			return cli_fail(c, &e);
		m->tsig_secret[strcspn(m->tsig_secret, "\r\n")] = '\0';
	} else if (env != NULL && *env != '\0') {
		m->tsig_secret = strdup(env);
	}
	if (m->tsig_name != NULL &&
	    (m->tsig_secret == NULL || m->tsig_secret[0] == '\0'))
		return cli_usage_error(c, _("--tsig-name needs the key's "
					    "secret: --tsig-secret-file FILE "
					    "or $ACMETUI_TSIG_SECRET"));
	return EXIT_OK;
}

/* Checks what the dns-01 options say. */
static int finish_dns(struct cli *c, struct method_opts *m)
{
	struct err e = { 0 };

	if (m->dns_hook != NULL && m->rfc2136 != NULL)
		return cli_usage_error(c, _("give either --dns-hook or "
					    "--rfc2136, not both"));
	if (m->dns_hook == NULL && m->rfc2136 == NULL)
		return cli_usage_error(c, _("dns-01 needs --dns-hook CMD or "
					    "--rfc2136 SERVER[:PORT]"));
	if (m->dns_hook != NULL &&
	    (strlen(m->dns_hook) > DNS_HOOK_MAX || !safe_is_clean(m->dns_hook)))
		return cli_usage_error(c,
				       _("--dns-hook: at most %d printable "
					 "characters"),
				       DNS_HOOK_MAX);
	if (m->dns_hook != NULL && shellcmd_check(m->dns_hook, &e) != RC_OK)
		return cli_usage_error(c, "--dns-hook: %s", err_text(&e));
	if (m->dns_hook_style != NULL && m->dns_hook == NULL)
		return cli_usage_error(c, _("--dns-hook-style needs "
					    "--dns-hook"));
	if (m->dns_hook_style != NULL &&
	    strcmp(m->dns_hook_style, "acmetui") != 0 &&
	    strcmp(m->dns_hook_style, "lego") != 0)
		return cli_usage_error(c, _("--dns-hook-style takes acmetui "
					    "or lego"));
	if (m->dns_check != NULL &&
	    strcmp(m->dns_check, "authoritative") != 0 &&
	    strcmp(m->dns_check, "resolver") != 0 &&
	    strcmp(m->dns_check, "none") != 0)
		return cli_usage_error(c, _("--dns-check takes authoritative, "
					    "resolver or none"));
	if (m->dns_check != NULL && strcmp(m->dns_check, "resolver") == 0 &&
	    m->dns_resolver == NULL && env_get()->dns_resolver == NULL)
		return cli_usage_error(c, _("--dns-check resolver needs "
					    "--dns-resolver HOST:PORT"));
	return load_tsig_secret(c, m);
}

int method_finish(struct cli *c, struct method_opts *m)
{
	enum dom_method method = chosen_method(m);

	switch (method) {
	case DOM_METHOD_HTTP01:
		if (m->webroot != NULL && m->standalone)
			return cli_usage_error(c, _("give either --webroot or "
						    "--standalone, not both"));
		if (m->webroot == NULL && !m->standalone)
			return cli_usage_error(c, _("http-01 needs --webroot "
						    "DIR or --standalone"));
		if (m->webroot != NULL &&
		    realpath(m->webroot, m->webroot_abs) == NULL)
			return cli_usage_error(c, _("webroot %s: %s"),
					       m->webroot, strerror(errno));
		return EXIT_OK;
	case DOM_METHOD_TLSALPN01:
		return EXIT_OK;
	case DOM_METHOD_DNS01:
		return finish_dns(c, m);
	default:
		return cli_usage_error(c,
				       _("unknown challenge '%s' (use "
					 "http-01, dns-01 or tls-alpn-01)"),
				       m->challenge);
	}
}

int method_apply(struct cli *c, const struct method_opts *m,
		 struct domain_row *d)
{
	d->method = chosen_method(m);
	if (domain_is_wildcard(d->name) && d->method != DOM_METHOD_DNS01)
		return cli_usage_error(c,
				       _("%s: wildcard names need the "
					 "dns-01 challenge"),
				       d->name);
	if (d->ident_type == DOM_IDENT_IP && d->method == DOM_METHOD_DNS01)
		return cli_usage_error(c,
				       _("%s: IP addresses cannot be "
					 "validated with dns-01"),
				       d->name);
	d->webroot = m->webroot ? (char *)m->webroot_abs : NULL;
	d->http_bind = (char *)(d->method == DOM_METHOD_TLSALPN01
					? m->tls_addr
					: m->http_addr);
	d->http_port = m->http_port;
	d->tls_port = m->tls_port;
	d->dns_hook = (char *)m->dns_hook;
	d->dns_hook_style = (char *)m->dns_hook_style;
	d->rfc2136_server = (char *)m->rfc2136;
	d->rfc2136_zone = (char *)m->rfc2136_zone;
	d->tsig_name = (char *)m->tsig_name;
	d->tsig_alg = (char *)m->tsig_alg;
	d->tsig_secret = m->tsig_secret;
	d->dns_resolver = (char *)m->dns_resolver;
	d->dns_check = (char *)m->dns_check;
	d->dns_wait = m->dns_wait;
	return EXIT_OK;
}

void method_clear(struct method_opts *m)
{
	if (m->tsig_secret != NULL)
		OPENSSL_cleanse(m->tsig_secret, strlen(m->tsig_secret));
	free(m->tsig_secret);
	m->tsig_secret = NULL;
}

void method_describe(const struct domain_row *d, char *out, size_t sz)
{
	char a[300], b[300];

	switch (d->method) {
	case DOM_METHOD_HTTP01:
		if (d->webroot != NULL)
			snprintf(out, sz, "http-01 webroot %s",
				 safe_line(a, sizeof(a), d->webroot,
					   strlen(d->webroot)));
		else
			snprintf(out, sz, "http-01 standalone %s:%d",
				 d->http_bind ? d->http_bind : "*",
				 d->http_port ? d->http_port : 80);
		break;
	case DOM_METHOD_TLSALPN01:
		snprintf(out, sz, "tls-alpn-01 standalone %s:%d",
			 d->http_bind ? d->http_bind : "*",
			 d->tls_port ? d->tls_port : 443);
		break;
	case DOM_METHOD_DNS01:
		if (d->dns_hook != NULL)
			snprintf(out, sz, "dns-01 %shook %s",
				 d->dns_hook_style != NULL &&
						 strcmp(d->dns_hook_style,
							"lego") == 0
					 ? "lego-style "
					 : "",
				 safe_line(a, sizeof(a), d->dns_hook,
					   strlen(d->dns_hook)));
		else
			snprintf(out, sz, "dns-01 rfc2136 %s%s%s",
				 d->rfc2136_server
					 ? safe_line(a, sizeof(a),
						     d->rfc2136_server,
						     strlen(d->rfc2136_server))
					 : "(SOA primary)",
				 d->rfc2136_zone ? " zone " : "",
				 d->rfc2136_zone
					 ? safe_line(b, sizeof(b),
						     d->rfc2136_zone,
						     strlen(d->rfc2136_zone))
					 : "");
		break;
	default:
		snprintf(out, sz, "?");
	}
}
