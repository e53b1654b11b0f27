/* SPDX-License-Identifier: ISC */
/* curl_lib.h - libcurl, loaded when the program first needs it.
 *
 * libcurl brings some twenty shared libraries with it (GnuTLS through
 * librtmp, Kerberos, LDAP, libssh2, p11-kit...), all bound at load time:
 * loading and relocating them took about 5 ms of every start, as much as
 * the whole cron run with nothing due (bench/README.md).  So acmetui does
 * not link libcurl; the first transport, URL parse or date parse loads it
 * with dlopen() and resolves the few functions it uses, once per
 * process.  The headers are still libcurl's, so the types and constants
 * are checked at build time against the libcurl the build found. */
#ifndef ACMETUI_ACME_CURL_LIB_H
#define ACMETUI_ACME_CURL_LIB_H

#include <time.h>

#include <curl/curl.h>

#include "util/err.h"

/* The shared object loaded: the SONAME of the libcurl we build against
 * (configure's --with-libcurl-soname; it has been libcurl.so.4 since
 * 2006). */
#ifndef LIBCURL_SONAME
#define LIBCURL_SONAME "libcurl.so.4"
#endif

/* The libcurl functions acmetui calls, by their names without "curl_". */
struct curl_lib {
	CURLcode (*global_init)(long flags);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	void (*easy_cleanup)(CURL *h);
	CURLcode (*easy_setopt)(CURL *h, CURLoption opt, ...);
	CURLcode (*easy_getinfo)(CURL *h, CURLINFO info, ...);
	CURLcode (*easy_perform)(CURL *h);
	const char *(*easy_strerror)(CURLcode cc);
	struct curl_slist *(*slist_append)(struct curl_slist *l, const char *s);
	void (*slist_free_all)(struct curl_slist *l);
	time_t (*getdate)(const char *s, const time_t *unused);
	void (*free)(void *p);
	CURLU *(*url)(void);
	void (*url_cleanup)(CURLU *u);
	CURLUcode (*url_get)(const CURLU *u, CURLUPart part, char **out,
			     unsigned int flags);
	CURLUcode (*url_set)(CURLU *u, CURLUPart part, const char *s,
			     unsigned int flags);
};

/* The loaded library's functions (borrowed, valid until exit), loading
 * it on the first call; thread-safe.  NULL when libcurl cannot be loaded
 * or lacks a function; curl_lib_error() then says why. */
const struct curl_lib *curl_lib(void);

/* Sets e to why curl_lib() returned NULL (RC_SYS) and returns RC_SYS. */
enum rc curl_lib_error(struct err *e);

#endif
