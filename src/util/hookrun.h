/* SPDX-License-Identifier: ISC */
/* hookrun.h - run one of the operator's hooks: a command line by
 * /bin/sh -c (util/shellcmd.h) through the bounded runner (util/proc.h),
 * its data in its environment, its failure told in one line.
 *
 * Used by the deploy hook (lifecycle/deployhook.c) and the batch's pre
 * and post hooks (lifecycle/batchhooks.c); the DNS, reload and notify
 * hooks have runners of their own with their own bounds. */
#ifndef ACMETUI_HOOKRUN_H
#define ACMETUI_HOOKRUN_H

#include <stddef.h>

#include "util/err.h"

#define HOOK_ENV_MAX 16		       /* variables one hook gets from us */
#define HOOK_TIMEOUT_MS_DEFAULT 300000 /* 5 min: a hook may restart things */
#define HOOK_KILL_GRACE_MS 2000

/* The variables handed to a hook, "NAME=value" strings built by
 * hook_env_add; zero-initialize, release with hook_env_clear. */
struct hook_env {
	char *v[HOOK_ENV_MAX + 1]; /* NULL-terminated */
	size_t n;
	int failed; /* an add ran out of memory or room */
};

/* Adds NAME=value (value NULL: nothing is added).  A failure is kept in
 * env->failed for hook_run to report. */
void hook_env_add(struct hook_env *env, const char *name, const char *value);

/* Frees the strings; env can be used again. */
void hook_env_clear(struct hook_env *env);

/* Runs cmd with the scrubbed environment plus env (may be NULL), stdin
 * /dev/null, for at most timeout_ms (<= 0: HOOK_TIMEOUT_MS_DEFAULT).
 * Each output line (sanitized) goes to log(log_arg, line) when log is
 * not NULL.  RC_OK when it exits 0; otherwise RC_HOOK or RC_TIMEOUT (or
 * the refusal of the command line, or RC_NOMEM) with e reading "WHAT
 * 'CMD' failed (exit 3): first line of its stderr", WHAT being the
 * caller's name for the hook ("deploy hook"). */
enum rc hook_run(const char *what, const char *cmd, const struct hook_env *env,
		 int timeout_ms, void (*log)(void *arg, const char *line),
		 void *log_arg, struct err *e);

#endif
