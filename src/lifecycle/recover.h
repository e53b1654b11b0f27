/* SPDX-License-Identifier: ISC */
/* recover.h - finding the order of a newOrder whose answer was lost. */
#ifndef ACMETUI_LC_RECOVER_H
#define ACMETUI_LC_RECOVER_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct lc;
struct lc_session;
struct cert_row;
struct acme_order;
struct order_row;

/* Most unknown orders fetched while looking for a lost one. */
#define RECOVER_FETCH_MAX 20

/* The order key of n names: sorted, comma-joined (caller frees), NULL
 * when out of memory.  Compares a stored order with the certificate's
 * names and with the CA's orders. */
char *lc_ident_key(const char *const *names, size_t n);

/* When certificate c has an order intent (a newOrder sent by a run that
 * died before recording the answer), asks the CA's list of the
 * account's orders for an order with the same names that the inventory
 * does not know and that can still complete (pending or ready), and
 * adopts it: recorded with the CA's status into *orow (id set), *order
 * fetched.  The intent is removed either way, with an event saying what
 * was found.  RC_OK: adopted; RC_NOTFOUND: none, order anew; another
 * code: the CA could not be asked (do not order now). */
enum rc lc_recover_lost_order(struct lc *lc, struct lc_session *s,
			      const struct cert_row *c, int64_t account_id,
			      const char *ident_key, struct order_row *orow,
			      struct acme_order *order, struct err *e);

#endif
