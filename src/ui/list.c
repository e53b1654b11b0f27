/* SPDX-License-Identifier: ISC */
/* list.c - cursor and scrolling arithmetic of the list widget. */
#include "config.h"

#include "ui/list.h"

void list_set_count(struct ui_list *l, size_t n)
{
	l->n = n;
	if (n == 0)
		l->cur = 0;
	else if (l->cur >= n)
		l->cur = n - 1;
	if (l->top >= n)
		l->top = n ? n - 1 : 0;
}

void list_layout(struct ui_list *l, int height)
{
	size_t h = height > 0 ? (size_t)height : 1;

	l->height = (int)h;
	if (!l->cursor) {
		/* Scrolling only: cur is the first line shown. */
		if (l->n <= h)
			l->cur = 0;
		else if (l->cur > l->n - h)
			l->cur = l->n - h;
		l->top = l->cur;
		return;
	}
	if (l->cur < l->top)
		l->top = l->cur;
	if (l->cur >= l->top + h)
		l->top = l->cur - h + 1;
	/* Use the room when the list shrank (or the window grew). */
	if (l->n > h && l->top > l->n - h)
		l->top = l->n - h;
	if (l->n <= h)
		l->top = 0;
}

void list_place(struct ui_list *l, int y, int height)
{
	l->y = y;
	list_layout(l, height);
}

long list_row_at(const struct ui_list *l, int y)
{
	size_t row;

	if (y < l->y || y >= l->y + l->height)
		return -1;
	row = l->top + (size_t)(y - l->y);
	return row < l->n ? (long)row : -1;
}

int list_move(struct ui_list *l, enum action act)
{
	size_t page = l->height > 1 ? (size_t)l->height - 1 : 1;

	switch (act) {
	case ACT_UP:
		if (l->cur > 0)
			l->cur--;
		break;
	case ACT_DOWN:
		if (l->cur + 1 < l->n)
			l->cur++;
		break;
	case ACT_PGUP:
		l->cur = l->cur > page ? l->cur - page : 0;
		break;
	case ACT_PGDN:
		l->cur += page;
		if (l->n == 0)
			l->cur = 0;
		else if (l->cur >= l->n)
			l->cur = l->n - 1;
		break;
	case ACT_HOME:
		l->cur = 0;
		break;
	case ACT_END:
		l->cur = l->n ? l->n - 1 : 0;
		break;
	default:
		return 0;
	}
	list_layout(l, l->height);
	return 1;
}
