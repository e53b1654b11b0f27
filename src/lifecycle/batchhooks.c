/* SPDX-License-Identifier: ISC */
/* batchhooks.c - pre and post hooks of a renewal batch (batchhooks.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lifecycle/batchhooks.h"
#include "util/hookrun.h"
#include "util/i18n.h"

/* Where a hook's output goes: the progress callback, as "SUBJECT". */
struct hook_out {
	struct batch_hooks *bh;
	const char *subject;
};

static void hook_line(void *arg, const char *line)
{
	struct hook_out *ho = arg;

	if (ho->bh->progress != NULL)
		ho->bh->progress(ho->bh->progress_ud, ho->subject, "renewal",
				 "info", line);
}

void batch_hooks_init(struct batch_hooks *bh, const char *run_pre,
		      const char *run_post, lc_progress_fn progress,
		      void *progress_ud)
{
	memset(bh, 0, sizeof(*bh));
	pthread_mutex_init(&bh->lock, NULL);
	bh->run_pre = run_pre;
	bh->run_post = run_post;
	bh->progress = progress;
	bh->progress_ud = progress_ud;
}

/* The entry for cmd in list (n entries), or NULL. */
static struct batch_hook *find(struct batch_hook *list, size_t n,
			       const char *cmd)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i].cmd, cmd) == 0)
			return &list[i];
	return NULL;
}

/* Appends cmd to list (*n entries) unless it is there; NULL when full or
 * out of memory, with e set. */
static struct batch_hook *note(struct batch_hook *list, size_t *n,
			       const char *cmd, struct err *e)
{
	struct batch_hook *h = find(list, *n, cmd);

	if (h != NULL)
		return h;
	if (*n >= BATCH_HOOKS_MAX) {
		err_set(e, RC_USAGE,
			_("more than %d distinct pre or post "
			  "hooks in one run"),
			BATCH_HOOKS_MAX);
		return NULL;
	}
	h = &list[*n];
	memset(h, 0, sizeof(*h));
	h->cmd = strdup(cmd);
	if (h->cmd == NULL) {
		err_set(e, RC_NOMEM, _("out of memory"));
		return NULL;
	}
	h->rc = RC_PENDING; /* not run yet */
	(*n)++;
	return h;
}

/* Runs pre hook cmd unless it ran; returns how it ended. */
static enum rc pre_once(struct batch_hooks *bh, const char *cmd, struct err *e)
{
	struct hook_out ho = { bh, _("pre hook") };
	struct batch_hook *h;
	struct err he = { 0 };

	if (cmd == NULL || cmd[0] == '\0')
		return RC_OK;
	h = note(bh->pre, &bh->npre, cmd, e);
	if (h == NULL)
		return e != NULL ? e->rc : RC_NOMEM;
	if (h->rc == RC_PENDING) {
		h->rc = hook_run(_("pre hook"), cmd, NULL, 0, hook_line, &ho,
				 &he);
		snprintf(h->error, sizeof(h->error), "%s", err_text(&he));
	}
	if (h->rc != RC_OK)
		return err_set(e, h->rc, "%s", h->error);
	return RC_OK;
}

enum rc batch_hooks_before(struct batch_hooks *bh, const char *cert_pre,
			   const char *cert_post, struct err *e)
{
	const char *posts[] = { bh->run_post, cert_post };
	enum rc rc;
	size_t i;

	pthread_mutex_lock(&bh->lock);
	/* Post hooks first: a failed pre hook still gets its post hook
	 * (what the pre hook stopped is started again). */
	rc = RC_OK;
	for (i = 0; i < 2 && rc == RC_OK; i++)
		if (posts[i] != NULL && posts[i][0] != '\0' &&
		    note(bh->post, &bh->npost, posts[i], e) == NULL)
			rc = e != NULL ? e->rc : RC_NOMEM;
	if (rc == RC_OK)
		rc = pre_once(bh, bh->run_pre, e);
	if (rc == RC_OK)
		rc = pre_once(bh, cert_pre, e);
	pthread_mutex_unlock(&bh->lock);
	return rc;
}

enum rc batch_hooks_after(struct batch_hooks *bh, struct err *e)
{
	struct hook_out ho = { bh, _("post hook") };
	enum rc first = RC_OK, rc;
	size_t i;

	pthread_mutex_lock(&bh->lock);
	for (i = 0; i < bh->npost; i++) {
		rc = hook_run(_("post hook"), bh->post[i].cmd, NULL, 0,
			      hook_line, &ho, e);
		if (rc != RC_OK && first == RC_OK)
			first = rc;
	}
	pthread_mutex_unlock(&bh->lock);
	return first;
}

void batch_hooks_clear(struct batch_hooks *bh)
{
	size_t i;

	for (i = 0; i < bh->npre; i++)
		free(bh->pre[i].cmd);
	for (i = 0; i < bh->npost; i++)
		free(bh->post[i].cmd);
	bh->npre = bh->npost = 0;
	pthread_mutex_destroy(&bh->lock);
}
