/* SPDX-License-Identifier: ISC */
/* cert_orders.h - the ORDERS section of `cert show`. */
#ifndef ACMETUI_CLI_CERT_ORDERS_H
#define ACMETUI_CLI_CERT_ORDERS_H

#include <stdint.h>

#include <json-c/json.h>

#include "db/store.h"

/* How many of a certificate's newest orders `cert show` lists. */
#define CERT_ORDERS_SHOWN 10

/* The certificate's newest orders as a new JSON array: url, status (as
 * the CA last reported it, or abandoned), created, completed,
 * finalize_sent (the CA may have issued on it), error.  An empty array
 * when the store cannot list them; NULL only when out of memory. */
struct json_object *cert_orders_json(struct store *st, int64_t cert_id);

/* Prints the same as an "ORDERS" section, every string escaped. */
void cert_orders_print(struct store *st, int64_t cert_id);

#endif
