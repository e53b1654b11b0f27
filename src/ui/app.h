/* SPDX-License-Identifier: ISC */
/* app.h - the application loop shared by every screen.
 *
 * Screens are small objects behind an ops table (enter/draw/key/event/
 * free, as tig's views) kept on a stack: the dashboard at the bottom,
 * detail, forms, dialogs and help pushed above it.  The loop polls the
 * terminal, the job runner's descriptor and a one-second timer, and
 * redraws only when something changed; it never waits on the network
 * (lifecycle actions run on the job runner's threads). */
#ifndef ACMETUI_UI_APP_H
#define ACMETUI_UI_APP_H

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "lifecycle/jobs.h"
#include "ui/keys.h"
#include "ui/ui.h"

struct cert_row;
struct store;
struct app;
struct screen;
struct ui_list;

/* What a screen's input hook says about a key. */
enum input_rc {
	INPUT_IGNORED, /* not mine: look it up in the key tables */
	INPUT_USED     /* consumed */
};

struct screen_ops {
	const char *title;	    /* N_(): help screen heading */
	const struct keybind *keys; /* this screen's bindings */
	/* Draws rows 0 .. LINES-3 (the app draws the status line and the
	 * footer below). */
	void (*draw)(struct app *a, struct screen *s);
	/* Optional: sees every key first (text entry); key is a keys.h
	 * key code. */
	enum input_rc (*input)(struct app *a, struct screen *s, int key);
	/* Runs an action bound in the tables; returns 1 when handled. */
	int (*action)(struct app *a, struct screen *s, enum action act);
	/* Optional: the inventory changed, re-read it. */
	void (*reload)(struct app *a, struct screen *s);
	/* Optional: a note from a job (progress or end). */
	void (*note)(struct app *a, struct screen *s, const struct job_note *n);
	/* Optional: the bindings in force now, when they change with a
	 * mode (the dashboard while its filter is typed); else keys. */
	const struct keybind *(*current_keys)(struct screen *s);
	/* Optional: the list the mouse acts on (clicks select and open,
	 * the wheel scrolls; mouse.h); NULL: the mouse does nothing. */
	struct ui_list *(*list)(struct screen *s);
	/* Releases the screen (wiping any secret it holds). */
	void (*free)(struct screen *s);
};

/* Every screen struct starts with this. */
struct screen {
	const struct screen_ops *ops;
	int stale; /* the inventory changed while it was covered */
};

#define UI_STACK_MAX 12

enum ui_level { UI_INFO, UI_OK, UI_WARN, UI_ERROR };

struct app {
	const struct ui_options *opt; /* borrowed: how ui_run() was called */
	struct store *st;	      /* this thread's connection */
	struct job_runner *jobs;
	struct screen *stack[UI_STACK_MAX];
	size_t depth;
	int dirty; /* redraw at the end of this pass */
	int quit;
	int64_t now;	   /* wall clock of this pass */
	uint64_t token;	   /* last store_change_token() */
	char status[1024]; /* the activity / message line */
	enum ui_level status_level;
	int cursor_y, cursor_x; /* a form's text cursor, -1: hidden */
	int mouse;		/* the terminal reports the mouse */
	char dbname[64];	/* file name of the inventory */
	/* The name of what a form just added: the list screen below
	 * selects it when it next reloads, then clears it. */
	char added_cert[256];
	char added_account[256];
};

/* The screen on top (NULL when none). */
struct screen *app_top(struct app *a);

/* Pushes s (taking it); when the stack is full s is freed and an error
 * shown.  NULL s (a constructor that failed) shows "out of memory". */
void app_push(struct app *a, struct screen *s);

/* Pops and frees the top screen; reloads the uncovered one when stale. */
void app_pop(struct app *a);

/* Sets the message line (our own format; %s arguments from outside are
 * escaped as the whole line is made printable). */
void app_status(struct app *a, enum ui_level lvl, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Submits a job; shows what happened on the message line.  *id (may be
 * NULL) gets the job id.  Returns the job_submit() result. */
enum rc app_submit(struct app *a, const struct job_request *req, uint64_t *id);

/* Tells every screen that the inventory changed: the top one reloads,
 * the covered ones when they are uncovered. */
void app_changed(struct app *a);

/* Draws the common title bar on row 0: title (ours) left, "?help"
 * right. */
void app_title(struct app *a, const char *title);

/* The screens (constructors return NULL when out of memory). */
struct screen *dashboard_new(struct app *a);
struct screen *detail_new(struct app *a, const char *cert_name);
struct screen *accounts_new(struct app *a);
struct screen *account_new(struct app *a, const char *acct_name);
struct screen *events_new(struct app *a);
struct screen *help_new(struct app *a, const struct screen *for_screen);
struct screen *import_new(struct app *a);
struct screen *addacct_new(struct app *a);
struct screen *addcert_new(struct app *a);
struct screen *editcert_new(struct app *a, const char *cert_name);
/* A scrollable view of text (copied; '\n' separates paragraphs, each
 * escaped and wrapped to the window) under title (ours, escaped). */
struct screen *textview_new(struct app *a, const char *title, const char *text);
/* The event log of one certificate (cert_id > 0), or of all (0). */
struct screen *events_new_cert(struct app *a, int64_t cert_id,
			       const char *cert_name);
/* The next 90 days of the fleet (forecast.c). */
struct screen *forecast_new(struct app *a);
/* The copy-out form for certificate c (read, not kept). */
struct screen *export_new(struct app *a, const struct cert_row *c);

/* The certificate a screen runs an action on (borrowed). */
struct cert_subject {
	const char *name;
	int watched; /* imported, not issued by acmetui */
	/* The row the screen shows (the detail), or NULL (the dashboard
	 * holds summaries only): without it a deploy goes to the job
	 * runner, which names a missing target itself, and there is
	 * nothing to copy out. */
	const struct cert_row *row;
};

/* Runs the certificate action act on sub, for every screen that has a
 * selected certificate (certact.c): refuses on a watched certificate
 * what acmetui cannot do with it, asks first where an action needs it
 * (ordering a valid certificate again, revoke, delete), else starts it
 * or opens its form.  Returns 1 when act is a certificate action
 * (handled, with a message line when refused), 0 when it is not: the
 * screen goes on with its own. */
int cert_act_run(struct app *a, const struct cert_subject *sub,
		 enum action act);
/* Orders name (renew: a renewal with a new key), after a question when
 * the certificate is valid and not due (the add form orders with it
 * too). */
void cert_act_issue(struct app *a, const char *name, int renew);

#endif
