/* SPDX-License-Identifier: ISC */
/* mouse.c - clicks and the wheel on the list of the top screen (see
 * mouse.h).  Every move goes through the screen's own action hook as the
 * arrow keys do, so a screen keeps whatever it does on a move (windowed
 * loading, remembering the selection) without knowing about the mouse. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>

#include "ui/app.h"
#include "ui/list.h"
#include "ui/mouse.h"
#include "util/env.h"

/* ncurses 6 reports the wheel as buttons 4 (up) and 5 (down). */
#ifdef BUTTON5_PRESSED
#define WHEEL_DOWN BUTTON5_PRESSED
#else
#define WHEEL_DOWN 0
#endif
#define WHEEL_UP BUTTON4_PRESSED
/* Reports taken from ncurses's queue at once (it keeps a few). */
#define MOUSE_BURST_MAX 16

int mouse_start(int wanted)
{
	if (!wanted || env_get()->no_mouse)
		return 0;
	/* Presses are reported at once, with no wait for a click or a
	 * double-click to complete: a second press on the selected row
	 * opens it, which is what a double-click does. */
	mouseinterval(0);
	return mousemask(BUTTON1_PRESSED | WHEEL_UP | WHEEL_DOWN, NULL) != 0;
}

/* Runs act n times through the screen's hook; stops when it is not
 * taken (the top or the end). */
static void mouse_repeat(struct app *a, struct screen *s, enum action act,
			 size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s->ops->action == NULL || !s->ops->action(a, s, act))
			break;
}

/* What Enter does on s now, when it only opens or shows the selected
 * row; else nothing (a form's Enter saves, a question's confirms). */
static void mouse_open(struct app *a, struct screen *s)
{
	const struct keybind *keys = s->ops->current_keys != NULL
					     ? s->ops->current_keys(s)
					     : s->ops->keys;
	enum action act = keys_lookup(keys, '\r');

	if (act != ACT_OPEN && act != ACT_FULLTEXT)
		return;
	if (s->ops->action != NULL)
		s->ops->action(a, s, act);
}

/* A press of the first button at screen row y. */
static void mouse_click(struct app *a, struct screen *s, struct ui_list *l,
			int y)
{
	long row = list_row_at(l, y);

	if (row < 0 || !l->cursor)
		return;
	if ((size_t)row == l->cur) {
		mouse_open(a, s);
		return;
	}
	/* The row is visible, so these moves do not scroll. */
	if ((size_t)row > l->cur)
		mouse_repeat(a, s, ACT_DOWN, (size_t)row - l->cur);
	else
		mouse_repeat(a, s, ACT_UP, l->cur - (size_t)row);
}

/* One report, on the list l of screen s. */
static void mouse_one(struct app *a, struct screen *s, struct ui_list *l,
		      const MEVENT *ev)
{
	if (ev->bstate & WHEEL_UP)
		mouse_repeat(a, s, ACT_UP, MOUSE_WHEEL_ROWS);
	else if (WHEEL_DOWN != 0 && (ev->bstate & WHEEL_DOWN))
		mouse_repeat(a, s, ACT_DOWN, MOUSE_WHEEL_ROWS);
	else if (ev->bstate & BUTTON1_PRESSED)
		mouse_click(a, s, l, ev->y);
}

void mouse_event(struct app *a, struct screen *s)
{
	MEVENT ev[MOUSE_BURST_MAX];
	struct ui_list *l;
	size_t n = 0;

	if (!a->mouse || s == NULL)
		return;
	/* Reports read in one burst (a fast double-click) are all queued
	 * at once, and getmouse() hands out the newest first: take them
	 * all, then act oldest first. */
	while (n < MOUSE_BURST_MAX && getmouse(&ev[n]) == OK)
		n++;
	l = s->ops->list != NULL ? s->ops->list(s) : NULL;
	while (l != NULL && n > 0 && app_top(a) == s)
		mouse_one(a, s, l, &ev[--n]);
}
