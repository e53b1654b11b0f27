/* SPDX-License-Identifier: ISC */
/* fuzz_directory.c - libFuzzer harness for directory_parse(): a hostile
 * or broken ACME directory must be rejected cleanly or give URLs on the
 * directory's origin. */
#include "config.h"

#include "acme/directory.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct url_policy p = fuzz_policy();
	struct acme_directory d = { 0 };
	struct err e = { 0 };
	size_t i;

	if (directory_parse((const char *)data, size, &p, &d, &e) == RC_OK) {
		FUZZ_CHECK(d.new_nonce && d.new_account && d.new_order);
		FUZZ_CHECK(url_same_origin(d.new_nonce, FUZZ_ORIGIN));
		FUZZ_CHECK(url_same_origin(d.new_account, FUZZ_ORIGIN));
		FUZZ_CHECK(url_same_origin(d.new_order, FUZZ_ORIGIN));
		FUZZ_CHECK(d.caa_identities != NULL);
		FUZZ_CHECK(d.n_caa <= DIR_CAA_MAX);
		FUZZ_CHECK(d.caa_identities[d.n_caa] == NULL);
		FUZZ_CHECK(d.n_profiles <= DIR_PROFILES_MAX);
		for (i = 0; i < d.n_profiles; i++) {
			FUZZ_CHECK(strlen(d.profiles[i].name) <=
				   DIR_PROFILE_NAME_MAX);
			fuzz_check_clean(d.profiles[i].description);
			FUZZ_CHECK(directory_profile(&d, d.profiles[i].name) ==
				   &d.profiles[i]);
		}
		FUZZ_CHECK(d.raw != NULL && strlen(d.raw) <= size);
		(void)directory_caps(&d);
	} else {
		FUZZ_CHECK(e.rc != RC_OK);
	}
	fuzz_check_err(&e);
	directory_clear(&d);
	return 0;
}
