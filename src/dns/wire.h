/* SPDX-License-Identifier: ISC */
/* wire.h - moving ldns packets to one DNS server and back, with a
 * deadline (internal to src/dns; needs ldns). */
#ifndef ACMETUI_DNS_WIRE_H
#define ACMETUI_DNS_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include <ldns/ldns.h>

#include "dns/resolve.h"
#include "util/err.h"

/* Largest DNS message read (the TCP length field's limit). */
#define DNS_MSG_MAX 65535
/* UDP retransmission interval. */
#define DNS_UDP_RETRY_MS 1000

/* Sends query to ep and waits until deadline_ms (mono_ms() time) for
 * the answer with the same ID and question: over UDP (resent every
 * DNS_UDP_RETRY_MS), then over TCP when that answer is truncated; over
 * TCP only when tcp is set.  On success *reply is the parsed answer
 * (caller frees with ldns_pkt_free) and, when wire is not NULL, *wire and
 * *wirelen its bytes (caller frees; TSIG verification needs them).
 * RC_TIMEOUT, RC_NET or RC_PROTO with e naming the server otherwise. */
enum rc dns_exchange(const struct dns_endpoint *ep, const ldns_pkt *query,
		     int tcp, long long deadline_ms, ldns_pkt **reply,
		     uint8_t **wire, size_t *wirelen, struct err *e);

/* An absolute name for name (a final dot added), or NULL when name is not
 * dns_name_ok() or out of memory.  Caller frees with ldns_rdf_deep_free. */
ldns_rdf *dns_dname(const char *name);

/* name as text without the final dot, lower-case, in a new string, or
 * NULL when it is not dns_name_ok() (hostile bytes in a server's answer)
 * or out of memory. */
char *dns_dname_str(const ldns_rdf *name);

/* The text name of an rcode ("REFUSED"); static. */
const char *dns_rcode_str(unsigned rcode);

#endif
