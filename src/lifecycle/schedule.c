/* SPDX-License-Identifier: ISC */
/* schedule.c - renewal time from the certificate's lifetime or from the
 * CA's ARI window. */
#include "config.h"

#include <openssl/rand.h>

#include "lifecycle/schedule.h"

void schedule_window(time_t not_before, time_t not_after, time_t *start,
		     time_t *end)
{
	time_t life = not_after - not_before;

	if (life <= 0) {
		*start = *end = not_before;
		return;
	}
	*start = not_after - life / 3;
	*end = *start + life / 10;
}

time_t schedule_pick(time_t start, time_t end, uint32_t r)
{
	if (end <= start)
		return start;
	/* 64-bit product keeps the spread uniform for any window length. */
	return start + (time_t)(((uint64_t)(end - start) * r) >> 32);
}

uint32_t schedule_random(void)
{
	uint32_t r = 0;

	if (RAND_bytes((unsigned char *)&r, sizeof(r)) != 1)
		r = 0; /* no randomness: the window's start is still correct */
	return r;
}

time_t schedule_renew_at(time_t not_before, time_t not_after)
{
	time_t start, end;

	schedule_window(not_before, not_after, &start, &end);
	return schedule_pick(start, end, schedule_random());
}

time_t schedule_ari_pick(time_t start, time_t end, time_t now, uint32_t r)
{
	time_t t = schedule_pick(start, end, r);

	return t < now ? now : t;
}
