/* SPDX-License-Identifier: ISC */
/* app.c - ui_run(): terminal set-up, the screen stack and the loop that
 * never blocks (see app.h). */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/store.h"
#include "ui/app.h"
#include "ui/draw.h"
#include "ui/mouse.h"
#include "ui/theme.h"
#include "ui/ui.h"
#include "util/clock.h"
#include "util/i18n.h"
#include "util/safe.h"

/* Keys read in one pass at most, so a huge paste cannot starve the job
 * notes and the clock. */
#define KEYS_PER_PASS 8192
/* Notes drained at once. */
#define NOTES_PER_PASS 32

static volatile sig_atomic_t got_signal;

/* SIGINT, SIGTERM, SIGHUP: leave the loop; the terminal is restored by
 * the normal exit path (endwin first). */
static void on_signal(int sig)
{
	got_signal = sig;
}

struct screen *app_top(struct app *a)
{
	return a->depth ? a->stack[a->depth - 1] : NULL;
}

void app_push(struct app *a, struct screen *s)
{
	if (s == NULL) {
		app_status(a, UI_ERROR, "%s", _("out of memory"));
		return;
	}
	if (a->depth >= UI_STACK_MAX) {
		s->ops->free(s);
		app_status(a, UI_WARN, "%s",
			   _("too many screens open; press "
			     "Esc to go back"));
		return;
	}
	a->stack[a->depth++] = s;
	a->dirty = 1;
}

void app_pop(struct app *a)
{
	struct screen *s;

	if (a->depth == 0)
		return;
	s = a->stack[--a->depth];
	a->stack[a->depth] = NULL;
	s->ops->free(s);
	s = app_top(a);
	if (s != NULL && s->stale) {
		s->stale = 0;
		if (s->ops->reload != NULL)
			s->ops->reload(a, s);
	}
	a->cursor_y = -1;
	a->dirty = 1;
}

void app_status(struct app *a, enum ui_level lvl, const char *fmt, ...)
{
	char raw[sizeof(a->status)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	safe_line(a->status, sizeof(a->status), raw, strlen(raw));
	a->status_level = lvl;
	a->dirty = 1;
}

enum rc app_submit(struct app *a, const struct job_request *req, uint64_t *id)
{
	struct err e = { 0 };
	enum rc rc;

	rc = job_submit(a->jobs, req, id, &e);
	if (rc != RC_OK)
		app_status(a, UI_ERROR, "%s", err_text(&e));
	else
		app_status(a, UI_INFO, _("%s: started..."), req->name);
	return rc;
}

void app_changed(struct app *a)
{
	size_t i;

	for (i = 0; i + 1 < a->depth; i++)
		a->stack[i]->stale = 1;
	if (a->depth > 0 && a->stack[a->depth - 1]->ops->reload != NULL)
		a->stack[a->depth - 1]->ops->reload(a, a->stack[a->depth - 1]);
	a->dirty = 1;
}

void app_title(struct app *a, const char *title)
{
	attr_t at = theme_attr(ROLE_TITLE);
	const char *help = _("?help");
	int hw = ui_width(help);

	(void)a;
	ui_put(0, 0, COLS, at, 1, "");
	ui_put(0, 1, COLS - hw - 3, at, 0, title);
	ui_put(0, COLS - hw - 1, hw, at, 0, help);
}

/* Polls the change token: another process (a cron --renew-due, the CLI)
 * or one of our jobs committed something. */
static void app_poll_store(struct app *a)
{
	struct err e = { 0 };
	uint64_t tok = 0;

	if (store_change_token(a->st, &tok, &e) != RC_OK)
		return;
	if (tok != a->token) {
		a->token = tok;
		app_changed(a);
	}
}

/* Moves finished and progress notes from the runner to the screens and
 * the activity line. */
static void app_drain_notes(struct app *a)
{
	struct job_note notes[NOTES_PER_PASS];
	size_t n, i, k;

	while ((n = job_runner_drain(a->jobs, notes, NOTES_PER_PASS)) > 0) {
		for (i = 0; i < n; i++) {
			struct job_note *jn = &notes[i];

			if (!jn->done)
				app_status(a,
					   strcmp(jn->level, "error") == 0
						   ? UI_ERROR
					   : strcmp(jn->level, "warn") == 0
						   ? UI_WARN
						   : UI_INFO,
					   "%s: %s: %s", jn->subject, jn->stage,
					   jn->message);
			else if (jn->rc == RC_OK)
				app_status(a, UI_OK, _("%s: done"),
					   jn->subject);
			else if (strcmp(jn->stage, "doctor") == 0)
				/* Advice, not a failed certificate. */
				app_status(a, UI_WARN,
					   _("%s: advice (certificate "
					     "unchanged): %s"),
					   jn->subject, jn->message);
			else
				app_status(a, UI_ERROR, _("%s failed: %s"),
					   jn->subject,
					   jn->message[0] ? jn->message
							  : rc_str(jn->rc));
			for (k = a->depth; k > 0; k--)
				if (a->stack[k - 1]->ops->note != NULL)
					a->stack[k - 1]->ops->note(
						a, a->stack[k - 1], jn);
		}
		if (n < NOTES_PER_PASS)
			break;
	}
	app_poll_store(a);
}

/* Runs one action that every screen shares. */
static void app_global_action(struct app *a, struct screen *s, enum action act)
{
	switch (act) {
	case ACT_BACK:
		app_pop(a);
		break;
	case ACT_QUIT:
		a->quit = 1;
		break;
	case ACT_HELP:
		if (s->ops->keys != keys_help)
			app_push(a, help_new(a, s));
		break;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		a->dirty = 1;
		break;
	default:
		break;
	}
}

/* Routes one key: the screen's input hook, its table, then the global
 * table. */
static void app_key(struct app *a, int key)
{
	struct screen *s = app_top(a);
	enum action act;

	if (s == NULL)
		return;
	a->dirty = 1;
	if (key == UI_K(KEY_RESIZE)) {
		clearok(curscr, TRUE);
		return;
	}
	/* Before the input hook: a report is not text for a field. */
	if (key == UI_K(KEY_MOUSE)) {
		mouse_event(a, s);
		return;
	}
	if (s->ops->input != NULL && s->ops->input(a, s, key) == INPUT_USED)
		return;
	act = keys_lookup(s->ops->keys, key);
	if (act == ACT_NONE)
		act = keys_lookup(keys_global, key);
	if (act == ACT_NONE)
		return;
	if (s->ops->action != NULL && s->ops->action(a, s, act))
		return;
	app_global_action(a, s, act);
}

/* Reads every key waiting (without blocking). */
static void app_drain_keys(struct app *a)
{
	wint_t ch;
	int r, n;

	for (n = 0; n < KEYS_PER_PASS && !a->quit && a->depth > 0; n++) {
		r = get_wch(&ch);
		if (r == ERR)
			break;
		app_key(a, r == KEY_CODE_YES ? UI_K((int)ch) : (int)ch);
	}
}

/* Draws everything: the top screen, the message line, the footer. */
static void app_draw(struct app *a)
{
	struct screen *s = app_top(a);
	const struct keybind *keys = s->ops->current_keys
					     ? s->ops->current_keys(s)
					     : s->ops->keys;
	char foot[UI_LINE_MAX];
	enum role r;

	a->cursor_y = -1;
	erase();
	if (LINES < 10 || COLS < 40) {
		/* Wrapped, and saying how big is enough: a cut "too
		 * sm" tells the operator nothing. */
		ui_put_wrapped(0, 0, COLS, LINES, A_BOLD, 0,
			       _("acmetui: the window is too small; it "
				 "needs at least 40x10"));
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	s->ops->draw(a, s);
	switch (a->status_level) {
	case UI_OK:
		r = ROLE_OK;
		break;
	case UI_WARN:
		r = ROLE_DUE;
		break;
	case UI_ERROR:
		r = ROLE_BAD;
		break;
	default:
		r = ROLE_NORMAL;
		break;
	}
	ui_put(LINES - 2, 0, COLS, theme_attr(r), 1, "");
	ui_put(LINES - 2, 1, COLS - 2, theme_attr(r), 0, a->status);
	keys_footer(keys, COLS - 2, foot, sizeof(foot));
	ui_put(LINES - 1, 0, COLS, theme_attr(ROLE_TITLE), 1, "");
	ui_put(LINES - 1, 1, COLS - 2, theme_attr(ROLE_TITLE), 0, foot);
	if (a->cursor_y >= 0) {
		curs_set(1);
		move(a->cursor_y, a->cursor_x);
	} else {
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

/* Milliseconds until the next whole second: countdowns tick on time. */
static int app_timeout_ms(void)
{
	return 1000 - (int)(wall_ms() % 1000);
}

/* The loop (STYLE.md habit 2). */
static void app_loop(struct app *a)
{
	struct pollfd pfd[2];
	int64_t last = 0;

	while (!a->quit && a->depth > 0 && !got_signal) {
		/* Draw before waiting: the first screen must not wait for
		 * the first tick (up to a second) or a key. */
		if (a->dirty) {
			a->dirty = 0;
			app_draw(a);
		}
		pfd[0].fd = STDIN_FILENO;
		pfd[0].events = POLLIN;
		pfd[1].fd = job_runner_fd(a->jobs);
		pfd[1].events = POLLIN;
		pfd[0].revents = pfd[1].revents = 0;
		if (poll(pfd, 2, app_timeout_ms()) < 0 && errno != EINTR)
			break;
		if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			break; /* the terminal is gone (SSH dropped) */
		a->now = (int64_t)time(NULL);
		if (pfd[1].revents & POLLIN)
			app_drain_notes(a);
		/* Also after EINTR: ncurses turns SIGWINCH into KEY_RESIZE. */
		app_drain_keys(a);
		if (a->now != last) {
			last = a->now;
			app_poll_store(a);
			a->dirty = 1; /* countdowns */
		}
	}
}

/* Catches the signals that end the program so that the loop can restore
 * the terminal; SA_RESTART off so poll() returns. */
static void app_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

/* Starts curses in the mode the loop needs; returns whether the mouse
 * is on. */
static int app_curses_start(const struct ui_options *o)
{
	set_escdelay(50);
	initscr();
	raw(); /* ^S, ^Q, ^C reach us; ^C is handled as a quit key */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	theme_init();
	curs_set(0);
	return mouse_start(o->mouse);
}

int ui_run(const struct ui_options *o)
{
	struct app a;
	struct err e = { 0 };
	const char *p, *slash;
	int rc = UI_EXIT_OK;

	memset(&a, 0, sizeof(a));
	a.opt = o;
	a.cursor_y = -1;
	a.now = (int64_t)time(NULL);
	if (store_open_timeout(o->db_path, 2000, &a.st, &e) != RC_OK) {
		fprintf(stderr, "acmetui: %s\n", err_text(&e));
		return UI_EXIT_INVENTORY;
	}
	a.jobs = job_runner_new(o->db_path, o->ca_file, &e);
	if (a.jobs == NULL) {
		fprintf(stderr, "acmetui: %s\n", err_text(&e));
		store_close(a.st);
		return UI_EXIT_FAILED;
	}
	p = store_path(a.st);
	slash = p ? strrchr(p, '/') : NULL;
	safe_line(a.dbname, sizeof(a.dbname), slash ? slash + 1 : "",
		  slash ? strlen(slash + 1) : 0);
	store_change_token(a.st, &a.token, &e);
	app_signals();
	a.mouse = app_curses_start(o);
	app_push(&a, dashboard_new(&a));
	app_status(&a, UI_INFO, "%s",
		   _("Welcome. Press ? for help on any screen."));
	a.dirty = 1;
	app_loop(&a);
	while (a.depth > 0)
		app_pop(&a);
	endwin();
	if (job_runner_active(a.jobs) > 0)
		fprintf(stderr, "%s\n",
			_("acmetui: waiting for running "
			  "actions to finish..."));
	job_runner_free(a.jobs);
	store_close(a.st);
	return rc;
}
