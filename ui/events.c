/* events.c - the event log of the whole inventory, newest first, with a
 * level filter (all, warnings and errors, errors only). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/store_events.h"
#include "ui/app.h"
#include "ui/draw.h"
#include "ui/list.h"
#include "ui/theme.h"
#include "util/i18n.h"

/* Events read at once. */
#define EVENTS_SHOWN 2000

struct events {
	struct screen base;
	struct event_row *rows;
	size_t n;
	enum ev_level min_level;
	struct ui_list list;
	char load_error[256];
};

static void events_reload(struct app *a, struct screen *s)
{
	struct events *v = (struct events *)s;
	struct event_row *rows = NULL;
	size_t n = 0;
	struct err e = { 0 };

	if (store_event_list(a->st, EVENTS_SHOWN, v->min_level, &rows, &n,
			     &e) != RC_OK) {
		snprintf(v->load_error, sizeof(v->load_error), "%s",
			 err_text(&e));
		return;
	}
	event_rows_free(v->rows, v->n);
	v->rows = rows;
	v->n = n;
	v->load_error[0] = '\0';
	list_set_count(&v->list, n);
	a->dirty = 1;
}

static void events_draw(struct app *a, struct screen *s)
{
	struct events *v = (struct events *)s;
	static const char *const level_words[] = {
		N_("all levels"), N_("warnings and errors"), N_("errors only")
	};
	char title[200], when[32], line[UI_LINE_MAX];
	int y = 2, h, i, ws = COLS / 6;

	snprintf(title, sizeof(title), _("Event log (%zu, %s)"), v->n,
		 _(level_words[v->min_level <= EV_ERROR ? v->min_level : 0]));
	app_title(a, title);
	if (v->load_error[0] != '\0')
		ui_put_untrusted(1, 1, COLS - 2, theme_attr(ROLE_BAD), 0,
				 v->load_error);
	ui_put(y, 1, 16, theme_attr(ROLE_HEADING), 1, _("TIME (UTC)"));
	ui_put(y, 18, ws, theme_attr(ROLE_HEADING), 1, _("SUBJECT"));
	ui_put(y, 19 + ws, 13, theme_attr(ROLE_HEADING), 1, _("STAGE"));
	ui_put(y, 33 + ws, COLS - 34 - ws, theme_attr(ROLE_HEADING), 1,
	       _("MESSAGE"));
	y++;
	h = LINES - 2 - y;
	list_layout(&v->list, h);
	if (v->n == 0)
		ui_put(y + 1, 2, COLS - 4, A_NORMAL, 0, _("No events."));
	for (i = 0; i < h && v->list.top + (size_t)i < v->n; i++) {
		size_t k = v->list.top + (size_t)i;
		const struct event_row *ev = &v->rows[k];
		enum role r = ev->level == EV_ERROR  ? ROLE_BAD
			      : ev->level == EV_WARN ? ROLE_DUE
						     : ROLE_NORMAL;
		attr_t at = theme_attr(r) | (k == v->list.cur ? A_REVERSE : 0);

		ui_put(y + i, 0, COLS, at, 1, "");
		ui_put(y + i, 1, 16, at, 1, ui_date(ev->ts, when, sizeof(when)));
		ui_put_untrusted(y + i, 18, ws, at, 1, ev->subject);
		ui_put_untrusted(y + i, 19 + ws, 13, at, 1, ev->stage);
		snprintf(line, sizeof(line), "%s%s",
			 ev->level == EV_ERROR  ? "! "
			 : ev->level == EV_WARN ? "? "
						: "",
			 ev->message ? ev->message : "");
		ui_put_untrusted(y + i, 33 + ws, COLS - 34 - ws, at, 0, line);
	}
}

static int events_action(struct app *a, struct screen *s, enum action act)
{
	struct events *v = (struct events *)s;

	if (list_move(&v->list, act))
		return 1;
	if (act == ACT_LEVEL) {
		v->min_level = v->min_level >= EV_ERROR ? EV_INFO
							: v->min_level + 1;
		v->list.cur = 0;
		events_reload(a, s);
		return 1;
	}
	return 0;
}

static void events_free(struct screen *s)
{
	struct events *v = (struct events *)s;

	if (v == NULL)
		return;
	event_rows_free(v->rows, v->n);
	free(v);
}

static const struct screen_ops events_ops = {
	.title = N_("Event log"),
	.keys = keys_events,
	.draw = events_draw,
	.action = events_action,
	.reload = events_reload,
	.free = events_free,
};

struct screen *events_new(struct app *a)
{
	struct events *v = calloc(1, sizeof(*v));

	if (v == NULL)
		return NULL;
	v->base.ops = &events_ops;
	v->list.cursor = 1;
	v->min_level = EV_INFO;
	events_reload(a, &v->base);
	return &v->base;
}
