/* SPDX-License-Identifier: ISC */
/* lc.h - the lifecycle engine: moves accounts and certificates through
 * their stages by driving the ACME client, the solvers and the store.
 *
 * Every transition is one store transaction plus one event, and every
 * step can be resumed from what is stored (an interrupted order is picked
 * up by its URL, the CSR key is stored before finalize).  The CLI, the
 * TUI and the batch runner are thin callers of these functions.
 *
 * Thread rules: a struct lc belongs to one thread (it holds that thread's
 * store connection); the solver pool may be shared by several. */
#ifndef ACMETUI_LC_H
#define ACMETUI_LC_H

#include <stdint.h>

#include "lifecycle/stage.h"
#include "util/err.h"

struct store;
struct lc_pool;
struct probe_result;
struct cert_row;
struct lc_reloads;
struct doctor_opts;
struct doctor_report;
struct acct_row;

/* Called for every event the engine records (also the ones it only
 * prints): cert (or account) name, stage, level ("info", "warn", "error")
 * and the sanitized message. */
typedef void (*lc_progress_fn)(void *ud, const char *subject, const char *stage,
			       const char *level, const char *message);

struct lc {
	struct store *st;	  /* borrowed; this thread's connection */
	const char *ca_file;	  /* run-wide extra trusted CA, or NULL */
	long wait_ms;		  /* how long one run waits for the CA */
	struct lc_pool *pool;	  /* shared standalone listeners */
	const char *dns_resolver; /* run-wide "host:port" for DNS-01
				      * checks where a domain names none */
	long dns_wait_ms;	  /* run-wide propagation wait, 0: 120 s */
	long dns_hook_timeout_ms; /* run-wide hook bound, 0: 60 s */
	long http_timeout_s;	  /* bound on one request to the CA,
				      * 0: HTTP_TIMEOUT_S */
	lc_progress_fn progress;  /* may be NULL */
	void *progress_ud;
	int dry_run;		    /* events go to progress only, never
				      * into the inventory (dryrun.h) */
	struct lc_reloads *reloads; /* a batch: deploys wait for one
				      * reload per command (reloads.h);
				      * NULL: reload at once */
	int terminal_owned;	    /* the TUI draws on the terminal: an
				      * event the inventory refused goes
				      * to progress, not to stderr */
};

/* Default time one run waits for validation and finalization before it
 * leaves the order to be resumed by the next run. */
#define LC_WAIT_DEFAULT_MS (300L * 1000)

/* Fills the run-wide settings of lc from the environment:
 * ACMETUI_DNS_RESOLVER ("host:port"), ACMETUI_DNS_WAIT,
 * ACMETUI_DNS_HOOK_TIMEOUT and ACMETUI_HTTP_TIMEOUT (seconds; the last
 * bounds each request to the CA, for CAs that stall or drip, and tests).
 * Malformed values are ignored. */
void lc_env_defaults(struct lc *lc);

/* ---- accounts (account.c) ---- */

struct lc_account_params {
	const char *name;	   /* inventory name */
	const char *preset;	   /* CA preset name, or NULL */
	const char *directory_url; /* or NULL when preset given */
	const char *email;	   /* contact, without mailto:, or NULL */
	const char *eab_kid;	   /* EAB key id, or NULL */
	const char *eab_hmac;	   /* EAB HMAC key (base64url), or NULL */
	const char *ca_account_id; /* from the credentials e-mail, or NULL */
	const char *key_type;	   /* "ec256" when NULL */
	const char *key_file;	   /* reuse this account key, or NULL */
	const char *ca_file;	   /* stored with the account, or NULL */
	const char *notify_cmd;	   /* its notify hook; NULL/"": global */
	int agree_tos;		   /* the operator agrees to the CA's terms
				     * of service (--agree-tos, a prompt or
				     * the form's checkbox) */
	const char *tos_url_seen;  /* the terms URL the operator was shown
				     * and agreed to, or NULL (--agree-tos:
				     * whatever the directory names) */
};

/* The terms of service of the CA that p names (preset or URL): fetches
 * its directory and sets *terms to meta.termsOfService (caller frees),
 * or NULL when the CA names none.  For a prompt before registering. */
enum rc lc_account_terms(struct lc *lc, const struct lc_account_params *p,
			 char **terms, struct err *e);

/* Registers with the CA (newAccount, with EAB when given) only with the
 * operator's consent: when the directory names terms of service and p
 * does not agree to them (or agreed to other terms than it names now),
 * nothing is stored or sent and RC_USAGE names the URL.  The terms
 * agreed to and the time are stored with the account;
 * termsOfServiceAgreed is sent only with consent.  The account
 * and its key are stored as pending BEFORE newAccount and marked valid,
 * with the account URL, after it: a run killed in between loses no key,
 * and the rerun (same name, same server) resumes with the stored key,
 * which the CA answers with the existing account (RFC 8555 7.3.1)
 * instead of making a second one.  An outright refusal by the CA removes
 * the pending account again.  An account the CA already knows for the
 * key (a reused key) is adopted. */
enum rc lc_account_register(struct lc *lc, const struct lc_account_params *p,
			    struct err *e);

/* Records the operator's consent to the terms of service the account's
 * CA names now (after they changed): fetches the directory, stores its
 * terms URL and the time, and sets *terms (caller frees) to the URL.
 * RC_INPUT when the CA names no terms. */
enum rc lc_account_agree_terms(struct lc *lc, const char *name, char **terms,
			       struct err *e);

/* Whether the account's stored directory names other terms of service
 * than the ones agreed to (or there are terms and none were agreed to):
 * 1 and the sanitized current URL in now[0..nowsz), else 0.  No I/O. */
int lc_terms_changed(const struct acct_row *a, char *now, size_t nowsz);

/* Rolls the account key over (RFC 8555 7.3.5) to a new key of key_type
 * (NULL: the current type). */
enum rc lc_account_rollover(struct lc *lc, const char *name,
			    const char *key_type, struct err *e);

/* Deactivates the account at the CA (irreversible) and records it. */
enum rc lc_account_deactivate(struct lc *lc, const char *name, struct err *e);

/* Fetches the CA's directory for the account and stores it (refresh of
 * what `account show` reports). */
enum rc lc_account_probe(struct lc *lc, const char *name, struct err *e);

/* ---- certificates (issue.c, revoke.c) ---- */

enum lc_issue_mode {
	LC_ISSUE, /* first issuance (refused when one is current) */
	LC_RENEW, /* always a new certificate with a new key */
	LC_RESUME /* whichever applies: used by the batch */
};

/* Obtains a certificate for the inventory entry name: resumes its open
 * order or creates one, validates every authorization, finalizes with a
 * CSR whose key is stored first, downloads and checks the chain, and
 * stores the result (stage Monitoring).  RC_PENDING when the CA is still
 * working after lc->wait_ms (the order is kept for the next run). */
enum rc lc_cert_issue(struct lc *lc, const char *name, enum lc_issue_mode mode,
		      struct err *e);

/* Revokes the current certificate with an RFC 5280 reason code (-1 for
 * none), signed by the account key, or by the certificate's own key when
 * by_cert_key is set. */
enum rc lc_cert_revoke(struct lc *lc, const char *name, int reason,
		       int by_cert_key, struct err *e);

/* RC_OK for a certificate acmetui issues; RC_USAGE, with a one-line
 * message naming it, for a watched one (store_certs.h: imported, no
 * account, no key), which the issuance, renewal, revocation, deploy and
 * doctor paths refuse (watched.c). */
enum rc lc_cert_managed(const struct cert_row *c, struct err *e);

/* Runs the doctor's pre-flight checks for the certificate (opts may be
 * NULL; its unset ca_file and resolver come from lc), records each
 * finding as an event (stage "doctor"; warn and fail as warnings) and
 * each domain's outcome, and leaves the findings in rep (the caller
 * clears it).  RC_OK when the checks ran, whatever they found. */
enum rc lc_cert_doctor_run(struct lc *lc, const char *name,
			   const struct doctor_opts *opts,
			   struct doctor_report *rep, struct err *e);
/* lc_cert_doctor_run for the TUI: RC_CA when a check failed. */
enum rc lc_cert_doctor(struct lc *lc, const char *name, struct err *e);
/* ---- installation and monitoring (deploy.c, probe.c) ---- */

/* Deploys the stored certificate into its deploy directory and runs its
 * reload command (deploy/deploy.h: atomic files, rollback when the reload
 * fails).  Stage Installation (running) first, then Monitoring (ok), or
 * Installation (error) with last_error set; each with an event.  RC_USAGE
 * when the certificate is not issued, has no deploy target (directory or
 * explicit paths; lifecycle/deploy.h), is revoked or expired. */
enum rc lc_cert_deploy(struct lc *lc, const char *name, struct err *e);

/* Probes endpoints[0..n) ("host[:port]"; none: the certificate's first
 * non-wildcard name on 443) for what they serve, compared with the
 * stored certificate (monitor/probe.h), trusting the system store plus
 * lc->ca_file, and records one Monitoring event per endpoint.  The
 * results go to *out (free with probe_results_free), *nout of them; an
 * unreachable endpoint is a result, not a failure.  lc_cert_probe_as
 * sends sni (NULL: the default) and verifies the chain for it. */
enum rc lc_cert_probe(struct lc *lc, const char *name,
		      const char *const *endpoints, size_t n,
		      struct probe_result **out, size_t *nout, struct err *e);
enum rc lc_cert_probe_as(struct lc *lc, const char *name, const char *sni,
			 const char *const *endpoints, size_t n,
			 struct probe_result **out, size_t *nout,
			 struct err *e);

/* ---- events (event.c) ---- */

/* Records one event (and reports it through lc->progress) at stage,
 * stored and reported by its name (lc_stage_name).  cert_id and
 * account_id may be 0.  The message is formatted and sanitized here. */
enum rc lc_event(struct lc *lc, int64_t cert_id, int64_t account_id,
		 const char *subject, enum lc_stage stage, const char *level,
		 const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* ---- shared solver listeners (pool.c) ---- */

/* A pool of solvers shared by the threads of one process, so parallel
 * orders use one standalone listener per address and port.  NULL on
 * out of memory.  Free with lc_pool_free() after every user is done. */
struct lc_pool *lc_pool_new(void);
void lc_pool_free(struct lc_pool *p);

#endif
