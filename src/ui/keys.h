/* SPDX-License-Identifier: ISC */
/* keys.h - what a key does, as data.
 *
 * Every action the UI knows is listed once in UI_ACTIONS with the words
 * the help screen shows; each screen has a table binding keys to actions
 * (with a short footer hint), falling back to the global table.  The
 * help screen and the footers are generated from these tables, so they
 * cannot drift from what the keys really do (the tig model). */
#ifndef ACMETUI_UI_KEYS_H
#define ACMETUI_UI_KEYS_H

#include <stddef.h>

/* X(action, description for the help screen) */
#define UI_ACTIONS(X) \
	X(ACT_NONE, NULL) \
	X(ACT_BACK, N_("go back (on the dashboard: clear the filter)")) \
	X(ACT_QUIT, N_("quit acmetui")) \
	X(ACT_HELP, N_("show the keys of this screen")) \
	X(ACT_REDRAW, N_("redraw the screen")) \
	X(ACT_UP, N_("move up")) \
	X(ACT_DOWN, N_("move down")) \
	X(ACT_PGUP, N_("page up")) \
	X(ACT_PGDN, N_("page down")) \
	X(ACT_HOME, N_("go to the first line")) \
	X(ACT_END, N_("go to the last line")) \
	X(ACT_OPEN, N_("open the selected line")) \
	X(ACT_FILTER, N_("filter the list (Enter keeps, Esc clears)")) \
	X(ACT_SORT, N_("sort by the next column")) \
	X(ACT_SORT_REVERSE, N_("reverse the sort order")) \
	X(ACT_ACCOUNTS, N_("show the ACME accounts")) \
	X(ACT_EVENTS, N_("show the event log")) \
	X(ACT_NEW_CERT, N_("add a certificate")) \
	X(ACT_IMPORT, N_("import a CA credentials package (e-mail)")) \
	X(ACT_NEW_ACCOUNT, N_("add an account by hand")) \
	X(ACT_ISSUE, N_("order / validate / issue now")) \
	X(ACT_RENEW, N_("renew now (new key, new certificate)")) \
	X(ACT_REVOKE, N_("revoke the certificate at the CA")) \
	X(ACT_DELETE, N_("delete the certificate from the inventory")) \
	X(ACT_DOCTOR, N_("run the pre-flight checks (DNS, CAA, ports)")) \
	X(ACT_DEPLOY, N_("install the files and reload the server")) \
	X(ACT_PROBE, N_("check what the server actually serves")) \
	X(ACT_EXPORT, N_("copy the files out to a directory (cert, chain, " \
			 "fullchain, key)")) \
	X(ACT_ROLLOVER, N_("roll the account key over")) \
	X(ACT_DEACTIVATE, N_("deactivate the account at the CA")) \
	X(ACT_LEVEL, N_("cycle the level filter: all, warnings, errors")) \
	X(ACT_SUBMIT, N_("save / submit the form")) \
	X(ACT_NEXT_FIELD, N_("next field")) \
	X(ACT_PREV_FIELD, N_("previous field")) \
	X(ACT_TWIN, N_("add the suggested www. twin of a domain")) \
	X(ACT_DEL_BACK, N_("delete the character before the cursor")) \
	X(ACT_DEL_FWD, N_("delete the character under the cursor")) \
	X(ACT_LEFT, N_("cursor left / previous choice")) \
	X(ACT_RIGHT, N_("cursor right / next choice")) \
	X(ACT_LINE_START, N_("start of the line")) \
	X(ACT_LINE_END, N_("end of the line")) \
	X(ACT_KILL_START, N_("delete to the start of the line")) \
	X(ACT_KILL_END, N_("delete to the end of the line")) \
	X(ACT_CYCLE, N_("next choice (choice fields)")) \
	X(ACT_FULLTEXT, N_("show the whole text of the selected line")) \
	X(ACT_SEARCH, N_("search (Enter keeps, Esc clears)")) \
	X(ACT_EDIT, N_("change the settings of the certificate")) \
	X(ACT_FORECAST, N_("show the next 90 days: renewals and expiries " \
			   "per week")) \
	X(ACT_GROUP, N_("group by week, by account or by CA"))

enum action {
#define UI_ACTION_ENUM(name, desc) name,
	UI_ACTIONS(UI_ACTION_ENUM)
#undef UI_ACTION_ENUM
		ACT__COUNT
};

/* Keys are one int: a character's code point, or a curses KEY_* code
 * tagged with UI_FKEY so the two ranges cannot collide. */
#define UI_FKEY 0x1000000
#define UI_K(code) (UI_FKEY | (code))
#define UI_CTRL(c) ((c)&0x1f)
#define UI_ESC 27

/* One binding: key, how the key is written, action, footer hint (N_(),
 * NULL: not in the footer).  Tables end with act == ACT_NONE. */
struct keybind {
	int key;
	const char *label;
	enum action act;
	const char *hint;
};

extern const struct keybind keys_global[];
extern const struct keybind keys_dashboard[];
extern const struct keybind keys_filter[];
extern const struct keybind keys_detail[];
extern const struct keybind keys_accounts[];
extern const struct keybind keys_account[];
extern const struct keybind keys_events[];
extern const struct keybind keys_help[];
extern const struct keybind keys_textview[];
extern const struct keybind keys_events_search[];
extern const struct keybind keys_form[];
extern const struct keybind keys_edit[];
extern const struct keybind keys_result[];
extern const struct keybind keys_forecast[];
extern const struct keybind keys_fclist[];

/* The translated help text of act (never NULL). */
const char *action_desc(enum action act);

/* The action bound to key in tbl (ACT_NONE when none; tbl may be NULL). */
enum action keys_lookup(const struct keybind *tbl, int key);

/* Writes the footer for tbl into out (size sz): "n:new /:filter ..."
 * from the entries with a hint, in table order.  Hints are never cut:
 * when they do not fit in width columns, whole items are left out from
 * the end of the table (the least important), but help, quit and back
 * are always kept. */
void keys_footer(const struct keybind *tbl, int width, char *out, size_t sz);

#endif
