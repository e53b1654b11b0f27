/* SPDX-License-Identifier: ISC */
/* listener.c - listening sockets for the standalone responders. */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>

#include "solvers/listener.h"

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
static enum acme_rc listen_error(const char *addr, int port, int err,
				 const struct listener_hints *hints,
				 struct err *e)
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

enum acme_rc listener_open(const char *addr, int port, int optional,
			   const struct listener_hints *hints, int *fd_out,
			   int *bound, struct err *e)
{
	struct addrinfo ai_hints = { 0 }, *ai = NULL;
	struct sockaddr_storage ss;
	socklen_t sslen = sizeof(ss);
	char portstr[8];
	enum acme_rc rc = RC_OK;
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

enum acme_rc listener_open_all(const char *bind_addr, int port,
			       const struct listener_hints *hints, int *fds,
			       int *n, int *bound, struct err *e)
{
	enum acme_rc rc;
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
