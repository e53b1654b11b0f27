/* SPDX-License-Identifier: ISC */
/* retry.c - exponential backoff after a failure (retry.h). */
#include "config.h"

#include "lifecycle/retry.h"

int64_t lc_retry_at(int fails, int64_t now)
{
	int shift = fails - 1 < 8 ? fails - 1 : 8;
	int64_t retry;

	if (shift < 0)
		shift = 0;
	retry = now + ((int64_t)RETRY_BACKOFF_FIRST_S << shift);
	if (retry > now + RETRY_BACKOFF_MAX_S)
		retry = now + RETRY_BACKOFF_MAX_S;
	return retry;
}
