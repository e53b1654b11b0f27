/* SPDX-License-Identifier: ISC */
/* store_dash.h - the dashboard's queries: one window of the sorted,
 * filtered certificate list, where a certificate stands in it, and the
 * totals of the whole inventory, so that the dashboard never reads every
 * row (100,000 certificates open as fast as ten). */
#ifndef ACMETUI_DB_STORE_DASH_H
#define ACMETUI_DB_STORE_DASH_H

#include <stddef.h>
#include <stdint.h>

#include "db/store.h"
#include "db/store_certs.h"

/* The dashboard's sort orders: by expiry (the default: certificates
 * without one first, since they need action, revoked last), name,
 * first domain, account (watched ones first), stage (in enum
 * cert_stage's order) or renewal time (none first).  Ties by name, which
 * is unique, so the order is total and the same on every refresh. */
enum dash_sort {
	SORT_EXPIRY,
	SORT_NAME,
	SORT_DOMAIN,
	SORT_ACCOUNT,
	SORT_STAGE,
	SORT_RENEW,
	SORT__COUNT
};

/* What the dashboard shows: the order and the filter.  The filter keeps
 * the certificates whose name, first domain or account contains text
 * (ASCII case folded; % and _ are plain characters), or whose stage is
 * in stages (bit 1 << enum cert_stage: the caller matches the words it
 * shows, which may be translated).  text "" keeps every certificate. */
struct dash_query {
	enum dash_sort sort;
	int desc;	  /* the order reversed, ties too */
	const char *text; /* borrowed; NULL is "" */
	unsigned stages;
};

/* The whole inventory counted by health, the tests of cert_health_of()
 * (ui/certview.c) in SQL at time now. */
struct dash_totals {
	size_t all;
	size_t valid;
	size_t due;
	size_t failing;
	size_t expired;
	size_t fresh; /* never issued */
	size_t revoked;
};

/* Counts every certificate by health at now, reading only the
 * certificates that are not simply valid (index ranges) and counting
 * the rest. */
enum rc store_dash_totals(struct store *st, int64_t now, struct dash_totals *t,
			  struct err *e);

/* How many certificates q's filter keeps into *n (every one when the
 * filter is empty). */
enum rc store_dash_count(struct store *st, const struct dash_query *q,
			 size_t *n, struct err *e);

/* The rows offset..offset+limit-1 of q's list into *rows (free with
 * cert_summaries_free; NULL when *n is 0), *n of them.  total is the
 * list's length (store_dash_count): a window in its second half is read
 * backwards from the end, so that End costs what Home does. */
enum rc store_dash_window(struct store *st, const struct dash_query *q,
			  size_t offset, size_t limit, size_t total,
			  struct cert_summary **rows, size_t *n, struct err *e);

/* Where certificate id (or, when id is 0, the one called name) stands in
 * q's list: *pos rows come before it; *id_out (may be NULL) gets its id.
 * RC_NOTFOUND when there is no such certificate or the filter does not
 * keep it. */
enum rc store_dash_position(struct store *st, const struct dash_query *q,
			    int64_t id, const char *name, size_t *pos,
			    int64_t *id_out, struct err *e);

#endif
