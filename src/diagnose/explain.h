/* explain.h - from what a CA said about a failed validation to the most
 * likely cause and what to do about it, in one line an operator can act
 * on.
 *
 * The CA's words are untrusted: they are only searched here (never
 * copied into the answer, except an IP address taken from them that is
 * checked to be one).  The lifecycle appends the answer to the event of a
 * failed validation; `acmetui doctor` runs the checks that confirm it. */
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

/* Finds the first IPv4 or IPv6 address literal in text and copies it into
 * out (size >= 46) in its canonical form.  Returns 1 when one was found,
 * else 0 (out "").  Exposed for tests. */
int explain_find_addr(const char *text, char *out, size_t outsz);

#endif
