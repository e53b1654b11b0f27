/* SPDX-License-Identifier: ISC */
/* certset.h - adding, changing and deleting a certificate entry: the
 * calls behind `acmetui cert add|set|delete` and the TUI's forms.  Everything is validated
 * first, then the row, its domains' method settings and one event are
 * written in one transaction. */
#ifndef ACMETUI_LIFECYCLE_CERTSET_H
#define ACMETUI_LIFECYCLE_CERTSET_H

#include <stdint.h>

#include "db/store.h"
#include "db/store_certs.h"
#include "db/store_domains.h"
#include "util/err.h"

/* Which value a refused change was about, so that a form can point at
 * the field and the CLI can keep its usage errors. */
enum lc_cert_field {
	LC_CERT_F_NONE,
	LC_CERT_F_CERT, /* unknown or watched certificate */
	LC_CERT_F_KEY_TYPE,
	LC_CERT_F_METHOD, /* the method does not suit a name */
	LC_CERT_F_WEBROOT,
	LC_CERT_F_PORT,
	LC_CERT_F_DNS_HOOK,
	LC_CERT_F_DEPLOY, /* the deploy target as a whole */
	LC_CERT_F_RELOAD,
	LC_CERT_F_DEPLOY_HOOK,
	LC_CERT_F_PRE_HOOK,
	LC_CERT_F_POST_HOOK,
	LC_CERT_F_PROBE,
	LC_CERT_F_RENEW_AT,
	LC_CERT_F_NAME,	   /* lc_cert_add: the certificate's name */
	LC_CERT_F_DOMAINS, /* lc_cert_add: its names */
	LC_CERT_F_ACCOUNT  /* lc_cert_add: its account */
};

/* A change, in store_cert_set_settings()'s encoding: a NULL string keeps
 * the stored value, "" clears it; modes and combined 0 keep,
 * CERT_SETTING_CLEAR clears.  Strings are borrowed. */
struct lc_cert_set_params {
	const char *name; /* the certificate */
	struct cert_settings cs;
	int64_t renew_at; /* renewal due from then; -1 keeps */
	/* The method and its settings for every name of the certificate
	 * (name and ident_type are ignored), or NULL to keep them.  A
	 * webroot must be absolute. */
	const struct domain_row *method;
};

/* Applies p to the certificate called p->name.  Refused before anything
 * is written (RC_USAGE or RC_INPUT, *bad names the value, e says why):
 * an unknown key type, a command that cannot run (shellcmd_check), an
 * invalid probe endpoint, a method a name cannot use or with settings
 * missing or out of range, a deploy target deploy_check_target()
 * refuses, and any change but the probe endpoints on a watched
 * certificate.  On success one "request" event says what the operator
 * did.  bad may be NULL. */
enum rc lc_cert_set(struct store *st, const struct lc_cert_set_params *p,
		    enum lc_cert_field *bad, struct err *e);

/* Adds the certificate r describes (its domains normalized by
 * domain_normalize(), each with its method; strings borrowed) with one
 * "request" event, in one transaction.  Refused before anything is
 * written, *bad naming the value: an empty name or one in use, no or a
 * repeated or unnormalized name, an unknown account or key type, a
 * method a name cannot use or with settings missing, a command that
 * cannot run, an invalid probe endpoint, a deploy target
 * deploy_check_target() refuses.  *id (may be NULL) gets the new id. */
enum rc lc_cert_add(struct store *st, const struct cert_row *r, int64_t *id,
		    enum lc_cert_field *bad, struct err *e);

/* Removes certificate name, its key and its orders from the inventory,
 * with one event that keeps its name (the certificate stays valid at the
 * CA until it expires). */
enum rc lc_cert_delete(struct store *st, const char *name, struct err *e);

#endif
