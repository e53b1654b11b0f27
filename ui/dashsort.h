/* SPDX-License-Identifier: ISC */
/* dashsort.h - the dashboard's sort orders: by expiry (the default:
 * certificates without one first, since they need action, revoked
 * last), name, domains, account, stage or renewal time, either way. */
#ifndef ACMETUI_UI_DASHSORT_H
#define ACMETUI_UI_DASHSORT_H

#include <stddef.h>

#include "db/store_certs.h"

enum dash_sort {
	SORT_EXPIRY,
	SORT_NAME,
	SORT_DOMAIN,
	SORT_ACCOUNT,
	SORT_STAGE,
	SORT_RENEW,
	SORT__COUNT
};

/* Sorts idx (n indices into rows) by key; ties by name, ascending, so
 * that the order is the same on every refresh.  desc reverses. */
void dash_sort_rows(const struct cert_summary *rows, size_t *idx, size_t n,
		    enum dash_sort key, int desc);

#endif
