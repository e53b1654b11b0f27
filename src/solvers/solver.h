/* SPDX-License-Identifier: ISC */
/* solver.h - one interface for every ACME challenge method (RFC 8555
 * section 8): make a challenge response available, then take it away.
 *
 * A caller creates one solver per distinct configuration (one webroot, one
 * standalone listener), presents every task of an order, calls
 * solver_ready(), asks the CA to validate, then cleans up each task - also
 * when validation failed.  solver_free() cleans up whatever is still
 * presented, so an error path only has to free the solver.
 *
 *	s = solver_new(&cfg, e);
 *	for each authorization: solver_present(s, &task, e);
 *	solver_ready(s, e);
 *	... respond to the challenges, poll the authorizations ...
 *	for each authorization: solver_cleanup(s, &task, e);
 *	solver_free(s);
 *
 * Several tasks may be presented at once, also several for the same
 * identifier (DNS-01 for a wildcard and its apex needs two TXT values at
 * one name).  present, cleanup and ready may be called from several threads
 * at once (parallel renewals share one standalone listener); new and free
 * may not race with anything.
 *
 * Each method is an ops table (struct solver_ops below) in its own file;
 * adding one means a kind, a table entry in solver.c and its file.  Callers
 * never change. */
#ifndef ACMETUI_SOLVER_H
#define ACMETUI_SOLVER_H

#include "util/err.h"

/* Longest token accepted (RFC 8555 asks for at least 128 bits; CAs send
 * 43 characters).  Longer ones are refused before they touch anything. */
#define SOLVER_TOKEN_MAX 256
/* Longest key authorization: token "." base64url(SHA-512) with room. */
#define SOLVER_KEYAUTH_MAX (SOLVER_TOKEN_MAX + 1 + 128)
/* Longest identifier: a DNS name (253) or an IP address literal. */
#define SOLVER_IDENT_MAX 253
/* Most tasks one solver holds presented at the same time. */
#define SOLVER_TASKS_MAX 1024

/* solver_config.port: 0 means the method's default port (80 for HTTP-01,
 * 443 for TLS-ALPN-01), SOLVER_PORT_ANY lets the kernel pick a free one
 * (ask solver_port()). */
#define SOLVER_PORT_ANY (-1)

enum solver_kind {
	SOLVER_HTTP01_WEBROOT,	  /* files under an existing web server */
	SOLVER_HTTP01_STANDALONE, /* a built-in HTTP responder */
	SOLVER_TLSALPN01,	  /* a built-in TLS responder (RFC 8737) */
	SOLVER_DNS01_HOOK,	  /* the operator's command adds TXT */
	SOLVER_DNS01_RFC2136,	  /* dynamic DNS update with TSIG */
	SOLVER__INVALID
};

/* One challenge to answer.  Borrowed strings; the solver copies what it
 * keeps. */
struct solver_task {
	const char *identifier;	       /* DNS name, "*.name" or IP */
	const char *token;	       /* base64url, from the challenge */
	const char *key_authorization; /* "token.thumbprint" (8555 8.1) */
	/* For hooks that want the order's context (certbot's
	 * CERTBOT_ALL_DOMAINS, CERTBOT_REMAINING_CHALLENGES): the
	 * certificate's names, comma-separated (NULL: unknown), and the
	 * authorizations of the order after this one. */
	const char *all_domains;
	int remaining;
};

/* Settings of every method; each reads only its own.  Borrowed strings,
 * copied by solver_new(). */
struct solver_config {
	enum solver_kind kind;

	/* HTTP-01 webroot: the directory the web server serves as "/" for
	 * the identifiers; must exist. */
	const char *webroot;

	/* Standalone responders. */
	const char *bind_addr; /* numeric IPv4/IPv6; NULL/"" = all */
	int port;	       /* 0 = default, SOLVER_PORT_ANY, 1..65535 */
	int check_host;	       /* answer only if Host is the identifier */
	int io_timeout_ms;     /* per-connection deadline; 0 = default */

	/* DNS-01, both methods: the TXT record goes at
	 * "_acme-challenge.<domain>", or at the end of its CNAME chain
	 * (delegation); solver_ready() waits until it can be seen. */
	const char *dns_resolver; /* "host[:port]" asked for CNAME, SOA, NS
				   * and addresses; NULL = /etc/resolv.conf */
	int dns_check;		  /* enum solver_dns_check */
	int dns_wait_ms;	  /* propagation wait; 0 = 120 s */
	/* Optional: progress lines of the wait and the hook's output, one
	 * sanitized line per call, possibly from several threads. */
	void (*dns_progress)(void *arg, const char *message);
	void *dns_progress_arg;

	/* DNS-01 hook: a command line run by /bin/sh as
	 * CMD add|del RECORD_NAME VALUE DOMAIN, or with dns_hook_lego as
	 * lego's exec provider runs EXEC_PATH, CMD present|cleanup FQDN.
	 * VALUE (solvers/dns01_hook.h). */
	const char *dns_hook_command;
	int dns_hook_lego;
	int dns_hook_timeout_ms; /* 0 = 60 s; then SIGTERM, SIGKILL */

	/* DNS-01 RFC 2136. */
	const char *rfc2136_server; /* "host[:port]"; NULL = the zone's SOA
				     * primary (MNAME), port 53 */
	const char *rfc2136_zone;   /* NULL = found via SOA */
	const char *tsig_name;	    /* NULL = unsigned updates */
	const char *tsig_algorithm; /* NULL = "hmac-sha256" */
	const char *tsig_secret;    /* base64; copied, wiped on free */
	int rfc2136_ttl;	    /* 0 = 60 s */
};

/* solver_config.dns_check: where solver_ready() looks for DNS-01 TXT
 * records before the CA is asked. */
enum solver_dns_check {
	SOLVER_DNS_CHECK_AUTHORITATIVE = 0, /* every authoritative server */
	SOLVER_DNS_CHECK_RESOLVER,	    /* dns_resolver only */
	SOLVER_DNS_CHECK_NONE,		    /* no DNS lookups at all: no
					     * CNAME following, no wait */
};

struct solver;

/* Creates a solver for cfg, checking what can be checked up front (the
 * webroot exists and is a directory ...).  Nothing is written and no port
 * is opened yet.  Caller frees with solver_free().  NULL (and e set) on
 * failure. */
struct solver *solver_new(const struct solver_config *cfg, struct err *e);

/* Makes the response for t available: validates t (token base64url and at
 * most SOLVER_TOKEN_MAX, key authorization "token." + base64url,
 * identifier a DNS name or IP literal), then hands it to the method.
 * Presenting the same (identifier, token) again replaces it; the same
 * token for another identifier is refused (RC_EXISTS).  On failure nothing
 * new stays presented (a replaced response may remain as it was). */
enum rc solver_present(struct solver *s, const struct solver_task *t,
		       struct err *e);

/* Called once every task of an order is presented, before the CA is asked
 * to validate: returns when the responses are visible to the CA (a DNS
 * method waits for propagation here; HTTP methods are ready at once). */
enum rc solver_ready(struct solver *s, struct err *e);

/* Removes the response for t.  Idempotent: cleaning up a task that is not
 * (or no longer) presented succeeds, and also removes what an earlier,
 * crashed run left behind where the method can tell (webroot files). */
enum rc solver_cleanup(struct solver *s, const struct solver_task *t,
		       struct err *e);

/* Leaves t's response in place and forgets it, so that solver_free()
 * does not remove it: for a file or DNS record the CA may still read
 * after this run ends (the run that resumes the order removes it with
 * solver_cleanup()).  Unknown tasks are ignored. */
void solver_leave(struct solver *s, const struct solver_task *t);

/* The port a listening solver is bound to, 0 when it is not listening
 * (not started yet, or a method without a listener). */
int solver_port(struct solver *s);

/* The solver's kind. */
enum solver_kind solver_kind_of(const struct solver *s);

/* The RFC 8555 challenge type a kind answers ("http-01"), or NULL for an
 * invalid kind.  Static string. */
const char *solver_challenge_type(enum solver_kind kind);

/* Cleans up every task still presented (errors are ignored: nothing is
 * left to report them to), stops servers and frees s.  NULL is fine. */
void solver_free(struct solver *s);

/* ---- For method implementations only. ---- */

/* A method.  priv is the method's own state, made by init.  The solver
 * layer validates every task before present/cleanup and serializes those
 * two calls; ready is called without that lock (a DNS wait must not stall
 * other orders' present calls) and must do its own locking. */
struct solver_ops {
	enum solver_kind kind;
	const char *challenge_type; /* "http-01", "dns-01", "tls-alpn-01" */
	enum rc (*init)(const struct solver_config *cfg, void **priv,
			struct err *e);
	enum rc (*present)(void *priv, const struct solver_task *t,
			   struct err *e);
	enum rc (*cleanup)(void *priv, const struct solver_task *t,
			   struct err *e);
	enum rc (*ready)(void *priv, struct err *e); /* may be NULL */
	int (*port)(void *priv);		     /* may be NULL */
	void (*fini)(void *priv);		     /* must accept NULL */
};

/* Returns 1 when s is a DNS name (LDH labels, optionally "*." first) or
 * an IPv4/IPv6 literal no longer than SOLVER_IDENT_MAX. */
int solver_identifier_ok(const char *s);

#endif
