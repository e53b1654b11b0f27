/* SPDX-License-Identifier: ISC */
/* shellcmd.h - an operator's command line as /bin/sh runs it.
 *
 * Every command acmetui runs for the operator (reload command, deploy
 * hook, DNS hook, notify hook, pre/post hooks) runs as certbot, lego and
 * acme.sh run theirs: `/bin/sh -c CMD`, so `nginx -t && systemctl reload
 * nginx` works.  Nothing acmetui knows is ever put into CMD's text: data
 * reaches the command through its environment (proc_spec.env_add) or,
 * for lego's exec protocol, as positional parameters after CMD ("$@"),
 * which the shell does not parse as code. */
#ifndef ACMETUI_SHELLCMD_H
#define ACMETUI_SHELLCMD_H

#include <stddef.h>

#include "util/err.h"

#define SHELLCMD_SHELL "/bin/sh"
#define SHELLCMD_ARGS_MAX 8 /* positional parameters after CMD */

/* Checks that cmd is a command line acmetui can hand to the shell: not
 * NULL (RC_USAGE), not blank (RC_USAGE), at most PROC_CMD_MAX characters
 * and without control characters other than tab and newline (RC_INPUT).
 * The messages name no subject ("empty", "contains control
 * characters"); callers prefix their own. */
enum rc shellcmd_valid(const char *cmd, struct err *e);

/* Checks, when the command is set, that it can run: shellcmd_valid, then
 * that the shell can parse it (sh -n, which reads without running:
 * RC_USAGE "the shell cannot read it: Syntax error: ..."), then its first
 * word when that is a plain word (letters, digits and
 * "_./+-,:@%" only; anything else, such as a quote, '$', '=' or a
 * redirection, is a shell construct only the shell can judge): a shell
 * keyword or builtin passes, a word with a '/' must be an executable
 * regular file, any other word must be one in a directory of $PATH (of
 * acmetui's environment, which the command inherits).  RC_USAGE with
 * "'WORD' not found in PATH" or "'WORD': not an executable file" otherwise.
 * A command that passes can still fail when it runs (a script's
 * interpreter missing, a later word): this catches the typing mistakes
 * that would otherwise show up only in the first unattended renewal. */
enum rc shellcmd_check(const char *cmd, struct err *e);

/* The argv that runs cmd: {"/bin/sh", "-c", cmd, NULL}; with args (a
 * NULL-terminated list of at most SHELLCMD_ARGS_MAX strings) it is
 * {"/bin/sh", "-c", "CMD \"$@\"", "sh", args..., NULL}, so the args
 * follow the command's own words, each one word, never parsed.  cmd is
 * checked with shellcmd_valid.  Free with proc_argv_free; NULL with e set
 * on failure. */
char **shellcmd_argv(const char *cmd, const char *const *args, struct err *e);

/* The name to show for argv in messages: the command line of a shell
 * argv made by shellcmd_argv (its first size - 1 bytes), else argv[0];
 * sanitized (safe_line), written to buf (always terminated), which is
 * returned.  "" for a NULL or empty argv. */
char *shellcmd_name(const char *const *argv, char *buf, size_t size);

#endif
