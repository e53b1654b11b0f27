/* SPDX-License-Identifier: ISC */
/* theme.h - what colours and attributes mean, in one place.
 *
 * Colours mean the same on every screen: green valid, yellow renewal due,
 * red expired or failed, dim revoked.  Without colour (a monochrome
 * terminal, or NO_COLOR set: https://no-color.org) the roles fall back to
 * attributes, and the screens print text markers as well, so nothing is
 * said by colour alone. */
#ifndef ACMETUI_UI_THEME_H
#define ACMETUI_UI_THEME_H

#include <curses.h>

enum role {
	ROLE_NORMAL,
	ROLE_TITLE,   /* the top bar */
	ROLE_HEADING, /* column heads, section titles */
	ROLE_OK,      /* valid, success */
	ROLE_DUE,     /* renewal due, warnings */
	ROLE_BAD,     /* expired, failed, errors */
	ROLE_DIM,     /* revoked, inactive, hints */
	ROLE_SELECT,  /* the selected line */
	ROLE_FIELD,   /* a form input */
	ROLE_FOCUS,   /* the focused form input */
	ROLE__COUNT
};

/* Sets up colour pairs after initscr(), unless NO_COLOR is set (to
 * anything non-empty) or the terminal has no colours. */
void theme_init(void);

/* 1 when colours are in use. */
int theme_has_color(void);

/* The attributes that draw role r. */
attr_t theme_attr(enum role r);

#endif
