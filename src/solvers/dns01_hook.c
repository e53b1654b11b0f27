/* dns01_hook.c - DNS-01 through an operator's command: the quoting-aware
 * splitter, the bounded child runner (posix_spawn, no shell) and the
 * solver ops around them. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dns/resolve.h"
#include "solvers/dns01.h"
#include "solvers/dns01_hook.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/safe.h"

extern char **environ;

#define POLL_SLICE_MS 50  /* how often a quiet child's state is checked */
#define DRAIN_MS 200	  /* output read after the child exited (its own
			   * children may still hold the pipes) */

void dns01_hook_argv_free(char **argv)
{
	size_t i;

	if (argv == NULL)
		return;
	for (i = 0; argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
}

/* Appends the finished word in w to the array (v, *n).  -1 when full or
 * out of memory. */
static int word_push(char **v, size_t *n, struct buf *w)
{
	char *s;

	if (*n >= DNS01_HOOK_ARGS_MAX)
		return -1;
	s = buf_take(w);
	if (s == NULL)
		return -1;
	v[(*n)++] = s;
	return 0;
}

char **dns01_hook_split(const char *cmd, struct err *e)
{
	struct buf w;
	char **v = NULL;
	size_t n = 0, len;
	int in_word = 0, quote = 0; /* quote: 0, '\'' or '"' */
	const char *p;

	buf_init(&w, DNS01_HOOK_CMD_MAX);
	if (cmd == NULL) {
		err_set(e, RC_USAGE, _("no DNS hook command given"));
		goto fail;
	}
	len = strnlen(cmd, DNS01_HOOK_CMD_MAX + 1);
	if (len > DNS01_HOOK_CMD_MAX) {
		err_set(e, RC_INPUT,
			_("the DNS hook command is longer than %d characters"),
			DNS01_HOOK_CMD_MAX);
		goto fail;
	}
	v = calloc(DNS01_HOOK_ARGS_MAX + 1, sizeof(*v));
	if (v == NULL)
		goto nomem;
	for (p = cmd; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
			err_set(e, RC_INPUT,
				_("the DNS hook command contains control "
				  "characters"));
			goto fail;
		}
		if (quote == '\'') {
			if (c == '\'')
				quote = 0;
			else if (buf_append(&w, p, 1) != 0)
				goto nomem;
			continue;
		}
		if (quote == '"') {
			if (c == '"') {
				quote = 0;
				continue;
			}
			if (c == '\\' && p[1] != '\0' &&
			    strchr("\"\\$`", p[1]) != NULL)
				p++;
			if (buf_append(&w, p, 1) != 0)
				goto nomem;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n') {
			if (in_word && word_push(v, &n, &w) != 0)
				goto toomany;
			in_word = 0;
			continue;
		}
		in_word = 1;
		if (c == '\'' || c == '"') {
			quote = c;
			continue;
		}
		if (c == '\\') {
			if (p[1] == '\0') {
				err_set(e, RC_INPUT,
					_("the DNS hook command ends with a "
					  "backslash"));
				goto fail;
			}
			p++;
		}
		if (buf_append(&w, p, 1) != 0)
			goto nomem;
	}
	if (quote != 0) {
		err_set(e, RC_INPUT,
			_("the DNS hook command has an unterminated %c quote"),
			quote);
		goto fail;
	}
	if (in_word && word_push(v, &n, &w) != 0)
		goto toomany;
	if (n == 0) {
		err_set(e, RC_USAGE, _("the DNS hook command is empty"));
		goto fail;
	}
	buf_clear(&w);
	return v;
toomany:
	err_set(e, RC_INPUT,
		_("the DNS hook command has more than %d words"),
		DNS01_HOOK_ARGS_MAX);
	goto fail;
nomem:
	err_set(e, RC_NOMEM, _("out of memory"));
fail:
	buf_clear(&w);
	dns01_hook_argv_free(v);
	return NULL;
}

char **dns01_hook_argv_dup(const char *const *argv, struct err *e)
{
	char **v = NULL;
	size_t i, n = 0, total = 0;

	if (argv == NULL || argv[0] == NULL || argv[0][0] == '\0')
		goto empty;
	while (argv[n] != NULL) {
		total += strlen(argv[n]) + 1;
		if (++n > DNS01_HOOK_ARGS_MAX || total > DNS01_HOOK_CMD_MAX) {
			err_set(e, RC_INPUT,
				_("the DNS hook command is too long"));
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
empty:
	err_set(e, RC_USAGE, _("no DNS hook command given"));
	return NULL;
nomem:
	dns01_hook_argv_free(v);
	err_set(e, RC_NOMEM, _("out of memory"));
	return NULL;
}

/* The child's environment: ours without ACMETUI_* and CERTBOT_*, then
 * env_add.  The strings are borrowed; free only the array. */
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
		if (strncmp(environ[i], "ACMETUI_", 8) != 0 &&
		    strncmp(environ[i], "CERTBOT_", 8) != 0)
			v[k++] = environ[i];
	for (i = 0; env_add != NULL && env_add[i] != NULL; i++)
		v[k++] = (char *)env_add[i];
	return v;
}

/* Output of one stream: what is kept, and whether some was dropped. */
struct stream {
	int fd;
	struct buf kept;
	int cut;
};

/* Reads what fd has now into s (keeping up to the cap, dropping the
 * rest); closes it at EOF or error. */
static void stream_read(struct stream *s)
{
	char chunk[4096];
	ssize_t r;
	size_t room;

	r = read(s->fd, chunk, sizeof(chunk));
	if (r < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (r <= 0) {
		close(s->fd);
		s->fd = -1;
		return;
	}
	room = DNS01_HOOK_OUTPUT_MAX - s->kept.len;
	if ((size_t)r > room) {
		s->cut = 1;
		r = (ssize_t)room;
	}
	if (r > 0)
		buf_append(&s->kept, chunk, (size_t)r);
}

/* Passes the lines of s to log, prefixed; *budget limits the count. */
static void stream_log(const struct stream *s, const char *cmd,
		       void (*log)(void *, const char *), void *arg,
		       int *budget)
{
	const char *p = s->kept.data, *nl;
	char line[2 * ERR_MSG_MAX], shown[ERR_MSG_MAX];
	size_t len;

	if (log == NULL || p == NULL)
		return;
	while (*p != '\0' && *budget > 0) {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		safe_line(shown, sizeof(shown), p, len);
		if (len > 0) {
			snprintf(line, sizeof(line), "dns hook %s: %s", cmd,
				 shown);
			log(arg, line);
			(*budget)--;
		}
		p += len + (nl != NULL);
	}
	if (s->cut && *budget > 0) {
		snprintf(line, sizeof(line), _("dns hook %s: (output cut)"),
			 cmd);
		log(arg, line);
	}
}

/* The first non-blank line of s, sanitized, into out. */
static void first_line(const struct stream *s, char *out, size_t size)
{
	const char *p = s->kept.data, *nl;
	size_t len;

	out[0] = '\0';
	while (p != NULL && *p != '\0') {
		p += strspn(p, " \t\r\n");
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (len > 0) {
			safe_line(out, size, p, len);
			return;
		}
		if (nl == NULL)
			return;
		p = nl + 1;
	}
}

/* Starts argv with stdout/stderr on the write ends of the two pipes.
 * Returns 0 with *pid set, or an errno value. */
static int spawn(const char *const *argv, char **envp, int out_w, int err_w,
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
	r = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY,
					     0);
	if (r == 0)
		r = posix_spawn_file_actions_adddup2(&fa, out_w, 1);
	if (r == 0)
		r = posix_spawn_file_actions_adddup2(&fa, err_w, 2);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 34)
	/* Descriptors some library opened without O_CLOEXEC stay home. */
	if (r == 0)
		r = posix_spawn_file_actions_addclosefrom_np(&fa, 3);
#endif
	/* Its own process group (so a timeout kills its children too),
	 * default signal dispositions, nothing blocked. */
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

/* Reads both streams until the child has exited and the pipes are
 * closed (or DRAIN_MS after its exit), killing it at the deadline.
 * Sets *status and *timed_out. */
static void supervise(pid_t pid, struct stream *s, long long deadline,
		      int *status, int *timed_out)
{
	struct pollfd p[2];
	long long now, kill_at = 0, drain_until = 0;
	int reaped = 0, nfd, i, wait_ms;

	*timed_out = 0;
	for (;;) {
		if (!reaped && waitpid(pid, status, WNOHANG) == pid) {
			reaped = 1;
			drain_until = dns_now_ms() + DRAIN_MS;
		}
		now = dns_now_ms();
		if (reaped && ((s[0].fd < 0 && s[1].fd < 0) ||
			       now >= drain_until))
			break;
		if (!reaped && !*timed_out && now >= deadline) {
			*timed_out = 1;
			kill(-pid, SIGTERM);
			kill_at = now + DNS01_HOOK_KILL_GRACE_MS;
		}
		if (!reaped && *timed_out && now >= kill_at) {
			kill(-pid, SIGKILL);
			while (waitpid(pid, status, 0) < 0 && errno == EINTR)
				;
			reaped = 1;
			drain_until = now; /* nothing more worth waiting for */
			continue;
		}
		nfd = 0;
		for (i = 0; i < 2; i++)
			if (s[i].fd >= 0) {
				p[nfd].fd = s[i].fd;
				p[nfd].events = POLLIN;
				p[nfd].revents = 0;
				nfd++;
			}
		wait_ms = POLL_SLICE_MS;
		if (poll(p, (nfds_t)nfd, wait_ms) <= 0)
			continue;
		for (i = 0; i < 2; i++) {
			int k;

			for (k = 0; k < nfd; k++)
				if (s[i].fd >= 0 && p[k].fd == s[i].fd &&
				    p[k].revents != 0)
					stream_read(&s[i]);
		}
	}
	for (i = 0; i < 2; i++)
		if (s[i].fd >= 0) {
			close(s[i].fd);
			s[i].fd = -1;
		}
	/* Whatever the hook left running in its group goes too. */
	kill(-pid, SIGKILL);
}

enum acme_rc dns01_hook_exec(const char *const *argv,
			     const char *const *env_add, int timeout_ms,
			     void (*log)(void *arg, const char *line),
			     void *log_arg, struct err *e)
{
	struct stream s[2] = { { -1, { 0 }, 0 }, { -1, { 0 }, 0 } };
	int out[2] = { -1, -1 }, errp[2] = { -1, -1 };
	int status = 0, timed_out = 0, r, budget = DNS01_HOOK_LINES_MAX;
	char **envp = NULL, first[256];
	enum acme_rc rc = RC_HOOK;
	const char *cmd;
	pid_t pid = -1;

	if (argv == NULL || argv[0] == NULL)
		return err_set(e, RC_USAGE, _("no DNS hook command given"));
	cmd = argv[0];
	if (timeout_ms <= 0)
		timeout_ms = DNS01_HOOK_TIMEOUT_MS_DEFAULT;
	buf_init(&s[0].kept, DNS01_HOOK_OUTPUT_MAX);
	buf_init(&s[1].kept, DNS01_HOOK_OUTPUT_MAX);
	envp = child_env(env_add);
	if (envp == NULL) {
		rc = err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	if (pipe2(out, O_CLOEXEC) != 0 || pipe2(errp, O_CLOEXEC) != 0) {
		rc = err_set(e, RC_SYS, _("cannot create a pipe: %s"),
			     strerror(errno));
		goto out;
	}
	r = spawn(argv, envp, out[1], errp[1], &pid);
	close(out[1]);
	close(errp[1]);
	out[1] = errp[1] = -1;
	if (r != 0) {
		rc = err_set(e, RC_HOOK, _("dns hook '%s' cannot be run: %s"),
			     cmd, strerror(r));
		goto out;
	}
	s[0].fd = out[0];
	s[1].fd = errp[0];
	out[0] = errp[0] = -1;
	supervise(pid, s, dns_now_ms() + timeout_ms, &status, &timed_out);
	stream_log(&s[0], cmd, log, log_arg, &budget);
	stream_log(&s[1], cmd, log, log_arg, &budget);
	first_line(&s[1], first, sizeof(first));
	if (first[0] == '\0')
		first_line(&s[0], first, sizeof(first));
	if (timed_out) {
		rc = err_set(e, RC_TIMEOUT,
			     _("dns hook '%s' did not finish within %d s and "
			       "was killed"),
			     cmd, (timeout_ms + 999) / 1000);
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		rc = RC_OK;
	} else if (WIFEXITED(status)) {
		rc = err_set(e, RC_HOOK, _("dns hook '%s' failed (exit %d)%s%s"),
			     cmd, WEXITSTATUS(status), first[0] ? ": " : "",
			     first);
	} else {
		rc = err_set(e, RC_HOOK,
			     _("dns hook '%s' was killed by signal %d%s%s"),
			     cmd, WIFSIGNALED(status) ? WTERMSIG(status) : 0,
			     first[0] ? ": " : "", first);
	}
out:
	for (r = 0; r < 2; r++) {
		if (out[r] >= 0)
			close(out[r]);
		if (errp[r] >= 0)
			close(errp[r]);
		if (s[r].fd >= 0)
			close(s[r].fd);
		buf_clear(&s[r].kept);
	}
	free(envp);
	return rc;
}

/* ---- The solver method. ---- */

struct hook {
	struct dns01 dns;
	char **argv; /* the operator's words */
	int timeout_ms;
};

/* Runs the hook for one record: ARGV... ACTION NAME VALUE DOMAIN. */
static enum acme_rc hook_run(struct hook *h, const char *action,
			     const struct dns01_record *r, struct err *e)
{
	const char *argv[DNS01_HOOK_ARGS_MAX + 5];
	char *env[6] = { NULL };
	const char *envc[7];
	enum acme_rc rc = RC_NOMEM;
	size_t n = 0, i;

	while (n < DNS01_HOOK_ARGS_MAX && h->argv[n] != NULL) {
		argv[n] = h->argv[n];
		n++;
	}
	argv[n++] = action;
	argv[n++] = r->name;
	argv[n++] = r->value;
	argv[n++] = r->domain;
	argv[n] = NULL;
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
	rc = dns01_hook_exec(argv, envc, h->timeout_ms, h->dns.wait.progress,
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
	dns01_hook_argv_free(h->argv);
	free(h);
}

/* Copies the command (argv wins over the command line) and the DNS-01
 * settings. */
static enum acme_rc hook_init(const struct solver_config *cfg, void **priv,
			      struct err *e)
{
	struct hook *h = NULL;
	enum acme_rc rc = RC_OK;

	if (cfg->dns_hook_timeout_ms < 0)
		return err_set(e, RC_USAGE,
			       _("the DNS hook timeout cannot be negative"));
	h = calloc(1, sizeof(*h));
	if (h == NULL)
		return err_set(e, RC_NOMEM, _("out of memory"));
	if (cfg->dns_hook_argv != NULL)
		h->argv = dns01_hook_argv_dup(cfg->dns_hook_argv, e);
	else
		h->argv = dns01_hook_split(cfg->dns_hook_command, e);
	if (h->argv == NULL) {
		rc = RC_USAGE;
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
