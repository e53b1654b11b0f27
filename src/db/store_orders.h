/* SPDX-License-Identifier: ISC */
/* store_orders.h - ACME orders and their authorizations: what lets an
 * interrupted run resume the same order, and the ledger counted to warn
 * before a CA's rate limits. */
#ifndef ACMETUI_STORE_ORDERS_H
#define ACMETUI_STORE_ORDERS_H

#include <stddef.h>
#include <stdint.h>

#include "db/store.h"
#include "db/store_enum.h"
#include "util/err.h"

/* RFC 8555 order states plus "abandoned" (we gave it up locally). */
#define ORDER_STATUS_LIST(X) \
	X(ORDER_PENDING, "pending") \
	X(ORDER_READY, "ready") \
	X(ORDER_PROCESSING, "processing") \
	X(ORDER_VALID, "valid") \
	X(ORDER_INVALID, "invalid") \
	X(ORDER_ABANDONED, "abandoned")
enum order_status { ORDER_STATUS_LIST(STORE_ENUM_MEMBER) ORDER__INVALID };

/* RFC 8555 authorization states. */
#define AUTHZ_STATUS_LIST(X) \
	X(AUTHZ_PENDING, "pending") \
	X(AUTHZ_VALID, "valid") \
	X(AUTHZ_INVALID, "invalid") \
	X(AUTHZ_DEACTIVATED, "deactivated") \
	X(AUTHZ_EXPIRED, "expired") \
	X(AUTHZ_REVOKED, "revoked")
enum authz_status { AUTHZ_STATUS_LIST(STORE_ENUM_MEMBER) AUTHZ__INVALID };

/* Stored names ("pending", ...; ORDER_INVALID is "invalid"), "unknown"
 * (which the schema refuses) for out-of-range values.  The parsers give
 * __INVALID for anything else (NULL included). */
const char *order_status_name(enum order_status v);
const char *authz_status_name(enum authz_status v);
enum order_status order_status_parse(const char *s);
enum authz_status authz_status_parse(const char *s);

/* One order; strings owned (NULL when unset), released by
 * order_row_clear(), which wipes key_pem.  Times are 0 when unset. */
struct order_row {
	int64_t id;
	int64_t cert_id;
	int64_t account_id;
	char *url;
	enum order_status status;
	char *identifiers; /* sorted names, comma-joined */
	char *finalize_url;
	char *cert_url;
	char *key_pem;	/* secret: the key of this order's CSR */
	char *replaces; /* ARI id of the replaced certificate */
	char *error;
	int64_t expires_at;
	int64_t created_at;
	int64_t updated_at;
	int64_t completed_at; /* certificate downloaded */
	int64_t finalize_at;  /* finalize sent (or about to be): the CA
				 * may have issued on it; 0 never */
};

void order_row_clear(struct order_row *o);

/* One authorization; strings owned, released by authz_row_clear(). */
struct authz_row {
	int64_t id;
	int64_t order_id;
	char *url;
	char *identifier;
	int wildcard; /* 0 or 1 */
	enum authz_status status;
	char *challenge_type;
	char *challenge_url;
	char *token;
	int64_t updated_at;
};

void authz_row_clear(struct authz_row *a);
void authz_rows_free(struct authz_row *rows, size_t n);

/* Records a new order from o (cert_id, account_id, url, status,
 * identifiers, finalize_url, cert_url, key_pem, replaces, error,
 * expires_at).  *id (may be NULL) gets its id.  RC_EXISTS when the URL is
 * already recorded; RC_INPUT for an unknown certificate or account or a
 * value the schema refuses. */
enum rc store_order_insert(struct store *st, const struct order_row *o,
			   int64_t *id, struct err *e);

/* The newest open order of certificate cert_id (completed_at unset and
 * status neither invalid nor abandoned) into *out (caller clears).
 * RC_NOTFOUND when there is none: order afresh. */
enum rc store_order_get_open(struct store *st, int64_t cert_id,
			     struct order_row *out, struct err *e);

/* Sets the status, the certificate URL (NULL keeps the stored one) and
 * the error (one sanitized line; NULL clears it). */
enum rc store_order_set_status(struct store *st, int64_t id,
			       enum order_status status, const char *cert_url,
			       const char *error, struct err *e);

/* Stores the CSR key of the order and marks finalize as about to be sent
 * (finalize_at, once); call (and commit) BEFORE finalizing, so a crash
 * after finalize can still download and use the certificate, and an
 * abandoned order tells that the CA may have issued on it. */
enum rc store_order_set_key(struct store *st, int64_t id, const char *key_pem,
			    struct err *e);

/* Marks the order done (certificate downloaded and stored) at time at:
 * status valid as the CA said, its certificate URL, and wipes its key:
 * from now on the certificate row holds it. */
enum rc store_order_complete(struct store *st, int64_t id, int64_t at,
			     const char *cert_url, struct err *e);

/* 1 when an order with this URL is recorded, 0 when not or on error. */
int store_order_url_known(struct store *st, const char *url);

/* The newest (at most max) orders of certificate cert_id, newest first,
 * into a new array *rows of *n (order_rows_free; keys are not read). */
enum rc store_order_list(struct store *st, int64_t cert_id, size_t max,
			 struct order_row **rows, size_t *n, struct err *e);

/* Clears n rows and frees the array; NULL is fine. */
void order_rows_free(struct order_row *rows, size_t n);

/* Gives the order up (status abandoned, why in error), wiping its key. */
enum rc store_order_abandon(struct store *st, int64_t id, const char *error,
			    struct err *e);

/* Records that the challenge of authorization url (of order_id) is
 * about to be answered, at time at; commit BEFORE the request. */
enum rc store_authz_set_responded(struct store *st, int64_t order_id,
				  const char *url, int64_t at, struct err *e);

/* When the challenge of authorization url (of order_id) was answered, 0
 * when never or unknown. */
int64_t store_authz_responded_at(struct store *st, int64_t order_id,
				 const char *url);

/* Counts the orders account_id created at or after since (rate-limit
 * ledger). */
enum rc store_order_count_since(struct store *st, int64_t account_id,
				int64_t since, int64_t *count, struct err *e);

/* Inserts or updates (by order_id and url) an authorization from a. */
enum rc store_authz_upsert(struct store *st, const struct authz_row *a,
			   struct err *e);

/* The authorizations of an order, by id.  *rows (free with
 * authz_rows_free) may be NULL when *n is 0. */
enum rc store_authz_list(struct store *st, int64_t order_id,
			 struct authz_row **rows, size_t *n, struct err *e);

#endif
