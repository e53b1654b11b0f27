/* SPDX-License-Identifier: ISC */
/* curl_lib.c - libcurl loaded with dlopen() on first use (curl_lib.h). */
#include "config.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "util/curl_lib.h"

static struct curl_lib fns;
static int loaded;
static char why[256];
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Each member of struct curl_lib and the symbol that fills it. */
static const struct {
	const char *symbol;
	size_t offset;
} symbols[] = {
#define SYM(m) \
	{ \
		"curl_" #m, offsetof(struct curl_lib, m) \
	}
	SYM(global_init),  SYM(global_cleanup),
	SYM(easy_init),	   SYM(easy_cleanup),
	SYM(easy_setopt),  SYM(easy_getinfo),
	SYM(easy_perform), SYM(easy_strerror),
	SYM(slist_append), SYM(slist_free_all),
	SYM(getdate),	   SYM(free),
	SYM(url),	   SYM(url_cleanup),
	SYM(url_get),	   SYM(url_set),
#undef SYM
};

/* Loads the library and resolves every symbol, or records why not.  The
 * handle is never closed: the functions are used until exit.
 * RTLD_LAZY: libcurl itself (and libssl, libcrypto) are linked with
 * BIND_NOW, so their imports are still all bound here and a missing one
 * still fails the dlopen(); what is left lazy are the PLT slots of the
 * dependencies built without it (Kerberos, librtmp, nghttp2, zlib...),
 * most of which an ACME client never calls.  RTLD_NOW bound those too:
 * 2.6M instructions of every issuance.  Their PLT is writable either way
 * (no BIND_NOW means no full RELRO). */
static void load(void)
{
	void *h, *p;
	size_t i;

	h = dlopen(LIBCURL_SONAME, RTLD_LAZY | RTLD_LOCAL);
	if (h == NULL) {
		snprintf(why, sizeof(why), "%s", dlerror());
		return;
	}
	for (i = 0; i < sizeof(symbols) / sizeof(symbols[0]); i++) {
		p = dlsym(h, symbols[i].symbol);
		if (p == NULL) {
			snprintf(why, sizeof(why), "%s: no %s", LIBCURL_SONAME,
				 symbols[i].symbol);
			return;
		}
		/* A data pointer into a function pointer, as POSIX
		 * guarantees dlsym() results convert. */
		memcpy((char *)&fns + symbols[i].offset, &p, sizeof(p));
	}
	loaded = 1;
}

const struct curl_lib *curl_lib(void)
{
	pthread_once(&once, load);
	return loaded ? &fns : NULL;
}

enum rc curl_lib_error(struct err *e)
{
	return err_set(e, RC_SYS, _("cannot load libcurl: %s"),
		       why[0] != '\0' ? why : LIBCURL_SONAME);
}
