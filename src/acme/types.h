/* SPDX-License-Identifier: ISC */
/* types.h - small value types shared by the ACME objects: statuses,
 * identifiers and RFC 3339 timestamps, with their validation. */
#ifndef ACMETUI_ACME_TYPES_H
#define ACMETUI_ACME_TYPES_H

#include <stddef.h>
#include <time.h>

#include <json-c/json.h>

#include "util/err.h"
#include "util/url.h"

/* Longest URL, token, identifier or status string accepted from a server. */
#define ACME_URL_MAX URL_MAX
#define ACME_TOKEN_MAX 256
#define ACME_IDENT_MAX 253
#define ACME_STATUS_MAX 32

/* Every status RFC 8555 defines, for every object.  ST__UNKNOWN stands
 * for a string the RFC does not define for that object: callers treat it
 * as a protocol error, never as a state to act on. */
enum acme_status {
	ST_PENDING,
	ST_READY,
	ST_PROCESSING,
	ST_VALID,
	ST_INVALID,
	ST_DEACTIVATED,
	ST_EXPIRED,
	ST_REVOKED,
	ST__UNKNOWN
};

/* Which statuses each object may carry (bit (1u << status)). */
#define ST_BIT(s) (1u << (s))
#define ST_ALLOWED_ACCOUNT \
	(ST_BIT(ST_VALID) | ST_BIT(ST_DEACTIVATED) | ST_BIT(ST_REVOKED))
#define ST_ALLOWED_ORDER \
	(ST_BIT(ST_PENDING) | ST_BIT(ST_READY) | ST_BIT(ST_PROCESSING) | \
	 ST_BIT(ST_VALID) | ST_BIT(ST_INVALID))
#define ST_ALLOWED_AUTHZ \
	(ST_BIT(ST_PENDING) | ST_BIT(ST_VALID) | ST_BIT(ST_INVALID) | \
	 ST_BIT(ST_DEACTIVATED) | ST_BIT(ST_EXPIRED) | ST_BIT(ST_REVOKED))
#define ST_ALLOWED_CHALLENGE \
	(ST_BIT(ST_PENDING) | ST_BIT(ST_PROCESSING) | ST_BIT(ST_VALID) | \
	 ST_BIT(ST_INVALID))

/* Maps s to a status if it is one of the allowed ones (a mask of ST_BIT),
 * else ST__UNKNOWN.  NULL gives ST__UNKNOWN. */
enum acme_status acme_status_parse(const char *s, unsigned allowed);

/* The RFC's name of st ("pending", ...), "unknown" for ST__UNKNOWN.
 * Static string. */
const char *acme_status_name(enum acme_status st);

enum acme_ident_type { IDENT_DNS, IDENT_IP, IDENT__UNKNOWN };

/* An identifier ({"type": "dns", "value": "example.com"}).  value is
 * owned; release with acme_ident_clear(). */
struct acme_ident {
	enum acme_ident_type type;
	char *value;
};

/* "dns" / "ip" to the enum, IDENT__UNKNOWN otherwise; and back
 * (static string, "unknown"). */
enum acme_ident_type acme_ident_type_parse(const char *s);
const char *acme_ident_type_name(enum acme_ident_type t);

/* Checks that value is a plausible identifier of type t: for dns a
 * host name of LDH labels (a leading "*." allowed when wildcard_ok),
 * at most 253 bytes; for ip a literal IPv4 or IPv6 address.  Returns 1
 * when acceptable. */
int acme_ident_valid(enum acme_ident_type t, const char *value,
		     int wildcard_ok);

/* Parses an identifier object from a server into *out (cleared first).
 * Returns RC_PROTO (what names the document) when it is malformed. */
enum rc acme_ident_from_json(struct json_object *o, const char *what,
			     int wildcard_ok, struct acme_ident *out,
			     struct err *e);

/* The identifier as a new JSON object {"type", "value"}; NULL on OOM.
 * Caller puts it. */
struct json_object *acme_ident_to_json(const struct acme_ident *id);

/* Releases id->value; safe on a zeroed struct. */
void acme_ident_clear(struct acme_ident *id);

/* Parses an RFC 3339 timestamp ("2016-01-20T14:09:07.99Z", offsets such
 * as "+02:00" accepted, fractions ignored) into *out.  Returns 0, or -1
 * when malformed or out of range. */
int rfc3339_parse(const char *s, time_t *out);

/* Copies a string array member of o into a new NULL-terminated array of
 * new strings (caller frees with strv_free), each at most max bytes and
 * at most max_n elements.  A missing member gives an empty array.
 * Returns RC_PROTO when the member has the wrong type, an element is not
 * a clean string, or there are too many. */
enum rc strv_from_json(struct json_object *o, const char *key, size_t max,
		       size_t max_n, char ***out, size_t *n_out,
		       const char *what, struct err *e);

/* Frees a NULL-terminated array of strings; NULL is fine. */
void strv_free(char **v);

#endif
