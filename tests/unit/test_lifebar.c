/* SPDX-License-Identifier: ISC */
/* test_lifebar.c - the lifetime bar's layout (ui/lifebar.c): which
 * column is now, where the renewal window opens, what is gone and what
 * is left, an expired certificate, and times that make no bar. */
#include "config.h"

#include <string.h>

#include "tap.h"
#include "ui/lifebar.h"

#define D 86400
#define NB ((int64_t)1800000000)

static void test_middle(void)
{
	char bar[LIFEBAR_MAX + 1];
	enum lifebar_zone z[LIFEBAR_MAX];
	int now_col = -2, c, gone = 1;

	/* 90 days on 90 columns: day 40 now, renewal from day 60. */
	ok(lifebar_layout(NB, NB + 90 * D, NB + 60 * D, NB + 40 * D + 1, 90,
			  bar, z, &now_col) == 0 &&
		   strlen(bar) == 90,
	   "a bar of 90 columns");
	ok(now_col == 40, "now in column 40 (%d)", now_col);
	ok(bar[60] == '[' && z[59] == LIFEBAR_BEFORE &&
		   z[60] == LIFEBAR_WINDOW && z[89] == LIFEBAR_WINDOW,
	   "the window opens at column 60 and runs to the end");
	for (c = 0; c <= 40; c++)
		gone &= bar[c] == '=';
	ok(gone && bar[41] == '-' && bar[59] == '-',
	   "gone up to now, left after it (%s)", bar);
	ok(strstr(bar, "[ renew window ") == bar + 60,
	   "the window is named after its '['");
}

static void test_edges(void)
{
	char bar[LIFEBAR_MAX + 1];
	enum lifebar_zone z[LIFEBAR_MAX];
	int now_col = -2, c, all = 1;

	ok(lifebar_layout(NB, NB + 90 * D, NB + 60 * D, NB + 95 * D, 30, bar, z,
			  &now_col) == 0 &&
		   now_col == -1,
	   "expired: no now column");
	for (c = 0; c < 30; c++)
		all &= z[c] == LIFEBAR_EXPIRED &&
		       (bar[c] == '=' || bar[c] == '[');
	ok(all, "expired: the whole bar gone and expired (%s)", bar);
	ok(lifebar_layout(NB, NB + 90 * D, 0, NB + 10 * D, 30, bar, z,
			  &now_col) == 0 &&
		   strchr(bar, '[') == NULL && z[29] == LIFEBAR_BEFORE,
	   "no renewal time (watched): no window (%s)", bar);
	ok(lifebar_layout(NB, NB + 90 * D, NB + 85 * D, NB + 10 * D, 12, bar, z,
			  &now_col) == 0 &&
		   bar[11] == '[' && strstr(bar, "renew") == NULL,
	   "no room for the name: the '[' alone (%s)", bar);
	ok(lifebar_layout(NB, NB, NB, NB, 30, bar, z, &now_col) == -1 &&
		   bar[0] == '\0',
	   "no lifetime: no bar");
	ok(lifebar_layout(NB, NB + D, 0, NB, LIFEBAR_MAX + 1, bar, z,
			  &now_col) == -1,
	   "wider than LIFEBAR_MAX: refused");
}

int main(void)
{
	test_middle();
	test_edges();
	return tap_done();
}
