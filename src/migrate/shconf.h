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

#include "util/err.h"

#define SHCONF_TEXT_MAX (64 * 1024)
#define SHCONF_LINE_MAX 8192
#define SHCONF_KEYS_MAX 256

struct shconf_entry {
	char *key;
	char *value;	/* unquoted and decoded; may be "" */
};

/* Entries in file order; owned, released by shconf_clear(). */
struct shconf {
	struct shconf_entry *v;
	size_t n;
};

/* Parses text[0..len) into out (zeroed by the caller).  RC_INPUT naming
 * the line on anything that is not such an assignment; out is then
 * cleared. */
enum acme_rc shconf_parse(const char *text, size_t len, struct shconf *out,
			  struct err *e);

/* The value of key (borrowed; the last assignment wins, as in a shell),
 * or NULL. */
const char *shconf_get(const struct shconf *c, const char *key);

/* Frees and zeroes c; NULL and zeroed are fine. */
void shconf_clear(struct shconf *c);

#endif
