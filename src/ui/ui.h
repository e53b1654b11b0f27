/* SPDX-License-Identifier: ISC */
/* ui.h - the ncurses front end: `acmetui` with no command on a terminal. */
#ifndef ACMETUI_UI_H
#define ACMETUI_UI_H

/* What the terminal UI is started with (main.c fills it from the command
 * line; the UI reads nothing of the CLI's own state). */
struct ui_options {
	const char *db_path; /* the inventory; NULL: the default rules
				 * (db/store.h) */
	const char *ca_file; /* PEM trusted besides each account's own
				 * (--ca-file), or NULL */
	int mouse;	     /* take the mouse (0: --no-mouse) */
};

/* ui_run()'s results: process exit statuses, the values DESIGN section 6
 * gives them (main.c checks they are cli.h's). */
enum ui_exit {
	UI_EXIT_OK = 0,
	UI_EXIT_FAILED = 1,   /* the job runner could not start */
	UI_EXIT_INVENTORY = 3 /* the inventory cannot be used */
};

/* Opens the inventory named by o->db_path, starts the job runner trusting
 * o->ca_file, and runs the interactive dashboard until the operator
 * quits, Ctrl-C, SIGTERM or SIGHUP.  The terminal is restored before
 * anything is printed.  o is borrowed for the call.  Returns the process
 * exit status (enum ui_exit). */
int ui_run(const struct ui_options *o);

#endif
