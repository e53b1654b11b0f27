/* SPDX-License-Identifier: ISC */
/* resolve.h - the few DNS questions acmetui asks: TXT values, CNAME
 * targets, the zone and authoritative servers of a name, addresses, CAA
 * (RFC 8659) and, for the DNS-01 propagation wait, "what does this one
 * server say".
 *
 * Packets are built and parsed by ldns; this module owns only the
 * transport (UDP, retried once, with TCP when the answer is truncated),
 * so that every call has a hard deadline, answers are matched to their
 * query (ID and question) and nothing is printed to stderr.  Everything
 * read from the network is bounded (DNS_* limits below) and names that
 * come back are checked to be plain host names before anyone sees them.
 *
 * Questions go either to the system resolver (the name servers listed in
 * /etc/resolv.conf) or to one configured server "host:port" (a local
 * resolver, or a test server on a loopback port).
 *
 * Built without ldns, every function that would send a packet fails with
 * RC_USAGE and "built without ldns"; dns_available() says so up front. */
#ifndef ACMETUI_DNS_RESOLVE_H
#define ACMETUI_DNS_RESOLVE_H

#include <stddef.h>

#include "util/err.h"

#define DNS_NAME_MAX 253	    /* presentation form, no final dot */
#define DNS_TXT_VALUE_MAX 1024	    /* one TXT record, strings joined */
#define DNS_ANSWERS_MAX 64	    /* records taken from one answer */
#define DNS_CNAME_HOPS 8	    /* longest CNAME chain followed */
#define DNS_NS_MAX 13		    /* authoritative servers asked */
#define DNS_ADDRS_PER_NS 4	    /* addresses tried per server */
#define DNS_TIMEOUT_MS_DEFAULT 5000 /* one call's deadline */
#define DNS_TIMEOUT_MS_MAX 600000

/* Where to send questions. */
struct dns_opts {
	const char *server; /* "host[:port]", "[v6]:port"; NULL/"" = the
			     * system resolver */
	int timeout_ms;	    /* whole call; 0 = DNS_TIMEOUT_MS_DEFAULT */
};

/* One address to talk to: numeric address and port. */
struct dns_endpoint {
	char addr[46]; /* INET6_ADDRSTRLEN */
	unsigned port;
};

/* A server to ask and the addresses it has (tried in order until one
 * answers).  recursive: send RD=1 (a resolver) instead of RD=0. */
struct dns_server {
	char name[DNS_NAME_MAX + 1]; /* NS name, or the configured server */
	struct dns_endpoint addr[DNS_ADDRS_PER_NS];
	size_t naddr;
	int recursive;
};

/* A list of owned strings. */
struct dns_strlist {
	char **v;
	size_t n;
};

/* One CAA record (RFC 8659 section 4.1).  tag and value are owned; value
 * may contain anything but NUL and must be escaped before display. */
struct dns_caa {
	unsigned flags;
	char *tag;
	char *value;
};

struct dns_caa_set {
	struct dns_caa *v;
	size_t n;
	char *owner; /* the name the set was found at (tree climbing) */
};

/* 1 when this build can send DNS queries (ldns), else 0. */
int dns_available(void);

/* Parses "1.2.3.4", "1.2.3.4:5353", "::1", "[::1]:5353" into ep (port 53
 * when none is given).  Host names are refused here: resolve them with
 * dns_server_from_spec().  RC_INPUT with e set on anything else. */
enum rc dns_endpoint_parse(const char *spec, struct dns_endpoint *ep,
			   struct err *e);

/* Checks the syntax of a server given as "host[:port]", "ip[:port]" or
 * "[v6]:port" without looking anything up.  RC_INPUT with e set. */
enum rc dns_server_spec_check(const char *spec, struct err *e);

/* Writes ep as "1.2.3.4:53" or "[::1]:53" into buf (size >= 56).
 * Returns buf. */
char *dns_endpoint_str(const struct dns_endpoint *ep, char *buf, size_t size);

/* Fills out with the server named by spec ("host[:port]"): a numeric
 * address as is, a host name resolved (A, then AAAA) through o.  The
 * server is asked with RD=1 when recursive. */
enum rc dns_server_from_spec(const struct dns_opts *o, const char *spec,
			     int recursive, struct dns_server *out,
			     struct err *e);

/* The resolver o sends questions to, as one dns_server (o->server, or
 * the first name servers of /etc/resolv.conf). */
enum rc dns_resolver_server(const struct dns_opts *o, struct dns_server *out,
			    struct err *e);

/* Returns 1 when name is a host name this module accepts: 1..DNS_NAME_MAX
 * characters, labels of letters, digits, '-' and '_' (as in
 * "_acme-challenge"), one optional final dot. */
int dns_name_ok(const char *name);

/* TXT values at name (each record's strings joined), after the CNAMEs in
 * the answer.  out is filled (caller clears); no record is not an error. */
enum rc dns_txt(const struct dns_opts *o, const char *name,
		struct dns_strlist *out, struct err *e);

/* The same question put to one server directly (RD as srv->recursive),
 * trying its addresses in order; deadline_ms is an absolute
 * mono_ms() time.  NXDOMAIN and no data give an empty list. */
enum rc dns_txt_at(const struct dns_server *srv, const char *name,
		   long long deadline_ms, struct dns_strlist *out,
		   struct err *e);

/* Follows the CNAME chain at name (at most DNS_CNAME_HOPS links).  Sets
 * *target to the final name in a new string (caller frees), or NULL when
 * name is not a CNAME.  A loop or a longer chain is an error. */
enum rc dns_cname_final(const struct dns_opts *o, const char *name,
			char **target, struct err *e);

/* The zone name is in (the closest enclosing SOA) and, when mname is not
 * NULL, the primary name server of its SOA.  New strings (caller frees). */
enum rc dns_zone_of(const struct dns_opts *o, const char *name, char **zone,
		    char **mname, struct err *e);

/* The authoritative servers of the zone name is in, with their addresses
 * (IPv4 first), at most DNS_NS_MAX.  When o->server is set, a server whose
 * address is a loopback one is reached at o->server's address and port
 * instead (a private test server, a local authoritative server on another
 * port).  *out is a new array (caller frees); *n its length, >= 1. */
enum rc dns_auth_servers(const struct dns_opts *o, const char *name,
			 struct dns_server **out, size_t *n, struct err *e);

/* IPv4 and IPv6 addresses of name, numeric strings, IPv4 first. */
enum rc dns_addrs(const struct dns_opts *o, const char *name,
		  struct dns_strlist *out, struct err *e);

/* The relevant CAA record set for name (RFC 8659 section 3): the first
 * non-empty set found climbing from name towards the root.  An empty
 * out (n == 0, owner NULL) means no CAA anywhere: any CA may issue. */
enum rc dns_caa_relevant(const struct dns_opts *o, const char *name,
			 struct dns_caa_set *out, struct err *e);

/* Frees the strings and resets l.  Zeroed or NULL is fine. */
void dns_strlist_clear(struct dns_strlist *l);

/* Appends a copy of s.  RC_NOMEM on failure. */
enum rc dns_strlist_add(struct dns_strlist *l, const char *s, struct err *e);

/* 1 when l holds s (exact comparison). */
int dns_strlist_has(const struct dns_strlist *l, const char *s);

/* Frees the records and resets c.  Zeroed or NULL is fine. */
void dns_caa_set_clear(struct dns_caa_set *c);

#endif
