/* SPDX-License-Identifier: ISC */
/* safe.c - "escape at the glass": one routine that every untrusted string
 * passes through before a terminal or a log sees it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/safe.h"

/* Length of the well-formed UTF-8 sequence at s (at most n bytes), or 0
 * when it is malformed, overlong, a surrogate, above U+10FFFF or a C1
 * control (U+0080..U+009F). */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
	unsigned cp;
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff ||
	    (cp >= 0x80 && cp <= 0x9f))
		return 0;
	return len;
}

char *safe_line(char *dst, size_t dstsz, const char *src, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)src;
	size_t o = 0, i = 0;

	if (dstsz == 0)
		return dst;
	while (i < len) {
		char tmp[5];
		size_t tn, seq = utf8_seq_len(s + i, len - i);
		unsigned char c = s[i];

		if (seq == 1 && (c == '\n' || c == '\r' || c == '\t')) {
			tmp[0] = ' ';
			tn = 1;
		} else if (seq == 0 || (seq == 1 && (c < 0x20 || c == 0x7f))) {
			tmp[0] = '\\', tmp[1] = 'x';
			tmp[2] = hex[c >> 4], tmp[3] = hex[c & 15];
			tn = 4, seq = 1;
		} else {
			memcpy(tmp, s + i, seq);
			tn = seq;
		}
		if (o + tn + 4 > dstsz && i + seq < len) {
			/* Not room for this and a "..." tail: finish. */
			if (o + 4 <= dstsz) {
				memcpy(dst + o, "...", 3);
				o += 3;
			}
			break;
		}
		if (o + tn >= dstsz)
			break;
		memcpy(dst + o, tmp, tn);
		o += tn;
		i += seq;
	}
	dst[o] = '\0';
	return dst;
}

char *safe_dup(const char *src)
{
	size_t len = src ? strlen(src) : 0;
	size_t cap = len * 4 + 4; /* worst case: every byte escaped */
	char *dst = malloc(cap);

	if (dst == NULL)
		return NULL;
	return safe_line(dst, cap, src ? src : "", len);
}

int safe_is_clean(const char *s)
{
	size_t n = strlen(s), i = 0;

	while (i < n) {
		size_t seq = utf8_seq_len((const unsigned char *)s + i, n - i);

		if (seq == 0 || (seq == 1 && (s[i] < 0x20 || s[i] == 0x7f)))
			return 0;
		i += seq;
	}
	return 1;
}

int safe_name_ok(const char *s, size_t max)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > max)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' ||
		      ch == '_'))
			return 0;
	}
	return 1;
}
