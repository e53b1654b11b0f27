/* SPDX-License-Identifier: ISC */
/* listener.c - the core of the standalone responders: listening sockets,
 * the responder thread and its connections (see listener.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>

#include "solvers/listener.h"
#include "util/clock.h"

/* Formats addr and port as "1.2.3.4:80" or "[::]:80" into buf. */
static void addr_format(char *buf, size_t size, const char *addr, int port)
{
	if (strchr(addr, ':') != NULL)
		snprintf(buf, size, "[%s]:%d", addr, port);
	else
		snprintf(buf, size, "%s:%d", addr, port);
}

/* Sets e for a failure to listen on addr:port, with the hint an operator
 * can act on. */
static enum rc listen_error(const char *addr, int port, int err,
			    const struct listener_hints *hints, struct err *e)
{
	char where[INET6_ADDRSTRLEN + 16];
	const char *hint = NULL;

	addr_format(where, sizeof(where), addr, port);
	if (err == EACCES || err == EPERM)
		hint = hints->denied;
	else if (err == EADDRINUSE)
		hint = hints->in_use;
	if (hint != NULL)
		return err_set(e, RC_SOLVER, _("cannot listen on %s: %s; %s"),
			       where, strerror(err), hint);
	return err_set(e, RC_SOLVER, _("cannot listen on %s: %s"), where,
		       strerror(err));
}

enum rc listener_open(const char *addr, int port, int optional,
		      const struct listener_hints *hints, int *fd_out,
		      int *bound, struct err *e)
{
	struct addrinfo ai_hints = { 0 }, *ai = NULL;
	struct sockaddr_storage ss;
	socklen_t sslen = sizeof(ss);
	char portstr[8];
	enum rc rc = RC_OK;
	int fd = -1, one = 1, saved;

	*fd_out = -1;
	*bound = 0;
	ai_hints.ai_family = AF_UNSPEC;
	ai_hints.ai_socktype = SOCK_STREAM;
	ai_hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV;
	snprintf(portstr, sizeof(portstr), "%d", port);
	if (getaddrinfo(addr, portstr, &ai_hints, &ai) != 0 || ai == NULL) {
		/* "::" on a host without IPv6 is not an error. */
		if (!optional)
			rc = err_set(e, RC_USAGE,
				     _("%s is not a numeric IP address"), addr);
		goto out;
	}
	fd = socket(ai->ai_family,
		    ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    ai->ai_protocol);
	if (fd < 0)
		goto fail;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0)
		goto fail;
	/* "::" must not also claim IPv4: 0.0.0.0 has its own socket. */
	if (ai->ai_family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) != 0)
		goto fail;
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 ||
	    listen(fd, LISTENER_BACKLOG) != 0 ||
	    getsockname(fd, (struct sockaddr *)&ss, &sslen) != 0)
		goto fail;
	/* getsockname() filled ss; the analyzer does not model it. */
	/* NOLINTNEXTLINE(clang-analyzer-core.UndefinedBinaryOperatorResult) */
	*bound = ntohs(ss.ss_family == AF_INET6
			       ? ((struct sockaddr_in6 *)&ss)->sin6_port
			       : ((struct sockaddr_in *)&ss)->sin_port);
	*fd_out = fd;
	fd = -1;
	goto out;
fail:
	saved = errno;
	if (optional && (saved == EAFNOSUPPORT || saved == EPROTONOSUPPORT ||
			 saved == EADDRNOTAVAIL))
		goto out;
	rc = listen_error(addr, port, saved, hints, e);
out:
	if (fd >= 0)
		close(fd);
	if (ai != NULL)
		freeaddrinfo(ai);
	return rc;
}

enum rc listener_open_all(const char *bind_addr, int port,
			  const struct listener_hints *hints, int *fds, int *n,
			  int *bound, struct err *e)
{
	enum rc rc;
	int fd = -1, v6port = 0;

	*n = 0;
	*bound = 0;
	rc = listener_open(bind_addr ? bind_addr : "0.0.0.0", port, 0, hints,
			   &fd, bound, e);
	if (rc != RC_OK)
		return rc;
	fds[(*n)++] = fd;
	if (bind_addr != NULL)
		return RC_OK;
	/* The same port on IPv6, which port 0 (any) would not give. */
	rc = listener_open("::", *bound, 1, hints, &fd, &v6port, e);
	if (rc == RC_OK && fd >= 0)
		fds[(*n)++] = fd;
	return rc;
}

/* ---- The responder. ---- */

#define ACCEPT_BURST 16	    /* accepts per wakeup, for fairness */
#define ACCEPT_PAUSE_MS 100 /* when out of descriptors */
#define TIMEOUT_MAX_MS 600000

/* A connection as the core sees it. */
struct rsp_conn {
	int fd;
	void *proto;	  /* the protocol's state; NULL once lingering */
	short events;	  /* POLLIN or POLLOUT */
	int64_t deadline; /* monotonic ms */
	uint64_t seq;	  /* accept order: the smallest is evicted first */
	size_t drained;	  /* bytes discarded while lingering */
};

/* A presented challenge: its token and the protocol's value for it. */
struct rsp_entry {
	char *token;
	void *value;
};

struct responder {
	/* Fixed after responder_new(). */
	const struct responder_spec *spec;
	void *arg;	 /* the protocol's state, owned */
	char *bind_addr; /* numeric address, NULL = all */
	int port;	 /* 0 = let the kernel pick */
	int timeout_ms;

	/* Started by responder_start(), ended by responder_stop(). */
	int running;
	int lfd[LISTENER_MAX];
	int nlfd;
	int wake[2]; /* self-pipe: a byte on wake[1] stops the thread */
	pthread_t thread;

	pthread_mutex_t lock; /* guards entries and bound_port */
	struct rsp_entry *entries;
	size_t nentries;
	size_t cap;
	int bound_port;

	/* Responder thread only; the arrays have room for spec->max_conn. */
	struct rsp_conn **conns;
	size_t nconns;
	uint64_t next_seq;
	int64_t accept_resume;	  /* no accept() before this time */
	struct pollfd *pfd;	  /* wake pipe, listeners, connections */
	struct rsp_conn **polled; /* the connections pfd[] was built for */
};

/* Closes c (with the protocol's state) and removes it from the table. */
static void conn_close(struct responder *r, struct rsp_conn *c)
{
	size_t i;

	for (i = 0; i < r->nconns; i++)
		if (r->conns[i] == c)
			break;
	if (i < r->nconns)
		r->conns[i] = r->conns[--r->nconns];
	if (c->proto != NULL)
		r->spec->ops->free(c->proto);
	close(c->fd);
	free(c);
}

/* Ends the exchange on c: frees the protocol's state, shuts the write
 * side and drains the client for a while, so that it reads the last
 * bytes before the socket goes away. */
static void conn_linger(struct responder *r, struct rsp_conn *c)
{
	int ms = r->timeout_ms < r->spec->linger_ms ? r->timeout_ms
						    : r->spec->linger_ms;

	r->spec->ops->free(c->proto);
	c->proto = NULL;
	shutdown(c->fd, SHUT_WR);
	c->events = POLLIN;
	c->deadline = mono_ms() + ms;
}

/* Does what the protocol asked for c. */
static void conn_next(struct responder *r, struct rsp_conn *c,
		      enum responder_next next)
{
	switch (next) {
	case RESPONDER_READ:
		c->events = POLLIN;
		break;
	case RESPONDER_WRITE:
		c->events = POLLOUT;
		break;
	case RESPONDER_ANSWER:
		c->events = POLLOUT;
		c->deadline = mono_ms() + r->timeout_ms;
		break;
	case RESPONDER_DONE:
		conn_linger(r, c);
		break;
	case RESPONDER_CLOSE:
	default:
		conn_close(r, c);
		break;
	}
}

/* Discards what the client still sends after the end, so that closing
 * does not reset the connection before it has read everything. */
static void conn_drain(struct responder *r, struct rsp_conn *c)
{
	char scratch[4096];
	ssize_t n;

	n = recv(c->fd, scratch, sizeof(scratch), 0);
	if (n < 0 &&
	    (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
		return;
	if (n <= 0) {
		conn_close(r, c);
		return;
	}
	c->drained += (size_t)n;
	if (c->drained > r->spec->linger_bytes)
		conn_close(r, c);
}

/* Acts on poll()'s report for c. */
static void conn_event(struct responder *r, struct rsp_conn *c, short revents)
{
	const struct responder_ops *ops = r->spec->ops;

	if (revents & POLLNVAL)
		conn_close(r, c);
	else if (c->proto == NULL)
		conn_drain(r, c);
	else if (c->events == POLLOUT)
		conn_next(r, c, ops->writable(r, c->proto));
	else
		conn_next(r, c, ops->readable(r, c->proto));
}

/* Closes the connection accepted first. */
static void conn_evict_oldest(struct responder *r)
{
	struct rsp_conn *oldest = NULL;
	size_t i;

	for (i = 0; i < r->nconns; i++)
		if (oldest == NULL || r->conns[i]->seq < oldest->seq)
			oldest = r->conns[i];
	if (oldest != NULL)
		conn_close(r, oldest);
}

/* Closes every connection whose deadline has passed. */
static void conns_expire(struct responder *r, int64_t now)
{
	size_t i = 0;

	while (i < r->nconns) {
		/* conns[] holds each connection once, so conn_close() frees
		 * only the one in slot i (the analyzer assumes duplicates). */
		/* NOLINTNEXTLINE(clang-analyzer-unix.Malloc) */
		if (r->conns[i]->deadline <= now)
			conn_close(r, r->conns[i]); /* moves the last here */
		else
			i++;
	}
}

/* Adds the accepted socket fd (taken) to the table, which has room, with
 * the protocol's state for it. */
static void conn_add(struct responder *r, int fd)
{
	struct rsp_conn *c;

	c = calloc(1, sizeof(*c));
	if (c != NULL)
		c->proto = r->spec->ops->open(r, fd);
	if (c == NULL || c->proto == NULL) {
		free(c);
		close(fd);
		return;
	}
	c->fd = fd;
	c->events = POLLIN; /* the client speaks first */
	c->deadline = mono_ms() + r->timeout_ms;
	c->seq = r->next_seq++;
	r->conns[r->nconns++] = c;
}

/* Accepts pending connections on lfd (poll() said one waits), making
 * room when full. */
static void rsp_accept(struct responder *r, int lfd)
{
	int fd, k, accepted = 0;

	for (k = 0; k < ACCEPT_BURST; k++) {
		fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0 && (errno == EINTR || errno == ECONNABORTED ||
			       errno == EPROTO))
			continue;
		if (fd < 0 && (errno == EMFILE || errno == ENFILE ||
			       errno == ENOBUFS || errno == ENOMEM)) {
			/* Out of descriptors with a client waiting: free one,
			 * retry a bit later instead of spinning on a readable
			 * listener.  After an accept this wakeup, nobody may
			 * be waiting (the kernel checks for a descriptor
			 * first): evicting would close the client just
			 * accepted. */
			if (accepted == 0) {
				r->accept_resume = mono_ms() + ACCEPT_PAUSE_MS;
				conn_evict_oldest(r);
			}
			return;
		}
		if (fd < 0)
			return; /* EAGAIN: nothing more waiting */
		if (r->nconns == r->spec->max_conn)
			conn_evict_oldest(r);
		conn_add(r, fd);
		accepted++;
	}
}

/* How long poll() may sleep: until the nearest deadline, -1 for ever. */
static int rsp_poll_timeout(const struct responder *r, int64_t now,
			    int accepting)
{
	int64_t first = INT64_MAX;
	size_t i;

	for (i = 0; i < r->nconns; i++)
		if (r->conns[i]->deadline < first)
			first = r->conns[i]->deadline;
	if (!accepting && r->accept_resume < first)
		first = r->accept_resume;
	if (first == INT64_MAX)
		return -1;
	if (first <= now)
		return 0;
	return first - now > INT32_MAX ? INT32_MAX : (int)(first - now);
}

/* Fills r->pfd for one poll(): the wake pipe, the listeners (-1 while
 * not accepting) and every connection, remembered in r->polled.  Returns
 * the number of entries. */
static size_t rsp_poll_set(struct responder *r, int accepting)
{
	struct pollfd *pfd = r->pfd;
	size_t n = 0, i;

	pfd[n++] = (struct pollfd){ .fd = r->wake[0], .events = POLLIN };
	for (i = 0; i < (size_t)r->nlfd; i++)
		pfd[n++] = (struct pollfd){
			.fd = accepting ? r->lfd[i] : -1,
			.events = POLLIN,
		};
	for (i = 0; i < r->nconns; i++) {
		r->polled[i] = r->conns[i];
		pfd[n++] = (struct pollfd){
			.fd = r->conns[i]->fd,
			.events = r->conns[i]->events,
		};
	}
	return n;
}

/* The responder thread: one poll() over the wake pipe, the listeners and
 * every connection, until woken through the pipe. */
static void *rsp_main(void *arg)
{
	struct responder *r = arg;
	size_t n, nconns, cbase, i;
	int64_t now;
	int accepting, rc;

	for (;;) {
		now = mono_ms();
		conns_expire(r, now);
		accepting = now >= r->accept_resume;
		nconns = r->nconns;
		cbase = 1 + (size_t)r->nlfd;
		n = rsp_poll_set(r, accepting);
		rc = poll(r->pfd, n, rsp_poll_timeout(r, now, accepting));
		if (rc < 0 &&
		    (errno == EINTR || errno == EAGAIN || errno == ENOMEM))
			continue;
		if (rc < 0 || r->pfd[0].revents != 0)
			break;
		/* Connections first: accepting may evict (free) one. */
		for (i = 0; i < nconns; i++)
			if (r->pfd[cbase + i].revents != 0)
				conn_event(r, r->polled[i],
					   r->pfd[cbase + i].revents);
		for (i = 0; i < (size_t)r->nlfd; i++)
			if (r->pfd[1 + i].revents & POLLIN)
				rsp_accept(r, r->lfd[i]);
	}
	while (r->nconns > 0)
		conn_close(r, r->conns[0]);
	return NULL;
}

/* Closes the listeners and the wake pipe; resets the bound port. */
static void rsp_close_fds(struct responder *r)
{
	int i;

	for (i = 0; i < r->nlfd; i++)
		close(r->lfd[i]);
	r->nlfd = 0;
	for (i = 0; i < 2; i++) {
		if (r->wake[i] >= 0)
			close(r->wake[i]);
		r->wake[i] = -1;
	}
	pthread_mutex_lock(&r->lock);
	r->bound_port = 0;
	pthread_mutex_unlock(&r->lock);
}

int responder_port(void *priv)
{
	struct responder *r = priv;
	int port;

	pthread_mutex_lock(&r->lock);
	port = r->bound_port;
	pthread_mutex_unlock(&r->lock);
	return port;
}

/* Opens the listeners and starts the responder thread; RC_OK at once when
 * it is running.  A failure names the address and what to do. */
static enum rc responder_start(struct responder *r, struct err *e)
{
	struct listener_hints hints;
	sigset_t all, old;
	enum rc rc;
	int err, bound = 0;

	if (r->running)
		return RC_OK;
	hints.denied = _(r->spec->hints.denied);
	hints.in_use = _(r->spec->hints.in_use);
	rc = listener_open_all(r->bind_addr, r->port, &hints, r->lfd, &r->nlfd,
			       &bound, e);
	pthread_mutex_lock(&r->lock);
	r->bound_port = bound;
	pthread_mutex_unlock(&r->lock);
	if (rc != RC_OK)
		goto fail;
	if (pipe2(r->wake, O_NONBLOCK | O_CLOEXEC) != 0) {
		rc = err_set(e, RC_SYS, _("cannot create a pipe: %s"),
			     strerror(errno));
		goto fail;
	}
	/* Signals belong to the program's main thread; blocked here, a
	 * write to a socket the peer closed cannot kill the program. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&r->thread, NULL, rsp_main, r);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err != 0) {
		rc = err_set(e, RC_SYS, _("cannot start the %s responder: %s"),
			     r->spec->name, strerror(err));
		goto fail;
	}
	r->running = 1;
	return RC_OK;
fail:
	rsp_close_fds(r);
	return rc;
}

/* Wakes the thread, waits for it, closes every connection (freeing the
 * protocol's state) and the listeners.  Stopped already is fine. */
static void responder_stop(struct responder *r)
{
	ssize_t n;

	if (r->running) {
		do
			n = write(r->wake[1], "x", 1);
		while (n < 0 && errno == EINTR);
		pthread_join(r->thread, NULL);
		r->running = 0;
	}
	rsp_close_fds(r);
}

/* ---- The table of presented challenges. ---- */

/* Frees one entry's token and value and zeroes it. */
static void entry_clear(struct responder *r, struct rsp_entry *en)
{
	free(en->token);
	if (en->value != NULL)
		r->spec->entry_free(en->value);
	memset(en, 0, sizeof(*en));
}

/* Index of the entry with token, or r->nentries.  Caller holds r->lock. */
static size_t entry_find(const struct responder *r, const char *token)
{
	size_t i;

	for (i = 0; i < r->nentries; i++)
		if (strcmp(r->entries[i].token, token) == 0)
			break;
	return i;
}

/* Adds fresh to the table (taking its contents), replacing the entry with
 * the same token.  Caller holds r->lock. */
static enum rc entry_put(struct responder *r, struct rsp_entry *fresh,
			 struct err *e)
{
	struct rsp_entry *grown;
	size_t i, ncap;

	i = entry_find(r, fresh->token);
	if (i == r->nentries && r->nentries == r->cap) {
		ncap = r->cap ? r->cap * 2 : 8;
		grown = realloc(r->entries, ncap * sizeof(*grown));
		if (grown == NULL)
			return err_set(e, RC_NOMEM, _("out of memory"));
		r->entries = grown;
		r->cap = ncap;
	}
	if (i < r->nentries)
		entry_clear(r, &r->entries[i]);
	else
		r->nentries++;
	r->entries[i] = *fresh;
	memset(fresh, 0, sizeof(*fresh));
	return RC_OK;
}

enum rc responder_present(struct responder *r, const char *token, void *value,
			  struct err *e)
{
	struct rsp_entry fresh = { NULL, value };
	enum rc rc;

	fresh.token = strdup(token);
	if (fresh.token == NULL) {
		rc = err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	rc = responder_start(r, e);
	if (rc != RC_OK)
		goto out;
	pthread_mutex_lock(&r->lock);
	rc = entry_put(r, &fresh, e);
	pthread_mutex_unlock(&r->lock);
out:
	entry_clear(r, &fresh);
	return rc;
}

enum rc responder_cleanup(void *priv, const struct solver_task *t,
			  struct err *e)
{
	struct responder *r = priv;
	size_t i, left;

	(void)e;
	pthread_mutex_lock(&r->lock);
	i = entry_find(r, t->token);
	if (i < r->nentries) {
		entry_clear(r, &r->entries[i]);
		r->entries[i] = r->entries[--r->nentries];
	}
	left = r->nentries;
	pthread_mutex_unlock(&r->lock);
	/* The solver layer serializes present and cleanup, so no present
	 * can race with the stop. */
	if (left == 0)
		responder_stop(r);
	return RC_OK;
}

int responder_visit(struct responder *r, responder_visit_fn *fn, void *ctx)
{
	int found = 0;
	size_t i;

	pthread_mutex_lock(&r->lock);
	for (i = 0; i < r->nentries && !found; i++)
		found = fn(r->entries[i].token, r->entries[i].value, ctx);
	pthread_mutex_unlock(&r->lock);
	return found;
}

void *responder_arg(struct responder *r)
{
	return r->arg;
}

void responder_free(void *priv)
{
	struct responder *r = priv;
	size_t i;

	if (r == NULL)
		return;
	responder_stop(r);
	for (i = 0; i < r->nentries; i++)
		entry_clear(r, &r->entries[i]);
	free(r->entries);
	if (r->arg != NULL)
		r->spec->arg_free(r->arg);
	free(r->bind_addr);
	free(r->conns);
	free(r->polled);
	free(r->pfd);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

/* Copies addr without surrounding brackets ("[::1]" -> "::1") into a new
 * string *out (caller frees), checking that it is a numeric address. */
static enum rc bind_addr_dup(const char *addr, char **out, struct err *e)
{
	unsigned char bin[16];
	size_t n = strlen(addr);
	char *s;

	if (n >= 2 && addr[0] == '[' && addr[n - 1] == ']')
		s = strndup(addr + 1, n - 2);
	else
		s = strdup(addr);
	if (s == NULL)
		return err_set(e, RC_NOMEM, _("out of memory"));
	if (inet_pton(AF_INET, s, bin) != 1 &&
	    inet_pton(AF_INET6, s, bin) != 1) {
		free(s);
		return err_set(e, RC_USAGE,
			       _("listen address %s is not a numeric IP "
				 "address"),
			       addr);
	}
	*out = s;
	return RC_OK;
}

/* Takes cfg's port and timeout (checked by the caller) with spec's
 * defaults, and its listen address, into r. */
static enum rc rsp_configure(struct responder *r,
			     const struct solver_config *cfg, struct err *e)
{
	if (cfg->port == 0)
		r->port = r->spec->default_port;
	else if (cfg->port == SOLVER_PORT_ANY)
		r->port = 0;
	else
		r->port = cfg->port;
	r->timeout_ms = cfg->io_timeout_ms ? cfg->io_timeout_ms
					   : r->spec->default_timeout_ms;
	if (cfg->bind_addr == NULL || cfg->bind_addr[0] == '\0')
		return RC_OK;
	return bind_addr_dup(cfg->bind_addr, &r->bind_addr, e);
}

/* Checks cfg's port and timeout.  Returns RC_OK or sets e. */
static enum rc rsp_check(const struct solver_config *cfg, struct err *e)
{
	if (cfg->port != SOLVER_PORT_ANY &&
	    (cfg->port < 0 || cfg->port > 65535))
		return err_set(e, RC_USAGE, _("port %d is out of range"),
			       cfg->port);
	if (cfg->io_timeout_ms < 0 || cfg->io_timeout_ms > TIMEOUT_MAX_MS)
		return err_set(e, RC_USAGE, _("timeout %d ms is out of range"),
			       cfg->io_timeout_ms);
	return RC_OK;
}

enum rc responder_new(const struct responder_spec *spec,
		      const struct solver_config *cfg, void *arg,
		      struct responder **out, struct err *e)
{
	struct responder *r = NULL;
	enum rc rc;

	*out = NULL;
	rc = rsp_check(cfg, e);
	if (rc != RC_OK) {
		spec->arg_free(arg);
		return rc;
	}
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		rc = err_set(e, RC_NOMEM, _("out of memory"));
	else if (pthread_mutex_init(&r->lock, NULL) != 0)
		rc = err_set(e, RC_SYS, _("cannot create a mutex"));
	if (rc != RC_OK) {
		free(r);
		spec->arg_free(arg);
		return rc;
	}
	r->wake[0] = r->wake[1] = -1;
	r->spec = spec;
	r->arg = arg;
	r->conns = calloc(spec->max_conn, sizeof(struct rsp_conn *));
	r->polled = calloc(spec->max_conn, sizeof(struct rsp_conn *));
	r->pfd = calloc(1 + LISTENER_MAX + spec->max_conn, sizeof(*r->pfd));
	if (r->conns == NULL || r->polled == NULL || r->pfd == NULL) {
		rc = err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	rc = rsp_configure(r, cfg, e);
	if (rc != RC_OK)
		goto out;
	*out = r;
	r = NULL;
out:
	responder_free(r);
	return rc;
}
