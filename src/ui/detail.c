/* SPDX-License-Identifier: ISC */
/* detail.c - one certificate: the stage bar, its domains and how each
 * is validated, the certificate itself, deployment, the last error and
 * the scrollable event timeline.  Re-read when the inventory changes. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/store_certs.h"
#include "db/store_events.h"
#include "lifecycle/deploy.h"
#include "ui/app.h"
#include "ui/certview.h"
#include "ui/detail_orders.h"
#include "ui/draw.h"
#include "ui/lifebar.h"
#include "ui/list.h"
#include "ui/theme.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/safe.h"

/* Timeline entries read (newest first). */
#define DETAIL_EVENTS 500
/* Domain lines shown before "+N more". */
#define DETAIL_DOMAINS_MAX 6

struct detail {
	struct screen base;
	char *name;
	struct cert_row row;
	int loaded;
	struct event_row *ev;
	size_t nev;
	struct ui_list evlist; /* scrolling, no cursor */
	char load_error[256];
};

static struct cert_state row_state(const struct cert_row *r)
{
	struct cert_state c;

	c.stage = r->stage;
	c.status = r->status;
	c.not_after = r->not_after;
	c.renew_at = r->renew_at;
	c.last_error = r->last_error;
	return c;
}

static void detail_reload(struct app *a, struct screen *s)
{
	struct detail *d = (struct detail *)s;
	struct cert_row row = { 0 };
	struct event_row *ev = NULL;
	size_t nev = 0;
	struct err e = { 0 };

	if (store_cert_get_by_name(a->st, d->name, &row, &e) != RC_OK ||
	    store_event_list_cert(a->st, row.id, DETAIL_EVENTS, 0, &ev, &nev,
				  &e) != RC_OK) {
		cert_row_clear(&row);
		snprintf(d->load_error, sizeof(d->load_error), "%s",
			 e.rc == RC_NOTFOUND
				 ? _("this certificate is no longer in the "
				     "inventory")
				 : err_text(&e));
		return;
	}
	cert_row_clear(&d->row);
	event_rows_free(d->ev, d->nev);
	d->row = row;
	d->ev = ev;
	d->nev = nev;
	d->loaded = 1;
	d->load_error[0] = '\0';
	list_set_count(&d->evlist, nev);
	a->dirty = 1;
}

/* The pipeline stage the newest failure happened in: the stage of the
 * newest event before it that names one (the error itself is recorded
 * under "failed"); NULL when the timeline does not say. */
static const char *failed_in(const struct detail *d)
{
	static const char *const stages[] = { "request", "validation",
					      "issuance", "installation",
					      "renewal" };
	size_t i, k;

	for (i = 0; i < d->nev; i++)
		for (k = 0; k < sizeof(stages) / sizeof(stages[0]); k++)
			if (d->ev[i].stage != NULL &&
			    strcmp(d->ev[i].stage, stages[k]) == 0)
				return cert_stage_word(
					cert_stage_parse(stages[k]));
	return NULL;
}

/* "| Failed in Validation; next try 12-08 14:00 (in 2h 03m)", or the
 * stage alone (revoked, expired). */
static void failed_text(struct app *a, const struct detail *d, char *out,
			size_t sz)
{
	const struct cert_row *r = &d->row;
	const char *in = r->stage == CERT_STAGE_FAILED ? failed_in(d) : NULL;
	char when[32], cd[32];
	int len;

	if (in != NULL)
		len = snprintf(out, sz, _("| %s in %s"),
			       cert_stage_word(r->stage), in);
	else
		len = snprintf(out, sz, "| %s", cert_stage_word(r->stage));
	if (r->stage != CERT_STAGE_FAILED || len < 0 || (size_t)len >= sz)
		return;
	if (r->retry_after > a->now)
		snprintf(out + len, sz - (size_t)len,
			 _("; next try %s UTC (in %s)"),
			 ui_date(r->retry_after, when, sizeof(when)),
			 ui_countdown(r->retry_after - a->now, cd, sizeof(cd)));
	else
		snprintf(out + len, sz - (size_t)len, "%s",
			 _("; retried on the next renewal run, or now with v"));
}

/* The stage bar and, under each stage, how it went. */
static int draw_stage_bar(struct app *a, struct detail *d, int y)
{
	const struct cert_row *r = &d->row;
	struct cert_state st = row_state(r);
	int cur = r->stage <= CERT_STAGE_RENEWAL ? (int)r->stage : -1;
	int bad = cert_health_of(&st, a->now) == HEALTH_FAILING;
	int x = 1, i, w;
	char word[64], below[64];
	struct deploy_target t;
	int deployed;

	lc_deploy_target(r, &t);
	deployed = lc_deploy_target_set(&t);

	for (i = CERT_STAGE_REQUEST; i <= CERT_STAGE_RENEWAL; i++) {
		attr_t at = A_NORMAL;

		if (i == cur)
			snprintf(word, sizeof(word), "[%s%s]",
				 cert_stage_word((enum cert_stage)i),
				 bad ? "!" : "");
		else
			snprintf(word, sizeof(word), "%s",
				 cert_stage_word((enum cert_stage)i));
		if (i == cur)
			at = theme_attr(bad ? ROLE_BAD : ROLE_OK) | A_REVERSE |
			     A_BOLD;
		else if (cur >= 0 && i > cur)
			at = theme_attr(ROLE_DIM);
		below[0] = '\0';
		if (cur >= 0 && i < cur && i == CERT_STAGE_INSTALLATION &&
		    !deployed)
			/* Nothing is installed anywhere: not "ok". */
			snprintf(below, sizeof(below), "%s", _("no target"));
		else if (cur >= 0 && i < cur)
			snprintf(below, sizeof(below), "%s", _("ok"));
		else if (i == cur)
			snprintf(below, sizeof(below), "%s",
				 bad ? _("FAILED")
				 : r->status == CERT_STATUS_RUNNING
					 ? _("running")
					 : cert_status_name(r->status));
		if (i == CERT_STAGE_RENEWAL && r->renew_at != 0 &&
		    cur == CERT_STAGE_MONITORING) {
			char cd[32];

			/* A window that has opened is due, not "in -1m". */
			if (r->renew_at <= a->now)
				snprintf(below, sizeof(below), "%s",
					 _("due now"));
			else
				snprintf(below, sizeof(below), _("in %s"),
					 ui_countdown(r->renew_at - a->now, cd,
						      sizeof(cd)));
		}
		/* Too narrow for the whole bar: go on below, never cut. */
		if (x > 1 && x + ui_width(word) > COLS - 1) {
			y += 2;
			x = 1;
		}
		w = ui_put(y, x, COLS - x, at, 0, word);
		ui_put(y + 1, x + (i == cur ? 1 : 0),
		       i == CERT_STAGE_RENEWAL ? COLS - x - 1 : w,
		       theme_attr(i == cur && bad ? ROLE_BAD : ROLE_DIM), 0,
		       below);
		x += w;
		if (i < CERT_STAGE_RENEWAL)
			x += ui_put(y, x, COLS - x, A_NORMAL, 0, " > ");
	}
	if (cur < 0) {
		/* Revoked, expired or failed: off to the side, a failure
		 * with the stage it failed in and the next try. */
		char line[UI_LINE_MAX];

		failed_text(a, d, line, sizeof(line));
		return y + 1 +
		       ui_put_wrapped(y + 1, 1, COLS - 2, LINES - 2,
				      theme_attr(cert_role(&st, a->now)) |
					      A_BOLD,
				      0, line);
	}
	return y + 2;
}

/* "http-01 webroot /srv/www" or "http-01 standalone 127.0.0.1:80". */
static void method_text(const struct domain_row *dm, char *out, size_t sz)
{
	const char *m = dom_method_name(dm->method);

	if (dm->webroot != NULL)
		snprintf(out, sz, "%s webroot %s", m, dm->webroot);
	else if (dm->method == DOM_METHOD_HTTP01)
		snprintf(out, sz, "%s standalone %s:%d", m,
			 dm->http_bind ? dm->http_bind : "*",
			 dm->http_port ? dm->http_port : 80);
	else
		snprintf(out, sz, "%s", m);
}

static int draw_domains(struct app *a, struct detail *d, int y, int maxy)
{
	const struct cert_row *r = &d->row;
	int wn = 6, wm;
	char meth[UI_LINE_MAX];
	size_t i;

	(void)a;
	/* As wide as the longest name (up to half the window): a name
	 * cut short is a different name. */
	for (i = 0; i < r->n_domains; i++)
		if (ui_width(r->domains[i].name) > wn)
			wn = ui_width(r->domains[i].name);
	if (wn > COLS / 2)
		wn = COLS / 2;
	wm = COLS - wn - 4;
	ui_put(y, 1, wn, theme_attr(ROLE_HEADING), 1, _("DOMAIN"));
	ui_put(y, wn + 2, wm, theme_attr(ROLE_HEADING), 1,
	       _("VALIDATION METHOD"));
	y++;
	for (i = 0; i < r->n_domains && y < maxy; i++, y++) {
		if (i + 1 == DETAIL_DOMAINS_MAX && r->n_domains > i + 1) {
			ui_printf(y, 1, COLS - 2, theme_attr(ROLE_DIM), 0,
				  _("... and %zu more"), r->n_domains - i);
			y++;
			break;
		}
		ui_put_untrusted(y, 1, wn, A_NORMAL, 1, r->domains[i].name);
		/* A watched certificate is never validated: no method. */
		if (r->watched)
			continue;
		method_text(&r->domains[i], meth, sizeof(meth));
		ui_put_untrusted(y, wn + 2, wm, A_NORMAL, 1, meth);
	}
	return y;
}

/* Appends to line (size sz, len used; a negative or overlong len from
 * an earlier step is passed on).  Returns the new length. */
static int append(char *line, size_t sz, int len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int append(char *line, size_t sz, int len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (len < 0 || (size_t)len >= sz)
		return len;
	va_start(ap, fmt);
	n = vsnprintf(line + len, sz - (size_t)len, fmt, ap);
	va_end(ap);
	return n < 0 ? n : len + n;
}

/* The deploy target in one line: where (the directory, else the first
 * explicit path and how many more), owner, modes; into line. */
static void deploy_summary(const struct cert_row *r, char *line, size_t sz)
{
	struct deploy_file files[DEPLOY_MAX_FILES];
	struct deploy_target t;
	struct err e = { 0 };
	size_t n = 0;
	int len;

	lc_deploy_target(r, &t);
	if (!lc_deploy_target_set(&t)) {
		snprintf(line, sz, _("deploy %s"), _("(none: export by hand)"));
		return;
	}
	if (deploy_target_files(&t, files, &n, &e) != RC_OK) {
		snprintf(line, sz, _("deploy target invalid: %s"),
			 err_text(&e));
		return;
	}
	if (t.dir != NULL && t.dir[0] != '\0')
		len = snprintf(line, sz, _("deploy %s"), t.dir);
	else
		len = snprintf(line, sz, _("deploy %s (+%zu more)"),
			       files[0].path, n - 1);
	len = append(line, sz, len, _("   reload %s"),
		     t.reload_cmd ? t.reload_cmd : "-");
	if (t.owner != NULL || t.group != NULL)
		len = append(line, sz, len, _("   owner %s:%s"),
			     t.owner ? t.owner : "", t.group ? t.group : "");
	if (t.cert_mode != 0 || t.key_mode != 0)
		append(line, sz, len, _("   modes %04o/%04o"),
		       (t.cert_mode ? t.cert_mode : DEPLOY_CERT_MODE_DEFAULT) &
			       0777u,
		       (t.key_mode ? t.key_mode : DEPLOY_KEY_MODE_DEFAULT) &
			       0777u);
}

/* Rows the last error may take on the detail; more is read with
 * Enter (the text view). */
#define DETAIL_ERROR_ROWS 4

/* The last error, wrapped: in full when it fits in DETAIL_ERROR_ROWS,
 * else its start and where to read the rest. */
static int draw_last_error(const struct cert_row *r, int y, int maxy)
{
	char line[UI_LINE_MAX];
	int rows, lim = maxy - y;

	snprintf(line, sizeof(line), _("last error: %s"), r->last_error);
	rows = ui_wrap_rows(line, COLS - 2);
	if (lim > DETAIL_ERROR_ROWS)
		lim = DETAIL_ERROR_ROWS;
	if (lim < 2)
		lim = 2; /* its start and the hint, at least */
	if (rows <= lim)
		return y + ui_put_wrapped(y, 1, COLS - 2, maxy,
					  theme_attr(ROLE_BAD), 0, line);
	y += ui_put_wrapped(y, 1, COLS - 2, y + lim - 1, theme_attr(ROLE_BAD),
			    0, line);
	ui_put(y++, 1, COLS - 2, theme_attr(ROLE_DIM), 0,
	       _("... press Enter to read all of it"));
	return y;
}

/* Serial, issuer, validity, renewal, key, deployment, last error; not
 * at or below row maxy. */
static int draw_facts(struct app *a, struct detail *d, int y, int maxy)
{
	const struct cert_row *r = &d->row;
	char b1[64], b2[64], b3[64], line[UI_LINE_MAX];
	int len;

	snprintf(line, sizeof(line), _("serial %s   issuer %s"),
		 r->serial ? r->serial : "-", r->issuer ? r->issuer : "-");
	y += ui_put_wrapped(y, 1, COLS - 2, maxy, A_NORMAL, 0, line);
	if (r->watched)
		snprintf(line, sizeof(line),
			 _("valid %s -> %s   not renewed by acmetui"),
			 ui_date(r->not_before, b1, sizeof(b1)),
			 ui_date(r->not_after, b2, sizeof(b2)));
	else if (r->stage == CERT_STAGE_REVOKED || r->revoked_at != 0)
		/* A revoked certificate is never renewed: no date. */
		snprintf(line, sizeof(line),
			 _("valid %s -> %s   revoked: not renewed"),
			 ui_date(r->not_before, b1, sizeof(b1)),
			 ui_date(r->not_after, b2, sizeof(b2)));
	else
		snprintf(line, sizeof(line),
			 _("valid %s -> %s   renew from %s %s"),
			 ui_date(r->not_before, b1, sizeof(b1)),
			 ui_date(r->not_after, b2, sizeof(b2)),
			 ui_date(r->renew_at, b3, sizeof(b3)),
			 r->renew_reason ? r->renew_reason : "");
	y += ui_put_wrapped(y, 1, COLS - 2, maxy, A_NORMAL, 0, line);
	len = snprintf(line, sizeof(line), _("key %s   "),
		       r->key_type ? r->key_type : "-");
	if (len > 0 && (size_t)len < sizeof(line))
		deploy_summary(r, line + len, sizeof(line) - (size_t)len);
	y += ui_put_wrapped(y, 1, COLS - 2, maxy, A_NORMAL, 0, line);
	if (r->revoked_at != 0) {
		snprintf(line, sizeof(line), _("revoked %s, reason %s"),
			 ui_date(r->revoked_at, b1, sizeof(b1)),
			 cert_reason_name(r->revoke_reason));
		ui_put(y++, 1, COLS - 2, theme_attr(ROLE_DIM), 0, line);
	}
	if (r->last_error != NULL && r->last_error[0] != '\0')
		y = draw_last_error(r, y, maxy);
	(void)a;
	return y;
}

static void draw_events(struct app *a, struct detail *d, int y, int maxy)
{
	char when[32], line[UI_LINE_MAX];
	int h = maxy - y - 1, i;

	(void)a;
	if (h < 1)
		return;
	ui_printf(y++, 1, COLS - 2, theme_attr(ROLE_HEADING), 0,
		  _("EVENTS (%zu, newest first)"), d->nev);
	list_place(&d->evlist, y, h);
	for (i = 0; i < h && d->evlist.top + (size_t)i < d->nev; i++) {
		const struct event_row *ev = &d->ev[d->evlist.top + (size_t)i];
		enum role r = ev->level == EV_ERROR  ? ROLE_BAD
			      : ev->level == EV_WARN ? ROLE_DUE
						     : ROLE_NORMAL;

		ui_date(ev->ts, when, sizeof(when));
		snprintf(line, sizeof(line), "%s  %-12s %s", when + 5,
			 ev->stage ? ev->stage : "-",
			 ev->message ? ev->message : "");
		ui_put_untrusted(y + i, 1, COLS - 2, theme_attr(r), 0, line);
	}
}

static void detail_draw(struct app *a, struct screen *s)
{
	struct detail *d = (struct detail *)s;
	const struct cert_row *r = &d->row;
	char title[UI_LINE_MAX];
	int y = 1, maxy = LINES - 2;

	if (!d->loaded) {
		app_title(a, _("Certificate"));
		ui_put_untrusted(2, 1, COLS - 2, theme_attr(ROLE_BAD), 0,
				 d->load_error);
		return;
	}
	if (r->watched)
		snprintf(title, sizeof(title),
			 _("%s  (watched: imported, not issued by acmetui)"),
			 r->name);
	else
		snprintf(title, sizeof(title), _("%s  (account %s, %s%s%s)"),
			 r->name, r->account_name ? r->account_name : "-",
			 r->key_type ? r->key_type : "ec256",
			 r->profile ? _(", profile ") : "",
			 r->profile ? r->profile : "");
	{
		char esc[UI_LINE_MAX];

		safe_line(esc, sizeof(esc), title, strlen(title));
		app_title(a, esc);
	}
	if (d->load_error[0] != '\0')
		ui_put_untrusted(y++, 1, COLS - 2, theme_attr(ROLE_BAD), 0,
				 d->load_error);
	y = draw_stage_bar(a, d, y);
	y++;
	y = draw_domains(a, d, y, maxy - 6);
	y++;
	y = draw_facts(a, d, y, maxy);
	y = lifebar_draw(y, 1, COLS - 2, r, a->now);
	y++;
	y = detail_orders_draw(a->st, r->id, y, maxy - 4);
	draw_events(a, d, y, maxy);
}

/* Enter: the last error and every event of the timeline in full, in
 * the text view. */
static void detail_fulltext(struct app *a, struct detail *d)
{
	const struct cert_row *r = &d->row;
	char when[32], title[UI_LINE_MAX];
	struct buf b = { 0 };
	char *text = NULL;
	size_t i;
	int rc = 0;

	/* 500 events of at most 1 KiB each, and the error. */
	buf_init(&b, 1u << 20);
	if (r->last_error != NULL && r->last_error[0] != '\0')
		rc |= buf_printf(&b, _("Last error:\n%s\n\n"), r->last_error);
	rc |= buf_printf(&b, _("Events (%zu, newest first):\n"), d->nev);
	for (i = 0; i < d->nev; i++) {
		const struct event_row *ev = &d->ev[i];

		ui_date(ev->ts, when, sizeof(when));
		rc |= buf_printf(&b, "\n%s  %s  %s%s\n", when,
				 ev->stage ? ev->stage : "-",
				 ev->level == EV_ERROR	? "! "
				 : ev->level == EV_WARN ? "? "
							: "",
				 ev->message ? ev->message : "");
	}
	snprintf(title, sizeof(title), _("%s: what happened"), d->name);
	text = rc == 0 ? buf_take(&b) : NULL;
	if (text == NULL)
		app_status(a, UI_ERROR, "%s", _("out of memory"));
	else
		app_push(a, textview_new(a, title, text));
	free(text);
	buf_clear(&b);
}

static int detail_action(struct app *a, struct screen *s, enum action act)
{
	struct detail *d = (struct detail *)s;
	struct cert_subject sub = { 0 };

	if (list_move(&d->evlist, act))
		return 1;
	if (!d->loaded)
		return 0;
	sub.name = d->name;
	sub.watched = d->row.watched;
	sub.row = &d->row;
	if (cert_act_run(a, &sub, act))
		return 1;
	switch (act) {
	case ACT_EVENTS:
		app_push(a, events_new_cert(a, d->row.id, d->name));
		return 1;
	case ACT_FULLTEXT:
		detail_fulltext(a, d);
		return 1;
	default:
		return 0;
	}
}

static void detail_free(struct screen *s)
{
	struct detail *d = (struct detail *)s;

	if (d == NULL)
		return;
	cert_row_clear(&d->row);
	event_rows_free(d->ev, d->nev);
	free(d->name);
	free(d);
}

/* The list the mouse acts on (mouse.h). */
static struct ui_list *detail_list(struct screen *s)
{
	return &((struct detail *)s)->evlist;
}

static const struct screen_ops detail_ops = {
	.title = N_("Certificate detail"),
	.keys = keys_detail,
	.draw = detail_draw,
	.action = detail_action,
	.reload = detail_reload,
	.list = detail_list,
	.free = detail_free,
};

struct screen *detail_new(struct app *a, const char *cert_name)
{
	struct detail *d = calloc(1, sizeof(*d));

	if (d == NULL)
		return NULL;
	d->base.ops = &detail_ops;
	d->name = strdup(cert_name);
	if (d->name == NULL) {
		free(d);
		return NULL;
	}
	detail_reload(a, &d->base);
	return &d->base;
}
