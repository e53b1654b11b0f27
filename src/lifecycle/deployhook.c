/* SPDX-License-Identifier: ISC */
/* deployhook.c - the deploy hook (deployhook.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lifecycle/deployhook.h"
#include "util/buf.h"
#include "util/hookrun.h"
#include "util/i18n.h"

/* Bytes of RENEWED_DOMAINS: 100 names of up to 253 characters. */
#define DOMAINS_MAX (100 * 254)

/* Where a line the hook prints goes. */
struct hook_log {
	struct lc *lc;
	const struct cert_row *c;
};

static void hook_line(void *arg, const char *line)
{
	struct hook_log *hl = arg;

	lc_event(hl->lc, hl->c->id, 0, hl->c->name, LC_STAGE_INSTALLATION,
		 "info", _("deploy hook: %s"), line);
}

/* RENEWED_LINEAGE: the deploy directory, else the directory of the
 * first of the full chain and the certificate written, into buf. */
static const char *lineage(const struct deploy_target *t,
			   const struct deploy_file *files, size_t n, char *buf,
			   size_t size)
{
	const char *slash;
	size_t i, k;
	const enum deploy_kind order[] = { DEPLOY_FULLCHAIN, DEPLOY_CERT };

	if (t->dir != NULL && t->dir[0] != '\0')
		return t->dir;
	for (k = 0; k < 2; k++)
		for (i = 0; i < n; i++) {
			if (files[i].kind != order[k])
				continue;
			slash = strrchr(files[i].path, '/');
			snprintf(buf, size, "%.*s",
				 slash == files[i].path
					 ? 1
					 : (int)(slash - files[i].path),
				 files[i].path);
			return buf;
		}
	return NULL;
}

/* The path of the file of kind k, or NULL. */
static const char *file_path(const struct deploy_file *files, size_t n,
			     enum deploy_kind k)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (files[i].kind == k)
			return files[i].path;
	return NULL;
}

/* Builds the hook's variables into env (hook_env_add keeps any failure
 * for hook_run to report). */
static enum rc build_env(const struct cert_row *c,
			 const struct deploy_target *t, struct hook_env *env,
			 struct err *e)
{
	struct deploy_file files[DEPLOY_MAX_FILES];
	char dir[DEPLOY_PATH_MAX];
	struct buf names;
	enum rc rc;
	size_t n = 0, i;
	int bad = 0;

	rc = deploy_target_files(t, files, &n, e);
	if (rc != RC_OK)
		return rc;
	buf_init(&names, DOMAINS_MAX);
	for (i = 0; i < c->n_domains; i++) {
		if ((i > 0 && buf_puts(&names, " ") != 0) ||
		    buf_puts(&names, c->domains[i].name) != 0)
			bad = 1;
	}
	hook_env_add(env, "RENEWED_LINEAGE",
		     lineage(t, files, n, dir, sizeof(dir)));
	hook_env_add(env, "RENEWED_DOMAINS",
		     names.data != NULL ? names.data : "");
	hook_env_add(env, "ACMETUI_NAME", c->name);
	hook_env_add(env, "ACMETUI_CERT", file_path(files, n, DEPLOY_CERT));
	hook_env_add(env, "ACMETUI_CHAIN", file_path(files, n, DEPLOY_CHAIN));
	hook_env_add(env, "ACMETUI_FULLCHAIN",
		     file_path(files, n, DEPLOY_FULLCHAIN));
	hook_env_add(env, "ACMETUI_KEY", file_path(files, n, DEPLOY_KEY));
	if (bad)
		env->failed = 1;
	buf_clear(&names);
	return RC_OK;
}

enum rc lc_deploy_hook(struct lc *lc, const struct cert_row *c,
		       const struct deploy_target *t, struct err *e)
{
	struct hook_env env = { 0 };
	struct hook_log hl = { lc, c };
	enum rc rc;

	if (c->deploy_hook == NULL || c->deploy_hook[0] == '\0')
		return RC_OK;
	rc = build_env(c, t, &env, e);
	if (rc == RC_OK)
		rc = hook_run(_("deploy hook"), c->deploy_hook, &env, 0,
			      hook_line, &hl, e);
	hook_env_clear(&env);
	return rc;
}
