/* SPDX-License-Identifier: ISC */
/* fuzz_authz.c - libFuzzer harness for acme_authz_parse(): challenge
 * tokens become file names and DNS records, so every accepted one must
 * be base64url. */
#include "config.h"

#include "acme/authz.h"
#include "util/b64url.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct url_policy p = fuzz_policy();
	struct acme_authz a = { 0 };
	struct err e = { 0 }, fe = { 0 };
	size_t i;

	if (acme_authz_parse((const char *)data, size,
			     FUZZ_ORIGIN "/acme/authz/1", &p, &a,
			     &e) == RC_OK) {
		FUZZ_CHECK(a.url != NULL);
		FUZZ_CHECK(a.n_chals <= AUTHZ_CHALLENGES_MAX);
		for (i = 0; i < a.n_chals; i++) {
			const struct acme_challenge *c = &a.chals[i];

			FUZZ_CHECK(c->type != NULL);
			FUZZ_CHECK(strlen(c->type) <= CHALLENGE_TYPE_MAX);
			FUZZ_CHECK(url_same_origin(c->url, FUZZ_ORIGIN));
			if (c->token != NULL)
				FUZZ_CHECK(b64url_is_token(c->token,
							   strlen(c->token)));
			if (c->has_error)
				fuzz_check_clean(c->error.summary);
		}
		(void)acme_authz_challenge(&a, "http-01");
		FUZZ_CHECK(acme_authz_failure(&a, &fe) == RC_CA);
		fuzz_check_err(&fe);
	} else {
		FUZZ_CHECK(e.rc != RC_OK);
	}
	fuzz_check_err(&e);
	acme_authz_clear(&a);
	return 0;
}
