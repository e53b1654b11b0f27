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
	const char *keys_label;	/* NULL: a section heading */
	char keys[48];
	enum action act;
	const char *heading;
};

struct help {
	struct screen base;
	const char *title;	/* of the screen helped, N_() */
	struct help_line lines[HELP_LINES_MAX];
	size_t n;
	struct ui_list list;
};

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

			if (strstr(h->lines[k].keys, tbl[i].label) == NULL &&
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
		snprintf(h->lines[h->n].keys, sizeof(h->lines[h->n].keys),
			 "%s", tbl[i].label);
		h->lines[h->n].act = tbl[i].act;
		h->n++;
	}
}

static void help_draw(struct app *a, struct screen *s)
{
	struct help *h = (struct help *)s;
	char title[200];
	int y = 2, rows, i;

	snprintf(title, sizeof(title), _("Help: %s"), _(h->title));
	app_title(a, title);
	rows = LINES - 2 - y;
	list_layout(&h->list, rows);
	for (i = 0; i < rows && h->list.top + (size_t)i < h->n; i++) {
		const struct help_line *l = &h->lines[h->list.top + (size_t)i];

		if (l->keys_label == NULL) {
			ui_put(y + i, 1, COLS - 2, theme_attr(ROLE_HEADING), 0,
			       _(l->heading));
			continue;
		}
		ui_put(y + i, 3, 16, A_BOLD, 1, l->keys);
		ui_put(y + i, 20, COLS - 21, A_NORMAL, 0, action_desc(l->act));
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

static const struct screen_ops help_ops = {
	.title = N_("Help"),
	.keys = keys_help,
	.draw = help_draw,
	.action = help_action,
	.free = help_free,
};

struct screen *help_new(struct app *a, const struct screen *for_screen)
{
	struct help *h = calloc(1, sizeof(*h));

	(void)a;
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
	return &h->base;
}
