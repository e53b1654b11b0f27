/* SPDX-License-Identifier: ISC */
/* validate.h - the Validation stage of one order. */
#ifndef ACMETUI_VALIDATE_H
#define ACMETUI_VALIDATE_H

#include <stdint.h>

#include "util/err.h"

struct lc;
struct lc_session;
struct cert_row;
struct acme_order;

/* Validates every authorization of order o (stored as order_id; 0 for a
 * dry run's order, which is not recorded) for the
 * certificate c: authorizations that are already valid (reused or
 * pre-validated) need nothing; pending ones get the challenge of their
 * domain's method, presented through the shared solvers, answered, and
 * polled until valid.  Every response is removed again, also on failure,
 * except when the CA is still validating after the run's wait (RC_PENDING)
 * on a recorded order: a file or DNS record the CA may still read stays,
 * and the run that resumes the order removes it (lc_withdraw_stored).
 * RC_CA names the domain, the challenge and the CA's reason. */
enum rc lc_validate(struct lc *lc, const struct cert_row *c,
		    struct lc_session *s, int64_t order_id,
		    const struct acme_order *o, long long deadline_ms,
		    struct err *e);

/* Removes challenge responses an earlier, interrupted run left behind for
 * the stored order order_id (webroot files, DNS records), using the authorizations
 * recorded in the inventory.  Best effort: failures are ignored. */
enum rc lc_withdraw_stored(struct lc *lc, const struct cert_row *c,
			   struct lc_session *s, int64_t order_id,
			   struct err *e);

#endif
