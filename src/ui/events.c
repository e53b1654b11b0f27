/* SPDX-License-Identifier: ISC */
/* events.c - the event log, newest first: of the whole inventory or of
 * one certificate (opened with l from its detail), with a level filter
 * (all, warnings and errors, errors only), a search (/) over subject,
 * stage and message, and the full text of an entry (Enter).  The
 * message column takes every column the others leave. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db/store_events.h"
#include "ui/app.h"
#include "ui/draw.h"
#include "ui/list.h"
#include "ui/theme.h"
#include "util/i18n.h"
#include "util/safe.h"

/* Events read at once. */
#define EVENTS_SHOWN 2000
/* Longest search text. */
#define EVENTS_SEARCH_MAX 64

struct events {
	struct screen base;
	int64_t cert_id;	/* > 0: this certificate only */
	char *cert_name;	/* its name (NULL for all) */
	struct event_row *rows; /* as read */
	size_t n;
	size_t *shown; /* indexes into rows that match */
	size_t nshown;
	enum ev_level min_level;
	char search[EVENTS_SEARCH_MAX];
	int searching; /* the search is being typed */
	struct ui_list list;
	char load_error[256];
};

/* Case-insensitive: does s contain needle? (NULL s: no.) */
static int contains(const char *s, const char *needle)
{
	size_t n = strlen(needle), i;

	if (s == NULL)
		return 0;
	for (i = 0; s[i] != '\0'; i++)
		if (strncasecmp(s + i, needle, n) == 0)
			return 1;
	return 0;
}

/* Does row ev pass the level filter and the search? */
static int events_match(const struct events *v, const struct event_row *ev)
{
	if (ev->level < v->min_level)
		return 0;
	if (v->search[0] == '\0')
		return 1;
	return contains(ev->subject, v->search) ||
	       contains(ev->stage, v->search) ||
	       contains(ev->message, v->search);
}

/* Recomputes the rows shown after a new read, level or search. */
static void events_refilter(struct events *v)
{
	size_t i;

	v->nshown = 0;
	for (i = 0; i < v->n && v->shown != NULL; i++)
		if (events_match(v, &v->rows[i]))
			v->shown[v->nshown++] = i;
	list_set_count(&v->list, v->nshown);
}

static void events_reload(struct app *a, struct screen *s)
{
	struct events *v = (struct events *)s;
	struct event_row *rows = NULL;
	size_t n = 0, *shown = NULL;
	struct err e = { 0 };
	enum rc rc;

	if (v->cert_id > 0)
		rc = store_event_list_cert(a->st, v->cert_id, EVENTS_SHOWN, 0,
					   &rows, &n, &e);
	else
		rc = store_event_list(a->st, EVENTS_SHOWN, EV_INFO, &rows, &n,
				      &e);
	if (rc == RC_OK) {
		shown = calloc(n ? n : 1, sizeof(*shown));
		if (shown == NULL) {
			event_rows_free(rows, n);
			err_set(&e, RC_NOMEM, "%s", _("out of memory"));
			rc = RC_NOMEM;
		}
	}
	if (rc != RC_OK) {
		snprintf(v->load_error, sizeof(v->load_error), "%s",
			 err_text(&e));
		return;
	}
	event_rows_free(v->rows, v->n);
	free(v->shown);
	v->rows = rows;
	v->n = n;
	v->shown = shown;
	v->load_error[0] = '\0';
	events_refilter(v);
	a->dirty = 1;
}

/* The widest value of a column among the rows shown, capped. */
static int column_width(const struct events *v, int stage, int cap)
{
	size_t i;
	int w = 0, k;

	for (i = 0; i < v->nshown; i++) {
		const struct event_row *ev = &v->rows[v->shown[i]];

		k = ui_width(stage ? ev->stage : ev->subject);
		if (k > w)
			w = k;
	}
	return w < 5 ? 5 : w > cap ? cap : w;
}

/* The title: whose log, how many, which level, what is searched. */
static void events_title(struct app *a, const struct events *v)
{
	static const char *const level_words[] = { N_("all levels"),
						   N_("warnings and errors"),
						   N_("errors only") };
	const char *lw = _(
		level_words[v->min_level <= EV_ERROR ? v->min_level : 0]);
	char title[UI_LINE_MAX], esc[UI_LINE_MAX];

	if (v->cert_name != NULL)
		snprintf(title, sizeof(title), _("Event log of %s (%zu, %s)"),
			 v->cert_name, v->nshown, lw);
	else
		snprintf(title, sizeof(title), _("Event log (%zu, %s)"),
			 v->nshown, lw);
	/* The name comes from the inventory. */
	safe_line(esc, sizeof(esc), title, strlen(title));
	app_title(a, esc);
}

/* One entry's line: time, subject (the whole log only), stage, and the
 * message in all the columns left. */
static void events_draw_row(struct app *a, const struct events *v, size_t k,
			    int y, int ws, int wst, int wide)
{
	const struct event_row *ev = &v->rows[v->shown[k]];
	enum role r = ev->level == EV_ERROR  ? ROLE_BAD
		      : ev->level == EV_WARN ? ROLE_DUE
					     : ROLE_NORMAL;
	attr_t at = theme_attr(r) | (k == v->list.cur ? A_REVERSE : 0);
	char when[32], line[UI_LINE_MAX];
	int x = 1;

	(void)a;
	ui_put(y, 0, COLS, at, 1, "");
	ui_date(ev->ts, when, sizeof(when));
	x += ui_put(y, x, wide ? 16 : 11, at, 1, wide ? when : when + 5) + 1;
	if (ws > 0)
		x += ui_put_untrusted(y, x, ws, at, 1, ev->subject) + 1;
	x += ui_put_untrusted(y, x, wst, at, 1, ev->stage) + 1;
	snprintf(line, sizeof(line), "%s%s",
		 ev->level == EV_ERROR	? "! "
		 : ev->level == EV_WARN ? "? "
					: "",
		 ev->message ? ev->message : "");
	ui_put_untrusted(y, x, COLS - x - 1, at, 0, line);
}

static void events_draw(struct app *a, struct screen *s)
{
	struct events *v = (struct events *)s;
	int y = 2, h, i, x = 1, wide = COLS >= 110;
	int ws = v->cert_name ? 0 : column_width(v, 0, COLS / 6);
	int wst = column_width(v, 1, 12);
	char sline[EVENTS_SEARCH_MAX + 64];

	events_title(a, v);
	if (v->load_error[0] != '\0')
		ui_put_untrusted(1, 1, COLS - 2, theme_attr(ROLE_BAD), 0,
				 v->load_error);
	else if (v->searching || v->search[0] != '\0') {
		snprintf(sline, sizeof(sline), _("search: %s%s"), v->search,
			 v->searching ? "_" : "");
		ui_put_untrusted(1, 1, COLS - 2, theme_attr(ROLE_HEADING), 0,
				 sline);
	}
	x += ui_put(y, x, wide ? 16 : 11, theme_attr(ROLE_HEADING), 1,
		    _("TIME (UTC)")) +
	     1;
	if (ws > 0)
		x += ui_put(y, x, ws, theme_attr(ROLE_HEADING), 1,
			    _("SUBJECT")) +
		     1;
	x += ui_put(y, x, wst, theme_attr(ROLE_HEADING), 1, _("STAGE")) + 1;
	ui_put(y, x, COLS - x - 1, theme_attr(ROLE_HEADING), 1,
	       _("MESSAGE (Enter: full text)"));
	y++;
	h = LINES - 2 - y;
	list_place(&v->list, y, h);
	if (v->nshown == 0)
		ui_put(y + 1, 2, COLS - 4, A_NORMAL, 0,
		       v->n ? _("No events match.") : _("No events."));
	for (i = 0; i < h && v->list.top + (size_t)i < v->nshown; i++)
		events_draw_row(a, v, v->list.top + (size_t)i, y + i, ws, wst,
				wide);
}

/* Types the search: printable ASCII (what names, stages and the
 * engine's messages are written in), Backspace, Enter keeps it, Esc
 * clears it. */
static enum input_rc events_input(struct app *a, struct screen *s, int key)
{
	struct events *v = (struct events *)s;
	size_t l = strlen(v->search);

	(void)a;
	if (!v->searching)
		return INPUT_IGNORED;
	if (key == '\r' || key == '\n' || key == UI_K(KEY_ENTER)) {
		v->searching = 0;
		return INPUT_USED;
	}
	if (key == UI_ESC) {
		v->searching = 0;
		v->search[0] = '\0';
	} else if (key == 127 || key == 8 || key == UI_K(KEY_BACKSPACE)) {
		/* ASCII only (below): one byte is one character. */
		if (l > 0)
			v->search[l - 1] = '\0';
	} else if (key >= 0x20 && key < 0x7f && l + 1 < sizeof(v->search)) {
		v->search[l] = (char)key;
		v->search[l + 1] = '\0';
	} else {
		return (key & UI_FKEY) ? INPUT_IGNORED : INPUT_USED;
	}
	v->list.cur = 0;
	events_refilter(v);
	return INPUT_USED;
}

static const struct keybind *events_current_keys(struct screen *s)
{
	return ((struct events *)s)->searching ? keys_events_search
					       : keys_events;
}

/* Enter: the selected entry in full, in the text view. */
static void events_fulltext(struct app *a, struct events *v)
{
	const struct event_row *ev;
	char when[32], *text = NULL;

	if (v->nshown == 0) {
		app_status(a, UI_WARN, "%s", _("no event selected"));
		return;
	}
	ev = &v->rows[v->shown[v->list.cur]];
	ui_date(ev->ts, when, sizeof(when));
	if (asprintf(&text, _("%s UTC   %s\nstage %s   level %s\n\n%s"), when,
		     ev->subject ? ev->subject : "-",
		     ev->stage ? ev->stage : "-", ev_level_name(ev->level),
		     ev->message ? ev->message : "") < 0) {
		app_status(a, UI_ERROR, "%s", _("out of memory"));
		return;
	}
	app_push(a, textview_new(a, _("Event"), text));
	free(text);
}

static int events_action(struct app *a, struct screen *s, enum action act)
{
	struct events *v = (struct events *)s;

	if (list_move(&v->list, act))
		return 1;
	switch (act) {
	case ACT_LEVEL:
		v->min_level = v->min_level >= EV_ERROR ? EV_INFO
							: v->min_level + 1;
		v->list.cur = 0;
		events_refilter(v);
		return 1;
	case ACT_SEARCH:
		v->searching = 1;
		return 1;
	case ACT_FULLTEXT:
		events_fulltext(a, v);
		return 1;
	case ACT_BACK:
		if (v->search[0] != '\0') {
			v->search[0] = '\0';
			events_refilter(v);
			return 1;
		}
		return 0;
	default:
		return 0;
	}
}

static void events_free(struct screen *s)
{
	struct events *v = (struct events *)s;

	if (v == NULL)
		return;
	event_rows_free(v->rows, v->n);
	free(v->shown);
	free(v->cert_name);
	free(v);
}

/* The list the mouse acts on (mouse.h). */
static struct ui_list *events_list(struct screen *s)
{
	return &((struct events *)s)->list;
}

static const struct screen_ops events_ops = {
	.title = N_("Event log"),
	.keys = keys_events,
	.draw = events_draw,
	.input = events_input,
	.action = events_action,
	.reload = events_reload,
	.current_keys = events_current_keys,
	.list = events_list,
	.free = events_free,
};

struct screen *events_new_cert(struct app *a, int64_t cert_id,
			       const char *cert_name)
{
	struct events *v = calloc(1, sizeof(*v));

	if (v == NULL)
		return NULL;
	v->base.ops = &events_ops;
	v->list.cursor = 1;
	v->min_level = EV_INFO;
	v->cert_id = cert_id > 0 ? cert_id : 0;
	if (v->cert_id > 0) {
		v->cert_name = strdup(cert_name ? cert_name : "");
		if (v->cert_name == NULL) {
			free(v);
			return NULL;
		}
	}
	events_reload(a, &v->base);
	return &v->base;
}

struct screen *events_new(struct app *a)
{
	return events_new_cert(a, 0, NULL);
}
