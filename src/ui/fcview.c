/* SPDX-License-Identifier: ISC */
/* fcview.c - the forecast's labels, characters and bars (fcview.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ui/draw.h"
#include "ui/fcview.h"
#include "ui/glyphs.h"
#include "util/i18n.h"

/* The block every state's bar is drawn with in colour (U+2588), and
 * the lighter one of expired certificates (U+2592), so that failing and
 * expired differ on a terminal without red too. */
#define BLOCK_FULL "\xe2\x96\x88"
#define BLOCK_SHADE "\xe2\x96\x92"

/* ASCII: the character says the state. */
static const char ascii_mark[FC__STATES] = { '#', '+', '!', 'x' };

void fc_week_label(int64_t start, int week, char *out, size_t sz)
{
	time_t t = (time_t)(start + (int64_t)week * FC_WEEK_SECS);
	char wk[8], md[8];
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(wk, sizeof(wk), "%V", &tm) == 0 ||
	    strftime(md, sizeof(md), "%m-%d", &tm) == 0) {
		snprintf(out, sz, "?");
		return;
	}
	snprintf(out, sz, _("wk %s %s"), wk, md);
}

void fc_group_label(const char *key, char *out, size_t sz)
{
	if (key == NULL)
		snprintf(out, sz, "%s", _("(watched)"));
	else if (strstr(key, "://") != NULL)
		ui_url_host(key, out, sz);
	else
		snprintf(out, sz, "%s", key);
}

const char *fc_state_word(enum fc_state s)
{
	/* Not "valid" and "due": their catalog entries are column heads
	 * and abbreviations elsewhere. */
	switch (s) {
	case FC_DUE:
		return _("due now");
	case FC_FAILING:
		return _("failing");
	case FC_EXPIRED:
		return _("expired");
	case FC_VALID:
	case FC__STATES:
		break;
	}
	return _("healthy");
}

enum role fc_state_role(enum fc_state s)
{
	switch (s) {
	case FC_DUE:
		return ROLE_DUE;
	case FC_FAILING:
	case FC_EXPIRED:
		return ROLE_BAD;
	case FC_VALID:
	case FC__STATES:
		break;
	}
	return ROLE_OK;
}

/* Draws n columns of state s's bar character from (y, x). */
static void put_run(int y, int x, int n, enum fc_state s)
{
	char one[2] = { ascii_mark[s], '\0' };
	int fancy = glyphs_fancy(), i;

	for (i = 0; i < n; i++)
		ui_put(y, x + i, 1, theme_attr(fc_state_role(s)), 0,
		       fancy ? (s == FC_EXPIRED ? BLOCK_SHADE : BLOCK_FULL)
			     : one);
}

int fc_legend(int y, int x, int w)
{
	int s, used = 0, n;
	char word[64];

	for (s = 0; s < FC__STATES && used < w; s++) {
		snprintf(word, sizeof(word),
			 s + 1 < FC__STATES ? " %s  " : " %s",
			 fc_state_word((enum fc_state)s));
		if (used + 1 + ui_width(word) > w)
			break;
		put_run(y, x + used, 1, (enum fc_state)s);
		n = ui_put(y, x + used + 1, w - used - 1, A_NORMAL, 0, word);
		used += 1 + n;
	}
	return used;
}

/* Splits len columns over the states in proportion to counts, each
 * present state at least one column while there is room. */
static void split(const int64_t *counts, int64_t total, int len, int *seg)
{
	int s, given = 0, present = 0, biggest = 0, rest;

	for (s = 0; s < FC__STATES; s++) {
		seg[s] = counts[s] > 0 && present < len;
		present += seg[s];
		if (counts[s] > counts[biggest])
			biggest = s;
	}
	rest = len - present;
	for (s = 0; s < FC__STATES; s++) {
		if (counts[s] > 0)
			seg[s] += (int)(counts[s] * rest / total);
		given += seg[s];
	}
	seg[biggest] += len - given; /* what rounding left over */
}

int fc_bar(int y, int x, int w, const int64_t *counts, int64_t total,
	   int64_t scale)
{
	int seg[FC__STATES], len, s, at = x;

	if (total <= 0 || scale <= 0 || w <= 0)
		return 0;
	len = (int)((total * w + scale / 2) / scale);
	if (len < 1)
		len = 1;
	if (len > w)
		len = w;
	split(counts, total, len, seg);
	for (s = 0; s < FC__STATES; s++) {
		put_run(y, at, seg[s], (enum fc_state)s);
		at += seg[s];
	}
	return len;
}
