/* dashboard.c - the first screen: one line per certificate, soonest
 * expiry first, with live countdowns, totals and a filter.
 *
 * Scale: the inventory is read with ONE summary query (on open and when
 * the change token moves), sorted once, and only the visible rows are
 * drawn; a frame does no query at all, so 10,000 certificates open and
 * tick as fast as ten.  A row whose certificate has a job of ours
 * running shows the job's step and time instead of its stage, read from
 * the job runner (a lock, no query, no allocation).  The second line
 * tells how the renewal batch is doing (the last --renew-due run), read
 * with the certificates and at most once a minute besides, since its age
 * alone can turn it into a warning. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db/store_certs.h"
#include "db/store_runs.h"
#include "lifecycle/runhealth.h"
#include "ui/app.h"
#include "ui/certview.h"
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
	struct cert_summary *rows;
	size_t n;
	size_t *view;		/* indices into rows: sorted, filtered */
	size_t nview;
	struct ui_list list;
	char filter[FILTER_MAX];
	int filtering;		/* the filter line has the keyboard */
	int64_t selected_id;	/* keeps the cursor on a certificate */
	char load_error[256];
	struct run_row last_run;	/* id 0: none recorded */
	int64_t run_read_at;		/* when last_run was read */
	int run_unreadable;		/* the read failed: say nothing */
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

/* Sort order: certificates without one yet first (they need action),
 * then by expiry, soonest first; revoked last; ties by name. */
static const struct cert_summary *sort_rows;

static int64_t sort_key(const struct cert_summary *r)
{
	if (r->stage == CERT_STAGE_REVOKED)
		return INT64_MAX;
	return r->not_after;
}

static int by_expiry(const void *pa, const void *pb)
{
	const struct cert_summary *a = &sort_rows[*(const size_t *)pa];
	const struct cert_summary *b = &sort_rows[*(const size_t *)pb];
	int64_t ka = sort_key(a), kb = sort_key(b);

	if (ka != kb)
		return ka < kb ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* Case-insensitive substring test (ASCII folding; names are ASCII). */
static int contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (hay == NULL)
		return 0;
	for (; *hay != '\0'; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

/* Rebuilds the filtered view and puts the cursor back on the selected
 * certificate when it is still shown. */
static void dash_refilter(struct dash *d)
{
	size_t i, k = 0;

	for (i = 0; i < d->n; i++) {
		size_t idx = d->view[i];
		const struct cert_summary *r = &d->rows[idx];

		(void)idx;
		if (d->filter[0] == '\0' || contains(r->name, d->filter) ||
		    contains(r->first_domain, d->filter) ||
		    contains(r->account_name, d->filter) ||
		    contains(cert_stage_word(r->stage), d->filter))
			d->view[k++] = d->view[i];
	}
	d->nview = k;
	list_set_count(&d->list, k);
	for (i = 0; i < k; i++)
		if (d->rows[d->view[i]].id == d->selected_id) {
			d->list.cur = i;
			break;
		}
}

/* Sorts every row into view[] and applies the filter. */
static void dash_resort(struct dash *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		d->view[i] = i;
	sort_rows = d->rows;
	qsort(d->view, d->n, sizeof(*d->view), by_expiry);
	sort_rows = NULL;
	dash_refilter(d);
}

/* Re-reads the last renewal run (one indexed row). */
static void dash_read_run(struct app *a, struct dash *d)
{
	struct err e = { 0 };
	enum acme_rc rc;

	run_row_clear(&d->last_run);
	rc = store_run_last(a->st, &d->last_run, &e);
	d->run_unreadable = rc != RC_OK && rc != RC_NOTFOUND;
	d->run_read_at = a->now;
}

static void dash_reload(struct app *a, struct screen *s)
{
	struct dash *d = (struct dash *)s;
	struct cert_summary *rows = NULL;
	size_t n = 0, *view = NULL;
	struct err e = { 0 };

	dash_read_run(a, d);
	if (store_cert_list_summary(a->st, &rows, &n, &e) != RC_OK) {
		snprintf(d->load_error, sizeof(d->load_error), "%s",
			 err_text(&e));
		return;
	}
	view = calloc(n ? n : 1, sizeof(*view));
	if (view == NULL) {
		cert_summaries_free(rows, n);
		snprintf(d->load_error, sizeof(d->load_error), "%s",
			 _("out of memory"));
		return;
	}
	d->load_error[0] = '\0';
	if (d->nview > 0 && d->list.cur < d->nview)
		d->selected_id = d->rows[d->view[d->list.cur]].id;
	cert_summaries_free(d->rows, d->n);
	free(d->view);
	d->rows = rows;
	d->n = n;
	d->view = view;
	dash_resort(d);
	a->dirty = 1;
}

/* The selected certificate, or NULL. */
static const struct cert_summary *dash_selected(struct dash *d)
{
	if (d->nview == 0 || d->list.cur >= d->nview)
		return NULL;
	return &d->rows[d->view[d->list.cur]];
}

/* Column layout for the window width. */
struct cols {
	int name, dom, acct, stage, exp, renew, mark;
};

static struct cols dash_cols(void)
{
	/* The stage column holds a running job's step and time
	 * ("Validating 12:34"); a countdown needs 9 at most ("-123d 04h"). */
	struct cols c = { 0, 0, 0, 16, 9, 9, 4 };
	int rest = COLS - 1 - c.stage - c.exp - c.renew - c.mark - 6;

	if (rest < 30)
		rest = 30;
	c.name = rest * 3 / 10;
	c.acct = rest * 2 / 10;
	c.dom = rest - c.name - c.acct;
	return c;
}

/* The header: totals, the operator's first question. */
static void dash_header(struct app *a, struct dash *d)
{
	size_t valid = 0, due = 0, failing = 0, expired = 0, i;
	char title[512];

	for (i = 0; i < d->n; i++) {
		struct cert_state st = state_of(&d->rows[i]);

		switch (cert_health_of(&st, a->now)) {
		case HEALTH_VALID:
			valid++;
			break;
		case HEALTH_DUE:
			due++;
			break;
		case HEALTH_FAILING:
			failing++;
			break;
		case HEALTH_EXPIRED:
			expired++;
			break;
		default:
			break;
		}
	}
	snprintf(title, sizeof(title),
		 _("acmetui  %s   %zu certs: %zu valid  %zu due  %zu failing  "
		   "%zu expired"),
		 a->dbname, d->n, valid, due, failing, expired);
	app_title(a, title);
}

/* The second line: how the renewal batch is doing; a warning (red and
 * marked "!", for terminals without colour) when it has not run for a
 * day, or never while certificates exist. */
static void dash_run_line(struct app *a, struct dash *d)
{
	char text[512];
	enum run_health h;
	attr_t at;

	if (a->now - d->run_read_at >= RUN_REREAD_S)
		dash_read_run(a, d);
	if (d->run_unreadable)
		return;
	h = run_health_describe(d->last_run.id != 0 ? &d->last_run : NULL,
				d->n, a->now, text, sizeof(text));
	switch (h) {
	case RUN_HEALTH_QUIET:
		return;
	case RUN_HEALTH_OK:
		at = theme_attr(ROLE_DIM);
		break;
	case RUN_HEALTH_FAILED:
		at = theme_attr(ROLE_DUE);
		break;
	default:
		at = theme_attr(ROLE_BAD) | A_BOLD;
		ui_printf(1, 1, COLS - 2, at, 0, "! %s", text);
		return;
	}
	ui_put(1, 1, COLS - 2, at, 0, text);
}

/* Draws one certificate line at row y. */
static void dash_row(struct app *a, const struct cert_summary *r, int y,
		     const struct cols *c, int selected)
{
	struct cert_state st = state_of(r);
	enum role role = cert_role(&st, a->now);
	attr_t at = theme_attr(role) | (selected ? A_REVERSE : 0);
	struct job_activity act;
	char dom[400], more[16], buf[64], stage[96];
	int x = 1, w, mw = 0;

	ui_put(y, 0, COLS, at, 1, selected ? ">" : " ");
	ui_put_untrusted(y, x, c->name, at, 1, r->name);
	x += c->name + 1;
	safe_line(dom, sizeof(dom), r->first_domain ? r->first_domain : "-",
		  r->first_domain ? strlen(r->first_domain) : 1);
	/* " +2" stays visible: a long first name is cut instead. */
	more[0] = '\0';
	if (r->domain_count > 1) {
		snprintf(more, sizeof(more), " +%d", r->domain_count - 1);
		mw = ui_width(more);
	}
	w = ui_put(y, x, c->dom - mw > 0 ? c->dom - mw : 0, at, 0, dom);
	ui_put(y, x + w, c->dom - w, at, 1, more);
	x += c->dom + 1;
	if (r->watched)
		ui_put(y, x, c->acct, at, 1, _("watched"));
	else
		ui_put_untrusted(y, x, c->acct, at, 1, r->account_name);
	x += c->acct + 1;
	/* A job of ours running for it: its step and time, ticking. */
	if (job_runner_activity(a->jobs, r->name, &act))
		cert_job_label(&act, stage, sizeof(stage));
	else
		cert_stage_label(&st, a->now, stage, sizeof(stage));
	ui_put(y, x, c->stage, at, 1, stage);
	x += c->stage + 1;
	if (r->not_after != 0 && r->stage != CERT_STAGE_REVOKED)
		ui_countdown(r->not_after - a->now, buf, sizeof(buf));
	else
		snprintf(buf, sizeof(buf), "-");
	ui_put(y, x, c->exp, at, 1, buf);
	x += c->exp + 1;
	if (r->renew_at != 0 && r->stage != CERT_STAGE_REVOKED &&
	    r->renew_at <= a->now)
		snprintf(buf, sizeof(buf), "%s", _("due now"));
	else if (r->renew_at != 0 && r->stage != CERT_STAGE_REVOKED)
		ui_countdown(r->renew_at - a->now, buf, sizeof(buf));
	else
		snprintf(buf, sizeof(buf), "-");
	ui_put(y, x, c->renew, at, 1, buf);
	x += c->renew + 1;
	ui_put(y, x, c->mark, at, 1, cert_marker(&st, a->now));
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

static void dash_draw(struct app *a, struct screen *s)
{
	struct dash *d = (struct dash *)s;
	struct cols c = dash_cols();
	int y = 2, x = 1, h, i;
	attr_t hd = theme_attr(ROLE_HEADING);

	dash_header(a, d);
	ui_put(y, x, c.name, hd, 1, _("NAME"));
	x += c.name + 1;
	ui_put(y, x, c.dom, hd, 1, _("DOMAINS"));
	x += c.dom + 1;
	ui_put(y, x, c.acct, hd, 1, _("ACCOUNT"));
	x += c.acct + 1;
	ui_put(y, x, c.stage, hd, 1, _("STAGE"));
	x += c.stage + 1;
	ui_put(y, x, c.exp, hd, 1, _("EXPIRES"));
	x += c.exp + 1;
	ui_put(y, x, c.renew, hd, 1, _("RENEW IN"));
	if (d->load_error[0] == '\0' && !d->filtering &&
	    d->filter[0] == '\0')
		dash_run_line(a, d);
	if (d->filtering || d->filter[0] != '\0')
		ui_printf(1, 1, COLS - 2, theme_attr(ROLE_DUE), 0,
			  _("filter: %s%s   (%zu of %zu shown)"), d->filter,
			  d->filtering ? "_" : "", d->nview, d->n);
	if (d->load_error[0] != '\0')
		ui_put_untrusted(1, 1, COLS - 2, theme_attr(ROLE_BAD), 0,
				 d->load_error);
	y++;
	h = LINES - 2 - y;
	list_layout(&d->list, h);
	if (d->n == 0) {
		dash_welcome(y + 1);
		return;
	}
	for (i = 0; i < h && d->list.top + (size_t)i < d->nview; i++) {
		size_t k = d->list.top + (size_t)i;

		dash_row(a, &d->rows[d->view[k]], y + i, &c,
			 k == d->list.cur);
	}
	if (d->filtering)
		a->cursor_y = -1;
}

/* Typing into the filter line. */
static enum input_rc dash_input(struct app *a, struct screen *s, int key)
{
	struct dash *d = (struct dash *)s;
	size_t l = strlen(d->filter);

	(void)a;
	if (!d->filtering)
		return INPUT_IGNORED;
	if (key == '\r' || key == '\n' || key == UI_K(KEY_ENTER)) {
		d->filtering = 0;
	} else if (key == UI_ESC) {
		d->filtering = 0;
		d->filter[0] = '\0';
		dash_refilter(d);
	} else if (key == 127 || key == 8 || key == UI_K(KEY_BACKSPACE)) {
		if (l > 0)
			d->filter[l - 1] = '\0';
		dash_refilter(d);
	} else if (key == UI_K(KEY_UP) || key == UI_K(KEY_DOWN)) {
		return INPUT_IGNORED;
	} else if (key >= 0x20 && key < 0x7f && l + 1 < sizeof(d->filter)) {
		d->filter[l] = (char)key;
		d->filter[l + 1] = '\0';
		d->list.cur = 0;
		dash_refilter(d);
	}
	return INPUT_USED;
}

static int dash_action(struct app *a, struct screen *s, enum action act)
{
	struct dash *d = (struct dash *)s;
	const struct cert_summary *r = dash_selected(d);

	if (list_move(&d->list, act))
		return 1;
	switch (act) {
	case ACT_FILTER:
		d->filtering = 1;
		return 1;
	case ACT_BACK:
		if (d->filter[0] != '\0') {
			d->filter[0] = '\0';
			dash_refilter(d);
			return 1;
		}
		a->quit = 1;
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
	if (r == NULL) {
		if (act == ACT_OPEN || act == ACT_ISSUE || act == ACT_RENEW ||
		    act == ACT_REVOKE || act == ACT_DELETE) {
			app_status(a, UI_WARN, "%s", _("no certificate "
						       "selected"));
			return 1;
		}
		return 0;
	}
	d->selected_id = r->id;
	if (cert_act_refuse_watched(a, r->name, r->watched, act))
		return 1;
	switch (act) {
	case ACT_OPEN:
		app_push(a, detail_new(a, r->name));
		return 1;
	case ACT_ISSUE:
		cert_act_issue(a, r->name, 0);
		return 1;
	case ACT_RENEW:
		cert_act_issue(a, r->name, 1);
		return 1;
	case ACT_REVOKE:
		cert_act_revoke(a, r->name);
		return 1;
	case ACT_DELETE:
		cert_act_delete(a, r->name);
		return 1;
	case ACT_DEPLOY:
	case ACT_PROBE:
		cert_act_job(a, r->name, act == ACT_DEPLOY ? JOB_DEPLOY
							   : JOB_PROBE);
		return 1;
	case ACT_DOCTOR:
		cert_act_job(a, r->name, JOB_DOCTOR);
		return 1;
	default:
		return 0;
	}
}

static void dash_free(struct screen *s)
{
	struct dash *d = (struct dash *)s;

	if (d == NULL)
		return;
	cert_summaries_free(d->rows, d->n);
	free(d->view);
	run_row_clear(&d->last_run);
	free(d);
}

static const struct keybind *dash_keys(struct screen *s)
{
	return ((struct dash *)s)->filtering ? keys_filter : keys_dashboard;
}

static const struct screen_ops dash_ops = {
	.title = N_("Certificates"),
	.keys = keys_dashboard,
	.draw = dash_draw,
	.input = dash_input,
	.action = dash_action,
	.reload = dash_reload,
	.current_keys = dash_keys,
	.free = dash_free,
};

struct screen *dashboard_new(struct app *a)
{
	struct dash *d = calloc(1, sizeof(*d));

	if (d == NULL)
		return NULL;
	d->base.ops = &dash_ops;
	d->list.cursor = 1;
	dash_reload(a, &d->base);
	return &d->base;
}
