/* dns01_hook.h - DNS-01 (RFC 8555 section 8.4) through the operator's own
 * command, which adds and removes the TXT record at their DNS provider.
 *
 * The command runs WITHOUT a shell, as
 *
 *	ARGV... add|del RECORD_NAME VALUE DOMAIN
 *
 * e.g. "/etc/acmetui/dns-hook add _acme-challenge.example.com <value>
 * example.com", with the environment of acmetui plus ACMETUI_ACTION
 * (add|del), ACMETUI_RECORD, ACMETUI_VALUE, ACMETUI_DOMAIN and certbot's
 * CERTBOT_DOMAIN and CERTBOT_VALIDATION, so a script written for
 * certbot's --manual-auth-hook works when it branches on ACMETUI_ACTION
 * (certbot itself calls two different scripts).  RECORD_NAME is the end
 * of the CNAME chain at "_acme-challenge.DOMAIN" (delegation), unless the
 * DNS check mode is "none".
 *
 * What the child gets: stdin /dev/null; the parent's environment minus
 * every ACMETUI_* and CERTBOT_* variable it had (acmetui's own settings,
 * such as ACMETUI_EAB_HMAC_KEY, stay home); no other descriptors (all
 * close at exec).  Keys never reach it: acmetui keeps account and
 * certificate keys in memory and the inventory, never in its
 * environment or arguments.  Other variables the operator exported for
 * the hook (a provider's API token) are passed on on purpose.
 *
 * Bounds: the run time (default 60 s; then SIGTERM to the hook's process
 * group, SIGKILL DNS01_HOOK_KILL_GRACE_MS later), and the output kept
 * (DNS01_HOOK_OUTPUT_MAX bytes of stdout and of stderr; the rest is read
 * and dropped).  The output goes, sanitized, line by line to the
 * solver's progress callback; a failure reads
 * "dns hook 'CMD' failed (exit 3): <first line of stderr>". */
#ifndef ACMETUI_DNS01_HOOK_H
#define ACMETUI_DNS01_HOOK_H

#include "solvers/solver.h"
#include "util/err.h"

#define DNS01_HOOK_ARGS_MAX 64	    /* words in a hook command */
#define DNS01_HOOK_CMD_MAX 4096	    /* characters in a hook command */
#define DNS01_HOOK_OUTPUT_MAX 8192  /* bytes kept of stdout, of stderr */
#define DNS01_HOOK_LINES_MAX 40	    /* output lines passed on */
#define DNS01_HOOK_TIMEOUT_MS_DEFAULT 60000
#define DNS01_HOOK_KILL_GRACE_MS 2000

extern const struct solver_ops dns01_hook_ops;

/* Splits a command line into words the way a POSIX shell would quote
 * them, and nothing more: blanks separate words; '...' is literal;
 * inside "..." a backslash escapes only " \ $ and `; elsewhere a
 * backslash escapes the next character; adjacent parts join ("a"'b'c is
 * abc).  No expansion, globbing, redirection or ';' - those characters
 * are literal.  Refuses an unterminated quote, a final backslash, control
 * characters, no words, more than DNS01_HOOK_ARGS_MAX words or more than
 * DNS01_HOOK_CMD_MAX characters.  Returns a NULL-terminated array
 * (free with dns01_hook_argv_free), or NULL with e set. */
char **dns01_hook_split(const char *cmd, struct err *e);

/* Copies a NULL-terminated argv (same limits as above).  NULL with e set
 * on failure. */
char **dns01_hook_argv_dup(const char *const *argv, struct err *e);

/* Frees an array from dns01_hook_split/_argv_dup.  NULL is fine. */
void dns01_hook_argv_free(char **argv);

/* Runs argv (argv[0] searched in PATH when it has no '/') with the
 * scrubbed environment plus env_add ("NAME=value" strings, NULL-
 * terminated, may be NULL), bounded as described above.  Each output line
 * goes to log(log_arg, line) when log is not NULL.  RC_OK when it exits
 * 0; RC_HOOK (failed, killed by a signal, cannot be started) or
 * RC_TIMEOUT otherwise, with e saying which and the first line of
 * stderr. */
enum acme_rc dns01_hook_exec(const char *const *argv,
			     const char *const *env_add, int timeout_ms,
			     void (*log)(void *arg, const char *line),
			     void *log_arg, struct err *e);

#endif
