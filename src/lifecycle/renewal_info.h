/* SPDX-License-Identifier: ISC */
/* renewal_info.h - when to renew: the CA's ARI window (RFC 9773) when it
 * offers one, else the lifetime rule (schedule.h).
 *
 * An issuance asks the CA's renewalInfo for the new certificate and
 * stores a renewal time inside the suggested window, plus when to ask
 * again (the CA's Retry-After, clamped).  The batch re-asks for every
 * certificate whose poll time has passed (one indexed query when none
 * has) and moves the renewal time when the CA moved the window.  A CA
 * that advertises ARI but cannot answer never fails an issuance: the
 * lifetime rule applies and the next poll tries again. */
#ifndef ACMETUI_RENEWAL_INFO_H
#define ACMETUI_RENEWAL_INFO_H

#include <stdint.h>
#include <time.h>

#include "acme/ari.h"
#include "util/err.h"

struct lc;
struct acme_client;

/* Longest renewal reason stored ("ARI window ... (see URL)"). */
#define RENEW_REASON_MAX 768

/* A renewal decision. */
struct renew_plan {
	time_t renew_at;	       /* when the renewal is due */
	time_t next_poll;	       /* when to ask ARI again; 0: never */
	int from_ari;		       /* 1: renew_at comes from ARI */
	char reason[RENEW_REASON_MAX]; /* one line, for the inventory */
};

/* Decides without I/O (tests call it with recorded answers).  ca_has_ari
 * says whether the CA's directory offers renewalInfo; fetch_rc and a are
 * what asking it gave (a is read only when fetch_rc is RC_OK).  current
 * is the stored renewal time (0: none): it is kept when it already lies
 * inside the CA's window, so repeated polls do not move it around.  Else
 * a point in the window chosen by r (schedule_ari_pick).  Without ARI,
 * or when the fetch failed, the lifetime rule over [not_before,
 * not_after) with r; the next poll is then never (no ARI) or the default
 * retry (a failed fetch). */
void renew_plan_choose(int ca_has_ari, enum rc fetch_rc,
		       const struct acme_ari *a, time_t not_before,
		       time_t not_after, time_t current, time_t now, uint32_t r,
		       struct renew_plan *p);

/* Plans the renewal of a certificate just issued by client c's CA:
 * asks its renewalInfo for ari_id (may be NULL: no ARI) when the
 * directory offers it, and records the event "ARI unavailable: ...; using
 * the lifetime rule" for cert_id/name when that fails.  Never fails. */
void lc_renew_plan_issued(struct lc *lc, struct acme_client *c, int64_t cert_id,
			  const char *name, const char *ari_id,
			  time_t not_before, time_t not_after,
			  struct renew_plan *p);

/* The batch's ARI re-check of certificate cert_id: opens a session for
 * its account, asks the CA's renewalInfo, stores the (possibly moved)
 * renewal time and the next poll time, and records an event when the
 * renewal time moved or the CA could not answer.  A CA that no longer
 * offers ARI stops the polling.  Returns the inventory or session error;
 * a failed fetch is not an error (it is retried at the next poll). */
enum rc lc_cert_ari_check(struct lc *lc, int64_t cert_id, struct err *e);

#endif
