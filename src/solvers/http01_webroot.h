/* SPDX-License-Identifier: ISC */
/* http01_webroot.h - HTTP-01 (RFC 8555 section 8.3) through an existing
 * web server: the key authorization is written to
 * WEBROOT/.well-known/acme-challenge/TOKEN, which the server publishes.
 *
 * Never writes outside WEBROOT: the two directories below it are opened
 * one at a time without following symbolic links, the file is created
 * exclusively under a temporary name and renamed into place, so a web
 * server never serves half a file.  The webroot itself may be a symbolic
 * link (the operator chose it); it must be an absolute path. */
#ifndef ACMETUI_HTTP01_WEBROOT_H
#define ACMETUI_HTTP01_WEBROOT_H

#include "solvers/solver.h"

extern const struct solver_ops http01_webroot_ops;

#endif
