/* SPDX-License-Identifier: ISC */
/* store_leases.h - per-certificate leases, so that concurrent renewal runs
 * (two cron jobs, a cron job and the TUI, N worker threads) never work on
 * the same certificate at once.
 *
 * A lease is (owner, until): the owner is a string unique to the worker
 * (e.g. "host:pid:thread"), until a unix time after which the lease counts
 * as free, so a crashed run cannot block a certificate for longer than its
 * time-to-live.  A worker that needs longer renews its lease. */
#ifndef ACMETUI_STORE_LEASES_H
#define ACMETUI_STORE_LEASES_H

#include <stdint.h>

#include "db/store.h"
#include "util/err.h"

/* Takes the lease of certificate cert_id for owner until now + ttl when it
 * is free (never taken, released, or expired before now), in one atomic
 * UPDATE.  *acquired is 1 when owner now holds it, 0 when someone else
 * does (a lease is not re-entrant: a second acquire by the same owner
 * reports 0).  RC_NOTFOUND for an unknown certificate. */
enum rc store_lease_acquire(struct store *st, int64_t cert_id,
			    const char *owner, int64_t now, int64_t ttl,
			    int *acquired, struct err *e);

/* store_lease_acquire() that also requires the certificate to be due at
 * now (the conditions of store_cert_list_due()), checked in the same
 * UPDATE.  The renewal batch must use this one: between listing and
 * leasing, another run may have renewed the certificate and released it,
 * and a plain acquire would then renew it a second time.  *acquired is 0
 * when the lease is taken or the certificate is no longer due. */
enum rc store_lease_acquire_due(struct store *st, int64_t cert_id,
				const char *owner, int64_t now, int64_t ttl,
				int *acquired, struct err *e);

/* Extends owner's lease to now + ttl.  *held is 1 when done, 0 when the
 * lease now belongs to someone else or was released (stop working on the
 * certificate then). */
enum rc store_lease_renew(struct store *st, int64_t cert_id, const char *owner,
			  int64_t now, int64_t ttl, int *held, struct err *e);

/* Gives the lease up if owner holds it; releasing a lease one does not
 * hold is not an error (it changes nothing). */
enum rc store_lease_release(struct store *st, int64_t cert_id,
			    const char *owner, struct err *e);

#endif
