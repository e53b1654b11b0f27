/* SPDX-License-Identifier: ISC */
/* store_intents.h - order intents: a newOrder about to be sent. */
#ifndef ACMETUI_STORE_INTENTS_H
#define ACMETUI_STORE_INTENTS_H

#include <stdint.h>

#include "db/store.h"
#include "util/err.h"

/* One intent; identifiers owned, released by order_intent_clear(). */
struct order_intent {
	int64_t cert_id;
	int64_t account_id;
	char *identifiers; /* sorted names, comma-joined */
	int64_t created_at;
};

void order_intent_clear(struct order_intent *i);

/* Records (replacing any older one) that a newOrder for cert_id's
 * identifiers is about to be sent with account_id.  Commit it BEFORE the
 * request: a run killed after the CA created the order but before
 * store_order_insert() committed leaves this trace for the next run. */
enum rc store_intent_set(struct store *st, int64_t cert_id, int64_t account_id,
			 const char *identifiers, struct err *e);

/* cert_id's intent into *out (caller clears); RC_NOTFOUND when none. */
enum rc store_intent_get(struct store *st, int64_t cert_id,
			 struct order_intent *out, struct err *e);

/* Removes cert_id's intent (none is fine); in the transaction that
 * records the order, or once the next run has looked for it. */
enum rc store_intent_clear(struct store *st, int64_t cert_id, struct err *e);

#endif
