/* SPDX-License-Identifier: ISC */
/* staged.c - a deploy whose reload is left to its caller: the files are
 * installed (steps 1 to 5 of deploy.h, manifests kept) and the locks
 * released; the caller runs one reload for many such deploys and then
 * commits or restores each.  The reasons are in deploy.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/crypto.h>

#include "deploy/deploy.h"
#include "deploy/job.h"
#include "util/err.h"

struct deploy_staged {
	struct deploy_job j;
	struct deploy_undo undo; /* after deploy_staged_undo */
	int undone;		 /* undo holds a restore's outcome */
};

enum rc deploy_stage(const struct deploy_target *t,
		     const struct deploy_files *f, struct deploy_staged **out,
		     struct deploy_report *r, struct err *e)
{
	struct deploy_staged *s;
	enum rc rc;

	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		memset(r, 0, sizeof(*r));
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	}
	rc = deploy_job_install(&s->j, t, f, r, e);
	if (rc != RC_OK) {
		deploy_staged_free(s);
		return rc;
	}
	/* The files are written: no copy of the key is kept until the
	 * batch's reload. */
	if (s->j.combined != NULL) {
		OPENSSL_cleanse(s->j.combined, s->j.combined_len);
		free(s->j.combined);
		s->j.combined = NULL;
	}
	deploy_unlock_dirs(&s->j);
	*out = s;
	return RC_OK;
}

/* 1 when the directory of path (an absolute file path) is one of j's. */
static int dir_is_ours(const struct deploy_job *j, const char *path)
{
	char dir[DEPLOY_PATH_MAX];
	const char *slash = strrchr(path, '/');
	struct stat st;
	size_t i, len;

	if (slash == NULL)
		return 0;
	len = slash == path ? 1 : (size_t)(slash - path);
	if (len >= sizeof(dir))
		return 0;
	memcpy(dir, path, len);
	dir[len] = '\0';
	if (stat(dir, &st) != 0)
		return 0; /* not there yet: no manifest of ours in it */
	for (i = 0; i < j->ndirs; i++)
		if (j->dirs[i].dev == st.st_dev && j->dirs[i].ino == st.st_ino)
			return 1;
	return 0;
}

int deploy_staged_shares_dir(const struct deploy_staged *s,
			     const struct deploy_target *t)
{
	struct deploy_file files[DEPLOY_MAX_FILES];
	struct err e = { 0 };
	size_t i, n = 0;

	if (deploy_target_files(t, files, &n, &e) != RC_OK)
		return 0; /* deploy_stage refuses it before touching one */
	for (i = 0; i < n; i++)
		if (dir_is_ours(&s->j, files[i].path))
			return 1;
	return 0;
}

const char *deploy_staged_reload_cmd(const struct deploy_staged *s)
{
	return s->j.argv != NULL ? s->j.t->reload_cmd : NULL;
}

enum rc deploy_staged_reload(struct deploy_staged *s, long *ms, char *how,
			     size_t howsz)
{
	return deploy_job_reload(&s->j, ms, how, howsz);
}

enum rc deploy_staged_commit(struct deploy_staged *s, struct deploy_report *r,
			     struct err *e)
{
	enum rc rc;

	rc = deploy_job_relock(&s->j, e);
	if (rc != RC_OK)
		return rc;
	if (!deploy_still_staged(&s->j, e))
		return e->rc;
	r->reload_ran = s->j.argv != NULL;
	return deploy_forget(&s->j, 1, e);
}

int deploy_staged_undo(struct deploy_staged *s, enum rc rc, const char *how,
		       struct deploy_report *r, struct err *e)
{
	struct deploy_job *j = &s->j;
	struct err le = { 0 };

	r->reload_ran = 1;
	if (deploy_job_relock(j, &le) != RC_OK ||
	    !deploy_still_staged(j, &le)) {
		err_set(e, rc, _("reload '%s' %s; %s"), j->t->reload_cmd, how,
			err_text(&le));
		return 0;
	}
	if (!deploy_had_previous(j)) {
		deploy_keep_first_set(j, r, rc, how, e);
		return 0;
	}
	err_set(e, rc, _("reload '%s' %s"), j->t->reload_cmd, how);
	deploy_undo_files(j, r, e, &s->undo);
	s->undone = 1;
	return !s->undo.failed;
}

void deploy_staged_undone(struct deploy_staged *s, enum rc rrc,
			  const char *rhow, struct deploy_report *r,
			  struct err *e)
{
	if (s->undone)
		deploy_undo_message(&s->undo, 1, rrc, rhow, r, e);
}

void deploy_staged_free(struct deploy_staged *s)
{
	if (s == NULL)
		return;
	deploy_job_clear(&s->j);
	free(s);
}
