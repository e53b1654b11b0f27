/* SPDX-License-Identifier: ISC */
/* test_clock.c - the one clock (util/clock) and the one UTC formatter
 * (util/utctime): every human style, its failures. */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "util/clock.h"
#include "util/utctime.h"

/* 2026-12-07 20:00:05 UTC */
#define T_REF INT64_C(1796673605)

static void test_clocks(void)
{
	struct timespec pause = { 0, 20 * 1000000L };
	int64_t m0, m1, w;
	time_t before, after;

	m0 = mono_ms();
	ok(m0 > 0, "mono_ms: positive (%lld)", (long long)m0);
	nanosleep(&pause, NULL);
	m1 = mono_ms();
	ok(m1 - m0 >= 20 && m1 - m0 < 20000,
	   "mono_ms: a 20 ms pause measured (%lld ms)", (long long)(m1 - m0));
	before = time(NULL);
	w = wall_ms();
	after = time(NULL);
	ok(w / 1000 >= (int64_t)before - 1 && w / 1000 <= (int64_t)after + 1,
	   "wall_ms: the wall clock in ms (%lld)", (long long)w);
}

static void test_utc_text(void)
{
	char buf[UTC_TEXT_SIZE], small[8];

	is_str(utc_text(T_REF, UTC_MINUTE, buf, sizeof(buf)),
	       "2026-12-07 20:00 UTC", "UTC_MINUTE");
	is_str(utc_text(T_REF, UTC_SECOND, buf, sizeof(buf)),
	       "2026-12-07 20:00:05 UTC", "UTC_SECOND");
	is_str(utc_text(T_REF, UTC_DATE_TIME, buf, sizeof(buf)),
	       "2026-12-07 20:00", "UTC_DATE_TIME");
	is_str(utc_text(T_REF, UTC_MONTH_DAY_TIME, buf, sizeof(buf)),
	       "12-07 20:00", "UTC_MONTH_DAY_TIME");
	is_str(utc_text(0, UTC_SECOND, buf, sizeof(buf)),
	       "1970-01-01 00:00:00 UTC", "0 is the epoch, not \"not set\"");
	is_str(utc_text(INT64_C(253402300799) + 1, UTC_SECOND, buf,
			sizeof(buf)),
	       "10000-01-01 00:00:00 UTC", "UTC_TEXT_SIZE holds year 10000");
	is_str(utc_text(T_REF, UTC_MONTH_DAY_TIME, buf, 12), "12-07 20:00",
	       "an exact fit");
	memset(small, 'x', sizeof(small));
	ok(utc_text(T_REF, UTC_MINUTE, small, sizeof(small)) == NULL &&
		   small[0] == '\0',
	   "a short buffer: NULL, left empty");
	memset(buf, 'x', sizeof(buf));
	ok(utc_text(T_REF, (enum utc_style)99, buf, sizeof(buf)) == NULL &&
		   buf[0] == '\0',
	   "an unknown style: NULL, left empty");
	ok(utc_text(T_REF, UTC_MINUTE, buf, 0) == NULL,
	   "no room at all: NULL, nothing written");
	/* The RFC 3339 writer shares the code: still its own rules. */
	is_str(utc_rfc3339(T_REF, buf, sizeof(buf)), "2026-12-07T20:00:05Z",
	       "RFC 3339 alongside");
}

int main(void)
{
	test_clocks();
	test_utc_text();
	return tap_done();
}
