/* SPDX-License-Identifier: ISC */
/* target.c - what a deploy target writes where, with which mode and
 * owner: the checks deploy_cert() makes before it touches anything, also
 * used by `cert add` / `cert set` to refuse a target at once. */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/deploy.h"
#include "util/proc.h"
#include "util/shellcmd.h"
#include "util/err.h"

#define NAMEBUF_MAX 16384 /* getpwnam_r/getgrnam_r scratch space */

/* Per kind: stable name, default file name in DIR, words for messages. */
static const struct {
	const char *name;
	const char *file;
	const char *what;
} kinds[DEPLOY_MAX_FILES] = {
	[DEPLOY_CERT] = { "cert", "cert.pem", N_("certificate") },
	[DEPLOY_CHAIN] = { "chain", "chain.pem", N_("chain") },
	[DEPLOY_FULLCHAIN] = { "fullchain", "fullchain.pem", N_("full chain") },
	[DEPLOY_COMBINED] = { "combined", "combined.pem", N_("combined") },
	[DEPLOY_KEY] = { "key", "privkey.pem", N_("key") },
};

const char *deploy_kind_name(enum deploy_kind k)
{
	if ((unsigned)k >= DEPLOY_MAX_FILES)
		return "unknown";
	return kinds[k].name;
}

enum rc deploy_parse_mode(const char *s, unsigned *mode, struct err *e)
{
	size_t i, len = s ? strlen(s) : 0;
	unsigned v = 0;

	if (len < 3 || len > 4)
		goto bad;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '7')
			goto bad;
		v = v * 8 + (unsigned)(s[i] - '0');
	}
	if (v > 0777)
		goto bad;
	*mode = v;
	return RC_OK;
bad:
	return err_set(e, RC_INPUT,
		       _("invalid file mode '%s' (octal permissions such as "
			 "0644 or 0600; no setuid, setgid or sticky bits)"),
		       s ? s : "");
}

enum rc deploy_check_path(const char *what, const char *path, struct err *e)
{
	const char *base;
	size_t i, len = strlen(path);

	if (path[0] != '/')
		return err_set(e, RC_INPUT,
			       _("%s path '%s' is not an absolute path"), what,
			       path);
	if (len >= DEPLOY_PATH_MAX)
		return err_set(e, RC_INPUT,
			       _("%s path is too long (%zu "
				 "bytes)"),
			       what, len);
	for (i = 0; i < len; i++)
		if ((unsigned char)path[i] < 0x20 || path[i] == 0x7f)
			return err_set(e, RC_INPUT,
				       _("%s path '%s' contains a control "
					 "character"),
				       what, path);
	base = strrchr(path, '/') + 1;
	if (base[0] == '\0')
		return err_set(e, RC_INPUT,
			       _("%s path '%s' names a directory, not a "
				 "file"),
			       what, path);
	if (base[0] == '.')
		return err_set(e, RC_INPUT,
			       _("%s path '%s': names starting with '.' are "
				 "reserved for the deploy's temporary and "
				 "previous files"),
			       what, path);
	return RC_OK;
}

/* Checks the two modes (0 stands for the default). */
static enum rc check_modes(const struct deploy_target *t, struct err *e)
{
	unsigned cm = t->cert_mode ? t->cert_mode : DEPLOY_CERT_MODE_DEFAULT;
	unsigned km = t->key_mode ? t->key_mode : DEPLOY_KEY_MODE_DEFAULT;

	if (cm > 0777 || (cm & 0400) == 0)
		return err_set(e, RC_INPUT,
			       _("certificate file mode %04o: the files' owner "
				 "must be able to read them"),
			       cm);
	if (km > 0777 || (km & 0400) == 0)
		return err_set(e, RC_INPUT,
			       _("key file mode %04o: the key's owner must be "
				 "able to read it"),
			       km);
	if ((km & 0007) != 0)
		return err_set(e, RC_INPUT,
			       _("key file mode %04o would let every user of "
				 "the system read the private key; use 0600, "
				 "or 0640 with a deploy group"),
			       km);
	if ((km & 0070) != 0 && (t->group == NULL || t->group[0] == '\0'))
		return err_set(e, RC_INPUT,
			       _("key file mode %04o lets the file's group "
				 "read the private key, but no deploy group is "
				 "set: name the group, or use 0600"),
			       km);
	return RC_OK;
}

/* The path of kind k (explicit, else DIR/default name, else none) into
 * out (size DEPLOY_PATH_MAX); 1 when the kind is written, 0 when not. */
static int kind_path(const struct deploy_target *t, enum deploy_kind k,
		     char *out)
{
	const char *explicit[DEPLOY_MAX_FILES] = {
		[DEPLOY_CERT] = t->cert_path,
		[DEPLOY_CHAIN] = t->chain_path,
		[DEPLOY_FULLCHAIN] = t->fullchain_path,
		[DEPLOY_COMBINED] = t->combined_path,
		[DEPLOY_KEY] = t->key_path,
	};
	size_t dlen;

	if (explicit[k] != NULL && explicit[k][0] != '\0') {
		snprintf(out, DEPLOY_PATH_MAX, "%s", explicit[k]);
		return 1;
	}
	if (t->dir == NULL || t->dir[0] == '\0')
		return 0;
	if (k == DEPLOY_COMBINED && !t->combined)
		return 0;
	dlen = strlen(t->dir);
	while (dlen > 1 && t->dir[dlen - 1] == '/')
		dlen--; /* "/srv/tls/" and "/srv/tls" are one directory */
	snprintf(out, DEPLOY_PATH_MAX, "%.*s/%s", dlen == 1 ? 0 : (int)dlen,
		 t->dir, kinds[k].file);
	return 1;
}

/* Checks the deploy directory itself. */
static enum rc check_dir(const struct deploy_target *t, struct err *e)
{
	if (t->dir == NULL || t->dir[0] == '\0')
		return RC_OK;
	if (t->dir[0] != '/')
		return err_set(e, RC_INPUT,
			       _("deploy directory '%s' is not an absolute "
				 "path"),
			       t->dir);
	if (strlen(t->dir) + sizeof("/fullchain.pem") > DEPLOY_PATH_MAX)
		return err_set(e, RC_INPUT, _("deploy directory is too long"));
	return RC_OK;
}

enum rc deploy_target_files(const struct deploy_target *t,
			    struct deploy_file out[DEPLOY_MAX_FILES], size_t *n,
			    struct err *e)
{
	enum rc rc;
	size_t j;
	int k;

	*n = 0;
	rc = check_dir(t, e);
	if (rc == RC_OK)
		rc = check_modes(t, e);
	if (rc != RC_OK)
		return rc;
	if (t->combined && (t->dir == NULL || t->dir[0] == '\0') &&
	    (t->combined_path == NULL || t->combined_path[0] == '\0'))
		return err_set(e, RC_INPUT,
			       _("combined.pem needs a deploy directory or a "
				 "path of its own"));
	for (k = 0; k < DEPLOY_MAX_FILES; k++) {
		struct deploy_file *f = &out[*n];

		if (!kind_path(t, (enum deploy_kind)k, f->path))
			continue;
		rc = deploy_check_path(_(kinds[k].what), f->path, e);
		if (rc != RC_OK)
			return rc;
		f->kind = (enum deploy_kind)k;
		f->mode = k == DEPLOY_KEY || k == DEPLOY_COMBINED
				  ? (t->key_mode ? t->key_mode
						 : DEPLOY_KEY_MODE_DEFAULT)
				  : (t->cert_mode ? t->cert_mode
						  : DEPLOY_CERT_MODE_DEFAULT);
		for (j = 0; j < *n; j++)
			if (strcmp(out[j].path, f->path) == 0)
				return err_set(e, RC_INPUT,
					       _("the %s and the %s would both "
						 "be written to %s"),
					       _(kinds[out[j].kind].what),
					       _(kinds[k].what), f->path);
		(*n)++;
	}
	if (*n == 0)
		return err_set(e, RC_USAGE,
			       _("no deploy target: a deploy directory or a "
				 "path for at least one file is needed"));
	return RC_OK;
}

enum rc deploy_resolve_owner(const struct deploy_target *t, uid_t *uid,
			     gid_t *gid, struct err *e)
{
	struct passwd pw, *pwp = NULL;
	struct group gr, *grp = NULL;
	char *scratch = NULL;
	enum rc rc = RC_OK;
	int r;

	*uid = (uid_t)-1;
	*gid = (gid_t)-1;
	if ((t->owner == NULL || t->owner[0] == '\0') &&
	    (t->group == NULL || t->group[0] == '\0'))
		return RC_OK;
	scratch = malloc(NAMEBUF_MAX);
	if (scratch == NULL)
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	if (t->owner != NULL && t->owner[0] != '\0') {
		r = getpwnam_r(t->owner, &pw, scratch, NAMEBUF_MAX, &pwp);
		if (r != 0 || pwp == NULL) {
			rc = err_set(e, RC_INPUT,
				     _("deploy owner '%s' is not a user on "
				       "this system%s%s"),
				     t->owner, r != 0 ? ": " : "",
				     r != 0 ? strerror(r) : "");
			goto out;
		}
		*uid = pw.pw_uid;
	}
	if (t->group != NULL && t->group[0] != '\0') {
		r = getgrnam_r(t->group, &gr, scratch, NAMEBUF_MAX, &grp);
		if (r != 0 || grp == NULL) {
			rc = err_set(e, RC_INPUT,
				     _("deploy group '%s' is not a group on "
				       "this system%s%s"),
				     t->group, r != 0 ? ": " : "",
				     r != 0 ? strerror(r) : "");
			goto out;
		}
		*gid = gr.gr_gid;
	}
out:
	free(scratch);
	return rc;
}

enum rc deploy_check_target(const struct deploy_target *t, struct err *e)
{
	struct deploy_file *files = NULL;
	struct err se = { 0 };
	enum rc rc;
	size_t n = 0;
	uid_t uid;
	gid_t gid;

	files = calloc(DEPLOY_MAX_FILES, sizeof(*files));
	if (files == NULL)
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	rc = deploy_target_files(t, files, &n, e);
	if (rc == RC_OK)
		rc = deploy_resolve_owner(t, &uid, &gid, e);
	if (rc == RC_OK && t->reload_cmd != NULL && t->reload_cmd[0] != '\0') {
		if (shellcmd_check(t->reload_cmd, &se) != RC_OK)
			rc = err_set(e, se.rc, _("reload command: %s"),
				     err_text(&se));
	}
	free(files);
	return rc;
}
