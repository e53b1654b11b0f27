/* SPDX-License-Identifier: ISC */
/* fuzz_order.c - libFuzzer harness for acme_order_parse(). */
#include "config.h"

#include "acme/order.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct url_policy p = fuzz_policy();
	struct acme_order o = { 0 };
	struct err e = { 0 };
	size_t i;

	if (acme_order_parse((const char *)data, size,
			     FUZZ_ORIGIN "/acme/order/1", &p, &o,
			     &e) == RC_OK) {
		FUZZ_CHECK(o.url != NULL);
		FUZZ_CHECK(o.n_idents <= ORDER_IDENTS_MAX);
		FUZZ_CHECK(o.authz_urls != NULL);
		FUZZ_CHECK(o.authz_urls[o.n_authz] == NULL);
		for (i = 0; i < o.n_authz; i++)
			FUZZ_CHECK(
				url_same_origin(o.authz_urls[i], FUZZ_ORIGIN));
		if (o.finalize_url != NULL)
			FUZZ_CHECK(
				url_same_origin(o.finalize_url, FUZZ_ORIGIN));
		if (o.cert_url != NULL)
			FUZZ_CHECK(url_same_origin(o.cert_url, FUZZ_ORIGIN));
		if (o.has_error) {
			FUZZ_CHECK(o.error.summary != NULL);
			fuzz_check_clean(o.error.summary);
		}
	} else {
		FUZZ_CHECK(e.rc != RC_OK);
	}
	fuzz_check_err(&e);
	acme_order_clear(&o);
	return 0;
}
