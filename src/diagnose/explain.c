/* SPDX-License-Identifier: ISC */
/* explain.c - the most likely cause of a failed validation, from the
 * problem the CA sent (see explain.h).
 *
 * A table of rules, tried in order: the first whose method, problem type
 * and detail words all fit gives the answer.  Words are matched without
 * regard to case, because CAs word the same failure differently (Boulder:
 * "Connection refused", Pebble: "connect: connection refused"). */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "acme/problem.h"
#include "diagnose/explain.h"
#include "util/i18n.h"

/* How the port the CA dialled must relate to ours for a rule. */
enum port_rel {
	PORTS_ANY,
	PORTS_KNOWN, /* the CA's port is known */
	PORTS_SAME,  /* both known and equal */
	PORTS_DIFFER /* both known and different */
};

/* One rule.  NULL fields (and EXPLAIN_MODE_UNKNOWN, PORTS_ANY) match
 * anything; words is a '|'-separated list of which at least one must
 * occur in the detail.  cause and fix are N_() texts in which "{ip}"
 * stands for the address the CA tried, "{port}" for the port it dialled
 * and "{ours}" for the port our responder listens on. */
struct rule {
	const char *method;
	enum explain_mode mode;
	enum port_rel ports;
	const char *types; /* '|'-separated short problem types */
	const char *words;
	const char *cause;
	const char *fix;
};

#define ANY EXPLAIN_MODE_UNKNOWN, PORTS_ANY
#define STANDALONE EXPLAIN_MODE_STANDALONE
#define WEBROOT EXPLAIN_MODE_WEBROOT

static const struct rule rules[] = {
	{ NULL, ANY, "rateLimited", NULL,
	  N_("the CA's rate limit for this account or these names was "
	     "reached"),
	  N_("wait until the time the CA gave (acmetui retries then) and "
	     "avoid repeating failing orders") },
	{ NULL, ANY, "caa", NULL,
	  N_("a CAA record forbids this CA to issue for the name"),
	  N_("add a CAA \"issue\" record naming the CA ('acmetui doctor "
	     "NAME' shows the records and the CA's identities)") },
	{ NULL, ANY, NULL, "CAA record",
	  N_("a CAA record forbids this CA to issue for the name"),
	  N_("add a CAA \"issue\" record naming the CA ('acmetui doctor "
	     "NAME' shows the records and the CA's identities)") },
	{ NULL, ANY, "rejectedIdentifier", NULL,
	  N_("the CA's policy refuses this name"),
	  N_("check the name's spelling; the CA does not issue for it "
	     "(blocked or internal name)") },
	{ "dns-01", ANY, NULL,
	  "no TXT record|no valid TXT|TXT record not found|NXDOMAIN looking "
	  "up TXT|No TXT",
	  N_("the TXT record did not propagate to the authoritative servers, "
	     "or was written to the wrong zone"),
	  N_("check where the hook or RFC 2136 update writes (a CNAME at "
	     "_acme-challenge delegates it) and allow more propagation time; "
	     "'acmetui doctor NAME' tests it") },
	{ "dns-01", ANY, "unauthorized|incorrectResponse",
	  "incorrect TXT|TXT record|TXT value",
	  N_("a TXT record is there but holds another value (a stale record "
	     "or another ACME client)"),
	  N_("remove old _acme-challenge TXT records and let only one client "
	     "validate this name") },
	{ NULL, ANY, "dns|connection|unauthorized",
	  "NXDOMAIN|no such host|no valid A|no valid IP|no A record|no IP "
	  "addresses",
	  N_("the name does not resolve (no A or AAAA record)"),
	  N_("publish an A or AAAA record pointing to this server, or use "
	     "dns-01") },
	{ NULL, ANY, "dns", "SERVFAIL|timeout|timed out|DNSSEC|i/o timeout",
	  N_("the name's DNS servers failed to answer (SERVFAIL or timeout, "
	     "often broken DNSSEC)"),
	  N_("check the zone's name servers and its DNSSEC signatures (dig "
	     "+dnssec)") },
	{ "tls-alpn-01", STANDALONE, PORTS_DIFFER, NULL, "refused",
	  N_("the CA connected to port {port} of {ip}, but acmetui's "
	     "TLS-ALPN responder listens on port {ours}"),
	  N_("forward port {port} to port {ours} on this host, or let the "
	     "responder listen on port {port} (--tls-port {port})") },
	{ "tls-alpn-01", ANY, NULL, "refused",
	  N_("nothing answers on port {port} of {ip}"),
	  N_("let acmetui's TLS-ALPN responder have port {port} during "
	     "validation (stop the web server there, or forward the port)") },
	{ "tls-alpn-01", ANY, NULL,
	  "timeout|timed out|deadline exceeded|no route",
	  N_("the CA could not reach port {port} of {ip}: a firewall or "
	     "router drops the connection"),
	  N_("open port {port} to the internet, or use dns-01") },
	{ "tls-alpn-01", ANY, NULL, NULL,
	  N_("port {port} of {ip} is not answered by acmetui's responder "
	     "(another TLS server answered)"),
	  N_("stop or move the service on port {port} during validation, or "
	     "use http-01 or dns-01") },
	{ "http-01", STANDALONE, PORTS_DIFFER, NULL, "refused",
	  N_("the CA connected to port {port} of {ip}, but acmetui's "
	     "standalone responder listens on port {ours}"),
	  N_("forward port {port} to port {ours} on this host, or let the "
	     "responder listen on port {port} (--http-port {port})") },
	{ "http-01", STANDALONE, PORTS_ANY, NULL, "refused",
	  N_("nothing answered on port {port} of {ip}, although acmetui's "
	     "standalone responder listens on that port here"),
	  N_("check that the name resolves to this host and that nothing in "
	     "between (NAT, firewall, load balancer) sends port {port} "
	     "elsewhere; 'acmetui doctor NAME' tests both") },
	{ "http-01", ANY, NULL, "refused",
	  N_("nothing answers on port {port} of {ip}"),
	  N_("start the web server on port {port} or use --standalone") },
	{ NULL, EXPLAIN_MODE_UNKNOWN, PORTS_KNOWN, NULL,
	  "timeout|timed out|deadline exceeded|no route",
	  N_("the CA could not connect to port {port} of {ip}: a firewall "
	     "or router drops the connection"),
	  N_("open port {port} to the internet, or use dns-01") },
	{ NULL, ANY, NULL, "timeout|timed out|deadline exceeded|no route",
	  N_("the CA could not connect to {ip}: a firewall or router drops "
	     "the connection"),
	  N_("open port 80 (http-01) or 443 (tls-alpn-01) to the internet, "
	     "or use dns-01") },
	{ "http-01", ANY, NULL, "404",
	  N_("the webroot is not the directory the web server serves for "
	     "this name"),
	  N_("point --webroot at the document root of this name's site (or "
	     "alias /.well-known/acme-challenge/ to it)") },
	{ "http-01", ANY, NULL, "403",
	  N_("the web server refuses to serve /.well-known/acme-challenge/"),
	  N_("allow reading that path (file permissions, deny rules, "
	     "authentication)") },
	{ "http-01", ANY, NULL, "redirect",
	  N_("a redirect led the CA away from the token"),
	  N_("serve /.well-known/acme-challenge/ without redirects, or "
	     "redirect only to http or https on ports 80/443") },
	{ "http-01", ANY, NULL, "500|502|503|504",
	  N_("the web server failed while serving the token"),
	  N_("check the web server's error log") },
	{ "http-01", ANY, "unauthorized|incorrectResponse", NULL,
	  N_("another server answered with other content (the name points "
	     "elsewhere, or a cluster node lacks the token)"),
	  N_("make the name resolve to this server; on a cluster serve the "
	     "token from every node") },
	{ NULL, EXPLAIN_MODE_UNKNOWN, PORTS_KNOWN, "connection", NULL,
	  N_("the CA could not connect to port {port} of {ip}"),
	  N_("check that the name points to this server and that port "
	     "{port} is open") },
	{ NULL, ANY, "connection", NULL, N_("the CA could not connect to {ip}"),
	  N_("check that the name points to this server and that the port is "
	     "open") },
	{ NULL, ANY, "unauthorized|incorrectResponse", NULL,
	  N_("the CA did not accept the challenge response"),
	  N_("run 'acmetui doctor NAME' to test each name") },
};

/* Returns 1 when hay contains needle, ignoring ASCII case. */
static int has_word(const char *hay, const char *needle, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (; *hay != '\0'; hay++) {
		for (i = 0; i < n && hay[i] != '\0'; i++)
			if ((hay[i] | 0x20) != (needle[i] | 0x20) &&
			    hay[i] != needle[i])
				break;
		if (i == n)
			return 1;
	}
	return 0;
}

/* Returns 1 when s equals one of the '|'-separated alternatives of list
 * (contains: 1 when s contains one of them). */
static int one_of(const char *list, const char *s, int contains)
{
	const char *p = list, *bar;
	size_t n;

	for (;;) {
		bar = strchr(p, '|');
		n = bar != NULL ? (size_t)(bar - p) : strlen(p);
		if (contains ? has_word(s, p, n)
			     : (strlen(s) == n && strncasecmp(s, p, n) == 0))
			return 1;
		if (bar == NULL)
			return 0;
		p = bar + 1;
	}
}

/* Checks the run starting at s (length n) as an address; "1.2.3.4:80"
 * counts without its port. */
static int try_addr(const char *s, size_t n, char *out, size_t outsz)
{
	unsigned char bin[16];
	char tmp[64];
	const char *colon;

	if (n == 0 || n >= sizeof(tmp))
		return 0;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	while (n > 0 && (tmp[n - 1] == '.' || tmp[n - 1] == ':'))
		tmp[--n] = '\0';
	colon = strchr(tmp, ':');
	if (strchr(tmp, '.') != NULL && colon != NULL &&
	    strchr(colon + 1, ':') == NULL)
		tmp[colon - tmp] = '\0'; /* IPv4 with a port */
	if (inet_pton(AF_INET, tmp, bin) == 1)
		return inet_ntop(AF_INET, bin, out, (socklen_t)outsz) != NULL;
	if (strchr(tmp, ':') != NULL && inet_pton(AF_INET6, tmp, bin) == 1)
		return inet_ntop(AF_INET6, bin, out, (socklen_t)outsz) != NULL;
	return 0;
}

/* Characters an address literal (with an IPv4 port) is made of. */
static int addr_char(char c)
{
	return c != '\0' && strchr("0123456789abcdefABCDEF:.", c) != NULL;
}

int explain_find_addr(const char *text, char *out, size_t outsz)
{
	const char *p = text, *start;

	if (outsz > 0)
		out[0] = '\0';
	if (text == NULL || outsz < 46)
		return 0;
	while (*p != '\0') {
		if (!addr_char(*p)) {
			p++;
			continue;
		}
		start = p;
		while (addr_char(*p))
			p++;
		/* A run glued to a word ("dead:beef" in "xdead:beef") is
		 * part of that word. */
		if (start != text && isalnum((unsigned char)start[-1]))
			continue;
		if (try_addr(start, (size_t)(p - start), out, outsz))
			return 1;
	}
	out[0] = '\0';
	return 0;
}

/* What the placeholders of a rule's texts stand for. */
struct facts {
	char ip[64]; /* the address the CA tried, or words */
	int port;    /* the port it dialled; 0: unknown */
	int ours;    /* where our responder listens; 0: unknown */
};

/* Copies text into out (size sz) replacing "{ip}", "{port}" and
 * "{ours}" with the facts. */
static void expand(const char *text, const struct facts *f, char *out,
		   size_t sz)
{
	size_t used = 0;
	int n;

	out[0] = '\0';
	while (*text != '\0' && used + 1 < sz) {
		if (strncmp(text, "{ip}", 4) == 0) {
			n = snprintf(out + used, sz - used, "%s", f->ip);
			text += 4;
		} else if (strncmp(text, "{port}", 6) == 0) {
			n = snprintf(out + used, sz - used, "%d", f->port);
			text += 6;
		} else if (strncmp(text, "{ours}", 6) == 0) {
			n = snprintf(out + used, sz - used, "%d", f->ours);
			text += 6;
		} else {
			out[used] = *text++;
			out[used + 1] = '\0';
			n = 1;
		}
		if (n < 0)
			return;
		used += (size_t)n;
		if (used >= sz)
			return;
	}
}

/* Returns 1 when the ports of f relate as r asks. */
static int ports_fit(enum port_rel rel, const struct facts *f)
{
	switch (rel) {
	case PORTS_KNOWN:
		return f->port != 0;
	case PORTS_SAME:
		return f->port != 0 && f->ours != 0 && f->port == f->ours;
	case PORTS_DIFFER:
		return f->port != 0 && f->ours != 0 && f->port != f->ours;
	case PORTS_ANY:
		break;
	}
	return 1;
}

/* Returns 1 when rule r fits. */
static int rule_fits(const struct rule *r, const char *type, const char *detail,
		     const struct explain_setup *how, const struct facts *f)
{
	if (r->method != NULL &&
	    (how->method == NULL || strcmp(r->method, how->method) != 0))
		return 0;
	if (r->mode != EXPLAIN_MODE_UNKNOWN && r->mode != how->mode)
		return 0;
	if (!ports_fit(r->ports, f))
		return 0;
	if (r->types != NULL && (type[0] == '\0' || !one_of(r->types, type, 0)))
		return 0;
	if (r->words != NULL &&
	    (detail[0] == '\0' || !one_of(r->words, detail, 1)))
		return 0;
	return 1;
}

/* The port a method's validation uses unless told otherwise (RFC 8555
 * section 8.3, RFC 8737 section 3); 0 for others. */
static int standard_port(const char *method)
{
	if (method == NULL)
		return 0;
	if (strcmp(method, "http-01") == 0)
		return 80;
	if (strcmp(method, "tls-alpn-01") == 0)
		return 443;
	return 0;
}

/* What happened, from the CA's detail and our setup. */
static void gather_facts(const char *detail, const struct explain_setup *how,
			 struct facts *f)
{
	if (!explain_find_addr(detail, f->ip, sizeof(f->ip)))
		snprintf(f->ip, sizeof(f->ip), "%s", _("the server"));
	f->port = explain_find_port(detail);
	if (f->port == 0)
		f->port = standard_port(how->method);
	f->ours = 0;
	if (how->mode == EXPLAIN_MODE_STANDALONE)
		f->ours = how->port > 0 && how->port <= 65535
				  ? how->port
				  : standard_port(how->method);
}

int explain_with_setup(const char *type, const char *detail,
		       const struct explain_setup *how, char *out, size_t outsz)
{
	static const struct explain_setup unknown = { NULL,
						      EXPLAIN_MODE_UNKNOWN, 0 };
	char cause[256], fix[256];
	const char *shortt = type != NULL ? type : "";
	struct facts f;
	size_t i;

	if (outsz == 0)
		return 0;
	out[0] = '\0';
	if (how == NULL)
		how = &unknown;
	if (strncmp(shortt, PROBLEM_NS, strlen(PROBLEM_NS)) == 0)
		shortt += strlen(PROBLEM_NS);
	if (detail == NULL)
		detail = "";
	gather_facts(detail, how, &f);
	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		if (!rule_fits(&rules[i], shortt, detail, how, &f))
			continue;
		expand(_(rules[i].cause), &f, cause, sizeof(cause));
		expand(_(rules[i].fix), &f, fix, sizeof(fix));
		snprintf(out, outsz, _("likely cause: %s; fix: %s"), cause,
			 fix);
		return 1;
	}
	return 0;
}

int doctor_explain(const char *type, const char *detail, const char *method,
		   char *out, size_t outsz)
{
	struct explain_setup how = { method, EXPLAIN_MODE_UNKNOWN, 0 };

	return explain_with_setup(type, detail, &how, out, outsz);
}

/* The port in decimal at p, ended by a character that is no letter or
 * digit: 1..65535, else 0. */
static int port_at(const char *p)
{
	int v = 0, n = 0;

	while (n < 6 && isdigit((unsigned char)p[n]))
		v = v * 10 + (p[n++] - '0');
	if (n == 0 || n > 5 || isalnum((unsigned char)p[n]) || v < 1 ||
	    v > 65535)
		return 0;
	return v;
}

/* The port of an "IPv4:port" run (s, n bytes of address characters). */
static int ipv4_port(const char *s, size_t n)
{
	unsigned char bin[4];
	char tmp[64];
	char *colon;

	if (n >= sizeof(tmp))
		return 0;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	colon = strchr(tmp, ':');
	if (colon == NULL)
		return 0;
	*colon = '\0';
	if (inet_pton(AF_INET, tmp, bin) != 1)
		return 0;
	return port_at(colon + 1);
}

/* The port of "[IPv6]:port" starting at the '[' at p. */
static int ipv6_port(const char *p)
{
	unsigned char bin[16];
	const char *end = strchr(p, ']');
	char tmp[64];
	size_t n;

	if (end == NULL || (n = (size_t)(end - p - 1)) >= sizeof(tmp) ||
	    end[1] != ':')
		return 0;
	memcpy(tmp, p + 1, n);
	tmp[n] = '\0';
	if (inet_pton(AF_INET6, tmp, bin) != 1)
		return 0;
	return port_at(end + 2);
}

/* The port of the first http:// or https:// URL in text: the one in its
 * authority, else the scheme's; 0 without a URL. */
static int url_port(const char *text)
{
	const char *http = strstr(text, "http://");
	const char *https = strstr(text, "https://");
	const char *u, *host, *end, *colon;
	int dflt;

	if (http == NULL && https == NULL)
		return 0;
	if (https != NULL && (http == NULL || https < http)) {
		u = https;
		dflt = 443;
	} else {
		u = http;
		dflt = 80;
	}
	host = strstr(u, "//") + 2;
	end = host + strcspn(host, "/?#\"' ");
	colon = NULL;
	for (u = host; u < end; u++)
		if (*u == ':')
			colon = u;
		else if (*u == ']')
			colon = NULL; /* a colon inside [IPv6] */
	return colon != NULL ? port_at(colon + 1) : dflt;
}

int explain_find_port(const char *text)
{
	const char *p = text, *start;
	int port;

	if (text == NULL)
		return 0;
	while (*p != '\0') {
		if (*p == '[' && (port = ipv6_port(p)) != 0)
			return port;
		if (!addr_char(*p)) {
			p++;
			continue;
		}
		start = p;
		while (addr_char(*p))
			p++;
		if (start != text && isalnum((unsigned char)start[-1]))
			continue;
		port = ipv4_port(start, (size_t)(p - start));
		if (port != 0)
			return port;
	}
	return url_port(text);
}
