/* SPDX-License-Identifier: ISC */
/* orders_list.h - the account's list of orders (RFC 8555 7.1.2.1). */
#ifndef ACMETUI_ACME_ORDERS_LIST_H
#define ACMETUI_ACME_ORDERS_LIST_H

#include <stddef.h>

#include "acme/client.h"
#include "util/err.h"

/* Most order URLs read from an account's list, and most pages followed
 * (rel="next"; Pebble shows 3 orders per page, oldest first, so the
 * newest order is on the last page). */
#define ORDERS_LIST_MAX 2000
#define ORDERS_LIST_PAGES_MAX 700

/* POST-as-GET of orders_url and of each next page (every URL validated
 * against the client's URL policy), up to the limits above.  On RC_OK
 * *urls is a NULL-terminated array of the order URLs that pass the
 * policy, in the CA's order (strv_free), *n their count; entries that do
 * not pass are skipped, not fatal; a list longer than the limits is cut
 * there.  A CA that has no such list (orders_url
 * NULL) gives RC_NOTFOUND. */
enum rc acme_orders_list(struct acme_client *c, const char *orders_url,
			 char ***urls, size_t *n, struct err *e);

#endif
