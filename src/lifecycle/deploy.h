/* SPDX-License-Identifier: ISC */
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

/* One certificate's deploy, from its inventory row (lc_deploy_begin) to
 * the record of how it went (lc_deploy_done).  Pointers into it are
 * handed to the deploy library (t.log_arg): it must not move between
 * the two calls. */
struct lc_deploy {
	struct lc *lc;		/* borrowed */
	struct cert_row c;	/* owned (the key: lc_deploy_clear) */
	struct deploy_target t; /* borrows from c */
	struct deploy_files f;	/* borrows from c */
	unsigned files_done;	/* for the crash tests' fault point */
	char place[DEPLOY_PATH_MAX + 64];
	const char *where; /* where the files go, for the events */
};

enum lc_deploy_mode {
	LC_DEPLOY_NOW,	 /* install and reload now (cert deploy, issue) */
	LC_DEPLOY_DEFER, /* a batch worker: leave it for the batch's
			  * reload, recorded as still to deploy */
	LC_DEPLOY_STAGE	 /* the batch's reload phase: no record */
};

/* Reads certificate name, refuses what cannot be deployed (RC_USAGE,
 * named) and fills *d (release with lc_deploy_clear, also on failure);
 * records the start as mode says. */
enum rc lc_deploy_begin(struct lc *lc, const char *name,
			enum lc_deploy_mode mode, struct lc_deploy *d,
			struct err *e);

/* Records (as events) that an interrupted deploy was undone first. */
void lc_deploy_recovered(struct lc_deploy *d, const struct deploy_report *r);

/* Records how d's deploy went: rc and de from the deploy library; on
 * success also Monitoring, the end of a backoff and the deploy hook
 * (whose failure is returned).  shared: how many certificates the
 * reload served.  Returns the deploy's (or the hook's) failure in e. */
enum rc lc_deploy_done(struct lc_deploy *d, const struct deploy_report *r,
		       enum rc rc, const struct err *de, unsigned shared,
		       struct err *e);

/* Releases d; safe on a zeroed one. */
void lc_deploy_clear(struct lc_deploy *d);

#endif
