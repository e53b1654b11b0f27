/* SPDX-License-Identifier: ISC */
/* certwatch.h - a certificate acmetui did not issue, put into the
 * inventory to be watched: the call behind `acmetui cert import`. */
#ifndef ACMETUI_LIFECYCLE_CERTWATCH_H
#define ACMETUI_LIFECYCLE_CERTWATCH_H

#include <stdint.h>

#include "db/store.h"
#include "db/store_certs.h"
#include "util/err.h"

/* Longest name of a watched certificate (db/schema.sql CHECK). */
#define LC_CERT_WATCH_NAME_MAX 128

/* Stores the watched certificate w (store_cert_watch_put(): a new one,
 * or a watched one of that name replaced) with its event w->event, in
 * one transaction.  Refused before anything is written (RC_INPUT): a
 * name safe_name_ok() refuses, no leaf or expiry, a validity that ends
 * before it starts, more than CERT_MAX_DOMAINS names or one not in
 * normal form (domain_normalize()), a probe endpoint that does not
 * parse, no event text or an unknown level; RC_EXISTS when the name
 * belongs to a certificate acmetui issues.  *id and *created (may be
 * NULL) get its id and whether it is new. */
enum rc lc_cert_watch(struct store *st, const struct cert_watch *w, int64_t *id,
		      int *created, struct err *e);

#endif
