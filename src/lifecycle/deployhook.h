/* SPDX-License-Identifier: ISC */
/* deployhook.h - the deploy hook: the operator's command run after a
 * certificate's files are installed, as certbot's --deploy-hook. */
#ifndef ACMETUI_LIFECYCLE_DEPLOYHOOK_H
#define ACMETUI_LIFECYCLE_DEPLOYHOOK_H

#include "db/store_certs.h"
#include "deploy/deploy.h"
#include "lifecycle/lc.h"

/* Runs c->deploy_hook (nothing when it has none) for the files of t just
 * installed, by /bin/sh -c, with certbot's variables and ours:
 *
 *	RENEWED_LINEAGE    the deploy directory (else the directory of
 *			   the full chain, else of the certificate file)
 *	RENEWED_DOMAINS    the certificate's names, space-separated
 *	ACMETUI_NAME       the certificate's name in the inventory
 *	ACMETUI_CERT, ACMETUI_CHAIN, ACMETUI_FULLCHAIN, ACMETUI_KEY
 *			   the paths of the files written (a file the target
 *			   does not write: unset)
 *
 * Never the key itself.  Its output lines become events ("deploy hook:
 * LINE").  RC_OK when it exits 0 (or there is none); otherwise RC_HOOK or
 * RC_TIMEOUT with e saying "deploy hook 'CMD' failed (exit N): ...". */
enum rc lc_deploy_hook(struct lc *lc, const struct cert_row *c,
		       const struct deploy_target *t, struct err *e);

#endif
