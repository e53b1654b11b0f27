/* SPDX-License-Identifier: ISC */
/* fclist.c - the certificates behind one line of the forecast: a week's
 * renewals and expiries, or an account's or CA's in the 90 days, soonest
 * first; Enter opens a certificate's detail. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/store_forecast.h"
#include "ui/app.h"
#include "ui/draw.h"
#include "ui/fcview.h"
#include "ui/list.h"
#include "ui/theme.h"
#include "util/i18n.h"
#include "util/safe.h"

/* Rows read at most (a week of a very large fleet is cut, and says so). */
#define FCLIST_MAX 2000

struct fclist {
	struct screen base;
	enum fc_by by;
	int64_t start;
	int weeks, week;
	char *key; /* NULL: watched (groups) or a week */
	char title[128];
	struct fc_cert *c;
	size_t n;
	struct ui_list list;
	char load_error[256];
};

static void fclist_reload(struct app *a, struct screen *s)
{
	struct fclist *l = (struct fclist *)s;
	struct fc_cert *c = NULL;
	size_t n = 0;
	struct err e = { 0 };

	if (store_forecast_certs(a->st, l->by, a->now, l->start, l->weeks,
				 l->week, l->key, FCLIST_MAX, &c, &n,
				 &e) != RC_OK) {
		snprintf(l->load_error, sizeof(l->load_error), "%s",
			 err_text(&e));
		return;
	}
	fc_certs_free(l->c, l->n);
	l->c = c;
	l->n = n;
	l->load_error[0] = '\0';
	list_set_count(&l->list, n);
	a->dirty = 1;
}

/* Column widths for the window: two dates, the state, the rest shared
 * by name and account. */
struct fccols {
	int name, acct, state, date;
};

static struct fccols fclist_cols(void)
{
	struct fccols c = { 0, 0, 0, 10 };
	int rest, s, w;

	/* The state column fits the longest state word (translated). */
	for (s = 0; s < FC__STATES; s++) {
		w = ui_width(fc_state_word((enum fc_state)s));
		if (w > c.state)
			c.state = w < 14 ? w : 14;
	}
	rest = COLS - 2 - c.state - 2 * c.date - 4;

	if (rest < 16)
		rest = 16;
	c.name = rest * 6 / 10;
	c.acct = rest - c.name;
	return c;
}

/* "2026-12-21" of t, "-" for none. */
static void day_of(int64_t t, char *out, size_t sz)
{
	char full[32];

	ui_date(t, full, sizeof(full));
	snprintf(out, sz, "%.10s", full);
}

static void fclist_row(const struct fc_cert *c, int y, const struct fccols *w,
		       int selected)
{
	attr_t at = theme_attr(fc_state_role(c->state)) |
		    (selected ? A_REVERSE : 0);
	char d[32];
	int x = 1;

	ui_put(y, 0, COLS, at, 1, selected ? ">" : " ");
	ui_put_untrusted(y, x, w->name, at, 1, c->name);
	x += w->name + 1;
	if (c->account != NULL)
		ui_put_untrusted(y, x, w->acct, at, 1, c->account);
	else
		ui_put(y, x, w->acct, at, 1, _("(watched)"));
	x += w->acct + 1;
	ui_put(y, x, w->state, at, 1, fc_state_word(c->state));
	x += w->state + 1;
	day_of(c->renew_at, d, sizeof(d));
	ui_put(y, x, w->date, at, 1, d);
	x += w->date + 1;
	day_of(c->not_after, d, sizeof(d));
	ui_put(y, x, w->date, at, 1, d);
}

static void fclist_draw(struct app *a, struct screen *s)
{
	struct fclist *l = (struct fclist *)s;
	struct fccols w = fclist_cols();
	char title[UI_LINE_MAX];
	int y = 2, x = 1, h, i;
	attr_t hd = theme_attr(ROLE_HEADING);

	snprintf(title, sizeof(title),
		 _("Next 90 days: %s, %zu%s certificates"), l->title, l->n,
		 l->n >= FCLIST_MAX ? "+" : "");
	{
		char esc[UI_LINE_MAX];

		safe_line(esc, sizeof(esc), title, strlen(title));
		app_title(a, esc);
	}
	if (l->load_error[0] != '\0')
		ui_put_untrusted(1, 1, COLS - 2, theme_attr(ROLE_BAD), 0,
				 l->load_error);
	ui_put(y, x, w.name, hd, 1, _("NAME"));
	x += w.name + 1;
	ui_put(y, x, w.acct, hd, 1, _("ACCOUNT"));
	x += w.acct + 1;
	ui_put(y, x, w.state, hd, 1, _("STATE"));
	x += w.state + 1;
	ui_put(y, x, w.date, hd, 1, _("RENEW"));
	x += w.date + 1;
	ui_put(y, x, w.date, hd, 1, _("EXPIRES"));
	y++;
	h = LINES - 2 - y;
	list_place(&l->list, y, h);
	if (l->n == 0)
		ui_put(y + 1, 2, COLS - 4, A_NORMAL, 0,
		       _("No certificate here any more."));
	for (i = 0; i < h && l->list.top + (size_t)i < l->n; i++) {
		size_t k = l->list.top + (size_t)i;

		fclist_row(&l->c[k], y + i, &w, k == l->list.cur);
	}
}

static int fclist_action(struct app *a, struct screen *s, enum action act)
{
	struct fclist *l = (struct fclist *)s;

	if (list_move(&l->list, act))
		return 1;
	if (act != ACT_OPEN)
		return 0;
	if (l->n == 0 || l->list.cur >= l->n) {
		app_status(a, UI_WARN, "%s", _("no certificate selected"));
		return 1;
	}
	app_push(a, detail_new(a, l->c[l->list.cur].name));
	return 1;
}

static void fclist_free(struct screen *s)
{
	struct fclist *l = (struct fclist *)s;

	if (l == NULL)
		return;
	fc_certs_free(l->c, l->n);
	free(l->key);
	free(l);
}

/* The list the mouse acts on (mouse.h). */
static struct ui_list *fclist_list(struct screen *s)
{
	return &((struct fclist *)s)->list;
}

static const struct screen_ops fclist_ops = {
	.title = N_("Certificates of a forecast line"),
	.keys = keys_fclist,
	.draw = fclist_draw,
	.action = fclist_action,
	.reload = fclist_reload,
	.list = fclist_list,
	.free = fclist_free,
};

struct screen *fclist_new(struct app *a, enum fc_by by, int64_t start,
			  int weeks, int week, const char *key,
			  const char *title)
{
	struct fclist *l = calloc(1, sizeof(*l));

	if (l == NULL)
		return NULL;
	l->base.ops = &fclist_ops;
	l->by = by;
	l->start = start;
	l->weeks = weeks;
	l->week = week;
	l->list.cursor = 1;
	snprintf(l->title, sizeof(l->title), "%s", title);
	if (key != NULL && (l->key = strdup(key)) == NULL) {
		free(l);
		return NULL;
	}
	fclist_reload(a, &l->base);
	return &l->base;
}
