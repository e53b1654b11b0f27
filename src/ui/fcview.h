/* SPDX-License-Identifier: ISC */
/* fcview.h - how the forecast looks, shared by its two screens (the
 * bars in forecast.c, the list behind a line in fclist.c): labels of
 * weeks and groups, the state words, characters and colours, and the
 * bar itself. */
#ifndef ACMETUI_UI_FCVIEW_H
#define ACMETUI_UI_FCVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "db/store_forecast.h"
#include "ui/theme.h"

struct app;
struct screen;

/* "wk 50 12-07": the ISO week number and the Monday of week `week`
 * after start (a Monday 00:00 UTC), translated. */
void fc_week_label(int64_t start, int week, char *out, size_t sz);

/* A group's name: the account or CA preset, a directory URL's host, or
 * "(watched)" for NULL.  Untrusted text: draw it with
 * ui_put_untrusted(). */
void fc_group_label(const char *key, char *out, size_t sz);

/* The word for a state ("valid", "due", "failing", "expired"),
 * translated, and its colour role. */
const char *fc_state_word(enum fc_state s);
enum role fc_state_role(enum fc_state s);

/* Draws "# valid  + due  ! failing  x expired" (blocks in colour when
 * the terminal has them) from (y, x) in at most w columns; returns the
 * columns used. */
int fc_legend(int y, int x, int w);

/* Draws the bar of counts[] (by state; their sum is total) at (y, x):
 * total * w / scale columns (at least 1 for a non-zero total), each
 * state present getting at least one column when there is room, in the
 * order valid, due, failing, expired.  Returns the columns drawn. */
int fc_bar(int y, int x, int w, const int64_t *counts, int64_t total,
	   int64_t scale);

/* The certificates behind one forecast line (fclist.c): the week `week`
 * (FC_BY_WEEK) or the group key (NULL: watched) of a forecast from
 * start over weeks weeks; title is the line's label (copied). */
struct screen *fclist_new(struct app *a, enum fc_by by, int64_t start,
			  int weeks, int week, const char *key,
			  const char *title);

#endif
