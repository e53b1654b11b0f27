/* SPDX-License-Identifier: ISC */
/* url.c - https-only, same-origin checks for URLs from a server. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/curl_lib.h"
#include "util/url.h"
#include "util/safe.h"

/* The parts of an URL that make its origin; owned by curl (curl_free). */
struct origin {
	char *scheme, *host, *port;
};

static void origin_clear(struct origin *o)
{
	const struct curl_lib *cl = curl_lib();

	if (cl != NULL) { /* else nothing was allocated */
		cl->free(o->scheme);
		cl->free(o->host);
		cl->free(o->port);
	}
	memset(o, 0, sizeof(*o));
}

/* Splits an absolute URL into its origin (default port filled in).
 * Returns 0, or -1 when the URL is malformed, carries user info, or (with
 * https_only) is not https. */
static int origin_parse(const char *url, int https_only, struct origin *o)
{
	const struct curl_lib *cl;
	CURLU *u = NULL;
	char *user = NULL, *pass = NULL;
	const char *sep;
	size_t i;
	int rc = -1;

	memset(o, 0, sizeof(*o));
	if (url == NULL || strlen(url) > URL_MAX)
		return -1;
	if (https_only && strncasecmp(url, "https://", 8) != 0)
		return -1;
	/* Strictly "scheme://host...": curl would accept "https:///host". */
	sep = strstr(url, "://");
	if (sep == NULL || sep[3] == '/' || sep[3] == '\0')
		return -1;
	for (i = 0; url[i] != '\0'; i++)
		if ((unsigned char)url[i] <= 0x20 || url[i] == 0x7f)
			return -1;
	/* libcurl's URL parser: the one the transport will connect by.
	 * Without libcurl (it cannot be loaded) no URL is usable. */
	cl = curl_lib();
	if (cl == NULL)
		return -1;
	u = cl->url();
	if (u == NULL || cl->url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
		goto out;
	if (cl->url_get(u, CURLUPART_USER, &user, 0) != CURLUE_NO_USER ||
	    cl->url_get(u, CURLUPART_PASSWORD, &pass, 0) != CURLUE_NO_PASSWORD)
		goto out;
	if (cl->url_get(u, CURLUPART_SCHEME, &o->scheme, 0) != CURLUE_OK ||
	    (https_only && strcasecmp(o->scheme, "https") != 0) ||
	    cl->url_get(u, CURLUPART_HOST, &o->host, 0) != CURLUE_OK ||
	    o->host[0] == '\0' ||
	    cl->url_get(u, CURLUPART_PORT, &o->port, CURLU_DEFAULT_PORT) !=
		    CURLUE_OK)
		goto out;
	rc = 0;
out:
	cl->free(user);
	cl->free(pass);
	cl->url_cleanup(u);
	if (rc != 0)
		origin_clear(o);
	return rc;
}

/* The https origin of url (see origin_parse). */
static int origin_of(const char *url, struct origin *o)
{
	return origin_parse(url, 1, o);
}

int url_origin_text(const char *url, char *out, size_t outsz)
{
	struct origin o;
	size_t i;
	int n;

	if (outsz == 0 || origin_parse(url, 0, &o) != 0)
		return -1;
	n = snprintf(out, outsz, "%s://%s:%s", o.scheme, o.host, o.port);
	origin_clear(&o);
	if (n < 0)
		return -1;
	for (i = 0; out[i] != '\0'; i++)
		out[i] = (char)tolower((unsigned char)out[i]);
	return 0;
}

int url_is_https(const char *url)
{
	struct origin o;

	if (origin_of(url, &o) != 0)
		return 0;
	origin_clear(&o);
	return 1;
}

int url_same_origin(const char *a, const char *b)
{
	struct origin oa, ob;
	int same = 0;

	if (origin_of(a, &oa) != 0)
		return 0;
	if (origin_of(b, &ob) != 0) {
		origin_clear(&oa);
		return 0;
	}
	same = strcasecmp(oa.scheme, ob.scheme) == 0 &&
	       strcasecmp(oa.host, ob.host) == 0 &&
	       strcmp(oa.port, ob.port) == 0;
	origin_clear(&oa);
	origin_clear(&ob);
	return same;
}

enum rc url_check(const struct url_policy *p, const char *url, const char *what,
		  struct err *e)
{
	char shown[160];

	if (url == NULL)
		return err_set(e, RC_PROTO, _("%s: missing"), what);
	safe_line(shown, sizeof(shown), url, strlen(url));
	if (!url_is_https(url))
		return err_set(e, RC_PROTO, _("%s: not an https URL: %s"), what,
			       shown);
	if (p != NULL && !p->any_origin && p->origin != NULL &&
	    !url_same_origin(p->origin, url))
		return err_set(e, RC_PROTO,
			       _("%s: %s is not on the directory's host "
				 "(allow other hosts for this account if "
				 "the CA really does this)"),
			       what, shown);
	return RC_OK;
}
