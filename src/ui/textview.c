/* SPDX-License-Identifier: ISC */
/* textview.c - one long text in full: an event's message, a failure's
 * reason, a CA's refusal.  Each paragraph is escaped and wrapped at the
 * window's width (again after a resize), and the view scrolls with the
 * keys of every list, so no word is ever cut off at the right edge. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/app.h"
#include "ui/draw.h"
#include "ui/list.h"
#include "ui/theme.h"
#include "util/i18n.h"
#include "util/safe.h"

struct textview {
	struct screen base;
	char *title;	     /* escaped */
	char *text;	     /* raw: escaped paragraph by paragraph */
	struct ui_list list; /* scrolling, no cursor */
};

static void textview_draw(struct app *a, struct screen *s)
{
	struct textview *v = (struct textview *)s;
	int y = 2, h = LINES - 2 - y - 1, w = COLS - 3;
	char where[96];

	app_title(a, v->title);
	if (h < 1)
		h = 1;
	list_set_count(&v->list, (size_t)ui_wrap_rows(v->text, w));
	list_place(&v->list, y, h);
	ui_put_wrapped(y, 1, w, y + h, A_NORMAL, (int)v->list.top, v->text);
	/* Where we are, so that text below the window is never a
	 * surprise. */
	if (v->list.n > (size_t)h)
		snprintf(where, sizeof(where), _("lines %zu-%zu of %zu"),
			 v->list.top + 1,
			 v->list.top + (size_t)h < v->list.n
				 ? v->list.top + (size_t)h
				 : v->list.n,
			 v->list.n);
	else
		snprintf(where, sizeof(where), "%s", _("all shown"));
	ui_put(LINES - 3, 1, COLS - 2, theme_attr(ROLE_DIM), 0, where);
}

static int textview_action(struct app *a, struct screen *s, enum action act)
{
	struct textview *v = (struct textview *)s;

	(void)a;
	return list_move(&v->list, act);
}

static void textview_free(struct screen *s)
{
	struct textview *v = (struct textview *)s;

	if (v == NULL)
		return;
	free(v->title);
	free(v->text);
	free(v);
}

/* The list the mouse acts on (mouse.h). */
static struct ui_list *textview_list(struct screen *s)
{
	return &((struct textview *)s)->list;
}

static const struct screen_ops textview_ops = {
	.title = N_("Full text"),
	.keys = keys_textview,
	.draw = textview_draw,
	.action = textview_action,
	.list = textview_list,
	.free = textview_free,
};

struct screen *textview_new(struct app *a, const char *title, const char *text)
{
	struct textview *v = calloc(1, sizeof(*v));

	(void)a;
	if (v == NULL)
		return NULL;
	v->base.ops = &textview_ops;
	v->title = safe_dup(title);
	v->text = strdup(text ? text : "");
	if (v->title == NULL || v->text == NULL) {
		textview_free(&v->base);
		return NULL;
	}
	return &v->base;
}
