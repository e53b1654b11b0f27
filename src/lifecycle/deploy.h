/* deploy.h - a certificate's deploy target as the deploy library takes
 * it, built from its inventory row (for the Installation stage, `cert
 * show`, `cert set` checks and the TUI). */
#ifndef ACMETUI_LIFECYCLE_DEPLOY_H
#define ACMETUI_LIFECYCLE_DEPLOY_H

#include "db/store_certs.h"
#include "deploy/deploy.h"

/* Fills *t (zeroed first) from c's deploy settings; the strings stay
 * borrowed from c.  No reload timeout, lock wait or log is set. */
void lc_deploy_target(const struct cert_row *c, struct deploy_target *t);

/* 1 when t names a place to deploy to: a deploy directory or a path for
 * some file. */
int lc_deploy_target_set(const struct deploy_target *t);

#endif
