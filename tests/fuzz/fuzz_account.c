/* SPDX-License-Identifier: ISC */
/* fuzz_account.c - libFuzzer harness for acme_account_parse(). */
#include "config.h"

#include "acme/account.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct url_policy p = fuzz_policy();
	struct acme_account a = { 0 };
	struct err e = { 0 };

	if (acme_account_parse((const char *)data, size,
			       FUZZ_ORIGIN "/acme/acct/1", &p, &a,
			       &e) == RC_OK) {
		FUZZ_CHECK(a.url != NULL);
		FUZZ_CHECK(a.contacts != NULL);
		FUZZ_CHECK(a.contacts[a.n_contacts] == NULL);
		if (a.orders_url != NULL)
			FUZZ_CHECK(url_is_https(a.orders_url));
	} else {
		FUZZ_CHECK(e.rc != RC_OK);
		FUZZ_CHECK(a.url == NULL && a.contacts == NULL);
	}
	fuzz_check_err(&e);
	acme_account_clear(&a);
	return 0;
}
