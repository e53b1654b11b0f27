/* SPDX-License-Identifier: ISC */
/* fuzz_safe.c - libFuzzer harness for safe_line() and safe_dup(): the
 * output never holds a control byte (C0, DEL, or C1 encoded in UTF-8),
 * always fits and is always NUL-terminated.  The first two input bytes
 * choose the destination size, so truncation paths are covered. */
#include "config.h"

#include "fuzz.h"

#define FUZZ_DST_MAX 1024

/* s is a clean line: no C0 or DEL byte, no UTF-8 encoded C1 control. */
static void check_line(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i;

	for (i = 0; u[i] != '\0'; i++) {
		FUZZ_CHECK(u[i] >= 0x20 && u[i] != 0x7f);
		if (u[i] == 0xc2)
			FUZZ_CHECK(!(u[i + 1] >= 0x80 && u[i + 1] <= 0x9f));
	}
	FUZZ_CHECK(safe_is_clean(s));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *dst = NULL, *dup = NULL, *cstr = NULL;
	size_t dstsz;

	if (size < 2)
		return 0;
	dstsz = ((size_t)data[0] << 8 | data[1]) % FUZZ_DST_MAX + 1;
	data += 2;
	size -= 2;

	/* Exactly dstsz bytes, so ASan catches a write past the end. */
	dst = malloc(dstsz);
	if (dst == NULL)
		abort();
	FUZZ_CHECK(safe_line(dst, dstsz, (const char *)data, size) == dst);
	FUZZ_CHECK(strnlen(dst, dstsz) < dstsz);
	check_line(dst);

	cstr = fuzz_cstr(data, size);
	dup = safe_dup(cstr);
	FUZZ_CHECK(dup != NULL);
	check_line(dup);
	/* Without truncation nothing is lost: a clean input is unchanged. */
	if (safe_is_clean(cstr))
		FUZZ_CHECK(strcmp(dup, cstr) == 0);

	free(dup);
	free(cstr);
	free(dst);
	return 0;
}
