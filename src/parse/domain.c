/* SPDX-License-Identifier: ISC */
/* domain.c - certificate identifiers: DNS names and IP literals. */
#include "config.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "parse/domain.h"
#include "util/safe.h"

#define LABEL_MAX 63
/* How much of a rejected input is quoted back in an error message. */
#define SHOWN_MAX 96

/* Records RC_INPUT "invalid domain '<in>': <why>" in e, with in passed
 * through safe_line() so that the operator sees exactly what was typed,
 * escapes and all, but never raw control bytes.  Returns RC_INPUT. */
static enum rc reject(struct err *e, const char *in, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum rc reject(struct err *e, const char *in, const char *fmt, ...)
{
	char shown[SHOWN_MAX], why[ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	safe_line(shown, sizeof(shown), in, strlen(in));
	return err_set(e, RC_INPUT, _("invalid domain '%s': %s"), shown, why);
}

/* Refuses bytes no identifier may contain: non-ASCII (asking for the
 * A-label form, since acmetui does not do IDNA conversion itself), spaces
 * and controls.  Returns RC_OK or RC_INPUT. */
static enum rc check_bytes(const char *in, struct err *e)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] >= 0x80)
			return reject(e, in, "%s",
				      _("non-ASCII characters are not allowed;"
					" give the IDNA A-label form"
					" (xn--...)"));
		if (s[i] == ' ')
			return reject(e, in, "%s", _("space is not allowed"));
		if (s[i] < 0x20 || s[i] == 0x7f)
			return reject(e, in, "%s",
				      _("control characters are not allowed"));
	}
	return RC_OK;
}

/* When s (lower-case, n bytes) is an IPv4 or IPv6 literal, writes its
 * canonical text to canon (INET6_ADDRSTRLEN bytes) and returns 1; IPv6
 * may be given in [brackets].  Returns 0 otherwise. */
static int ip_literal(const char *s, size_t n, char *canon)
{
	char tmp[INET6_ADDRSTRLEN + 2];
	unsigned char addr[sizeof(struct in6_addr)];
	int af = AF_INET;

	if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		s++;
		n -= 2;
		af = AF_INET6;
	} else if (memchr(s, ':', n) != NULL) {
		af = AF_INET6;
	}
	if (n == 0 || n >= sizeof(tmp))
		return 0;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (inet_pton(af, tmp, addr) != 1)
		return 0;
	return inet_ntop(af, addr, canon, INET6_ADDRSTRLEN) != NULL;
}

/* Checks one label (s, n bytes, lower-case) of the DNS name in; a leading
 * "*." has already been taken off by the caller, so any '*' here is
 * misplaced.  Returns RC_OK or RC_INPUT naming the rule. */
static enum rc check_label(const char *in, const char *s, size_t n,
			   struct err *e)
{
	size_t i;

	if (n == 0)
		return reject(e, in, "%s",
			      _("empty label (a leading dot or '..')"));
	for (i = 0; i < n; i++) {
		/* s[0..n) lies inside the NUL-terminated name; the analyzer
		 * loses its length through the loop that lower-cased it. */
		/* NOLINTNEXTLINE(clang-analyzer-core.uninitialized.Assign) */
		char c = s[i];

		if (c == '*')
			return reject(e, in, "%s",
				      _("'*' is allowed only as the whole"
					" leftmost label (*.example.com)"));
	}
	if (n > LABEL_MAX)
		return reject(e, in,
			      _("label '%.*s...' is longer than %d"
				" characters"),
			      16, s, LABEL_MAX);
	if (s[0] == '-' || s[n - 1] == '-')
		return reject(e, in, _("label '%.*s' starts or ends with '-'"),
			      (int)n, s);
	if (n >= 4 && s[2] == '-' && s[3] == '-' &&
	    !(s[0] == 'x' && s[1] == 'n'))
		return reject(e, in,
			      _("label '%.*s' has '--' in positions 3-4,"
				" reserved for xn-- labels"),
			      (int)n, s);
	return RC_OK;
}

/* Checks the lower-cased DNS name (no trailing dot) label by label.
 * Returns RC_OK or RC_INPUT. */
static enum rc check_dns_name(const char *in, const char *name, struct err *e)
{
	const char *p = name, *last = name;
	size_t labels = 0, lastlen = 0, i;
	int wildcard = 0;
	enum rc rc;

	/* Characters first: "../x" is better explained by its '/' than by
	 * its empty label. */
	for (i = 0; name[i] != '\0'; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '.' || c == '*'))
			return reject(e, in,
				      _("character '%c' is not allowed (only"
					" letters, digits, '-' and '.')"),
				      c);
	}
	if (strncmp(name, "*.", 2) == 0) {
		wildcard = 1;
		p += 2;
	}
	for (;;) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);

		rc = check_label(in, p, n, e);
		if (rc != RC_OK)
			return rc;
		labels++;
		last = p;
		lastlen = n;
		if (dot == NULL)
			break;
		p = dot + 1;
	}
	if (wildcard && labels < 2)
		return reject(e, in, "%s",
			      _("a wildcard needs at least two labels after"
				" '*.' (*.example.com, not *.com)"));
	if (labels < 2)
		return reject(e, in, "%s",
			      _("a single label is not a domain name (use a"
				" fully qualified name like example.com)"));
	for (i = 0; i < lastlen; i++)
		if (last[i] < '0' || last[i] > '9')
			return RC_OK;
	return reject(e, in, "%s",
		      _("the last label is all digits, but the name is not a"
			" valid IP address"));
}

/* Checks the lower-cased name (len bytes, not an IP literal) as a DNS
 * name, dropping one trailing dot in place.  Returns RC_OK or RC_INPUT. */
static enum rc check_dns(const char *in, char *name, size_t len, struct err *e)
{
	char canon[INET6_ADDRSTRLEN];

	if (len > 2 && strncmp(name, "*.", 2) == 0 &&
	    ip_literal(name + 2, len - 2, canon))
		return reject(e, in, "%s",
			      _("a wildcard cannot cover an IP address"));
	if (name[0] == '[' || memchr(name, ':', len) != NULL)
		return reject(e, in, "%s", _("not a valid IPv6 address"));
	if (name[len - 1] == '.')
		name[--len] = '\0';
	if (len == 0)
		return reject(e, in, "%s", _("empty name"));
	if (len > DOMAIN_NAME_MAX)
		return reject(e, in, _("longer than %d characters"),
			      DOMAIN_NAME_MAX);
	return check_dns_name(in, name, e);
}

enum rc domain_normalize(const char *in, char *out, size_t outsz,
			 enum domain_kind *type, struct err *e)
{
	char name[DOMAIN_NAME_MAX + 2], canon[INET6_ADDRSTRLEN];
	enum domain_kind t = DOMAIN_DNS;
	const char *res = name;
	enum rc rc;
	size_t len, i;

	if (outsz > 0)
		out[0] = '\0';
	if (in == NULL)
		return err_set(e, RC_USAGE, "%s", _("no domain given"));
	rc = check_bytes(in, e);
	if (rc != RC_OK)
		goto out;
	len = strlen(in);
	if (len == 0) {
		rc = reject(e, in, "%s", _("empty name"));
		goto out;
	}
	/* Room for the longest name plus a trailing dot. */
	if (len > DOMAIN_NAME_MAX + 1) {
		rc = reject(e, in, _("longer than %d characters"),
			    DOMAIN_NAME_MAX);
		goto out;
	}
	for (i = 0; i < len; i++) {
		char c = in[i];

		name[i] = (char)((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
	}
	name[len] = '\0';
	if (ip_literal(name, len, canon)) {
		t = DOMAIN_IP;
		res = canon;
	} else {
		rc = check_dns(in, name, len, e);
		if (rc != RC_OK)
			goto out;
	}
	if (strlen(res) >= outsz) {
		rc = err_set(e, RC_USAGE, "%s", _("domain buffer too small"));
		goto out;
	}
	memcpy(out, res, strlen(res) + 1);
	if (type != NULL)
		*type = t;
out:
	return rc;
}

int domain_ident_ok(const char *s, unsigned ok)
{
	char norm[DOMAIN_BUFSZ];
	enum domain_kind kind;

	/* As a CA writes it (RFC 8555, RFC 8738): no [brackets], no root
	 * dot, which domain_normalize() would take from an operator. */
	if (s == NULL || s[0] == '[' ||
	    (s[0] != '\0' && s[strlen(s) - 1] == '.'))
		return 0;
	if (domain_normalize(s, norm, sizeof(norm), &kind, NULL) != RC_OK)
		return 0;
	if (kind == DOMAIN_IP)
		return (ok & DOMAIN_OK_IP) != 0;
	return (ok & DOMAIN_OK_DNS) != 0 &&
	       (!domain_is_wildcard(norm) || (ok & DOMAIN_OK_WILDCARD) != 0);
}

int domain_is_wildcard(const char *name)
{
	return name != NULL && name[0] == '*' && name[1] == '.';
}

const char *domain_base(const char *name)
{
	if (domain_is_wildcard(name))
		return name + 2;
	return name;
}

int domain_www_twin(const char *name, char *out, size_t outsz)
{
	static const char www[] = "www.";
	char norm[DOMAIN_BUFSZ], cand[DOMAIN_BUFSZ + sizeof(www)];
	char twin[DOMAIN_BUFSZ];
	enum domain_kind t = DOMAIN_DNS;
	size_t n;

	if (outsz > 0)
		out[0] = '\0';
	if (name == NULL || domain_is_wildcard(name))
		return 0;
	if (domain_normalize(name, norm, sizeof(norm), &t, NULL) != RC_OK ||
	    t != DOMAIN_DNS)
		return 0;
	n = strlen(norm);
	if (strncmp(norm, www, 4) == 0)
		memcpy(cand, norm + 4, n - 4 + 1);
	else
		snprintf(cand, sizeof(cand), "%s%s", www, norm);
	/* The twin obeys the same rules: "www.com" has none, and a name
	 * within 4 bytes of the limit has no room for "www.". */
	if (domain_normalize(cand, twin, sizeof(twin), &t, NULL) != RC_OK)
		return 0;
	n = strlen(twin);
	if (n >= outsz)
		return 0;
	memcpy(out, twin, n + 1);
	return 1;
}
