/* deploy.c - write a certificate's files into a deploy directory, reload
 * the server, and put the previous files back when the reload fails.
 * The steps and the layout are described in deploy.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "deploy/deploy.h"
#include "solvers/dns01_hook.h"
#include "util/err.h"
#include "util/fileio.h"

#define NAMEBUF_MAX 16384	/* getpwnam_r/getgrnam_r scratch space */

/* Every file name a deploy may own, so that .previous/ is cleaned of all
 * of them (combined.pem included when it is not written this time). */
static const char *const all_names[DEPLOY_MAX_FILES] = {
	"cert.pem", "chain.pem", "fullchain.pem", "privkey.pem",
	"combined.pem"
};

/* One file to write. */
struct item {
	const char *name;
	const char *data;	/* borrowed from struct deploy_files or job */
	size_t len;
	unsigned mode;
	int existed;		/* a live file was linked into .previous/ */
	int written;
};

/* The state of one deploy_cert() call; released by job_clear(). */
struct job {
	const struct deploy_target *t;
	struct item items[DEPLOY_MAX_FILES];
	size_t n;
	char *fullchain;
	char *combined;		/* secret: key + fullchain */
	size_t combined_len;
	char **argv;		/* the reload command, split */
	uid_t uid;		/* (uid_t)-1: leave as is */
	gid_t gid;		/* (gid_t)-1: leave as is */
	int dfd;		/* DIR, locked */
	int pfd;		/* DIR/.previous */
};

static void job_clear(struct job *j)
{
	if (j->combined != NULL) {
		OPENSSL_cleanse(j->combined, j->combined_len);
		free(j->combined);
	}
	free(j->fullchain);
	dns01_hook_argv_free(j->argv);
	if (j->pfd >= 0)
		close(j->pfd);
	if (j->dfd >= 0)
		close(j->dfd); /* also releases the flock */
	j->combined = j->fullchain = NULL;
	j->argv = NULL;
	j->pfd = j->dfd = -1;
}

/* Milliseconds of a monotonic clock. */
static long long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Resolves the owner and group names to ids.  An unknown name is an
 * error: guessing would hand a private key to the wrong account. */
static enum acme_rc resolve_ids(struct job *j, struct err *e)
{
	struct passwd pw, *pwp = NULL;
	struct group gr, *grp = NULL;
	char *scratch = NULL;
	enum acme_rc rc = RC_OK;
	int r;

	j->uid = (uid_t)-1;
	j->gid = (gid_t)-1;
	if ((j->t->owner == NULL || j->t->owner[0] == '\0') &&
	    (j->t->group == NULL || j->t->group[0] == '\0'))
		return RC_OK;
	scratch = malloc(NAMEBUF_MAX);
	if (scratch == NULL)
		return err_set(e, RC_NOMEM, "%s", acme_rc_str(RC_NOMEM));
	if (j->t->owner != NULL && j->t->owner[0] != '\0') {
		r = getpwnam_r(j->t->owner, &pw, scratch, NAMEBUF_MAX, &pwp);
		if (r != 0 || pwp == NULL) {
			rc = err_set(e, RC_INPUT,
				     _("deploy owner '%s' is not a user on "
				       "this system%s%s"),
				     j->t->owner, r != 0 ? ": " : "",
				     r != 0 ? strerror(r) : "");
			goto out;
		}
		j->uid = pw.pw_uid;
	}
	if (j->t->group != NULL && j->t->group[0] != '\0') {
		r = getgrnam_r(j->t->group, &gr, scratch, NAMEBUF_MAX, &grp);
		if (r != 0 || grp == NULL) {
			rc = err_set(e, RC_INPUT,
				     _("deploy group '%s' is not a group on "
				       "this system%s%s"),
				     j->t->group, r != 0 ? ": " : "",
				     r != 0 ? strerror(r) : "");
			goto out;
		}
		j->gid = gr.gr_gid;
	}
out:
	free(scratch);
	return rc;
}

/* Adds one file to the plan. */
static void plan_add(struct job *j, const char *name, const char *data,
		     size_t len, unsigned mode)
{
	struct item *it = &j->items[j->n++];

	it->name = name;
	it->data = data;
	it->len = len;
	it->mode = mode;
}

/* Checks the target and the files and builds the list of files to write;
 * touches nothing on disk. */
static enum acme_rc plan(struct job *j, const struct deploy_files *f,
			 struct err *e)
{
	const struct deploy_target *t = j->t;
	const char *chain = f->chain_pem ? f->chain_pem : "";
	size_t klen, clen, chlen;
	enum acme_rc rc;

	if (t->dir == NULL || t->dir[0] == '\0')
		return err_set(e, RC_USAGE, _("no deploy directory given"));
	if (t->dir[0] != '/')
		return err_set(e, RC_INPUT,
			       _("deploy directory '%s' is not an absolute "
				 "path"),
			       t->dir);
	if (f->key_pem == NULL || f->key_pem[0] == '\0' ||
	    f->cert_pem == NULL || f->cert_pem[0] == '\0')
		return err_set(e, RC_USAGE, _("no certificate or key to "
					      "deploy"));
	if (t->reload_cmd != NULL && t->reload_cmd[0] != '\0') {
		struct err se = { 0 };

		j->argv = dns01_hook_split(t->reload_cmd, &se);
		if (j->argv == NULL)
			return err_set(e, se.rc, _("reload command: %s"),
				       err_text(&se));
	}
	rc = resolve_ids(j, e);
	if (rc != RC_OK)
		return rc;
	klen = strlen(f->key_pem);
	clen = strlen(f->cert_pem);
	chlen = strlen(chain);
	j->fullchain = malloc(clen + chlen + 1);
	if (j->fullchain == NULL)
		return err_set(e, RC_NOMEM, "%s", acme_rc_str(RC_NOMEM));
	memcpy(j->fullchain, f->cert_pem, clen);
	memcpy(j->fullchain + clen, chain, chlen + 1);
	if (t->combined) {
		j->combined_len = klen + clen + chlen;
		j->combined = malloc(j->combined_len + 1);
		if (j->combined == NULL)
			return err_set(e, RC_NOMEM, "%s",
				       acme_rc_str(RC_NOMEM));
		memcpy(j->combined, f->key_pem, klen);
		memcpy(j->combined + klen, j->fullchain, clen + chlen + 1);
	}
	/* The key last: until it is in place the old key still matches
	 * the old certificate files a careless reader might pick up. */
	plan_add(j, "cert.pem", f->cert_pem, clen, 0644);
	plan_add(j, "chain.pem", chain, chlen, 0644);
	plan_add(j, "fullchain.pem", j->fullchain, clen + chlen, 0644);
	if (t->combined)
		plan_add(j, "combined.pem", j->combined, j->combined_len,
			 0600);
	plan_add(j, "privkey.pem", f->key_pem, klen, 0600);
	return RC_OK;
}

/* Creates and opens DIR, takes its lock, opens (creating) .previous/. */
static enum acme_rc open_dirs(struct job *j, struct err *e)
{
	const char *dir = j->t->dir;
	struct stat st;

	if (file_mkdirs(dir, 0755, e) != RC_OK)
		return e->rc;
	j->dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (j->dfd < 0)
		return err_set(e, RC_SYS, _("cannot open deploy directory "
					    "%s: %s"),
			       dir, strerror(errno));
	if (flock(j->dfd, LOCK_EX | LOCK_NB) != 0)
		return err_set(e, errno == EWOULDBLOCK ? RC_EXISTS : RC_SYS,
			       _("cannot lock deploy directory %s: %s"), dir,
			       errno == EWOULDBLOCK
				       ? _("another deploy to it is running")
				       : strerror(errno));
	if (mkdirat(j->dfd, DEPLOY_PREVIOUS_DIR, 0700) != 0 &&
	    errno != EEXIST)
		return err_set(e, RC_SYS, _("cannot create %s/%s: %s"), dir,
			       DEPLOY_PREVIOUS_DIR, strerror(errno));
	j->pfd = openat(j->dfd, DEPLOY_PREVIOUS_DIR,
			O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (j->pfd < 0)
		return err_set(e, RC_SYS, _("cannot open %s/%s: %s"), dir,
			       DEPLOY_PREVIOUS_DIR, strerror(errno));
	if (fstat(j->pfd, &st) != 0 || st.st_uid != geteuid() ||
	    (st.st_mode & 0077) != 0)
		return err_set(e, RC_SYS,
			       _("%s/%s must be a directory of ours with mode "
				 "0700; remove it"),
			       dir, DEPLOY_PREVIOUS_DIR);
	return RC_OK;
}

/* Keeps the live set: every live file of the plan gets a second name
 * in .previous/ (first removing whatever an earlier, interrupted deploy
 * left there). */
static enum acme_rc keep_previous(struct job *j, struct err *e)
{
	struct stat st;
	size_t i;

	for (i = 0; i < DEPLOY_MAX_FILES; i++)
		if (unlinkat(j->pfd, all_names[i], 0) != 0 &&
		    errno != ENOENT)
			return err_set(e, RC_SYS, _("cannot remove %s/%s/%s: "
						    "%s"),
				       j->t->dir, DEPLOY_PREVIOUS_DIR,
				       all_names[i], strerror(errno));
	for (i = 0; i < j->n; i++) {
		struct item *it = &j->items[i];

		if (fstatat(j->dfd, it->name, &st, AT_SYMLINK_NOFOLLOW) !=
		    0) {
			if (errno == ENOENT)
				continue;
			return err_set(e, RC_SYS, _("cannot read %s/%s: %s"),
				       j->t->dir, it->name, strerror(errno));
		}
		if (S_ISDIR(st.st_mode))
			return err_set(e, RC_SYS, _("%s/%s is a directory"),
				       j->t->dir, it->name);
		if (linkat(j->dfd, it->name, j->pfd, it->name, 0) != 0)
			return err_set(e, RC_SYS,
				       _("cannot keep %s/%s in %s/: %s"),
				       j->t->dir, it->name,
				       DEPLOY_PREVIOUS_DIR, strerror(errno));
		it->existed = 1;
	}
	(void)fsync(j->pfd);
	return RC_OK;
}

/* Writes every file of the plan, atomically, and sets its owner. */
static enum acme_rc write_files(struct job *j, struct deploy_report *r,
				struct err *e)
{
	size_t i;

	for (i = 0; i < j->n; i++) {
		struct item *it = &j->items[i];

		if (file_write_atomic(j->t->dir, it->name, it->data, it->len,
				      it->mode, e) != RC_OK)
			return e->rc;
		it->written = 1;
		if ((j->uid != (uid_t)-1 || j->gid != (gid_t)-1) &&
		    fchownat(j->dfd, it->name, j->uid, j->gid,
			     AT_SYMLINK_NOFOLLOW) != 0)
			return err_set(e, RC_SYS, _("cannot give %s/%s to "
						    "%s%s%s: %s"),
				       j->t->dir, it->name,
				       j->t->owner ? j->t->owner : "",
				       j->t->group ? ":" : "",
				       j->t->group ? j->t->group : "",
				       strerror(errno));
		r->n_files++;
	}
	return RC_OK;
}

/* Puts the previous set back: kept files are renamed from .previous/
 * (atomic per file), files that did not exist before are removed.
 * Returns 0, or -1 with why (the first failure) in msg. */
static int restore_previous(struct job *j, char *msg, size_t msgsz)
{
	int bad = 0;
	size_t i;

	msg[0] = '\0';
	for (i = 0; i < j->n; i++) {
		struct item *it = &j->items[i];
		int r;

		if (it->existed)
			r = renameat(j->pfd, it->name, j->dfd, it->name);
		else if (it->written)
			r = unlinkat(j->dfd, it->name, 0);
		else
			continue;
		if (r != 0 && !(errno == ENOENT && !it->existed) && !bad) {
			snprintf(msg, msgsz, "%s: %s", it->name,
				 strerror(errno));
			bad = 1;
		}
	}
	(void)fsync(j->dfd);
	return bad ? -1 : 0;
}

/* Removes .previous/ and what is left in it. */
static void drop_previous(struct job *j)
{
	size_t i;

	if (j->pfd < 0)
		return;
	for (i = 0; i < DEPLOY_MAX_FILES; i++)
		unlinkat(j->pfd, all_names[i], 0);
	close(j->pfd);
	j->pfd = -1;
	unlinkat(j->dfd, DEPLOY_PREVIOUS_DIR, AT_REMOVEDIR);
	(void)fsync(j->dfd);
}

/* Passes a line of the reload command's output on without the runner's
 * "dns hook CMD: " prefix (the runner is shared with the DNS hook). */
struct relay {
	const struct deploy_target *t;
	char prefix[300];
	size_t prefix_len;
};

static void relay_line(void *arg, const char *line)
{
	struct relay *rl = arg;

	if (strncmp(line, rl->prefix, rl->prefix_len) == 0)
		line += rl->prefix_len;
	rl->t->log(rl->t->log_arg, line);
}

/* Runs the reload command.  On failure detail (size dsz) says how, as
 * "failed (exit N): first line of its stderr", "did not finish within
 * N s and was killed", "cannot be run: ...". */
static enum acme_rc reload(struct job *j, long *ms, char *detail,
			   size_t dsz)
{
	struct err he = { 0 };
	struct relay rl = { 0 };
	char prefix[300];
	const char *text;
	long long t0 = mono_ms();
	enum acme_rc rc;
	size_t plen;

	rl.t = j->t;
	rl.prefix_len = (size_t)snprintf(rl.prefix, sizeof(rl.prefix),
					 "dns hook %s: ", j->argv[0]);
	rc = dns01_hook_exec((const char *const *)j->argv, NULL,
			     j->t->reload_timeout_ms > 0
				     ? j->t->reload_timeout_ms
				     : DEPLOY_RELOAD_TIMEOUT_MS_DEFAULT,
			     j->t->log ? relay_line : NULL, &rl, &he);
	*ms = (long)(mono_ms() - t0);
	detail[0] = '\0';
	if (rc == RC_OK)
		return RC_OK;
	/* The runner words its failures for the DNS hook ("dns hook 'X'
	 * failed (exit 1): ..."): keep what follows the name. */
	plen = (size_t)snprintf(prefix, sizeof(prefix), "dns hook '%s' ",
				j->argv[0]);
	text = err_text(&he);
	if (strncmp(text, prefix, plen) == 0)
		snprintf(detail, dsz, "%s", text + plen);
	else
		snprintf(detail, dsz, _("failed: %s"), text);
	return rc;
}

/* 1 when some file of the plan was live before this deploy. */
static int had_previous(const struct job *j)
{
	size_t i;

	for (i = 0; i < j->n; i++)
		if (j->items[i].existed)
			return 1;
	return 0;
}

/* After a failed write or reload: restores the previous set and (when
 * reloaded is set, i.e. the server may have read the new files) reloads
 * once more.  Rewrites e to say so. */
static void roll_back(struct job *j, int reloaded, struct deploy_report *r,
		      struct err *e)
{
	char why[ERR_MSG_MAX], first[ERR_MSG_MAX], msg[2 * ERR_MSG_MAX];
	enum acme_rc rc = e->rc;
	int previous = had_previous(j);
	long ms = 0;

	snprintf(first, sizeof(first), "%s", err_text(e));
	if (restore_previous(j, why, sizeof(why)) != 0) {
		snprintf(msg, sizeof(msg),
			 _("%s; restoring the previous certificate files "
			   "failed (%s): they are in %s/%s"),
			 first, why, j->t->dir, DEPLOY_PREVIOUS_DIR);
		goto out;
	}
	r->rolled_back = 1;
	drop_previous(j);
	if (!previous) {
		snprintf(msg, sizeof(msg),
			 _("%s; the new files were removed (there were no "
			   "previous ones)"),
			 first);
	} else if (reloaded && reload(j, &ms, why, sizeof(why)) != RC_OK) {
		snprintf(msg, sizeof(msg),
			 _("%s; the previous certificate files were "
			   "restored, but the reload with them %s too"),
			 first, why);
	} else {
		r->restore_reload_ok = reloaded;
		snprintf(msg, sizeof(msg),
			 _("%s; the previous certificate files were "
			   "restored"),
			 first);
	}
out:
	err_clear(e);
	err_set(e, rc, "%s", msg);
}

enum acme_rc deploy_cert(const struct deploy_target *t,
			 const struct deploy_files *f,
			 struct deploy_report *r, struct err *e)
{
	struct job j = { 0 };
	enum acme_rc rc;

	memset(r, 0, sizeof(*r));
	j.t = t;
	j.dfd = j.pfd = -1;
	rc = plan(&j, f, e);
	if (rc == RC_OK)
		rc = open_dirs(&j, e);
	if (rc != RC_OK)
		goto out;
	rc = keep_previous(&j, e);
	if (rc != RC_OK) {
		drop_previous(&j); /* nothing was written yet */
		goto out;
	}
	rc = write_files(&j, r, e);
	if (rc != RC_OK) {
		roll_back(&j, 0, r, e);
		r->n_files = 0;
		goto out;
	}
	if (j.argv != NULL) {
		char how[ERR_MSG_MAX];

		r->reload_ran = 1;
		rc = reload(&j, &r->reload_ms, how, sizeof(how));
		if (rc != RC_OK) {
			err_set(e, rc, _("reload '%s' %s"), t->reload_cmd, how);
			roll_back(&j, 1, r, e);
			goto out;
		}
	}
	drop_previous(&j);
out:
	job_clear(&j);
	return rc;
}
