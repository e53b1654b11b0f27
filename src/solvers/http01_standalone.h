/* SPDX-License-Identifier: ISC */
/* http01_standalone.h - HTTP-01 (RFC 8555 section 8.3) with a built-in
 * HTTP/1.1 responder, for hosts without a web server on port 80.
 *
 * The responder starts on the first present (so a port error names the
 * order that needed it) and stops in solver_free().  It runs in its own
 * thread and multiplexes connections with poll(): a client that sends
 * nothing cannot delay anyone else.  It answers only
 * "GET|HEAD /.well-known/acme-challenge/TOKEN" for presented tokens
 * (optionally only when Host names the token's identifier), 404 for
 * anything else, 405 for other methods, 400 for malformed requests and
 * 431 for oversized headers, and closes every connection after one
 * response. */
#ifndef ACMETUI_HTTP01_STANDALONE_H
#define ACMETUI_HTTP01_STANDALONE_H

#include "solvers/solver.h"

/* Limits of the responder (named so that tests and docs can use them). */
#define HTTP01_MAX_HEADER 8192	  /* request line + headers, bytes */
#define HTTP01_MAX_CONN 64	  /* open connections; oldest dropped */
#define HTTP01_TIMEOUT_MS 10000	  /* default per-connection deadline */
#define HTTP01_LINGER_MS 2000	  /* draining a client after the answer */
#define HTTP01_LINGER_BYTES 65536 /* ... and at most this much of it */
#define HTTP01_DEFAULT_PORT 80

extern const struct solver_ops http01_standalone_ops;

#endif
