/* SPDX-License-Identifier: ISC */
/* doctor.h - pre-flight and post-failure checks of one certificate in the
 * inventory (`acmetui doctor NAME`).
 *
 * Per domain and for its validation method: the name resolves (A/AAAA),
 * the CAA records (RFC 8659, with RFC 8657 parameters) let the account's
 * CA issue, and a self-test of the method: an HTTP-01 or TLS-ALPN-01
 * response is presented with the domain's own solver settings and then
 * fetched through the name, as the CA would (same resolver, each address
 * the name has); a DNS-01 test record is added, awaited and removed.  For
 * the certificate: the account is usable, the clock agrees with the CA's
 * Date header, the rate-limit ledger is below the CA's documented limits,
 * and the days left until expiry.
 *
 * Each check gives PASS, WARN or FAIL with a one-line reason and, unless
 * it passed, what to do.  Network checks are bounded (timeout_ms each;
 * the DNS-01 wait by dns_wait_ms).  Everything that came from outside is
 * made one printable line (safe_line) before it is put in a result.
 *
 * DNS questions go to the domain's dns_resolver, else the run's resolver
 * (opts.resolver, else $ACMETUI_DNS_RESOLVER), else the system resolver:
 * the same one the DNS-01 propagation wait uses. */
#ifndef ACMETUI_DIAGNOSE_DOCTOR_H
#define ACMETUI_DIAGNOSE_DOCTOR_H

#include <stddef.h>
#include <stdint.h>

#include "diagnose/context.h"
#include "diagnose/finding.h"
#include "dns/resolve.h"
#include "util/err.h"

struct store;
struct cert_row;
struct domain_row;

#define DOCTOR_TIMEOUT_MS 8000	 /* one network check */
#define DOCTOR_DNS_WAIT_MS 20000 /* DNS-01 self-test propagation wait */
#define DOCTOR_ADDRS_MAX 4	 /* addresses of a name self-tested */
#define DOCTOR_BODY_MAX 4096	 /* bytes of a self-test answer read */
#define DOCTOR_SKEW_WARN_S 60	 /* clock skew that warns ... */
#define DOCTOR_SKEW_FAIL_S 300	 /* ... and that fails */
/* Share of a documented rate limit that already warns (percent). */
#define DOCTOR_RATE_WARN_PCT 80
/* Window counted when the CA documents no order limit. */
#define DOCTOR_RATE_WINDOW_S (3 * 3600)

/* ---- the checks (each appends one or more results; they return an
 * error only when memory runs out: a failing check is a result) ---- */

/* The account is registered and valid. */
enum rc doctor_check_account(struct doctor_ctx *ctx, struct err *e);

/* GETs the CA's directory; compares its Date header with the local
 * clock.  Keeps the CA's CAA identities when the stored directory gave
 * none. */
enum rc doctor_check_clock(struct doctor_ctx *ctx, struct err *e);

/* A and AAAA of the domain; *addrs (caller clears) gets up to
 * DOCTOR_ADDRS_MAX of them (the address itself for an IP identifier). */
enum rc doctor_check_resolve(struct doctor_ctx *ctx, const struct domain_row *d,
			     struct dns_strlist *addrs, struct err *e);

/* The relevant CAA record set lets the account's CA issue. */
enum rc doctor_check_caa(struct doctor_ctx *ctx, const struct domain_row *d,
			 struct err *e);

/* Self-tests of the domain's method: present a random token, fetch it
 * through each address (HTTP-01 on http_port or 80, TLS-ALPN-01 on
 * tls_port or 443), clean up.  DNS-01: add a test TXT record with the
 * domain's hook or RFC 2136 settings, wait until it is visible, remove
 * it. */
enum rc doctor_check_http01(struct doctor_ctx *ctx, const struct domain_row *d,
			    const struct dns_strlist *addrs, struct err *e);
enum rc doctor_check_tlsalpn01(struct doctor_ctx *ctx,
			       const struct domain_row *d,
			       const struct dns_strlist *addrs, struct err *e);
enum rc doctor_check_dns01(struct doctor_ctx *ctx, const struct domain_row *d,
			   struct err *e);

/* Orders of the account in the CA's documented window (parse/presets.h)
 * and any "not before" the CA asked for. */
enum rc doctor_check_ratelimit(struct doctor_ctx *ctx, struct err *e);

/* Days until the certificate expires and whether renewal is overdue. */
enum rc doctor_check_expiry(struct doctor_ctx *ctx, struct err *e);

/* Runs every check for the certificate called name into *rep (caller
 * clears).  RC_NOTFOUND when there is no such certificate; other errors
 * only for the inventory and memory. */
enum rc doctor_run(struct store *st, const char *name,
		   const struct doctor_opts *opts, struct doctor_report *rep,
		   struct err *e);

/* Records each domain's outcome in the inventory (last_check_*): "pass",
 * or the worst result as "fail: CHECK: REASON". */
enum rc doctor_record(struct store *st, const struct cert_row *cert,
		      const struct doctor_report *rep, int64_t at,
		      struct err *e);

/* ---- pure pieces (exposed for tests) ---- */

/* What the CAA verdict is asked about. */
struct doctor_caa_query {
	const char *const *ca_ids; /* the CA's identities (issuer domains) */
	size_t n_ca_ids;	   /* 0: the CA publishes none */
	int wildcard;		   /* the name is "*.x": issuewild rules */
	const char *account_uri;   /* RFC 8657 accounturi; NULL: unknown */
	const char *method;	   /* RFC 8657 validationmethods; NULL */
};

/* Evaluates the relevant CAA set (RFC 8659 section 4): PASS when it
 * allows issuance (no set, no issue property that applies, or one naming
 * a CA identity whose RFC 8657 parameters fit), FAIL when it forbids it
 * (also for a critical property of an unknown tag), WARN when records
 * restrict issuance but the CA publishes no identities to compare.  why
 * (size whysz) gets one printable line. */
enum doctor_status doctor_caa_eval(const struct dns_caa_set *set,
				   const struct doctor_caa_query *q, char *why,
				   size_t whysz);

/* PASS / WARN / FAIL for a clock skew of skew_s seconds. */
enum doctor_status doctor_skew_status(long long skew_s);

#endif
