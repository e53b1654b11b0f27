/* SPDX-License-Identifier: ISC */
/* safe.h - escape untrusted text before it reaches a terminal or a log. */
#ifndef ACMETUI_SAFE_H
#define ACMETUI_SAFE_H

#include <stddef.h>

/* Copies src[0..len) into dst (size dstsz, always NUL-terminated) as one
 * printable line: CR, LF and TAB become spaces; other C0 controls, DEL,
 * C1 controls (raw or UTF-8 encoded) and bytes that are not well-formed
 * UTF-8 become visible "\xNN" escapes.  Output that does not fit is cut
 * at a character boundary and ends in "...".  Returns dst. */
char *safe_line(char *dst, size_t dstsz, const char *src, size_t len);

/* Same as safe_line for a NUL-terminated string into a new allocation
 * (caller frees); NULL src gives "".  Returns NULL when out of memory. */
char *safe_dup(const char *src);

/* Returns 1 when s is a plain name an operator picks for a certificate
 * or account: 1 to max characters, letters, digits, '.', '-' and '_'
 * only, so it stays one shell word and one screen cell each. */
int safe_name_ok(const char *s, size_t max);

/* Returns 1 when s contains nothing safe_line() would change. */
int safe_is_clean(const char *s);

#endif
