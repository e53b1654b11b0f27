/* SPDX-License-Identifier: ISC */
/* orders_list.c - the account's list of orders (RFC 8555 7.1.2.1), the
 * only way RFC 8555 offers to find an order whose newOrder response was
 * lost. */
#include "config.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "acme/http.h"
#include "acme/orders_list.h"
#include "acme/types.h"
#include "util/url.h"
#include "util/json.h"

/* Appends the URLs of page (NULL-terminated) that pass policy p to
 * *all (*n so far, capacity ORDERS_LIST_MAX + 1), taking them; frees
 * the rest and page itself. */
static void take_page(const struct url_policy *p, char **page, char **all,
		      size_t *n)
{
	struct err ignored = { 0 };
	size_t i;

	if (page == NULL)
		return;
	for (i = 0; page[i] != NULL; i++) {
		if (*n < ORDERS_LIST_MAX &&
		    url_check(p, page[i], _("order URL"), &ignored) == RC_OK)
			all[(*n)++] = page[i];
		else
			free(page[i]);
	}
	free(page);
}

/* Fetches one page at url: its order URLs into *page (strv) and its
 * rel="next" link into *next (NULL when none; caller frees). */
static enum rc fetch_page(struct acme_client *c, const char *url, char ***page,
			  char **next, struct err *e)
{
	struct json_object *o = NULL;
	struct http_resp r;
	size_t n = 0;
	enum rc rc;

	*page = NULL;
	*next = NULL;
	memset(&r, 0, sizeof(r));
	rc = acme_post(c, url, NULL, NULL, &r, e);
	if (rc != RC_OK)
		return err_prefix(e, _("orders list"));
	o = js_parse_object(r.body, r.body_len, _("orders list"), e);
	if (o == NULL) {
		rc = RC_PROTO;
		goto out;
	}
	rc = strv_from_json(o, "orders", ACME_URL_MAX, ORDERS_LIST_MAX, page,
			    &n, _("orders list"), e);
	if (rc == RC_OK && r.links.next != NULL) {
		*next = strdup(r.links.next);
		if (*next == NULL)
			rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	}
out:
	json_object_put(o);
	http_resp_clear(&r);
	return rc;
}

enum rc acme_orders_list(struct acme_client *c, const char *orders_url,
			 char ***urls, size_t *n, struct err *e)
{
	const struct url_policy *p = acme_client_policy(c);
	char **all = NULL, **page = NULL, *url = NULL, *next = NULL;
	size_t pages = 0;
	enum rc rc = RC_OK;

	*urls = NULL;
	*n = 0;
	if (orders_url == NULL)
		return err_set(e, RC_NOTFOUND,
			       _("the CA lists no orders for the account"));
	all = calloc(ORDERS_LIST_MAX + 1, sizeof(*all));
	url = strdup(orders_url);
	if (all == NULL || url == NULL) {
		rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		goto out;
	}
	while (url != NULL && pages < ORDERS_LIST_PAGES_MAX &&
	       *n < ORDERS_LIST_MAX) {
		rc = url_check(p, url, _("orders list URL"), e);
		if (rc == RC_OK)
			rc = fetch_page(c, url, &page, &next, e);
		if (rc != RC_OK)
			goto out;
		take_page(p, page, all, n);
		page = NULL;
		free(url);
		url = next;
		next = NULL;
		pages++;
	}
out:
	free(url);
	strv_free(page);
	if (rc != RC_OK) {
		strv_free(all);
		*n = 0;
		return rc;
	}
	*urls = all;
	return RC_OK;
}
