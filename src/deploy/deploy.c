/* SPDX-License-Identifier: ISC */
/* deploy.c - write a certificate's files into their target directories,
 * reload the server, and put the previous files back when the reload
 * fails.  The steps and the layout are described in deploy.h; what is
 * written where is worked out (and checked) by target.c, the manifests
 * and the recovery of an interrupted deploy are recover.c's. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "deploy/deploy.h"
#include "deploy/job.h"
#include "util/atomic.h"
#include "util/clock.h"
#include "util/err.h"
#include "util/fileio.h"
#include "util/proc.h"
#include "util/shellcmd.h"

void deploy_job_clear(struct deploy_job *j)
{
	size_t i;

	if (j->combined != NULL) {
		OPENSSL_cleanse(j->combined, j->combined_len);
		free(j->combined);
	}
	free(j->fullchain);
	proc_argv_free(j->argv);
	for (i = 0; i < j->ndirs; i++) {
		deploy_manifest_clear(&j->dirs[i].man);
		if (j->dirs[i].pfd >= 0)
			close(j->dirs[i].pfd);
		if (j->dirs[i].fd >= 0)
			close(j->dirs[i].fd); /* also releases the flock */
	}
	j->combined = j->fullchain = NULL;
	j->argv = NULL;
	j->ndirs = 0;
}

/* The contents of file kind k. */
static void item_data(struct deploy_job *j, struct item *it,
		      const struct deploy_files *f)
{
	const char *chain = f->chain_pem ? f->chain_pem : "";

	switch (it->f.kind) {
	case DEPLOY_CERT:
		it->data = f->cert_pem;
		break;
	case DEPLOY_CHAIN:
		it->data = chain;
		break;
	case DEPLOY_FULLCHAIN:
		it->data = j->fullchain;
		break;
	case DEPLOY_COMBINED:
		it->data = j->combined;
		it->len = j->combined_len;
		return;
	case DEPLOY_KEY:
		it->data = f->key_pem;
		break;
	}
	it->len = strlen(it->data);
}

/* Checks the target and the files and builds the list of files to write;
 * touches nothing on disk. */
static enum rc plan(struct deploy_job *j, const struct deploy_files *f,
		    struct err *e)
{
	const struct deploy_target *t = j->t;
	struct deploy_file files[DEPLOY_MAX_FILES];
	const char *chain = f->chain_pem ? f->chain_pem : "";
	char *buf = NULL;
	size_t klen, clen, chlen, i, n = 0;
	enum rc rc;

	if (f->key_pem == NULL || f->key_pem[0] == '\0' ||
	    f->cert_pem == NULL || f->cert_pem[0] == '\0')
		return err_set(e, RC_USAGE,
			       _("no certificate or key to "
				 "deploy"));
	rc = deploy_target_files(t, files, &n, e);
	if (rc != RC_OK)
		return rc;
	if (t->reload_cmd != NULL && t->reload_cmd[0] != '\0') {
		struct err se = { 0 };

		j->argv = shellcmd_argv(t->reload_cmd, NULL, &se);
		if (j->argv == NULL)
			return err_set(e, se.rc, _("reload command: %s"),
				       err_text(&se));
	}
	rc = deploy_resolve_owner(t, &j->uid, &j->gid, e);
	if (rc != RC_OK)
		return rc;
	klen = strlen(f->key_pem);
	clen = strlen(f->cert_pem);
	chlen = strlen(chain);
	j->fullchain = malloc(clen + chlen + 1);
	if (j->fullchain == NULL)
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	memcpy(j->fullchain, f->cert_pem, clen);
	memcpy(j->fullchain + clen, chain, chlen + 1);
	for (i = 0; i < n && j->combined == NULL; i++) {
		if (files[i].kind != DEPLOY_COMBINED)
			continue;
		j->combined_len = klen + clen + chlen;
		buf = malloc(j->combined_len + 1);
		if (buf == NULL)
			return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		memcpy(buf, f->key_pem, klen);
		memcpy(buf + klen, j->fullchain, clen + chlen + 1);
		j->combined = buf;
	}
	for (i = 0; i < n; i++) {
		struct item *it = &j->items[j->n++];

		it->f = files[i];
		it->name = strrchr(it->f.path, '/') + 1;
		item_data(j, it, f);
	}
	return RC_OK;
}

enum rc deploy_open_dir(struct deploy_job *j, const char *path, int create,
			size_t *idx, struct err *e)
{
	size_t i, len = strlen(path);
	struct stat st;
	struct tdir *d;
	int fd;

	*idx = SIZE_MAX;
	if (len >= DEPLOY_PATH_MAX)
		return err_set(e, RC_INPUT,
			       _("deploy directory path is too "
				 "long: %s"),
			       path);
	if (create && file_mkdirs(path, 0755, e) != RC_OK)
		return e->rc;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 && !create && (errno == ENOENT || errno == ENOTDIR))
		return RC_OK;
	if (fd < 0 || fstat(fd, &st) != 0) {
		err_set(e, RC_SYS, _("cannot open deploy directory %s: %s"),
			path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return RC_SYS;
	}
	for (i = 0; i < j->ndirs; i++)
		if (j->dirs[i].dev == st.st_dev && j->dirs[i].ino == st.st_ino)
			break;
	if (i < j->ndirs) {
		close(fd);
		*idx = i;
		return RC_OK;
	}
	if (j->ndirs == DEPLOY_MAX_DIRS) {
		close(fd);
		return err_set(e, RC_SYS,
			       _("cannot recover interrupted deploys: they "
				 "involve more than %d directories (%s)"),
			       DEPLOY_MAX_DIRS, path);
	}
	d = &j->dirs[j->ndirs];
	memset(d, 0, sizeof(*d));
	memcpy(d->path, path, len + 1);
	d->fd = fd;
	d->pfd = -1;
	d->dev = st.st_dev;
	d->ino = st.st_ino;
	*idx = j->ndirs++;
	return RC_OK;
}

/* Creates (0755 when missing) and opens the directory of item it. */
static enum rc open_dir_of(struct deploy_job *j, struct item *it, struct err *e)
{
	char path[DEPLOY_PATH_MAX];
	size_t plen = (size_t)(it->name - it->f.path) - 1;
	enum rc rc;

	if (plen == 0)
		plen = 1; /* "/x.pem": the root directory */
	memcpy(path, it->f.path, plen);
	path[plen] = '\0';
	rc = deploy_open_dir(j, path, 1, &it->dir, e);
	if (rc == RC_OK)
		j->dirs[it->dir].ours = 1;
	return rc;
}

/* Orders directories by device, then inode: the one order every deploy
 * locks in. */
static int tdir_cmp(const void *a, const void *b)
{
	const struct tdir *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return 0;
}

/* Takes the lock of d, waiting until deadline (monotonic ms) while
 * another deploy holds it. */
static enum rc lock_dir(struct tdir *d, long long deadline, struct err *e)
{
	long delay = 10;
	long long left;

	for (;;) {
		if (flock(d->fd, LOCK_EX | LOCK_NB) == 0) {
			d->locked = 1;
			return RC_OK;
		}
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK)
			return err_set(e, RC_SYS,
				       _("cannot lock deploy directory %s: "
					 "%s"),
				       d->path, strerror(errno));
		left = deadline - mono_ms();
		if (left <= 0)
			return err_set(e, RC_EXISTS,
				       _("cannot lock deploy directory %s: "
					 "%s"),
				       d->path,
				       _("another deploy to it is running"));
		sleep_ms(delay < left ? delay : (long)left);
		if (delay < 250)
			delay *= 2;
	}
}

enum rc deploy_lock_dirs(struct deploy_job *j, struct err *e)
{
	size_t i, k, order[DEPLOY_MAX_DIRS] = { 0 };
	enum rc rc;

	/* Sort an index, not the directories: items refer to them. */
	for (i = 0; i < j->ndirs; i++) {
		for (k = i;
		     k > 0 && tdir_cmp(&j->dirs[order[k - 1]], &j->dirs[i]) > 0;
		     k--)
			order[k] = order[k - 1];
		order[k] = i;
	}
	for (i = 0; i < j->ndirs; i++) {
		if (j->dirs[order[i]].locked)
			continue;
		rc = lock_dir(&j->dirs[order[i]], j->deadline, e);
		if (rc != RC_OK)
			return rc;
	}
	return RC_OK;
}

void deploy_unlock_dirs(struct deploy_job *j)
{
	size_t i;

	for (i = 0; i < j->ndirs; i++)
		if (j->dirs[i].locked) {
			flock(j->dirs[i].fd, LOCK_UN);
			j->dirs[i].locked = 0;
		}
}

/* Opens the directory of every file (one per directory) and refuses two
 * files that are one.  Nothing is written, nothing locked yet. */
static enum rc open_dirs(struct deploy_job *j, struct err *e)
{
	const struct deploy_target *t = j->t;
	enum rc rc;
	size_t i, k;

	j->deadline = mono_ms() + (t->lock_wait_ms > 0 ? t->lock_wait_ms : 0);
	for (i = 0; i < j->n; i++) {
		rc = open_dir_of(j, &j->items[i], e);
		if (rc != RC_OK)
			return rc;
	}
	j->nours = j->ndirs;
	for (i = 0; i < j->n; i++)
		for (k = 0; k < i; k++)
			if (j->items[i].dir == j->items[k].dir &&
			    strcmp(j->items[i].name, j->items[k].name) == 0)
				return err_set(e, RC_INPUT,
					       _("%s and %s are the same "
						 "file"),
					       j->items[k].f.path,
					       j->items[i].f.path);
	return RC_OK;
}

enum rc deploy_open_previous(struct tdir *d, int create, struct err *e)
{
	struct stat st;

	if (d->pfd >= 0)
		return RC_OK;
	if (create && mkdirat(d->fd, DEPLOY_PREVIOUS_DIR, 0700) != 0 &&
	    errno != EEXIST)
		return err_set(e, RC_SYS, _("cannot create %s/%s: %s"), d->path,
			       DEPLOY_PREVIOUS_DIR, strerror(errno));
	d->pfd = openat(d->fd, DEPLOY_PREVIOUS_DIR,
			O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (d->pfd < 0) {
		if (errno == ENOENT && !create)
			return RC_OK;
		return err_set(e, RC_SYS, _("cannot open %s/%s: %s"), d->path,
			       DEPLOY_PREVIOUS_DIR, strerror(errno));
	}
	if (fstat(d->pfd, &st) != 0 || st.st_uid != geteuid() ||
	    (st.st_mode & 0077) != 0)
		return err_set(e, RC_SYS,
			       _("%s/%s must be a directory of ours with mode "
				 "0700; remove it"),
			       d->path, DEPLOY_PREVIOUS_DIR);
	return RC_OK;
}

enum rc deploy_empty_previous(struct tdir *d, unsigned *count, struct err *e)
{
	const char *bad = NULL;
	struct dirent *de;
	DIR *dp = NULL;
	int fd, bad_errno = 0;

	if (d->pfd < 0)
		return RC_OK;
	fd = dup(d->pfd);
	dp = fd >= 0 ? fdopendir(fd) : NULL;
	if (dp == NULL) {
		if (fd >= 0)
			close(fd);
		return err_set(e, RC_SYS, _("cannot read directory %s/%s: %s"),
			       d->path, DEPLOY_PREVIOUS_DIR, strerror(errno));
	}
	rewinddir(dp);
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (unlinkat(d->pfd, de->d_name, 0) == 0) {
			if (count != NULL)
				(*count)++;
		} else if (errno != EISDIR && errno != ENOENT && bad == NULL) {
			bad_errno = errno;
			bad = de->d_name;
			break;
		}
	}
	if (bad != NULL)
		err_set(e, RC_SYS, _("cannot remove %s/%s/%s: %s"), d->path,
			DEPLOY_PREVIOUS_DIR, bad, strerror(bad_errno));
	closedir(dp);
	if (bad != NULL)
		return RC_SYS;
	/* Directory syncs here and below are best effort: a lost unlink or
	 * rename only leaves what the next deploy recovers or discards. */
	(void)fsync(d->pfd);
	close(d->pfd);
	d->pfd = -1;
	/* A subdirectory someone put there keeps it: harmless. */
	unlinkat(d->fd, DEPLOY_PREVIOUS_DIR, AT_REMOVEDIR);
	(void)fsync(d->fd);
	return RC_OK;
}

/* Keeps the live set: every live file of the plan gets a second name
 * in the .previous/ of its directory; then each directory's manifest
 * says what this deploy changes there.  Recovery has emptied every
 * .previous/ before. */
static enum rc keep_previous(struct deploy_job *j, struct err *e)
{
	struct stat st;
	size_t i;

	for (i = 0; i < j->n; i++) {
		struct item *it = &j->items[i];
		struct tdir *d = &j->dirs[it->dir];

		if (fstatat(d->fd, it->name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			if (errno == ENOENT)
				continue;
			return err_set(e, RC_SYS, _("cannot read %s: %s"),
				       it->f.path, strerror(errno));
		}
		if (S_ISDIR(st.st_mode))
			return err_set(e, RC_SYS, _("%s is a directory"),
				       it->f.path);
		if (deploy_open_previous(d, 1, e) != RC_OK)
			return e->rc;
		if (linkat(d->fd, it->name, d->pfd, it->name, 0) != 0)
			return err_set(e, RC_SYS,
				       _("cannot keep %s in %s/%s/: %s"),
				       it->f.path, d->path, DEPLOY_PREVIOUS_DIR,
				       strerror(errno));
		it->existed = 1;
	}
	for (i = 0; i < j->nours; i++) {
		if (deploy_open_previous(&j->dirs[i], 1, e) != RC_OK)
			return e->rc;
		(void)fsync(j->dirs[i].pfd);
	}
	return deploy_write_manifests(j, e);
}

enum rc deploy_write_at(int dirfd, const char *name, const char *shown,
			const char *data, size_t len, unsigned mode, uid_t uid,
			gid_t gid, const char *owner, const char *group,
			struct err *e)
{
	/* The prefix is what deploy_recover() knows the temporaries of an
	 * interrupted deploy by. */
	const struct atomic_spec spec = { .prefix = DEPLOY_TMP_PREFIX,
					  .mode = mode,
					  .uid = uid,
					  .gid = gid,
					  .sync_dir = 1 };
	enum atomic_step step;

	if (atomic_write(dirfd, name, data, len, &spec, &step) == 0)
		return RC_OK;
	if (step == ATOMIC_STEP_NAME && errno == EIO)
		return err_set(e, RC_CRYPTO, _("no randomness"));
	if (step == ATOMIC_STEP_OWNER)
		return err_set(e, RC_SYS, _("cannot give %s to %s%s%s: %s"),
			       shown, owner ? owner : "", group ? ":" : "",
			       group ? group : "", strerror(errno));
	return err_set(e, RC_SYS, _("cannot write %s: %s"), shown,
		       strerror(errno));
}

/* Writes every file of the plan, each atomically with its owner and
 * mode (deploy_write_at), telling t->file_done after each. */
static enum rc write_files(struct deploy_job *j, struct deploy_report *r,
			   struct err *e)
{
	const struct deploy_target *t = j->t;
	size_t i;

	for (i = 0; i < j->n; i++) {
		struct item *it = &j->items[i];

		if (deploy_write_at(j->dirs[it->dir].fd, it->name, it->f.path,
				    it->data, it->len, it->f.mode, j->uid,
				    j->gid, t->owner, t->group, e) != RC_OK)
			return e->rc;
		it->written = 1;
		r->n_files++;
		if (t->file_done != NULL)
			t->file_done(t->file_done_arg, it->name);
	}
	return RC_OK;
}

/* Puts the previous set back: kept files are renamed from .previous/
 * (atomic per file), files that did not exist before are removed.
 * Returns 0, or -1 with why (the first failure) in msg and the directory
 * whose .previous/ still holds files in *where. */
static int restore_previous(struct deploy_job *j, char *msg, size_t msgsz,
			    const char **where)
{
	int bad = 0;
	size_t i;

	msg[0] = '\0';
	for (i = 0; i < j->n; i++) {
		struct item *it = &j->items[i];
		struct tdir *d = &j->dirs[it->dir];
		int r;

		if (it->existed)
			r = renameat(d->pfd, it->name, d->fd, it->name);
		else if (it->written)
			r = unlinkat(d->fd, it->name, 0);
		else
			continue;
		if (r != 0 && !(errno == ENOENT && !it->existed) && !bad) {
			snprintf(msg, msgsz, "%s: %s", it->f.path,
				 strerror(errno));
			*where = d->path;
			bad = 1;
		}
	}
	for (i = 0; i < j->nours; i++)
		(void)fsync(j->dirs[i].fd);
	return bad ? -1 : 0;
}

/* Passes a line of the reload command's output (or the runner's note)
 * to the target's log. */
static void reload_line(void *arg, enum proc_line_kind kind, const char *line)
{
	const struct deploy_job *j = arg;

	(void)kind;
	j->t->log(j->t->log_arg, line);
}

enum rc deploy_job_reload(struct deploy_job *j, long *ms, char *detail,
			  size_t dsz)
{
	struct proc_spec spec = { 0 };
	struct proc_result res;
	enum rc rc;

	spec.argv = (const char *const *)j->argv;
	spec.timeout_ms = j->t->reload_timeout_ms > 0
				  ? j->t->reload_timeout_ms
				  : DEPLOY_RELOAD_TIMEOUT_MS_DEFAULT;
	spec.on_line = j->t->log != NULL ? reload_line : NULL;
	spec.line_arg = j;
	rc = proc_run(&spec, &res, NULL);
	if (rc == RC_OK)
		rc = proc_result_rc(&res);
	*ms = res.elapsed_ms;
	detail[0] = '\0';
	if (rc != RC_OK)
		proc_result_text(&res, detail, dsz);
	return rc;
}

int deploy_had_previous(const struct deploy_job *j)
{
	size_t i;

	for (i = 0; i < j->n; i++)
		if (j->items[i].existed)
			return 1;
	return 0;
}

void deploy_undo_files(struct deploy_job *j, struct deploy_report *r,
		       const struct err *e, struct deploy_undo *u)
{
	memset(u, 0, sizeof(*u));
	u->rc = e->rc;
	u->where = "";
	u->previous = deploy_had_previous(j);
	snprintf(u->first, sizeof(u->first), "%s", err_text(e));
	if (restore_previous(j, u->why, sizeof(u->why), &u->where) != 0) {
		u->failed = 1;
		return;
	}
	r->rolled_back = 1;
	deploy_forget(j, 0, NULL);
}

void deploy_undo_message(const struct deploy_undo *u, int reloaded, enum rc rrc,
			 const char *rhow, struct deploy_report *r,
			 struct err *e)
{
	char msg[2 * ERR_MSG_MAX];

	if (u->failed) {
		snprintf(msg, sizeof(msg),
			 _("%s; restoring the previous certificate files "
			   "failed (%s): they are in %s/%s, and the next "
			   "deploy restores them first"),
			 u->first, u->why, u->where, DEPLOY_PREVIOUS_DIR);
	} else if (!u->previous) {
		snprintf(msg, sizeof(msg),
			 _("%s; the new files were removed (there were no "
			   "previous ones)"),
			 u->first);
	} else if (reloaded && rrc != RC_OK) {
		snprintf(msg, sizeof(msg),
			 _("%s; the previous certificate files were "
			   "restored, but the reload with them %s too"),
			 u->first, rhow);
	} else {
		r->restore_reload_ok = reloaded;
		snprintf(msg, sizeof(msg),
			 _("%s; the previous certificate files were "
			   "restored"),
			 u->first);
	}
	err_clear(e);
	err_set(e, u->rc, "%s", msg);
}

/* After a failed write or reload: restores the previous set and (when
 * reloaded is set, i.e. the server may have read the new files) reloads
 * once more.  Rewrites e to say so. */
static void roll_back(struct deploy_job *j, int reloaded,
		      struct deploy_report *r, struct err *e)
{
	struct deploy_undo u;
	char how[ERR_MSG_MAX];
	enum rc rrc = RC_OK;
	long ms = 0;

	how[0] = '\0';
	deploy_undo_files(j, r, e, &u);
	if (!u.failed && u.previous && reloaded)
		rrc = deploy_job_reload(j, &ms, how, sizeof(how));
	deploy_undo_message(&u, reloaded, rrc, how, r, e);
}

void deploy_keep_first_set(struct deploy_job *j, struct deploy_report *r,
			   enum rc rc, const char *how, struct err *e)
{
	struct err fe = { 0 };

	r->kept_first = 1;
	if (deploy_forget(j, 1, &fe) != RC_OK) {
		err_set(e, fe.rc, _("reload '%s' %s; %s"), j->t->reload_cmd,
			how, err_text(&fe));
		return;
	}
	err_set(e, rc,
		_("reload '%s' %s; the new files stay in place (there were no "
		  "previous ones to go back to): start the server, or fix it "
		  "and run 'cert deploy'"),
		j->t->reload_cmd, how);
}

enum rc deploy_job_install(struct deploy_job *j, const struct deploy_target *t,
			   const struct deploy_files *f,
			   struct deploy_report *r, struct err *e)
{
	enum rc rc;

	memset(r, 0, sizeof(*r));
	j->t = t;
	rc = plan(j, f, e);
	if (rc == RC_OK)
		rc = open_dirs(j, e);
	if (rc == RC_OK)
		rc = deploy_recover(j, r, e);
	if (rc != RC_OK)
		return rc;
	rc = keep_previous(j, e);
	if (rc != RC_OK) {
		deploy_forget(j, 0, NULL); /* nothing was written yet */
		return rc;
	}
	rc = write_files(j, r, e);
	if (rc != RC_OK) {
		roll_back(j, 0, r, e);
		r->n_files = 0;
	}
	return rc;
}

enum rc deploy_job_relock(struct deploy_job *j, struct err *e)
{
	const struct deploy_target *t = j->t;

	j->deadline = mono_ms() + (t->lock_wait_ms > 0 ? t->lock_wait_ms : 0);
	return deploy_lock_dirs(j, e);
}

enum rc deploy_cert(const struct deploy_target *t, const struct deploy_files *f,
		    struct deploy_report *r, struct err *e)
{
	struct deploy_job j = { 0 };
	enum rc rc;

	rc = deploy_job_install(&j, t, f, r, e);
	if (rc != RC_OK)
		goto out;
	if (j.argv != NULL) {
		char how[ERR_MSG_MAX];

		r->reload_ran = 1;
		rc = deploy_job_reload(&j, &r->reload_ms, how, sizeof(how));
		if (rc != RC_OK && !deploy_had_previous(&j)) {
			deploy_keep_first_set(&j, r, rc, how, e);
			goto out;
		}
		if (rc != RC_OK) {
			err_set(e, rc, _("reload '%s' %s"), t->reload_cmd, how);
			roll_back(&j, 1, r, e);
			goto out;
		}
	}
	/* The commit point: from here on the new set is the one to keep. */
	rc = deploy_forget(&j, 1, e);
out:
	deploy_job_clear(&j);
	return rc;
}
