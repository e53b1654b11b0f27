/* SPDX-License-Identifier: ISC */
/* usercron.c - the user's crontab through crontab(1) (usercron.h).
 *
 * Not util/proc.h: that runner hands output on as sanitized, capped
 * lines for display, and a crontab must come back byte for byte to be
 * written again.  The child gets no ACMETUI_* variables (secrets such as
 * ACMETUI_EAB_HMAC_KEY stay home), as proc.h does for hooks. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/schedtext.h"
#include "cli/usercron.h"
#include "util/buf.h"
#include "util/i18n.h"

extern char **environ;

/* In the child: drops acmetui's own variables from the environment. */
static void scrub_env(void)
{
	size_t i = 0;
	char name[256];

	while (environ != NULL && environ[i] != NULL) {
		size_t len = strcspn(environ[i], "=");

		if (strncmp(environ[i], "ACMETUI_", 8) == 0 &&
		    len < sizeof(name)) {
			memcpy(name, environ[i], len);
			name[len] = '\0';
			unsetenv(name);
			continue; /* the array moved up */
		}
		i++;
	}
}

/* In the child: stdin from fd_in, stdout to fd_out, stderr kept only
 * when show_err (crontab's own words on a refusal); then crontab arg. */
static void child(const char *arg, int fd_in, int fd_out, int show_err)
{
	int null = open("/dev/null", O_RDWR);

	if (null < 0 || dup2(fd_in >= 0 ? fd_in : null, STDIN_FILENO) < 0 ||
	    dup2(fd_out >= 0 ? fd_out : null, STDOUT_FILENO) < 0 ||
	    (!show_err && dup2(null, STDERR_FILENO) < 0))
		_exit(126);
	scrub_env();
	signal(SIGPIPE, SIG_DFL);
	execlp("crontab", "crontab", arg, (char *)NULL);
	_exit(127);
}

/* Waits for pid; its exit status, or -1 when it did not exit. */
static int reap(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Sets e for a crontab run that ended with status st. */
static enum rc run_failed(int st, struct err *e)
{
	if (st == 127)
		return err_set(e, RC_HOOK, "%s",
			       _("cannot run crontab (is the cron package "
				 "installed?)"));
	return err_set(e, RC_HOOK, _("crontab failed (exit %d)"), st);
}

enum rc usercron_read(char **text, struct err *e)
{
	struct buf b;
	char chunk[4096];
	int fds[2], st, toobig = 0;
	ssize_t n;
	pid_t pid;

	*text = NULL;
	buf_init(&b, SCHED_CRONTAB_MAX);
	if (pipe2(fds, O_CLOEXEC) != 0)
		return err_set(e, RC_SYS, "pipe: %s", strerror(errno));
	pid = fork();
	if (pid == 0)
		child("-l", -1, fds[1], 0);
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		return err_set(e, RC_SYS, "fork: %s", strerror(errno));
	}
	while ((n = read(fds[0], chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		if (!toobig && buf_append(&b, chunk, (size_t)n) != 0)
			toobig = 1; /* read on: the child must not block */
	}
	close(fds[0]);
	st = reap(pid);
	/* crontab -l says "no crontab for USER" with exit 1: none yet. */
	if (st == 1) {
		buf_clear(&b);
		buf_init(&b, SCHED_CRONTAB_MAX);
	} else if (st != 0) {
		buf_clear(&b);
		return run_failed(st, e);
	}
	if (toobig) {
		buf_clear(&b);
		return err_set(e, RC_INPUT, "%s",
			       _("the crontab is too long to edit"));
	}
	*text = buf_take(&b);
	if (*text == NULL)
		return err_set(e, RC_NOMEM, "%s", _("out of memory"));
	return RC_OK;
}

enum rc usercron_write(const char *text, struct err *e)
{
	size_t off = 0, len = strlen(text);
	void (*old)(int);
	int fds[2], st;
	ssize_t n;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) != 0)
		return err_set(e, RC_SYS, "pipe: %s", strerror(errno));
	pid = fork();
	if (pid == 0)
		child("-", fds[0], -1, 1);
	close(fds[0]);
	if (pid < 0) {
		close(fds[1]);
		return err_set(e, RC_SYS, "fork: %s", strerror(errno));
	}
	old = signal(SIGPIPE, SIG_IGN); /* a crontab that quits early */
	while (off < len) {
		n = write(fds[1], text + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	close(fds[1]);
	signal(SIGPIPE, old);
	st = reap(pid);
	if (st != 0 || off < len)
		return run_failed(st, e);
	return RC_OK;
}
