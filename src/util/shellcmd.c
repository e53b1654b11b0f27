/* SPDX-License-Identifier: ISC */
/* shellcmd.c - an operator's command line as /bin/sh runs it
 * (shellcmd.h). */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/env.h"
#include "util/i18n.h"
#include "util/proc.h"
#include "util/safe.h"
#include "util/shellcmd.h"

#define WORD_MAX 256 /* a first word longer than this is not looked up */
/* When acmetui runs without PATH, the shell searches its default. */
#define PATH_DEFAULT "/usr/local/bin:/usr/bin:/bin"
#define SYNTAX_CHECK_MS 5000 /* sh -n reads; it never waits for anything */

/* What the shell runs itself: POSIX reserved words, special and regular
 * builtins, and the usual builtins of dash and bash. */
static const char *const shell_own[] = {
	"!",	    "{",	"}",	   "case",  "do",      "done",
	"elif",	    "else",	"esac",	   "fi",    "for",     "if",
	"in",	    "then",	"until",   "while", ".",       ":",
	"break",    "continue", "eval",	   "exec",  "exit",    "export",
	"readonly", "return",	"set",	   "shift", "times",   "trap",
	"unset",    "alias",	"bg",	   "cd",    "command", "echo",
	"false",    "fg",	"getopts", "hash",  "jobs",    "kill",
	"local",    "printf",	"pwd",	   "read",  "test",    "[",
	"true",	    "type",	"ulimit",  "umask", "unalias", "wait",
	NULL
};

enum rc shellcmd_valid(const char *cmd, struct err *e)
{
	const unsigned char *p;
	size_t len;

	if (cmd == NULL)
		return err_set(e, RC_USAGE, _("no command given"));
	len = strnlen(cmd, PROC_CMD_MAX + 1);
	if (len > PROC_CMD_MAX)
		return err_set(e, RC_INPUT, _("longer than %d characters"),
			       PROC_CMD_MAX);
	for (p = (const unsigned char *)cmd; *p != '\0'; p++)
		if ((*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7f)
			return err_set(e, RC_INPUT,
				       _("contains control characters"));
	if (cmd[strspn(cmd, " \t\n")] == '\0')
		return err_set(e, RC_USAGE, _("empty"));
	return RC_OK;
}

/* 1 when the shell runs word itself. */
static int shell_runs_itself(const char *word)
{
	size_t i;

	for (i = 0; shell_own[i] != NULL; i++)
		if (strcmp(word, shell_own[i]) == 0)
			return 1;
	return 0;
}

/* 1 when path names a regular file we may execute. */
static int executable_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	       access(path, X_OK) == 0;
}

/* 1 when word (no '/') is an executable file in a directory of $PATH. */
static int in_path(const char *word)
{
	const char *path = env_get()->path, *p, *end;
	char full[PATH_MAX];
	size_t dlen;

	if (path == NULL)
		path = PATH_DEFAULT;
	for (p = path;; p = end + 1) {
		end = strchr(p, ':');
		if (end == NULL)
			end = p + strlen(p);
		dlen = (size_t)(end - p);
		/* An empty entry is the current directory, as for sh. */
		if (snprintf(full, sizeof(full), "%.*s%s%s", (int)dlen, p,
			     dlen > 0 ? "/" : "", word) < (int)sizeof(full) &&
		    executable_file(full))
			return 1;
		if (*end == '\0')
			return 0;
	}
}

/* Copies cmd's first word into word (size WORD_MAX) when it is a plain
 * word; 0 when it is a shell construct or too long to be a name. */
static int plain_first_word(const char *cmd, char *word)
{
	static const char plain[] = "abcdefghijklmnopqrstuvwxyz"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "0123456789_./+-,:@%";
	size_t len;

	cmd += strspn(cmd, " \t\n");
	len = strcspn(cmd, " \t\n");
	if (len == 0 || len >= WORD_MAX)
		return 0;
	memcpy(word, cmd, len);
	word[len] = '\0';
	/* "{", "!" and "[" are the shell's own, yet not "plain". */
	if (shell_runs_itself(word))
		return 1;
	return strspn(word, plain) == len;
}

/* Has the shell read cmd without running it (sh -n): RC_USAGE with the
 * shell's complaint ("Syntax error: Unterminated quoted string") when it
 * cannot parse it. */
static enum rc syntax_check(const char *cmd, struct err *e)
{
	const char *argv[] = { SHELLCMD_SHELL, "-n", "-c", cmd, NULL };
	struct proc_spec spec = { 0 };
	struct proc_result res;
	const char *why;
	enum rc rc;

	spec.argv = argv;
	spec.timeout_ms = SYNTAX_CHECK_MS;
	rc = proc_run(&spec, &res, e);
	if (rc != RC_OK || proc_result_rc(&res) == RC_OK)
		return rc;
	/* "/bin/sh: 1: Syntax error: ..." -> "Syntax error: ..." */
	why = strstr(res.first_line, ": 1: ");
	why = why != NULL ? why + 5 : res.first_line;
	return err_set(e, RC_USAGE, _("the shell cannot read it: %s"),
		       why[0] != '\0' ? why : _("syntax error"));
}

enum rc shellcmd_check(const char *cmd, struct err *e)
{
	char word[WORD_MAX], shown[WORD_MAX + 64];
	enum rc rc;

	rc = shellcmd_valid(cmd, e);
	if (rc == RC_OK)
		rc = syntax_check(cmd, e);
	if (rc != RC_OK || !plain_first_word(cmd, word) ||
	    shell_runs_itself(word))
		return rc;
	safe_line(shown, sizeof(shown), word, strlen(word));
	if (strchr(word, '/') != NULL) {
		if (!executable_file(word))
			return err_set(e, RC_USAGE,
				       _("'%s': not an executable file"),
				       shown);
	} else if (!in_path(word)) {
		return err_set(e, RC_USAGE, _("'%s' not found in PATH"), shown);
	}
	return RC_OK;
}

char **shellcmd_argv(const char *cmd, const char *const *args, struct err *e)
{
	const char *v[SHELLCMD_ARGS_MAX + 6];
	char *script = NULL, **out;
	size_t n = 0, i;

	if (shellcmd_valid(cmd, e) != RC_OK)
		return NULL;
	v[n++] = SHELLCMD_SHELL;
	v[n++] = "-c";
	if (args == NULL) {
		v[n++] = cmd;
	} else {
		/* The args become the last command's arguments, as
		 * lego's exec provider passes them to its program. */
		if (asprintf(&script, "%s \"$@\"", cmd) < 0) {
			err_set(e, RC_NOMEM, _("out of memory"));
			return NULL;
		}
		v[n++] = script;
		v[n++] = "sh"; /* $0 */
		for (i = 0; args[i] != NULL; i++) {
			if (i >= SHELLCMD_ARGS_MAX) {
				free(script);
				err_set(e, RC_USAGE, _("more than %d words"),
					SHELLCMD_ARGS_MAX);
				return NULL;
			}
			v[n++] = args[i];
		}
	}
	v[n] = NULL;
	out = proc_argv_dup(v, e);
	free(script);
	return out;
}

char *shellcmd_name(const char *const *argv, char *buf, size_t size)
{
	const char *name;
	size_t len;
	int shell;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	if (argv == NULL || argv[0] == NULL)
		return buf;
	shell = strcmp(argv[0], SHELLCMD_SHELL) == 0 && argv[1] != NULL &&
		strcmp(argv[1], "-c") == 0 && argv[2] != NULL;
	name = shell ? argv[2] : argv[0];
	len = strlen(name);
	/* Ours, not the operator's: the "$@" shellcmd_argv appended. */
	if (shell && argv[3] != NULL && len >= 5 &&
	    strcmp(name + len - 5, " \"$@\"") == 0)
		len -= 5;
	return safe_line(buf, size, name, len);
}
