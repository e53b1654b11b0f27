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

/* One rule.  NULL fields match anything; words is a '|'-separated list of
 * which at least one must occur in the detail.  cause and fix are N_()
 * texts in which "{ip}" stands for the address the CA tried. */
struct rule {
	const char *method;
	const char *types;	/* '|'-separated short problem types */
	const char *words;
	const char *cause;
	const char *fix;
};

static const struct rule rules[] = {
	{ NULL, "rateLimited", NULL,
	  N_("the CA's rate limit for this account or these names was "
	     "reached"),
	  N_("wait until the time the CA gave (acmetui retries then) and "
	     "avoid repeating failing orders") },
	{ NULL, "caa", NULL,
	  N_("a CAA record forbids this CA to issue for the name"),
	  N_("add a CAA \"issue\" record naming the CA ('acmetui doctor "
	     "NAME' shows the records and the CA's identities)") },
	{ NULL, NULL, "CAA record",
	  N_("a CAA record forbids this CA to issue for the name"),
	  N_("add a CAA \"issue\" record naming the CA ('acmetui doctor "
	     "NAME' shows the records and the CA's identities)") },
	{ NULL, "rejectedIdentifier", NULL,
	  N_("the CA's policy refuses this name"),
	  N_("check the name's spelling; the CA does not issue for it "
	     "(blocked or internal name)") },
	{ "dns-01", NULL,
	  "no TXT record|no valid TXT|TXT record not found|NXDOMAIN looking "
	  "up TXT|No TXT",
	  N_("the TXT record did not propagate to the authoritative servers, "
	     "or was written to the wrong zone"),
	  N_("check where the hook or RFC 2136 update writes (a CNAME at "
	     "_acme-challenge delegates it) and allow more propagation time; "
	     "'acmetui doctor NAME' tests it") },
	{ "dns-01", "unauthorized|incorrectResponse",
	  "incorrect TXT|TXT record|TXT value",
	  N_("a TXT record is there but holds another value (a stale record "
	     "or another ACME client)"),
	  N_("remove old _acme-challenge TXT records and let only one client "
	     "validate this name") },
	{ NULL, "dns|connection|unauthorized",
	  "NXDOMAIN|no such host|no valid A|no valid IP|no A record|no IP "
	  "addresses",
	  N_("the name does not resolve (no A or AAAA record)"),
	  N_("publish an A or AAAA record pointing to this server, or use "
	     "dns-01") },
	{ NULL, "dns", "SERVFAIL|timeout|timed out|DNSSEC|i/o timeout",
	  N_("the name's DNS servers failed to answer (SERVFAIL or timeout, "
	     "often broken DNSSEC)"),
	  N_("check the zone's name servers and its DNSSEC signatures (dig "
	     "+dnssec)") },
	{ "tls-alpn-01", NULL, "refused",
	  N_("nothing answers on port 443 of {ip}"),
	  N_("let acmetui's TLS-ALPN responder have port 443 during "
	     "validation (stop the web server there, or forward the port)") },
	{ "tls-alpn-01", NULL,
	  "timeout|timed out|deadline exceeded|no route",
	  N_("the CA could not reach port 443 of {ip}: a firewall or router "
	     "drops the connection"),
	  N_("open port 443 to the internet, or use dns-01") },
	{ "tls-alpn-01", NULL, NULL,
	  N_("port 443 of {ip} is not answered by acmetui's responder "
	     "(another TLS server answered)"),
	  N_("stop or move the service on port 443 during validation, or use "
	     "http-01 or dns-01") },
	{ "http-01", NULL, "refused",
	  N_("nothing answers on port 80 of {ip}"),
	  N_("start the web server or use --standalone") },
	{ NULL, NULL, "timeout|timed out|deadline exceeded|no route",
	  N_("the CA could not connect to {ip}: a firewall or router drops "
	     "the connection"),
	  N_("open port 80 (http-01) or 443 (tls-alpn-01) to the internet, "
	     "or use dns-01") },
	{ "http-01", NULL, "404",
	  N_("the webroot is not the directory the web server serves for "
	     "this name"),
	  N_("point --webroot at the document root of this name's site (or "
	     "alias /.well-known/acme-challenge/ to it)") },
	{ "http-01", NULL, "403",
	  N_("the web server refuses to serve /.well-known/acme-challenge/"),
	  N_("allow reading that path (file permissions, deny rules, "
	     "authentication)") },
	{ "http-01", NULL, "redirect",
	  N_("a redirect led the CA away from the token"),
	  N_("serve /.well-known/acme-challenge/ without redirects, or "
	     "redirect only to http or https on ports 80/443") },
	{ "http-01", NULL, "500|502|503|504",
	  N_("the web server failed while serving the token"),
	  N_("check the web server's error log") },
	{ "http-01", "unauthorized|incorrectResponse", NULL,
	  N_("another server answered with other content (the name points "
	     "elsewhere, or a cluster node lacks the token)"),
	  N_("make the name resolve to this server; on a cluster serve the "
	     "token from every node") },
	{ NULL, "connection", NULL,
	  N_("the CA could not connect to {ip}"),
	  N_("check that the name points to this server and that the port is "
	     "open") },
	{ NULL, "unauthorized|incorrectResponse", NULL,
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
		tmp[colon - tmp] = '\0';	/* IPv4 with a port */
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

/* Copies text into out replacing "{ip}" with ip. */
static void expand(const char *text, const char *ip, char *out, size_t sz)
{
	const char *mark = strstr(text, "{ip}");

	if (mark == NULL) {
		snprintf(out, sz, "%s", text);
		return;
	}
	snprintf(out, sz, "%.*s%s%s", (int)(mark - text), text, ip,
		 mark + 4);
}

/* Returns 1 when rule r fits. */
static int rule_fits(const struct rule *r, const char *type,
		     const char *detail, const char *method)
{
	if (r->method != NULL &&
	    (method == NULL || strcmp(r->method, method) != 0))
		return 0;
	if (r->types != NULL && (type[0] == '\0' || !one_of(r->types, type, 0)))
		return 0;
	if (r->words != NULL && (detail[0] == '\0' ||
				 !one_of(r->words, detail, 1)))
		return 0;
	return 1;
}

int doctor_explain(const char *type, const char *detail, const char *method,
		   char *out, size_t outsz)
{
	char addr[64], cause[256], fix[256];
	const char *shortt = type != NULL ? type : "";
	size_t i;

	if (outsz == 0)
		return 0;
	out[0] = '\0';
	if (strncmp(shortt, PROBLEM_NS, strlen(PROBLEM_NS)) == 0)
		shortt += strlen(PROBLEM_NS);
	if (detail == NULL)
		detail = "";
	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		if (!rule_fits(&rules[i], shortt, detail, method))
			continue;
		if (!explain_find_addr(detail, addr, sizeof(addr)))
			snprintf(addr, sizeof(addr), "%s", _("the server"));
		expand(_(rules[i].cause), addr, cause, sizeof(cause));
		expand(_(rules[i].fix), addr, fix, sizeof(fix));
		snprintf(out, outsz, _("likely cause: %s; fix: %s"), cause,
			 fix);
		return 1;
	}
	return 0;
}
