/* SPDX-License-Identifier: ISC */
/* url.h - which URLs acmetui agrees to contact: the one URL checker,
 * for a server's URLs and an operator's (credentials, forms, migration).
 *
 * Every URL a server hands out (in the directory, an order, a Location or
 * Link header) must be https, carry no user name or password, and by
 * default sit on the same origin (scheme, host, port) as the directory
 * URL, so a hostile or confused server cannot point the client at another
 * host.  An account may allow other origins (some CAs serve certificates
 * from a CDN host). */
#ifndef ACMETUI_ACME_URL_H
#define ACMETUI_ACME_URL_H

#include "util/err.h"

/* Longest URL acmetui accepts from anyone. */
#define URL_MAX 2048

struct url_policy {
	const char *origin; /* the directory URL (borrowed) */
	int any_origin;	    /* 1: accept any https origin */
};

/* Checks url against policy p (p NULL: https only).  what names the
 * field for the error ("order finalize URL").  Returns RC_OK, or
 * RC_PROTO with a sanitized detail. */
enum rc url_check(const struct url_policy *p, const char *url, const char *what,
		  struct err *e);

/* Returns 1 when a and b are both absolute https URLs on the same origin
 * (scheme and host compared case-insensitively, default port 443
 * filled in), else 0. */
int url_same_origin(const char *a, const char *b);

/* Returns 1 when url is an absolute https URL without user info, at most
 * ACME_URL_MAX bytes and free of control characters and spaces. */
int url_is_https(const char *url);

/* Writes url's origin "scheme://host:port" into out (size outsz), scheme
 * and host lower-cased, the scheme's default port filled in (https 443,
 * http 80), truncated to fit.  Any scheme; user info is refused.
 * Returns 0, or -1 when url does not parse (out is then untouched). */
int url_origin_text(const char *url, char *out, size_t outsz);

#endif
