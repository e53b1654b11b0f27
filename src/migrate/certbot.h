/* SPDX-License-Identifier: ISC */
/* certbot.h - reads a certbot configuration directory (default
 * /etc/letsencrypt) into a migration plan: every lineage of renewal/ with
 * its live/ files (links into archive/ followed inside the tree only),
 * its account (accounts/SERVER/ID: the JWK key and regr.json's URL), its
 * authenticator and settings, and what cannot be carried over. */
#ifndef ACMETUI_MIGRATE_CERTBOT_H
#define ACMETUI_MIGRATE_CERTBOT_H

#include "migrate/plan.h"
#include "migrate/tree.h"

/* certbot's default server when a renewal conf names none. */
#define CERTBOT_DEFAULT_SERVER "https://acme-v02.api.letsencrypt.org/directory"

/* Fills p (initialized by the caller) from the tree t.  With live_dir
 * (absolute, or NULL) each lineage deploys to live_dir/NAME, where
 * certbot's deploy hooks (renew_hook and renewal-hooks/deploy/, carried
 * over as the certificate's deploy hook) then run after each renewal.
 * A broken lineage is refused inside p; the function fails only when
 * the tree has no renewal/ directory or memory runs out. */
enum rc certbot_read(const struct tree *t, const char *live_dir,
		     struct mig_plan *p, struct err *e);

#endif
