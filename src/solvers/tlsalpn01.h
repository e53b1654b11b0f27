/* SPDX-License-Identifier: ISC */
/* tlsalpn01.h - TLS-ALPN-01 (RFC 8737, and RFC 8738 section 6 for IP
 * addresses) with a built-in TLS responder, for hosts where the CA may
 * reach port 443 but not port 80.
 *
 * The responder starts on the first present (so a port error names the
 * order that needed it) and stops in solver_free().  It runs in its own
 * thread and multiplexes non-blocking handshakes with poll(): a client
 * that sends nothing cannot delay anyone else.
 *
 * On each handshake it reads the ClientHello's server_name and
 * application_layer_protocol_negotiation extensions and goes on only when
 * SNI names a presented identifier (the reverse-DNS name
 * "4.3.2.1.in-addr.arpa" or its ip6.arpa nibble form for an IP address)
 * and "acme-tls/1" is offered; it then negotiates "acme-tls/1" and shows
 * that identifier's certificate: self-signed with the solver's P-256 key,
 * subjectAltName exactly the identifier (dNSName or iPAddress), and the
 * critical acmeIdentifier extension holding SHA-256 of the key
 * authorization.  Every other handshake is refused with an alert
 * (unrecognized_name, no_application_protocol).  The responder never
 * reads application data: it closes each connection after the handshake.
 *
 * One name can show only one certificate, so a second challenge for an
 * identifier already presented (another token) is refused with RC_EXISTS
 * until the first is cleaned up.  Wildcards cannot be validated this way
 * (RFC 8555 section 7.1.3) and are refused with RC_INPUT. */
#ifndef ACMETUI_TLSALPN01_H
#define ACMETUI_TLSALPN01_H

#include "solvers/solver.h"

/* Limits of the responder (named so that tests and docs can use them). */
#define TLSALPN01_MAX_CONN 64	     /* open connections; oldest dropped */
#define TLSALPN01_TIMEOUT_MS 10000   /* default handshake deadline */
#define TLSALPN01_LINGER_MS 2000     /* draining a client after the end */
#define TLSALPN01_LINGER_BYTES 65536 /* ... and at most this much of it */
#define TLSALPN01_CERT_DAYS 7	     /* validity of a challenge cert */
#define TLSALPN01_DEFAULT_PORT 443

/* The ALPN protocol ID of RFC 8737 section 6.2. */
#define TLSALPN01_PROTOCOL "acme-tls/1"
/* The acmeIdentifier extension (RFC 8737 section 6.1). */
#define TLSALPN01_OID_ACME_IDENTIFIER "1.3.6.1.5.5.7.1.31"

extern const struct solver_ops tlsalpn01_ops;

/* Writes the name a validator sends as SNI for identifier into out (size
 * outsz): the lower-cased DNS name, or for an IP address its reverse-DNS
 * name (RFC 8738 section 6: "4.3.2.1.in-addr.arpa", the 32-nibble
 * ip6.arpa form).  Returns 0, or -1 when identifier is a wildcard, not an
 * identifier, or does not fit. */
int tlsalpn01_sni_name(const char *identifier, char *out, size_t outsz);

#endif
