/* SPDX-License-Identifier: ISC */
/* fuzz_pem.c - libFuzzer harness for pem_split_certs() and
 * cert_info_parse() on each block: certificate chains from a CA. */
#include "config.h"

#include "crypto/cert.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char **certs = NULL;
	size_t n = 0, i, j;
	struct err e = { 0 };

	if (pem_split_certs((const char *)data, size, &certs, &n, &e) !=
	    RC_OK) {
		FUZZ_CHECK(certs == NULL && n == 0 && e.rc != RC_OK);
		fuzz_check_err(&e);
		return 0;
	}
	FUZZ_CHECK(n >= 1 && n <= CERT_CHAIN_MAX_CERTS);
	for (i = 0; i < n; i++) {
		struct cert_info ci = { 0 };
		struct err ce = { 0 };
		size_t len = strlen(certs[i]);

		FUZZ_CHECK(len > 0 && certs[i][len - 1] == '\n');
		/* A block that decodes may still carry fields the
		 * inventory refuses (an invalid validity time): then it
		 * fails cleanly and leaves ci empty. */
		if (cert_info_parse(certs[i], len, &ci, &ce) == RC_OK) {
			FUZZ_CHECK(ci.serial != NULL && ci.issuer != NULL);
			for (j = 0; j < ci.n_sans; j++)
				FUZZ_CHECK(ci.sans[j] != NULL);
		} else {
			FUZZ_CHECK(ce.rc != RC_OK && ci.serial == NULL &&
				   ci.sans == NULL && ci.issuer == NULL);
		}
		fuzz_check_err(&ce);
		cert_info_clear(&ci);
	}
	pem_certs_free(certs, n);
	return 0;
}
