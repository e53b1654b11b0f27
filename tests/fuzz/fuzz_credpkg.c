/* SPDX-License-Identifier: ISC */
/* fuzz_credpkg.c - libFuzzer harness for credpkg_parse(): pasted e-mails
 * and JSON from a CA, including the CaaS API's {"Accounts": [...]} list
 * (picked by account id when the input's first byte says so).  The HMAC
 * key must never reach the error text. */
#include "config.h"

#include "parse/credpkg.h"
#include "util/b64url.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct credpkg p = { 0 };
	struct err e = { 0 }, re = { 0 };

	/* An odd first byte: pick the account "acct-2" of a list. */
	const char *pick = size > 0 && (data[0] & 1) ? "acct-2" : NULL;

	if (credpkg_parse_pick((const char *)data, size, pick, &p, &e) ==
	    RC_OK) {
		if (pick != NULL)
			FUZZ_CHECK(p.account_id != NULL &&
				   strcmp(p.account_id, pick) == 0);
		FUZZ_CHECK((p.eab_kid != NULL) == (p.eab_hmac != NULL));
		FUZZ_CHECK(p.eab_hmac != NULL || p.server_url != NULL);
		if (p.eab_hmac != NULL) {
			FUZZ_CHECK(b64url_is_token(p.eab_hmac,
						   strlen(p.eab_hmac)));
			FUZZ_CHECK(strlen(p.eab_hmac) <= CREDPKG_HMAC_TEXT_MAX);
		}
		if (p.server_url != NULL)
			FUZZ_CHECK(strlen(p.server_url) <= CREDPKG_URL_MAX);
		(void)credpkg_require(
			&p,
			CREDPKG_NEED_ACCOUNT_ID | CREDPKG_NEED_EAB |
				CREDPKG_NEED_URL | CREDPKG_NEED_EMAIL,
			&re);
		fuzz_check_err(&re);
	} else {
		FUZZ_CHECK(e.rc != RC_OK);
		FUZZ_CHECK(p.account_id == NULL && p.eab_kid == NULL &&
			   p.eab_hmac == NULL && p.server_url == NULL &&
			   p.email == NULL);
	}
	fuzz_check_err(&e);
	credpkg_clear(&p);
	return 0;
}
