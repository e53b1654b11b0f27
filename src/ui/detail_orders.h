/* SPDX-License-Identifier: ISC */
/* detail_orders.h - the ORDERS lines of the certificate detail. */
#ifndef ACMETUI_UI_DETAIL_ORDERS_H
#define ACMETUI_UI_DETAIL_ORDERS_H

#include <stdint.h>

struct store;

/* Newest orders shown in the detail (room is scarce in 80x24). */
#define DETAIL_ORDERS_MAX 3

/* Draws a heading and the newest orders of certificate cert_id from
 * line y, stopping before maxy: status as the CA last reported it, URL,
 * and for an abandoned order whether the CA may have issued on it.
 * Draws nothing without orders.  Returns the next free line, after a
 * blank one when it drew. */
int detail_orders_draw(struct store *st, int64_t cert_id, int y, int maxy);

#endif
