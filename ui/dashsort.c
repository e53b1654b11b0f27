/* SPDX-License-Identifier: ISC */
/* dashsort.c - sorting the dashboard's rows (see dashsort.h). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ui/dashsort.h"

/* qsort() has no context argument: the rows and the order being
 * sorted (the UI thread is the only caller). */
static const struct cert_summary *sort_rows;
static enum dash_sort sort_key;
static int sort_desc;

/* NULL sorts before any text. */
static int text_cmp(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int int_cmp(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

/* Expiry as the dashboard orders it: revoked ones last. */
static int64_t expiry_key(const struct cert_summary *r)
{
	if (r->stage == CERT_STAGE_REVOKED)
		return INT64_MAX;
	return r->not_after;
}

static int by_key(const struct cert_summary *a, const struct cert_summary *b)
{
	switch (sort_key) {
	case SORT_NAME:
		return 0;
	case SORT_DOMAIN:
		return text_cmp(a->first_domain, b->first_domain);
	case SORT_ACCOUNT:
		return text_cmp(a->account_name, b->account_name);
	case SORT_STAGE:
		return int_cmp(a->stage, b->stage);
	case SORT_RENEW:
		return int_cmp(a->renew_at, b->renew_at);
	case SORT_EXPIRY:
	case SORT__COUNT:
		break;
	}
	return int_cmp(expiry_key(a), expiry_key(b));
}

static int compare(const void *pa, const void *pb)
{
	const struct cert_summary *a = &sort_rows[*(const size_t *)pa];
	const struct cert_summary *b = &sort_rows[*(const size_t *)pb];
	int c = by_key(a, b);

	if (c == 0)
		c = strcmp(a->name, b->name);
	return sort_desc ? -c : c;
}

void dash_sort_rows(const struct cert_summary *rows, size_t *idx, size_t n,
		    enum dash_sort key, int desc)
{
	sort_rows = rows;
	sort_key = key;
	sort_desc = desc;
	qsort(idx, n, sizeof(*idx), compare);
	sort_rows = NULL;
}
