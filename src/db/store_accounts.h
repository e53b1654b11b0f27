/* SPDX-License-Identifier: ISC */
/* store_accounts.h - ACME accounts in the inventory. */
#ifndef ACMETUI_STORE_ACCOUNTS_H
#define ACMETUI_STORE_ACCOUNTS_H

#include <stddef.h>
#include <stdint.h>

#include "db/store.h"
#include "db/store_enum.h"
#include "util/err.h"

#define ACCT_ENV_LIST(X) \
	X(ACCT_ENV_PRODUCTION, "production") \
	X(ACCT_ENV_STAGING, "staging")
enum acct_env { ACCT_ENV_LIST(STORE_ENUM_MEMBER) ACCT_ENV__INVALID };

#define ACCT_STATUS_LIST(X) \
	X(ACCT_STATUS_PENDING, "pending") /* not registered with the CA yet */ \
	X(ACCT_STATUS_VALID, "valid") \
	X(ACCT_STATUS_DEACTIVATED, "deactivated") \
	X(ACCT_STATUS_REVOKED, "revoked")
enum acct_status { ACCT_STATUS_LIST(STORE_ENUM_MEMBER) ACCT_STATUS__INVALID };

/* The stored names ("production", "valid", ...); "unknown" for others. */
const char *acct_env_name(enum acct_env v);
const char *acct_status_name(enum acct_status v);
/* Parse a stored name; __INVALID for anything else (NULL included). */
enum acct_env acct_env_parse(const char *s);
enum acct_status acct_status_parse(const char *s);

/* One account row.  Strings are owned by the struct (NULL when unset) and
 * released by acct_row_clear(), which wipes the secrets. */
struct acct_row {
	int64_t id;
	char *name;
	char *ca_preset;
	char *directory_url;
	enum acct_env environment;
	char *contact; /* "mailto:..." list, comma-joined */
	char *eab_kid;
	char *eab_hmac;	     /* secret */
	char *ca_account_id; /* the CA's id from its e-mail */
	char *account_url;   /* the ACME kid, once registered */
	char *key_pem;	     /* secret: the account key */
	char *key_type;
	enum acct_status status;
	char *ca_file;
	char *directory_json;
	char *tos_url;	       /* the terms of service agreed to, or NULL */
	int64_t tos_agreed_at; /* when (0: no consent recorded) */
	char *notify_cmd;      /* this account's notify hook, or NULL */
	int64_t created_at;
	int64_t updated_at;
	int64_t directory_fetched_at; /* when directory_json was fetched;
				       * 0: unknown or stale, fetch again */
	int64_t cert_count; /* certificates of the account (read only) */
};

/* Frees (wiping secrets) and zeroes a row; NULL and zeroed rows are fine. */
void acct_row_clear(struct acct_row *a);
/* Clears and frees an array of n rows from store_account_list(). */
void acct_rows_free(struct acct_row *rows, size_t n);

/* Inserts an account from a's fields (id, timestamps and cert_count are
 * ignored; status as given).  *id (may be NULL) gets the new id.
 * RC_EXISTS when the name is taken, RC_INPUT for a value the schema
 * refuses (empty name or directory URL, bad enum). */
enum rc store_account_insert(struct store *st, const struct acct_row *a,
			     int64_t *id, struct err *e);

/* Fills *out (which the caller clears) with the account called name or
 * having id.  RC_NOTFOUND when there is none (*out left zeroed). */
enum rc store_account_get_by_name(struct store *st, const char *name,
				  struct acct_row *out, struct err *e);
enum rc store_account_get_by_id(struct store *st, int64_t id,
				struct acct_row *out, struct err *e);

/* All accounts by name, each with its number of certificates, in one
 * query.  *rows (free with acct_rows_free) may be NULL when *n is 0. */
enum rc store_account_list(struct store *st, struct acct_row **rows, size_t *n,
			   struct err *e);

/* Records the outcome of newAccount: the account URL (kid), status and
 * the raw directory it was made against (also its refresh).  The terms
 * agreed to change only through store_account_set_terms(): a directory
 * naming new terms is no consent to them. */
enum rc store_account_set_registration(struct store *st, int64_t id,
				       const char *account_url,
				       enum acct_status status,
				       const char *directory_json,
				       struct err *e);

/* Records a fresh copy of the account's directory (directory_json NULL:
 * the stored copy is kept) fetched at fetched_at (UTC seconds); 0 marks
 * the stored copy stale, so the next session fetches the directory. */
enum rc store_account_set_directory(struct store *st, int64_t id,
				    const char *directory_json,
				    int64_t fetched_at, struct err *e);

/* Records the operator's consent to the terms of service at tos_url,
 * given at agreed_at (unix seconds). */
enum rc store_account_set_terms(struct store *st, int64_t id,
				const char *tos_url, int64_t agreed_at,
				struct err *e);

/* Replaces the account key after a key rollover. */
enum rc store_account_set_key(struct store *st, int64_t id, const char *key_pem,
			      const char *key_type, struct err *e);

/* Sets the status (deactivated, revoked, ...). */
enum rc store_account_set_status(struct store *st, int64_t id,
				 enum acct_status status, struct err *e);

/* Sets the account's notify hook (a command line, stored as given; the
 * caller checks that it splits); NULL or "" clears it, so that the
 * account's events go to the global hook again.  RC_NOTFOUND when there
 * is no account called name. */
enum rc store_account_set_notify_cmd(struct store *st, const char *name,
				     const char *cmd, struct err *e);

/* The notify hook of account id into *cmd (caller frees; NULL when the
 * account has none or does not exist).  Reads no secret column. */
enum rc store_account_notify_cmd(struct store *st, int64_t id, char **cmd,
				 struct err *e);

/* Deletes the account called name.  RC_NOTFOUND when none; RC_INPUT when
 * certificates still use it (delete or move them first). */
enum rc store_account_delete(struct store *st, const char *name, struct err *e);

#endif
