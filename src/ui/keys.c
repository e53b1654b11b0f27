/* SPDX-License-Identifier: ISC */
/* keys.c - the key tables of every screen (see keys.h). */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ui/keys.h"
#include "util/i18n.h"

static const char *const action_text[ACT__COUNT] = {
#define UI_ACTION_DESC(name, desc) [name] = (desc),
	UI_ACTIONS(UI_ACTION_DESC)
#undef UI_ACTION_DESC
};

#define END \
	{ \
		0, NULL, ACT_NONE, NULL \
	}
/* Entries of one table the footer looks at (the longest has ~25). */
#define FOOTER_ENTRIES_MAX 64

/* Every screen falls back to these. */
const struct keybind keys_global[] = {
	{ '?', "?", ACT_HELP, NULL },
	{ UI_K(KEY_F(1)), "F1", ACT_HELP, NULL },
	{ UI_CTRL('l'), "^L", ACT_REDRAW, NULL },
	{ UI_ESC, "Esc", ACT_BACK, NULL },
	{ 'q', "q", ACT_BACK, NULL },
	{ 'Q', "Q", ACT_QUIT, NULL },
	{ UI_CTRL('c'), "^C", ACT_QUIT, NULL },
	{ UI_K(KEY_UP), "Up", ACT_UP, NULL },
	{ 'k', "k", ACT_UP, NULL },
	{ UI_K(KEY_DOWN), "Down", ACT_DOWN, NULL },
	{ 'j', "j", ACT_DOWN, NULL },
	{ UI_K(KEY_PPAGE), "PgUp", ACT_PGUP, NULL },
	{ UI_K(KEY_NPAGE), "PgDn", ACT_PGDN, NULL },
	{ UI_CTRL('b'), "^B", ACT_PGUP, NULL },
	{ UI_CTRL('f'), "^F", ACT_PGDN, NULL },
	{ UI_K(KEY_HOME), "Home", ACT_HOME, NULL },
	{ 'g', "g", ACT_HOME, NULL },
	{ UI_K(KEY_END), "End", ACT_END, NULL },
	{ 'G', "G", ACT_END, NULL },
	END
};

/* The footer keeps the hinted keys in this order, the most important
 * first, as far as they fit whole; "?:help" and "q:quit" always. */
const struct keybind keys_dashboard[] = {
	{ '\r', "Enter", ACT_OPEN, NULL },
	{ '\n', "Enter", ACT_OPEN, NULL },
	{ UI_K(KEY_ENTER), "Enter", ACT_OPEN, NULL },
	{ 'n', "n", ACT_NEW_CERT, N_("new") },
	{ '/', "/", ACT_FILTER, N_("filter") },
	{ 'r', "r", ACT_RENEW, N_("renew") },
	{ 'v', "v", ACT_ISSUE, N_("issue") },
	{ 'i', "i", ACT_IMPORT, N_("import") },
	{ 'f', "f", ACT_FORECAST, N_("90d") },
	{ '\t', "Tab", ACT_ACCOUNTS, N_("accounts") },
	{ 'l', "l", ACT_EVENTS, N_("log") },
	{ 's', "s", ACT_SORT, N_("sort") },
	/* Revoking is rare and asks for the name to be typed: in the
	 * help, not in the footer, which needs the room at 60 columns. */
	{ 'R', "R", ACT_REVOKE, NULL },
	{ 'd', "d", ACT_DEPLOY, NULL },
	{ 'p', "p", ACT_PROBE, NULL },
	{ 'D', "D", ACT_DOCTOR, NULL },
	{ 'x', "x", ACT_DELETE, NULL },
	{ UI_K(KEY_DC), "Del", ACT_DELETE, NULL },
	{ 'S', "S", ACT_SORT_REVERSE, NULL },
	{ 'a', "a", ACT_ACCOUNTS, NULL },
	{ 'A', "A", ACT_NEW_ACCOUNT, NULL },
	{ '?', "?", ACT_HELP, N_("help") },
	{ 'q', "q", ACT_QUIT, N_("quit") },
	END
};

/* While the dashboard filter is being typed. */
const struct keybind keys_filter[] = {
	{ '\r', "Enter", ACT_SUBMIT, N_("keep filter") },
	{ UI_ESC, "Esc", ACT_BACK, N_("clear filter") },
	END
};

/* The footer keeps the hinted keys in this order as far as they fit
 * whole; "Esc:back" and "?:help" always. */
const struct keybind keys_detail[] = {
	{ 'r', "r", ACT_RENEW, N_("renew") },
	{ 'e', "e", ACT_EDIT, N_("edit") },
	{ 'd', "d", ACT_DEPLOY, N_("deploy") },
	{ 'v', "v", ACT_ISSUE, N_("issue") },
	{ 'p', "p", ACT_PROBE, N_("probe") },
	{ 'D', "D", ACT_DOCTOR, N_("doctor") },
	{ 'c', "c", ACT_EXPORT, N_("copy") },
	{ 'l', "l", ACT_EVENTS, N_("log") },
	/* Revoking is rare and asks for the name to be typed: in the help,
	 * not in the footer, so that the others fit 80 columns whole. */
	{ 'R', "R", ACT_REVOKE, NULL },
	{ 'x', "x", ACT_DELETE, NULL },
	{ UI_K(KEY_DC), "Del", ACT_DELETE, NULL },
	{ '\r', "Enter", ACT_FULLTEXT, NULL },
	{ '\n', "Enter", ACT_FULLTEXT, NULL },
	{ UI_K(KEY_ENTER), "Enter", ACT_FULLTEXT, NULL },
	{ 'j', "j/k", ACT_DOWN, NULL },
	{ UI_ESC, "Esc", ACT_BACK, N_("back") },
	{ '?', "?", ACT_HELP, N_("help") },
	END
};

const struct keybind keys_accounts[] = {
	{ '\r', "Enter", ACT_OPEN, N_("open") },
	{ '\n', "Enter", ACT_OPEN, NULL },
	{ UI_K(KEY_ENTER), "Enter", ACT_OPEN, NULL },
	{ 'i', "i", ACT_IMPORT, N_("import creds") },
	{ 'n', "n", ACT_NEW_ACCOUNT, N_("new account") },
	{ 'A', "A", ACT_NEW_ACCOUNT, NULL },
	{ '\t', "Tab", ACT_BACK, N_("certificates") },
	{ 'l', "l", ACT_EVENTS, N_("log") },
	{ UI_ESC, "Esc", ACT_BACK, N_("back") },
	{ '?', "?", ACT_HELP, N_("help") },
	END
};

const struct keybind keys_account[] = {
	{ 'o', "o", ACT_ROLLOVER, N_("key rollover") },
	{ 'D', "D", ACT_DEACTIVATE, N_("deactivate") },
	{ UI_ESC, "Esc", ACT_BACK, N_("back") },
	{ '?', "?", ACT_HELP, N_("help") },
	END
};

const struct keybind keys_events[] = {
	{ '\r', "Enter", ACT_FULLTEXT, N_("full text") },
	{ '\n', "Enter", ACT_FULLTEXT, NULL },
	{ UI_K(KEY_ENTER), "Enter", ACT_FULLTEXT, NULL },
	{ '/', "/", ACT_SEARCH, N_("search") },
	{ 'f', "f", ACT_LEVEL, N_("level") },
	{ 'j', "j/k", ACT_DOWN, NULL },
	{ UI_ESC, "Esc", ACT_BACK, N_("back") },
	{ '?', "?", ACT_HELP, N_("help") },
	END
};

/* While the event log's search is being typed. */
const struct keybind keys_events_search[] = {
	{ '\r', "Enter", ACT_SUBMIT, N_("keep search") },
	{ UI_ESC, "Esc", ACT_BACK, N_("clear search") },
	END
};

/* Help and the text view scroll with the keys of every list. */
const struct keybind keys_help[] = {
	{ 'j', "j/k", ACT_DOWN, N_("scroll") },
	{ UI_K(KEY_NPAGE), "PgUp/PgDn", ACT_PGDN, N_("page") },
	{ UI_K(KEY_HOME), "Home/End", ACT_HOME, NULL },
	{ UI_ESC, "Esc", ACT_BACK, N_("back") },
	END
};

const struct keybind keys_textview[] = {
	{ 'j', "j/k", ACT_DOWN, N_("scroll") },
	{ UI_K(KEY_NPAGE), "PgUp/PgDn", ACT_PGDN, N_("page") },
	{ UI_K(KEY_HOME), "Home/End", ACT_HOME, N_("top/end") },
	{ UI_ESC, "Esc", ACT_BACK, N_("back") },
	{ '?', "?", ACT_HELP, N_("help") },
	END
};

/* Forms: printable keys are text, so actions sit on control keys. */
const struct keybind keys_form[] = {
	{ '\t', "Tab", ACT_NEXT_FIELD, N_("next field") },
	{ UI_K(KEY_BTAB), "S-Tab", ACT_PREV_FIELD, NULL },
	{ '\r', "Enter", ACT_SUBMIT, N_("save") },
	{ UI_CTRL('s'), "^S", ACT_SUBMIT, NULL },
	{ UI_K(KEY_F(2)), "F2", ACT_SUBMIT, NULL },
	{ UI_CTRL('t'), "^T", ACT_TWIN, NULL },
	{ UI_ESC, "Esc", ACT_BACK, N_("cancel") },
	{ UI_K(KEY_F(1)), "F1", ACT_HELP, N_("help") },
	END
};

/* A form's outcome shown in its place (the copy-out paths). */
const struct keybind keys_result[] = { { '\r', "Enter", ACT_SUBMIT, NULL },
				       { UI_ESC, "Esc", ACT_BACK, N_("back") },
				       { UI_K(KEY_F(1)), "F1", ACT_HELP,
					 N_("help") },
				       END };

/* The next 90 days (forecast.c). */
const struct keybind keys_forecast[] = {
	{ '\r', "Enter", ACT_OPEN, N_("list") },
	{ '\n', "Enter", ACT_OPEN, NULL },
	{ UI_K(KEY_ENTER), "Enter", ACT_OPEN, NULL },
	{ '\t', "Tab", ACT_GROUP, N_("by week/account/CA") },
	{ UI_ESC, "Esc", ACT_BACK, N_("back") },
	{ '?', "?", ACT_HELP, N_("help") },
	END
};

/* The certificates behind one forecast line (fclist.c). */
const struct keybind keys_fclist[] = { { '\r', "Enter", ACT_OPEN, N_("open") },
				       { '\n', "Enter", ACT_OPEN, NULL },
				       { UI_K(KEY_ENTER), "Enter", ACT_OPEN,
					 NULL },
				       { UI_ESC, "Esc", ACT_BACK, N_("back") },
				       { '?', "?", ACT_HELP, N_("help") },
				       END };

/* Editing inside a form field (form.c looks keys up here). */
const struct keybind keys_edit[] = {
	{ UI_K(KEY_BACKSPACE), "Backspace", ACT_DEL_BACK, NULL },
	{ 127, "Backspace", ACT_DEL_BACK, NULL },
	{ 8, "^H", ACT_DEL_BACK, NULL },
	{ UI_K(KEY_DC), "Del", ACT_DEL_FWD, NULL },
	{ UI_CTRL('d'), "^D", ACT_DEL_FWD, NULL },
	{ UI_K(KEY_LEFT), "Left", ACT_LEFT, NULL },
	{ UI_K(KEY_RIGHT), "Right", ACT_RIGHT, NULL },
	{ ' ', "Space", ACT_CYCLE, NULL },
	{ UI_K(KEY_HOME), "Home", ACT_LINE_START, NULL },
	{ UI_CTRL('a'), "^A", ACT_LINE_START, NULL },
	{ UI_K(KEY_END), "End", ACT_LINE_END, NULL },
	{ UI_CTRL('e'), "^E", ACT_LINE_END, NULL },
	{ UI_CTRL('u'), "^U", ACT_KILL_START, NULL },
	{ UI_CTRL('k'), "^K", ACT_KILL_END, NULL },
	{ UI_K(KEY_UP), "Up", ACT_PREV_FIELD, NULL },
	{ UI_K(KEY_DOWN), "Down", ACT_NEXT_FIELD, NULL },
	END
};

const char *action_desc(enum action act)
{
	if ((int)act < 0 || act >= ACT__COUNT || action_text[act] == NULL)
		return "";
	return _(action_text[act]);
}

enum action keys_lookup(const struct keybind *tbl, int key)
{
	size_t i;

	if (tbl == NULL)
		return ACT_NONE;
	for (i = 0; tbl[i].act != ACT_NONE; i++)
		if (tbl[i].key == key)
			return tbl[i].act;
	return ACT_NONE;
}

/* Columns of a UTF-8 string: its characters (the hints are words of
 * Latin, Greek or Cyrillic letters, one column each). */
static size_t text_cols(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* The keys that are always in the footer: help and the way out. */
static int footer_always(enum action act)
{
	return act == ACT_HELP || act == ACT_QUIT || act == ACT_BACK;
}

/* Columns of k as a footer item ("n:new"), or 0 without a hint. */
static size_t footer_item_cols(const struct keybind *k)
{
	if (k->hint == NULL)
		return 0;
	return text_cols(k->label) + 1 + text_cols(_(k->hint));
}

/* Marks in keep[] the entries of tbl that fit width columns: the
 * always-shown ones first, then the others in table order (the most
 * important first) up to the first that does not fit, so a less
 * important key never takes the place of a more important one. */
static void footer_choose(const struct keybind *tbl, size_t width,
			  unsigned char *keep, size_t nkeep)
{
	size_t used = 0, i, c;

	for (i = 0; i < nkeep && tbl[i].act != ACT_NONE; i++) {
		c = footer_item_cols(&tbl[i]);
		keep[i] = c > 0 && footer_always(tbl[i].act);
		if (keep[i])
			used += c + (used ? 1 : 0);
	}
	for (i = 0; i < nkeep && tbl[i].act != ACT_NONE; i++) {
		c = footer_item_cols(&tbl[i]);
		if (c == 0 || keep[i])
			continue;
		if (used + c + (used ? 1 : 0) > width)
			break;
		keep[i] = 1;
		used += c + (used ? 1 : 0);
	}
}

void keys_footer(const struct keybind *tbl, int width, char *out, size_t sz)
{
	unsigned char keep[FOOTER_ENTRIES_MAX] = { 0 };
	size_t used = 0, i;
	int n;

	if (sz == 0)
		return;
	out[0] = '\0';
	if (tbl == NULL)
		return;
	footer_choose(tbl, width > 0 ? (size_t)width : 0, keep,
		      FOOTER_ENTRIES_MAX);
	for (i = 0; i < FOOTER_ENTRIES_MAX && tbl[i].act != ACT_NONE; i++) {
		if (!keep[i])
			continue;
		n = snprintf(out + used, sz - used, "%s%s:%s", used ? " " : "",
			     tbl[i].label, _(tbl[i].hint));
		if (n < 0 || (size_t)n >= sz - used) {
			out[used] = '\0'; /* never half an item */
			break;
		}
		used += (size_t)n;
	}
}
