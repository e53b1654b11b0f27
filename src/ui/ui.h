/* SPDX-License-Identifier: ISC */
/* ui.h - the ncurses front end: `acmetui` with no command on a terminal. */
#ifndef ACMETUI_UI_H
#define ACMETUI_UI_H

struct cli;

/* Opens the inventory named by c (db_path, else the default rules),
 * starts the job runner trusting c->ca_file, and runs the interactive
 * dashboard until the operator quits, Ctrl-C, SIGTERM or SIGHUP.  The
 * terminal is restored before anything is printed.  Returns the process
 * exit status (0, or 3 when the inventory cannot be used). */
int ui_run(struct cli *c);

#endif
