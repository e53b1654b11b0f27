/* SPDX-License-Identifier: ISC */
/* probe.h - monitoring: what certificate does an endpoint actually serve?
 *
 * A probe connects to HOST:PORT (bounded: PROBE_TIMEOUT_MS_DEFAULT for
 * connect and handshake together), sends SNI, reads the served chain and
 * says, compared with the inventory's certificate:
 *
 *	current		the leaf is byte for byte the inventory's;
 *	older		same names, issued before the current one: a deploy
 *			or a reload is missing;
 *	other		anything else (other names, or a newer certificate
 *			the inventory does not know);
 *	unreachable	no TCP connection or no TLS handshake in time.
 *
 * Independently, the served chain is verified against the system trust
 * store plus an optional CA file, and the leaf against the name probed
 * for (DNS name, or IP address), so a missing intermediate or a wrong
 * certificate shows even when the server serves the current one.
 *
 * Everything the server sends is untrusted: the chain is bounded by
 * OpenSSL's limit on a Certificate message, the leaf is parsed by
 * crypto/cert.c, and the strings in a result are raw and must be escaped
 * (safe_line) before display.  Host names are resolved with
 * getaddrinfo(), whose time is bounded by the system resolver's
 * configuration, not by the probe's timeout. */
#ifndef ACMETUI_PROBE_H
#define ACMETUI_PROBE_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define PROBE_TIMEOUT_MS_DEFAULT 5000
#define PROBE_DEFAULT_PORT 443
#define PROBE_HOST_MAX 253

enum probe_verdict {
	PROBE_CURRENT,
	PROBE_OLDER,
	PROBE_OTHER,
	PROBE_UNREACHABLE
};

/* The inventory's certificate to compare with (borrowed). */
struct probe_expect {
	const char *cert_pem;	  /* the current leaf (PEM) */
	int64_t not_before;	  /* of the current leaf */
	const char *const *names; /* its names, [0] first */
	size_t n_names;
};

/* How to probe (borrowed). */
struct probe_opts {
	const char *name;    /* SNI and the name verified; a DNS name or
				 * an IP address (then no SNI is sent) */
	const char *ca_file; /* extra trusted roots (PEM), or NULL */
	int timeout_ms;	     /* <= 0: PROBE_TIMEOUT_MS_DEFAULT */
	int keep_chain;	     /* fill probe_result.served_pem */
};

/* Most certificates of a served chain kept by keep_chain (the same bound
 * as a stored chain, crypto/cert.h CERT_CHAIN_MAX_CERTS). */
#define PROBE_CHAIN_MAX 16

/* One endpoint's answer.  Strings owned (NULL when unknown), released by
 * probe_result_clear(). */
struct probe_result {
	char *endpoint; /* "host:port" as probed */
	char *name;	/* the name sent as SNI / verified */
	enum probe_verdict verdict;
	char *serial; /* served leaf: lowercase hex */
	char *issuer;
	int64_t not_before;
	int64_t not_after;
	size_t chain_len;   /* certificates served, leaf included */
	int verified;	    /* chain and name verified */
	char *verify_error; /* why not (NULL when verified) */
	char *error;	    /* why unreachable */
	long elapsed_ms;
	char *served_pem; /* with keep_chain: the certificates served,
				 * leaf first, as PEM (at most
				 * PROBE_CHAIN_MAX); still untrusted */
};

/* Releases and zeroes r; NULL and zeroed results are fine. */
void probe_result_clear(struct probe_result *r);

/* Clears and frees an array of n results (NULL is fine). */
void probe_results_free(struct probe_result *r, size_t n);

/* "current", "older", "other", "unreachable" (stable, for JSON). */
const char *probe_verdict_name(enum probe_verdict v);

/* The verdict in words, translated: "serving the current certificate",
 * "serving an older certificate (deploy or reload missing)", ... */
const char *probe_verdict_text(enum probe_verdict v);

/* Splits "host", "host:port", "[v6]:port" or "v6" into host (size hsz)
 * and port (PROBE_DEFAULT_PORT when absent).  Refuses empty or over-long
 * hosts, characters outside letters, digits, '.', '-', '_' and ':' (IPv6),
 * and ports outside 1-65535 (RC_INPUT). */
enum rc probe_parse_endpoint(const char *s, char *host, size_t hsz, int *port,
			     struct err *e);

/* Probes endpoint ("host[:port]") as described above and fills *r
 * (caller clears).  An unreachable endpoint is a result (verdict
 * PROBE_UNREACHABLE, r->error set), not a failure: RC_OK.  Fails only for
 * a malformed endpoint or name (RC_INPUT), an unreadable CA file or
 * when out of memory. */
enum rc probe_endpoint(const char *endpoint, const struct probe_opts *o,
		       const struct probe_expect *x, struct probe_result *r,
		       struct err *e);

#endif
