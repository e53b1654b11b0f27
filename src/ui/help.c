/* SPDX-License-Identifier: ISC */
/* help.c - the help screen, generated from the key tables of the screen
 * it was opened on and the global table, so it always says what the
 * keys really do. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/app.h"
#include "ui/draw.h"
#include "ui/list.h"
#include "ui/theme.h"
#include "util/i18n.h"

#define HELP_LINES_MAX 128

struct help_line {
	const char *keys_label; /* NULL: a heading or a legend line */
	char keys[48];
	enum action act;
	const char *heading; /* N_(); NULL on a legend line */
	/* A legend line: the marker (N_(), "" none) in its colour, then
	 * what it means. */
	const char *mark;
	enum role role;
	const char *meaning;
};

/* What the dashboard and the detail show, in words (the legend). */
static const struct {
	const char *mark;
	enum role role;
	const char *meaning;
} legend[] = {
	{ "", ROLE_HEADING,
	  N_("Stages: Request > Validation > Issuance > "
	     "Installation > Monitoring > Renewal; off "
	     "to the side: Failed (with the stage that "
	     "failed and the next retry), Revoked, "
	     "Expired") },
	{ "", ROLE_OK, N_("green, no marker: valid, renewal not due yet") },
	{ N_("due"), ROLE_DUE, N_("yellow: the renewal window is open") },
	{ N_("soon"), ROLE_BAD, N_("red: less than 7 days left") },
	{ "!", ROLE_BAD, N_("red: the last action failed") },
	{ N_("EXP"), ROLE_BAD, N_("red: expired") },
	{ N_("REV"), ROLE_DIM, N_("dim: revoked at the CA") },
	{ N_("new"), ROLE_NORMAL, N_("not issued yet") },
	{ "?", ROLE_DUE, N_("in a log: a warning or advice, not a failure") },
	{ "!", ROLE_BAD, N_("in a log: an error") },
};

/* The mouse, on screens with a list (mouse.h); the terminal's own
 * selection is what an operator needs to copy a name or an error. */
static const char *const mouse_on_text[] = {
	N_("A click selects a line; a click on the selected line (or a "
	   "double-click) opens it, as Enter does; the wheel scrolls. No "
	   "click orders, renews, revokes, deletes or quits."),
	N_("To copy text, select it with Shift+drag (most terminals). "
	   "--no-mouse or ACMETUI_NO_MOUSE turns the mouse off."),
};
static const char *const mouse_off_text[] = {
	N_("Off (--no-mouse or ACMETUI_NO_MOUSE): drag to select text for "
	   "copying."),
};

struct help {
	struct screen base;
	const char *title; /* of the screen helped, N_() */
	struct help_line lines[HELP_LINES_MAX];
	size_t n;
	struct ui_list list;
};

/* Is label one of the ", "-separated labels in keys?  (A substring
 * test would take "a" for listed in "Tab".) */
static int label_listed(const char *keys, const char *label)
{
	size_t n = strlen(label);
	const char *p = keys;

	while (*p != '\0') {
		size_t k = strcspn(p, ",");

		if (k == n && strncmp(p, label, n) == 0)
			return 1;
		p += k;
		while (*p == ',' || *p == ' ')
			p++;
	}
	return 0;
}

/* Adds the bindings of tbl, merging keys bound to the same action
 * ("Up, k") and skipping actions already listed. */
static void help_add(struct help *h, const char *heading,
		     const struct keybind *tbl)
{
	size_t i, k;

	if (h->n < HELP_LINES_MAX) {
		h->lines[h->n].heading = heading;
		h->lines[h->n].keys_label = NULL;
		h->n++;
	}
	for (i = 0; tbl[i].act != ACT_NONE; i++) {
		for (k = 0; k < h->n; k++)
			if (h->lines[k].keys_label != NULL &&
			    h->lines[k].act == tbl[i].act)
				break;
		if (k < h->n) {
			size_t l = strlen(h->lines[k].keys);

			if (!label_listed(h->lines[k].keys, tbl[i].label) &&
			    l + strlen(tbl[i].label) + 3 <
				    sizeof(h->lines[k].keys))
				snprintf(h->lines[k].keys + l,
					 sizeof(h->lines[k].keys) - l, ", %s",
					 tbl[i].label);
			continue;
		}
		if (h->n >= HELP_LINES_MAX)
			break;
		h->lines[h->n].keys_label = tbl[i].label;
		snprintf(h->lines[h->n].keys, sizeof(h->lines[h->n].keys), "%s",
			 tbl[i].label);
		h->lines[h->n].act = tbl[i].act;
		h->n++;
	}
}

/* Adds the legend of stages, colours and markers. */
static void help_add_legend(struct help *h)
{
	size_t i;

	if (h->n < HELP_LINES_MAX) {
		h->lines[h->n].heading = N_("What the colours and markers "
					    "mean");
		h->n++;
	}
	for (i = 0; i < sizeof(legend) / sizeof(legend[0]); i++) {
		if (h->n >= HELP_LINES_MAX)
			break;
		h->lines[h->n].mark = legend[i].mark;
		h->lines[h->n].role = legend[i].role;
		h->lines[h->n].meaning = legend[i].meaning;
		h->n++;
	}
}

/* Adds what the mouse does (on) or that it is off. */
static void help_add_mouse(struct help *h, int on)
{
	const char *const *text = on ? mouse_on_text : mouse_off_text;
	size_t n = on ? sizeof(mouse_on_text) / sizeof(mouse_on_text[0])
		      : sizeof(mouse_off_text) / sizeof(mouse_off_text[0]);
	size_t i;

	if (h->n < HELP_LINES_MAX) {
		h->lines[h->n].heading = N_("Mouse");
		h->n++;
	}
	for (i = 0; i < n && h->n < HELP_LINES_MAX; i++) {
		h->lines[h->n].mark = "";
		h->lines[h->n].role = ROLE_NORMAL;
		h->lines[h->n].meaning = text[i];
		h->n++;
	}
}

/* Rows line l takes at the current width (descriptions and meanings
 * wrap: nothing is cut off on a narrow terminal). */
static int help_line_rows(const struct help_line *l)
{
	if (l->meaning != NULL)
		return ui_wrap_rows(_(l->meaning), COLS - 11);
	if (l->keys_label == NULL)
		return ui_wrap_rows(_(l->heading), COLS - 2);
	return ui_wrap_rows(action_desc(l->act), COLS - 21);
}

/* Draws line l from its row skip on, at row y, not at or below maxy.
 * Returns the rows drawn. */
static int help_draw_line(const struct help_line *l, int skip, int y, int maxy)
{
	if (l->meaning != NULL) {
		if (skip == 0)
			ui_put(y, 3, 6, theme_attr(l->role) | A_BOLD, 1,
			       l->mark[0] ? _(l->mark) : "");
		return ui_put_wrapped(y, 10, COLS - 11, maxy, A_NORMAL, skip,
				      _(l->meaning));
	}
	if (l->keys_label == NULL)
		return ui_put_wrapped(y, 1, COLS - 2, maxy,
				      theme_attr(ROLE_HEADING), skip,
				      _(l->heading));
	if (skip == 0)
		ui_put(y, 3, 16, A_BOLD, 1, l->keys);
	return ui_put_wrapped(y, 20, COLS - 21, maxy, A_NORMAL, skip,
			      action_desc(l->act));
}

/* The help scrolls by rows: list.n is the rows of every line at this
 * width, list.top the first row shown. */
static void help_draw(struct app *a, struct screen *s)
{
	struct help *h = (struct help *)s;
	char title[200];
	int y = 2, maxy = LINES - 2, row = 0, k;
	size_t i, total = 0;

	snprintf(title, sizeof(title), _("Help: %s"), _(h->title));
	app_title(a, title);
	for (i = 0; i < h->n; i++)
		total += (size_t)help_line_rows(&h->lines[i]);
	list_set_count(&h->list, total);
	list_place(&h->list, y, maxy - y);
	for (i = 0; i < h->n && y < maxy; i++) {
		k = help_line_rows(&h->lines[i]);
		if ((size_t)row + (size_t)k > h->list.top) {
			int skip = (size_t)row < h->list.top
					   ? (int)(h->list.top - (size_t)row)
					   : 0;

			y += help_draw_line(&h->lines[i], skip, y, maxy);
		}
		row += k;
	}
}

static int help_action(struct app *a, struct screen *s, enum action act)
{
	struct help *h = (struct help *)s;

	(void)a;
	return list_move(&h->list, act);
}

static void help_free(struct screen *s)
{
	free(s);
}

/* The list the mouse acts on (mouse.h). */
static struct ui_list *help_list(struct screen *s)
{
	return &((struct help *)s)->list;
}

static const struct screen_ops help_ops = {
	.title = N_("Help"),
	.keys = keys_help,
	.draw = help_draw,
	.action = help_action,
	.list = help_list,
	.free = help_free,
};

struct screen *help_new(struct app *a, const struct screen *for_screen)
{
	struct help *h = calloc(1, sizeof(*h));

	if (h == NULL)
		return NULL;
	h->base.ops = &help_ops;
	h->title = for_screen->ops->title;
	help_add(h, N_("Keys of this screen"), for_screen->ops->keys);
	if (for_screen->ops->keys == keys_form) {
		help_add(h, N_("Editing a field"), keys_edit);
	} else {
		help_add(h, N_("Keys everywhere"), keys_global);
	}
	if (for_screen->ops->list != NULL)
		help_add_mouse(h, a->mouse);
	help_add_legend(h);
	return &h->base;
}
