/* SPDX-License-Identifier: ISC */
/* common.c - the parts of the DNS module that need no DNS library: name
 * and endpoint syntax, the clock, small lists.  Built with and without
 * ldns. */
#include "config.h"

#include <arpa/inet.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "dns/resolve.h"
#include "dns/update.h"
#include "util/clock.h"
#include "util/err.h"

/* Returns 1 when s[0..n) is one label: 1..63 of [A-Za-z0-9_-]. */
static int label_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 63)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

int dns_name_ok(const char *name)
{
	const char *dot;
	size_t n;

	if (name == NULL)
		return 0;
	n = strnlen(name, DNS_NAME_MAX + 2);
	if (n > 0 && name[n - 1] == '.')
		n--;
	if (n == 0 || n > DNS_NAME_MAX)
		return 0;
	while (n > 0) {
		dot = memchr(name, '.', n);
		if (dot == NULL)
			return label_ok(name, n);
		if (!label_ok(name, (size_t)(dot - name)))
			return 0;
		n -= (size_t)(dot - name) + 1;
		name = dot + 1;
		if (n == 0)
			return 0; /* "a..": an empty label */
	}
	return 1;
}

/* Parses a decimal port 1..65535 from s; returns 0 on anything else. */
static unsigned port_parse(const char *s)
{
	unsigned long v;
	char *end = NULL;

	if (s[0] < '0' || s[0] > '9')
		return 0;
	v = strtoul(s, &end, 10);
	if (*end != '\0' || v == 0 || v > 65535)
		return 0;
	return (unsigned)v;
}

enum rc dns_endpoint_parse(const char *spec, struct dns_endpoint *ep,
			   struct err *e)
{
	char host[64];
	const char *colon, *port = NULL;
	unsigned char bin[16];
	size_t hlen;

	memset(ep, 0, sizeof(*ep));
	if (spec == NULL || spec[0] == '\0')
		return err_set(e, RC_INPUT, _("no DNS server address given"));
	if (spec[0] == '[') {
		colon = strchr(spec, ']');
		if (colon == NULL)
			goto bad;
		hlen = (size_t)(colon - spec - 1);
		if (colon[1] == ':')
			port = colon + 2;
		else if (colon[1] != '\0')
			goto bad;
		spec++;
	} else {
		colon = strchr(spec, ':');
		if (colon != NULL && strchr(colon + 1, ':') == NULL) {
			hlen = (size_t)(colon - spec);
			port = colon + 1;
		} else {
			hlen = strlen(spec); /* bare IPv6 or no port */
		}
	}
	if (hlen == 0 || hlen >= sizeof(host))
		goto bad;
	memcpy(host, spec, hlen);
	host[hlen] = '\0';
	if (inet_pton(AF_INET, host, bin) != 1 &&
	    inet_pton(AF_INET6, host, bin) != 1)
		goto bad;
	ep->port = 53;
	if (port != NULL) {
		ep->port = port_parse(port);
		if (ep->port == 0)
			goto bad;
	}
	memcpy(ep->addr, host, hlen + 1);
	return RC_OK;
bad:
	memset(ep, 0, sizeof(*ep));
	return err_set(e, RC_INPUT,
		       _("'%.80s' is not a DNS server address "
			 "(IP, IP:PORT or [IPv6]:PORT)"),
		       spec);
}

void dns_strlist_clear(struct dns_strlist *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

enum rc dns_strlist_add(struct dns_strlist *l, const char *s, struct err *e)
{
	char **nv, *copy;

	copy = strdup(s);
	if (copy == NULL)
		return err_set(e, RC_NOMEM, _("out of memory"));
	nv = realloc(l->v, (l->n + 1) * sizeof(*nv));
	if (nv == NULL) {
		free(copy);
		return err_set(e, RC_NOMEM, _("out of memory"));
	}
	l->v = nv;
	l->v[l->n++] = copy;
	return RC_OK;
}

int dns_strlist_has(const struct dns_strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return 1;
	return 0;
}

void dns_caa_set_clear(struct dns_caa_set *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->v[i].tag);
		free(c->v[i].value);
	}
	free(c->v);
	free(c->owner);
	memset(c, 0, sizeof(*c));
}

char *dns_endpoint_str(const struct dns_endpoint *ep, char *buf, size_t size)
{
	if (strchr(ep->addr, ':') != NULL)
		snprintf(buf, size, "[%s]:%u", ep->addr, ep->port);
	else
		snprintf(buf, size, "%s:%u", ep->addr, ep->port);
	return buf;
}

const char *dns_tsig_algorithm(const char *name)
{
	static const char *const known[] = {
		"hmac-sha256.", "hmac-sha512.", "hmac-sha384.",
		"hmac-sha224.", "hmac-sha1.",
	};
	size_t i, n;

	if (name == NULL || name[0] == '\0')
		return known[0];
	n = strnlen(name, 32);
	if (n > 0 && name[n - 1] == '.')
		n--;
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strlen(known[i]) == n + 1 &&
		    strncasecmp(known[i], name, n) == 0)
			return known[i];
	return NULL;
}

/* Returns 1 when s is standard base64 (RFC 4648 section 4) with padding
 * only at the end and a length that is a multiple of 4. */
static int base64_ok(const char *s, size_t n)
{
	size_t i, pad = 0;

	if (n == 0 || n % 4 != 0)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '=') {
			pad++;
			continue;
		}
		if (pad > 0)
			return 0;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '+' || c == '/'))
			return 0;
	}
	return pad <= 2;
}

enum rc dns_tsig_check(const struct dns_tsig *k, struct err *e)
{
	size_t n;

	if (k == NULL || k->name == NULL || !dns_name_ok(k->name))
		return err_set(e, RC_INPUT,
			       _("the TSIG key name '%.80s' is not a DNS "
				 "name"),
			       k != NULL && k->name != NULL ? k->name : "");
	if (dns_tsig_algorithm(k->algorithm) == NULL)
		return err_set(e, RC_INPUT,
			       _("unknown TSIG algorithm '%.40s' (use "
				 "hmac-sha256, hmac-sha512, hmac-sha384, "
				 "hmac-sha224 or hmac-sha1)"),
			       k->algorithm);
	n = k->secret != NULL ? strnlen(k->secret, DNS_TSIG_SECRET_MAX + 1) : 0;
	if (n == 0 || n > DNS_TSIG_SECRET_MAX || !base64_ok(k->secret, n))
		return err_set(e, RC_INPUT,
			       _("the secret of TSIG key %s is not base64 "
				 "(as tsig-keygen prints it)"),
			       k->name);
	return RC_OK;
}

enum rc dns_server_spec_check(const char *spec, struct err *e)
{
	struct dns_endpoint ep;
	char host[DNS_NAME_MAX + 1];
	const char *colon;
	size_t hlen;

	if (spec != NULL && dns_endpoint_parse(spec, &ep, NULL) == RC_OK)
		return RC_OK;
	if (spec == NULL || spec[0] == '\0')
		goto bad;
	colon = strchr(spec, ':');
	hlen = colon != NULL ? (size_t)(colon - spec) : strlen(spec);
	if (hlen == 0 || hlen > DNS_NAME_MAX)
		goto bad;
	memcpy(host, spec, hlen);
	host[hlen] = '\0';
	if (!dns_name_ok(host) || (colon != NULL && port_parse(colon + 1) == 0))
		goto bad;
	return RC_OK;
bad:
	return err_set(e, RC_INPUT,
		       _("'%.80s' is not a DNS server (HOST, HOST:PORT, IP, "
			 "IP:PORT or [IPv6]:PORT)"),
		       spec != NULL ? spec : "");
}
