/* SPDX-License-Identifier: ISC */
/* fuzz_b64url.c - libFuzzer harness for base64url: whatever decodes must
 * re-encode to the same text (the decoder rejects non-canonical input;
 * '=' padding at the end is the one tolerated difference), and any bytes
 * survive an encode/decode round trip. */
#include "config.h"

#include "util/b64url.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	unsigned char *dec = NULL, *back = NULL;
	char *enc = NULL, *enc2 = NULL;
	size_t dlen = 0, blen = 0, slen = size;

	dec = b64url_decode(s, size, &dlen);
	if (dec != NULL) {
		while (slen > 0 && s[slen - 1] == '=')
			slen--;
		FUZZ_CHECK(dec[dlen] == '\0');
		enc = b64url_encode(dec, dlen);
		FUZZ_CHECK(enc != NULL);
		FUZZ_CHECK(strlen(enc) == slen && memcmp(enc, s, slen) == 0);
		FUZZ_CHECK(b64url_is_token(s, slen) == (slen > 0));
	}

	enc2 = b64url_encode(data, size);
	FUZZ_CHECK(enc2 != NULL);
	FUZZ_CHECK(b64url_is_token(enc2, strlen(enc2)) == (size > 0));
	back = b64url_decode(enc2, strlen(enc2), &blen);
	FUZZ_CHECK(back != NULL && blen == size);
	FUZZ_CHECK(size == 0 || memcmp(back, data, size) == 0);

	free(back);
	free(enc2);
	free(enc);
	free(dec);
	return 0;
}
