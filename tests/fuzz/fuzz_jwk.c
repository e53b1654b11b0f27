/* SPDX-License-Identifier: ISC */
/* fuzz_jwk.c - libFuzzer harness for jwk_private_import(): certbot's
 * accounts/.../private_key.json.  A key comes back only when it is a
 * consistent pair of a supported type; no key material reaches e. */
#include "config.h"

#include "crypto/key.h"
#include "migrate/jwk.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e = { 0 };
	EVP_PKEY *k = jwk_private_import((const char *)data, size, &e);

	if (k != NULL)
		FUZZ_CHECK(key_type_of(k) != KEY__INVALID);
	else
		FUZZ_CHECK(e.rc != RC_OK);
	fuzz_check_err(&e);
	EVP_PKEY_free(k);
	return 0;
}
