/* SPDX-License-Identifier: ISC */
/* renewal_info.c - renewal times from the CA's ARI window or the lifetime
 * rule; the batch's ARI re-check. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "acme/client.h"
#include "acme/directory.h"
#include "db/store.h"
#include "db/store_accounts.h"
#include "db/store_certs.h"
#include "lifecycle/client.h"
#include "lifecycle/lc.h"
#include "lifecycle/renewal_info.h"
#include "lifecycle/schedule.h"
#include "util/i18n.h"
#include "util/utctime.h"

/* Formats t as "YYYY-MM-DD HH:MM UTC" into out (at least 32 bytes). */
static void fmt_utc(char *out, size_t len, time_t t)
{
	if (utc_text(t, UTC_MINUTE, out, len) == NULL)
		snprintf(out, len, "%lld", (long long)t);
}

/* The lifetime rule, with the next poll given. */
static void plan_lifetime(time_t not_before, time_t not_after, uint32_t r,
			  time_t next_poll, struct renew_plan *p)
{
	time_t start, end;

	schedule_window(not_before, not_after, &start, &end);
	p->renew_at = schedule_pick(start, end, r);
	p->next_poll = next_poll;
	p->from_ari = 0;
	snprintf(p->reason, sizeof(p->reason), "%s",
		 _("one third of the lifetime left"));
}

void renew_plan_choose(int ca_has_ari, enum rc fetch_rc,
		       const struct acme_ari *a, time_t not_before,
		       time_t not_after, time_t current, time_t now, uint32_t r,
		       struct renew_plan *p)
{
	char from[32], until[32];

	memset(p, 0, sizeof(*p));
	if (!ca_has_ari) {
		plan_lifetime(not_before, not_after, r, 0, p);
		return;
	}
	if (fetch_rc != RC_OK || a == NULL || a->end <= a->start) {
		plan_lifetime(not_before, not_after, r,
			      acme_ari_next_poll(0, now), p);
		return;
	}
	if (current >= a->start && current < a->end)
		p->renew_at = current;
	else
		p->renew_at = schedule_ari_pick(a->start, a->end, now, r);
	p->next_poll = acme_ari_next_poll(a->retry_after, now);
	p->from_ari = 1;
	fmt_utc(from, sizeof(from), a->start);
	fmt_utc(until, sizeof(until), a->end);
	if (a->explanation_url != NULL)
		snprintf(p->reason, sizeof(p->reason),
			 _("ARI window %s..%s (see %s)"), from, until,
			 a->explanation_url);
	else
		snprintf(p->reason, sizeof(p->reason), _("ARI window %s..%s"),
			 from, until);
}

void lc_renew_plan_issued(struct lc *lc, struct acme_client *c, int64_t cert_id,
			  const char *name, const char *ari_id,
			  time_t not_before, time_t not_after,
			  struct renew_plan *p)
{
	struct acme_ari ari = { 0 };
	struct err fe = { 0 };
	enum rc rc = RC_USAGE;
	int has_ari;

	has_ari = ari_id != NULL &&
		  acme_client_directory(c)->renewal_info != NULL;
	if (has_ari)
		rc = acme_ari_fetch(c, ari_id, &ari, &fe);
	renew_plan_choose(has_ari, rc, &ari, not_before, not_after, 0,
			  time(NULL), schedule_random(), p);
	if (has_ari && rc != RC_OK)
		lc_event(lc, cert_id, 0, name, LC_STAGE_ISSUANCE, "warn",
			 _("ARI unavailable: %s; using the lifetime rule"),
			 err_text(&fe));
	acme_ari_clear(&ari);
}

/* Stores the re-check's outcome and records what changed. */
static enum rc store_check(struct lc *lc, const struct cert_row *c, int has_ari,
			   enum rc fetch_rc, const struct err *fe,
			   const struct renew_plan *p, struct err *e)
{
	char when[32];
	enum rc rc;

	if (!has_ari)
		rc = store_cert_set_ari(lc->st, c->id, c->ari_id, 0, NULL, 0,
					e);
	else if (fetch_rc != RC_OK)
		rc = store_cert_set_ari(lc->st, c->id, c->ari_id, 0, NULL,
					p->next_poll, e);
	else
		rc = store_cert_set_ari(lc->st, c->id, c->ari_id, p->renew_at,
					p->reason, p->next_poll, e);
	if (rc == RC_NOTFOUND) {
		/* Renewed meanwhile: the new certificate has its own plan. */
		err_clear(e);
		return RC_OK;
	}
	if (rc != RC_OK)
		return rc;
	if (has_ari && fetch_rc != RC_OK) {
		fmt_utc(when, sizeof(when), p->next_poll);
		lc_event(lc, c->id, 0, c->name, LC_STAGE_MONITORING, "warn",
			 _("ARI unavailable: %s; asking again after %s"),
			 err_text(fe), when);
	} else if (has_ari && p->renew_at != c->renew_at) {
		fmt_utc(when, sizeof(when), p->renew_at);
		lc_event(lc, c->id, 0, c->name, LC_STAGE_MONITORING, "info",
			 _("renewal moved to %s (%s)"), when, p->reason);
	} else if (!has_ari) {
		lc_event(lc, c->id, 0, c->name, LC_STAGE_MONITORING, "info",
			 "%s",
			 _("the CA no longer offers renewal information; "
			   "keeping the lifetime rule"));
	}
	return RC_OK;
}

enum rc lc_cert_ari_check(struct lc *lc, int64_t cert_id, struct err *e)
{
	struct cert_row c = { 0 };
	struct acct_row a = { 0 };
	struct lc_session s = { 0 };
	struct acme_ari ari = { 0 };
	struct renew_plan p;
	struct err fe = { 0 };
	enum rc rc, fetch_rc;
	int has_ari = 1;

	rc = store_cert_get_by_id(lc->st, cert_id, &c, e);
	if (rc == RC_OK && (c.ari_id == NULL || c.watched))
		goto out; /* nothing to ask the CA about */
	if (rc == RC_OK)
		rc = store_account_get_by_id(lc->st, c.account_id, &a, e);
	if (rc != RC_OK)
		goto out;
	/* An unreachable CA counts as a failed fetch: ask again later. */
	fetch_rc = lc_session_begin(lc, &a, &s, &fe);
	if (fetch_rc == RC_OK) {
		has_ari = acme_client_directory(s.client)->renewal_info != NULL;
		fetch_rc = has_ari ? acme_ari_fetch(s.client, c.ari_id, &ari,
						    &fe)
				   : RC_USAGE;
	}
	if (fetch_rc != RC_OK)
		lc_session_failed(lc, &s, fetch_rc);
	renew_plan_choose(has_ari, fetch_rc, &ari, (time_t)c.not_before,
			  (time_t)c.not_after, (time_t)c.renew_at, time(NULL),
			  schedule_random(), &p);
	rc = store_check(lc, &c, has_ari, fetch_rc, &fe, &p, e);
out:
	acme_ari_clear(&ari);
	lc_session_end(&s);
	acct_row_clear(&a);
	cert_row_clear(&c);
	return rc;
}
