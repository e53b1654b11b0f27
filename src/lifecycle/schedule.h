/* SPDX-License-Identifier: ISC */
/* schedule.h - when a certificate should be renewed.
 *
 * Without ARI (RFC 9773) the renewal window opens when one third of the
 * certificate's lifetime remains (a 90-day certificate around day 60, a
 * 47-day one around day 31) and lasts a tenth of the lifetime; each
 * certificate renews at a random point inside its window so that a fleet
 * issued together does not hit the CA at the same second. */
#ifndef ACMETUI_SCHEDULE_H
#define ACMETUI_SCHEDULE_H

#include <stdint.h>
#include <time.h>

/* The window [*start, *end) for a certificate valid from not_before to
 * not_after.  Degenerate lifetimes (not_after <= not_before) give a
 * window at not_before. */
void schedule_window(time_t not_before, time_t not_after, time_t *start,
		     time_t *end);

/* A point inside [start, end) chosen by the 32 random bits r (pass a value
 * from a CSPRNG; tests pass fixed values). */
time_t schedule_pick(time_t start, time_t end, uint32_t r);

/* schedule_window + schedule_pick with fresh random bits. */
time_t schedule_renew_at(time_t not_before, time_t not_after);

/* The renewal time inside a CA's ARI suggested window [start, end)
 * (RFC 9773 4.2): a point chosen by r, or now when that point has
 * already passed (the window is open: renew at once). */
time_t schedule_ari_pick(time_t start, time_t end, time_t now, uint32_t r);

/* 32 bits from the CSPRNG, or 0 when it fails (a window's start is
 * still a correct choice). */
uint32_t schedule_random(void);

#endif
