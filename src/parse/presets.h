/* SPDX-License-Identifier: ISC */
/* presets.h - the table of ACME CAs acmetui knows by name.
 *
 * A preset saves the operator from typing a directory URL and tells the
 * rest of the program what the CA needs (EAB) and what it tolerates (rate
 * limits, for warnings before an order).  The table is static: every
 * pointer returned here is borrowed and valid for the life of the
 * program. */
#ifndef ACMETUI_PRESETS_H
#define ACMETUI_PRESETS_H

#include <stddef.h>

#include "util/err.h"

enum ca_env {
	CA_ENV_PRODUCTION, /* publicly trusted certificates */
	CA_ENV_STAGING	   /* test hierarchy, not trusted by browsers */
};

struct ca_preset {
	const char *name;    /* what --ca takes: "letsencrypt" */
	const char *display; /* marked N_(); show it through _() */
	const char *directory_url;
	enum ca_env env;
	/* Name of the staging preset of a production CA; NULL when the CA
	 * has none (or this is the staging preset itself). */
	const char *staging;
	int eab_required; /* newAccount needs External Account Binding */
	/* The CA's documented limits, for warnings before ordering; a
	 * count of 0 means "not documented / unknown", never "none". */
	unsigned new_orders_max;      /* per account ... */
	unsigned new_orders_window_s; /* ... per this many seconds */
	unsigned dup_certs_max;	      /* same set of names ... */
	unsigned dup_certs_window_s;  /* ... per this many seconds */
	/* Why the CA takes no new accounts any more (N_(); show it through
	 * _()), or NULL.  Accounts already in an inventory keep working. */
	const char *retired;
};

/* Number of presets, and preset i (0 <= i < preset_count(), else NULL),
 * in a stable order suitable for lists and help text. */
size_t preset_count(void);
const struct ca_preset *preset_at(size_t i);

/* The preset called name (ASCII case-insensitive), or NULL. */
const struct ca_preset *preset_find(const char *name);

/* Like preset_find(), but an unknown name is an RC_USAGE error whose
 * detail lists every valid name.  On success *out is the preset. */
enum rc preset_lookup(const char *name, const struct ca_preset **out,
		      struct err *e);

/* The preset whose directory URL is url, compared exactly except that one
 * trailing '/' on either side is ignored; NULL when none matches. */
const struct ca_preset *preset_by_url(const char *url);

/* The staging preset of p, or NULL when p has none. */
const struct ca_preset *preset_staging_of(const struct ca_preset *p);

/* "production" or "staging": the environment's stable (untranslated)
 * name as stored in the inventory. */
const char *preset_env_name(enum ca_env env);

#endif
