/* SPDX-License-Identifier: ISC */
/* store_notify.h - what expiry warnings have been sent (expiry_notices). */
#ifndef ACMETUI_STORE_NOTIFY_H
#define ACMETUI_STORE_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

#include "db/store.h"
#include "util/err.h"

/* A certificate that expires soon and the warning last sent about its
 * current not_after (warned_days 0: none yet).  name is owned. */
struct cert_expiring {
	int64_t id;
	char *name;
	int64_t not_after;
	int warned_days;
};

/* Clears and frees an array of n rows; NULL is fine. */
void cert_expiring_free(struct cert_expiring *rows, size_t n);

/* Certificates not revoked whose not_after lies in (now, until], soonest
 * first: one range scan on certificates_not_after.  *rows (caller frees
 * with cert_expiring_free) may be NULL when *n is 0. */
enum rc store_cert_list_expiring(struct store *st, int64_t now, int64_t until,
				 struct cert_expiring **rows, size_t *n,
				 struct err *e);

/* Remembers that the warning for `days` left was sent about certificate
 * id's not_after at time sent_at (replacing what was remembered). */
enum rc store_expiry_warned(struct store *st, int64_t id, int64_t not_after,
			    int days, int64_t sent_at, struct err *e);

#endif
