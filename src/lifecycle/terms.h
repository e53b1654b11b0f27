/* SPDX-License-Identifier: ISC */
/* terms.h - consent to a CA's terms of service (see lc.h for the
 * account functions that use it). */
#ifndef ACMETUI_LC_TERMS_H
#define ACMETUI_LC_TERMS_H

#include <stddef.h>

#include "util/err.h"

struct lc_account_params;

/* Room for a terms URL as shown to an operator (longer ones end in
 * "..."). */
#define LC_TERMS_SHOWN_MAX 256

/* The terms URL url (the CA's: hostile) as one printable, bounded line
 * in buf[0..sz); NULL gives "".  Returns buf. */
char *lc_terms_shown(const char *url, char *buf, size_t sz);

/* RC_OK when p may register with a CA whose directory names terms
 * (NULL: none, nothing to agree to); else RC_USAGE naming the URL. */
enum rc lc_terms_consent(const struct lc_account_params *p, const char *terms,
			 struct err *e);

#endif
