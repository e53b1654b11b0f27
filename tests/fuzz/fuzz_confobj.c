/* SPDX-License-Identifier: ISC */
/* fuzz_confobj.c - libFuzzer harness for confobj_parse(): certbot's
 * renewal confs, which anyone with write access to /etc/letsencrypt (or
 * a restored backup) may have shaped. */
#include "config.h"

#include "migrate/confobj.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct confobj c = { 0 };
	struct err e = { 0 };
	size_t i;

	if (confobj_parse((const char *)data, size, &c, &e) == RC_OK) {
		FUZZ_CHECK(c.n <= CONFOBJ_KEYS_MAX);
		for (i = 0; i < c.n; i++) {
			FUZZ_CHECK(c.v[i].key[0] != '\0');
			FUZZ_CHECK(strchr(c.v[i].value, '\n') == NULL);
			FUZZ_CHECK(confobj_get(&c, c.v[i].section,
					       c.v[i].key) != NULL);
		}
	} else {
		FUZZ_CHECK(e.rc == RC_INPUT && c.n == 0 && c.v == NULL);
	}
	fuzz_check_err(&e);
	confobj_clear(&c);
	return 0;
}
