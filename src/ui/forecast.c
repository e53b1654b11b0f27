/* SPDX-License-Identifier: ISC */
/* forecast.c - the next 90 days of the fleet: per week, how many
 * certificates renew (by their stored renewal times) and how many would
 * expire if nothing renewed them, as bars coloured by state; Tab groups
 * by account or CA instead; Enter lists the certificates behind a line.
 *
 * The counts come from one aggregate query (db/store_forecast.c), read
 * when the screen opens, when the grouping changes and when the
 * inventory changes; a frame does no query.  Bars are drawn with the
 * terminal's own characters: blocks in a UTF-8 locale with colour, '#'
 * (valid), '+' (due), '!' (failing) and 'x' (expired) otherwise. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/store_forecast.h"
#include "ui/app.h"
#include "ui/draw.h"
#include "ui/fcview.h"
#include "ui/glyphs.h"
#include "ui/list.h"
#include "ui/theme.h"
#include "util/i18n.h"

/* 13 weeks: this one and the 12 after it, 91 days. */
#define FORECAST_WEEKS 13

/* The expiries' column at the right edge ("! 100000"). */
#define EXPIRE_W 9

/* The label column's heading for each grouping (enum fc_by). */
static const char *const by_heads[] = { N_("WEEK"), N_("ACCOUNT"), N_("CA") };

struct forecast {
	struct screen base;
	enum fc_by by;
	int64_t start; /* Monday 00:00 UTC of this week */
	struct fc_bucket *b;
	size_t n;
	struct ui_list list;
	char load_error[256];
};

/* Monday 00:00 UTC of the week of t. */
static int64_t week_start(int64_t t)
{
	int64_t day = t - (t % 86400 + 86400) % 86400;
	/* 1970-01-01 was a Thursday: day 0 is weekday 3 from Monday. */
	int64_t monday_offset = ((day / 86400) % 7 + 7 + 3) % 7;

	return day - monday_offset * 86400;
}

static void forecast_reload(struct app *a, struct screen *s)
{
	struct forecast *f = (struct forecast *)s;
	struct fc_bucket *b = NULL;
	size_t n = 0;
	struct err e = { 0 };

	f->start = week_start(a->now);
	if (store_forecast(a->st, f->by, a->now, f->start, FORECAST_WEEKS, &b,
			   &n, &e) != RC_OK) {
		snprintf(f->load_error, sizeof(f->load_error), "%s",
			 err_text(&e));
		return;
	}
	fc_buckets_free(f->b, f->n);
	f->b = b;
	f->n = n;
	f->load_error[0] = '\0';
	list_set_count(&f->list, n);
	a->dirty = 1;
}

/* The sum over the states of v. */
static int64_t total(const int64_t *v)
{
	int64_t t = 0;
	int i;

	for (i = 0; i < FC__STATES; i++)
		t += v[i];
	return t;
}

/* The label of line i: "wk 50 12-07" or the group's name. */
static void line_label(const struct forecast *f, size_t i, char *out, size_t sz)
{
	if (f->by == FC_BY_WEEK)
		fc_week_label(f->start, f->b[i].week, out, sz);
	else
		fc_group_label(f->b[i].key, out, sz);
}

/* The widest count of any line, for the scale. */
static int64_t widest(const struct forecast *f)
{
	int64_t m = 0, t;
	size_t i;

	for (i = 0; i < f->n; i++) {
		t = total(f->b[i].renew);
		if (t > m)
			m = t;
	}
	return m;
}

/* The label column: as wide as the widest label (and its heading), at
 * most a third of the window, so that labels are whole and the bars
 * keep most of the room. */
static int label_width(const struct forecast *f)
{
	char label[128];
	int w = ui_width(_(by_heads[f->by])), lw;
	size_t i;

	for (i = 0; i < f->n; i++) {
		line_label(f, i, label, sizeof(label));
		lw = ui_width(label);
		if (lw > w)
			w = lw;
	}
	return w < COLS / 3 ? w : COLS / 3;
}

/* Whether any line has an expiry. */
static int any_expiry(const struct forecast *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (total(f->b[i].expire) > 0)
			return 1;
	return 0;
}

/* The top lines: what is counted, and what the bar characters mean. */
static void draw_header(struct app *a, struct forecast *f)
{
	static const char *const by_words[] = {
		N_("renewals per week, by state"),
		N_("renewals in 90 days, by account"),
		N_("renewals in 90 days, by CA"),
	};
	int64_t renew = 0, expire = 0;
	char title[256];
	size_t i;
	int x, w;

	for (i = 0; i < f->n; i++) {
		renew += total(f->b[i].renew);
		expire += total(f->b[i].expire);
	}
	snprintf(title, sizeof(title),
		 _("Next 90 days: %lld renewals, %lld would expire"),
		 (long long)renew, (long long)expire);
	/* The numbers must stay whole: a shorter wording where the long
	 * one does not fit beside "?help" (app_title's layout). */
	if (ui_width(title) > COLS - ui_width(_("?help")) - 3)
		snprintf(title, sizeof(title),
			 _("90 days: %lld renew, %lld "
			   "expire"),
			 (long long)renew, (long long)expire);
	app_title(a, title);
	/* The legend first: the bars cannot be read without it; what is
	 * counted goes right of it when there is room. */
	x = 1 + fc_legend(1, 1, COLS - 2);
	w = ui_width(_(by_words[f->by]));
	if (x + 2 + w <= COLS - 1)
		ui_put(1, COLS - 1 - w, w, theme_attr(ROLE_HEADING), 0,
		       _(by_words[f->by]));
}

/* One line: label, bar of its renewals by state, count, expiries. */
static void draw_line(struct forecast *f, size_t i, int y, int labw, int barw,
		      int64_t scale, int selected)
{
	const struct fc_bucket *b = &f->b[i];
	int64_t renew = total(b->renew), expire = total(b->expire);
	int64_t bad = b->expire[FC_FAILING] + b->expire[FC_EXPIRED];
	char label[128], num[32];
	int x = 1, used;
	attr_t sel = selected ? A_REVERSE : A_NORMAL;

	line_label(f, i, label, sizeof(label));
	ui_put(y, 0, 1, sel, 0, selected ? ">" : " ");
	ui_put_untrusted(y, x, labw, sel | A_NORMAL, 1, label);
	x += labw + 1;
	used = fc_bar(y, x, barw, b->renew, renew, scale);
	snprintf(num, sizeof(num), "%lld", (long long)renew);
	ui_put(y, x + used + (used > 0), 7, A_NORMAL, 0, num);
	/* Expiries at the right edge: red and marked when some of them
	 * are failing or expired (nothing will renew them on its own). */
	if (expire > 0) {
		snprintf(num, sizeof(num), "%s%lld", bad > 0 ? "! " : "",
			 (long long)expire);
		ui_put(y, COLS - 1 - ui_width(num), ui_width(num),
		       theme_attr(bad > 0 ? ROLE_BAD : ROLE_NORMAL), 0, num);
	}
}

static void forecast_draw(struct app *a, struct screen *s)
{
	struct forecast *f = (struct forecast *)s;
	int y = 3, h, i, labw, barw, expw = EXPIRE_W;
	int64_t scale;

	draw_header(a, f);
	if (f->load_error[0] != '\0') {
		ui_put_untrusted(2, 1, COLS - 2, theme_attr(ROLE_BAD), 0,
				 f->load_error);
		return;
	}
	labw = label_width(f);
	/* label, bar, its count (7), the expiries (9) */
	barw = COLS - 2 - labw - 1 - 8 - expw;
	if (barw < 4)
		barw = 4;
	ui_put(2, 1, labw, theme_attr(ROLE_HEADING), 1, _(by_heads[f->by]));
	ui_put(2, labw + 2, barw, theme_attr(ROLE_HEADING), 1, _("RENEWALS"));
	ui_put(2, COLS - 1 - expw, expw, theme_attr(ROLE_HEADING), 0,
	       _("EXPIRE"));
	h = LINES - 2 - y;
	list_place(&f->list, y, h);
	scale = widest(f);
	if (f->n == 0 || (scale == 0 && !any_expiry(f))) {
		ui_put(y + 1, 2, COLS - 4, A_NORMAL, 0,
		       _("Nothing renews or expires in the next 90 days."));
		return;
	}
	for (i = 0; i < h && f->list.top + (size_t)i < f->n; i++) {
		size_t k = f->list.top + (size_t)i;

		draw_line(f, k, y + i, labw, barw, scale, k == f->list.cur);
	}
}

static int forecast_action(struct app *a, struct screen *s, enum action act)
{
	struct forecast *f = (struct forecast *)s;
	const struct fc_bucket *b;
	char label[128];

	if (list_move(&f->list, act))
		return 1;
	switch (act) {
	case ACT_GROUP:
		f->by = f->by == FC_BY_CA ? FC_BY_WEEK
					  : (enum fc_by)(f->by + 1);
		f->list.cur = f->list.top = 0;
		forecast_reload(a, s);
		return 1;
	case ACT_OPEN:
		b = f->list.cur < f->n ? &f->b[f->list.cur] : NULL;
		if (b == NULL || total(b->renew) + total(b->expire) == 0) {
			app_status(a, UI_WARN, "%s", _("nothing to list"));
			return 1;
		}
		line_label(f, f->list.cur, label, sizeof(label));
		app_push(a, fclist_new(a, f->by, f->start, FORECAST_WEEKS,
				       b->week, b->key, label));
		return 1;
	default:
		return 0;
	}
}

static void forecast_free(struct screen *s)
{
	struct forecast *f = (struct forecast *)s;

	if (f == NULL)
		return;
	fc_buckets_free(f->b, f->n);
	free(f);
}

/* The list the mouse acts on (mouse.h). */
static struct ui_list *forecast_list(struct screen *s)
{
	return &((struct forecast *)s)->list;
}

static const struct screen_ops forecast_ops = {
	.title = N_("The next 90 days"),
	.keys = keys_forecast,
	.draw = forecast_draw,
	.action = forecast_action,
	.reload = forecast_reload,
	.list = forecast_list,
	.free = forecast_free,
};

struct screen *forecast_new(struct app *a)
{
	struct forecast *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return NULL;
	f->base.ops = &forecast_ops;
	f->by = FC_BY_WEEK;
	f->list.cursor = 1;
	forecast_reload(a, &f->base);
	return &f->base;
}
