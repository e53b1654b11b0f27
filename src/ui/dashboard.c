/* SPDX-License-Identifier: ISC */
/* dashboard.c - the first screen: one line per certificate, soonest
 * expiry first, with live countdowns, totals and a filter.
 *
 * Scale: only the window on screen is read (db/store_dash.c), with the
 * totals of the whole inventory from one covering index; filter and sort
 * are SQL over indexes, and the selected certificate is found again by
 * counting the rows before it.  A frame does no query unless the window
 * moved or the inventory changed, so 100,000 certificates open and tick
 * as fast as ten.  A row whose certificate has a job of ours
 * running shows the job's step and time instead of its stage, read from
 * the job runner (a lock, no query, no allocation).  The second line
 * tells how the renewal batch is doing (the last --renew-due run), read
 * with the certificates and at most once a minute besides, since its age
 * alone can turn it into a warning. */
#include "config.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db/store_certs.h"
#include "db/store_dash.h"
#include "db/store_runs.h"
#include "lifecycle/runhealth.h"
#include "ui/app.h"
#include "ui/certview.h"
#include "ui/dashcols.h"
#include "ui/draw.h"
#include "ui/list.h"
#include "ui/theme.h"
#include "util/i18n.h"
#include "util/safe.h"

#define FILTER_MAX 128
/* How often the last run is re-read when nothing else changed. */
#define RUN_REREAD_S 60

struct dash {
	struct screen base;
	struct cert_summary *rows; /* the window read last */
	size_t nrows;
	size_t win_top;		   /* the list index of rows[0] */
	int win_stale;		   /* rows no longer what the list shows */
	struct dash_totals totals; /* the whole inventory */
	size_t nview;		   /* the certificates the filter keeps */
	enum dash_sort sort;
	int sort_desc;
	int want[DC__COUNT]; /* column widths the filtered rows ask */
	struct ui_list list;
	char filter[FILTER_MAX];
	int filtering;	     /* the filter line has the keyboard */
	int refilter_due;    /* the filter text changed since the count */
	struct app *app;     /* for dash_list, which gets no app */
	int64_t selected_id; /* keeps the cursor on a certificate */
	char load_error[256];
	struct run_row last_run; /* id 0: none recorded */
	int64_t run_read_at;	 /* when last_run was read */
	int run_unreadable;	 /* the read failed: say nothing */
};

static struct cert_state state_of(const struct cert_summary *r)
{
	struct cert_state c;

	c.stage = r->stage;
	c.status = r->status;
	c.not_after = r->not_after;
	c.renew_at = r->renew_at;
	c.last_error = r->last_error;
	return c;
}

/* Case-insensitive substring test (ASCII folding, as SQLite's LIKE). */
static int contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay != '\0'; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

/* What the list shows: the sort and the filter, whose stage words are
 * matched here (they are translated) and handed to SQL as bits. */
static void dash_query(const struct dash *d, struct dash_query *q)
{
	int k;

	q->sort = d->sort;
	q->desc = d->sort_desc;
	q->text = d->filter;
	q->stages = 0;
	for (k = 0; d->filter[0] != '\0' && k < CERT_STAGE__INVALID; k++)
		if (contains(cert_stage_word((enum cert_stage)k), d->filter))
			q->stages |= 1u << k;
}

/* Raises *w to at least v. */
static void at_least(int *w, int v)
{
	if (*w < v)
		*w = v;
}

/* The column widths the rows in the window ask for: names, domains and
 * accounts as wide as the widest (capped: one odd name must not take
 * the line), the others fixed; at least the header and the sort mark. */
static void dash_measure(struct dash *d)
{
	char more[16];
	size_t i;
	int w;

	d->want[DC_NAME] = ui_width(_("NAME")) + 1;
	d->want[DC_DOM] = ui_width(_("DOMAINS")) + 1;
	d->want[DC_ACCT] = ui_width(_("ACCOUNT")) + 1;
	for (i = 0; i < d->nrows; i++) {
		const struct cert_summary *r = &d->rows[i];

		at_least(&d->want[DC_NAME], ui_width(r->name));
		more[0] = '\0';
		if (r->domain_count > 1)
			snprintf(more, sizeof(more), " +%d",
				 r->domain_count - 1);
		w = ui_width(r->first_domain ? r->first_domain : "-");
		at_least(&d->want[DC_DOM], w + ui_width(more));
		w = r->watched
			    ? ui_width(_("watched"))
			    : ui_width(r->account_name ? r->account_name : "");
		at_least(&d->want[DC_ACCT], w);
	}
	if (d->want[DC_NAME] > 40)
		d->want[DC_NAME] = 40;
	if (d->want[DC_DOM] > 56)
		d->want[DC_DOM] = 56;
	if (d->want[DC_ACCT] > 32)
		d->want[DC_ACCT] = 32;
	/* A running job's step and time: "Validating 12:34". */
	d->want[DC_STAGE] = 16;
	at_least(&d->want[DC_STAGE], ui_width(_("STAGE")) + 1);
	/* A countdown: "-123d 04h". */
	d->want[DC_EXP] = 9;
	at_least(&d->want[DC_EXP], ui_width(_("EXPIRES")) + 1);
	d->want[DC_RENEW] = 9;
	at_least(&d->want[DC_RENEW], ui_width(_("RENEW IN")) + 1);
	d->want[DC_FLAG] = 4;
	at_least(&d->want[DC_FLAG], ui_width(_("FLAG")));
}

/* Shows load errors in the status line. */
static void dash_fail(struct dash *d, const struct err *e)
{
	snprintf(d->load_error, sizeof(d->load_error), "%s", err_text(e));
}

/* Makes rows[] the window [top, top + h) of the list (fewer at its
 * end), reading it only when it is not already. */
static void dash_window(struct app *a, struct dash *d, size_t top, size_t h)
{
	struct cert_summary *rows = NULL;
	struct dash_query q;
	struct err e = { 0 };
	size_t n = 0, end = top + h < d->nview ? top + h : d->nview;

	if (!d->win_stale && top >= d->win_top && end <= d->win_top + d->nrows)
		return;
	dash_query(d, &q);
	if (store_dash_window(a->st, &q, top, h, d->nview, &rows, &n, &e) !=
	    RC_OK) {
		dash_fail(d, &e);
		return;
	}
	cert_summaries_free(d->rows, d->nrows);
	d->rows = rows;
	d->nrows = n;
	d->win_top = top;
	d->win_stale = 0;
	dash_measure(d);
}

/* The row at list index i when the window holds it, else NULL. */
static const struct cert_summary *dash_row_at(const struct dash *d, size_t i)
{
	if (d->win_stale || i < d->win_top || i - d->win_top >= d->nrows)
		return NULL;
	return &d->rows[i - d->win_top];
}

/* Puts the cursor on certificate id (or, id 0, the one called name)
 * when the filter keeps it: its position is the count of rows before
 * it, so rows inserted above it do not move the selection.  Returns 1
 * when found. */
static int dash_locate(struct app *a, struct dash *d, int64_t id,
		       const char *name)
{
	struct dash_query q;
	struct err e = { 0 };
	int64_t found = 0;
	size_t pos = 0;
	enum rc rc;

	dash_query(d, &q);
	rc = store_dash_position(a->st, &q, id, name, &pos, &found, &e);
	if (rc != RC_OK) {
		if (rc != RC_NOTFOUND)
			dash_fail(d, &e);
		return 0;
	}
	d->list.cur = pos;
	d->selected_id = found;
	return 1;
}

/* The list changed (filter, sort or inventory): counts what the filter
 * keeps (never from the current view: the filter must not change what
 * the unfiltered list shows) and puts the cursor back on the selected
 * certificate when it is still shown. */
static void dash_refilter(struct app *a, struct dash *d)
{
	struct dash_query q;
	struct err e = { 0 };
	size_t n = d->totals.all;

	dash_query(d, &q);
	if (d->filter[0] != '\0' &&
	    store_dash_count(a->st, &q, &n, &e) != RC_OK) {
		dash_fail(d, &e);
		n = 0;
	}
	d->nview = n;
	d->refilter_due = 0;
	d->win_stale = 1;
	list_set_count(&d->list, n);
	if (d->selected_id != 0)
		dash_locate(a, d, d->selected_id, NULL);
}

/* Counts and locates again if the filter text changed since: typed
 * keys only mark it (dash_filter_typed), so that keys typed ahead are
 * all taken before one count over the inventory, not one count each
 * (at 100,000 certificates a count is a pass over every name).
 * Whatever reads the list's length calls this first. */
static void dash_settle(struct app *a, struct dash *d)
{
	if (d->refilter_due)
		dash_refilter(a, d);
}

/* The filter text changed: the list is recounted before it is next
 * read or drawn; until then no row is taken as selected. */
static void dash_filter_typed(struct dash *d)
{
	d->refilter_due = 1;
	d->win_stale = 1;
}

/* Remembers the certificate under the cursor, so that a reload, a sort
 * or a filter keeps it selected. */
static void dash_remember(struct dash *d)
{
	const struct cert_summary *r = dash_row_at(d, d->list.cur);

	if (r != NULL)
		d->selected_id = r->id;
}

/* Re-reads the last renewal run (one indexed row). */
static void dash_read_run(struct app *a, struct dash *d)
{
	struct err e = { 0 };
	enum rc rc;

	run_row_clear(&d->last_run);
	rc = store_run_last(a->st, &d->last_run, &e);
	d->run_unreadable = rc != RC_OK && rc != RC_NOTFOUND;
	d->run_read_at = a->now;
}

static void dash_reload(struct app *a, struct screen *s)
{
	struct dash *d = (struct dash *)s;
	struct err e = { 0 };

	dash_read_run(a, d);
	dash_remember(d);
	if (store_dash_totals(a->st, a->now, &d->totals, &e) != RC_OK) {
		dash_fail(d, &e);
		return;
	}
	d->load_error[0] = '\0';
	dash_refilter(a, d);
	if (a->added_cert[0] != '\0') {
		dash_locate(a, d, 0, a->added_cert);
		a->added_cert[0] = '\0';
	}
	a->dirty = 1;
}

/* The selected certificate, or NULL (the window is read when a key
 * moved the cursor out of it since the last frame). */
static const struct cert_summary *dash_selected(struct app *a, struct dash *d)
{
	if (d->nview == 0 || d->list.cur >= d->nview)
		return NULL;
	if (dash_row_at(d, d->list.cur) == NULL)
		dash_window(a, d, d->list.cur, 1);
	return dash_row_at(d, d->list.cur);
}

/* The header: totals of the whole inventory, the operator's first
 * question, never cut: when the full line does not fit, the file name
 * goes, then the words are shortened. */
static void dash_header(struct app *a, struct dash *d)
{
	const struct dash_totals *t = &d->totals;
	char title[3][512];
	int room = COLS - ui_width(_("?help")) - 3, k;

	snprintf(title[0], sizeof(title[0]),
		 _("acmetui  %s   %zu certs: %zu valid  %zu due  %zu failing  "
		   "%zu expired"),
		 a->dbname, t->all, t->valid, t->due, t->failing, t->expired);
	snprintf(title[1], sizeof(title[1]),
		 _("%zu certs: %zu valid  %zu due  %zu failing  %zu expired"),
		 t->all, t->valid, t->due, t->failing, t->expired);
	/* TRANSLATORS: the header's totals where the window is narrow;
	 * keep it short (certificates, valid, due, failing, expired). */
	snprintf(title[2], sizeof(title[2]),
		 _("%zu certs: %zu ok %zu due %zu fail %zu exp"), t->all,
		 t->valid, t->due, t->failing, t->expired);
	for (k = 0; k < 2 && ui_width(title[k]) > room; k++)
		;
	app_title(a, title[k]);
}

/* Draws text from row y, w columns wide, on one line or, when it does
 * not fit, on two, broken at the last space that fits (a message must
 * be readable in full).  Returns the lines used. */
static int put_wrapped(int y, int w, attr_t at, const char *text)
{
	char first[512];
	size_t i, cut = 0;

	if (ui_width(text) <= w) {
		ui_put(y, 1, w, at, 0, text);
		return 1;
	}
	for (i = 0; text[i] != '\0' && i + 1 < sizeof(first); i++) {
		first[i] = text[i];
		first[i + 1] = '\0';
		if (text[i] == ' ' && ui_width(first) - 1 <= w)
			cut = i;
	}
	if (cut == 0) {
		ui_put(y, 1, w, at, 0, text);
		return 1;
	}
	first[cut] = '\0';
	ui_put(y, 1, w, at, 0, first);
	ui_put(y + 1, 3, w - 2, at, 0, text + cut + 1);
	return 2;
}

/* The second line: how the renewal batch is doing; a warning (red and
 * marked "!", for terminals without colour) when it has not run for a
 * day, or never while certificates exist.  w: the columns it may use.
 * Returns the lines used (0: nothing to say). */
static int dash_run_line(struct app *a, struct dash *d, int w)
{
	char text[512], line[520];
	enum run_health h;
	attr_t at;

	if (a->now - d->run_read_at >= RUN_REREAD_S)
		dash_read_run(a, d);
	if (d->run_unreadable)
		return 0;
	h = run_health_describe(d->last_run.id != 0 ? &d->last_run : NULL,
				d->totals.all, a->now, text, sizeof(text));
	switch (h) {
	case RUN_HEALTH_QUIET:
		return 0;
	case RUN_HEALTH_OK:
		at = theme_attr(ROLE_DIM);
		break;
	case RUN_HEALTH_FAILED:
		at = theme_attr(ROLE_DUE);
		break;
	default:
		at = theme_attr(ROLE_BAD) | A_BOLD;
		snprintf(line, sizeof(line), "! %s", text);
		return put_wrapped(1, w, at, line);
	}
	return put_wrapped(1, w, at, text);
}

/* The domains cell: the first name and " +2", which stays visible (a
 * long first name is cut instead). */
static void dash_dom_cell(const struct cert_summary *r, int y, int x, int w,
			  attr_t at)
{
	char dom[400], more[16];
	int used, mw = 0;

	safe_line(dom, sizeof(dom), r->first_domain ? r->first_domain : "-",
		  r->first_domain ? strlen(r->first_domain) : 1);
	more[0] = '\0';
	if (r->domain_count > 1) {
		snprintf(more, sizeof(more), " +%d", r->domain_count - 1);
		mw = ui_width(more);
	}
	used = ui_put(y, x, w - mw > 0 ? w - mw : 0, at, 0, dom);
	ui_put(y, x + used, w - used, at, 1, more);
}

/* The text of column col for r (not the name or domains cells). */
static void dash_cell_text(struct app *a, const struct cert_summary *r,
			   enum dash_col col, char *buf, size_t sz)
{
	struct cert_state st = state_of(r);
	struct job_activity act;
	int live = r->stage != CERT_STAGE_REVOKED;

	buf[0] = '\0';
	switch (col) {
	case DC_ACCT:
		snprintf(buf, sz, "%s",
			 r->watched	   ? _("watched")
			 : r->account_name ? r->account_name
					   : "");
		break;
	case DC_STAGE:
		/* A job of ours running for it: its step and time. */
		if (job_runner_activity(a->jobs, r->name, &act))
			cert_job_label(&act, buf, sz);
		else
			cert_stage_label(&st, a->now, buf, sz);
		break;
	case DC_EXP:
		if (r->not_after != 0 && live)
			ui_countdown(r->not_after - a->now, buf, sz);
		else
			snprintf(buf, sz, "-");
		break;
	case DC_RENEW:
		if (r->renew_at != 0 && live && r->renew_at <= a->now)
			snprintf(buf, sz, "%s", _("due now"));
		else if (r->renew_at != 0 && live)
			ui_countdown(r->renew_at - a->now, buf, sz);
		else
			snprintf(buf, sz, "-");
		break;
	case DC_FLAG:
		snprintf(buf, sz, "%s", cert_marker(&st, a->now));
		break;
	default:
		break;
	}
}

/* Draws one certificate line at row y. */
static void dash_row(struct app *a, const struct cert_summary *r, int y,
		     const struct dash_cols *c, int selected)
{
	struct cert_state st = state_of(r);
	attr_t at = theme_attr(cert_role(&st, a->now)) |
		    (selected ? A_REVERSE : 0);
	char buf[256];
	int x = 1, k;

	ui_put(y, 0, COLS, at, 1, selected ? ">" : " ");
	for (k = 0; k < DC__COUNT; k++) {
		if (c->w[k] == 0)
			continue;
		if (k == DC_NAME) {
			ui_put_untrusted(y, x, c->w[k], at, 1, r->name);
		} else if (k == DC_DOM) {
			dash_dom_cell(r, y, x, c->w[k], at);
		} else {
			dash_cell_text(a, r, (enum dash_col)k, buf,
				       sizeof(buf));
			ui_put_untrusted(y, x, c->w[k], at, 1, buf);
		}
		x += c->w[k] + 1;
	}
}

/* The sort direction's mark: an arrow, or ^ and v where the terminal
 * cannot show one (ASCII locale). */
static const char *sort_arrow(int desc)
{
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		return desc ? "v" : "^";
	return desc ? "\u2193" : "\u2191";
}

/* The column headings, the sorted one marked with its direction. */
static void dash_headings(struct dash *d, const struct dash_cols *c, int y)
{
	static const enum dash_sort sort_of[DC__COUNT] = {
		[DC_NAME] = SORT_NAME,	  [DC_DOM] = SORT_DOMAIN,
		[DC_ACCT] = SORT_ACCOUNT, [DC_STAGE] = SORT_STAGE,
		[DC_EXP] = SORT_EXPIRY,	  [DC_RENEW] = SORT_RENEW,
		[DC_FLAG] = SORT__COUNT,
	};
	const char *label[DC__COUNT] = {
		_("NAME"),    _("DOMAINS"),  _("ACCOUNT"), _("STAGE"),
		_("EXPIRES"), _("RENEW IN"), _("FLAG"),
	};
	attr_t hd = theme_attr(ROLE_HEADING);
	int x = 1, k;

	for (k = 0; k < DC__COUNT; k++) {
		if (c->w[k] == 0)
			continue;
		if (sort_of[k] == d->sort)
			ui_printf(y, x, c->w[k], hd, 1, "%s%s", label[k],
				  sort_arrow(d->sort_desc));
		else
			ui_put(y, x, c->w[k], hd, 1, label[k]);
		x += c->w[k] + 1;
	}
}

/* What a new operator sees on an empty inventory. */
static void dash_welcome(int y)
{
	static const char *const lines[] = {
		N_("No certificates yet. To get your first one:"),
		"",
		N_("  1. press i and paste the credentials e-mail your CA "
		   "sent you"),
		N_("     (or A to add an account by hand: CA, EAB key id, "
		   "HMAC key);"),
		N_("  2. press n to add a certificate: its domains and how "
		   "to validate them;"),
		N_("  3. it is ordered at once; watch it move to Monitoring "
		   "here."),
		"",
		N_("Press ? on any screen for its keys."),
	};
	size_t i;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		ui_put(y + (int)i, 2, COLS - 4, A_NORMAL, 0,
		       lines[i][0] ? _(lines[i]) : "");
}

/* The second line: the filter being typed or kept, else how the batch
 * is doing (which may take a third line).  Returns the lines used. */
static int dash_status_line(struct app *a, struct dash *d)
{
	int w = COLS - 2;

	if (d->load_error[0] != '\0')
		ui_put_untrusted(1, 1, w, theme_attr(ROLE_BAD), 0,
				 d->load_error);
	else if (d->filtering || d->filter[0] != '\0')
		ui_printf(1, 1, w, theme_attr(ROLE_DUE), 0,
			  _("filter: %s%s   (%zu of %zu shown)"), d->filter,
			  d->filtering ? "_" : "", d->nview, d->totals.all);
	else
		return dash_run_line(a, d, w) > 1 ? 2 : 1;
	return 1;
}

static void dash_draw(struct app *a, struct screen *s)
{
	struct dash *d = (struct dash *)s;
	struct dash_cols c;
	char pos[64];
	int y, h, i, hy, pw;

	dash_settle(a, d);
	dash_header(a, d);
	hy = 1 + dash_status_line(a, d);
	y = hy + 1;
	h = LINES - 2 - y;
	list_layout(&d->list, h);
	dash_window(a, d, d->list.top, (size_t)d->list.height);
	/* The position "n/m" ends the headings' line; the columns fit
	 * in what is left. */
	snprintf(pos, sizeof(pos), "%zu/%zu", d->nview ? d->list.cur + 1 : 0,
		 d->nview);
	pw = ui_width(pos);
	dash_cols_fit(&c, d->want, COLS - pw - 2);
	dash_headings(d, &c, hy);
	ui_put(hy, COLS - 1 - pw, pw, theme_attr(ROLE_HEADING), 0, pos);
	list_place(&d->list, y, h);
	if (d->totals.all == 0) {
		dash_welcome(y + 1);
		return;
	}
	for (i = 0; i < h; i++) {
		size_t k = d->list.top + (size_t)i;
		const struct cert_summary *r = dash_row_at(d, k);

		if (r == NULL)
			break;
		dash_row(a, r, y + i, &c, k == d->list.cur);
	}
	if (d->filtering)
		a->cursor_y = -1;
}

/* A key that edits the filter text (and so only marks the list). */
static int dash_typing_key(int key)
{
	return key == 127 || key == 8 || key == UI_K(KEY_BACKSPACE) ||
	       (key >= 0x20 && key < 0x7f);
}

/* Typing into the filter line. */
static enum input_rc dash_input(struct app *a, struct screen *s, int key)
{
	struct dash *d = (struct dash *)s;
	size_t l = strlen(d->filter);

	if (!d->filtering)
		return INPUT_IGNORED;
	if (!dash_typing_key(key))
		dash_settle(a, d);
	dash_remember(d);
	if (key == '\r' || key == '\n' || key == UI_K(KEY_ENTER)) {
		d->filtering = 0;
	} else if (key == UI_ESC) {
		d->filtering = 0;
		d->filter[0] = '\0';
		dash_refilter(a, d);
	} else if (key == 127 || key == 8 || key == UI_K(KEY_BACKSPACE)) {
		if (l > 0)
			d->filter[l - 1] = '\0';
		dash_filter_typed(d);
	} else if (key == UI_K(KEY_UP) || key == UI_K(KEY_DOWN)) {
		return INPUT_IGNORED;
	} else if (key >= 0x20 && key < 0x7f && l + 1 < sizeof(d->filter)) {
		d->filter[l] = (char)key;
		d->filter[l + 1] = '\0';
		d->list.cur = 0;
		dash_filter_typed(d);
	}
	return INPUT_USED;
}

static int dash_action(struct app *a, struct screen *s, enum action act)
{
	struct dash *d = (struct dash *)s;
	struct cert_subject sub = { 0 }; /* no row: summaries only */
	const struct cert_summary *r;

	dash_settle(a, d);
	if (list_move(&d->list, act))
		return 1;
	switch (act) {
	case ACT_FILTER:
		d->filtering = 1;
		return 1;
	case ACT_BACK:
		if (d->filter[0] != '\0') {
			dash_remember(d);
			d->filter[0] = '\0';
			dash_refilter(a, d);
			return 1;
		}
		/* Esc is pressed to leave things; quitting is q. */
		app_status(a, UI_INFO, "%s",
			   _("this is the first screen: press q to quit"));
		return 1;
	case ACT_SORT:
	case ACT_SORT_REVERSE:
		dash_remember(d);
		if (act == ACT_SORT)
			d->sort = (enum dash_sort)((d->sort + 1) % SORT__COUNT);
		else
			d->sort_desc = !d->sort_desc;
		dash_refilter(a, d);
		return 1;
	case ACT_ACCOUNTS:
		app_push(a, accounts_new(a));
		return 1;
	case ACT_EVENTS:
		app_push(a, events_new(a));
		return 1;
	case ACT_FORECAST:
		app_push(a, forecast_new(a));
		return 1;
	case ACT_IMPORT:
		app_push(a, import_new(a));
		return 1;
	case ACT_NEW_ACCOUNT:
		app_push(a, addacct_new(a));
		return 1;
	case ACT_NEW_CERT:
		app_push(a, addcert_new(a));
		return 1;
	default:
		break;
	}
	r = dash_selected(a, d);
	if (r == NULL) {
		if (act == ACT_OPEN || act == ACT_ISSUE || act == ACT_RENEW ||
		    act == ACT_REVOKE || act == ACT_DELETE) {
			app_status(a, UI_WARN, "%s",
				   _("no certificate "
				     "selected"));
			return 1;
		}
		return 0;
	}
	d->selected_id = r->id;
	if (act == ACT_OPEN) {
		app_push(a, detail_new(a, r->name));
		return 1;
	}
	sub.name = r->name;
	sub.watched = r->watched;
	return cert_act_run(a, &sub, act);
}

static void dash_free(struct screen *s)
{
	struct dash *d = (struct dash *)s;

	if (d == NULL)
		return;
	cert_summaries_free(d->rows, d->nrows);
	run_row_clear(&d->last_run);
	free(d);
}

static const struct keybind *dash_keys(struct screen *s)
{
	return ((struct dash *)s)->filtering ? keys_filter : keys_dashboard;
}

/* The list the mouse acts on (mouse.h). */
static struct ui_list *dash_list(struct screen *s)
{
	struct dash *d = (struct dash *)s;

	dash_settle(d->app, d);
	return &d->list;
}

static const struct screen_ops dash_ops = {
	.title = N_("Certificates"),
	.keys = keys_dashboard,
	.draw = dash_draw,
	.input = dash_input,
	.action = dash_action,
	.reload = dash_reload,
	.current_keys = dash_keys,
	.list = dash_list,
	.free = dash_free,
};

struct screen *dashboard_new(struct app *a)
{
	struct dash *d = calloc(1, sizeof(*d));

	if (d == NULL)
		return NULL;
	d->base.ops = &dash_ops;
	d->app = a;
	d->list.cursor = 1;
	dash_reload(a, &d->base);
	return &d->base;
}
