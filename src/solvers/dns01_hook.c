/* SPDX-License-Identifier: ISC */
/* dns01_hook.c - DNS-01 through an operator's command: the solver ops
 * around util/proc.h's runner (the bounded child and its output), the
 * command run by /bin/sh (util/shellcmd.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solvers/dns01.h"
#include "solvers/dns01_hook.h"
#include "util/env.h"
#include "util/err.h"
#include "util/proc.h"
#include "util/safe.h"
#include "util/shellcmd.h"
#include "util/hookrun.h"
#include "util/buf.h"

/* Where the hook's output lines go: the caller's log, prefixed; its
 * standard output also into out when set (certbot's CERTBOT_AUTH_OUTPUT,
 * bounded by out's limit). */
struct hook_log {
	void (*log)(void *arg, const char *line);
	void *arg;
	const char *cmd; /* sanitized */
	struct buf *out;
};

/* Passes a line of the hook's output (or the runner's note) on as
 * "dns hook CMD: LINE". */
static void hook_line(void *arg, enum proc_line_kind kind, const char *text)
{
	struct hook_log *hl = arg;
	char line[2 * ERR_MSG_MAX];

	if (hl->out != NULL && kind == PROC_LINE_STDOUT &&
	    buf_printf(hl->out, "%s%s", hl->out->len ? "\n" : "", text) != 0)
		hl->out = NULL; /* full: what fitted stays */
	if (hl->log == NULL)
		return;
	snprintf(line, sizeof(line), "dns hook %s: %s", hl->cmd, text);
	hl->log(hl->arg, line);
}

/* dns01_hook_exec, the standard output collected into out (may be
 * NULL). */
static enum rc exec_hook(const char *cmd, const char *const *args,
			 const char *const *env_add, int timeout_ms,
			 void (*log)(void *arg, const char *line),
			 void *log_arg, struct buf *out, struct err *e)
{
	struct proc_spec spec = { 0 };
	struct proc_result res;
	struct hook_log hl = { log, log_arg, NULL, out };
	char name[128], how[ERR_MSG_MAX];
	struct err se = { 0 };
	char **argv;
	enum rc rc;

	argv = shellcmd_argv(cmd, args, &se);
	if (argv == NULL)
		return err_set(e, se.rc, _("DNS hook command: %s"),
			       err_text(&se));
	shellcmd_name((const char *const *)argv, name, sizeof(name));
	hl.cmd = name;
	spec.argv = (const char *const *)argv;
	spec.env_add = env_add;
	spec.timeout_ms = timeout_ms > 0 ? timeout_ms
					 : DNS01_HOOK_TIMEOUT_MS_DEFAULT;
	spec.kill_grace_ms = DNS01_HOOK_KILL_GRACE_MS;
	spec.output_max = DNS01_HOOK_OUTPUT_MAX;
	spec.lines_max = DNS01_HOOK_LINES_MAX;
	spec.on_line = log != NULL || out != NULL ? hook_line : NULL;
	spec.line_arg = &hl;
	rc = proc_run(&spec, &res, NULL);
	if (rc == RC_OK)
		rc = proc_result_rc(&res);
	if (rc != RC_OK)
		err_set(e, rc, _("dns hook '%s' %s"), name,
			proc_result_text(&res, how, sizeof(how)));
	proc_argv_free(argv);
	return rc;
}

enum rc dns01_hook_exec(const char *cmd, const char *const *args,
			const char *const *env_add, int timeout_ms,
			void (*log)(void *arg, const char *line), void *log_arg,
			struct err *e)
{
	return exec_hook(cmd, args, env_add, timeout_ms, log, log_arg, NULL, e);
}

/* ---- The solver method. ---- */

struct hook {
	struct dns01 dns;
	char *cmd; /* the operator's command line */
	int lego;  /* lego's exec protocol (dns01_hook.h) */
	int timeout_ms;
};

/* The words after the command: acmetui's "add|del NAME VALUE DOMAIN" or
 * lego's "present|cleanup FQDN. VALUE", into args (5 slots) and fqdn. */
static void hook_args(const struct hook *h, int adding,
		      const struct dns01_record *r, const char **args,
		      char *fqdn, size_t fqdn_size)
{
	size_t len = strlen(r->name);

	if (h->lego) {
		snprintf(fqdn, fqdn_size, "%s%s", r->name,
			 len > 0 && r->name[len - 1] == '.' ? "" : ".");
		args[0] = adding ? "present" : "cleanup";
		args[1] = fqdn;
		args[2] = r->value;
		args[3] = NULL;
		return;
	}
	args[0] = adding ? "add" : "del";
	args[1] = r->name;
	args[2] = r->value;
	args[3] = r->domain;
	args[4] = NULL;
}

/* The hook's variables (dns01_hook.h) into env; t (NULL when unknown: a
 * cleanup after a crash) gives the order's context. */
static void hook_env(int adding, const struct dns01_record *r,
		     const struct solver_task *t, struct hook_env *env)
{
	char remaining[16];

	hook_env_add(env, "ACMETUI_ACTION", adding ? "add" : "del");
	hook_env_add(env, "ACMETUI_RECORD", r->name);
	hook_env_add(env, "ACMETUI_VALUE", r->value);
	hook_env_add(env, "ACMETUI_DOMAIN", r->domain);
	hook_env_add(env, "CERTBOT_DOMAIN", r->domain);
	hook_env_add(env, "CERTBOT_VALIDATION", r->value);
	hook_env_add(env, "CERTBOT_TOKEN", r->token);
	if (t != NULL) {
		snprintf(remaining, sizeof(remaining), "%d",
			 t->remaining > 0 ? t->remaining : 0);
		hook_env_add(env, "CERTBOT_REMAINING_CHALLENGES", remaining);
		hook_env_add(env, "CERTBOT_ALL_DOMAINS",
			     t->all_domains ? t->all_domains : r->domain);
	}
	if (!adding)
		hook_env_add(env, "CERTBOT_AUTH_OUTPUT",
			     r->auth_output ? r->auth_output : "");
}

/* Runs the hook for one record; adding keeps its standard output in
 * r->auth_output (for the cleanup's CERTBOT_AUTH_OUTPUT). */
static enum rc run_for_record(struct hook *h, int adding,
			      struct dns01_record *r,
			      const struct solver_task *t, struct err *e)
{
	const char *args[5];
	char fqdn[DNS01_HOOK_NAME_MAX + 2];
	struct hook_env env = { 0 };
	struct buf out;
	enum rc rc;

	buf_init(&out, DNS01_HOOK_AUTH_OUTPUT_MAX);
	hook_args(h, adding, r, args, fqdn, sizeof(fqdn));
	hook_env(adding, r, t, &env);
	if (env.failed) {
		rc = err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	dns01_note(&h->dns, _("dns hook: %s TXT %s"), args[0], r->name);
	rc = exec_hook(h->cmd, args, (const char *const *)env.v, h->timeout_ms,
		       h->dns.wait.progress, h->dns.wait.progress_arg,
		       adding ? &out : NULL, e);
	if (rc == RC_OK && adding) {
		free(r->auth_output);
		r->auth_output = buf_take(&out);
	}
out:
	buf_clear(&out);
	hook_env_clear(&env);
	return rc;
}

/* present: compute the record, run "add", remember it. */
static enum rc hook_present(void *priv, const struct solver_task *t,
			    struct err *e)
{
	struct hook *h = priv;
	struct dns01_record r = { 0 };
	enum rc rc;

	rc = dns01_record_make(&h->dns, t, &r, e);
	if (rc == RC_OK)
		rc = run_for_record(h, 1, &r, t, e);
	if (rc == RC_OK) {
		rc = dns01_remember(&h->dns, &r, e);
		if (rc != RC_OK)
			run_for_record(h, 0, &r, t, NULL);
	}
	dns01_record_clear(&r);
	return rc;
}

/* cleanup: run "del" for the record presented for t's token, or, when
 * this solver did not present it (a run that crashed), for the record
 * computed again. */
static enum rc hook_cleanup(void *priv, const struct solver_task *t,
			    struct err *e)
{
	struct hook *h = priv;
	struct dns01_record r = { 0 };
	enum rc rc;

	rc = dns01_lookup(&h->dns, t->token, &r, e);
	if (rc == RC_NOTFOUND)
		rc = dns01_record_make(&h->dns, t, &r, e);
	if (rc == RC_OK)
		rc = run_for_record(h, 0, &r, t, e);
	if (rc == RC_OK)
		dns01_forget(&h->dns, t->token);
	dns01_record_clear(&r);
	return rc;
}

static enum rc hook_ready(void *priv, struct err *e)
{
	struct hook *h = priv;

	return dns01_ready(&h->dns, e);
}

static void hook_fini(void *priv)
{
	struct hook *h = priv;

	if (h == NULL)
		return;
	dns01_fini(&h->dns);
	free(h->cmd);
	free(h);
}

/* lego's setting v (the variable name) as milliseconds into *ms; unset
 * leaves *ms.  RC_USAGE naming it when it is not 1 to 86400 seconds. */
static enum rc lego_seconds(const char *name, const struct env_seconds *v,
			    int *ms, struct err *e)
{
	if (v->state == ENV_BAD)
		return err_set(e, RC_USAGE, _("%s must be 1 to 86400 seconds"),
			       name);
	if (v->state == ENV_OK)
		*ms = v->ms;
	return RC_OK;
}

/* lego's exec provider settings, honoured for a lego-style hook:
 * EXEC_PROPAGATION_TIMEOUT and EXEC_POLLING_INTERVAL become the
 * propagation wait (unless the domain sets its own --dns-wait) and its
 * interval; EXEC_MODE=RAW, a protocol with other words, is refused. */
static enum rc lego_settings(struct solver_config *cfg, int *interval_ms,
			     struct err *e)
{
	const struct acmetui_env *env = env_get();
	const char *mode = env->exec_mode;
	int wait_ms = 0;
	enum rc rc;

	if (mode != NULL && mode[0] != '\0')
		return err_set(e, RC_USAGE,
			       _("EXEC_MODE=%s is not supported: acmetui runs "
				 "lego-style hooks in lego's default mode "
				 "(CMD present|cleanup FQDN VALUE); unset "
				 "EXEC_MODE"),
			       strcmp(mode, "RAW") == 0 ? "RAW" : "...");
	rc = lego_seconds("EXEC_PROPAGATION_TIMEOUT",
			  &env->exec_propagation_timeout, &wait_ms, e);
	if (rc == RC_OK)
		rc = lego_seconds("EXEC_POLLING_INTERVAL",
				  &env->exec_polling_interval, interval_ms, e);
	if (rc == RC_OK && cfg->dns_wait_ms == 0)
		cfg->dns_wait_ms = wait_ms;
	return rc;
}

/* Copies the command line and the DNS-01 settings. */
static enum rc hook_init(const struct solver_config *cfg, void **priv,
			 struct err *e)
{
	struct solver_config c = *cfg;
	struct hook *h = NULL;
	struct err se = { 0 };
	enum rc rc = RC_OK;
	int interval_ms = 0;

	if (c.dns_hook_lego) {
		rc = lego_settings(&c, &interval_ms, e);
		if (rc != RC_OK)
			return rc;
	}
	if (cfg->dns_hook_timeout_ms < 0)
		return err_set(e, RC_USAGE,
			       _("the DNS hook timeout cannot be negative"));
	h = calloc(1, sizeof(*h));
	if (h == NULL)
		return err_set(e, RC_NOMEM, _("out of memory"));
	if (shellcmd_valid(cfg->dns_hook_command, &se) != RC_OK) {
		rc = err_set(e, RC_USAGE, _("DNS hook command: %s"),
			     err_text(&se));
		goto out;
	}
	h->cmd = strdup(cfg->dns_hook_command);
	if (h->cmd == NULL) {
		rc = err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	h->timeout_ms = cfg->dns_hook_timeout_ms;
	h->lego = cfg->dns_hook_lego;
	rc = dns01_init(&h->dns, &c, e);
	if (rc != RC_OK)
		goto out;
	if (interval_ms > 0)
		h->dns.wait.interval_ms = interval_ms;
	*priv = h;
	h = NULL;
out:
	hook_fini(h);
	return rc;
}

const struct solver_ops dns01_hook_ops = {
	.kind = SOLVER_DNS01_HOOK,
	.challenge_type = "dns-01",
	.init = hook_init,
	.present = hook_present,
	.cleanup = hook_cleanup,
	.ready = hook_ready,
	.port = NULL,
	.fini = hook_fini,
};
