/* SPDX-License-Identifier: ISC */
/* proc.h - run an operator's command as a bounded child process.
 *
 * The one runner behind every command acmetui starts for the operator:
 * DNS-01 hooks (solvers/dns01_hook.c), reload commands (deploy/deploy.c)
 * and notification hooks (notify/run.c).  It runs argv as given
 * (argv[0] searched in PATH when it has no '/'); an operator's command
 * line becomes {"/bin/sh", "-c", CMD} by util/shellcmd.h, so the shell
 * is the one that parses it, as with certbot, lego and acme.sh.  What
 * the child gets:
 *
 *  - the environment of acmetui minus every ACMETUI_* and CERTBOT_*
 *    variable (acmetui's own settings, such as ACMETUI_EAB_HMAC_KEY, stay
 *    home), plus the caller's "NAME=value" strings, each replacing a
 *    variable of the same name.  Other variables the operator exported
 *    for the command (a provider's API token) are passed on on purpose.
 *  - stdin: /dev/null, or a pipe carrying the caller's bytes then EOF.
 *    They are written as the child reads while its output is drained
 *    (one poll() over all pipes), so a child that writes before it has
 *    read everything cannot deadlock against us; a child that never
 *    reads is fine (SIGPIPE is held off while writing).
 *  - stdout and stderr: two pipes, read as the child writes.  No other
 *    descriptors (all close at exec).
 *  - its own process group, default signal dispositions, no signal
 *    blocked.
 *
 * Bounds: the run time (then SIGTERM to the process group and, a grace
 * period later, SIGKILL); the bytes looked at per stream (the rest is
 * read and dropped); the length of a line (PROC_LINE_MAX); the number of
 * lines passed on.  When the command exits, its output is read for at
 * most PROC_DRAIN_MS more (something it started may hold the pipes) and
 * whatever it left running in its process group is killed.
 *
 * Each output line reaches the caller's callback as it arrives, escaped
 * with safe_line() (no terminal control sequences get through), so a TUI
 * can show a slow hook's progress. */
#ifndef ACMETUI_PROC_H
#define ACMETUI_PROC_H

#include <stddef.h>

#include "util/err.h"

#define PROC_ARGS_MAX 64  /* words in an argv */
#define PROC_CMD_MAX 4096 /* characters in a command line */
/* Bytes of a whole argv: a command line and what comes with it. */
#define PROC_ARGV_BYTES_MAX (2 * PROC_CMD_MAX)
#define PROC_TIMEOUT_MS_DEFAULT 60000
#define PROC_KILL_GRACE_MS_DEFAULT 2000 /* SIGTERM -> SIGKILL */
#define PROC_OUTPUT_MAX_DEFAULT 8192	/* bytes looked at per stream */
#define PROC_LINES_MAX_DEFAULT 40	/* output lines passed on */
#define PROC_LINE_MAX 1024		/* bytes of one line passed on */
#define PROC_DRAIN_MS 200		/* output read after the exit */
#define PROC_FIRST_LINE_MAX 256		/* of proc_result.first_line */
#define PROC_WHY_MAX 256		/* of proc_result.why */

/* What a line handed to the callback is. */
enum proc_line_kind {
	PROC_LINE_STDOUT,
	PROC_LINE_STDERR,
	PROC_LINE_NOTE /* ours, translated: "(output cut)" */
};

/* Receives one output line: sanitized, without its newline, never
 * empty; borrowed for the duration of the call. */
typedef void proc_line_fn(void *arg, enum proc_line_kind kind,
			  const char *line);

/* What to run and how.  Zero-initialize and fill in; a zero bound means
 * its default.  All pointers are borrowed for the duration of proc_run. */
struct proc_spec {
	const char *const *argv;    /* NULL-terminated; argv[0] not "" */
	const char *const *env_add; /* "NAME=value", NULL-terminated; or
				     * NULL */
	const char *input;	    /* stdin bytes; NULL: /dev/null */
	size_t input_len;
	int timeout_ms;	       /* total run time */
	int kill_grace_ms;     /* SIGTERM to SIGKILL */
	size_t output_max;     /* bytes looked at, per stream */
	int lines_max;	       /* lines passed to on_line */
	proc_line_fn *on_line; /* NULL: output only read */
	void *line_arg;
};

/* How the run ended. */
enum proc_end {
	PROC_NOT_RUN,  /* never started: see why */
	PROC_EXITED,   /* status is the exit code */
	PROC_SIGNALED, /* status is the signal that killed it */
	PROC_TIMED_OUT /* killed at the time limit */
};

/* The outcome of proc_run, filled in by it (caller-owned, no
 * allocations, nothing to free). */
struct proc_result {
	enum proc_end end;
	int status;
	int timeout_ms;	 /* the limit that applied */
	long elapsed_ms; /* from start to reaping */
	int output_cut;	 /* some output was not passed on */
	/* The first non-blank line of stderr, else of stdout, sanitized;
	 * "" when there was none. */
	char first_line[PROC_FIRST_LINE_MAX];
	/* PROC_NOT_RUN: why, e.g. "No such file or directory". */
	char why[PROC_WHY_MAX];
};

/* Runs spec->argv as described at the top and waits for it.  Returns
 * RC_OK when the command ran, however it ended (res says how, and
 * proc_result_rc() turns that into a code); RC_HOOK when it cannot be
 * started (no such program, not executable), RC_USAGE for an empty argv
 * or a malformed env_add entry, RC_SYS or RC_NOMEM otherwise, with e
 * saying so ("cannot run 'CMD': No such file or directory") and res->end
 * PROC_NOT_RUN with res->why.  res is always filled in. */
enum rc proc_run(const struct proc_spec *spec, struct proc_result *res,
		 struct err *e);

/* RC_OK when the run exited 0, RC_TIMEOUT when it was killed at the time
 * limit, RC_HOOK otherwise (non-zero exit, a signal, never started). */
enum rc proc_result_rc(const struct proc_result *res);

/* Says how the run failed, as the rest of a sentence whose subject names
 * the command ("dns hook 'X' " + this): "failed (exit 3): FIRST LINE",
 * "was killed by signal 9: FIRST LINE", "did not finish within 60 s and
 * was killed", "cannot be run: WHY"; "" when it exited 0.  Writes at
 * most size bytes to buf (always terminated) and returns buf. */
char *proc_result_text(const struct proc_result *res, char *buf, size_t size);

/* Copies a NULL-terminated argv (at most PROC_ARGS_MAX words of
 * together at most PROC_ARGV_BYTES_MAX bytes; argv[0] not "").  Free with proc_argv_free.  NULL with e set on failure. */
char **proc_argv_dup(const char *const *argv, struct err *e);

/* Frees an array from proc_argv_dup (or shellcmd_argv).  NULL is fine. */
void proc_argv_free(char **argv);

#endif
