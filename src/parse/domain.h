/* SPDX-License-Identifier: ISC */
/* domain.h - validation and normalization of certificate identifiers.
 *
 * Every name an operator types (-d, a form field, an imported file) goes
 * through domain_normalize() before it is stored or sent to a CA, so the
 * rest of the program only ever sees lower-case LDH names (IDNA A-labels)
 * or canonical IP address literals. */
#ifndef ACMETUI_DOMAIN_H
#define ACMETUI_DOMAIN_H

#include <stddef.h>

#include "util/err.h"

enum domain_kind {
	DOMAIN_DNS, /* RFC 8555 "dns" identifier, possibly "*.x.y" */
	DOMAIN_IP   /* RFC 8738 "ip" identifier */
};

/* Longest DNS name in text form (RFC 1035 section 2.3.4, without the
 * root dot), and a buffer size that holds any normalized identifier. */
#define DOMAIN_NAME_MAX 253
#define DOMAIN_BUFSZ (DOMAIN_NAME_MAX + 1)

/* Validates in and writes its normalized form to out (outsz bytes; pass
 * DOMAIN_BUFSZ): DNS names lower-cased without a trailing dot, IP
 * literals (IPv4, IPv6, optionally in [brackets]) in canonical
 * inet_ntop() form.  *type (may be NULL) says which.  Rules for DNS
 * names: ASCII letters, digits and hyphens in labels of 1..63, at most
 * 253 in all, at least two labels, no label starting or ending with '-',
 * "--" in positions 3-4 only for "xn--" labels, the last label not all
 * digits, and '*' only as the whole leftmost label followed by at least
 * two labels.  On failure returns RC_INPUT with a detail naming the
 * (sanitized) input and the rule, and leaves out as "" when outsz > 0. */
enum rc domain_normalize(const char *in, char *out, size_t outsz,
			 enum domain_kind *type, struct err *e);

/* What domain_ident_ok() accepts: a bitmask. */
#define DOMAIN_OK_DNS 1	     /* a DNS name */
#define DOMAIN_OK_IP 2	     /* an IP literal */
#define DOMAIN_OK_WILDCARD 4 /* a DNS name may be "*.x.y" */

/* 1 when s passes domain_normalize() as a kind that ok allows, else 0:
 * the one identifier check for values no operator typed (a CA's
 * identifiers, a solver's task), where no reason is shown. */
int domain_ident_ok(const char *s, unsigned ok);

/* 1 when name starts with "*.", else 0 (NULL gives 0). */
int domain_is_wildcard(const char *name);

/* name without a leading "*." (a pointer into name, borrowed). */
const char *domain_base(const char *name);

/* Writes the "www." twin of a normalized DNS name to out: "example.com"
 * gives "www.example.com" and "www.example.com" gives "example.com".
 * Returns 1 when a twin was written, 0 when there is none (wildcards, IP
 * literals, "www.com", invalid names) or it does not fit in outsz; out is
 * then "" when outsz > 0. */
int domain_www_twin(const char *name, char *out, size_t outsz);

#endif
