/* SPDX-License-Identifier: ISC */
/* export.c - a certificate's files copied into a directory (export.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db/store_certs.h"
#include "lifecycle/export.h"
#include "util/atomic.h"
#include "util/fileio.h"
#include "util/i18n.h"

const char *const lc_export_names[LC_EXPORT_FILES] = { "cert.pem", "chain.pem",
						       "fullchain.pem",
						       "privkey.pem" };

const unsigned lc_export_modes[LC_EXPORT_FILES] = { 0644, 0644, 0644, 0600 };

/* Writes data into a new temporary file of dfd (dir, for messages) for
 * file number i, with its final mode, and syncs it (atomic_prepare);
 * *t holds it then.  On failure nothing is left behind. */
static enum rc write_tmp(int dfd, const char *dir, size_t i, const char *data,
			 size_t len, struct atomic_tmp *t, struct err *e)
{
	char prefix[32];
	struct atomic_spec spec = { .prefix = prefix,
				    .mode = lc_export_modes[i],
				    .uid = (uid_t)-1,
				    .gid = (gid_t)-1 };
	enum atomic_step step;

	snprintf(prefix, sizeof(prefix), ".%s.", lc_export_names[i]);
	if (atomic_prepare(dfd, &spec, data, len, t, &step) == 0)
		return RC_OK;
	if (step == ATOMIC_STEP_NAME && errno == EIO)
		return err_set(e, RC_CRYPTO, _("no randomness"));
	return err_set(e, RC_SYS, _("cannot write %s/%s: %s"), dir,
		       lc_export_names[i], strerror(errno));
}

/* Refuses a name of file number i in dfd (dir, for messages) that a
 * rename could not replace, a directory, before any file is renamed:
 * so that the renames do not stop half-way for that. */
static enum rc check_name(int dfd, const char *dir, size_t i, struct err *e)
{
	struct stat st;

	if (fstatat(dfd, lc_export_names[i], &st, AT_SYMLINK_NOFOLLOW) != 0)
		return RC_OK; /* absent (or unreadable: the rename will say) */
	if (S_ISDIR(st.st_mode))
		return err_set(e, RC_SYS, _("cannot write %s/%s: %s"), dir,
			       lc_export_names[i], strerror(EISDIR));
	return RC_OK;
}

/* leaf + intermediates, a new string (caller frees); NULL when out of
 * memory. */
static char *fullchain_of(const struct cert_row *c)
{
	size_t nleaf = strlen(c->cert_pem);
	size_t li = c->chain_pem ? strlen(c->chain_pem) : 0;
	char *full = malloc(nleaf + li + 1);

	if (full == NULL)
		return NULL;
	memcpy(full, c->cert_pem, nleaf);
	if (li > 0)
		memcpy(full + nleaf, c->chain_pem, li);
	full[nleaf + li] = '\0';
	return full;
}

enum rc lc_cert_export(struct lc *lc, const char *name, const char *dir,
		       size_t *nfiles, struct err *e)
{
	struct atomic_tmp tmp[LC_EXPORT_FILES];
	const char *data[LC_EXPORT_FILES];
	struct cert_row c = { 0 };
	char *full = NULL;
	size_t n = 0, i;
	int dfd = -1;
	enum rc rc;

	memset(tmp, 0, sizeof(tmp));
	if (nfiles != NULL)
		*nfiles = 0;
	if (dir == NULL || dir[0] == '\0')
		return err_set(e, RC_USAGE, "%s",
			       _("no directory to copy the files to"));
	rc = store_cert_get_by_name(lc->st, name, &c, e);
	if (rc != RC_OK)
		goto out;
	if (c.cert_pem == NULL) {
		rc = err_set(e, RC_USAGE,
			     _("certificate '%s' has not been issued yet"),
			     c.name);
		goto out;
	}
	full = fullchain_of(&c);
	if (full == NULL) {
		rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		goto out;
	}
	data[0] = c.cert_pem;
	data[1] = c.chain_pem ? c.chain_pem : "";
	data[2] = full;
	data[3] = c.key_pem;
	/* A watched certificate's key is not acmetui's: none to write. */
	n = c.key_pem != NULL ? 4 : 3;
	rc = file_mkdirs(dir, 0755, e);
	if (rc != RC_OK)
		goto out;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		rc = err_set(e, RC_SYS, _("cannot open directory %s: %s"), dir,
			     strerror(errno));
		goto out;
	}
	for (i = 0; i < n; i++) {
		rc = check_name(dfd, dir, i, e);
		if (rc == RC_OK)
			rc = write_tmp(dfd, dir, i, data[i], strlen(data[i]),
				       &tmp[i], e);
		if (rc != RC_OK)
			goto out;
	}
	for (i = 0; i < n; i++) {
		if (atomic_commit(&tmp[i], lc_export_names[i], 0) != 0) {
			rc = err_set(e, RC_SYS, _("cannot write %s/%s: %s"),
				     dir, lc_export_names[i], strerror(errno));
			goto out;
		}
	}
	/* Some file systems refuse to sync a directory; the files are. */
	(void)fsync(dfd);
	if (nfiles != NULL)
		*nfiles = n;
	/* The files are written: an inventory too busy for the event does
	 * not undo that, so its result is not ours to return. */
	if (n == 4)
		lc_event(lc, c.id, 0, c.name, LC_STAGE_EXPORT, "info",
			 _("copied cert.pem, chain.pem, fullchain.pem and "
			   "privkey.pem to %s"),
			 dir);
	else
		lc_event(lc, c.id, 0, c.name, LC_STAGE_EXPORT, "info",
			 _("copied cert.pem, chain.pem and fullchain.pem to "
			   "%s (no key: the certificate is only watched)"),
			 dir);
out:
	for (i = 0; i < LC_EXPORT_FILES; i++)
		atomic_discard(&tmp[i]);
	if (dfd >= 0)
		close(dfd);
	free(full);
	cert_row_clear(&c);
	return rc;
}
