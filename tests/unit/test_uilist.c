/* SPDX-License-Identifier: ISC */
/* test_uilist.c - what the mouse and the footer rely on: the row of the
 * list widget under a screen row (ui/list.c: above, inside, past the
 * last row, scrolled) and the footer of whole words (ui/keys.c: nothing
 * cut, the most important first, help and the way out always). */
#include "config.h"

#include <string.h>

#include "tap.h"
#include "ui/keys.h"
#include "ui/list.h"

static void test_row_at(void)
{
	struct ui_list l = { .cursor = 1 };

	list_set_count(&l, 30);
	list_place(&l, 4, 10);
	is_int(list_row_at(&l, 3), -1, "the heading above the list: no row");
	is_int(list_row_at(&l, 4), 0, "the first list line is row 0");
	is_int(list_row_at(&l, 13), 9, "the last visible line is row 9");
	is_int(list_row_at(&l, 14), -1, "below the list: no row");
	l.cur = 20;
	list_layout(&l, 10);
	is_int(list_row_at(&l, 4), (long)l.top,
	       "scrolled: the first line is row top (%zu)", l.top);
	is_int(list_row_at(&l, 13), 20, "scrolled: the cursor's line is 20");
	list_set_count(&l, 3);
	list_place(&l, 4, 10);
	is_int(list_row_at(&l, 6), 2, "a short list: its last row");
	is_int(list_row_at(&l, 7), -1, "past the last row: no row");
}

/* Does every item of foot appear, whole, among the hints of tbl? */
static int items_whole(const struct keybind *tbl, const char *foot)
{
	char buf[256], item[64], *p, *save = NULL;
	size_t i;
	int found;

	snprintf(buf, sizeof(buf), "%s", foot);
	for (p = strtok_r(buf, " ", &save); p != NULL;
	     p = strtok_r(NULL, " ", &save)) {
		found = 0;
		for (i = 0; tbl[i].act != ACT_NONE; i++) {
			if (tbl[i].hint == NULL)
				continue;
			snprintf(item, sizeof(item), "%s:%s", tbl[i].label,
				 tbl[i].hint);
			/* a hint with a space ("import creds") is two
			 * tokens: its first word starts an item */
			if (strncmp(item, p, strlen(p)) == 0)
				found = 1;
		}
		if (!found && strchr(p, ':') != NULL)
			return 0;
	}
	return 1;
}

static void test_footer(void)
{
	char foot[256];

	keys_footer(keys_dashboard, 200, foot, sizeof(foot));
	is_str(foot,
	       "n:new /:filter r:renew v:issue i:import f:90d Tab:accounts "
	       "l:log s:sort ?:help q:quit",
	       "wide: every hint, in table order");
	keys_footer(keys_dashboard, 58, foot, sizeof(foot));
	is_str(foot, "n:new /:filter r:renew v:issue i:import ?:help q:quit",
	       "58 columns: the first five whole, help and quit");
	ok(strlen(foot) <= 58, "58 columns: it fits (%zu)", strlen(foot));
	keys_footer(keys_dashboard, 20, foot, sizeof(foot));
	is_str(foot, "n:new ?:help q:quit",
	       "20 columns: one more, help and quit");
	keys_footer(keys_dashboard, 5, foot, sizeof(foot));
	is_str(foot, "?:help q:quit", "too narrow: help and quit anyway");
	keys_footer(keys_accounts, 40, foot, sizeof(foot));
	ok(items_whole(keys_accounts, foot) && strstr(foot, "?:help") &&
		   strstr(foot, "Esc:back"),
	   "accounts at 40: whole items, help and back (%s)", foot);
	keys_footer(keys_dashboard, 58, foot, 20);
	ok(strlen(foot) < 20 &&
		   (foot[0] == '\0' || items_whole(keys_dashboard, foot)),
	   "a short buffer ends after a whole item (%s)", foot);
}

int main(void)
{
	test_row_at();
	test_footer();
	return tap_done();
}
