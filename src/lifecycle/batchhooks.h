/* SPDX-License-Identifier: ISC */
/* batchhooks.h - pre and post hooks of a renewal batch, as certbot runs
 * them: each distinct pre hook once, just before the first renewal that
 * needs it (a worker that needs it waits until it has finished: it may be
 * stopping what holds port 80); each distinct post hook once, after the
 * whole batch.  Nothing due, nothing run.
 *
 * The hooks come from `--renew-due --pre-hook CMD --post-hook CMD` (for
 * every renewal of the run) and from the certificates' own pre_hook and
 * post_hook (`cert set --pre-hook`, carried over from certbot's renewal
 * configuration); one command named by both runs once.  They run by
 * /bin/sh -c (util/hookrun.h) with no variables added.  A failed pre
 * hook fails the renewals that need it (it is not run again for them);
 * the post hooks run anyway. */
#ifndef ACMETUI_BATCHHOOKS_H
#define ACMETUI_BATCHHOOKS_H

#include <pthread.h>
#include <stddef.h>

#include "lifecycle/lc.h"
#include "util/err.h"

#define BATCH_HOOKS_MAX 32 /* distinct pre hooks, and post hooks, per run */

/* One distinct command and, for a pre hook, how its run ended. */
struct batch_hook {
	char *cmd;
	enum rc rc;
	char error[ERR_MSG_MAX];
};

struct batch_hooks {
	pthread_mutex_t lock; /* everything below; held while a pre hook
			       * runs */
	const char *run_pre, *run_post; /* the run's own; borrowed */
	struct batch_hook pre[BATCH_HOOKS_MAX];
	size_t npre;
	struct batch_hook post[BATCH_HOOKS_MAX];
	size_t npost;
	lc_progress_fn progress; /* the hooks' output lines; may be NULL */
	void *progress_ud;
};

/* Sets up bh with the run's own hooks (either may be NULL or ""). */
void batch_hooks_init(struct batch_hooks *bh, const char *run_pre,
		      const char *run_post, lc_progress_fn progress,
		      void *progress_ud);

/* Before a renewal of a certificate whose own hooks are cert_pre and
 * cert_post (NULL: none): runs the run's pre hook and cert_pre unless
 * they ran already, and notes the post hooks for batch_hooks_after.
 * RC_OK when every pre hook it needs succeeded (now or before);
 * otherwise that hook's failure in e. */
enum rc batch_hooks_before(struct batch_hooks *bh, const char *cert_pre,
			   const char *cert_post, struct err *e);

/* After the batch: runs each noted post hook once, in the order noted.
 * RC_OK, or the first failure in e (the others still run). */
enum rc batch_hooks_after(struct batch_hooks *bh, struct err *e);

/* Frees bh's copies; safe after init on any path. */
void batch_hooks_clear(struct batch_hooks *bh);

#endif
