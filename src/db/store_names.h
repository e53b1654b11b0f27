/* SPDX-License-Identifier: ISC */
/* store_names.h - the names of what the inventory holds, for shell
 * completion: certificates, accounts, domains. */
#ifndef ACMETUI_STORE_NAMES_H
#define ACMETUI_STORE_NAMES_H

#include "db/store.h"
#include "util/err.h"

enum store_name_kind {
	STORE_NAMES_CERTS,
	STORE_NAMES_ACCOUNTS,
	STORE_NAMES_DOMAINS
};

/* Receives one name, borrowed for the duration of the call. */
typedef void store_name_fn(void *arg, const char *name);

/* Calls fn for every name of kind, in name order, at most limit names
 * (the caller bounds what a shell gets).  RC_OK, or an error in e. */
enum rc store_names(struct store *st, enum store_name_kind kind, int limit,
		    store_name_fn *fn, void *arg, struct err *e);

#endif
