/* SPDX-License-Identifier: ISC */
/* store_domains.h - identifiers and how each is validated. */
#ifndef ACMETUI_STORE_DOMAINS_H
#define ACMETUI_STORE_DOMAINS_H

#include <stddef.h>
#include <stdint.h>

#include "db/store.h"
#include "db/store_enum.h"
#include "util/err.h"

#define DOM_IDENT_LIST(X) \
	X(DOM_IDENT_DNS, "dns") \
	X(DOM_IDENT_IP, "ip")
enum dom_ident { DOM_IDENT_LIST(STORE_ENUM_MEMBER) DOM_IDENT__INVALID };

#define DOM_METHOD_LIST(X) \
	X(DOM_METHOD_HTTP01, "http-01") \
	X(DOM_METHOD_DNS01, "dns-01") \
	X(DOM_METHOD_TLSALPN01, "tls-alpn-01")
enum dom_method { DOM_METHOD_LIST(STORE_ENUM_MEMBER) DOM_METHOD__INVALID };

/* Stored names ("dns", "http-01", ...); "unknown" for others. */
const char *dom_ident_name(enum dom_ident v);
const char *dom_method_name(enum dom_method v);
/* Parse a stored name; __INVALID for anything else (NULL included). */
enum dom_ident dom_ident_parse(const char *s);
enum dom_method dom_method_parse(const char *s);

/* One domain row; strings owned (NULL when unset), released by
 * domain_row_clear(), which wipes tsig_secret.  Ports are 0 when unset. */
struct domain_row {
	int64_t id;
	char *name; /* lower-case A-label, "*.x" or an IP */
	enum dom_ident ident_type;
	enum dom_method method;
	char *webroot;
	char *http_bind;
	int http_port;
	int tls_port;
	char *dns_hook;
	char *dns_hook_style; /* NULL or "acmetui", "lego" (dns01_hook.h) */
	char *rfc2136_server;
	char *rfc2136_zone;
	char *tsig_name;
	char *tsig_alg;
	char *tsig_secret; /* secret */
	char *dns_resolver;
	char *dns_check; /* "authoritative", "resolver", "none" or NULL */
	int dns_wait;	 /* propagation timeout in seconds, 0: default */
	int64_t last_check_at;
	char *last_check_result;
	int64_t created_at;
	int64_t updated_at;
};

/* Frees (wiping secrets) and zeroes a row; NULL and zeroed rows are fine. */
void domain_row_clear(struct domain_row *d);
/* Clears and frees an array of n rows. */
void domain_rows_free(struct domain_row *rows, size_t n);

/* Inserts d->name with its identifier type, method and settings, or, when
 * the name exists, replaces its type, method and settings (last check,
 * id and timestamps are not taken from d).  *id (may be NULL) gets the
 * row's id.  RC_INPUT when the schema refuses a value (upper case, empty
 * name, bad port or enum). */
enum rc store_domain_upsert(struct store *st, const struct domain_row *d,
			    int64_t *id, struct err *e);

/* Fills *out (caller clears) with the domain called name; RC_NOTFOUND. */
enum rc store_domain_get(struct store *st, const char *name,
			 struct domain_row *out, struct err *e);

/* All domains by name.  *rows (free with domain_rows_free) may be NULL
 * when *n is 0. */
enum rc store_domain_list(struct store *st, struct domain_row **rows, size_t *n,
			  struct err *e);

/* Records the outcome of a pre-flight check (result: one sanitized line;
 * NULL clears it). */
enum rc store_domain_set_check(struct store *st, const char *name, int64_t at,
			       const char *result, struct err *e);

/* Deletes a domain no certificate names.  RC_NOTFOUND; RC_INPUT when a
 * certificate still names it. */
enum rc store_domain_delete(struct store *st, const char *name, struct err *e);

#endif
