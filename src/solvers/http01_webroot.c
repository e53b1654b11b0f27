/* SPDX-License-Identifier: ISC */
/* http01_webroot.c - HTTP-01 by writing the key authorization under a
 * web server's document root.  The solver layer has validated every task
 * (the token is base64url, so it is one harmless path component) and
 * serializes present and cleanup. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "solvers/http01_webroot.h"
#include "util/atomic.h"
#include "util/b64url.h"
#include "util/err.h"

#define WELL_KNOWN ".well-known"
#define CHALLENGE_DIR "acme-challenge"
#define DIR_MODE 0755
#define FILE_MODE 0644

struct webroot {
	char *path;		/* absolute, owned */
	int made_well_known;	/* we created WELL_KNOWN: rmdir when empty */
	int made_challenge_dir; /* likewise CHALLENGE_DIR */
};

/* Opens the webroot directory (following a symbolic link there: it is the
 * operator's choice).  Returns the descriptor, or -1 with e set; with
 * missing_ok, a missing webroot returns -1 and leaves e alone. */
static int webroot_open(const struct webroot *w, int missing_ok, struct err *e)
{
	int fd, saved;

	fd = open(w->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0)
		return fd;
	saved = errno;
	if (saved == ENOENT && missing_ok)
		return -1;
	if (saved == ENOENT)
		err_set(e, RC_SOLVER, _("webroot %s does not exist"), w->path);
	else if (saved == ENOTDIR)
		err_set(e, RC_SOLVER, _("webroot %s is not a directory"),
			w->path);
	else
		err_set(e, RC_SOLVER, _("cannot open webroot %s: %s"), w->path,
			strerror(saved));
	errno = saved;
	return -1;
}

/* Opens directory name below parent (shown as shown/name in messages)
 * without following a symbolic link.  With made != NULL it is created
 * first when missing (mode DIR_MODE whatever the umask) and *made is set
 * when that happened.  Returns the descriptor, or -1: with e set, or with
 * errno ENOENT and e untouched when made == NULL and it does not exist. */
static int subdir_open(int parent, const char *shown, const char *name,
		       int *made, struct err *e)
{
	int fd, created = 0, saved;

	if (made != NULL) {
		if (mkdirat(parent, name, DIR_MODE) == 0)
			created = 1;
		else if (errno != EEXIST)
			goto fail;
	}
	fd = openat(parent, name,
		    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		goto fail;
	if (created) {
		*made = 1;
		if (fchmod(fd, DIR_MODE) != 0) {
			saved = errno;
			close(fd);
			errno = saved;
			goto fail;
		}
	}
	return fd;
fail:
	saved = errno;
	if (saved == ENOENT && made == NULL)
		return -1;
	if (saved == ELOOP || saved == ENOTDIR)
		err_set(e, RC_SOLVER,
			_("%s/%s is a symbolic link or not a directory; "
			  "refusing to write through it"),
			shown, name);
	else
		err_set(e, RC_SOLVER, _("cannot open %s/%s: %s"), shown, name,
			strerror(saved));
	errno = saved;
	return -1;
}

/* Removes the directories this solver created, if they are empty (other
 * tokens may still be published there; rmdir refuses then). */
static void webroot_prune(struct webroot *w, int root, int well_known)
{
	if (well_known >= 0 && w->made_challenge_dir &&
	    unlinkat(well_known, CHALLENGE_DIR, AT_REMOVEDIR) == 0)
		w->made_challenge_dir = 0;
	if (root >= 0 && w->made_well_known && !w->made_challenge_dir &&
	    unlinkat(root, WELL_KNOWN, AT_REMOVEDIR) == 0)
		w->made_well_known = 0;
}

/* Writes text as dir/final (shown, for messages) atomically, mode
 * FILE_MODE whatever the umask (atomic_write; the temporary's name has a
 * '.', which never appears in a token, so it never collides with a
 * published file).  On failure the temporary file is gone and e says
 * why. */
static enum rc publish_file(int dir, const char *shown, const char *final,
			    const char *text, struct err *e)
{
	const struct atomic_spec spec = { .prefix = ".acmetui-",
					  .mode = FILE_MODE,
					  .uid = (uid_t)-1,
					  .gid = (gid_t)-1 };
	enum atomic_step step;

	if (atomic_write(dir, final, text, strlen(text), &spec, &step) == 0)
		return RC_OK;
	if (step == ATOMIC_STEP_NAME && errno == EIO)
		return err_set(e, RC_CRYPTO, _("no randomness"));
	return err_set(e, RC_SOLVER, _("cannot write %s/%s: %s"), shown, final,
		       strerror(errno));
}

/* Publishes t's key authorization as WEBROOT/.well-known/acme-challenge/
 * TOKEN.  On failure nothing new is left behind. */
static enum rc webroot_present(void *priv, const struct solver_task *t,
			       struct err *e)
{
	struct webroot *w = priv;
	char shown[4096 + 32];
	int root = -1, wk = -1, ch = -1;
	enum rc rc = RC_SOLVER;

	/* The solver layer checked the token; this file turns it into a
	 * path, so it checks again rather than trust its caller. */
	if (strnlen(t->token, SOLVER_TOKEN_MAX + 1) > SOLVER_TOKEN_MAX ||
	    !b64url_is_token(t->token, strlen(t->token)))
		return err_set(e, RC_INPUT,
			       _("challenge token for %s is not a safe file "
				 "name"),
			       t->identifier);
	root = webroot_open(w, 0, e);
	if (root < 0)
		goto out;
	wk = subdir_open(root, w->path, WELL_KNOWN, &w->made_well_known, e);
	if (wk < 0)
		goto out;
	snprintf(shown, sizeof(shown), "%s/%s", w->path, WELL_KNOWN);
	ch = subdir_open(wk, shown, CHALLENGE_DIR, &w->made_challenge_dir, e);
	if (ch < 0)
		goto out;
	snprintf(shown, sizeof(shown), "%s/%s/%s", w->path, WELL_KNOWN,
		 CHALLENGE_DIR);
	rc = publish_file(ch, shown, t->token, t->key_authorization, e);
out:
	if (ch >= 0)
		close(ch);
	if (rc != RC_OK)
		webroot_prune(w, root, wk);
	if (wk >= 0)
		close(wk);
	if (root >= 0)
		close(root);
	return rc;
}

/* Removes WEBROOT/.well-known/acme-challenge/TOKEN (missing is fine), then
 * the directories this solver created if they are empty. */
static enum rc webroot_cleanup(void *priv, const struct solver_task *t,
			       struct err *e)
{
	struct webroot *w = priv;
	char shown[4096 + 32];
	int root = -1, wk = -1, ch = -1;
	enum rc rc = RC_SOLVER;

	root = webroot_open(w, 1, e);
	if (root < 0) {
		rc = errno == ENOENT ? RC_OK : RC_SOLVER;
		goto out;
	}
	wk = subdir_open(root, w->path, WELL_KNOWN, NULL, e);
	if (wk < 0) {
		rc = errno == ENOENT ? RC_OK : RC_SOLVER;
		goto out;
	}
	snprintf(shown, sizeof(shown), "%s/%s", w->path, WELL_KNOWN);
	ch = subdir_open(wk, shown, CHALLENGE_DIR, NULL, e);
	if (ch < 0) {
		rc = errno == ENOENT ? RC_OK : RC_SOLVER;
		goto out;
	}
	if (unlinkat(ch, t->token, 0) != 0 && errno != ENOENT) {
		rc = err_set(e, RC_SOLVER, _("cannot remove %s/%s/%s: %s"),
			     shown, CHALLENGE_DIR, t->token, strerror(errno));
		goto out;
	}
	rc = RC_OK;
out:
	if (ch >= 0)
		close(ch);
	if (rc == RC_OK)
		webroot_prune(w, root, wk);
	if (wk >= 0)
		close(wk);
	if (root >= 0)
		close(root);
	return rc;
}

/* Frees the state; NULL is fine. */
static void webroot_fini(void *priv)
{
	struct webroot *w = priv;

	if (w == NULL)
		return;
	free(w->path);
	free(w);
}

/* Checks that cfg->webroot is an absolute path to an existing directory
 * and makes the state (*priv, freed by webroot_fini). */
static enum rc webroot_init(const struct solver_config *cfg, void **priv,
			    struct err *e)
{
	struct webroot *w = NULL;
	enum rc rc = RC_OK;
	int fd;

	if (cfg->webroot == NULL || cfg->webroot[0] == '\0')
		return err_set(e, RC_USAGE, _("no webroot directory given"));
	if (cfg->webroot[0] != '/')
		return err_set(e, RC_USAGE,
			       _("webroot %s is not an absolute path"),
			       cfg->webroot);
	if (strlen(cfg->webroot) > 4096)
		return err_set(e, RC_USAGE, _("webroot path is too long"));
	w = calloc(1, sizeof(*w));
	if (w != NULL)
		w->path = strdup(cfg->webroot);
	if (w == NULL || w->path == NULL) {
		rc = err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	fd = webroot_open(w, 0, e);
	if (fd < 0) {
		rc = RC_SOLVER;
		goto out;
	}
	close(fd);
	*priv = w;
	w = NULL;
out:
	webroot_fini(w);
	return rc;
}

const struct solver_ops http01_webroot_ops = {
	.kind = SOLVER_HTTP01_WEBROOT,
	.challenge_type = "http-01",
	.init = webroot_init,
	.present = webroot_present,
	.cleanup = webroot_cleanup,
	.ready = NULL,
	.port = NULL,
	.fini = webroot_fini,
};
