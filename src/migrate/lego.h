/* SPDX-License-Identifier: ISC */
/* lego.h - reads a lego data directory (default ./.lego) into a
 * migration plan: the account of the chosen server
 * (accounts/HOST_PORT/EMAIL/account.json with its registration URL and
 * keys/EMAIL.key) and every certificate of certificates/ (NAME.crt, the
 * leaf and usually its chain; NAME.issuer.crt; NAME.key).
 *
 * lego records neither the server's directory URL (only its host) nor how
 * it validated: the caller passes the server (lego's own default, Let's
 * Encrypt, when the operator gave none) and sets the method on every
 * name. */
#ifndef ACMETUI_MIGRATE_LEGO_H
#define ACMETUI_MIGRATE_LEGO_H

#include "migrate/plan.h"
#include "migrate/tree.h"

/* lego's default --server. */
#define LEGO_DEFAULT_SERVER "https://acme-v02.api.letsencrypt.org/directory"

/* Fills p from the tree t for the account of server; email picks one
 * when the server has several (NULL: there must be exactly one).  Fails
 * (RC_INPUT) when the tree has no account for server or the choice is
 * ambiguous; a broken certificate is refused inside p. */
enum rc lego_read(const struct tree *t, const char *server, const char *email,
		  struct mig_plan *p, struct err *e);

#endif
