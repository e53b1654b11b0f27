/* SPDX-License-Identifier: ISC */
/* domainset.h - how a domain is validated, changed by the operator: the
 * call behind `acmetui domain set`.  Checked first, then the domain's
 * row and its events are written in one transaction. */
#ifndef ACMETUI_LIFECYCLE_DOMAINSET_H
#define ACMETUI_LIFECYCLE_DOMAINSET_H

#include "db/store.h"
#include "db/store_domains.h"
#include "util/err.h"

/* Gives the existing domain d->name (normalized, domain_normalize()) the
 * method and settings of d (strings borrowed; d->ident_type, id, last
 * check and timestamps are ignored: a name keeps its type).  Refused
 * before anything is written: a name not in normal form (RC_INPUT), an
 * unknown one (RC_NOTFOUND), settings lc_cert_check_method() refuses, a
 * method the name cannot use (wildcards need dns-01, addresses cannot
 * use it; RC_USAGE).  On success every certificate naming the domain
 * gets one "request" event saying so; a domain no certificate names
 * gets one event of its own. */
enum rc lc_domain_set(struct store *st, const struct domain_row *d,
		      struct err *e);

#endif
