/* SPDX-License-Identifier: ISC */
/* shconf.h - the KEY='value' files acme.sh writes (DOMAIN.conf,
 * ca.conf, account.conf), read without a shell:
 *
 *	Le_Domain='example.com'
 *	Le_Webroot='/var/www/html'
 *	Le_ReloadCmd='__ACME_BASE64__START_c2VydmljZSBuZ2lueCByZWxvYWQ=__ACME_BASE64__END_'
 *
 * A line is blank, a '#' comment, or NAME=VALUE where NAME is a shell
 * identifier and VALUE is '...' (no quote inside), "..." (no quote, '$',
 * '`' or '\' inside), or bare (no blank, quote, '$', '`', ';', '\').
 * acme.sh wraps values that hold shell syntax in
 * __ACME_BASE64__START_<base64>__ACME_BASE64__END_; such values are
 * decoded and must be one printable line.  Anything else refuses the
 * file: it is never sourced, so nothing in it runs. */
#ifndef ACMETUI_MIGRATE_SHCONF_H
#define ACMETUI_MIGRATE_SHCONF_H

#include <stddef.h>

#include "migrate/confobj.h"
#include "util/err.h"

#define SHCONF_TEXT_MAX (64 * 1024)
#define SHCONF_LINE_MAX 8192

/* Parses text[0..len) into out (zeroed by the caller): each assignment
 * an entry of section "" with its value unquoted and decoded, read back
 * with shconf_get() and released with confobj_clear().  At most
 * CONFOBJ_KEYS_MAX assignments.  RC_INPUT naming the line on anything
 * that is not such an assignment; out is then cleared. */
enum rc shconf_parse(const char *text, size_t len, struct confobj *out,
		     struct err *e);

/* The value of key (borrowed; the last assignment wins, as in a shell),
 * or NULL. */
#define shconf_get(c, key) confobj_get((c), "", (key))

#endif
