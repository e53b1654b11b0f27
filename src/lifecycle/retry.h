/* SPDX-License-Identifier: ISC */
/* retry.h - when the batch may try a failed certificate again.
 *
 * One rule for failed renewals and failed deploys: the first retry after
 * RETRY_BACKOFF_FIRST_S, doubling with every further failure in a row,
 * never more than RETRY_BACKOFF_MAX_S; the inventory keeps fail_count
 * and retry_after, so the backoff holds across cron runs and restarts.
 * Until then --renew-due skips the certificate and says until when. */
#ifndef ACMETUI_RETRY_H
#define ACMETUI_RETRY_H

#include <stdint.h>

#define RETRY_BACKOFF_FIRST_S 300
#define RETRY_BACKOFF_MAX_S (24 * 3600)

/* The time of the next attempt after the fails-th failure in a row
 * (fails >= 1) at now. */
int64_t lc_retry_at(int fails, int64_t now);

#endif
