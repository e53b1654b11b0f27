/* SPDX-License-Identifier: ISC */
/* update.h - RFC 2136 dynamic updates of one TXT record, signed with
 * TSIG (RFC 8945), for DNS-01.
 *
 * Adding puts one record NAME TTL IN TXT "VALUE" into the zone; deleting
 * removes exactly that record (class NONE, RFC 2136 2.5.4), never the
 * whole set: a wildcard and its apex have two values at one name while
 * both are validated.  Updates go over TCP to the zone's primary; the
 * answer's RCODE and, with a key, its TSIG are checked.
 *
 * The secret is handed to ldns as base64 text; ldns decodes it into
 * memory it frees without wiping (a limit of the library).  Our own
 * copies are wiped by their owners (dns01_rfc2136.c). */
#ifndef ACMETUI_DNS_UPDATE_H
#define ACMETUI_DNS_UPDATE_H

#include "dns/resolve.h"
#include "util/err.h"

#define DNS_TSIG_SECRET_MAX 512 /* base64 characters */
#define DNS_TSIG_FUDGE 300	/* seconds of clock skew allowed */
#define DNS_UPDATE_TTL_DEFAULT 60

/* A TSIG key.  Borrowed strings. */
struct dns_tsig {
	const char *name;      /* key name, e.g. "acme-update" */
	const char *algorithm; /* "hmac-sha256" (NULL), "hmac-sha512",
				* "hmac-sha384", "hmac-sha224",
				* "hmac-sha1" */
	const char *secret;    /* base64 (as tsig-keygen prints it) */
};

enum dns_update_op {
	DNS_UPDATE_ADD,
	DNS_UPDATE_DELETE,
};

/* The algorithm's name as a DNS name ("hmac-sha256."), or NULL when it
 * is not one of those above.  Case and a final dot are ignored.  Static
 * string. */
const char *dns_tsig_algorithm(const char *name);

/* Checks a key before use: a DNS name, a known algorithm, a base64
 * secret of at most DNS_TSIG_SECRET_MAX characters.  Never shows the
 * secret. */
enum rc dns_tsig_check(const struct dns_tsig *k, struct err *e);

/* Adds or deletes name TXT value in zone at primary (a server as made by
 * dns_server_from_spec; its addresses are tried in order), signed with
 * key unless key is NULL, before deadline_ms (mono_ms() time).  ttl is
 * used when adding (0 = DNS_UPDATE_TTL_DEFAULT).  value must be base64url
 * (a DNS-01 value).  Deleting a record that is not there succeeds.
 * Errors say what the server said: "TSIG key rejected by 127.0.0.1:5353
 * (BADSIG)", REFUSED, NOTAUTH, NOTZONE, a timeout. */
enum rc dns_update_txt(const struct dns_server *primary, const char *zone,
		       const char *name, const char *value, unsigned ttl,
		       enum dns_update_op op, const struct dns_tsig *key,
		       long long deadline_ms, struct err *e);

#endif
