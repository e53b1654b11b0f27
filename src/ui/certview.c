/* SPDX-License-Identifier: ISC */
/* certview.c - certificate state -> colour, marker, words (certview.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ui/certview.h"
#include "util/i18n.h"

static const char *const stage_words[] = {
	[CERT_STAGE_REQUEST] = N_("Request"),
	[CERT_STAGE_VALIDATION] = N_("Validation"),
	[CERT_STAGE_ISSUANCE] = N_("Issuance"),
	[CERT_STAGE_INSTALLATION] = N_("Installation"),
	[CERT_STAGE_MONITORING] = N_("Monitoring"),
	[CERT_STAGE_RENEWAL] = N_("Renewal"),
	[CERT_STAGE_REVOKED] = N_("Revoked"),
	[CERT_STAGE_EXPIRED] = N_("Expired"),
	[CERT_STAGE_FAILED] = N_("Failed"),
};

const char *cert_stage_word(enum cert_stage s)
{
	if ((int)s < 0 || s >= CERT_STAGE__INVALID)
		return _("Unknown");
	return _(stage_words[s]);
}

enum cert_health cert_health_of(const struct cert_state *c, int64_t now)
{
	if (c->stage == CERT_STAGE_REVOKED)
		return HEALTH_REVOKED;
	if (c->stage == CERT_STAGE_EXPIRED ||
	    (c->not_after != 0 && c->not_after <= now))
		return HEALTH_EXPIRED;
	if (c->stage == CERT_STAGE_FAILED || c->status == CERT_STATUS_ERROR ||
	    (c->last_error != NULL && c->last_error[0] != '\0'))
		return HEALTH_FAILING;
	if (c->not_after == 0)
		return HEALTH_NEW;
	if (c->renew_at != 0 && c->renew_at <= now)
		return HEALTH_DUE;
	return HEALTH_VALID;
}

enum role cert_role(const struct cert_state *c, int64_t now)
{
	switch (cert_health_of(c, now)) {
	case HEALTH_REVOKED:
		return ROLE_DIM;
	case HEALTH_EXPIRED:
	case HEALTH_FAILING:
		return ROLE_BAD;
	case HEALTH_DUE:
		return c->not_after - now < UI_URGENT_SECS ? ROLE_BAD
							   : ROLE_DUE;
	case HEALTH_VALID:
		return c->not_after - now < UI_URGENT_SECS ? ROLE_BAD : ROLE_OK;
	case HEALTH_NEW:
		break;
	}
	return ROLE_NORMAL;
}

const char *cert_marker(const struct cert_state *c, int64_t now)
{
	switch (cert_health_of(c, now)) {
	case HEALTH_REVOKED:
		return _("REV");
	case HEALTH_EXPIRED:
		return _("EXP");
	case HEALTH_FAILING:
		return "!";
	case HEALTH_DUE:
		return _("due");
	case HEALTH_NEW:
		return _("new");
	case HEALTH_VALID:
		break;
	}
	return c->not_after - now < UI_URGENT_SECS ? _("soon") : "";
}

const char *cert_stage_label(const struct cert_state *c, int64_t now, char *buf,
			     size_t sz)
{
	const char *w = cert_stage_word(c->stage);

	if (c->status == CERT_STATUS_RUNNING)
		snprintf(buf, sz, "%s...", w);
	else if (c->stage == CERT_STAGE_MONITORING && c->renew_at != 0 &&
		 c->renew_at <= now)
		snprintf(buf, sz, "%s", _("Renewal due"));
	else
		snprintf(buf, sz, "%s", w);
	return buf;
}

/* The step a job is at: by the stage of its last progress note, which
 * the engine names (lc_event); before any note, or for a stage that
 * says nothing about the step, by the kind of job. */
static const char *job_step(const struct job_activity *act)
{
	static const struct {
		const char *stage;
		const char *step;
	} by_stage[] = {
		{ "request", N_("Ordering") },
		{ "renewal", N_("Renewing") },
		{ "validation", N_("Validating") },
		{ "issuance", N_("Finalizing") },
		{ "installation", N_("Deploying") },
		{ "doctor", N_("Checking") },
		{ "revoked", N_("Revoking") },
		{ "export", N_("Copying") },
	};
	size_t i;

	for (i = 0; i < sizeof(by_stage) / sizeof(by_stage[0]); i++)
		if (strcmp(act->stage, by_stage[i].stage) == 0)
			return _(by_stage[i].step);
	switch (act->kind) {
	case JOB_ISSUE:
		/* After the last step: the move to Monitoring. */
		return act->stage[0] ? _("Finishing") : _("Ordering");
	case JOB_RENEW:
		return act->stage[0] ? _("Finishing") : _("Renewing");
	case JOB_REVOKE:
		return _("Revoking");
	case JOB_DOCTOR:
		return _("Checking");
	case JOB_DEPLOY:
		return act->stage[0] ? _("Finishing") : _("Deploying");
	case JOB_PROBE:
		return _("Probing");
	case JOB_EXPORT:
		return _("Copying");
	default:
		break;
	}
	return _("Working");
}

const char *cert_job_label(const struct job_activity *act, char *buf, size_t sz)
{
	long s = act->elapsed_s < 0 ? 0 : act->elapsed_s;

	if (s < 100 * 60)
		snprintf(buf, sz, "%s %ld:%02ld", job_step(act), s / 60,
			 s % 60);
	else
		snprintf(buf, sz, "%s %ldh%02ld", job_step(act), s / 3600,
			 s / 60 % 60);
	return buf;
}

const char *cert_reason_name(int reason)
{
	static const char *const names[] = {
		"unspecified",	   "keyCompromise",
		"cACompromise",	   "affiliationChanged",
		"superseded",	   "cessationOfOperation",
		"certificateHold", "",
		"removeFromCRL",   "privilegeWithdrawn",
		"aACompromise"
	};

	if (reason < 0 || reason > 10)
		return "none";
	return names[reason];
}
