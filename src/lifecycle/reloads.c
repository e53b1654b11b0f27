/* SPDX-License-Identifier: ISC */
/* reloads.c - the batch's deploys, one reload per reload command
 * (reloads.h). */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/store_leases.h"
#include "deploy/deploy.h"
#include "lifecycle/deploy.h"
#include "lifecycle/fault.h"
#include "lifecycle/lc.h"
#include "lifecycle/reloads.h"

struct pending {
	int64_t id;
	char *name;
};

struct lc_reloads {
	pthread_mutex_t lock; /* items, n, cap */
	struct pending *items;
	size_t n, cap;
};

/* One certificate installed and waiting for its command's reload. */
struct staged {
	struct lc_deploy d; /* must not move: d.t points into it */
	struct deploy_staged *s;
	struct deploy_report r;
	struct err de;
};

/* The run: what is staged, and whom to tell. */
struct run {
	struct lc *lc;
	const char *owner;
	struct staged **st; /* staged, not yet reloaded */
	size_t n;
	lc_reloads_done_fn done;
	void *ud;
};

struct lc_reloads *lc_reloads_new(void)
{
	struct lc_reloads *rl = calloc(1, sizeof(*rl));

	if (rl != NULL)
		pthread_mutex_init(&rl->lock, NULL);
	return rl;
}

void lc_reloads_free(struct lc_reloads *rl)
{
	size_t i;

	if (rl == NULL)
		return;
	for (i = 0; i < rl->n; i++)
		free(rl->items[i].name);
	free(rl->items);
	pthread_mutex_destroy(&rl->lock);
	free(rl);
}

enum rc lc_reloads_add(struct lc_reloads *rl, int64_t id, const char *name,
		       struct err *e)
{
	enum rc rc = RC_OK;
	char *copy = strdup(name);

	pthread_mutex_lock(&rl->lock);
	if (copy != NULL && rl->n == rl->cap) {
		size_t cap = rl->cap ? 2 * rl->cap : 16;
		struct pending *p = realloc(rl->items, cap * sizeof(*p));

		if (p != NULL) {
			rl->items = p;
			rl->cap = cap;
		}
	}
	if (copy == NULL || rl->n == rl->cap) {
		free(copy);
		rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	} else {
		rl->items[rl->n].id = id;
		rl->items[rl->n++].name = copy;
	}
	pthread_mutex_unlock(&rl->lock);
	return rc;
}

/* Records how g's deploy went (shared: how many certificates its reload
 * served), tells the caller, releases g with its locks and its lease. */
static void finish(struct run *x, struct staged *g, enum rc rc, unsigned shared)
{
	struct err e = { 0 };
	int64_t id = g->d.c.id;

	rc = lc_deploy_done(&g->d, &g->r, rc, &g->de, shared, &e);
	deploy_staged_free(g->s);
	lc_deploy_clear(&g->d);
	free(g);
	store_lease_release(x->lc->st, id, x->owner, NULL);
	x->done(x->ud, id, rc, rc == RC_OK ? "" : err_text(&e));
}

/* The reload failed (rc, how) for the k staged deploys in g: each is
 * put back on its previous set, and the command runs once more for the
 * restored sets. */
static void undo_all(struct run *x, struct staged **g, size_t k, enum rc rc,
		     const char *how)
{
	char rhow[ERR_MSG_MAX];
	struct staged *again = NULL;
	enum rc rrc = RC_OK;
	long ms = 0;
	size_t i;

	rhow[0] = '\0';
	for (i = 0; i < k; i++)
		if (deploy_staged_undo(g[i]->s, rc, how, &g[i]->r, &g[i]->de))
			again = g[i];
	if (again != NULL)
		rrc = deploy_staged_reload(again->s, &ms, rhow, sizeof(rhow));
	for (i = 0; i < k; i++) {
		deploy_staged_undone(g[i]->s, rrc, rhow, &g[i]->r, &g[i]->de);
		finish(x, g[i], g[i]->de.rc != RC_OK ? g[i]->de.rc : rc,
		       (unsigned)k);
	}
}

/* Runs the reload command of x->st[0] once for every staged deploy with
 * that command, then commits or undoes each of them, and takes them off
 * x->st. */
static void flush_command(struct run *x)
{
	const char *cmd = deploy_staged_reload_cmd(x->st[0]->s);
	struct staged **g = NULL;
	char how[ERR_MSG_MAX];
	size_t i, k = 0, left = 0;
	enum rc rc;
	long ms = 0;

	/* An array of pointers: the element size is a pointer's. */
	g = calloc(x->n, sizeof(*g)); /* NOLINT(bugprone-sizeof-expression) */
	if (g == NULL) {	      /* one at a time: still one reload each */
		g = &x->st[0];
		k = 1;
	} else {
		/* The first one's command is the one reloaded: it leads. */
		g[k++] = x->st[0];
		for (i = 1; i < x->n; i++) {
			if (strcmp(deploy_staged_reload_cmd(x->st[i]->s),
				   cmd) == 0)
				g[k++] = x->st[i];
			else
				x->st[left++] = x->st[i];
		}
	}
	/* The crash tests stop here: installed, manifests kept, no reload
	 * yet; the next run must deploy again. */
	fault_point("before-batch-reload");
	rc = deploy_staged_reload(g[0]->s, &ms, how, sizeof(how));
	if (rc != RC_OK) {
		undo_all(x, g, k, rc, how);
	} else {
		for (i = 0; i < k; i++) {
			g[i]->r.reload_ms = ms;
			finish(x, g[i],
			       deploy_staged_commit(g[i]->s, &g[i]->r,
						    &g[i]->de),
			       (unsigned)k);
		}
	}
	if (g == &x->st[0]) {
		/* An array of pointers: the element size is a pointer's. */
		memmove(x->st, x->st + 1,
			(x->n -
			 1) * sizeof(*x->st)); /* NOLINT(bugprone-sizeof-expression) */
		x->n--;
	} else {
		free(g);
		x->n = left;
	}
}

/* Reloads, and commits or undoes, everything staged. */
static void flush_all(struct run *x)
{
	while (x->n > 0)
		flush_command(x);
}

/* 1 when a file of g would go into a directory of a staged deploy. */
static int shares_dir(const struct run *x, const struct staged *g)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		if (deploy_staged_shares_dir(x->st[i]->s, &g->d.t))
			return 1;
	return 0;
}

/* Installs certificate p (under its lease) without reloading, or
 * records why not; a deploy without a reload command is committed at
 * once. */
static void stage_one(struct run *x, const struct pending *p, int ttl_s)
{
	struct staged *g = NULL;
	struct err e = { 0 };
	int acquired = 0;
	enum rc rc;

	rc = store_lease_acquire(x->lc->st, p->id, x->owner, time(NULL), ttl_s,
				 &acquired, &e);
	if (rc != RC_OK || !acquired) {
		x->done(x->ud, p->id, rc,
			rc == RC_OK ? _("another run holds it") : err_text(&e));
		return;
	}
	g = calloc(1, sizeof(*g));
	if (g == NULL) {
		store_lease_release(x->lc->st, p->id, x->owner, NULL);
		x->done(x->ud, p->id, RC_NOMEM, rc_str(RC_NOMEM));
		return;
	}
	rc = lc_deploy_begin(x->lc, p->name, LC_DEPLOY_STAGE, &g->d, &e);
	if (rc != RC_OK) {
		lc_deploy_clear(&g->d);
		free(g);
		store_lease_release(x->lc->st, p->id, x->owner, NULL);
		x->done(x->ud, p->id, rc, err_text(&e));
		return;
	}
	if (shares_dir(x, g))
		flush_all(x);
	rc = deploy_stage(&g->d.t, &g->d.f, &g->s, &g->r, &g->de);
	lc_deploy_recovered(&g->d, &g->r);
	if (rc == RC_OK && deploy_staged_reload_cmd(g->s) == NULL)
		rc = deploy_staged_commit(g->s, &g->r, &g->de);
	else if (rc == RC_OK) {
		x->st[x->n++] = g;
		return;
	}
	finish(x, g, rc, 1);
}

void lc_reloads_run(struct lc_reloads *rl, struct lc *lc, const char *owner,
		    int ttl_s, lc_reloads_done_fn done, void *ud)
{
	struct run x = { 0 };
	size_t i;

	x.lc = lc;
	x.owner = owner;
	x.done = done;
	x.ud = ud;
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): pointers. */
	x.st = calloc(rl->n ? rl->n : 1, sizeof(*x.st));
	for (i = 0; i < rl->n; i++) {
		if (x.st == NULL) {
			done(ud, rl->items[i].id, RC_NOMEM, rc_str(RC_NOMEM));
			continue;
		}
		stage_one(&x, &rl->items[i], ttl_s);
	}
	flush_all(&x);
	free(x.st);
}

void lc_reloads_fail(struct lc_reloads *rl, enum rc rc, const char *why,
		     lc_reloads_done_fn done, void *ud)
{
	size_t i;

	for (i = 0; i < rl->n; i++)
		done(ud, rl->items[i].id, rc, why);
}
