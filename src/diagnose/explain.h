/* SPDX-License-Identifier: ISC */
/* explain.h - from what a CA said about a failed validation to the most
 * likely cause and what to do about it, in one line an operator can act
 * on.
 *
 * The CA's words are untrusted: they are only searched here (never
 * copied into the answer, except an IP address and a port taken from
 * them, each parsed and written again from its value).  The lifecycle
 * appends the answer to the event of a failed validation; `acmetui
 * doctor` runs the checks that confirm it. */
#ifndef ACMETUI_DIAGNOSE_EXPLAIN_H
#define ACMETUI_DIAGNOSE_EXPLAIN_H

#include <stddef.h>

/* Room for any answer of doctor_explain(). */
#define EXPLAIN_MAX 512

/* Looks at a validation failure: type is the problem type (the full URN
 * "urn:ietf:params:acme:error:connection" or its short form
 * "connection"; NULL or "" when none), detail the CA's detail text (NULL
 * when none) and method the challenge that was tried ("http-01",
 * "dns-01", "tls-alpn-01"; NULL when unknown).  Writes into out (size
 * outsz, always NUL-terminated) one translated line "likely cause: ...;
 * fix: ..." and returns 1; when nothing fits, writes "" and returns 0. */
int doctor_explain(const char *type, const char *detail, const char *method,
		   char *out, size_t outsz);

/* How the failed challenge was answered here, from the domain's
 * settings: what the hint compares with what the CA did. */
enum explain_mode {
	EXPLAIN_MODE_UNKNOWN,
	EXPLAIN_MODE_WEBROOT,	/* http-01 into a web server's
					 * files */
	EXPLAIN_MODE_STANDALONE /* acmetui's own responder */
};

struct explain_setup {
	const char *method; /* "http-01", "dns-01", "tls-alpn-01"; NULL:
				 * unknown */
	enum explain_mode mode;
	int port; /* where our responder listens (standalone);
				 * 0: unknown */
};

/* doctor_explain() knowing how the challenge was answered (how may be
 * NULL: nothing known).  The hint is built from what happened: the
 * address and port the CA says it dialled (parsed from detail; when the
 * detail names no port, the method's standard port, 80 or 443) against
 * the method and port configured, so that a standalone responder on
 * port 5002 reached on port 80 is told "forward the port", not "use
 * --standalone". */
int explain_with_setup(const char *type, const char *detail,
		       const struct explain_setup *how, char *out,
		       size_t outsz);

/* The port the CA says it connected to, from its detail text (hostile):
 * the port of the first "IPv4:port" or "[IPv6]:port", else of the first
 * "http://host:port" or "https://host:port" URL, else the URL scheme's
 * standard port (80, 443).  Returns the port (1..65535) or 0 when the
 * text names none.  Exposed for tests. */
int explain_find_port(const char *text);

/* Finds the first IPv4 or IPv6 address literal in text and copies it into
 * out (size >= 46) in its canonical form.  Returns 1 when one was found,
 * else 0 (out "").  Exposed for tests. */
int explain_find_addr(const char *text, char *out, size_t outsz);

#endif
