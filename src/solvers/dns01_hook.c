/* dns01_hook.c - DNS-01 through an operator's command: the solver ops
 * around util/proc.h's runner (the bounded child and its output), the
 * command run by /bin/sh (util/shellcmd.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solvers/dns01.h"
#include "solvers/dns01_hook.h"
#include "util/err.h"
#include "util/proc.h"
#include "util/safe.h"
#include "util/shellcmd.h"

/* Where the hook's output lines go: the caller's log, prefixed. */
struct hook_log {
	void (*log)(void *arg, const char *line);
	void *arg;
	const char *cmd; /* sanitized */
};

/* Passes a line of the hook's output (or the runner's note) on as
 * "dns hook CMD: LINE". */
static void hook_line(void *arg, enum proc_line_kind kind, const char *text)
{
	struct hook_log *hl = arg;
	char line[2 * ERR_MSG_MAX];

	(void)kind;
	snprintf(line, sizeof(line), "dns hook %s: %s", hl->cmd, text);
	hl->log(hl->arg, line);
}

enum acme_rc dns01_hook_exec(const char *cmd, const char *const *args,
			     const char *const *env_add, int timeout_ms,
			     void (*log)(void *arg, const char *line),
			     void *log_arg, struct err *e)
{
	struct proc_spec spec = { 0 };
	struct proc_result res;
	struct hook_log hl = { log, log_arg, NULL };
	char name[128], how[ERR_MSG_MAX];
	struct err se = { 0 };
	char **argv;
	enum acme_rc rc;

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
	spec.on_line = log != NULL ? hook_line : NULL;
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

/* ---- The solver method. ---- */

struct hook {
	struct dns01 dns;
	char *cmd; /* the operator's command line */
	int timeout_ms;
};

/* Runs the hook for one record: ARGV... ACTION NAME VALUE DOMAIN. */
static enum acme_rc hook_run(struct hook *h, const char *action,
			     const struct dns01_record *r, struct err *e)
{
	const char *args[] = { action, r->name, r->value, r->domain, NULL };
	char *env[6] = { NULL };
	const char *envc[7];
	enum acme_rc rc = RC_NOMEM;
	size_t i;

	if (asprintf(&env[0], "ACMETUI_ACTION=%s", action) < 0)
		env[0] = NULL;
	if (asprintf(&env[1], "ACMETUI_RECORD=%s", r->name) < 0)
		env[1] = NULL;
	if (asprintf(&env[2], "ACMETUI_VALUE=%s", r->value) < 0)
		env[2] = NULL;
	if (asprintf(&env[3], "ACMETUI_DOMAIN=%s", r->domain) < 0)
		env[3] = NULL;
	if (asprintf(&env[4], "CERTBOT_DOMAIN=%s", r->domain) < 0)
		env[4] = NULL;
	if (asprintf(&env[5], "CERTBOT_VALIDATION=%s", r->value) < 0)
		env[5] = NULL;
	for (i = 0; i < 6; i++) {
		if (env[i] == NULL) {
			rc = err_set(e, RC_NOMEM, _("out of memory"));
			goto out;
		}
		envc[i] = env[i];
	}
	envc[6] = NULL;
	dns01_note(&h->dns, _("dns hook: %s TXT %s"), action, r->name);
	rc = dns01_hook_exec(h->cmd, args, envc, h->timeout_ms, h->dns.wait.progress,
			     h->dns.wait.progress_arg, e);
out:
	for (i = 0; i < 6; i++)
		free(env[i]);
	return rc;
}

/* present: compute the record, run "add", remember it. */
static enum acme_rc hook_present(void *priv, const struct solver_task *t,
				 struct err *e)
{
	struct hook *h = priv;
	struct dns01_record r = { 0 };
	enum acme_rc rc;

	rc = dns01_record_make(&h->dns, t, &r, e);
	if (rc == RC_OK)
		rc = hook_run(h, "add", &r, e);
	if (rc == RC_OK) {
		rc = dns01_remember(&h->dns, &r, e);
		if (rc != RC_OK)
			hook_run(h, "del", &r, NULL);
	}
	dns01_record_clear(&r);
	return rc;
}

/* cleanup: run "del" for the record presented for t's token, or, when
 * this solver did not present it (a run that crashed), for the record
 * computed again. */
static enum acme_rc hook_cleanup(void *priv, const struct solver_task *t,
				 struct err *e)
{
	struct hook *h = priv;
	struct dns01_record r = { 0 };
	enum acme_rc rc;

	rc = dns01_lookup(&h->dns, t->token, &r, e);
	if (rc == RC_NOTFOUND)
		rc = dns01_record_make(&h->dns, t, &r, e);
	if (rc == RC_OK)
		rc = hook_run(h, "del", &r, e);
	if (rc == RC_OK)
		dns01_forget(&h->dns, t->token);
	dns01_record_clear(&r);
	return rc;
}

static enum acme_rc hook_ready(void *priv, struct err *e)
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

/* Copies the command line and the DNS-01 settings. */
static enum acme_rc hook_init(const struct solver_config *cfg, void **priv,
			      struct err *e)
{
	struct hook *h = NULL;
	struct err se = { 0 };
	enum acme_rc rc = RC_OK;

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
	rc = dns01_init(&h->dns, cfg, e);
	if (rc != RC_OK)
		goto out;
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
