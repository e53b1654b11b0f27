/* SPDX-License-Identifier: ISC */
/* listener.h - the listening sockets of the built-in responders (HTTP-01
 * and TLS-ALPN-01 standalone): one way to open them and to say why that
 * failed. */
#ifndef ACMETUI_LISTENER_H
#define ACMETUI_LISTENER_H

#include "util/err.h"

#define LISTENER_BACKLOG 128
/* Most sockets listener_open_all() opens: 0.0.0.0 and ::. */
#define LISTENER_MAX 2

/* What to tell the operator when the port cannot be had (translated
 * text, borrowed). */
struct listener_hints {
	const char *denied;	/* EACCES/EPERM: "run as root or use ..." */
	const char *in_use;	/* EADDRINUSE: "another program ..." */
};

/* Opens a non-blocking, close-on-exec TCP listener on the numeric address
 * addr and port (0: any), with SO_REUSEADDR and, for IPv6, IPV6_V6ONLY
 * (0.0.0.0 gets its own socket).  On success *fd is the socket (caller
 * closes) and *bound its port.  With optional, a host without that
 * address family is not an error: RC_OK with *fd = -1.  Errors name
 * addr:port and add the matching hint. */
enum acme_rc listener_open(const char *addr, int port, int optional,
			   const struct listener_hints *hints, int *fd,
			   int *bound, struct err *e);

/* Opens the listeners of a responder: on bind_addr when given, else on
 * 0.0.0.0 and, when the host has IPv6, on :: at the same port.  fds
 * (LISTENER_MAX entries) gets *n sockets (caller closes them, also after
 * a failure) and *bound their port. */
enum acme_rc listener_open_all(const char *bind_addr, int port,
			       const struct listener_hints *hints, int *fds,
			       int *n, int *bound, struct err *e);

#endif
