/* SPDX-License-Identifier: ISC */
/* form.c - editing and drawing of the form widget (see form.h). */
#include "config.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <openssl/crypto.h>

#include "ui/draw.h"
#include "ui/form.h"
#include "ui/theme.h"
#include "util/i18n.h"

/* Grows fl->val to hold need bytes plus the NUL.  The old buffer is
 * wiped before it is freed: a field may hold a secret. */
static int field_reserve(struct field *fl, size_t need)
{
	size_t cap = fl->cap ? fl->cap : 32;
	char *nv = NULL;

	if (need + 1 <= fl->cap)
		return 0;
	while (cap < need + 1)
		cap *= 2;
	nv = calloc(1, cap);
	if (nv == NULL)
		return -1;
	if (fl->val != NULL) {
		memcpy(nv, fl->val, fl->len + 1);
		OPENSSL_cleanse(fl->val, fl->cap);
		free(fl->val);
	}
	fl->val = nv;
	fl->cap = cap;
	return 0;
}

/* Frees the value, wiping it. */
static void field_wipe(struct field *fl)
{
	if (fl->val != NULL) {
		OPENSSL_cleanse(fl->val, fl->cap);
		free(fl->val);
	}
	fl->val = NULL;
	fl->len = fl->cap = fl->cur = fl->top_line = 0;
}

int field_set(struct field *fl, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (fl->max != 0 && n > fl->max)
		return -1;
	if (field_reserve(fl, n) != 0)
		return -1;
	if (n > 0)
		memcpy(fl->val, s, n);
	fl->val[n] = '\0';
	fl->len = fl->cur = n;
	fl->top_line = 0;
	return 0;
}

const char *field_text(const struct field *fl)
{
	return fl->val ? fl->val : "";
}

void field_msg(struct field *fl, int bad, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(fl->msg, sizeof(fl->msg), fmt, ap);
	va_end(ap);
	fl->msg_bad = bad;
}

void field_msg_clear(struct field *fl)
{
	fl->msg[0] = '\0';
	fl->msg_bad = 0;
}

void form_clear_bad(struct form *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->fields[i].msg_bad)
			field_msg_clear(&f->fields[i]);
}

int form_refuse(struct app *a, struct form *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		const struct field *fl = &f->fields[i];

		if (fl->hidden || !fl->msg_bad)
			continue;
		f->focus = i;
		app_status(a, UI_ERROR, _("Not saved: %s %s"), _(fl->label),
			   fl->msg);
		return 1;
	}
	return 0;
}

void form_init(struct form *f, struct field *fields, size_t n, int label_w)
{
	f->fields = fields;
	f->n = n;
	f->focus = 0;
	f->changed = 1;
	f->label_w = label_w;
	while (f->focus + 1 < n && fields[f->focus].hidden)
		f->focus++;
}

void form_focus(struct form *f, size_t i)
{
	if (i < f->n && !f->fields[i].hidden)
		f->focus = i;
}

/* Inserts n bytes at the cursor. */
static int field_insert(struct field *fl, const char *b, size_t n)
{
	if (fl->max != 0 && fl->len + n > fl->max)
		return -1;
	if (field_reserve(fl, fl->len + n) != 0)
		return -1;
	memmove(fl->val + fl->cur + n, fl->val + fl->cur,
		fl->len - fl->cur + 1);
	memcpy(fl->val + fl->cur, b, n);
	fl->len += n;
	fl->cur += n;
	return 0;
}

/* Byte offset of the character before / after off. */
static size_t prev_char(const struct field *fl, size_t off)
{
	if (off == 0)
		return 0;
	off--;
	while (off > 0 && ((unsigned char)fl->val[off] & 0xc0) == 0x80)
		off--;
	return off;
}

static size_t next_char(const struct field *fl, size_t off)
{
	if (off >= fl->len)
		return fl->len;
	off++;
	while (off < fl->len && ((unsigned char)fl->val[off] & 0xc0) == 0x80)
		off++;
	return off;
}

/* Deletes bytes [from, to). */
static void field_cut(struct field *fl, size_t from, size_t to)
{
	if (fl->val == NULL || from >= to)
		return;
	memmove(fl->val + from, fl->val + to, fl->len - to + 1);
	OPENSSL_cleanse(fl->val + fl->len - (to - from), to - from);
	fl->len -= to - from;
	fl->cur = from;
}

/* Start of the line holding off (FIELD_AREA), and its end. */
static size_t line_start(const struct field *fl, size_t off)
{
	while (off > 0 && fl->val[off - 1] != '\n')
		off--;
	return off;
}

static size_t line_end(const struct field *fl, size_t off)
{
	while (off < fl->len && fl->val[off] != '\n')
		off++;
	return off;
}

/* Characters between byte offsets a and b. */
static size_t chars_between(const struct field *fl, size_t a, size_t b)
{
	size_t n = 0;

	for (; a < b; a++)
		if (((unsigned char)fl->val[a] & 0xc0) != 0x80)
			n++;
	return n;
}

/* Moves the cursor of an area one line up (dir < 0) or down, keeping
 * the column where the line is long enough. */
static void area_vertical(struct field *fl, int dir)
{
	size_t ls, col, target, end, i;

	if (fl->val == NULL)
		return;
	ls = line_start(fl, fl->cur);
	col = chars_between(fl, ls, fl->cur);
	if (dir < 0) {
		if (ls == 0)
			return;
		target = line_start(fl, ls - 1);
	} else {
		end = line_end(fl, fl->cur);
		if (end >= fl->len)
			return;
		target = end + 1;
	}
	end = line_end(fl, target);
	for (i = 0; i < col && target < end; i++)
		target = next_char(fl, target);
	fl->cur = target;
}

/* Encodes code point c as UTF-8 into b; returns its length (0 for what
 * a field does not take: controls, C1, surrogates, out of range). */
static size_t utf8_encode(int c, char *b)
{
	if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) ||
	    (c >= 0xd800 && c < 0xe000) || c > 0x10ffff)
		return 0;
	if (c < 0x80) {
		b[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		b[0] = (char)(0xc0 | (c >> 6));
		b[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		b[0] = (char)(0xe0 | (c >> 12));
		b[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		b[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	b[0] = (char)(0xf0 | (c >> 18));
	b[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	b[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	b[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/* Editing keys common to text, secret and area fields. */
static enum input_rc text_input(struct form *f, struct field *fl, int key)
{
	int area = fl->kind == FIELD_AREA;
	char b[4];
	size_t n;

	switch (keys_lookup(keys_edit, key)) {
	case ACT_DEL_BACK:
		field_cut(fl, prev_char(fl, fl->cur), fl->cur);
		break;
	case ACT_DEL_FWD:
		field_cut(fl, fl->cur, next_char(fl, fl->cur));
		break;
	case ACT_LEFT:
		fl->cur = prev_char(fl, fl->cur);
		return INPUT_USED;
	case ACT_RIGHT:
		fl->cur = next_char(fl, fl->cur);
		return INPUT_USED;
	case ACT_LINE_START:
		fl->cur = area ? line_start(fl, fl->cur) : 0;
		return INPUT_USED;
	case ACT_LINE_END:
		fl->cur = area ? line_end(fl, fl->cur) : fl->len;
		return INPUT_USED;
	case ACT_KILL_START:
		field_cut(fl, area ? line_start(fl, fl->cur) : 0, fl->cur);
		break;
	case ACT_KILL_END:
		field_cut(fl, fl->cur, area ? line_end(fl, fl->cur) : fl->len);
		break;
	case ACT_PREV_FIELD:
	case ACT_NEXT_FIELD:
		if (area) {
			area_vertical(fl, key == UI_K(KEY_UP) ? -1 : 1);
			return INPUT_USED;
		}
		form_action(f, keys_lookup(keys_edit, key));
		return INPUT_USED;
	default:
		if (key & UI_FKEY)
			return INPUT_IGNORED;
		if (area && (key == '\r' || key == '\n')) {
			b[0] = '\n';
			n = 1;
		} else {
			n = utf8_encode(key, b);
			if (n == 0)
				return INPUT_IGNORED;
		}
		if (field_insert(fl, b, n) != 0) {
			beep();
			return INPUT_USED;
		}
		break;
	}
	fl->touched = 1;
	f->changed = 1;
	return INPUT_USED;
}

/* Keys of a choice field: cycle with Left/Right/Space. */
static enum input_rc choice_input(struct form *f, struct field *fl, int key)
{
	enum action act = keys_lookup(keys_edit, key);

	if (act == ACT_PREV_FIELD || act == ACT_NEXT_FIELD) {
		form_action(f, act);
		return INPUT_USED;
	}
	if (fl->nchoices == 0)
		return INPUT_IGNORED;
	if (act == ACT_LEFT)
		fl->choice = (fl->choice + fl->nchoices - 1) % fl->nchoices;
	else if (act == ACT_RIGHT || act == ACT_CYCLE)
		fl->choice = (fl->choice + 1) % fl->nchoices;
	else
		return (key & UI_FKEY) || key < 0x20 ? INPUT_IGNORED
						     : INPUT_USED;
	fl->touched = 1;
	f->changed = 1;
	return INPUT_USED;
}

/* Keys of a check box: Space toggles it. */
static enum input_rc check_input(struct form *f, struct field *fl, int key)
{
	enum action act = keys_lookup(keys_edit, key);

	if (act == ACT_PREV_FIELD || act == ACT_NEXT_FIELD) {
		form_action(f, act);
		return INPUT_USED;
	}
	if (act != ACT_CYCLE)
		return (key & UI_FKEY) || key < 0x20 ? INPUT_IGNORED
						     : INPUT_USED;
	fl->choice = !fl->choice;
	fl->touched = 1;
	f->changed = 1;
	return INPUT_USED;
}

enum input_rc form_input(struct form *f, int key)
{
	struct field *fl;

	if (f->n == 0)
		return INPUT_IGNORED;
	fl = &f->fields[f->focus];
	if (fl->hidden)
		return INPUT_IGNORED;
	if (fl->kind == FIELD_CHOICE)
		return choice_input(f, fl, key);
	if (fl->kind == FIELD_CHECK)
		return check_input(f, fl, key);
	return text_input(f, fl, key);
}

int form_action(struct form *f, enum action act)
{
	size_t i, k;

	if (f->n == 0 || (act != ACT_NEXT_FIELD && act != ACT_PREV_FIELD))
		return 0;
	i = f->focus;
	for (k = 0; k < f->n; k++) {
		if (act == ACT_NEXT_FIELD)
			i = (i + 1) % f->n;
		else
			i = (i + f->n - 1) % f->n;
		if (!f->fields[i].hidden)
			break;
	}
	f->focus = i;
	return 1;
}

/* Draws one single-line field's box at (y, x) of width w. */
static void draw_line_field(struct app *a, struct form *f, struct field *fl,
			    int focused, int y, int x, int w)
{
	attr_t at = theme_attr(focused ? ROLE_FOCUS : ROLE_FIELD);
	char buf[UI_LINE_MAX];
	size_t ccol, off, i, o, skip;

	(void)f;
	if (fl->kind == FIELD_CHOICE) {
		const char *c = fl->nchoices ? fl->choices[fl->choice] : "";

		ui_put(y, x, 2, at, 0, "< ");
		ui_put_untrusted(y, x + 2, w - 4, at, 1, c);
		ui_put(y, x + w - 2, 2, at, 0, " >");
		return;
	}
	/* Scroll horizontally so the cursor stays in the box. */
	ccol = fl->val ? chars_between(fl, 0, fl->cur) : 0;
	off = ccol >= (size_t)w ? ccol - (size_t)w + 1 : 0;
	o = 0;
	if (fl->kind == FIELD_SECRET) {
		size_t total = fl->val ? chars_between(fl, 0, fl->len) : 0;

		for (i = off; i < total && o + 1 < sizeof(buf); i++)
			buf[o++] = '*';
		buf[o] = '\0';
		ui_put(y, x, w, at, 1, buf);
	} else {
		skip = 0;
		for (i = 0; fl->val != NULL && i < fl->len && skip < off;
		     i = next_char(fl, i))
			skip++;
		ui_put_untrusted(y, x, w, at, 1, fl->val ? fl->val + i : "");
	}
	if (focused) {
		a->cursor_y = y;
		a->cursor_x = x + (int)(ccol - off);
	}
}

/* Draws a multi-line area with a border at (y, x), w wide; returns the
 * rows used. */
static int draw_area(struct app *a, struct form *f, struct field *fl,
		     int focused, int y, int x, int w, int maxy)
{
	int rows = fl->rows > 0 ? fl->rows : 4, r, inner = w - 4;
	size_t cur_line = 0, line = 0, i, ls, le, ccol, hoff;
	char buf[UI_LINE_MAX];
	attr_t at = theme_attr(focused ? ROLE_FOCUS : ROLE_NORMAL);

	if (rows > maxy - y - 2)
		rows = maxy - y - 2;
	if (rows < 1 || inner < 4)
		return 0;
	for (i = 0; i < fl->cur; i++)
		if (fl->val[i] == '\n')
			cur_line++;
	if (cur_line < fl->top_line)
		fl->top_line = cur_line;
	if (cur_line >= fl->top_line + (size_t)rows)
		fl->top_line = cur_line - (size_t)rows + 1;
	ccol = fl->val ? chars_between(fl, line_start(fl, fl->cur), fl->cur)
		       : 0;
	hoff = ccol >= (size_t)inner ? ccol - (size_t)inner + 1 : 0;

	mvaddch(y, x, ACS_ULCORNER);
	ui_hline(y, x + 1, w - 2);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	for (r = 0; r < rows; r++) {
		mvaddch(y + 1 + r, x, ACS_VLINE);
		ui_put(y + 1 + r, x + 1, w - 2, A_NORMAL, 1, "");
		mvaddch(y + 1 + r, x + w - 1, ACS_VLINE);
	}
	mvaddch(y + rows + 1, x, ACS_LLCORNER);
	ui_hline(y + rows + 1, x + 1, w - 2);
	mvaddch(y + rows + 1, x + w - 1, ACS_LRCORNER);

	/* Walk the lines, drawing the visible ones. */
	ls = 0;
	for (line = 0; fl->val != NULL && ls <= fl->len; line++) {
		size_t skip = 0, start;

		le = line_end(fl, ls);
		if (line >= fl->top_line &&
		    line < fl->top_line + (size_t)rows) {
			start = ls;
			while (start < le && skip < hoff) {
				start = next_char(fl, start);
				skip++;
			}
			snprintf(buf, sizeof(buf), "%.*s", (int)(le - start),
				 fl->val + start);
			if (f->mask != NULL)
				f->mask(f->mask_ud, buf);
			ui_put_untrusted(y + 1 + (int)(line - fl->top_line),
					 x + 2, inner, at, 0, buf);
			OPENSSL_cleanse(buf, sizeof(buf));
		}
		if (le >= fl->len)
			break;
		ls = le + 1;
	}
	if (focused) {
		a->cursor_y = y + 1 + (int)(cur_line - fl->top_line);
		a->cursor_x = x + 2 + (int)(ccol - hoff);
	}
	return rows + 2;
}

/* Draws a check box and its caption (wrapped) at (y, x), w wide;
 * returns the rows used. */
static int draw_check(struct app *a, struct field *fl, int focused, int y,
		      int x, int w, int maxy)
{
	attr_t at = theme_attr(focused ? ROLE_FOCUS : ROLE_FIELD);
	int rows;

	ui_put(y, x, 3, at, 0, fl->choice ? "[x]" : "[ ]");
	rows = ui_put_wrapped(y, x + 4, w - 4, maxy, A_NORMAL, 0,
			      fl->val ? fl->val : "");
	if (focused) {
		a->cursor_y = y;
		a->cursor_x = x + 1;
	}
	return rows > 0 ? rows : 1;
}

int form_draw(struct app *a, struct form *f, int y, int x, int w, int maxy)
{
	size_t i;
	int lw = f->label_w, fw = w - lw - 1;

	for (i = 0; i < f->n && y < maxy; i++) {
		struct field *fl = &f->fields[i];
		int focused = i == f->focus;

		if (fl->hidden)
			continue;
		ui_put(y, x, fl->kind == FIELD_AREA ? w : lw,
		       theme_attr(focused ? ROLE_HEADING : ROLE_NORMAL), 1,
		       _(fl->label));
		if (fl->kind == FIELD_AREA) {
			y += 1 +
			     draw_area(a, f, fl, focused, y + 1, x, w, maxy);
		} else if (fl->kind == FIELD_CHECK) {
			y += draw_check(a, fl, focused, y, x + lw + 1, fw,
					maxy);
		} else {
			draw_line_field(a, f, fl, focused, y, x + lw + 1, fw);
			y++;
		}
		/* Wrapped: a CA's refusal or a domain error is read in
		 * full, at any width. */
		if (fl->msg[0] != '\0' && y < maxy)
			y += ui_put_wrapped(y, x + lw + 1, fw, maxy,
					    theme_attr(fl->msg_bad ? ROLE_BAD
								   : ROLE_DIM),
					    0, fl->msg);
	}
	return y;
}

void form_clear(struct form *f)
{
	size_t i;

	if (f == NULL || f->fields == NULL)
		return;
	for (i = 0; i < f->n; i++)
		field_wipe(&f->fields[i]);
}
