/* SPDX-License-Identifier: ISC */
/* hookrun.c - run one of the operator's hooks (hookrun.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/hookrun.h"
#include "util/i18n.h"
#include "util/proc.h"
#include "util/shellcmd.h"

void hook_env_add(struct hook_env *env, const char *name, const char *value)
{
	char *s;

	if (value == NULL)
		return;
	if (env->n >= HOOK_ENV_MAX || asprintf(&s, "%s=%s", name, value) < 0) {
		env->failed = 1;
		return;
	}
	env->v[env->n++] = s;
	env->v[env->n] = NULL;
}

void hook_env_clear(struct hook_env *env)
{
	size_t i;

	for (i = 0; i < env->n; i++)
		free(env->v[i]);
	memset(env, 0, sizeof(*env));
}

/* Where the output lines go. */
struct hook_log {
	void (*log)(void *arg, const char *line);
	void *arg;
};

static void hook_line(void *arg, enum proc_line_kind kind, const char *line)
{
	struct hook_log *hl = arg;

	(void)kind;
	hl->log(hl->arg, line);
}

enum rc hook_run(const char *what, const char *cmd, const struct hook_env *env,
		 int timeout_ms, void (*log)(void *arg, const char *line),
		 void *log_arg, struct err *e)
{
	struct proc_spec spec = { 0 };
	struct proc_result res;
	struct hook_log hl = { log, log_arg };
	char name[128], how[ERR_MSG_MAX];
	struct err se = { 0 };
	char **argv;
	enum rc rc;

	if (env != NULL && env->failed)
		return err_set(e, RC_NOMEM, _("out of memory"));
	argv = shellcmd_argv(cmd, NULL, &se);
	if (argv == NULL)
		return err_set(e, se.rc, "%s: %s", what, err_text(&se));
	shellcmd_name((const char *const *)argv, name, sizeof(name));
	spec.argv = (const char *const *)argv;
	spec.env_add = env != NULL ? (const char *const *)env->v : NULL;
	spec.timeout_ms = timeout_ms > 0 ? timeout_ms : HOOK_TIMEOUT_MS_DEFAULT;
	spec.kill_grace_ms = HOOK_KILL_GRACE_MS;
	spec.on_line = log != NULL ? hook_line : NULL;
	spec.line_arg = &hl;
	rc = proc_run(&spec, &res, NULL);
	if (rc == RC_OK)
		rc = proc_result_rc(&res);
	if (rc != RC_OK)
		err_set(e, rc, "%s '%s' %s", what, name,
			proc_result_text(&res, how, sizeof(how)));
	proc_argv_free(argv);
	return rc;
}
