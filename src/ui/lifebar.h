/* SPDX-License-Identifier: ISC */
/* lifebar.h - one certificate's lifetime as a bar, in its detail:
 *
 *   issued 11-01 |=========[renew window ===]------| expires 01-17
 *                                      ^ now 12-07
 *
 * '=' is the part of the lifetime already gone, '-' what is left; '['
 * marks when renewal is due (the stored renewal time) and the renewal
 * window runs from there to the expiry.  ASCII under NO_COLOR or LANG=C;
 * in a UTF-8 locale with colour the same bar is drawn with line
 * characters, green before the window, yellow inside it, red when
 * expired. */
#ifndef ACMETUI_UI_LIFEBAR_H
#define ACMETUI_UI_LIFEBAR_H

#include <stddef.h>
#include <stdint.h>

struct cert_row;

/* Widest bar the layout computes (columns). */
#define LIFEBAR_MAX 512

/* What one column of the bar shows. */
enum lifebar_zone {
	LIFEBAR_BEFORE, /* before the renewal window */
	LIFEBAR_WINDOW, /* inside it */
	LIFEBAR_EXPIRED /* the whole bar once expired */
};

/* The bar of w columns (w <= LIFEBAR_MAX) for a certificate valid from
 * not_before to not_after (not_before < not_after), renewal due at
 * renew_at (0: none, a watched certificate), at time now: bar[] gets w
 * ASCII characters and a NUL, zone[] what each column is, *now_col the
 * column of now (-1 when now is outside the lifetime).  Pure: no
 * curses, for tests.  Returns 0, or -1 when the times or w make no bar
 * (bar is then ""). */
int lifebar_layout(int64_t not_before, int64_t not_after, int64_t renew_at,
		   int64_t now, int w, char *bar, enum lifebar_zone *zone,
		   int *now_col);

/* Draws certificate r's lifetime at row y from column x in w columns:
 * two rows (the bar, then the "now" marker).  Returns the next free row
 * (y when r has no validity yet: nothing is drawn). */
int lifebar_draw(int y, int x, int w, const struct cert_row *r, int64_t now);

#endif
