/* SPDX-License-Identifier: ISC */
/* dashcols.c - fitting the dashboard's columns (see dashcols.h). */
#include "config.h"

#include <stddef.h>

#include "ui/dashcols.h"

/* One step of giving up room: column col shrinks towards min (0: the
 * column goes).  Applied in this order, each only as far as needed. */
static const struct {
	enum dash_col col;
	int min;
} shrink_steps[] = {
	{ DC_RENEW, 0 },  /* the marker column says "due" too */
	{ DC_STAGE, 11 }, /* "Renewal due" still fits */
	{ DC_ACCT, 8 },	  { DC_DOM, 12 }, { DC_ACCT, 0 }, { DC_NAME, 12 },
	{ DC_STAGE, 0 },  { DC_DOM, 6 },  { DC_NAME, 4 },
};

/* The line's columns: the cursor column, then the shown columns with
 * a space between two. */
static int cols_total(const struct dash_cols *c)
{
	int t = 0, i;

	for (i = 0; i < DC__COUNT; i++)
		if (c->w[i] > 0)
			t += c->w[i] + 1;
	return t;
}

void dash_cols_fit(struct dash_cols *c, const int want[DC__COUNT], int width)
{
	size_t s;
	int i, over;

	for (i = 0; i < DC__COUNT; i++)
		c->w[i] = want[i] > 0 ? want[i] : 1;
	for (s = 0; s < sizeof(shrink_steps) / sizeof(shrink_steps[0]); s++) {
		int *w = &c->w[shrink_steps[s].col];

		over = cols_total(c) - width;
		if (over <= 0)
			break;
		if (shrink_steps[s].min == 0)
			*w = 0;
		else if (*w > shrink_steps[s].min)
			*w = *w - over > shrink_steps[s].min
				     ? *w - over
				     : shrink_steps[s].min;
	}
	over = cols_total(c) - width;
	if (over < 0 && c->w[DC_DOM] > 0)
		c->w[DC_DOM] -= over;
}
