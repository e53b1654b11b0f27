/* SPDX-License-Identifier: ISC */
/* reloads.h - one reload per distinct reload command per batch.
 *
 * In a --renew-due batch the workers leave each deploy for later
 * (lc_reloads_add, from lc_cert_deploy when lc->reloads is set): the
 * certificate is recorded at Installation/error, "waiting for the batch's
 * reload", so that a run stopped before its reload leaves it due for the
 * next batch (store_cert_list_deploy_due).  When every worker is done,
 * lc_reloads_run installs them one after the other without a reload
 * (deploy_stage), runs each distinct reload command once, and then
 * commits every deploy of that command (Monitoring, its deploy hook) or,
 * the reload having failed, puts each back on its previous set, runs the
 * command once more for the restored sets, and records the failure as
 * each certificate's last error.  A certificate whose directory a staged
 * deploy uses (one .previous/ manifest per directory: deploy.h) first
 * has the staged ones reloaded and committed. */
#ifndef ACMETUI_LIFECYCLE_RELOADS_H
#define ACMETUI_LIFECYCLE_RELOADS_H

#include <stdint.h>

#include "util/err.h"

struct lc;
struct lc_reloads;

/* An empty list (free with lc_reloads_free), NULL when memory runs
 * out. */
struct lc_reloads *lc_reloads_new(void);

/* Releases rl; safe on NULL. */
void lc_reloads_free(struct lc_reloads *rl);

/* Notes certificate id (name) for the batch's deploy; safe from several
 * threads.  RC_NOMEM. */
enum rc lc_reloads_add(struct lc_reloads *rl, int64_t id, const char *name,
		       struct err *e);

/* How one deploy went: rc and, when it is not RC_OK, why (sanitized by
 * the caller before it reaches a terminal). */
typedef void (*lc_reloads_done_fn)(void *ud, int64_t id, enum rc rc,
				   const char *why);

/* Deploys everything noted, as described above, on lc (this thread's
 * store), each under its lease (owner, ttl_s); tells done about each
 * certificate, in the order they finish.  A certificate another run
 * holds is left to it (done is told RC_OK with why "another run holds
 * it"). */
void lc_reloads_run(struct lc_reloads *rl, struct lc *lc, const char *owner,
		    int ttl_s, lc_reloads_done_fn done, void *ud);

/* Tells done that every certificate noted failed with rc, why (the
 * batch could not open its inventory for the reload phase). */
void lc_reloads_fail(struct lc_reloads *rl, enum rc rc, const char *why,
		     lc_reloads_done_fn done, void *ud);

#endif
