/* SPDX-License-Identifier: ISC */
/* dryrun.h - `--renew-due --dry-run`: what certbot's `renew --dry-run`
 * does, for one certificate.
 *
 * A real order for the certificate's names against a staging ACME
 * server, with a throwaway account key made in memory and registered
 * there, validated with the certificate's own methods (the same solvers,
 * webroots, DNS hooks), finalized with a throwaway certificate key, the
 * certificate downloaded and checked against the key and the names, and
 * then everything thrown away: no order, authorization, key or
 * certificate reaches the inventory, nothing is deployed, no lease is
 * taken, no hook is told.  The only trace is one event on the
 * certificate, "dry run ok" or "dry run failed: ..." (the engine's other
 * events of the attempt go to the progress callback only).
 *
 * Which staging server:
 *  - an explicit override (--staging-url, $ACMETUI_STAGING_URL: for tests
 *    and experts) for every certificate.  The account's EAB credentials
 *    are sent there when the account has them: the operator named that
 *    server, so it is trusted with an EAB MAC over a throwaway key (never
 *    with the HMAC key itself); this is how a private CA's test instance
 *    that shares the production EAB keys, or a test Pebble, is reached;
 *  - else the staging preset of the account's CA (parse/presets.h); its
 *    account is registered without EAB, because a production EAB key is
 *    not valid at a CA's staging server.  A staging server that requires
 *    EAB (the preset says so, or its directory does) cannot be used: the
 *    certificate falls back to the listing plus the pre-flight checks;
 *  - an account that is itself on a staging server uses that server and
 *    its own EAB credentials;
 *  - no staging server: "would renew (no staging server to test against)"
 *    plus the doctor's pre-flight checks (diagnose/doctor.h), recorded
 *    nowhere but the verdict event.
 * TLS trust for the staging server: the system store plus the run-wide
 * CA file (--ca-file), never the account's own CA file, which is for its
 * production server. */
#ifndef ACMETUI_DRYRUN_H
#define ACMETUI_DRYRUN_H

#include <stddef.h>

#include "lifecycle/lc.h"
#include "util/err.h"

/* Environment variable that overrides the staging server (man page:
 * test/expert use); --staging-url wins over it. */
#define DRYRUN_STAGING_ENV "ACMETUI_STAGING_URL"

enum dryrun_verdict {
	DRYRUN_OK,	/* issued at the staging server */
	DRYRUN_FAILED,	/* the staging order or a pre-flight check
				 * failed */
	DRYRUN_UNTESTED /* no usable staging server; pre-flight
				 * checks did not fail */
};

/* The staging directory URL to test certificate name's renewal against,
 * or NULL.  override is the explicit override (or NULL); the rest is
 * read from the account (directory URL, environment, preset).
 * *use_eab says whether the account's EAB credentials go with it;
 * when NULL is returned, why (size whysz) says why in one line. */
const char *dryrun_staging_url(const char *override, const char *ca_preset,
			       const char *directory_url, int env_staging,
			       int *use_eab, char *why, size_t whysz);

/* Runs the dry run of certificate name (see above) and records its
 * verdict as one event.  *verdict gets the outcome and msg (size msgsz)
 * one printable line for the report.  The return value is about the
 * inventory (RC_NOTFOUND, RC_DB, RC_NOMEM), not about the verdict. */
enum rc lc_cert_dry_run(struct lc *lc, const char *name,
			const char *staging_override,
			enum dryrun_verdict *verdict, char *msg, size_t msgsz,
			struct err *e);

#endif
