/* SPDX-License-Identifier: ISC */
/* rfc2136cred.h - the credentials file of certbot's dns-rfc2136 plugin
 * (the INI a renewal conf names as dns_rfc2136_credentials):
 *
 *	dns_rfc2136_server = 192.0.2.1
 *	dns_rfc2136_port = 53
 *	dns_rfc2136_name = keyname.
 *	dns_rfc2136_secret = 4q4wM/2I180UXoMyN4INVhJNi8V9BCV+jMw2mXgZw/CSuxUT8C7NKKFs
 *	dns_rfc2136_algorithm = HMAC-SHA512
 *
 * as acmetui's per-domain RFC 2136 settings.  The file is hostile: it is
 * read with the tree reader's bounds (no link at its last component, a
 * regular file, at most RFC2136CRED_MAX bytes) and every value checked
 * as `cert add --rfc2136` checks it.  certbot's default algorithm is
 * HMAC-MD5, which acmetui does not speak: such a file is refused. */
#ifndef ACMETUI_MIGRATE_RFC2136CRED_H
#define ACMETUI_MIGRATE_RFC2136CRED_H

#include <stddef.h>

#include "migrate/plan.h"
#include "util/err.h"

/* Largest credentials file read (certbot's is a few hundred bytes). */
#define RFC2136CRED_MAX (16 * 1024)

/* What one credentials file says: all new strings (free with
 * rfc2136cred_clear, which wipes the secret). */
struct rfc2136cred {
	char *server; /* "ip:port" or "[v6]:port" */
	char *key_name;
	char *algorithm; /* "hmac-sha512" */
	char *secret;	 /* base64; secret */
};

/* Parses text[0..len) into out (zeroed by the caller).  RC_INPUT with e
 * naming the key at fault (never showing the secret), RC_NOMEM; out is
 * cleared on failure. */
enum rc rfc2136cred_parse(const char *text, size_t len, struct rfc2136cred *out,
			  struct err *e);

/* Reads the file at path (absolute; it may lie outside certbot's tree)
 * into *text (caller wipes and frees) of *len bytes; *others_read is set
 * when its mode lets group or others read it.  RC_NOTFOUND, RC_INPUT
 * (not absolute, a link, not a regular file, too big). */
enum rc rfc2136cred_read(const char *path, char **text, size_t *len,
			 int *others_read, struct err *e);

/* Copies c into d (method dns-01 by RFC 2136).  -1 when memory runs
 * out. */
int rfc2136cred_apply(const struct rfc2136cred *c, struct domain_row *d);

/* Wipes the secret, frees and zeroes c; zeroed is fine. */
void rfc2136cred_clear(struct rfc2136cred *c);

#endif
