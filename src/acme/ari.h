/* SPDX-License-Identifier: ISC */
/* ari.h - ACME Renewal Information (RFC 9773): when the CA would like a
 * certificate renewed. */
#ifndef ACMETUI_ACME_ARI_H
#define ACMETUI_ACME_ARI_H

#include <stddef.h>
#include <time.h>

#include "acme/client.h"
#include "util/err.h"

#define ARI_ID_MAX 512
#define ARI_RETRY_MIN_S 60	       /* poll no more often than this */
#define ARI_RETRY_MAX_S (24 * 3600)    /* nor less often than this */
#define ARI_RETRY_DEFAULT_S (6 * 3600) /* without Retry-After */

/* Owned; acme_ari_clear(). */
struct acme_ari {
	time_t start, end;     /* suggestedWindow, start < end */
	char *explanation_url; /* https URL of any origin, or NULL */
	time_t retry_after;    /* when to ask again (absolute) */
};

/* Returns 1 when id looks like an ARI certificate id:
 * base64url "." base64url, at most ARI_ID_MAX bytes. */
int acme_ari_id_valid(const char *id);

/* The ARI certificate id of the first certificate in pem (RFC 9773 4.1:
 * base64url(authority key identifier) "." base64url(serial DER content)),
 * into a new string (caller frees).  RC_INPUT when the certificate has no
 * AKI key identifier or is not a certificate. */
enum rc acme_ari_cert_id(const char *pem, size_t len, char **out,
			 struct err *e);

/* Parses a renewalInfo response body.  retry_after is set by the caller
 * (acme_ari_fetch) from the header.  Exposed for tests. */
enum rc acme_ari_parse(const char *body, size_t len, struct acme_ari *out,
		       struct err *e);

/* Clamps a Retry-After (absolute time, 0 when absent) received at now
 * into [now + ARI_RETRY_MIN_S, now + ARI_RETRY_MAX_S], defaulting to
 * now + ARI_RETRY_DEFAULT_S. */
time_t acme_ari_next_poll(time_t retry_after, time_t now);

/* GETs <renewalInfo>/<cert_id> and parses it into *out.  RC_USAGE when
 * the CA offers no ARI (check ACME_CAP_ARI first). */
enum rc acme_ari_fetch(struct acme_client *c, const char *cert_id,
		       struct acme_ari *out, struct err *e);

/* Releases out's strings and zeroes it; safe on a zeroed struct. */
void acme_ari_clear(struct acme_ari *a);

#endif
