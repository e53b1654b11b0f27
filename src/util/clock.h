/* SPDX-License-Identifier: ISC */
/* clock.h - the one place acmetui reads a clock for elapsed time.
 *
 * Deadlines, timeouts, waits and "how long did it take" are measured on
 * the monotonic clock, which setting the date or NTP never moves.  The
 * wall clock is read here too, in milliseconds, for the two things that
 * need it below a second: converting a time the network gave as a date
 * (an HTTP-date) into a wait, and ticking a display on the second. */
#ifndef ACMETUI_CLOCK_H
#define ACMETUI_CLOCK_H

#include <stdint.h>

/* Milliseconds on the monotonic clock (CLOCK_MONOTONIC: since boot on
 * Linux and the BSDs, so always positive).  Only differences mean
 * anything.  Cannot fail. */
int64_t mono_ms(void);

/* Milliseconds since the Unix epoch on the wall clock (CLOCK_REALTIME),
 * which can jump: never use it to measure a duration. */
int64_t wall_ms(void);

/* Sleeps ms milliseconds (none when ms <= 0), resumed after a signal,
 * so that a wait is as long as asked. */
void sleep_ms(int64_t ms);

#endif
