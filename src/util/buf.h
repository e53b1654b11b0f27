/* SPDX-License-Identifier: ISC */
/* buf.h - a growable byte buffer with a hard size cap (after curl's
 * dynbuf): anything filled from the network or a file gets a named limit. */
#ifndef ACMETUI_BUF_H
#define ACMETUI_BUF_H

#include <stddef.h>

struct buf {
	char *data; /* NUL-terminated after every append; owned */
	size_t len;
	size_t cap; /* allocated bytes */
	size_t max; /* append fails beyond this many bytes (toobig) */
};

/* Initializes an empty buffer that may grow to max bytes. */
void buf_init(struct buf *b, size_t max);

/* Appends n bytes.  Returns 0, or -1 when out of memory or the result
 * would exceed b->max (the buffer is then left unchanged). */
int buf_append(struct buf *b, const void *p, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Hands the contents (NUL-terminated; "" when empty) to the caller, who
 * frees it; the buffer is left empty.  NULL when out of memory. */
char *buf_take(struct buf *b);

/* Releases the memory (wiping it first: buffers may hold secrets) and
 * leaves b empty and reusable with the same max.  Safe on a zeroed buf. */
void buf_clear(struct buf *b);

#endif
