/* SPDX-License-Identifier: ISC */
/* fuzz_domain.c - libFuzzer harness for domain_normalize(): what it
 * accepts is a normal form (normalizing it again changes nothing). */
#include "config.h"

#include "parse/domain.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_cstr(data, size);
	char out[DOMAIN_BUFSZ], again[DOMAIN_BUFSZ], twin[DOMAIN_BUFSZ];
	enum domain_kind kind, kind2;
	struct err e = { 0 }, e2 = { 0 };
	size_t i;

	if (domain_normalize(in, out, sizeof(out), &kind, &e) == RC_OK) {
		FUZZ_CHECK(out[0] != '\0' && strlen(out) <= DOMAIN_NAME_MAX);
		for (i = 0; out[i] != '\0'; i++)
			FUZZ_CHECK(out[i] > 0x20 && out[i] < 0x7f &&
				   !(out[i] >= 'A' && out[i] <= 'Z'));
		FUZZ_CHECK(domain_normalize(out, again, sizeof(again), &kind2,
					    &e2) == RC_OK);
		FUZZ_CHECK(strcmp(out, again) == 0 && kind == kind2);
		if (domain_www_twin(out, twin, sizeof(twin)))
			FUZZ_CHECK(kind == DOMAIN_DNS &&
				   !domain_is_wildcard(out));
		else
			FUZZ_CHECK(twin[0] == '\0');
		FUZZ_CHECK(strlen(domain_base(out)) <= strlen(out));
	} else {
		FUZZ_CHECK(e.rc == RC_INPUT && out[0] == '\0');
	}
	fuzz_check_err(&e);
	free(in);
	return 0;
}
