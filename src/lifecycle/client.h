/* SPDX-License-Identifier: ISC */
/* client.h - an ACME client ready to act for a stored account. */
#ifndef ACMETUI_LC_CLIENT_H
#define ACMETUI_LC_CLIENT_H

#include <openssl/evp.h>

#include "util/err.h"

struct lc;
struct acct_row;
struct acme_client;

/* An account's client: key loaded, directory fetched, kid set. */
struct lc_session {
	struct acme_client *client;
	EVP_PKEY *key;
};

/* Opens a session for account a (registered: account_url set).  The CA
 * file is the account's, else the run's (lc->ca_file).  Caller ends it
 * with lc_session_end(). */
enum acme_rc lc_session_begin(struct lc *lc, const struct acct_row *a,
			      struct lc_session *s, struct err *e);

/* Frees the client and the key; safe on a zeroed session. */
void lc_session_end(struct lc_session *s);

/* The CA file to trust for account a in this run, or NULL. */
const char *lc_ca_file(const struct lc *lc, const struct acct_row *a);

#endif
