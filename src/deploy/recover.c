/* SPDX-License-Identifier: ISC */
/* recover.c - the manifests that make a deploy across several
 * directories all-or-nothing across a crash: written before the first
 * file is replaced, removed (the primary's first) to commit, and read by
 * the next deploy to undo or complete an interrupted one in every
 * directory it touched.  The reasoning is in deploy.h. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "deploy/deploy.h"
#include "deploy/job.h"
#include "util/err.h"

/* A manifest: "deploy ID", DEPLOY_MAX_FILES "dir PATH" and as many
 * "kept NAME" / "new NAME" lines at most. */
#define MANIFEST_MAX (2 * DEPLOY_MAX_FILES * (DEPLOY_PATH_MAX + 8) + 64)
#define MANIFEST_DEPLOY "deploy " /* the deploy's random id */
#define MANIFEST_DIR "dir "	  /* one of its directories */
#define MANIFEST_KEPT "kept "	  /* was live: rename it back */
#define MANIFEST_NEW "new "	  /* was not: remove it */
#define NAME_MAX_BYTES 255

void deploy_manifest_clear(struct manifest *m)
{
	free(m->text);
	memset(m, 0, sizeof(*m));
}

/* 1 when s starts with prefix. */
static int starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* 1 when s has a control character (C0 or DEL). */
static int has_control(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/* 1 when s is a deploy id: DEPLOY_ID_LEN lowercase hex digits. */
static int valid_id(const char *s)
{
	size_t i;

	for (i = 0; i < DEPLOY_ID_LEN; i++)
		if (s[i] == '\0' || strchr("0123456789abcdef", s[i]) == NULL)
			return 0;
	return s[i] == '\0';
}

/* 1 when s may name a file a deploy wrote: a plain, visible base name
 * (deploy_check_path refuses hidden ones), so that "../x" or the
 * manifest itself can never be renamed or removed. */
static int valid_name(const char *s)
{
	return s[0] != '\0' && s[0] != '.' && strchr(s, '/') == NULL &&
	       strlen(s) <= NAME_MAX_BYTES && !has_control(s);
}

/* 1 when s may be one of a deploy's directories. */
static int valid_dir(const char *s)
{
	return s[0] == '/' && strlen(s) < DEPLOY_PATH_MAX && !has_control(s);
}

/* Refuses d's manifest: which files the interrupted deploy changed
 * cannot be told, and a guess could mix two sets or remove a live
 * file. */
static enum rc damaged(const struct tdir *d, struct err *e)
{
	return err_set(e, RC_SYS,
		       _("%s/%s/%s is damaged: cannot tell which files an "
			 "interrupted deploy changed; check the files and "
			 "remove %s/%s"),
		       d->path, DEPLOY_PREVIOUS_DIR, DEPLOY_MANIFEST, d->path,
		       DEPLOY_PREVIOUS_DIR);
}

/* Splits d->man.text into its lines and checks every one: the id line
 * first, then at least one directory and one file, no name twice,
 * nothing else. */
static enum rc parse_manifest(struct tdir *d, struct err *e)
{
	struct manifest *m = &d->man;
	char *line = m->text, *nl;
	const char *name;
	size_t k;
	int kept;

	for (; *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl == NULL)
			return damaged(d, e);
		*nl = '\0';
		if (m->id == NULL) {
			if (!starts(line, MANIFEST_DEPLOY) ||
			    !valid_id(line + strlen(MANIFEST_DEPLOY)))
				return damaged(d, e);
			m->id = line + strlen(MANIFEST_DEPLOY);
			continue;
		}
		if (starts(line, MANIFEST_DIR)) {
			name = line + strlen(MANIFEST_DIR);
			if (m->ndirs == DEPLOY_MAX_FILES || !valid_dir(name))
				return damaged(d, e);
			m->dirs[m->ndirs++] = name;
			continue;
		}
		kept = starts(line, MANIFEST_KEPT);
		if (!kept && !starts(line, MANIFEST_NEW))
			return damaged(d, e);
		name = line + strlen(kept ? MANIFEST_KEPT : MANIFEST_NEW);
		if (m->nnames == DEPLOY_MAX_FILES || !valid_name(name))
			return damaged(d, e);
		for (k = 0; k < m->nnames; k++)
			if (strcmp(m->names[k], name) == 0)
				return damaged(d, e);
		m->kept[m->nnames] = kept;
		m->names[m->nnames++] = name;
	}
	if (m->id == NULL || m->ndirs == 0 || m->nnames == 0)
		return damaged(d, e);
	return RC_OK;
}

/* Reads the manifest of d's (open) .previous/ into d->man.text, which
 * stays NULL when there is none. */
static enum rc read_manifest(struct tdir *d, struct err *e)
{
	struct stat st;
	size_t len = 0;
	ssize_t n = 0;
	char *buf = NULL;
	enum rc rc = RC_OK;
	int fd;

	fd = openat(d->pfd, DEPLOY_MANIFEST,
		    O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT)
			return RC_OK;
		return err_set(e, RC_SYS, _("cannot read %s/%s/%s: %s"),
			       d->path, DEPLOY_PREVIOUS_DIR, DEPLOY_MANIFEST,
			       strerror(errno));
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size >= MANIFEST_MAX) {
		rc = damaged(d, e);
		goto out;
	}
	buf = malloc(MANIFEST_MAX);
	if (buf == NULL) {
		rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		goto out;
	}
	while (len < MANIFEST_MAX - 1) {
		n = read(fd, buf + len, MANIFEST_MAX - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	if (n < 0) {
		rc = err_set(e, RC_SYS, _("cannot read %s/%s/%s: %s"), d->path,
			     DEPLOY_PREVIOUS_DIR, DEPLOY_MANIFEST,
			     strerror(errno));
		goto out;
	}
	buf[len] = '\0';
	if (len == MANIFEST_MAX - 1 || strlen(buf) != len) {
		rc = damaged(d, e);
		goto out;
	}
	d->man.text = buf;
	buf = NULL;
out:
	free(buf);
	close(fd);
	return rc;
}

/* Reads and checks the manifests in j's directories [0..n) (locked) and
 * opens (unlocked, to be locked by the caller) each directory they name
 * that j does not have yet, setting *grew.  Earlier reads are dropped:
 * between two rounds the locks were released. */
static enum rc scan(struct deploy_job *j, int *grew, struct err *e)
{
	size_t i, k, idx, n = j->ndirs, before;
	enum rc rc;

	*grew = 0;
	for (i = 0; i < n; i++) {
		struct tdir *d = &j->dirs[i];

		deploy_manifest_clear(&d->man);
		if (d->pfd >= 0) {
			close(d->pfd);
			d->pfd = -1;
		}
		rc = deploy_open_previous(d, 0, e);
		if (rc == RC_OK && d->pfd >= 0)
			rc = read_manifest(d, e);
		if (rc == RC_OK && d->man.text != NULL)
			rc = parse_manifest(d, e);
		if (rc != RC_OK)
			return rc;
		for (k = 0; k < d->man.ndirs; k++) {
			before = j->ndirs;
			rc = deploy_open_dir(j, d->man.dirs[k], 0, &idx, e);
			if (rc != RC_OK)
				return rc;
			if (j->ndirs > before)
				*grew = 1;
			if (k == 0)
				d->man.primary = idx == SIZE_MAX ? -1
								 : (long)idx;
		}
	}
	return RC_OK;
}

/* 1 when d holds a manifest of the deploy id. */
static int has_manifest(const struct tdir *d, const char *id)
{
	return d->man.text != NULL && strcmp(d->man.id, id) == 0;
}

/* Undoes the interrupted deploy in d from its manifest: kept files are
 * renamed back from .previous/ (one already missing there was renamed
 * back by an earlier recovery, itself interrupted), new ones removed.
 * Repeating it is harmless. */
static enum rc restore_dir(struct tdir *d, struct err *e)
{
	const struct manifest *m = &d->man;
	size_t i;
	int r;

	for (i = 0; i < m->nnames; i++) {
		if (m->kept[i])
			r = renameat(d->pfd, m->names[i], d->fd, m->names[i]);
		else
			r = unlinkat(d->fd, m->names[i], 0);
		if (r != 0 && errno != ENOENT)
			return err_set(e, RC_SYS,
				       _("cannot restore %s/%s from an "
					 "interrupted deploy: %s"),
				       d->path, m->names[i], strerror(errno));
	}
	(void)fsync(d->fd); /* best effort: recovery is idempotent */
	return RC_OK;
}

/* Removes d's manifest (durably: see the ordering in deploy.h), then the
 * rest of its .previous/.  RC_SYS when the manifest stays. */
static enum rc drop_manifest(struct tdir *d, struct err *e)
{
	if (unlinkat(d->pfd, DEPLOY_MANIFEST, 0) != 0 && errno != ENOENT)
		return err_set(e, RC_SYS, _("cannot remove %s/%s/%s: %s"),
			       d->path, DEPLOY_PREVIOUS_DIR, DEPLOY_MANIFEST,
			       strerror(errno));
	(void)fsync(d->pfd); /* best effort: see deploy.h */
	deploy_manifest_clear(&d->man);
	return RC_OK;
}

/* Deals with the interrupted deploy id in every directory of j holding
 * its manifest (all of its directories that still exist are in j).
 * Its primary directory still holding the manifest means it did not
 * commit: each directory is restored, the primary last.  Otherwise it
 * had committed and was only tidying up: the manifests and kept files
 * are removed, the new set stays. */
static enum rc recover_deploy(struct deploy_job *j, const char *id,
			      struct deploy_report *r, struct err *e)
{
	char gid[DEPLOY_ID_LEN + 1];
	long primary = -1;
	size_t i, pass;
	int forward;
	enum rc rc;

	memcpy(gid, id, sizeof(gid)); /* id points into a manifest */
	for (i = 0; i < j->ndirs && primary < 0; i++)
		if (has_manifest(&j->dirs[i], gid))
			primary = j->dirs[i].man.primary;
	/* A primary directory that is gone proves nothing: restore. */
	forward = primary >= 0 && !has_manifest(&j->dirs[primary], gid);
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < j->ndirs; i++) {
			struct tdir *d = &j->dirs[i];

			if (!has_manifest(d, gid) ||
			    ((long)i == primary) != (pass == 1))
				continue;
			if (!forward) {
				rc = restore_dir(d, e);
				if (rc != RC_OK)
					return rc;
				r->recovered++;
			} else {
				r->leftovers++;
			}
			rc = drop_manifest(d, e);
			if (rc == RC_OK)
				rc = deploy_empty_previous(d, NULL, e);
			if (rc != RC_OK)
				return rc;
		}
	return RC_OK;
}

/* Removes the temporary files of an interrupted write from d (one may
 * hold a new private key); only a deploy holding d's lock writes them,
 * and we hold it. */
static enum rc remove_temps(struct tdir *d, unsigned *count, struct err *e)
{
	struct dirent *de;
	DIR *dp = NULL;
	int fd;

	fd = dup(d->fd);
	dp = fd >= 0 ? fdopendir(fd) : NULL;
	if (dp == NULL) {
		if (fd >= 0)
			close(fd);
		return err_set(e, RC_SYS, _("cannot read directory %s: %s"),
			       d->path, strerror(errno));
	}
	rewinddir(dp);
	while ((de = readdir(dp)) != NULL)
		if (starts(de->d_name, DEPLOY_TMP_PREFIX) &&
		    unlinkat(d->fd, de->d_name, 0) == 0)
			(*count)++;
	closedir(dp);
	return RC_OK;
}

enum rc deploy_recover(struct deploy_job *j, struct deploy_report *r,
		       struct err *e)
{
	enum rc rc;
	size_t i;
	int grew;

	for (;;) {
		rc = deploy_lock_dirs(j, e);
		if (rc == RC_OK)
			rc = scan(j, &grew, e);
		if (rc != RC_OK)
			return rc;
		if (!grew)
			break;
		/* Take the new directories in lock order with the others,
		 * never while holding some: that could deadlock. */
		deploy_unlock_dirs(j);
	}
	for (i = 0; i < j->ndirs; i++)
		if (j->dirs[i].man.text != NULL) {
			rc = recover_deploy(j, j->dirs[i].man.id, r, e);
			if (rc != RC_OK)
				return rc;
		}
	/* What is left has no manifest: the live set is whole, and what
	 * .previous/ holds (a killed deploy was still keeping the old set)
	 * is not needed. */
	for (i = 0; i < j->ndirs; i++) {
		rc = deploy_empty_previous(&j->dirs[i], &r->leftovers, e);
		if (rc == RC_OK)
			rc = remove_temps(&j->dirs[i], &r->leftovers, e);
		if (rc != RC_OK)
			return rc;
	}
	return RC_OK;
}

/* Appends the line "<key><value>" to buf (size sz, *len used); 0, or -1
 * when it does not fit. */
static int append(char *buf, size_t sz, size_t *len, const char *key,
		  const char *value)
{
	int n = snprintf(buf + *len, sz - *len, "%s%s\n", key, value);

	if (n < 0 || (size_t)n >= sz - *len)
		return -1;
	*len += (size_t)n;
	return 0;
}

/* Builds the manifest of j for its directory dirs[di] into buf. */
static int build_manifest(const struct deploy_job *j, size_t di, char *buf,
			  size_t sz, size_t *len)
{
	size_t k;

	*len = 0;
	if (append(buf, sz, len, MANIFEST_DEPLOY, j->id) != 0)
		return -1;
	for (k = 0; k < j->nours; k++)
		if (append(buf, sz, len, MANIFEST_DIR, j->dirs[k].path) != 0)
			return -1;
	for (k = 0; k < j->n; k++)
		if (j->items[k].dir == di &&
		    append(buf, sz, len,
			   j->items[k].existed ? MANIFEST_KEPT : MANIFEST_NEW,
			   j->items[k].name) != 0)
			return -1;
	return 0;
}

enum rc deploy_write_manifests(struct deploy_job *j, struct err *e)
{
	unsigned char rnd[DEPLOY_ID_LEN / 2];
	char shown[DEPLOY_PATH_MAX + 32];
	char *text = NULL;
	size_t i, k, len;
	enum rc rc = RC_OK;

	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		return err_set(e, RC_CRYPTO, _("no randomness"));
	for (k = 0; k < sizeof(rnd); k++)
		snprintf(j->id + 2 * k, 3, "%02x", rnd[k]);
	text = malloc(MANIFEST_MAX);
	if (text == NULL)
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	/* The primary's last: until it is there, an interruption is taken
	 * for a committed deploy, which is right as nothing is written. */
	for (k = 1; k <= j->nours && rc == RC_OK; k++) {
		struct tdir *d = &j->dirs[k % j->nours];

		i = k % j->nours;
		snprintf(shown, sizeof(shown), "%s/%s/%s", d->path,
			 DEPLOY_PREVIOUS_DIR, DEPLOY_MANIFEST);
		if (build_manifest(j, i, text, MANIFEST_MAX, &len) != 0)
			rc = err_set(e, RC_SYS, _("cannot write %s: %s"), shown,
				     strerror(ENAMETOOLONG));
		else
			rc = deploy_write_at(d->pfd, DEPLOY_MANIFEST, shown,
					     text, len, 0600, (uid_t)-1,
					     (gid_t)-1, NULL, NULL, e);
	}
	free(text);
	return rc;
}

enum rc deploy_forget(struct deploy_job *j, int commit, struct err *e)
{
	struct tdir *p = &j->dirs[0];
	size_t i;

	if (j->nours == 0)
		return RC_OK;
	/* The primary's manifest gone is the commit point: from then on
	 * a recovery keeps the new set everywhere. */
	if (commit && p->pfd >= 0 &&
	    unlinkat(p->pfd, DEPLOY_MANIFEST, 0) != 0 && errno != ENOENT)
		return err_set(e, RC_SYS,
			       _("the new certificate files are in place, "
				 "but %s/%s/%s cannot be removed (%s): the "
				 "next deploy restores the previous files "
				 "first"),
			       p->path, DEPLOY_PREVIOUS_DIR, DEPLOY_MANIFEST,
			       strerror(errno));
	/* Best effort: should the removal be lost to a power cut, the next
	 * deploy restores the old set, which is whole too. */
	if (commit && p->pfd >= 0)
		(void)fsync(p->pfd);
	for (i = 1; i <= j->nours; i++) {
		struct tdir *d = &j->dirs[i % j->nours];

		if (d->pfd < 0)
			continue;
		unlinkat(d->pfd, DEPLOY_MANIFEST, 0);
		(void)fsync(d->pfd);
	}
	for (i = 0; i < j->nours; i++)
		deploy_empty_previous(&j->dirs[i], NULL, NULL);
	return RC_OK;
}

int deploy_still_staged(struct deploy_job *j, struct err *e)
{
	struct tdir *p = &j->dirs[0];
	size_t i;

	for (i = 0; i < j->nours; i++) {
		struct tdir *d = &j->dirs[i];

		deploy_manifest_clear(&d->man);
		if (d->pfd >= 0) {
			close(d->pfd);
			d->pfd = -1;
		}
		/* Another deploy may have emptied and recreated it. */
		if (deploy_open_previous(d, 0, e) != RC_OK)
			return 0;
	}
	if (p->pfd >= 0 && read_manifest(p, e) == RC_OK &&
	    p->man.text != NULL && parse_manifest(p, e) == RC_OK &&
	    has_manifest(p, j->id))
		return 1;
	if (e->rc == RC_OK)
		err_set(e, RC_EXISTS,
			_("another deploy undid this one's files in %s "
			  "before the batch's reload; the next run deploys "
			  "them again"),
			p->path);
	return 0;
}
