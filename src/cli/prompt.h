/* SPDX-License-Identifier: ISC */
/* prompt.h - the one yes/no question of the command line ("Delete
 * certificate X and its key? [y/N]"): asked only on a terminal, and
 * only an explicit yes goes on. */
#ifndef ACMETUI_CLI_PROMPT_H
#define ACMETUI_CLI_PROMPT_H

#include <stdio.h>

/* 1 when someone can be asked: stdin and stderr are terminals. */
int prompt_can_ask(void);

/* Prints question (the caller has made it safe for a terminal) on to
 * (stderr, so that stdout stays data; the TUI's first question goes to
 * stdout, the terminal it is about to take) and reads one line from
 * stdin.  Returns 1 for "y" or "yes" (in any case, or the catalog's words
 * for them), 0 for anything else, an empty line and end of file
 * included. */
int prompt_yes(FILE *to, const char *question);

/* What prompt_confirm() found. */
enum prompt_verdict {
	PROMPT_GO,	   /* --yes, or the answer was yes */
	PROMPT_DECLINED,   /* asked, and not answered yes */
	PROMPT_NO_TERMINAL /* nobody to ask and no --yes: refuse */
};

/* The confirmation of an action that cannot be undone: yes (--yes) goes
 * on without asking; otherwise question is asked when prompt_can_ask(). */
enum prompt_verdict prompt_confirm(int yes, const char *question);

#endif
