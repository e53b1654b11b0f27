/* SPDX-License-Identifier: ISC */
/* test_proc.c - util/shellcmd: the command line as /bin/sh runs it, and
 * util/proc: the bounded child
 * runner with real children: exit status, signals, the time limit
 * killing the whole process group, a megabyte through cat's stdin while
 * its output is read, the output bounds, the scrubbed environment,
 * escaped output, programs that cannot be run, and no descriptor left
 * open. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/proc.h"
#include "util/shellcmd.h"

static char dir[] = "/tmp/acmetui-proc.XXXXXX";

/* What the runner passed on: "o:LINE\n", "e:LINE\n" or "n:LINE\n". */
struct got {
	struct buf text;
	int lines, notes;
	size_t bytes; /* of the lines, notes excluded */
};

static void got_line(void *arg, enum proc_line_kind kind, const char *line)
{
	struct got *g = arg;

	buf_puts(&g->text, kind == PROC_LINE_STDOUT   ? "o:"
			   : kind == PROC_LINE_STDERR ? "e:"
						      : "n:");
	buf_puts(&g->text, line);
	buf_puts(&g->text, "\n");
	if (kind == PROC_LINE_NOTE) {
		g->notes++;
	} else {
		g->lines++;
		g->bytes += strlen(line);
	}
}

static void got_init(struct got *g)
{
	memset(g, 0, sizeof(*g));
	buf_init(&g->text, 1 << 20);
}

/* 1 when g holds the exact line s (with its "o:" or "e:"). */
static int got_has(const struct got *g, const char *s)
{
	const char *p = g->text.data;
	size_t n = strlen(s);

	while (p != NULL && (p = strstr(p, s)) != NULL) {
		if ((p == g->text.data || p[-1] == '\n') && p[n] == '\n')
			return 1;
		p++;
	}
	return 0;
}

/* A spec running "/bin/sh -c script", its output into g. */
static struct proc_spec sh_spec(const char *const *argv, struct got *g)
{
	struct proc_spec s = { 0 };

	s.argv = argv;
	s.timeout_ms = 10000;
	s.on_line = got_line;
	s.line_arg = g;
	return s;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* 1 once pid is gone (no such process, or a zombie waiting for init),
 * waiting up to 3 s for it. */
static int pid_gone(long pid)
{
	char path[64], stat[512], *p;
	long long until = now_ms() + 3000;
	FILE *f;
	size_t n;

	do {
		if (kill((pid_t)pid, 0) != 0 && errno == ESRCH)
			return 1;
		snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
		f = fopen(path, "r");
		if (f != NULL) {
			n = fread(stat, 1, sizeof(stat) - 1, f);
			fclose(f);
			stat[n] = '\0';
			p = strrchr(stat, ')');
			if (p != NULL && p[1] == ' ' && p[2] == 'Z')
				return 1;
		}
		usleep(20000);
	} while (now_ms() < until);
	return 0;
}

/* Reads "PID GRANDCHILD" from the file the scripts write. */
static int read_pids(const char *path, long *a, long *b)
{
	FILE *f = fopen(path, "r");
	int n;

	if (f == NULL)
		return 0;
	n = fscanf(f, "%ld %ld", a, b);
	fclose(f);
	return n == 2 && *a > 1 && *b > 1;
}

/* The number of descriptors this process has open. */
static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1; /* the DIR's own */
}

static char *join(char **v)
{
	struct buf b;
	size_t i;

	buf_init(&b, 8192);
	for (i = 0; v[i] != NULL; i++) {
		if (i > 0)
			buf_puts(&b, "|");
		buf_puts(&b, v[i]);
	}
	return buf_take(&b);
}

/* The command line as the shell runs it (util/shellcmd.h): the argv,
 * what the shell makes of it, what is refused, the check at set time
 * and the name messages show. */
static void test_shell(void)
{
	struct err e = { 0 };
	char **v, *s, big[PROC_CMD_MAX + 8], name[64], tool[PATH_MAX];
	const char *many[PROC_ARGS_MAX + 2];
	const char *args[] = { "present", "_acme-challenge.x.test.",
			       "a b;$(id)", NULL };
	const char *nine[] = {
		"1", "2", "3", "4", "5", "6", "7", "8", "9", NULL
	};
	struct proc_spec sp = { 0 };
	struct proc_result res;
	struct got g;
	size_t i;
	FILE *f;

	v = shellcmd_argv("nginx -t && systemctl reload nginx", NULL, &e);
	s = v != NULL ? join(v) : NULL;
	is_str(s, "/bin/sh|-c|nginx -t && systemctl reload nginx",
	       "shell argv: /bin/sh -c CMD, the line untouched");
	free(s);
	proc_argv_free(v);
	v = shellcmd_argv("hook --x", args, &e);
	s = v != NULL ? join(v) : NULL;
	is_str(s,
	       "/bin/sh|-c|hook --x \"$@\"|sh|present|"
	       "_acme-challenge.x.test.|a b;$(id)",
	       "with args: positional parameters, never in the script");
	free(s);
	proc_argv_free(v);
	/* What the shell makes of it: && runs, the data stays data. */
	v = shellcmd_argv("true && printf '[%s]' \"$0\"; printf '<%s>'", args,
			  &e);
	got_init(&g);
	sp = sh_spec((const char *const *)v, &g);
	ok(v != NULL && proc_run(&sp, &res, &e) == RC_OK &&
		   res.end == PROC_EXITED && res.status == 0,
	   "the shell ran '&&' and ';'");
	ok(got_has(&g, "o:[sh]<present><_acme-challenge.x.test.><a b;$(id)>"),
	   "each arg one word, '$(id)' not run: %s", g.text.data);
	buf_clear(&g.text);
	shellcmd_name((const char *const *)v, name, sizeof(name));
	is_str(name, "true && printf '[%s]' \"$0\"; printf '<%s>'",
	       "name: the operator's line, without our \"$@\"");
	proc_argv_free(v);
	ok(shellcmd_argv("x", nine, &e) == NULL && e.rc == RC_USAGE,
	   "more than %d args refused (%s)", SHELLCMD_ARGS_MAX, e.msg);
	err_clear(&e);
	ok(shellcmd_argv("x \x1b[2J", NULL, &e) == NULL &&
		   strcmp(e.msg, "contains control characters") == 0,
	   "control characters refused (%s)", e.msg);
	err_clear(&e);
	ok(shellcmd_argv(" \t\n ", NULL, &e) == NULL && e.rc == RC_USAGE,
	   "blank command refused (%s)", e.msg);
	err_clear(&e);
	ok(shellcmd_argv(NULL, NULL, &e) == NULL && e.rc == RC_USAGE,
	   "NULL refused (%s)", e.msg);
	err_clear(&e);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ok(shellcmd_argv(big, NULL, &e) == NULL && e.rc == RC_INPUT,
	   "overlong refused (%s)", e.msg);
	err_clear(&e);
	big[PROC_CMD_MAX] = '\0';
	v = shellcmd_argv(big, args, &e);
	ok(v != NULL, "%d characters accepted, with args", PROC_CMD_MAX);
	proc_argv_free(v);

	/* The check at set time: the first plain word must exist. */
	ok(shellcmd_check("nginx-not-installed-here -s reload", &e) ==
			   RC_USAGE &&
		   strstr(e.msg, "'nginx-not-installed-here' not found in "
				 "PATH") != NULL,
	   "check: unknown program refused (%s)", e.msg);
	err_clear(&e);
	strcpy(tool, dir);
	strcat(tool, "/tool");
	f = fopen(tool, "w");
	ok(f != NULL && fputs("#!/bin/sh\nexit 0\n", f) >= 0 && fclose(f) == 0,
	   "check: a script written (mode 0644)");
	snprintf(big, sizeof(big), "%s --reload", tool);
	ok(shellcmd_check(big, &e) == RC_USAGE &&
		   strstr(e.msg, "not an executable file") != NULL,
	   "check: a path without x bit refused (%s)", e.msg);
	err_clear(&e);
	ok(chmod(tool, 0755) == 0 && shellcmd_check(big, &e) == RC_OK,
	   "check: the same path once executable passes (%s)", e.msg);
	err_clear(&e);
	ok(shellcmd_check(dir, &e) == RC_USAGE,
	   "check: a directory is refused (%s)", e.msg);
	err_clear(&e);
	ok(shellcmd_check("  sh -c 'exit 0' && systemctl reload nginx", &e) ==
		   RC_OK,
	   "check: a program in PATH passes (%s)", e.msg);
	ok(shellcmd_check("test -x /nowhere || echo no", &e) == RC_OK &&
		   shellcmd_check("cd /etc/nginx && nginx -t", &e) == RC_OK &&
		   shellcmd_check("[ -f /x ] && true", &e) == RC_OK,
	   "check: shell builtins pass (%s)", e.msg);
	ok(shellcmd_check("echo 'open && true", &e) == RC_USAGE &&
		   strstr(e.msg, "the shell cannot read it: ") != NULL &&
		   strstr(e.msg, "nterminated") != NULL,
	   "check: a syntax error refused, in the shell's words (%s)", e.msg);
	err_clear(&e);
	ok(shellcmd_check("if true; then echo x", &e) == RC_USAGE,
	   "check: an unfinished if refused (%s)", e.msg);
	err_clear(&e);
	ok(shellcmd_check("FOO=1 whatever-tool", &e) == RC_OK &&
		   shellcmd_check("\"$HOME\"/bin/hook", &e) == RC_OK &&
		   shellcmd_check("(cd / && ls)", &e) == RC_OK,
	   "check: shell constructs are left to the shell (%s)", e.msg);
	unlink(tool);

	for (i = 0; i <= PROC_ARGS_MAX; i++)
		many[i] = "w";
	many[PROC_ARGS_MAX + 1] = NULL;
	ok(proc_argv_dup(many, &e) == NULL && strstr(e.msg, "words"),
	   "argv_dup: more than %d words refused (%s)", PROC_ARGS_MAX, e.msg);
	err_clear(&e);
	many[PROC_ARGS_MAX] = NULL;
	v = proc_argv_dup(many, &e);
	ok(v != NULL && v[PROC_ARGS_MAX - 1] != NULL &&
		   v[PROC_ARGS_MAX] == NULL,
	   "argv_dup: %d words copied", PROC_ARGS_MAX);
	proc_argv_free(v);
	proc_argv_free(NULL);
}

static void test_exit_status(void)
{
	const char *ok0[] = { "/bin/sh", "-c", "echo hello", NULL };
	const char *bad[] = { "/bin/sh", "-c",
			      "echo out; echo '   '>&2; echo '  it broke' >&2;"
			      " echo more >&2; printf 'no newline'; exit 7",
			      NULL };
	struct proc_result res;
	struct err e = { 0 };
	struct got g;
	struct proc_spec s;
	char how[256];

	got_init(&g);
	s = sh_spec(ok0, &g);
	is_int(proc_run(&s, &res, &e), RC_OK, "exit 0: ran");
	ok(res.end == PROC_EXITED && res.status == 0, "exit 0: exited 0");
	is_int(proc_result_rc(&res), RC_OK, "exit 0: RC_OK");
	is_str(proc_result_text(&res, how, sizeof(how)), "",
	       "exit 0: nothing to say");
	is_str(g.text.data, "o:hello\n", "exit 0: its line passed on");
	ok(res.elapsed_ms >= 0 && res.elapsed_ms < 5000,
	   "elapsed time measured (%ld ms)", res.elapsed_ms);
	buf_clear(&g.text);

	got_init(&g);
	s = sh_spec(bad, &g);
	is_int(proc_run(&s, &res, &e), RC_OK, "exit 7: ran (not our error)");
	ok(res.end == PROC_EXITED && res.status == 7, "exit 7: status 7");
	is_int(proc_result_rc(&res), RC_HOOK, "exit 7: RC_HOOK");
	is_str(res.first_line, "it broke",
	       "first non-blank stderr line, leading blanks dropped");
	is_str(proc_result_text(&res, how, sizeof(how)),
	       "failed (exit 7): it broke", "exit 7: said so");
	ok(got_has(&g, "o:out") && got_has(&g, "e:  it broke") &&
		   got_has(&g, "e:more") && got_has(&g, "o:no newline"),
	   "stdout and stderr lines passed on, a last partial one too");
	is_int(g.notes, 0, "nothing cut, no note");
	is_int(res.output_cut, 0, "output_cut 0");
	buf_clear(&g.text);

	{
		const char *out_only[] = { "/bin/sh", "-c",
					   "echo only stdout; exit 1", NULL };

		got_init(&g);
		s = sh_spec(out_only, &g);
		s.on_line = NULL;
		proc_run(&s, &res, &e);
		is_str(res.first_line, "only stdout",
		       "first line from stdout when stderr is silent");
		buf_clear(&g.text);
	}
}

static void test_signal(void)
{
	const char *argv[] = { "/bin/sh", "-c", "echo dying >&2; kill -USR1 $$",
			       NULL };
	struct proc_result res;
	struct err e = { 0 };
	struct got g;
	struct proc_spec s;
	char how[256], want[256];

	got_init(&g);
	s = sh_spec(argv, &g);
	is_int(proc_run(&s, &res, &e), RC_OK, "signal: ran");
	ok(res.end == PROC_SIGNALED && res.status == SIGUSR1,
	   "killed by SIGUSR1 (end %d, status %d)", (int)res.end, res.status);
	is_int(proc_result_rc(&res), RC_HOOK, "signal: RC_HOOK");
	snprintf(want, sizeof(want), "was killed by signal %d: dying", SIGUSR1);
	is_str(proc_result_text(&res, how, sizeof(how)), want,
	       "signal: said so");
	buf_clear(&g.text);
}

/* Runs script (which writes "$$ GRANDCHILD" to $F) and checks that the
 * child and its grandchild are both gone afterwards. */
static void group_case(const char *what, const char *script, int timeout_ms,
		       int grace_ms, enum proc_end end, long max_ms)
{
	char pids[300], env_f[320];
	const char *argv[] = { "/bin/sh", "-c", script, NULL };
	const char *env[] = { env_f, NULL };
	struct proc_result res;
	struct err e = { 0 };
	struct got g;
	struct proc_spec s;
	long a = 0, b = 0;

	snprintf(pids, sizeof(pids), "%s/pids", dir);
	snprintf(env_f, sizeof(env_f), "F=%s", pids);
	unlink(pids);
	got_init(&g);
	s = sh_spec(argv, &g);
	s.env_add = env;
	s.timeout_ms = timeout_ms;
	s.kill_grace_ms = grace_ms;
	is_int(proc_run(&s, &res, &e), RC_OK, "%s: ran (%s)", what,
	       err_text(&e));
	is_int(res.end, end, "%s: ended as expected", what);
	ok(res.elapsed_ms < max_ms, "%s: over in %ld ms (< %ld)", what,
	   res.elapsed_ms, max_ms);
	ok(read_pids(pids, &a, &b), "%s: pids recorded", what);
	ok(a > 1 && pid_gone(a), "%s: the child %ld is gone", what, a);
	ok(b > 1 && pid_gone(b), "%s: the grandchild %ld is gone too", what, b);
	buf_clear(&g.text);
}

static void test_process_group(void)
{
	struct proc_result res;
	char how[256];

	/* Both obey SIGTERM. */
	group_case("timeout", "sleep 300 & echo \"$$ $!\" > \"$F\"; wait", 300,
		   5000, PROC_TIMED_OUT, 2500);
	/* Both ignore SIGTERM (the grandchild inherits that): SIGKILL after
	 * the grace period. */
	group_case("timeout, TERM ignored",
		   "trap '' TERM; sleep 300 & echo \"$$ $!\" > \"$F\"; "
		   "wait; sleep 300",
		   300, 300, PROC_TIMED_OUT, 2500);
	/* Exits at once, leaving a grandchild holding its stdout. */
	group_case("exit with a grandchild holding the pipe",
		   "sleep 300 & echo \"$$ $!\" > \"$F\"; exit 0", 10000, 0,
		   PROC_EXITED, 2000);
	/* The same with a grandchild that let go of the pipes. */
	group_case("exit with a detached grandchild",
		   "sleep 300 >/dev/null 2>&1 & echo \"$$ $!\" > \"$F\"", 10000,
		   0, PROC_EXITED, 2000);

	memset(&res, 0, sizeof(res));
	res.end = PROC_TIMED_OUT;
	res.timeout_ms = 300;
	is_str(proc_result_text(&res, how, sizeof(how)),
	       "did not finish within 1 s and was killed",
	       "timeout text rounds up to seconds");
	is_int(proc_result_rc(&res), RC_TIMEOUT, "timeout: RC_TIMEOUT");
}

#define SEQ_LINES 16384
#define SEQ_LEN 64 /* with its newline: SEQ_LINES * SEQ_LEN = 1 MiB */

/* Line i of the big input, without its newline, into out. */
static void seq_make(int i, char *out)
{
	int n = snprintf(out, SEQ_LEN, "%05d ", i);

	memset(out + n, 'a' + i % 26, SEQ_LEN - 1 - (size_t)n);
	out[SEQ_LEN - 1] = '\0';
}

/* Checks each line cat gives back against the one sent. */
struct seq {
	int next, bad;
};

static void seq_line(void *arg, enum proc_line_kind kind, const char *line)
{
	struct seq *q = arg;
	char want[SEQ_LEN];

	seq_make(q->next, want);
	if (kind != PROC_LINE_STDOUT || strcmp(line, want) != 0)
		q->bad++;
	q->next++;
}

static void test_stdin(void)
{
	const char *cat[] = { "cat", NULL };
	const char *wc[] = { "/bin/sh", "-c", "wc -c | tr -d ' '", NULL };
	const char *deaf[] = { "/bin/true", NULL };
	const char *eof[] = { "/bin/sh", "-c", "read x || echo eof:\"$x\"",
			      NULL };
	struct proc_result res;
	struct err e = { 0 };
	struct seq q = { 0, 0 };
	struct proc_spec s = { 0 };
	sigset_t pending;
	char *input;
	long long t0;
	struct got g;
	int i;

	input = malloc((size_t)SEQ_LINES * SEQ_LEN);
	if (input == NULL) {
		ok(0, "malloc");
		return;
	}
	for (i = 0; i < SEQ_LINES; i++) {
		seq_make(i, input + (size_t)i * SEQ_LEN);
		input[(size_t)i * SEQ_LEN + SEQ_LEN - 1] = '\n';
	}
	/* cat writes back while we write: with only one pipe served at a
	 * time both would block once the pipe buffers are full. */
	s.argv = cat;
	s.input = input;
	s.input_len = (size_t)SEQ_LINES * SEQ_LEN;
	s.timeout_ms = 20000;
	s.output_max = 2u << 20;
	s.lines_max = SEQ_LINES + 10;
	s.on_line = seq_line;
	s.line_arg = &q;
	t0 = now_ms();
	is_int(proc_run(&s, &res, &e), RC_OK, "1 MiB through cat (PATH)");
	ok(res.end == PROC_EXITED && res.status == 0, "cat exited 0");
	ok(now_ms() - t0 < 10000, "no deadlock (%lld ms)", now_ms() - t0);
	ok(q.next == SEQ_LINES && q.bad == 0,
	   "every line came back intact (%d lines, %d wrong)", q.next, q.bad);
	is_int(res.output_cut, 0, "nothing cut within a 2 MiB bound");

	/* The same with the default bounds: most of the output dropped. */
	got_init(&g);
	s.output_max = 0;
	s.lines_max = 0;
	s.on_line = got_line;
	s.line_arg = &g;
	is_int(proc_run(&s, &res, &e), RC_OK, "1 MiB, default bounds");
	ok(res.end == PROC_EXITED && res.status == 0 && res.output_cut,
	   "cat still finishes; the output was cut");
	ok(g.lines == PROC_LINES_MAX_DEFAULT && g.notes == 1,
	   "%d lines and one note (%d, %d)", PROC_LINES_MAX_DEFAULT, g.lines,
	   g.notes);
	buf_clear(&g.text);

	got_init(&g);
	s.argv = wc;
	is_int(proc_run(&s, &res, &e), RC_OK, "wc ran");
	is_str(g.text.data, "o:1048576\n", "all 1 MiB arrived on stdin");
	buf_clear(&g.text);

	/* A child that never reads: EPIPE for us, not SIGPIPE. */
	memset(&s, 0, sizeof(s));
	s.argv = deaf;
	s.input = input;
	s.input_len = (size_t)SEQ_LINES * SEQ_LEN;
	is_int(proc_run(&s, &res, &e), RC_OK, "a child that does not read");
	ok(res.end == PROC_EXITED && res.status == 0, "... exits 0");
	sigpending(&pending);
	ok(!sigismember(&pending, SIGPIPE), "no SIGPIPE left pending");
	free(input);

	got_init(&g);
	s = sh_spec(eof, &g);
	s.input = "";
	s.input_len = 0;
	proc_run(&s, &res, &e);
	is_str(g.text.data, "o:eof:\n", "empty input: EOF at once");
	buf_clear(&g.text);
	got_init(&g);
	s.input = NULL;
	proc_run(&s, &res, &e);
	is_str(g.text.data, "o:eof:\n", "no input: /dev/null");
	buf_clear(&g.text);
}

static void test_output_bound(void)
{
	const char *one_line[] = {
		"/bin/sh", "-c",
		"head -c 10000000 /dev/zero | tr '\\0' x; echo; echo after",
		NULL
	};
	const char *many_lines[] = { "/bin/sh", "-c", "yes | head -c 10000000",
				     NULL };
	struct proc_result res;
	struct err e = { 0 };
	struct rusage ru0, ru1;
	struct proc_spec s;
	struct got g;
	long long t0;

	getrusage(RUSAGE_SELF, &ru0);
	got_init(&g);
	s = sh_spec(one_line, &g);
	s.output_max = 16 << 20; /* past the long line: "after" is seen */
	t0 = now_ms();
	is_int(proc_run(&s, &res, &e), RC_OK, "10 MB in one line");
	ok(res.end == PROC_EXITED && res.status == 0 && res.output_cut,
	   "exits 0, output cut");
	ok(now_ms() - t0 < 10000, "in %lld ms", now_ms() - t0);
	ok(g.lines == 2 && g.bytes == PROC_LINE_MAX + 3 + 5,
	   "the long line shortened to %d bytes and \"...\", then the next "
	   "(%d lines, %zu bytes)",
	   PROC_LINE_MAX, g.lines, g.bytes);
	ok(got_has(&g, "o:after") && got_has(&g, "n:(output cut)"),
	   "the next line and the note");
	buf_clear(&g.text);

	got_init(&g);
	s = sh_spec(many_lines, &g);
	is_int(proc_run(&s, &res, &e), RC_OK, "10 MB in 5 million lines");
	ok(res.end == PROC_EXITED && res.status == 0 && res.output_cut,
	   "exits 0, output cut");
	ok(g.lines == PROC_LINES_MAX_DEFAULT && g.notes == 1 &&
		   g.bytes == PROC_LINES_MAX_DEFAULT,
	   "%d lines \"y\" and one note (%d lines, %d notes)",
	   PROC_LINES_MAX_DEFAULT, g.lines, g.notes);
	buf_clear(&g.text);

	/* The byte bound: 8192 bytes are 4096 lines "y". */
	got_init(&g);
	s = sh_spec(many_lines, &g);
	s.lines_max = 1 << 20;
	is_int(proc_run(&s, &res, &e), RC_OK, "10 MB, byte bound");
	ok(g.lines == PROC_OUTPUT_MAX_DEFAULT / 2 && g.notes == 1 &&
		   res.output_cut,
	   "%d bytes looked at: %d lines and the note (%d lines, %d notes)",
	   PROC_OUTPUT_MAX_DEFAULT, PROC_OUTPUT_MAX_DEFAULT / 2, g.lines,
	   g.notes);
	getrusage(RUSAGE_SELF, &ru1);
	ok(ru1.ru_maxrss - ru0.ru_maxrss < 8 * 1024,
	   "memory stays bounded (peak grew %ld KiB for 30 MB of output)",
	   ru1.ru_maxrss - ru0.ru_maxrss);
	buf_clear(&g.text);
}

static void test_environment(void)
{
	const char *argv[] = { "/bin/sh", "-c", "env; exit 0", NULL };
	const char *add[] = { "ADDED=yes", "ACMETUI_ACTION=add",
			      "KEEP_ME=child", NULL };
	const char *bad1[] = { "NOEQUALS", NULL };
	const char *bad2[] = { "=hunter3", NULL };
	struct proc_result res;
	struct err e = { 0 };
	struct proc_spec s;
	struct got g;

	setenv("ACMETUI_SECRET", "hunter2", 1);
	setenv("CERTBOT_VALIDATION", "stale", 1);
	setenv("KEEP_ME", "parent", 1);
	setenv("PROVIDER_TOKEN", "for-the-hook", 1);
	got_init(&g);
	s = sh_spec(argv, &g);
	s.env_add = add;
	s.lines_max = 10000;
	s.output_max = 1 << 20;
	is_int(proc_run(&s, &res, &e), RC_OK, "env ran");
	ok(strstr(g.text.data, "hunter2") == NULL &&
		   strstr(g.text.data, "ACMETUI_SECRET") == NULL,
	   "ACMETUI_SECRET does not reach the child");
	ok(strstr(g.text.data, "CERTBOT_VALIDATION") == NULL,
	   "nor CERTBOT_* of ours");
	ok(got_has(&g, "o:ADDED=yes") && got_has(&g, "o:ACMETUI_ACTION=add"),
	   "the added variables do, ACMETUI_* ones too");
	ok(got_has(&g, "o:KEEP_ME=child") &&
		   strstr(g.text.data, "KEEP_ME=parent") == NULL,
	   "an added variable replaces ours of the same name");
	ok(got_has(&g, "o:PROVIDER_TOKEN=for-the-hook"),
	   "the operator's other variables are passed on");
	unsetenv("ACMETUI_SECRET");
	unsetenv("CERTBOT_VALIDATION");
	unsetenv("KEEP_ME");
	unsetenv("PROVIDER_TOKEN");
	buf_clear(&g.text);

	s.env_add = bad1;
	is_int(proc_run(&s, &res, &e), RC_USAGE, "a variable without '='");
	ok(res.end == PROC_NOT_RUN && strstr(e.msg, "NOEQUALS") != NULL,
	   "refused, named: %s", e.msg);
	err_clear(&e);
	s.env_add = bad2;
	is_int(proc_run(&s, &res, &e), RC_USAGE, "a variable without name");
	ok(strstr(e.msg, "hunter3") == NULL, "its value is not shown: %s",
	   e.msg);
}

static void test_sanitize(void)
{
	const char *argv[] = {
		"/bin/sh", "-c",
		"printf 'evil \\033]0;title\\007 \\033[31mred\\r\\n'; "
		"printf '\\302\\233csi \\377\\n'; "
		"printf 'bad\\033[2Jline\\n' >&2; exit 1",
		NULL
	};
	struct proc_result res;
	struct err e = { 0 };
	struct proc_spec s;
	struct got g;

	got_init(&g);
	s = sh_spec(argv, &g);
	is_int(proc_run(&s, &res, &e), RC_OK, "escapes: ran");
	ok(strchr(g.text.data, 0x1b) == NULL &&
		   strchr(g.text.data, 0x07) == NULL &&
		   strchr(g.text.data, '\r') == NULL &&
		   strstr(g.text.data, "\xc2\x9b") == NULL &&
		   strchr(g.text.data, '\xff') == NULL,
	   "no ESC, BEL, CR, C1 or invalid UTF-8 passed on");
	ok(got_has(&g, "o:evil \\x1b]0;title\\x07 \\x1b[31mred"),
	   "controls shown escaped, CRLF taken as a line end");
	ok(got_has(&g, "o:\\xc2\\x9bcsi \\xff"),
	   "C1 and invalid UTF-8 shown escaped");
	is_str(res.first_line, "bad\\x1b[2Jline", "first line escaped too");
	buf_clear(&g.text);
}

static void test_cannot_run(void)
{
	const char *missing[] = { "/nonexistent/prog", "arg", NULL };
	const char *unfound[] = { "acmetui-no-such-program", NULL };
	const char *empty[] = { "", NULL };
	char path[300], how[512];
	const char *noexec[] = { path, NULL };
	struct proc_result res;
	struct err e = { 0 };
	struct proc_spec s = { 0 };
	FILE *f;

	s.argv = missing;
	is_int(proc_run(&s, &res, &e), RC_HOOK, "missing program: RC_HOOK");
	is_str(e.msg,
	       "cannot run '/nonexistent/prog': No such file or directory",
	       "a clear error");
	ok(res.end == PROC_NOT_RUN &&
		   strcmp(res.why, "No such file or directory") == 0,
	   "result: not run, and why");
	is_int(proc_result_rc(&res), RC_HOOK, "its rc is RC_HOOK");
	is_str(proc_result_text(&res, how, sizeof(how)),
	       "cannot be run: No such file or directory", "its text");

	err_clear(&e);
	s.argv = unfound;
	is_int(proc_run(&s, &res, &e), RC_HOOK, "not in PATH: RC_HOOK (%s)",
	       e.msg);

	err_clear(&e);
	snprintf(path, sizeof(path), "%s/not-executable", dir);
	f = fopen(path, "w");
	if (f != NULL) {
		fputs("#!/bin/sh\necho hi\n", f);
		fclose(f);
	}
	chmod(path, 0644);
	s.argv = noexec;
	is_int(proc_run(&s, &res, &e), RC_HOOK, "not executable: RC_HOOK");
	ok(strstr(e.msg, "Permission denied") != NULL, "not executable: %s",
	   e.msg);
	unlink(path);

	err_clear(&e);
	s.argv = empty;
	is_int(proc_run(&s, &res, &e), RC_USAGE, "empty argv[0]: RC_USAGE");
	err_clear(&e);
	s.argv = NULL;
	is_int(proc_run(&s, &res, &e), RC_USAGE, "no argv: RC_USAGE (%s)",
	       e.msg);
}

int main(void)
{
	int fds;

	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp");
		return tap_done();
	}
	fds = open_fds();
	test_shell();
	test_exit_status();
	test_signal();
	test_process_group();
	test_stdin();
	test_output_bound();
	test_environment();
	test_sanitize();
	test_cannot_run();
	is_int(open_fds(), fds, "no descriptor left open by the runs");
	rmdir(dir);
	return tap_done();
}
