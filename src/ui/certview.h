/* SPDX-License-Identifier: ISC */
/* certview.h - how a certificate's state looks, the same on every
 * screen: its colour role, a text marker for monochrome terminals and
 * the words for its stage. */
#ifndef ACMETUI_UI_CERTVIEW_H
#define ACMETUI_UI_CERTVIEW_H

#include <stdint.h>

#include "db/store_certs.h"
#include "lifecycle/jobs.h"
#include "ui/theme.h"

/* Less than this left is shown as urgent (red). */
#define UI_URGENT_SECS (7 * 86400)

enum cert_health {
	HEALTH_NEW, /* no certificate yet */
	HEALTH_VALID,
	HEALTH_DUE,	/* renewal window open */
	HEALTH_FAILING, /* last action failed */
	HEALTH_EXPIRED,
	HEALTH_REVOKED
};

/* The inputs, as both the summary and the full row have them. */
struct cert_state {
	enum cert_stage stage;
	enum cert_status status;
	int64_t not_after;
	int64_t renew_at;
	const char *last_error;
};

/* Classifies a certificate at time now. */
enum cert_health cert_health_of(const struct cert_state *c, int64_t now);

/* The colour role of a certificate at time now. */
enum role cert_role(const struct cert_state *c, int64_t now);

/* A short marker that says the same as the colour ("!", "due", "EXP",
 * "REV", "" for valid); translated. */
const char *cert_marker(const struct cert_state *c, int64_t now);

/* The stage as operators say it ("Monitoring", "Renewal due" ...),
 * translated; "Validation..." while running. */
const char *cert_stage_label(const struct cert_state *c, int64_t now, char *buf,
			     size_t sz);

/* What the job running for a certificate is doing and for how long:
 * its step, from the stage of its last progress note ("Validating",
 * "Finalizing", "Deploying" ...; before the first note, from the kind of
 * job), then the time since it started as m:ss ("Validating 0:07"),
 * translated, into buf (size sz).  Returns buf. */
const char *cert_job_label(const struct job_activity *act, char *buf,
			   size_t sz);

/* The name of stage s ("Request" ...), translated. */
const char *cert_stage_word(enum cert_stage s);

/* The text for a CRL reason code (-1: "none"), untranslated RFC name. */
const char *cert_reason_name(int reason);

#endif
