/* SPDX-License-Identifier: ISC */
/* fuzz_shconf.c - libFuzzer harness for shconf_parse(): acme.sh's
 * DOMAIN.conf and ca.conf, read without a shell.  Every value that comes
 * back is one printable line. */
#include "config.h"

#include "migrate/shconf.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct confobj c = { 0 };
	struct err e = { 0 };
	size_t i;

	if (shconf_parse((const char *)data, size, &c, &e) == RC_OK) {
		FUZZ_CHECK(c.n <= CONFOBJ_KEYS_MAX);
		for (i = 0; i < c.n; i++) {
			fuzz_check_clean(c.v[i].value);
			FUZZ_CHECK(strchr(c.v[i].value, '\n') == NULL);
			FUZZ_CHECK(shconf_get(&c, c.v[i].key) != NULL);
			FUZZ_CHECK(c.v[i].section[0] == '\0');
		}
	} else {
		FUZZ_CHECK(e.rc == RC_INPUT && c.n == 0 && c.v == NULL);
	}
	fuzz_check_err(&e);
	confobj_clear(&c);
	return 0;
}
