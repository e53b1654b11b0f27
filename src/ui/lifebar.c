/* SPDX-License-Identifier: ISC */
/* lifebar.c - one certificate's lifetime as a bar (see lifebar.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "db/store_certs.h"
#include "ui/draw.h"
#include "ui/glyphs.h"
#include "ui/lifebar.h"
#include "ui/theme.h"
#include "util/i18n.h"

/* Narrowest bar worth drawing, and the narrowest with its labels. */
#define LIFEBAR_MIN 8
#define LIFEBAR_LABELLED 20

/* The column of time t on a bar of w columns over [nb, na). */
static int column_of(int64_t t, int64_t nb, int64_t na, int w)
{
	long double f = (long double)(t - nb) / (long double)(na - nb);

	return (int)(f * w);
}

/* Writes the window's name after its '[' when it is plain ASCII and
 * fits before the end of the bar. */
static void label_window(char *bar, int w, int renew_col)
{
	const char *label = _("renew window");
	size_t n = strlen(label), i;

	if (renew_col < 0 || (int)n + 2 > w - renew_col - 1)
		return;
	for (i = 0; i < n; i++)
		if ((unsigned char)label[i] < 0x20 ||
		    (unsigned char)label[i] >= 0x7f)
			return;
	/* Overwrites columns inside the bar (its NUL stays at w). */
	bar[renew_col + 1] = ' ';
	for (i = 0; i < n; i++)
		bar[renew_col + 2 + (int)i] = label[i];
	bar[renew_col + 2 + (int)n] = ' ';
}

int lifebar_layout(int64_t not_before, int64_t not_after, int64_t renew_at,
		   int64_t now, int w, char *bar, enum lifebar_zone *zone,
		   int *now_col)
{
	int renew_col = -1, c, expired = now >= not_after;

	bar[0] = '\0';
	*now_col = -1;
	if (w < 1 || w > LIFEBAR_MAX || not_before <= 0 ||
	    not_after <= not_before)
		return -1;
	if (renew_at > 0 && renew_at < not_after)
		renew_col = renew_at <= not_before
				    ? 0
				    : column_of(renew_at, not_before, not_after,
						w);
	if (now >= not_before && now < not_after)
		*now_col = column_of(now, not_before, not_after, w);
	for (c = 0; c < w; c++) {
		/* A column is gone once its start has passed. */
		int64_t start = not_before +
				(int64_t)((long double)(not_after -
							not_before) *
					  c / w);

		bar[c] = start < now ? '=' : '-';
		zone[c] = expired			     ? LIFEBAR_EXPIRED
			  : renew_col >= 0 && c >= renew_col ? LIFEBAR_WINDOW
							     : LIFEBAR_BEFORE;
	}
	bar[w] = '\0';
	if (renew_col >= 0) {
		bar[renew_col] = '[';
		label_window(bar, w, renew_col);
	}
	return 0;
}

/* "11-01" (UTC) for time t. */
static void month_day(int64_t t, char *out, size_t sz)
{
	char full[32];

	ui_date(t, full, sizeof(full));
	snprintf(out, sz, "%.5s", strlen(full) >= 10 ? full + 5 : full);
}

/* The colour of a zone (bars in a UTF-8 locale with colour only). */
static attr_t zone_attr(enum lifebar_zone z)
{
	switch (z) {
	case LIFEBAR_WINDOW:
		return theme_attr(ROLE_DUE);
	case LIFEBAR_EXPIRED:
		return theme_attr(ROLE_BAD);
	case LIFEBAR_BEFORE:
		break;
	}
	return theme_attr(ROLE_OK);
}

/* Draws the bar's characters from column x. */
static void draw_bar(int y, int x, const char *bar,
		     const enum lifebar_zone *zone)
{
	int fancy = glyphs_fancy(), c;

	for (c = 0; bar[c] != '\0'; c++) {
		const char *g = NULL;
		char one[2] = { bar[c], '\0' };

		if (fancy && bar[c] == '=')
			g = "\xe2\x94\x81"; /* U+2501 heavy horizontal */
		else if (fancy && bar[c] == '-')
			g = "\xe2\x94\x80"; /* U+2500 light horizontal */
		ui_put(y, x + c, 1,
		       fancy			   ? zone_attr(zone[c])
		       : zone[c] == LIFEBAR_BEFORE ? A_NORMAL
						   : A_BOLD,
		       0, g != NULL ? g : one);
	}
}

/* The row under the bar: "^ now 12-07" at now's column (or before it
 * when it does not fit after), else how long ago it expired. */
static void draw_now(int y, int x, int w, int bar_x, int now_col,
		     const struct cert_row *r, int64_t now)
{
	char md[16], text[96], span[32];
	int tw;

	if (now >= r->not_after) {
		snprintf(text, sizeof(text), _("expired %s ago"),
			 ui_countdown(now - r->not_after, span, sizeof(span)));
		ui_put(y, bar_x, x + w - bar_x, theme_attr(ROLE_BAD), 0, text);
		return;
	}
	if (now_col < 0) {
		ui_put(y, bar_x, x + w - bar_x, theme_attr(ROLE_DUE), 0,
		       _("not valid yet"));
		return;
	}
	month_day(now, md, sizeof(md));
	snprintf(text, sizeof(text), _("now %s"), md);
	tw = ui_width(text);
	if (bar_x + now_col + 2 + tw <= x + w) {
		ui_put(y, bar_x + now_col, 1, A_BOLD, 0, "^");
		ui_put(y, bar_x + now_col + 2, tw, A_NORMAL, 0, text);
	} else if (bar_x + now_col - tw - 1 >= x) {
		ui_put(y, bar_x + now_col - tw - 1, tw, A_NORMAL, 0, text);
		ui_put(y, bar_x + now_col, 1, A_BOLD, 0, "^");
	} else {
		ui_put(y, bar_x + now_col, 1, A_BOLD, 0, "^");
	}
}

int lifebar_draw(int y, int x, int w, const struct cert_row *r, int64_t now)
{
	char left[64], right[64], md[16], bar[LIFEBAR_MAX + 1];
	enum lifebar_zone zone[LIFEBAR_MAX];
	int lw, rw, bw, now_col, bar_x;

	if (r->not_before <= 0 || r->not_after <= r->not_before)
		return y;
	month_day(r->not_before, md, sizeof(md));
	snprintf(left, sizeof(left), _("issued %s"), md);
	month_day(r->not_after, md, sizeof(md));
	snprintf(right, sizeof(right), _("expires %s"), md);
	lw = ui_width(left) + 1;
	rw = ui_width(right) + 1;
	bw = w - lw - rw - 2;
	if (bw < LIFEBAR_LABELLED) {
		/* Narrow: the bar alone; the dates are on the line above. */
		lw = rw = 0;
		bw = w - 2;
	}
	if (bw > LIFEBAR_MAX)
		bw = LIFEBAR_MAX;
	if (bw < LIFEBAR_MIN ||
	    lifebar_layout(r->not_before, r->not_after, r->renew_at, now, bw,
			   bar, zone, &now_col) != 0)
		return y;
	if (lw > 0)
		ui_put(y, x, lw, A_NORMAL, 1, left);
	bar_x = x + lw + 1;
	ui_put(y, bar_x - 1, 1, A_NORMAL, 0, "|");
	draw_bar(y, bar_x, bar, zone);
	ui_put(y, bar_x + bw, 1, A_NORMAL, 0, "|");
	if (rw > 0)
		ui_put(y, bar_x + bw + 2, rw - 1, A_NORMAL, 0, right);
	draw_now(y + 1, x, w, bar_x, now_col, r, now);
	return y + 2;
}
