/* SPDX-License-Identifier: ISC */
/* proc.c - the bounded child runner (proc.h).
 *
 * One loop per run: poll() over the child's stdin (when there is input),
 * stdout and stderr pipes, a waitid(WNOWAIT) look at the child every
 * slice, and the deadlines.  The child is reaped only after its process
 * group got its final SIGKILL, so the group id cannot have been reused
 * by then. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/clock.h"
#include "util/i18n.h"
#include "util/proc.h"
#include "util/safe.h"
#include "util/shellcmd.h"

extern char **environ;

#define POLL_SLICE_MS 50      /* how often a running child is looked at */
#define POLL_SLICE_IDLE_MS 10 /* the same with no pipe left to wake us */
#define READ_CHUNK 16384

/* ---- Argument vectors. ---- */

void proc_argv_free(char **argv)
{
	size_t i;

	if (argv == NULL)
		return;
	for (i = 0; argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
}

char **proc_argv_dup(const char *const *argv, struct err *e)
{
	char **v = NULL;
	size_t i, n = 0, total = 0;

	if (argv == NULL || argv[0] == NULL || argv[0][0] == '\0') {
		err_set(e, RC_USAGE, _("no command given"));
		return NULL;
	}
	while (argv[n] != NULL) {
		total += strlen(argv[n]) + 1;
		if (++n > PROC_ARGS_MAX) {
			err_set(e, RC_INPUT, _("more than %d words"),
				PROC_ARGS_MAX);
			return NULL;
		}
		if (total > PROC_ARGV_BYTES_MAX) {
			err_set(e, RC_INPUT, _("longer than %d characters"),
				PROC_ARGV_BYTES_MAX);
			return NULL;
		}
	}
	v = calloc(n + 1, sizeof(*v));
	if (v == NULL)
		goto nomem;
	for (i = 0; i < n; i++) {
		v[i] = strdup(argv[i]);
		if (v[i] == NULL)
			goto nomem;
	}
	return v;
nomem:
	proc_argv_free(v);
	err_set(e, RC_NOMEM, _("out of memory"));
	return NULL;
}

/* ---- The child's environment. ---- */

/* 1 when entry ("NAME=value") sets the variable that def ("NAME=...")
 * sets. */
static int env_same_name(const char *entry, const char *def)
{
	size_t n = strcspn(def, "=");

	return strncmp(entry, def, n) == 0 && entry[n] == '=';
}

/* 1 when the parent's variable entry stays home: acmetui's own settings
 * (ACMETUI_*), certbot's (CERTBOT_*: a hook written for certbot must not
 * see values that are not ours), or one that env_add sets anew. */
static int env_withheld(const char *entry, const char *const *env_add)
{
	size_t i;

	if (strncmp(entry, "ACMETUI_", 8) == 0 ||
	    strncmp(entry, "CERTBOT_", 8) == 0)
		return 1;
	for (i = 0; env_add != NULL && env_add[i] != NULL; i++)
		if (env_same_name(entry, env_add[i]))
			return 1;
	return 0;
}

/* Returns the first env_add entry that is not "NAME=value" with a
 * non-empty NAME, or NULL when all are. */
static const char *env_malformed(const char *const *env_add)
{
	size_t i;

	for (i = 0; env_add != NULL && env_add[i] != NULL; i++)
		if (env_add[i][0] == '=' || strchr(env_add[i], '=') == NULL)
			return env_add[i];
	return NULL;
}

/* The child's environment: ours minus what env_withheld() keeps home,
 * then env_add.  The strings are borrowed; the caller frees the array
 * only.  NULL when out of memory. */
static char **child_env(const char *const *env_add)
{
	size_t n = 0, k = 0, i;
	char **v;

	for (i = 0; environ != NULL && environ[i] != NULL; i++)
		n++;
	for (i = 0; env_add != NULL && env_add[i] != NULL; i++)
		n++;
	v = calloc(n + 1, sizeof(*v));
	if (v == NULL)
		return NULL;
	for (i = 0; environ != NULL && environ[i] != NULL; i++)
		if (!env_withheld(environ[i], env_add))
			v[k++] = environ[i];
	for (i = 0; env_add != NULL && env_add[i] != NULL; i++)
		v[k++] = (char *)env_add[i];
	return v;
}

/* ---- Starting it. ---- */

/* Starts argv with stdin on in_r (-1: /dev/null) and stdout and stderr
 * on out_w and err_w, in its own process group, default signal
 * dispositions, nothing blocked, no other descriptors.  Returns 0 with
 * *pid set, or an errno value. */
static int spawn(const char *const *argv, char **envp, int in_r, int out_w,
		 int err_w, pid_t *pid)
{
	const short flags = POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF |
			    POSIX_SPAWN_SETSIGMASK;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, all;
	int r;

	if (posix_spawn_file_actions_init(&fa) != 0)
		return ENOMEM;
	if (posix_spawnattr_init(&at) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		return ENOMEM;
	}
	sigemptyset(&none);
	sigfillset(&all);
	if (in_r >= 0)
		r = posix_spawn_file_actions_adddup2(&fa, in_r, 0);
	else
		r = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null",
						     O_RDONLY, 0);
	if (r == 0)
		r = posix_spawn_file_actions_adddup2(&fa, out_w, 1);
	if (r == 0)
		r = posix_spawn_file_actions_adddup2(&fa, err_w, 2);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 34)
	/* Descriptors some library opened without O_CLOEXEC stay home. */
	if (r == 0)
		r = posix_spawn_file_actions_addclosefrom_np(&fa, 3);
#endif
	/* Its own process group, so that a timeout kills what it started
	 * too. */
	if (r == 0)
		r = posix_spawnattr_setflags(&at, flags);
	if (r == 0)
		r = posix_spawnattr_setpgroup(&at, 0);
	if (r == 0)
		r = posix_spawnattr_setsigdefault(&at, &all);
	if (r == 0)
		r = posix_spawnattr_setsigmask(&at, &none);
	if (r == 0) {
		if (strchr(argv[0], '/') != NULL)
			r = posix_spawn(pid, argv[0], &fa, &at,
					(char *const *)argv, envp);
		else
			r = posix_spawnp(pid, argv[0], &fa, &at,
					 (char *const *)argv, envp);
	}
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	return r;
}

/* ---- Talking to it. ---- */

/* One output stream of the child. */
struct stream {
	int fd;
	enum proc_line_kind kind;
	size_t seen;  /* bytes looked at, at most the run's output_max */
	size_t len;   /* of the line being collected */
	int skipping; /* dropping the rest of an overlong line */
	char line[PROC_LINE_MAX];
	char first[PROC_FIRST_LINE_MAX]; /* first non-blank line, shown */
};

/* The state of one run. */
struct run {
	const struct proc_spec *spec;
	size_t output_max;
	int lines_left;
	int cut; /* some output was not passed on */
	int in_fd;
	size_t sent;
	struct stream s[2];
};

/* Closes *fd when open and marks it closed. */
static void fd_close(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* The line collected in s is complete (overlong: its first PROC_LINE_MAX
 * bytes, the rest dropped): remembers it when it is the stream's first
 * non-blank one and passes it on, sanitized, while the line budget
 * lasts.  Empty lines are skipped. */
static void line_done(struct run *r, struct stream *s, int overlong)
{
	char shown[4 * PROC_LINE_MAX + 8];
	const char *p = s->line;
	size_t len = s->len, blank;

	s->len = 0;
	if (len > 0 && p[len - 1] == '\r')
		len--;
	if (len == 0)
		return;
	if (s->first[0] == '\0') {
		blank = 0;
		while (blank < len && (p[blank] == ' ' || p[blank] == '\t' ||
				       p[blank] == '\r'))
			blank++;
		if (blank < len)
			safe_line(s->first, sizeof(s->first), p + blank,
				  len - blank);
	}
	if (r->spec->on_line == NULL)
		return;
	if (r->lines_left <= 0) {
		r->cut = 1;
		return;
	}
	/* shown holds any line escaped; "..." marks the cut one. */
	safe_line(shown, sizeof(shown) - 3, p, len);
	if (overlong) {
		size_t used = strlen(shown);

		snprintf(shown + used, sizeof(shown) - used, "...");
	}
	r->lines_left--;
	r->spec->on_line(r->spec->line_arg, s->kind, shown);
}

/* Takes n bytes of output into s: up to the run's output_max in all,
 * split into lines of at most PROC_LINE_MAX bytes. */
static void stream_feed(struct run *r, struct stream *s, const char *data,
			size_t n)
{
	const char *nl;
	size_t take, fit;

	if (n > r->output_max - s->seen) {
		n = r->output_max - s->seen;
		r->cut = 1;
	}
	s->seen += n;
	while (n > 0) {
		nl = memchr(data, '\n', n);
		take = nl != NULL ? (size_t)(nl - data) : n;
		if (!s->skipping) {
			fit = PROC_LINE_MAX - s->len;
			memcpy(s->line + s->len, data, take < fit ? take : fit);
			s->len += take < fit ? take : fit;
			if (take > fit) {
				line_done(r, s, 1);
				s->skipping = 1;
				r->cut = 1;
			}
		}
		if (nl != NULL) {
			if (!s->skipping)
				line_done(r, s, 0);
			s->skipping = 0;
			take++;
		}
		data += take;
		n -= take;
	}
}

/* Stops reading s; a last line without a newline still counts. */
static void stream_close(struct run *r, struct stream *s)
{
	fd_close(&s->fd);
	if (!s->skipping && s->len > 0)
		line_done(r, s, 0);
	s->skipping = 0;
}

/* Reads what s has now; closes it at EOF or error. */
static void stream_read(struct run *r, struct stream *s)
{
	char chunk[READ_CHUNK];
	ssize_t n;

	n = read(s->fd, chunk, sizeof(chunk));
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		stream_close(r, s);
		return;
	}
	stream_feed(r, s, chunk, (size_t)n);
}

/* Writes what the stdin pipe takes now (it is non-blocking); closes it
 * when all is sent or the child stopped reading (EPIPE). */
static void input_write(struct run *r)
{
	const struct proc_spec *sp = r->spec;
	ssize_t w;

	w = write(r->in_fd, sp->input + r->sent, sp->input_len - r->sent);
	if (w < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (w > 0)
		r->sent += (size_t)w;
	if (w < 0 || r->sent == sp->input_len)
		fd_close(&r->in_fd);
}

/* Waits up to wait_ms for the pipes and serves those that are ready. */
static void pipes_serve(struct run *r, int wait_ms)
{
	struct pollfd p[3];
	int nfd = 0, i;

	for (i = 0; i < 2; i++)
		if (r->s[i].fd >= 0) {
			p[nfd].fd = r->s[i].fd;
			p[nfd++].events = POLLIN;
		}
	if (r->in_fd >= 0) {
		p[nfd].fd = r->in_fd;
		p[nfd++].events = POLLOUT;
	}
	for (i = 0; i < nfd; i++)
		p[i].revents = 0;
	if (nfd == 0 && wait_ms > POLL_SLICE_IDLE_MS)
		wait_ms = POLL_SLICE_IDLE_MS; /* only the child to look at */
	if (poll(nfd > 0 ? p : NULL, (nfds_t)nfd, wait_ms) <= 0)
		return;
	for (i = 0; i < nfd; i++) {
		if (p[i].revents == 0)
			continue;
		if (p[i].fd == r->in_fd)
			input_write(r);
		else if (p[i].fd == r->s[0].fd)
			stream_read(r, &r->s[0]);
		else if (p[i].fd == r->s[1].fd)
			stream_read(r, &r->s[1]);
	}
}

/* 1 when the child has ended (or is gone: ECHILD), without reaping it:
 * while it is a zombie its process group id stays ours. */
static int child_ended(pid_t pid)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) != 0)
		return errno != EINTR;
	return si.si_pid == pid;
}

/* The sooner of the time left until the deadline at and the slice. */
static int wait_until(long long now, long long at)
{
	if (at - now < POLL_SLICE_MS)
		return at > now ? (int)(at - now) : 0;
	return POLL_SLICE_MS;
}

/* Feeds and drains the child until it has ended and its pipes are
 * closed (or PROC_DRAIN_MS after its end), sending its group SIGTERM at
 * timeout_ms and SIGKILL grace_ms later.  Returns with the child ended or
 * due for SIGKILL; *timed_out says whether the limit was reached. */
static void supervise(struct run *r, pid_t pid, int timeout_ms, int grace_ms,
		      int *timed_out)
{
	long long now, deadline, kill_at = 0, drain_until = 0, next;
	int ended = 0;

	now = mono_ms();
	deadline = now + timeout_ms;
	*timed_out = 0;
	for (;;) {
		now = mono_ms();
		if (!ended && child_ended(pid)) {
			ended = 1;
			drain_until = now + PROC_DRAIN_MS;
			fd_close(&r->in_fd); /* no one left to read it */
		}
		if (ended &&
		    ((r->s[0].fd < 0 && r->s[1].fd < 0) || now >= drain_until))
			return;
		if (!ended && !*timed_out && now >= deadline) {
			*timed_out = 1;
			kill(-pid, SIGTERM);
			kill_at = now + grace_ms;
		}
		if (!ended && *timed_out && now >= kill_at)
			return;
		next = ended ? drain_until : *timed_out ? kill_at : deadline;
		pipes_serve(r, wait_until(now, next));
	}
}

/* Supervises the child with SIGPIPE held off for this thread when it
 * gets input (a child that stops reading must not kill us), and leaves
 * no SIGPIPE of ours pending afterwards. */
static void supervise_guarded(struct run *r, pid_t pid, int timeout_ms,
			      int grace_ms, int *timed_out)
{
	sigset_t pipe_set, old, pending;
	struct timespec zero = { 0, 0 };
	int was_pending;

	if (r->in_fd < 0) {
		supervise(r, pid, timeout_ms, grace_ms, timed_out);
		return;
	}
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	sigpending(&pending);
	was_pending = sigismember(&pending, SIGPIPE);
	supervise(r, pid, timeout_ms, grace_ms, timed_out);
	sigpending(&pending);
	if (!was_pending && sigismember(&pending, SIGPIPE))
		sigtimedwait(&pipe_set, NULL, &zero);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* Kills what is left of the child's process group and reaps the child.
 * Returns 0 with *status set, or an errno value. */
static int finish(pid_t pid, int *status)
{
	kill(-pid, SIGKILL);
	while (waitpid(pid, status, 0) < 0) {
		if (errno != EINTR)
			return errno;
	}
	return 0;
}

/* Records that the command was not run, why, and (e) what that means. */
static enum rc not_run(struct proc_result *res, struct err *e, enum rc rc,
		       const char *cmd, const char *why)
{
	res->end = PROC_NOT_RUN;
	snprintf(res->why, sizeof(res->why), "%s", why);
	if (cmd == NULL || cmd[0] == '\0')
		return err_set(e, rc, "%s", why);
	return err_set(e, rc, _("cannot run '%s': %s"), cmd, why);
}

/* Sets up r for spec with the bounds' defaults applied. */
static void run_init(struct run *r, const struct proc_spec *spec)
{
	int i;

	memset(r, 0, sizeof(*r));
	r->spec = spec;
	r->output_max = spec->output_max > 0 ? spec->output_max
					     : PROC_OUTPUT_MAX_DEFAULT;
	r->lines_left = spec->lines_max > 0 ? spec->lines_max
					    : PROC_LINES_MAX_DEFAULT;
	r->in_fd = -1;
	for (i = 0; i < 2; i++)
		r->s[i].fd = -1;
	r->s[0].kind = PROC_LINE_STDOUT;
	r->s[1].kind = PROC_LINE_STDERR;
}

/* Opens the three pipes the child needs (p[0] only when there is input),
 * all close-on-exec, our end of stdin non-blocking.  Returns 0 or an
 * errno value. */
static int pipes_open(const struct proc_spec *spec, int p[3][2])
{
	int i, fl;

	for (i = 0; i < 3; i++) {
		if (i == 0 && spec->input == NULL)
			continue;
		if (pipe2(p[i], O_CLOEXEC) != 0)
			return errno;
	}
	if (p[0][1] >= 0) {
		fl = fcntl(p[0][1], F_GETFL);
		if (fl < 0 || fcntl(p[0][1], F_SETFL, fl | O_NONBLOCK) < 0)
			return errno;
	}
	return 0;
}

/* What status from waitpid and *timed_out mean, into res; the first
 * lines of the streams too. */
static void result_fill(struct proc_result *res, const struct run *r,
			int status, int timed_out)
{
	const char *first = r->s[1].first[0] != '\0' ? r->s[1].first
						     : r->s[0].first;

	if (timed_out) {
		res->end = PROC_TIMED_OUT;
	} else if (WIFEXITED(status)) {
		res->end = PROC_EXITED;
		res->status = WEXITSTATUS(status);
	} else {
		res->end = PROC_SIGNALED;
		res->status = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	}
	res->output_cut = r->cut;
	snprintf(res->first_line, sizeof(res->first_line), "%s", first);
}

enum rc proc_run(const struct proc_spec *spec, struct proc_result *res,
		 struct err *e)
{
	int p[3][2] = { { -1, -1 }, { -1, -1 }, { -1, -1 } };
	int grace_ms, status = 0, timed_out = 0, er, i;
	char **envp = NULL, cmd[128] = "", why[PROC_WHY_MAX];
	const char *bad;
	long long t0;
	struct run r;
	enum rc rc = RC_OK;
	pid_t pid = -1;

	memset(res, 0, sizeof(*res));
	run_init(&r, spec);
	res->timeout_ms = spec->timeout_ms > 0 ? spec->timeout_ms
					       : PROC_TIMEOUT_MS_DEFAULT;
	grace_ms = spec->kill_grace_ms > 0 ? spec->kill_grace_ms
					   : PROC_KILL_GRACE_MS_DEFAULT;
	if (spec->argv == NULL || spec->argv[0] == NULL ||
	    spec->argv[0][0] == '\0') {
		rc = not_run(res, e, RC_USAGE, NULL, _("no command given"));
		goto out;
	}
	shellcmd_name(spec->argv, cmd, sizeof(cmd));
	bad = env_malformed(spec->env_add);
	if (bad != NULL) {
		/* Only the name: a value may be a secret. */
		snprintf(why, sizeof(why),
			 _("invalid environment variable '%.*s'"),
			 (int)strcspn(bad, "="), bad);
		rc = not_run(res, e, RC_USAGE, cmd, why);
		goto out;
	}
	envp = child_env(spec->env_add);
	if (envp == NULL) {
		rc = not_run(res, e, RC_NOMEM, cmd, _("out of memory"));
		goto out;
	}
	er = pipes_open(spec, p);
	if (er != 0) {
		snprintf(why, sizeof(why), _("cannot create a pipe: %s"),
			 strerror(er));
		rc = not_run(res, e, RC_SYS, cmd, why);
		goto out;
	}
	t0 = mono_ms();
	er = spawn(spec->argv, envp, p[0][0], p[1][1], p[2][1], &pid);
	/* The child's ends are the child's now. */
	fd_close(&p[0][0]);
	fd_close(&p[1][1]);
	fd_close(&p[2][1]);
	if (er != 0) {
		rc = not_run(res, e, RC_HOOK, cmd, strerror(er));
		goto out;
	}
	r.in_fd = p[0][1];
	r.s[0].fd = p[1][0];
	r.s[1].fd = p[2][0];
	p[0][1] = p[1][0] = p[2][0] = -1;
	if (r.in_fd >= 0 && spec->input_len == 0)
		fd_close(&r.in_fd); /* EOF at once */
	supervise_guarded(&r, pid, res->timeout_ms, grace_ms, &timed_out);
	er = finish(pid, &status);
	res->elapsed_ms = (long)(mono_ms() - t0);
	for (i = 0; i < 2; i++)
		stream_close(&r, &r.s[i]);
	if (er != 0) {
		rc = not_run(res, e, RC_SYS, cmd, strerror(er));
		goto out;
	}
	result_fill(res, &r, status, timed_out);
	if (r.cut && spec->on_line != NULL)
		spec->on_line(spec->line_arg, PROC_LINE_NOTE,
			      _("(output cut)"));
out:
	fd_close(&r.in_fd);
	for (i = 0; i < 2; i++)
		fd_close(&r.s[i].fd);
	for (i = 0; i < 3; i++) {
		fd_close(&p[i][0]);
		fd_close(&p[i][1]);
	}
	free(envp);
	return rc;
}

/* ---- Saying what happened. ---- */

enum rc proc_result_rc(const struct proc_result *res)
{
	if (res->end == PROC_EXITED && res->status == 0)
		return RC_OK;
	if (res->end == PROC_TIMED_OUT)
		return RC_TIMEOUT;
	return RC_HOOK;
}

char *proc_result_text(const struct proc_result *res, char *buf, size_t size)
{
	const char *sep = res->first_line[0] != '\0' ? ": " : "";

	if (size == 0)
		return buf;
	buf[0] = '\0';
	switch (res->end) {
	case PROC_NOT_RUN:
		snprintf(buf, size, _("cannot be run: %s"), res->why);
		break;
	case PROC_EXITED:
		if (res->status != 0)
			snprintf(buf, size, _("failed (exit %d)%s%s"),
				 res->status, sep, res->first_line);
		break;
	case PROC_SIGNALED:
		snprintf(buf, size, _("was killed by signal %d%s%s"),
			 res->status, sep, res->first_line);
		break;
	case PROC_TIMED_OUT:
		snprintf(buf, size,
			 _("did not finish within %d s and was killed"),
			 (res->timeout_ms + 999) / 1000);
		break;
	}
	return buf;
}
