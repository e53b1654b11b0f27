/* SPDX-License-Identifier: ISC */
/* mouse.h - the mouse on every list, as the keys would do it.
 *
 * One mapping serves every screen that shows a list (the screen's
 * `list` op names it): a click selects the row under the pointer, a
 * click on the row already selected (so also a double-click) does what
 * Enter does there, when that is opening or showing the row, and the
 * wheel moves as the arrow keys do.  Nothing else: no click orders,
 * renews, revokes, deletes or quits; those stay on keys behind their
 * questions.  Clicks outside the rows (title, header, status line,
 * footer, below the last row) do nothing. */
#ifndef ACMETUI_UI_MOUSE_H
#define ACMETUI_UI_MOUSE_H

struct app;
struct screen;

/* Rows the wheel moves per notch (htop and mc move a few at once). */
#define MOUSE_WHEEL_ROWS 3

/* Asks the terminal for mouse reports unless wanted is 0 or
 * ACMETUI_NO_MOUSE is set (to anything non-empty).  Call after
 * initscr().  Returns 1 when the mouse is on. */
int mouse_start(int wanted);

/* Handles one KEY_MOUSE on screen s (the top one): reads the event and
 * acts on s's list.  Does nothing when a->mouse is 0. */
void mouse_event(struct app *a, struct screen *s);

#endif
