/* SPDX-License-Identifier: ISC */
/* client.h - an ACME client ready to act for a stored account. */
#ifndef ACMETUI_LC_CLIENT_H
#define ACMETUI_LC_CLIENT_H

#include <openssl/evp.h>

#include "util/err.h"

struct lc;
struct acct_row;
struct acme_client;

#include <stdint.h>

/* How long an account's stored directory serves sessions before it is
 * fetched again.  CAs change their directory rarely (a new endpoint, new
 * terms) and announce it well ahead; an error that could mean it changed
 * makes the next session fetch it sooner (lc_session_failed). */
#define LC_DIRECTORY_MAX_AGE_S (24L * 60 * 60)

/* An account's client: key loaded, directory loaded, kid set. */
struct lc_session {
	struct acme_client *client;
	EVP_PKEY *key;
	int64_t acct_id;
	int directory_cached; /* the directory came from the inventory */
};

/* Opens a session for account a (registered: account_url set).  The CA
 * file is the account's, else the run's (lc->ca_file).  The directory is
 * the account's stored copy while it is younger than
 * LC_DIRECTORY_MAX_AGE_S, else fetched and stored (not in a dry run).
 * Caller ends it with lc_session_end(). */
enum rc lc_session_begin(struct lc *lc, const struct acct_row *a,
			 struct lc_session *s, struct err *e);

/* After work in s failed with rc: when the directory came from the
 * inventory and rc is an error the CA's side may have caused (RC_CA,
 * RC_PROTO, RC_NET, RC_TLS), marks the stored copy stale so that the
 * next session fetches the directory again.  Nothing else. */
void lc_session_failed(struct lc *lc, const struct lc_session *s, enum rc rc);

/* Frees the client and the key; safe on a zeroed session. */
void lc_session_end(struct lc_session *s);

/* The CA file to trust for account a in this run, or NULL. */
const char *lc_ca_file(const struct lc *lc, const struct acct_row *a);

#endif
