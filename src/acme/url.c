/* url.c - https-only, same-origin checks for URLs from a server. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "acme/types.h"
#include "acme/url.h"
#include "util/safe.h"

/* The parts of an URL that make its origin; owned by curl (curl_free). */
struct origin {
	char *scheme, *host, *port;
};

static void origin_clear(struct origin *o)
{
	curl_free(o->scheme);
	curl_free(o->host);
	curl_free(o->port);
	memset(o, 0, sizeof(*o));
}

/* Splits an absolute https URL into its origin.  Returns 0, or -1 when
 * the URL is malformed, not https, or carries user info. */
static int origin_of(const char *url, struct origin *o)
{
	CURLU *u = NULL;
	char *user = NULL, *pass = NULL;
	size_t i;
	int rc = -1;

	memset(o, 0, sizeof(*o));
	/* Strictly "https://host...": curl would accept "https:///host". */
	if (url == NULL || strlen(url) > ACME_URL_MAX ||
	    strncasecmp(url, "https://", 8) != 0 || url[8] == '/' ||
	    url[8] == '\0')
		return -1;
	for (i = 0; url[i] != '\0'; i++)
		if ((unsigned char)url[i] <= 0x20 || url[i] == 0x7f)
			return -1;
	u = curl_url();
	if (u == NULL || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
		goto out;
	if (curl_url_get(u, CURLUPART_USER, &user, 0) != CURLUE_NO_USER ||
	    curl_url_get(u, CURLUPART_PASSWORD, &pass, 0) !=
		    CURLUE_NO_PASSWORD)
		goto out;
	if (curl_url_get(u, CURLUPART_SCHEME, &o->scheme, 0) != CURLUE_OK ||
	    strcasecmp(o->scheme, "https") != 0 ||
	    curl_url_get(u, CURLUPART_HOST, &o->host, 0) != CURLUE_OK ||
	    o->host[0] == '\0' ||
	    curl_url_get(u, CURLUPART_PORT, &o->port, CURLU_DEFAULT_PORT) !=
		    CURLUE_OK)
		goto out;
	rc = 0;
out:
	curl_free(user);
	curl_free(pass);
	curl_url_cleanup(u);
	if (rc != 0)
		origin_clear(o);
	return rc;
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

enum acme_rc url_check(const struct url_policy *p, const char *url,
		       const char *what, struct err *e)
{
	char shown[160];

	if (url == NULL)
		return err_set(e, RC_PROTO, _("%s: missing"), what);
	safe_line(shown, sizeof(shown), url, strlen(url));
	if (!url_is_https(url))
		return err_set(e, RC_PROTO, _("%s: not an https URL: %s"),
			       what, shown);
	if (p != NULL && !p->any_origin && p->origin != NULL &&
	    !url_same_origin(p->origin, url))
		return err_set(e, RC_PROTO,
			       _("%s: %s is not on the directory's host "
				 "(allow other hosts for this account if "
				 "the CA really does this)"),
			       what, shown);
	return RC_OK;
}
