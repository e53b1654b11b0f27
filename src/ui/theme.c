/* SPDX-License-Identifier: ISC */
/* theme.c - colour pairs and their monochrome fallbacks (see theme.h). */
#include "config.h"

#include "ui/theme.h"
#include "util/env.h"

static int use_color;

void theme_init(void)
{
	use_color = 0;
	if (env_get()->no_color || !has_colors())
		return;
	if (start_color() == ERR)
		return;
	use_default_colors();
	init_pair(1, COLOR_GREEN, -1);
	init_pair(2, COLOR_YELLOW, -1);
	init_pair(3, COLOR_RED, -1);
	init_pair(4, COLOR_BLACK, COLOR_CYAN);
	init_pair(5, COLOR_CYAN, -1);
	use_color = 1;
}

int theme_has_color(void)
{
	return use_color;
}

attr_t theme_attr(enum role r)
{
	switch (r) {
	case ROLE_TITLE:
		return use_color ? (attr_t)(COLOR_PAIR(4) | A_BOLD) : A_REVERSE;
	case ROLE_HEADING:
		return A_BOLD;
	case ROLE_OK:
		return use_color ? (attr_t)COLOR_PAIR(1) : A_NORMAL;
	case ROLE_DUE:
		return use_color ? (attr_t)(COLOR_PAIR(2) | A_BOLD) : A_BOLD;
	case ROLE_BAD:
		return use_color ? (attr_t)(COLOR_PAIR(3) | A_BOLD)
				 : (attr_t)(A_BOLD | A_UNDERLINE);
	case ROLE_DIM:
		return A_DIM;
	case ROLE_SELECT:
		return A_REVERSE;
	case ROLE_FIELD:
		return A_UNDERLINE;
	case ROLE_FOCUS:
		return use_color
			       ? (attr_t)(COLOR_PAIR(5) | A_UNDERLINE | A_BOLD)
			       : (attr_t)(A_UNDERLINE | A_BOLD);
	case ROLE_NORMAL:
	case ROLE__COUNT:
		break;
	}
	return A_NORMAL;
}
