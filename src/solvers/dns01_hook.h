/* SPDX-License-Identifier: ISC */
/* dns01_hook.h - DNS-01 (RFC 8555 section 8.4) through the operator's own
 * command, which adds and removes the TXT record at their DNS provider.
 *
 * The command line CMD runs by /bin/sh, the four words as positional
 * parameters the shell does not parse (util/shellcmd.h):
 *
 *	/bin/sh -c 'CMD "$@"' sh add|del RECORD_NAME VALUE DOMAIN
 *
 * e.g. "/etc/acmetui/dns-hook add _acme-challenge.example.com <value>
 * example.com", or in lego style (solver_config.dns_hook_lego) as lego's
 * exec provider runs EXEC_PATH in its default mode:
 *
 *	/bin/sh -c 'CMD "$@"' sh present|cleanup _acme-challenge.NAME. VALUE
 *
 * (the FQDN after CNAMEs, with its trailing dot; lego's
 * EXEC_PROPAGATION_TIMEOUT and EXEC_POLLING_INTERVAL set the propagation
 * wait unless the domain has its own, EXEC_MODE=RAW is refused).  Either
 * way the environment of acmetui plus ACMETUI_ACTION (add|del),
 * ACMETUI_RECORD, ACMETUI_VALUE, ACMETUI_DOMAIN and certbot's manual-hook
 * variables CERTBOT_DOMAIN, CERTBOT_VALIDATION, CERTBOT_TOKEN,
 * CERTBOT_REMAINING_CHALLENGES, CERTBOT_ALL_DOMAINS and, on cleanup,
 * CERTBOT_AUTH_OUTPUT (what the "add" run printed), so a script written
 * for certbot's --manual-auth-hook works when it branches on
 * ACMETUI_ACTION (certbot itself calls two different scripts).  RECORD_NAME is the end
 * of the CNAME chain at "_acme-challenge.DOMAIN" (delegation), unless the
 * DNS check mode is "none".
 *
 * It runs through util/proc.h, which says what it gets: stdin
 * /dev/null; the parent's environment minus every ACMETUI_* and
 * CERTBOT_* variable it had (acmetui's own settings, such as
 * ACMETUI_EAB_HMAC_KEY, stay home) plus the variables above; no other
 * descriptors; its own process group.  Keys never reach it: acmetui
 * keeps account and certificate keys in memory and the inventory, never
 * in its environment or arguments.
 *
 * Bounds: the run time (default 60 s; then SIGTERM to the hook's process
 * group, SIGKILL DNS01_HOOK_KILL_GRACE_MS later), and the output looked
 * at (DNS01_HOOK_OUTPUT_MAX bytes of stdout and of stderr; the rest is
 * read and dropped).  The output goes, sanitized, line by line to the
 * solver's progress callback as "dns hook CMD: LINE"; a failure reads
 * "dns hook 'CMD' failed (exit 3): <first line of stderr>". */
#ifndef ACMETUI_DNS01_HOOK_H
#define ACMETUI_DNS01_HOOK_H

#include "solvers/solver.h"
#include "util/err.h"
#include "util/proc.h"

#define DNS01_HOOK_ARGS_MAX PROC_ARGS_MAX /* words in a hook command */
#define DNS01_HOOK_CMD_MAX PROC_CMD_MAX	  /* characters in one */
#define DNS01_HOOK_OUTPUT_MAX 8192	  /* bytes of stdout, of stderr */
#define DNS01_HOOK_LINES_MAX 40		  /* output lines passed on */
#define DNS01_HOOK_AUTH_OUTPUT_MAX 4096	  /* stdout of "add" kept */
#define DNS01_HOOK_NAME_MAX 253		  /* a record name */
#define DNS01_HOOK_TIMEOUT_MS_DEFAULT 60000
#define DNS01_HOOK_KILL_GRACE_MS 2000

extern const struct solver_ops dns01_hook_ops;

/* Runs `/bin/sh -c 'CMD "$@"' sh ARGS...` (util/shellcmd.h) with the
 * scrubbed environment plus env_add ("NAME=value" strings, NULL-
 * terminated, may be NULL), bounded as described above.  Each output line
 * goes to log(log_arg, line) when log is not NULL.  RC_OK when it exits
 * 0; RC_HOOK (failed, killed by a signal, cannot be started) or
 * RC_TIMEOUT otherwise, with e saying which and the first line of
 * stderr. */
enum rc dns01_hook_exec(const char *cmd, const char *const *args,
			const char *const *env_add, int timeout_ms,
			void (*log)(void *arg, const char *line), void *log_arg,
			struct err *e);

#endif
