/* SPDX-License-Identifier: ISC */
/* list.h - the scrolling list every list screen uses (dashboard,
 * accounts, event log, help): a cursor over n rows and the first row
 * shown, kept consistent as the data and the window size change.  The
 * widget holds no rows itself: screens draw only the visible ones. */
#ifndef ACMETUI_UI_LIST_H
#define ACMETUI_UI_LIST_H

#include <stddef.h>

#include "ui/keys.h"

struct ui_list {
	size_t n;   /* rows */
	size_t cur; /* selected row (0 when n == 0) */
	size_t top; /* first visible row */
	int height; /* visible rows, set by list_layout() */
	int cursor; /* 1: a selection cursor; 0: plain scrolling */
	int y;	    /* screen row of the first visible row, set by
			 * list_place() (the mouse maps rows with it) */
};

/* Sets the row count, keeping the cursor in range. */
void list_set_count(struct ui_list *l, size_t n);

/* Sets the visible height and scrolls so the cursor is visible. */
void list_layout(struct ui_list *l, int height);

/* list_layout(), drawn from screen row y on. */
void list_place(struct ui_list *l, int y, int height);

/* The row shown at screen row y, or -1 when y shows no row (above or
 * below the list, or past its last row). */
long list_row_at(const struct ui_list *l, int y);

/* Moves for ACT_UP/DOWN/PGUP/PGDN/HOME/END; returns 1 when act was one
 * of those, else 0. */
int list_move(struct ui_list *l, enum action act);

#endif
