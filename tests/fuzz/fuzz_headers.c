/* SPDX-License-Identifier: ISC */
/* fuzz_headers.c - libFuzzer harness for the ACME response header
 * parsers: Link, Retry-After and Replay-Nonce, each fed the whole input
 * as one header value. */
#include "config.h"

#include "acme/headers.h"
#include "util/b64url.h"
#include "fuzz.h"

/* A fixed "now" (2026-01-01) so runs are reproducible. */
#define FUZZ_NOW_MS INT64_C(1767225600123)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *v = (const char *)data;
	struct hdr_links l = { 0 };
	int64_t wait = 0;
	size_t i;

	FUZZ_CHECK(hdr_link_parse(v, size, &l) == 0);
	FUZZ_CHECK(l.n_alternate <= HDR_ALTERNATES_MAX);
	for (i = 0; i < l.n_alternate; i++)
		FUZZ_CHECK(l.alternate[i] != NULL);
	/* A second value adds to the same set, as curl hands them over. */
	FUZZ_CHECK(hdr_link_parse(v, size, &l) == 0);
	FUZZ_CHECK(l.n_alternate <= HDR_ALTERNATES_MAX);
	hdr_links_clear(&l);
	FUZZ_CHECK(l.up == NULL && l.index == NULL && l.n_alternate == 0);

	if (hdr_retry_after(v, size, FUZZ_NOW_MS, &wait) == 0)
		FUZZ_CHECK(wait >= 0 &&
			   wait <= (int64_t)HDR_RETRY_AFTER_MAX * 1000);

	if (hdr_nonce_valid(v, size))
		FUZZ_CHECK(size > 0 && size <= HDR_NONCE_MAX &&
			   b64url_is_token(v, size));
	return 0;
}
