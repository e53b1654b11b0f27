/* SPDX-License-Identifier: ISC */
/* fuzz.h - shared bits of the libFuzzer harnesses: the URL policy the
 * ACME object parsers run under, a checked assertion that survives
 * NDEBUG, and a NUL-terminated copy of the input for parsers that take C
 * strings. */
#ifndef ACMETUI_FUZZ_H
#define ACMETUI_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/url.h"
#include "util/err.h"
#include "util/safe.h"

#define FUZZ_ORIGIN "https://ca.example"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts (a crash libFuzzer records) when an invariant does not hold. */
#define FUZZ_CHECK(cond) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", \
				__FILE__, __LINE__, #cond); \
			abort(); \
		} \
	} while (0)

/* The policy every server-supplied URL is checked against: same origin
 * as the directory, as for a CA without extra origins. */
static inline struct url_policy fuzz_policy(void)
{
	struct url_policy p = { FUZZ_ORIGIN, 0 };

	return p;
}

/* A new NUL-terminated copy of data (caller frees); aborts when out of
 * memory, which libFuzzer's -rss_limit reports anyway. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Every detail that reaches e must already be one clean line. */
static inline void fuzz_check_err(const struct err *e)
{
	FUZZ_CHECK(strnlen(e->msg, ERR_MSG_MAX) < ERR_MSG_MAX);
	FUZZ_CHECK(safe_is_clean(e->msg));
}

/* s (may be NULL) is printable as is. */
static inline void fuzz_check_clean(const char *s)
{
	if (s != NULL)
		FUZZ_CHECK(safe_is_clean(s));
}

#endif
