/* SPDX-License-Identifier: ISC */
/* account.h - ACME accounts (RFC 8555 7.3): create or find, fetch,
 * deactivate, and roll over the account key. */
#ifndef ACMETUI_ACME_ACCOUNT_H
#define ACMETUI_ACME_ACCOUNT_H

#include <stddef.h>

#include <openssl/evp.h>

#include "acme/client.h"
#include "acme/types.h"
#include "util/err.h"

#define ACCOUNT_CONTACTS_MAX 8
#define ACCOUNT_CONTACT_MAX 320

/* What newAccount sends.  Everything borrowed. */
struct acme_account_req {
	const char *const *contacts; /* "mailto:a@example.com", ... */
	size_t n_contacts;
	int tos_agreed;		       /* termsOfServiceAgreed */
	int only_return_existing;      /* find, never create */
	const char *eab_kid;	       /* External Account Binding, or NULL */
	const unsigned char *eab_hmac; /* decoded HMAC key (secret) */
	size_t eab_hmac_len;
};

/* An account as the server describes it.  Owned; acme_account_clear(). */
struct acme_account {
	char *url;		 /* the account URL ("kid") */
	enum acme_status status; /* valid, deactivated, revoked */
	int created;		 /* 1: 201 Created; 0: it already existed */
	char **contacts;	 /* NULL-terminated, never NULL when parsed */
	size_t n_contacts;
	char *orders_url; /* or NULL */
};

/* Returns 1 when s is an acceptable contact: "mailto:" followed by one
 * address local@domain of printable ASCII without spaces, commas, '?'
 * (hfields) or '%', at most ACCOUNT_CONTACT_MAX bytes. */
int acme_contact_valid(const char *s);

/* newAccount with the client's key (acme_client_set_account() first; its
 * kid is ignored and replaced).  On success the client's kid becomes the
 * account URL and *out describes the account.  With only_return_existing
 * an unknown key gives RC_NOTFOUND.  A refused EAB gives RC_CA and the
 * client's problem keeps the CA's type and detail (unauthorized,
 * malformed, externalAccountRequired) for the caller's advice. */
enum rc acme_account_new(struct acme_client *c,
			 const struct acme_account_req *req,
			 struct acme_account *out, struct err *e);

/* POST-as-GET of the client's account URL into *out. */
enum rc acme_account_fetch(struct acme_client *c, struct acme_account *out,
			   struct err *e);

/* Deactivates the client's account (irreversible); *out gets the
 * server's answer (status deactivated). */
enum rc acme_account_deactivate(struct acme_client *c, struct acme_account *out,
				struct err *e);

/* Rolls the account key over to new_key (RFC 8555 7.3.5).  On success
 * the client signs with new_key (borrowed: the caller keeps it alive and
 * stores it) and the caller may free the old key.  On failure the client
 * still uses the old key. */
enum rc acme_account_key_change(struct acme_client *c, EVP_PKEY *new_key,
				struct err *e);

/* Parses an account object (body of a response) into *out; url is the
 * account URL (copied).  Exposed for tests. */
enum rc acme_account_parse(const char *body, size_t len, const char *url,
			   const struct url_policy *p, struct acme_account *out,
			   struct err *e);

/* Releases out's strings and zeroes it; safe on a zeroed struct. */
void acme_account_clear(struct acme_account *a);

#endif
