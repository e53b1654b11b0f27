/* run.c - a notification hook with its event on stdin (see run.h).
 *
 * dns01_hook_exec() gives its hooks /dev/null as stdin; a notification
 * hook wants the event there (JSON may be longer than an argument, and
 * arguments show in ps), hence this small runner. */
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

#include "notify/run.h"
#include "util/i18n.h"
#include "util/safe.h"

extern char **environ;

/* Poll slice: how often the deadline is looked at. */
#define SLICE_MS 100

/* Monotonic milliseconds. */
static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Our environment without ACMETUI_* and CERTBOT_*; strings borrowed,
 * the caller frees the array only.  NULL when out of memory. */
static char **child_env(void)
{
	size_t n = 0, k = 0, i;
	char **v;

	for (i = 0; environ != NULL && environ[i] != NULL; i++)
		n++;
	v = calloc(n + 1, sizeof(*v));
	if (v == NULL)
		return NULL;
	for (i = 0; environ != NULL && environ[i] != NULL; i++)
		if (strncmp(environ[i], "ACMETUI_", 8) != 0 &&
		    strncmp(environ[i], "CERTBOT_", 8) != 0)
			v[k++] = environ[i];
	return v;
}

/* Starts argv with stdin on in_r and stdout+stderr on out_w, in its own
 * process group, default signals, no other descriptors.  Returns 0 with
 * *pid set, or an errno value. */
static int spawn(const char *const *argv, char **envp, int in_r, int out_w,
		 pid_t *pid)
{
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
	r = posix_spawn_file_actions_adddup2(&fa, in_r, 0);
	if (r == 0)
		r = posix_spawn_file_actions_adddup2(&fa, out_w, 1);
	if (r == 0)
		r = posix_spawn_file_actions_adddup2(&fa, out_w, 2);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 34)
	if (r == 0)
		r = posix_spawn_file_actions_addclosefrom_np(&fa, 3);
#endif
	if (r == 0)
		r = posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP |
							  POSIX_SPAWN_SETSIGDEF |
							  POSIX_SPAWN_SETSIGMASK);
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

/* The child's side of the conversation, as the parent sees it. */
struct talk {
	int in_w, out_r;
	const char *input;
	size_t len, sent;
	char kept[NOTIFY_RUN_OUTPUT_MAX + 1];
	size_t nkept;
};

/* Writes what the pipe takes now; closes it when all is sent or the
 * hook stopped reading (EPIPE). */
static void talk_write(struct talk *t)
{
	ssize_t w;

	w = write(t->in_w, t->input + t->sent, t->len - t->sent);
	if (w < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (w > 0)
		t->sent += (size_t)w;
	if (w < 0 || t->sent == t->len) {
		close(t->in_w);
		t->in_w = -1;
	}
}

/* Reads what the hook printed, keeping the first NOTIFY_RUN_OUTPUT_MAX
 * bytes; closes at EOF. */
static void talk_read(struct talk *t)
{
	char chunk[4096];
	size_t room;
	ssize_t r;

	r = read(t->out_r, chunk, sizeof(chunk));
	if (r < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (r <= 0) {
		close(t->out_r);
		t->out_r = -1;
		return;
	}
	room = NOTIFY_RUN_OUTPUT_MAX - t->nkept;
	if ((size_t)r < room)
		room = (size_t)r;
	memcpy(t->kept + t->nkept, chunk, room);
	t->nkept += room;
	t->kept[t->nkept] = '\0';
}

/* Feeds and drains the child until it exits and its output is closed,
 * killing its group at the deadline.  Sets *status, *timed_out. */
static void supervise(pid_t pid, struct talk *t, int timeout_ms,
		      int *status, int *timed_out)
{
	long long deadline = now_ms() + timeout_ms, kill_at = 0, now;
	struct pollfd p[2];
	int reaped = 0, nfd;

	*timed_out = 0;
	for (;;) {
		if (!reaped && waitpid(pid, status, WNOHANG) == pid)
			reaped = 1;
		now = now_ms();
		if (reaped && t->out_r < 0)
			break;
		if (!*timed_out && now >= deadline) {
			*timed_out = 1;
			kill(-pid, SIGTERM);
			kill_at = now + NOTIFY_RUN_KILL_GRACE_MS;
		}
		if (*timed_out && now >= kill_at) {
			kill(-pid, SIGKILL);
			while (!reaped && waitpid(pid, status, 0) < 0 &&
			       errno == EINTR)
				;
			break;
		}
		nfd = 0;
		if (t->out_r >= 0) {
			p[nfd].fd = t->out_r;
			p[nfd++].events = POLLIN;
		}
		if (t->in_w >= 0) {
			p[nfd].fd = t->in_w;
			p[nfd++].events = POLLOUT;
		}
		p[0].revents = p[1].revents = 0;
		if (poll(p, (nfds_t)nfd, SLICE_MS) <= 0)
			continue;
		for (; nfd-- > 0;) {
			if (p[nfd].revents == 0)
				continue;
			if (p[nfd].fd == t->out_r)
				talk_read(t);
			else if (p[nfd].fd == t->in_w)
				talk_write(t);
		}
	}
	/* Whatever the hook left running in its group goes too. */
	kill(-pid, SIGKILL);
}

/* The first non-blank line of the hook's output, sanitized, into out. */
static void first_line(const char *text, char *out, size_t size)
{
	const char *p = text + strspn(text, " \t\r\n");

	safe_line(out, size, p, strcspn(p, "\r\n"));
}

/* Runs the child with SIGPIPE held off for this thread, and leaves no
 * SIGPIPE of ours pending afterwards. */
static int run_guarded(pid_t pid, struct talk *t, int timeout_ms,
		       int *status, int *timed_out)
{
	sigset_t pipe_set, old, pending;
	struct timespec zero = { 0, 0 };
	int was_pending;

	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	sigpending(&pending);
	was_pending = sigismember(&pending, SIGPIPE);
	supervise(pid, t, timeout_ms, status, timed_out);
	sigpending(&pending);
	if (!was_pending && sigismember(&pending, SIGPIPE))
		sigtimedwait(&pipe_set, NULL, &zero);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return 0;
}

enum acme_rc notify_run(const char *const *argv, const char *input,
			size_t len, int timeout_ms, struct err *e)
{
	struct talk t = { .in_w = -1, .out_r = -1 };
	int in[2] = { -1, -1 }, out[2] = { -1, -1 };
	int status = 0, timed_out = 0, r;
	enum acme_rc rc = RC_OK;
	char cmd[128], line[256];
	char **envp = NULL;
	pid_t pid = -1;

	safe_line(cmd, sizeof(cmd), argv[0], strlen(argv[0]));
	envp = child_env();
	if (envp == NULL) {
		rc = err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) {
		rc = err_set(e, RC_HOOK, _("notify hook %s: pipe: %s"), cmd,
			     strerror(errno));
		goto out;
	}
	r = spawn(argv, envp, in[0], out[1], &pid);
	close(in[0]);
	close(out[1]);
	in[0] = out[1] = -1;
	if (r != 0) {
		rc = err_set(e, RC_HOOK, _("notify hook %s cannot start: %s"),
			     cmd, strerror(r));
		goto out;
	}
	t.in_w = in[1];
	t.out_r = out[0];
	in[1] = out[0] = -1;
	fcntl(t.in_w, F_SETFL, fcntl(t.in_w, F_GETFL) | O_NONBLOCK);
	t.input = input;
	t.len = len;
	if (len == 0) {
		close(t.in_w);
		t.in_w = -1;
	}
	run_guarded(pid, &t, timeout_ms, &status, &timed_out);
	first_line(t.kept, line, sizeof(line));
	if (timed_out)
		rc = err_set(e, RC_TIMEOUT,
			     _("notify hook %s ran longer than %d s"), cmd,
			     timeout_ms / 1000);
	else if (WIFSIGNALED(status))
		rc = err_set(e, RC_HOOK, _("notify hook %s killed by "
					   "signal %d%s%s"),
			     cmd, WTERMSIG(status), line[0] ? ": " : "", line);
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		rc = err_set(e, RC_HOOK, _("notify hook %s failed (exit "
					   "%d)%s%s"),
			     cmd, WEXITSTATUS(status), line[0] ? ": " : "",
			     line);
out:
	if (t.in_w >= 0)
		close(t.in_w);
	if (t.out_r >= 0)
		close(t.out_r);
	for (r = 0; r < 2; r++) {
		if (in[r] >= 0)
			close(in[r]);
		if (out[r] >= 0)
			close(out[r]);
	}
	free(envp);
	return rc;
}
