/* SPDX-License-Identifier: ISC */
/* draw.h - putting text on the screen safely, and formatting times.
 *
 * ui_put() draws text we made (labels, numbers, already escaped strings)
 * clipped to a width in columns; ui_put_untrusted() first runs text from
 * the inventory, a server, a hook or a file through safe_line(), so that
 * an escape sequence in a CA's error message is shown as "\x1b[31m" and
 * never reaches the terminal.  Everything from outside goes through the
 * latter. */
#ifndef ACMETUI_UI_DRAW_H
#define ACMETUI_UI_DRAW_H

#include <stddef.h>
#include <stdint.h>

#include <curses.h>

/* Longest line any screen draws, in bytes (wide terminals included). */
#define UI_LINE_MAX 2048

/* Draws the UTF-8 text s at (y, x), at most w columns, with attr; when
 * pad is set, fills the rest of the w columns with spaces.  Characters
 * that the locale cannot show (an ASCII terminal) become '?'.  Returns
 * the columns used. */
int ui_put(int y, int x, int w, attr_t attr, int pad, const char *s);

/* ui_put() of safe_line(s) (s NULL: ""). */
int ui_put_untrusted(int y, int x, int w, attr_t attr, int pad, const char *s);

/* The first line of the wrapped text s (len bytes) at w columns: its
 * length in bytes, broken after the last space that fits, or inside a
 * word longer than w; *next gets the bytes to skip to the following
 * line (the line and the space it broke at).  s is already printable. */
size_t ui_wrap_line(const char *s, size_t len, int w, size_t *next);

/* Rows the text s needs when wrapped at w columns (at least 1): every
 * '\n' starts a new paragraph; each paragraph is escaped first. */
int ui_wrap_rows(const char *s, int w);

/* Draws the text s from outside wrapped at w columns from (y, x): the
 * rows from skip on, not at or below row maxy; every paragraph ('\n')
 * escaped (safe_line) first.  Returns the rows drawn. */
int ui_put_wrapped(int y, int x, int w, int maxy, attr_t attr, int skip,
		   const char *s);

/* printf then ui_put(); for our own formats only. */
int ui_printf(int y, int x, int w, attr_t attr, int pad, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Display columns of a UTF-8 string (invalid bytes count 1). */
int ui_width(const char *s);

/* "23d 04h", "5h 02m", "12m 30s"; negative spans get a leading '-'. */
char *ui_countdown(int64_t secs, char *out, size_t sz);

/* "3h ago", "2d ago", "just now" for a time in the past. */
char *ui_ago(int64_t when, int64_t now, char *out, size_t sz);

/* "2026-11-01 14:03" (UTC), or "-" for 0. */
char *ui_date(int64_t when, char *out, size_t sz);

/* A horizontal line from (y, x), w columns (ACS, ASCII fallback). */
void ui_hline(int y, int x, int w);

/* Copies the hostname of an https URL into out ("" when none). */
void ui_url_host(const char *url, char *out, size_t sz);

#endif
