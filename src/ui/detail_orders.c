/* SPDX-License-Identifier: ISC */
/* detail_orders.c - the ORDERS lines of the certificate detail: each
 * recent order with its status as the CA reported it, so an operator
 * sees an order left pending, one abandoned, and whether the CA may have
 * issued on it.  Read at each draw: at most DETAIL_ORDERS_MAX rows of
 * one indexed query. */
#include "config.h"

#include <stdio.h>

#include "db/store_orders.h"
#include "ui/detail_orders.h"
#include "ui/draw.h"
#include "ui/theme.h"
#include "util/i18n.h"

/* The colour of an order's line: trouble red, still open yellow. */
static enum role order_role(const struct order_row *o)
{
	if (o->status == ORDER_INVALID ||
	    (o->status == ORDER_ABANDONED && o->finalize_at != 0))
		return ROLE_BAD;
	if (o->completed_at == 0 && o->status != ORDER_ABANDONED)
		return ROLE_DUE;
	return ROLE_NORMAL;
}

int detail_orders_draw(struct store *st, int64_t cert_id, int y, int maxy)
{
	struct order_row *rows = NULL;
	char when[32], line[UI_LINE_MAX];
	size_t n = 0, i;

	if (store_order_list(st, cert_id, DETAIL_ORDERS_MAX, &rows, &n, NULL) !=
		    RC_OK ||
	    n == 0 || y >= maxy) {
		order_rows_free(rows, n);
		return y;
	}
	ui_put(y++, 1, COLS - 2, theme_attr(ROLE_HEADING), 1, _("ORDERS"));
	for (i = 0; i < n && y < maxy; i++, y++) {
		const struct order_row *o = &rows[i];

		ui_date(o->created_at, when, sizeof(when));
		snprintf(line, sizeof(line), "%s  %-10s %s%s",
			 when[0] == '-' ? when : when + 5,
			 order_status_name(o->status), o->url,
			 o->status != ORDER_ABANDONED ? ""
			 : o->finalize_at
				 ? _("  (finalize sent: the CA may have "
				     "issued on it)")
				 : _("  (nothing issued on it)"));
		ui_put_untrusted(y, 1, COLS - 2, theme_attr(order_role(o)), 0,
				 line);
	}
	order_rows_free(rows, n);
	return y + 1;
}
