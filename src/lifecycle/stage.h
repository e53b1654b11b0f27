/* SPDX-License-Identifier: ISC */
/* stage.h - the stage an event is recorded under (lc_event), from one
 * list.
 *
 * The inventory keeps an event's stage as text (events.stage), and the
 * JSON output and the TUI show that text, so each member is written once
 * with its stored name (db/store_enum.h): adding a stage is one line
 * here.  The certificate stages (enum cert_stage) come first, under the
 * same names, so a certificate's new stage can be recorded as the
 * event's; the rest are stages only events have. */
#ifndef ACMETUI_LIFECYCLE_STAGE_H
#define ACMETUI_LIFECYCLE_STAGE_H

#include "db/store_certs.h"
#include "db/store_enum.h"

#define LC_STAGE_LIST(X) \
	X(LC_STAGE_REQUEST, "request") \
	X(LC_STAGE_VALIDATION, "validation") \
	X(LC_STAGE_ISSUANCE, "issuance") \
	X(LC_STAGE_INSTALLATION, "installation") \
	X(LC_STAGE_MONITORING, "monitoring") \
	X(LC_STAGE_RENEWAL, "renewal") \
	X(LC_STAGE_REVOKED, "revoked") \
	X(LC_STAGE_EXPIRED, "expired") \
	X(LC_STAGE_FAILED, "failed") \
	X(LC_STAGE_ACCOUNT, "account") \
	X(LC_STAGE_EXPORT, "export") \
	X(LC_STAGE_DOCTOR, "doctor") \
	X(LC_STAGE_DRY_RUN, "dry-run")
enum lc_stage { LC_STAGE_LIST(STORE_ENUM_MEMBER) LC_STAGE__INVALID };

/* The stored name ("request", "dry-run", ...); "unknown" out of range. */
const char *lc_stage_name(enum lc_stage v);
/* The stage named s; LC_STAGE__INVALID for anything else (NULL too). */
enum lc_stage lc_stage_parse(const char *s);
/* The event stage of the same name as certificate stage s;
 * LC_STAGE__INVALID (named "unknown", as s is) when s is out of range. */
enum lc_stage lc_stage_of_cert(enum cert_stage s);

#endif
