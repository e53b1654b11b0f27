/* SPDX-License-Identifier: ISC */
/* directory.h - the ACME directory (RFC 8555 7.1.1) and what it offers.
 *
 * The raw JSON text is kept so the caller can store it and later start a
 * client from the stored copy without a round trip. */
#ifndef ACMETUI_ACME_DIRECTORY_H
#define ACMETUI_ACME_DIRECTORY_H

#include <stddef.h>

#include "util/url.h"
#include "util/err.h"

/* termsOfService, website, profile descriptions */
#define DIR_META_TEXT_MAX 1024
#define DIR_CAA_MAX 32
#define DIR_PROFILES_MAX 32
#define DIR_PROFILE_NAME_MAX 64

struct acme_profile {
	char *name;	   /* [A-Za-z0-9._-], at most 64 bytes */
	char *description; /* clean text, may be "" */
};

/* Everything owned; release with directory_clear(). */
struct acme_directory {
	/* resource URLs, validated; NULL when the CA does not offer one */
	char *new_nonce, *new_account, *new_order; /* required */
	char *new_authz, *revoke_cert, *key_change, *renewal_info;
	/* meta */
	char *terms_of_service; /* as sent (maybe a data: URL) or NULL */
	char *website;		/* or NULL */
	char **caa_identities;	/* NULL-terminated, never NULL */
	size_t n_caa;
	int eab_required;	       /* meta.externalAccountRequired */
	struct acme_profile *profiles; /* meta.profiles, sorted by name */
	size_t n_profiles;
	char *raw; /* the JSON text as received */
};

/* Capabilities a directory may advertise (bit set). */
enum {
	ACME_CAP_NEW_AUTHZ = 1 << 0, /* pre-authorization */
	ACME_CAP_REVOKE = 1 << 1,
	ACME_CAP_KEY_CHANGE = 1 << 2,
	ACME_CAP_ARI = 1 << 3,	    /* RFC 9773 renewalInfo */
	ACME_CAP_PROFILES = 1 << 4, /* meta.profiles */
	ACME_CAP_EAB = 1 << 5,	    /* EAB required */
};

/* Parses directory JSON text into *d (cleared first).  URLs must pass
 * url_check under policy p (whose origin is the directory URL).  The
 * text is copied into d->raw.  Returns RC_PROTO (with what is wrong) on
 * a malformed directory, RC_NOMEM. */
enum rc directory_parse(const char *text, size_t len,
			const struct url_policy *p, struct acme_directory *d,
			struct err *e);

/* The ACME_CAP_* bits d advertises. */
unsigned directory_caps(const struct acme_directory *d);

/* The profile named name, or NULL; borrowed from d. */
const struct acme_profile *directory_profile(const struct acme_directory *d,
					     const char *name);

/* Releases everything d owns and zeroes it; safe on a zeroed struct. */
void directory_clear(struct acme_directory *d);

#endif
