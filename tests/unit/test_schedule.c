/* SPDX-License-Identifier: ISC */
/* test_schedule.c - renewal windows from certificate lifetimes. */
#include "config.h"

#include "lifecycle/schedule.h"
#include "tap.h"

#define DAY 86400

int main(void)
{
	time_t s, e, t;
	int i, inside = 1;

	schedule_window(0, 90 * DAY, &s, &e);
	is_int(s, 60 * DAY, "90-day certificate: window opens at day 60");
	is_int(e, 69 * DAY, "90-day certificate: window lasts 9 days");
	schedule_window(0, 47 * DAY, &s, &e);
	ok(s > 31 * DAY && s < 32 * DAY,
	   "47-day certificate: window opens on day 31");
	schedule_window(0, 199 * DAY, &s, &e);
	ok(s > 132 * DAY && s < 133 * DAY,
	   "199-day certificate: window opens on day 132");
	schedule_window(100, 100, &s, &e);
	ok(s == 100 && e == 100, "zero lifetime: window at not_before");
	is_int(schedule_pick(10, 20, 0), 10, "r=0 picks the start");
	is_int(schedule_pick(10, 20, 0xffffffffu), 19,
	       "r=max stays inside the window");
	is_int(schedule_pick(10, 20, 0x80000000u), 15, "r=half: middle");
	for (i = 0; i < 1000; i++) {
		t = schedule_renew_at(0, 90 * DAY);
		if (t < 60 * DAY || t >= 69 * DAY)
			inside = 0;
	}
	ok(inside, "1000 random picks all inside the window");
	return tap_done();
}
