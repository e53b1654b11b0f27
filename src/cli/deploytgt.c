/* SPDX-License-Identifier: ISC */
/* deploytgt.c - the deploy target options of `cert add` / `cert set`,
 * their checks, and the target as `cert show` and `cert deploy` print
 * it. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/deploytgt.h"
#include "cli/fmt.h"
#include "lifecycle/deploy.h"
#include "util/safe.h"

/* The option spelling of each path, by enum deploy_kind. */
static const char *const path_opt[DEPLOY_MAX_FILES] = {
	[DEPLOY_CERT] = "--deploy-cert",
	[DEPLOY_CHAIN] = "--deploy-chain",
	[DEPLOY_FULLCHAIN] = "--deploy-fullchain",
	[DEPLOY_COMBINED] = "--deploy-combined-path",
	[DEPLOY_KEY] = "--deploy-key",
};

int cli_absolute_path(const char *path, char *out, size_t sz)
{
	char cwd[PATH_MAX];
	int n;

	if (path[0] == '/')
		n = snprintf(out, sz, "%s", path);
	else if (getcwd(cwd, sizeof(cwd)) != NULL)
		n = snprintf(out, sz, "%s/%s", cwd, path);
	else
		return -1;
	if (n < 0 || (size_t)n >= sz) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* Parses a mode option ("" clears it). */
static int mode_opt(struct cli *c, const char *name, const char *arg, int *out)
{
	struct err e = { 0 };
	unsigned m = 0;

	if (arg[0] == '\0') {
		*out = CERT_SETTING_CLEAR;
		return 1;
	}
	if (deploy_parse_mode(arg, &m, &e) != RC_OK) {
		cli_usage_error(c, "%s: %s", name, err_text(&e));
		return -1;
	}
	*out = (int)m;
	return 1;
}

/* Takes a path option: "" clears, otherwise made absolute and checked. */
static int path_opt_take(struct cli *c, struct deploytgt_opts *o,
			 enum deploy_kind k, const char *arg)
{
	struct err e = { 0 };

	o->path[k] = arg;
	if (arg[0] == '\0')
		return 1;
	if (cli_absolute_path(arg, o->abs[k], sizeof(o->abs[k])) != 0) {
		cli_usage_error(c, "%s %s: %s", path_opt[k], arg,
				strerror(errno));
		return -1;
	}
	o->path[k] = o->abs[k];
	if (deploy_check_path(path_opt[k], o->abs[k], &e) != RC_OK) {
		cli_usage_error(c, "%s", err_text(&e));
		return -1;
	}
	return 1;
}

int deploytgt_opt(struct cli *c, struct deploytgt_opts *o, int opt,
		  const char *arg)
{
	switch (opt) {
	case OPT_DEPLOY_OWNER:
		o->owner = arg;
		break;
	case OPT_DEPLOY_GROUP:
		o->group = arg;
		break;
	case OPT_DEPLOY_MODE:
		o->given = 1;
		return mode_opt(c, "--deploy-mode", arg, &o->cert_mode);
	case OPT_DEPLOY_KEY_MODE:
		o->given = 1;
		return mode_opt(c, "--deploy-key-mode", arg, &o->key_mode);
	case OPT_DEPLOY_COMBINED:
		o->combined = 1;
		break;
	case OPT_NO_DEPLOY_COMBINED:
		o->combined = CERT_SETTING_CLEAR;
		break;
	case OPT_DEPLOY_CERT:
	case OPT_DEPLOY_CHAIN:
	case OPT_DEPLOY_FULLCHAIN:
	case OPT_DEPLOY_COMBINED_PATH:
	case OPT_DEPLOY_KEY:
		o->given = 1;
		return path_opt_take(
			c, o, (enum deploy_kind)(opt - OPT_DEPLOY_CERT), arg);
	default:
		return 0;
	}
	o->given = 1;
	return 1;
}

/* A string option over a stored value: NULL keeps, "" clears. */
static const char *over(const char *opt, const char *stored)
{
	if (opt == NULL)
		return stored;
	return opt[0] != '\0' ? opt : NULL;
}

void deploytgt_overlay(const struct deploytgt_opts *o, struct deploy_target *t)
{
	t->owner = over(o->owner, t->owner);
	t->group = over(o->group, t->group);
	if (o->cert_mode != 0)
		t->cert_mode = o->cert_mode > 0 ? (unsigned)o->cert_mode : 0;
	if (o->key_mode != 0)
		t->key_mode = o->key_mode > 0 ? (unsigned)o->key_mode : 0;
	if (o->combined != 0)
		t->combined = o->combined > 0;
	t->cert_path = over(o->path[DEPLOY_CERT], t->cert_path);
	t->chain_path = over(o->path[DEPLOY_CHAIN], t->chain_path);
	t->fullchain_path = over(o->path[DEPLOY_FULLCHAIN], t->fullchain_path);
	t->combined_path = over(o->path[DEPLOY_COMBINED], t->combined_path);
	t->key_path = over(o->path[DEPLOY_KEY], t->key_path);
}

/* 1 when the options set something (not only cleared). */
static int sets_something(const struct deploytgt_opts *o)
{
	size_t k;

	if ((o->owner && o->owner[0]) || (o->group && o->group[0]) ||
	    o->cert_mode > 0 || o->key_mode > 0 || o->combined > 0)
		return 1;
	for (k = 0; k < DEPLOY_MAX_FILES; k++)
		if (o->path[k] != NULL && o->path[k][0] != '\0')
			return 1;
	return 0;
}

int deploytgt_check(struct cli *c, const struct deploytgt_opts *o,
		    const struct deploy_target *t)
{
	struct err e = { 0 };

	if (!lc_deploy_target_set(t) && !sets_something(o))
		return EXIT_OK;
	if (deploy_check_target(t, &e) != RC_OK)
		return cli_fail(c, &e);
	return EXIT_OK;
}

/* "" (clear) is nothing on a new row. */
static char *new_value(const char *s)
{
	return s != NULL && s[0] != '\0' ? (char *)s : NULL;
}

void deploytgt_to_row(const struct deploytgt_opts *o, struct cert_row *r)
{
	r->deploy_owner = new_value(o->owner);
	r->deploy_group = new_value(o->group);
	r->deploy_cert_mode = o->cert_mode > 0 ? o->cert_mode : 0;
	r->deploy_key_mode = o->key_mode > 0 ? o->key_mode : 0;
	r->deploy_combined = o->combined > 0;
	r->deploy_cert_path = new_value(o->path[DEPLOY_CERT]);
	r->deploy_chain_path = new_value(o->path[DEPLOY_CHAIN]);
	r->deploy_fullchain_path = new_value(o->path[DEPLOY_FULLCHAIN]);
	r->deploy_combined_path = new_value(o->path[DEPLOY_COMBINED]);
	r->deploy_key_path = new_value(o->path[DEPLOY_KEY]);
}

void deploytgt_to_settings(const struct deploytgt_opts *o,
			   struct cert_settings *cs)
{
	cs->deploy_owner = o->owner;
	cs->deploy_group = o->group;
	cs->deploy_cert_mode = o->cert_mode;
	cs->deploy_key_mode = o->key_mode;
	cs->deploy_combined = o->combined;
	cs->deploy_cert_path = o->path[DEPLOY_CERT];
	cs->deploy_chain_path = o->path[DEPLOY_CHAIN];
	cs->deploy_fullchain_path = o->path[DEPLOY_FULLCHAIN];
	cs->deploy_combined_path = o->path[DEPLOY_COMBINED];
	cs->deploy_key_path = o->path[DEPLOY_KEY];
}

/* A mode as "0640". */
static const char *mode_str(unsigned m, char *buf, size_t sz)
{
	snprintf(buf, sz, "%04o", m & 0777u);
	return buf;
}

void deploytgt_json(struct json_object *o, const struct cert_row *r)
{
	struct deploy_file files[DEPLOY_MAX_FILES];
	struct deploy_target t;
	struct json_object *d, *arr;
	struct err e = { 0 };
	char m[16];
	size_t n = 0, i;

	lc_deploy_target(r, &t);
	if (!lc_deploy_target_set(&t)) {
		json_object_object_add(o, "deploy", NULL);
		return;
	}
	d = json_object_new_object();
	fmt_json_str(d, "dir", t.dir);
	fmt_json_str(d, "owner", t.owner);
	fmt_json_str(d, "group", t.group);
	fmt_json_str(d, "cert_mode",
		     mode_str(t.cert_mode ? t.cert_mode
					  : DEPLOY_CERT_MODE_DEFAULT,
			      m, sizeof(m)));
	fmt_json_str(d, "key_mode",
		     mode_str(t.key_mode ? t.key_mode : DEPLOY_KEY_MODE_DEFAULT,
			      m, sizeof(m)));
	json_object_object_add(d, "combined",
			       json_object_new_boolean(t.combined ||
						       t.combined_path));
	fmt_json_str(d, "reload_cmd", t.reload_cmd);
	if (deploy_target_files(&t, files, &n, &e) != RC_OK) {
		fmt_json_str(d, "error", err_text(&e));
	} else {
		arr = json_object_new_array();
		for (i = 0; i < n; i++) {
			struct json_object *f = json_object_new_object();

			fmt_json_str(f, "kind",
				     deploy_kind_name(files[i].kind));
			fmt_json_str(f, "path", files[i].path);
			fmt_json_str(f, "mode",
				     mode_str(files[i].mode, m, sizeof(m)));
			json_object_array_add(arr, f);
		}
		json_object_object_add(d, "files", arr);
	}
	json_object_object_add(o, "deploy", d);
}

/* Prints one "  label  value" line, value escaped. */
static void line(const char *label, const char *value)
{
	char buf[DEPLOY_PATH_MAX + 64];

	printf("  %-12s %s\n", label,
	       safe_line(buf, sizeof(buf), value, strlen(value)));
}

void deploytgt_print(const struct cert_row *r)
{
	struct deploy_file files[DEPLOY_MAX_FILES];
	struct deploy_target t;
	struct err e = { 0 };
	char m[16], own[600], esc[DEPLOY_PATH_MAX + 64];
	size_t n = 0, i;

	lc_deploy_target(r, &t);
	if (!lc_deploy_target_set(&t)) {
		printf("  %-12s %s\n", _("deploy"),
		       _("(none: export by hand)"));
		return;
	}
	if (deploy_target_files(&t, files, &n, &e) != RC_OK) {
		line(_("deploy"), err_text(&e));
		return;
	}
	for (i = 0; i < n; i++)
		printf("  %-12s %s %s\n", i == 0 ? _("deploy") : "",
		       mode_str(files[i].mode, m, sizeof(m)),
		       safe_line(esc, sizeof(esc), files[i].path,
				 strlen(files[i].path)));
	if (t.owner != NULL || t.group != NULL) {
		snprintf(own, sizeof(own), "%s:%s", t.owner ? t.owner : "",
			 t.group ? t.group : "");
		line(_("owner"), own);
	}
	if (t.reload_cmd != NULL)
		line(_("reload"), t.reload_cmd);
}

void deploytgt_print_hooks(const struct cert_row *r)
{
	if (r->deploy_hook != NULL)
		line(_("deploy hook"), r->deploy_hook);
	if (r->pre_hook != NULL)
		line(_("pre hook"), r->pre_hook);
	if (r->post_hook != NULL)
		line(_("post hook"), r->post_hook);
}

const char *deploytgt_place(const struct cert_row *r, char *buf, size_t sz)
{
	const char *paths[] = { r->deploy_cert_path, r->deploy_chain_path,
				r->deploy_fullchain_path,
				r->deploy_combined_path, r->deploy_key_path };
	char esc[DEPLOY_PATH_MAX + 64];
	size_t i, len = 0;

	buf[0] = '\0';
	if (r->deploy_dir != NULL && r->deploy_dir[0] != '\0')
		return safe_line(buf, sz, r->deploy_dir, strlen(r->deploy_dir));
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		if (paths[i] == NULL || len >= sz)
			continue;
		snprintf(buf + len, sz - len, "%s%s", len ? ", " : "",
			 safe_line(esc, sizeof(esc), paths[i],
				   strlen(paths[i])));
		len = strlen(buf);
	}
	return buf;
}
