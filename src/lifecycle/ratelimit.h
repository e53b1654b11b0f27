/* SPDX-License-Identifier: ISC */
/* ratelimit.h - hold back before the CA's documented new-order limit.
 *
 * The orders table is the ledger: before a new order, the account's
 * orders inside the preset's window (presets.h new_orders_max per
 * new_orders_window_s) are counted, and at RATELIMIT_HOLD_PERCENT of the
 * limit no order is placed.  Being refused by the CA for a week is worse
 * than renewing a day later; a CA without a documented limit (or no
 * preset: a private CA, a test server) is never held back. */
#ifndef ACMETUI_RATELIMIT_H
#define ACMETUI_RATELIMIT_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct lc;
struct cert_row;
struct acct_row;

/* Share of the documented limit at which orders are held back. */
#define RATELIMIT_HOLD_PERCENT 90

/* 1 when count orders in the window are at least RATELIMIT_HOLD_PERCENT
 * of max (max 0: no documented limit, never). */
int ratelimit_near(int64_t count, unsigned max);

/* A window length for messages: "3h", "7d", "90min", "45s". */
void ratelimit_window_str(unsigned seconds, char *out, size_t len);

/* Checks account a before a new order for certificate c.  RC_OK: go
 * ahead.  RC_RATELIMIT: hold back; e says "near the CA's new-order limit
 * (N of M in 3h)" and an event is recorded for c.  Other codes: the
 * inventory could not be read. */
enum rc lc_ratelimit_check(struct lc *lc, const struct cert_row *c,
			   const struct acct_row *a, struct err *e);

/* The same check for the inventory certificate name, as the batch makes
 * it before renewing: a certificate with an open order to resume needs no
 * new order and passes.  Same returns. */
enum rc lc_cert_ratelimit_check(struct lc *lc, const char *name, struct err *e);

#endif
