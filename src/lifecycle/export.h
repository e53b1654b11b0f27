/* SPDX-License-Identifier: ISC */
/* export.h - copy a certificate's files out of the inventory into a
 * directory, for an operator who installs them by hand (`cert export`,
 * the TUI's copy-out form).
 *
 * The files are the ones a deploy directory gets (deploy/deploy.h):
 *
 *	cert.pem	the leaf			0644
 *	chain.pem	the intermediates		0644
 *	fullchain.pem	leaf + intermediates		0644
 *	privkey.pem	the private key			0600
 *
 * privkey.pem only for a certificate acmetui issued: a watched one has
 * no key in the inventory.  Unlike a deploy there is no lock, owner,
 * .previous/ rollback or reload: this is a copy, not an installation. */
#ifndef ACMETUI_LIFECYCLE_EXPORT_H
#define ACMETUI_LIFECYCLE_EXPORT_H

#include <stddef.h>

#include "lifecycle/lc.h"
#include "util/err.h"

#define LC_EXPORT_FILES 4

/* The files in the order they are written: the key last, and only when
 * there is one (lc_cert_export's *nfiles is 3 or 4). */
extern const char *const lc_export_names[LC_EXPORT_FILES];
extern const unsigned lc_export_modes[LC_EXPORT_FILES];

/* Writes the files of certificate name into dir, creating dir (and
 * missing parents, 0755) when it does not exist.  All or nothing: every
 * file is first written to a temporary file in dir (atomic_prepare:
 * given its final mode whatever the umask before it is written) and
 * synced; only when
 * all are written are they renamed over their names, then dir is
 * synced.  A failure before the renames leaves no trace in dir and no
 * file replaced; a name taken by a directory, which a rename could not
 * replace, is refused before any rename.  (A rename failing after the
 * first succeeded, which takes a file system gone wrong in between, is
 * reported with the file it stopped at.)  Records one event ("export")
 * naming dir and the files.
 * *nfiles (may be NULL) gets how many of lc_export_names were written.
 * RC_NOTFOUND for an unknown name, RC_USAGE when the certificate has not
 * been issued, RC_SYS with the path and the reason when a file cannot be
 * written. */
enum rc lc_cert_export(struct lc *lc, const char *name, const char *dir,
		       size_t *nfiles, struct err *e);

#endif
