/* SPDX-License-Identifier: ISC */
/* listener.h - the core of the built-in responders (HTTP-01 standalone
 * and TLS-ALPN-01): listening sockets, and one thread that accepts and
 * multiplexes connections until it is stopped.
 *
 * The core owns everything that is not the protocol: the thread and its
 * wake pipe, the listeners, the table of connections with its cap (the
 * oldest is dropped to admit a new one, so idle sockets cannot lock
 * validators out), a deadline per connection, the pause in accepting when
 * descriptors run out, and the lingering close after the answer.  A
 * protocol supplies a struct responder_ops: it makes its state for a new
 * connection, advances it when the socket is readable or writable, and
 * says what the core should wait for next.
 *
 * The core also keeps the table of presented challenges: a token and the
 * protocol's value for it (what to answer).  The first present starts the
 * responder; withdrawing the last token stops it and frees the port (a
 * long-running TUI must not hold port 80 between orders).
 *
 *	responder_new(&spec, cfg, proto, &r, e);   checks cfg, opens nothing
 *	responder_present(r, token, value, e);     listening from here on
 *	... the ops run on the responder thread, and find the values with
 *	    responder_visit() ...
 *	responder_cleanup(r, task, e);             the last one: stopped
 *	responder_free(r);
 *
 * A standalone method's solver_ops use the responder as their priv, and
 * responder_cleanup(), responder_port() and responder_free() as theirs.
 *
 * Threads: new, present, cleanup and free run on the caller's threads,
 * one at a time (the solver layer serializes them); responder_port() and
 * responder_visit() may be called from any thread; the ops run only on
 * the responder thread, which blocks every signal. */
#ifndef ACMETUI_LISTENER_H
#define ACMETUI_LISTENER_H

#include <stddef.h>

#include "solvers/solver.h"
#include "util/err.h"

#define LISTENER_BACKLOG 128
/* Most sockets listener_open_all() opens: 0.0.0.0 and ::. */
#define LISTENER_MAX 2

/* What to tell the operator when the port cannot be had (translated
 * text, borrowed). */
struct listener_hints {
	const char *denied; /* EACCES/EPERM: "run as root or use ..." */
	const char *in_use; /* EADDRINUSE: "another program ..." */
};

/* Opens a non-blocking, close-on-exec TCP listener on the numeric address
 * addr and port (0: any), with SO_REUSEADDR and, for IPv6, IPV6_V6ONLY
 * (0.0.0.0 gets its own socket).  On success *fd is the socket (caller
 * closes) and *bound its port.  With optional, a host without that
 * address family is not an error: RC_OK with *fd = -1.  Errors name
 * addr:port and add the matching hint. */
enum rc listener_open(const char *addr, int port, int optional,
		      const struct listener_hints *hints, int *fd, int *bound,
		      struct err *e);

/* Opens the listeners of a responder: on bind_addr when given, else on
 * 0.0.0.0 and, when the host has IPv6, on :: at the same port.  fds
 * (LISTENER_MAX entries) gets *n sockets (caller closes them, also after
 * a failure) and *bound their port. */
enum rc listener_open_all(const char *bind_addr, int port,
			  const struct listener_hints *hints, int *fds, int *n,
			  int *bound, struct err *e);

/* What a protocol asks the core to do next with a connection. */
enum responder_next {
	RESPONDER_READ,	  /* wait until the client sends more */
	RESPONDER_WRITE,  /* wait until the socket takes more */
	RESPONDER_ANSWER, /* as WRITE, from a fresh deadline: the answer is
			   * under way and gets the whole timeout */
	RESPONDER_DONE,	  /* the exchange is over: free the protocol's state,
			   * shut the write side and drain the client, so
			   * that it reads everything before the close */
	RESPONDER_CLOSE	  /* close now: the client went away, or an error */
};

struct responder;

/* A protocol on the core.  r is the responder (responder_arg() gives the
 * protocol's state); conn the state open() made.  All run on the
 * responder thread. */
struct responder_ops {
	/* Makes the state of the accepted socket fd (non-blocking; the core
	 * owns and closes it).  NULL refuses it: the core closes it.  The
	 * core first waits for it to be readable. */
	void *(*open)(struct responder *r, int fd);
	/* The socket is readable (or has an error or hang-up). */
	enum responder_next (*readable)(struct responder *r, void *conn);
	/* The socket is writable (or has an error or hang-up). */
	enum responder_next (*writable)(struct responder *r, void *conn);
	/* Frees conn (at RESPONDER_DONE, at the close, at the stop). */
	void (*free)(void *conn);
};

/* A protocol's settings; static, borrowed by the core. */
struct responder_spec {
	const struct responder_ops *ops;
	const char *name;	/* "HTTP": "cannot start the HTTP responder" */
	int default_port;	/* for solver_config.port 0 */
	int default_timeout_ms; /* for solver_config.io_timeout_ms 0 */
	int linger_ms;		/* at most this long draining after DONE */
	size_t linger_bytes;	/* ... and at most this much */
	size_t max_conn;	/* open connections; the oldest is dropped */
	struct listener_hints hints;	 /* N_() text, translated when used */
	void (*entry_free)(void *value); /* a presented value */
	void (*arg_free)(void *arg);	 /* the protocol's state */
};

/* Checks cfg's port, timeout and listen address against spec and makes a
 * stopped responder for the protocol state arg in *out (free with
 * responder_free()).  Takes arg: spec->arg_free() frees it with the
 * responder, or at once when this fails.  Opens nothing. */
enum rc responder_new(const struct responder_spec *spec,
		      const struct solver_config *cfg, void *arg,
		      struct responder **out, struct err *e);

/* Starts the responder unless it runs (a failure names the address and
 * what to do), then presents value for token (copied), replacing the
 * value of the same token.  Takes value: spec->entry_free() frees it,
 * also when this fails. */
enum rc responder_present(struct responder *r, const char *token, void *value,
			  struct err *e);

/* The protocol state given to responder_new(). */
void *responder_arg(struct responder *r);

/* Called by responder_visit() for each presented token and its value, with
 * the table locked (so it must not call into the core); non-zero stops
 * the visit. */
typedef int responder_visit_fn(const char *token, void *value, void *ctx);

/* Calls fn for the presented entries until it returns non-zero; returns
 * that, or 0.  Any thread. */
int responder_visit(struct responder *r, responder_visit_fn *fn, void *ctx);

/* The rest is solver_ops of a standalone method, whose priv is its
 * struct responder. */

/* Withdraws t's token and frees its value; absent is fine.  When no token
 * is left, stops the responder: its thread ends, every connection is
 * closed and the port is free until the next present.  Always RC_OK. */
enum rc responder_cleanup(void *priv, const struct solver_task *t,
			  struct err *e);

/* The port the listeners are bound to, 0 when stopped.  Any thread. */
int responder_port(void *priv);

/* Stops the responder and frees it with every presented value and the
 * protocol's state; NULL is fine. */
void responder_free(void *priv);

#endif
