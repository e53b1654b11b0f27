/* SPDX-License-Identifier: ISC */
/* draw.c - clipped, escaped text output and time formatting (draw.h). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "ui/draw.h"
#include "util/i18n.h"
#include "util/safe.h"
#include "util/utctime.h"

/* Decodes the next character of s (len bytes left) into *wc and its
 * column count into *cw; returns the bytes it took (at least 1).  What
 * the locale cannot decode or show is a '?' of width 1. */
static size_t next_char(const char *s, size_t len, mbstate_t *ps, wchar_t *wc,
			int *cw)
{
	size_t n = mbrtowc(wc, s, len, ps);

	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		memset(ps, 0, sizeof(*ps));
		*wc = L'?';
		*cw = 1;
		return 1;
	}
	*cw = wcwidth(*wc);
	if (*cw < 0 || *wc < 0x20 || *wc == 0x7f) {
		*wc = L'?';
		*cw = 1;
	}
	return n;
}

int ui_put(int y, int x, int w, attr_t attr, int pad, const char *s)
{
	mbstate_t ps;
	size_t len, n;
	wchar_t wc;
	int used = 0, cw;

	if (s == NULL)
		s = "";
	if (w <= 0 || y < 0 || y >= LINES || x < 0 || x >= COLS)
		return 0;
	if (x + w > COLS)
		w = COLS - x;
	memset(&ps, 0, sizeof(ps));
	len = strlen(s);
	attrset(attr);
	move(y, x);
	while (len > 0) {
		n = next_char(s, len, &ps, &wc, &cw);
		if (used + cw > w)
			break;
		addnwstr(&wc, 1);
		used += cw;
		s += n;
		len -= n;
	}
	for (; pad && used < w; used++)
		addch(' ');
	attrset(A_NORMAL);
	return used;
}

int ui_put_untrusted(int y, int x, int w, attr_t attr, int pad, const char *s)
{
	char buf[UI_LINE_MAX];

	safe_line(buf, sizeof(buf), s ? s : "", s ? strlen(s) : 0);
	return ui_put(y, x, w, attr, pad, buf);
}

size_t ui_wrap_line(const char *s, size_t len, int w, size_t *next)
{
	mbstate_t ps;
	size_t off = 0, n, brk = 0;
	wchar_t wc;
	int used = 0, cw;

	memset(&ps, 0, sizeof(ps));
	while (off < len) {
		n = next_char(s + off, len - off, &ps, &wc, &cw);
		if (used + cw > w && off > 0) {
			if (brk > 0) {
				*next = brk + 1;
				return brk;
			}
			*next = off;
			return off;
		}
		if (wc == L' ')
			brk = off;
		used += cw;
		off += n;
	}
	*next = len;
	return len;
}

/* Calls fn for each wrapped row of s at w columns (escaped per
 * paragraph); stops when fn returns nonzero.  Returns the rows seen. */
static int wrap_each(const char *s, int w,
		     int (*fn)(void *ud, int row, const char *line, size_t len),
		     void *ud)
{
	const char *p = s ? s : "";
	char *para = NULL, *buf = NULL;
	size_t plen, off, len, next, blen;
	int row = 0, stop = 0;

	if (w < 1)
		w = 1;
	for (;;) {
		plen = strcspn(p, "\n");
		/* A paragraph of any length: messages are read in full. */
		para = strndup(p, plen);
		buf = para ? safe_dup(para) : NULL;
		free(para);
		if (buf == NULL)
			return row;
		blen = strlen(buf);
		off = 0;
		do {
			len = ui_wrap_line(buf + off, blen - off, w, &next);
			if (fn != NULL && fn(ud, row, buf + off, len))
				stop = 1;
			row++;
			off += next;
		} while (off < blen && !stop);
		free(buf);
		if (stop || p[plen] == '\0')
			break;
		p += plen + 1;
	}
	return row;
}

int ui_wrap_rows(const char *s, int w)
{
	return wrap_each(s, w, NULL, NULL);
}

struct wrap_draw {
	int y, x, w, maxy, skip, drawn;
	attr_t attr;
};

static int wrap_draw_row(void *ud, int row, const char *line, size_t len)
{
	struct wrap_draw *d = ud;
	char *one;

	if (row < d->skip)
		return 0;
	if (d->y + d->drawn >= d->maxy)
		return 1;
	one = strndup(line, len);
	ui_put(d->y + d->drawn, d->x, d->w, d->attr, 0, one ? one : "");
	free(one);
	d->drawn++;
	return 0;
}

int ui_put_wrapped(int y, int x, int w, int maxy, attr_t attr, int skip,
		   const char *s)
{
	struct wrap_draw d = { y, x, w, maxy, skip, 0, attr };

	wrap_each(s, w, wrap_draw_row, &d);
	return d.drawn;
}

int ui_printf(int y, int x, int w, attr_t attr, int pad, const char *fmt, ...)
{
	char buf[UI_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return ui_put(y, x, w, attr, pad, buf);
}

int ui_width(const char *s)
{
	mbstate_t ps;
	size_t len, n;
	wchar_t wc;
	int used = 0, cw;

	memset(&ps, 0, sizeof(ps));
	len = s ? strlen(s) : 0;
	while (len > 0) {
		n = next_char(s, len, &ps, &wc, &cw);
		used += cw;
		s += n;
		len -= n;
	}
	return used;
}

char *ui_countdown(int64_t secs, char *out, size_t sz)
{
	/* Past times keep their sign: "expired 2d ago" reads as -2d. */
	const char *sign = secs < 0 ? "-" : "";
	int64_t a = secs < 0 ? -secs : secs;

	if (a >= 86400)
		snprintf(out, sz, "%s%lldd %02lldh", sign,
			 (long long)(a / 86400), (long long)(a % 86400 / 3600));
	else if (a >= 3600)
		snprintf(out, sz, "%s%lldh %02lldm", sign,
			 (long long)(a / 3600), (long long)(a % 3600 / 60));
	else
		snprintf(out, sz, "%s%lldm %02llds", sign, (long long)(a / 60),
			 (long long)(a % 60));
	return out;
}

char *ui_ago(int64_t when, int64_t now, char *out, size_t sz)
{
	int64_t d = now - when;

	if (when == 0)
		snprintf(out, sz, "-");
	else if (d < 60)
		snprintf(out, sz, "%s", _("just now"));
	else if (d < 3600)
		snprintf(out, sz, _("%lldm ago"), (long long)(d / 60));
	else if (d < 86400)
		snprintf(out, sz, _("%lldh ago"), (long long)(d / 3600));
	else
		snprintf(out, sz, _("%lldd ago"), (long long)(d / 86400));
	return out;
}

char *ui_date(int64_t when, char *out, size_t sz)
{
	if (when == 0 || utc_text(when, UTC_DATE_TIME, out, sz) == NULL)
		snprintf(out, sz, "-");
	return out;
}

void ui_hline(int y, int x, int w)
{
	if (y < 0 || y >= LINES || x >= COLS || w <= 0)
		return;
	if (x + w > COLS)
		w = COLS - x;
	mvhline(y, x, ACS_HLINE, w);
}

void ui_url_host(const char *url, char *out, size_t sz)
{
	const char *p, *end;
	size_t n;

	if (sz == 0)
		return;
	out[0] = '\0';
	if (url == NULL)
		return;
	p = strstr(url, "://");
	p = p ? p + 3 : url;
	end = p + strcspn(p, "/?#");
	n = (size_t)(end - p);
	if (n >= sz)
		n = sz - 1;
	memcpy(out, p, n);
	out[n] = '\0';
}
