/* SPDX-License-Identifier: ISC */
/* dns01_rfc2136.h - DNS-01 (RFC 8555 section 8.4) by dynamic update
 * (RFC 2136) of the zone's primary server, signed with a TSIG key
 * (RFC 8945; hmac-sha256 by default, hmac-sha512/384/224 and hmac-sha1
 * by name).
 *
 * present adds "RECORD 60 IN TXT VALUE" (RECORD is "_acme-challenge.
 * DOMAIN" or the end of its CNAME chain); cleanup deletes exactly that
 * record, so the two values of a wildcard and its apex come and go
 * independently.  The zone is solver_config.rfc2136_zone or the one the
 * record is in (SOA lookup); the server is rfc2136_server or the zone's
 * SOA primary.  Errors name the server and what it said (REFUSED,
 * NOTAUTH, "TSIG key K rejected by 127.0.0.1:5353 (BADSIG)", timeouts).
 *
 * The TSIG secret is copied at init and wiped (OPENSSL_cleanse) at free;
 * it is never logged.  Built without ldns, solver_new() fails with
 * "built without ldns". */
#ifndef ACMETUI_DNS01_RFC2136_H
#define ACMETUI_DNS01_RFC2136_H

#include "solvers/solver.h"

/* Deadline of one update (all addresses of the primary). */
#define DNS01_RFC2136_TIMEOUT_MS 10000

extern const struct solver_ops dns01_rfc2136_ops;

#endif
