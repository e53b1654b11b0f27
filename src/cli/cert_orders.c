/* SPDX-License-Identifier: ISC */
/* cert_orders.c - the ORDERS section of `cert show`: each order of the
 * certificate with its status as the CA reported it, and for an
 * abandoned one why, and whether the CA may have issued on it. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli/cert_orders.h"
#include "cli/fmt.h"
#include "db/store_orders.h"
#include "util/safe.h"
#include "util/i18n.h"

struct json_object *cert_orders_json(struct store *st, int64_t cert_id)
{
	struct json_object *arr = json_object_new_array();
	struct order_row *rows = NULL;
	size_t n = 0, i;

	if (arr == NULL || store_order_list(st, cert_id, CERT_ORDERS_SHOWN,
					    &rows, &n, NULL) != RC_OK)
		return arr;
	for (i = 0; i < n; i++) {
		struct json_object *o = json_object_new_object();

		if (o == NULL)
			break;
		fmt_json_str(o, "url", rows[i].url);
		fmt_json_str(o, "status", order_status_name(rows[i].status));
		fmt_json_time(o, "created", rows[i].created_at);
		fmt_json_time(o, "completed", rows[i].completed_at);
		json_object_object_add(
			o, "finalize_sent",
			json_object_new_boolean(rows[i].finalize_at != 0));
		fmt_json_str(o, "error", rows[i].error);
		json_object_array_add(arr, o);
	}
	order_rows_free(rows, n);
	return arr;
}

/* The note under an abandoned order: why, and what the CA may hold. */
static void print_abandoned(const struct order_row *o)
{
	char why[512];

	printf("      %s%s\n",
	       o->error
		       ? safe_line(why, sizeof(why), o->error, strlen(o->error))
		       : "",
	       o->finalize_at ? _(" (finalize was sent: the CA may have "
				  "issued a certificate on it)")
			      : _(" (finalize never sent: nothing issued)"));
}

void cert_orders_print(struct store *st, int64_t cert_id)
{
	struct order_row *rows = NULL;
	size_t n = 0, i;
	char t[40], url[300];

	if (store_order_list(st, cert_id, CERT_ORDERS_SHOWN, &rows, &n, NULL) !=
		    RC_OK ||
	    n == 0) {
		order_rows_free(rows, n);
		return;
	}
	printf("\n  %s\n", _("ORDERS"));
	for (i = 0; i < n; i++) {
		printf("  %s  %-10s %s\n",
		       fmt_time(rows[i].created_at, t, sizeof(t)),
		       order_status_name(rows[i].status),
		       safe_line(url, sizeof(url), rows[i].url,
				 strlen(rows[i].url)));
		if (rows[i].status == ORDER_ABANDONED)
			print_abandoned(&rows[i]);
	}
	order_rows_free(rows, n);
}
