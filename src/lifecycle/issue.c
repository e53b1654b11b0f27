/* SPDX-License-Identifier: ISC */
/* issue.c - obtain a certificate: order (or resume), validate, finalize,
 * download, check and store.  Each step leaves the inventory in a state
 * the next run can resume from. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acme/client.h"
#include "acme/directory.h"
#include "acme/order.h"
#include "acme/certificate.h"
#include "acme/problem.h"
#include "crypto/cert.h"
#include "crypto/csr.h"
#include "crypto/key.h"
#include "db/store.h"
#include "db/store_accounts.h"
#include "db/store_certs.h"
#include "db/store_intents.h"
#include "db/store_orders.h"
#include "lifecycle/client.h"
#include "lifecycle/deploy.h"
#include "lifecycle/fault.h"
#include "lifecycle/lc.h"
#include "lifecycle/ratelimit.h"
#include "lifecycle/recover.h"
#include "lifecycle/renewal_info.h"
#include "lifecycle/retry.h"
#include "lifecycle/validate.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/utctime.h"

/* One issuance: everything it works with; released by job_clear(). */
struct issue_run {
	struct lc *lc;
	struct cert_row cert;
	struct acct_row acct;
	struct lc_session s;
	struct order_row orow; /* the stored order (id 0: none) */
	struct acme_order order;
	struct acme_ident *idents;
	char *ident_key; /* sorted names, comma-joined */
	long long deadline_ms;
	enum lc_issue_mode mode;
	int withdraw_after_validation; /* resumed pending order */
};

static void job_clear(struct issue_run *j)
{
	size_t i;

	for (i = 0; j->idents != NULL && i < j->cert.n_domains; i++)
		free(j->idents[i].value);
	free(j->idents);
	free(j->ident_key);
	acme_order_clear(&j->order);
	order_row_clear(&j->orow);
	lc_session_end(&j->s);
	acct_row_clear(&j->acct);
	cert_row_clear(&j->cert);
}

/* Builds the identifiers of the order and the sorted key that tells
 * whether a stored order still matches the certificate's names. */
static enum rc job_idents(struct issue_run *j, struct err *e)
{
	size_t i, n = j->cert.n_domains;
	const char **names;

	if (n == 0)
		return err_set(e, RC_INPUT,
			       _("certificate '%s' has no "
				 "domains"),
			       j->cert.name);
	j->idents = calloc(n, sizeof(*j->idents));
	names = calloc(n, sizeof(*names));
	if (j->idents == NULL || names == NULL) {
		free(names);
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	}
	for (i = 0; i < n; i++) {
		j->idents[i].type = j->cert.domains[i].ident_type ==
						    DOM_IDENT_IP
					    ? IDENT_IP
					    : IDENT_DNS;
		j->idents[i].value = strdup(j->cert.domains[i].name);
		names[i] = j->cert.domains[i].name;
	}
	j->ident_key = lc_ident_key(names, n);
	free(names);
	for (i = 0; i < n; i++)
		if (j->idents[i].value == NULL)
			return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	return j->ident_key ? RC_OK
			    : err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
}

/* Sets the certificate's stage and records the event, in one
 * transaction. */
static enum rc transition(struct issue_run *j, enum cert_stage stage,
			  enum cert_status status, const char *level,
			  const char *msg, struct err *e)
{
	struct lc *lc = j->lc;
	enum rc rc;

	rc = store_begin(lc->st, e);
	if (rc != RC_OK)
		return rc;
	rc = store_cert_set_state(lc->st, j->cert.id, stage, status, e);
	if (rc == RC_OK)
		rc = lc_event(lc, j->cert.id, 0, j->cert.name,
			      lc_stage_of_cert(stage), level, "%s", msg);
	if (rc == RC_OK)
		rc = store_commit(lc->st, e);
	else
		store_rollback(lc->st);
	return rc;
}

/* Checks the certificate's profile against what the CA offers. */
static enum rc check_profile(struct issue_run *j, struct err *e)
{
	const struct acme_directory *d = acme_client_directory(j->s.client);
	char list[400];
	size_t i, o = 0;

	if (j->cert.profile == NULL || j->cert.profile[0] == '\0')
		return RC_OK;
	if (directory_profile(d, j->cert.profile) != NULL)
		return RC_OK;
	if (d->n_profiles == 0)
		return err_set(e, RC_USAGE,
			       _("profile '%s' requested, but the "
				 "CA offers no profiles"),
			       j->cert.profile);
	list[0] = '\0';
	for (i = 0; i < d->n_profiles && o < sizeof(list); i++)
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s",
				      i ? ", " : "", d->profiles[i].name);
	return err_set(e, RC_USAGE,
		       _("the CA does not offer profile '%s' "
			 "(it offers: %s)"),
		       j->cert.profile, list);
}

/* Stores the order's status (and certificate URL) as the CA last
 * reported it, so that the inventory never lags the CA. */
static void sync_status(struct issue_run *j)
{
	if (j->orow.id == 0)
		return;
	store_order_set_status(
		j->lc->st, j->orow.id,
		order_status_parse(acme_status_name(j->order.status)),
		j->order.cert_url, NULL, NULL);
}

/* Gives up the stored order, with an event that says why and whether
 * the CA may have issued a certificate on it (finalize was sent). */
static void abandon_order(struct issue_run *j, const char *why)
{
	struct lc *lc = j->lc;

	if (j->orow.finalize_at != 0)
		lc_event(lc, j->cert.id, 0, j->cert.name, LC_STAGE_REQUEST,
			 "warn",
			 _("order %s abandoned: %s; finalize had been sent, "
			   "so the CA may have issued a certificate on it"),
			 j->orow.url, why);
	else
		lc_event(lc, j->cert.id, 0, j->cert.name, LC_STAGE_REQUEST,
			 "warn",
			 _("order %s abandoned: %s; finalize was never "
			   "sent, so the CA issued nothing on it"),
			 j->orow.url, why);
	store_order_abandon(lc->st, j->orow.id, why, NULL);
}

/* 1 when the CA's problem for the last request says the CA itself is
 * in trouble (5xx): the order may be fine, so it is not given up. */
static int ca_trouble(const struct issue_run *j)
{
	const struct acme_problem *p = acme_client_problem(j->s.client);

	return p != NULL && p->status >= 500;
}

/* Picks up the stored open order after asking the CA for its state.
 * Returns RC_OK with j->order loaded, RC_NOTFOUND when a new order is
 * needed (the stored one is abandoned, with the reason), another code
 * when the CA could not be asked (do not order twice). */
static enum rc resume_order(struct issue_run *j, struct err *e)
{
	struct lc *lc = j->lc;
	struct err fe = { 0 };
	char why[600];
	enum rc rc;

	rc = store_order_get_open(lc->st, j->cert.id, &j->orow, NULL);
	if (rc != RC_OK) {
		order_row_clear(&j->orow);
		return RC_NOTFOUND;
	}
	if (j->orow.account_id != j->acct.id ||
	    strcmp(j->orow.identifiers ? j->orow.identifiers : "",
		   j->ident_key) != 0) {
		abandon_order(j, _("the certificate's names or account "
				   "changed"));
		goto fresh;
	}
	rc = acme_order_fetch(j->s.client, j->orow.url, &j->order, &fe);
	if (rc != RC_OK && (rc != RC_CA || ca_trouble(j))) {
		/* The CA could not be asked: do not order twice. */
		err_set(e, fe.rc, "%s", err_text(&fe));
		return rc;
	}
	if (rc == RC_OK && j->orow.key_pem == NULL &&
	    (j->order.status == ST_PROCESSING || j->order.status == ST_VALID)) {
		/* Finalized with a key this inventory no longer has. */
		snprintf(why, sizeof(why),
			 _("the CA says it is %s, but the "
			   "key of its request is not in "
			   "the inventory"),
			 acme_status_name(j->order.status));
		sync_status(j);
		abandon_order(j, why);
		goto fresh_order;
	}
	if (rc == RC_OK && j->order.status != ST_INVALID &&
	    j->order.status != ST__UNKNOWN) {
		sync_status(j);
		lc_event(lc, j->cert.id, 0, j->cert.name, LC_STAGE_REQUEST,
			 "info", _("resuming order %s (%s)"), j->orow.url,
			 acme_status_name(j->order.status));
		/* A killed run may have left challenge files behind.  While
		 * the order is pending the CA may still be reading them:
		 * they go after this run's validation. */
		if (j->order.status == ST_PENDING)
			j->withdraw_after_validation = 1;
		else
			lc_withdraw_stored(lc, &j->cert, &j->s, j->orow.id,
					   NULL);
		return RC_OK;
	}
	if (rc == RC_OK && j->order.has_error)
		snprintf(why, sizeof(why), _("it can no longer complete (%s)"),
			 j->order.error.summary);
	else if (rc == RC_OK)
		snprintf(why, sizeof(why),
			 _("it can no longer complete (the "
			   "CA says it is %s)"),
			 acme_status_name(j->order.status));
	else
		snprintf(why, sizeof(why), _("the CA refuses it (%s)"),
			 err_text(&fe));
	if (rc == RC_OK)
		sync_status(j);
	abandon_order(j, why);
fresh_order:
	acme_order_clear(&j->order);
fresh:
	order_row_clear(&j->orow);
	return RC_NOTFOUND;
}

/* Creates a new order and records it (stage Validation). */
static enum rc new_order(struct issue_run *j, struct err *e)
{
	struct lc *lc = j->lc;
	const char *replaces = NULL;
	char msg[1024];
	int64_t id = 0;
	enum rc rc;

	rc = check_profile(j, e);
	if (rc != RC_OK)
		return rc;
	if (j->mode != LC_ISSUE && j->cert.ari_id != NULL &&
	    acme_client_directory(j->s.client)->renewal_info != NULL)
		replaces = j->cert.ari_id;
	/* Committed before the request: if this run dies before the CA's
	 * answer is recorded, the next one looks for the order. */
	rc = store_intent_set(lc->st, j->cert.id, j->acct.id, j->ident_key, e);
	if (rc != RC_OK)
		return rc;
	rc = acme_order_new(j->s.client, j->idents, j->cert.n_domains,
			    j->cert.profile, replaces, &j->order, e);
	if (rc == RC_CA && replaces != NULL) {
		/* alreadyReplaced and friends: order without the hint. */
		err_clear(e);
		rc = acme_order_new(j->s.client, j->idents, j->cert.n_domains,
				    j->cert.profile, NULL, &j->order, e);
		replaces = NULL;
	}
	if (rc == RC_CA || rc == RC_RATELIMIT || rc == RC_INPUT)
		store_intent_clear(lc->st, j->cert.id, NULL); /* refused */
	if (rc != RC_OK)
		return rc;
	fault_point("neworder-answered");
	j->orow.cert_id = j->cert.id;
	j->orow.account_id = j->acct.id;
	j->orow.url = strdup(j->order.url);
	j->orow.status = order_status_parse(acme_status_name(j->order.status));
	j->orow.identifiers = strdup(j->ident_key);
	j->orow.finalize_url = j->order.finalize_url
				       ? strdup(j->order.finalize_url)
				       : NULL;
	j->orow.replaces = replaces ? strdup(replaces) : NULL;
	j->orow.expires_at = j->order.expires;
	if (j->orow.url == NULL || j->orow.identifiers == NULL)
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	rc = store_begin(lc->st, e);
	if (rc != RC_OK)
		return rc;
	rc = store_order_insert(lc->st, &j->orow, &id, e);
	if (rc == RC_OK)
		rc = store_intent_clear(lc->st, j->cert.id, e);
	if (rc == RC_OK)
		rc = store_cert_set_state(lc->st, j->cert.id,
					  CERT_STAGE_VALIDATION,
					  CERT_STATUS_RUNNING, e);
	snprintf(msg, sizeof(msg), _("new order for %s: %s"), j->ident_key,
		 j->order.url);
	if (rc == RC_OK)
		rc = lc_event(lc, j->cert.id, 0, j->cert.name, LC_STAGE_REQUEST,
			      "info", "%s", msg);
	if (rc == RC_OK)
		rc = store_commit(lc->st, e);
	else
		store_rollback(lc->st);
	j->orow.id = id;
	if (rc == RC_OK)
		fault_point("after-neworder");
	return rc;
}

/* The key of the order's CSR, from the stored order. */
static EVP_PKEY *stored_order_key(struct issue_run *j, struct err *e)
{
	if (j->orow.key_pem == NULL) {
		err_set(e, RC_PROTO,
			_("order %s was finalized but its key "
			  "is not in the inventory"),
			j->orow.url);
		return NULL;
	}
	return key_from_pem(j->orow.key_pem, strlen(j->orow.key_pem), e);
}

/* Milliseconds left of the run's wait (at least 1). */
static long left_ms(const struct issue_run *j)
{
	long long left = j->deadline_ms - mono_ms();

	return left > 0 ? (long)left : 1;
}

/* After finalize was refused with orderNotReady: drive_order finalizes
 * as soon as every authorization is valid (RFC 8555 7.1.6: the order is
 * then "ready") without asking the CA for the order first, one request
 * less per issuance.  A CA whose order state lags behind its
 * authorizations says so; then the order is polled until it is ready and
 * finalized once more (or, already processing, left to the poll after
 * finalize). */
static enum rc finalize_when_ready(struct issue_run *j,
				   const unsigned char *csr, size_t len,
				   struct err *e)
{
	const unsigned after_ready = ST_BIT(ST_READY) | ST_BIT(ST_PROCESSING) |
				     ST_BIT(ST_VALID);
	enum rc rc;

	err_clear(e);
	rc = acme_order_fetch(j->s.client, j->order.url, &j->order, e);
	if (rc == RC_OK)
		rc = acme_order_poll(j->s.client, &j->order, after_ready,
				     left_ms(j), e);
	if (rc == RC_OK && j->order.status == ST_READY)
		rc = acme_order_finalize(j->s.client, &j->order, csr, len, e);
	return rc;
}

/* Finalizes a ready order with a CSR whose key is stored first, so that a
 * crash after this point still ends with a usable certificate. */
static enum rc finalize(struct issue_run *j, EVP_PKEY **key, struct err *e)
{
	struct lc *lc = j->lc;
	const char **names = NULL;
	unsigned char *csr = NULL;
	enum key_type kt;
	char *pem = NULL;
	size_t i, len = 0;
	enum rc rc;

	if (j->orow.key_pem != NULL) {
		/* A run that stored the key may have died before finalize
		 * reached the CA: keep using that key. */
		*key = stored_order_key(j, e);
		if (*key == NULL) {
			rc = e->rc;
			goto out;
		}
	} else {
		kt = key_type_parse(j->cert.key_type ? j->cert.key_type
						     : "ec256");
		*key = key_generate(kt == KEY__INVALID ? KEY_EC256 : kt, e);
		pem = *key ? key_to_pem(*key, e) : NULL;
		if (pem == NULL) {
			rc = e->rc;
			goto out;
		}
		rc = store_order_set_key(lc->st, j->orow.id, pem, e);
		if (rc != RC_OK)
			goto out;
	}
	names = calloc(j->cert.n_domains, sizeof(*names));
	if (names == NULL) {
		rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		goto out;
	}
	for (i = 0; i < j->cert.n_domains; i++)
		names[i] = j->cert.domains[i].name;
	csr = csr_build_der(*key, names, j->cert.n_domains, &len, e);
	if (csr == NULL) {
		rc = e->rc;
		goto out;
	}
	rc = transition(j, CERT_STAGE_ISSUANCE, CERT_STATUS_RUNNING, "info",
			_("all names validated; finalizing with a new key"), e);
	if (rc != RC_OK)
		goto out;
	rc = acme_order_finalize(j->s.client, &j->order, csr, len, e);
	if (rc == RC_CA &&
	    problem_is(acme_client_problem(j->s.client), "orderNotReady"))
		rc = finalize_when_ready(j, csr, len, e);
	if (rc == RC_OK) {
		fault_point("after-finalize");
		sync_status(j);
	}
out:
	free(csr);
	free(names);
	secret_free(pem);
	return rc;
}

/* Formats t as "YYYY-MM-DD HH:MM UTC" into out (utc_text: gmtime_r, as
 * jobs run on worker threads, where gmtime's result would be shared). */
static void fmt_utc(char *out, size_t len, time_t t)
{
	if (utc_text(t, UTC_MINUTE, out, len) == NULL)
		snprintf(out, len, "%lld", (long long)t);
}

/* Downloads the certificate of a valid order, checks it against the key
 * and the names, and stores it with the order's completion and an event
 * in one transaction (stage Monitoring). */
static enum rc collect(struct issue_run *j, EVP_PKEY *key, struct err *e)
{
	struct lc *lc = j->lc;
	struct cert_issued r = { 0 };
	struct cert_info ci = { 0 };
	struct renew_plan plan;
	char **certs = NULL, *pem = NULL, *key_pem = NULL, *chain = NULL;
	const char **names = NULL;
	size_t n = 0, i;
	struct buf b;
	char until[32], from[32];
	int key_match = 0;
	enum rc rc;

	buf_init(&b, 1024 * 1024);
	if (j->order.cert_url == NULL) {
		rc = err_set(e, RC_PROTO,
			     _("order %s is valid but names no "
			       "certificate"),
			     j->order.url);
		goto out;
	}
	rc = acme_cert_download(j->s.client, j->order.cert_url,
				j->cert.preferred_chain, &pem, e);
	if (rc == RC_OK) {
		fault_point("after-download");
		rc = cert_chain_read(pem, strlen(pem), key, &certs, &n, &ci,
				     &key_match, e);
	}
	if (rc != RC_OK)
		goto out;
	if (!key_match) {
		rc = err_set(e, RC_PROTO,
			     _("the CA's certificate does not "
			       "match the key of our CSR"));
		goto out;
	}
	names = calloc(j->cert.n_domains, sizeof(*names));
	for (i = 0; names != NULL && i < j->cert.n_domains; i++)
		names[i] = j->cert.domains[i].name;
	if (names == NULL || !cert_names_equal(&ci, names, j->cert.n_domains)) {
		rc = err_set(e, RC_PROTO,
			     _("the CA's certificate does not "
			       "carry exactly the names "
			       "requested (%s)"),
			     j->ident_key);
		goto out;
	}
	for (i = 1; i < n; i++)
		buf_puts(&b, certs[i]);
	chain = buf_take(&b);
	key_pem = key_to_pem(key, e);
	if (chain == NULL || key_pem == NULL) {
		rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		goto out;
	}
	r.key_pem = key_pem;
	r.cert_pem = certs[0];
	r.chain_pem = chain;
	r.serial = ci.serial;
	r.issuer = ci.issuer;
	r.not_before = ci.not_before;
	r.not_after = ci.not_after;
	r.ari_id = ci.ari_id;
	/* Before the transaction: asking the CA's ARI is network I/O. */
	lc_renew_plan_issued(lc, j->s.client, j->cert.id, j->cert.name,
			     ci.ari_id, (time_t)ci.not_before,
			     (time_t)ci.not_after, &plan);
	r.renew_at = plan.renew_at;
	r.renew_reason = plan.reason;
	r.ari_next_poll = plan.next_poll;
	r.stage = CERT_STAGE_MONITORING;
	r.status = CERT_STATUS_OK;
	fmt_utc(until, sizeof(until), (time_t)ci.not_after);
	fmt_utc(from, sizeof(from), (time_t)r.renew_at);
	rc = store_begin(lc->st, e);
	if (rc != RC_OK)
		goto out;
	rc = store_cert_set_issued(lc->st, j->cert.id, &r, e);
	if (rc == RC_OK)
		rc = store_order_complete(lc->st, j->orow.id, time(NULL),
					  j->order.cert_url, e);
	if (rc == RC_OK)
		rc = lc_event(lc, j->cert.id, 0, j->cert.name,
			      LC_STAGE_ISSUANCE, "info",
			      _("certificate issued: serial %s by %s, valid "
				"until %s, chain of %zu; renewal from %s (%s)"),
			      ci.serial, ci.issuer ? ci.issuer : "?", until,
			      n - 1, from, plan.reason);
	if (rc == RC_OK)
		rc = store_commit(lc->st, e);
	else
		store_rollback(lc->st);
out:
	buf_clear(&b);
	free(names);
	free(chain);
	secret_free(key_pem);
	free(pem);
	pem_certs_free(certs, n);
	cert_info_clear(&ci);
	return rc;
}

/* Records that the CA is still processing: the order stays open and the
 * next run resumes it. */
static enum rc leave_pending(struct issue_run *j, struct err *e)
{
	struct lc *lc = j->lc;
	char msg[512];

	store_order_set_status(
		lc->st, j->orow.id,
		order_status_parse(acme_status_name(j->order.status)), NULL,
		NULL, NULL);
	snprintf(msg, sizeof(msg),
		 _("the CA is still working on order %s (%s); the next run "
		   "resumes it"),
		 j->order.url, acme_status_name(j->order.status));
	store_cert_set_error(lc->st, j->cert.id, msg, NULL);
	lc_event(lc, j->cert.id, 0, j->cert.name,
		 j->order.status == ST_PENDING ? LC_STAGE_VALIDATION
					       : LC_STAGE_ISSUANCE,
		 "warn", "%s", msg);
	err_clear(e);
	return err_set(e, RC_PENDING, "%s", msg);
}

/* Records a failed attempt: why, the stage it leaves the certificate in,
 * when the batch may try again (exponential backoff, or the CA's
 * Retry-After), and gives up an order the CA declared invalid. */
static void record_failure(struct issue_run *j, enum rc rc, const struct err *e)
{
	struct lc *lc = j->lc;
	int64_t now = time(NULL), retry;
	int fails = j->cert.fail_count + 1;
	enum cert_stage stage;

	if (j->cert.id == 0)
		return;
	retry = lc_retry_at(fails, now);
	if (rc == RC_RATELIMIT && j->s.client != NULL &&
	    acme_client_not_before(j->s.client) > retry)
		retry = acme_client_not_before(j->s.client);
	stage = j->cert.cert_pem != NULL ? CERT_STAGE_RENEWAL
					 : CERT_STAGE_FAILED;
	if (store_begin(lc->st, NULL) != RC_OK)
		return;
	/* An invalid order can never complete: its key goes (abandon) and
	 * it is recorded as the CA left it, with the reason. */
	if (j->orow.id != 0 && j->order.status == ST_INVALID) {
		store_order_abandon(lc->st, j->orow.id, err_text(e), NULL);
		store_order_set_status(lc->st, j->orow.id, ORDER_INVALID, NULL,
				       err_text(e), NULL);
	}
	store_cert_set_state(lc->st, j->cert.id, stage, CERT_STATUS_ERROR,
			     NULL);
	store_cert_set_error(lc->st, j->cert.id, err_text(e), NULL);
	store_cert_set_retry(lc->st, j->cert.id, retry, fails, NULL);
	lc_event(lc, j->cert.id, 0, j->cert.name, lc_stage_of_cert(stage),
		 "error", "%s", err_text(e));
	if (store_commit(lc->st, NULL) != RC_OK)
		store_rollback(lc->st);
}

/* Asks the CA once for the order's state after it refused a validation:
 * a failed authorization makes the whole order invalid (RFC 8555 7.1.6),
 * and only the CA's word lets record_failure() store it as such.  (Not
 * after network failures: that would wait for a CA that is not there.)
 * A failed request leaves j->order as it was. */
static void refresh_order(struct issue_run *j)
{
	struct acme_order fresh = { 0 };
	struct err ignored = { 0 };

	if (acme_order_fetch(j->s.client, j->order.url, &fresh, &ignored) ==
	    RC_OK) {
		acme_order_clear(&j->order);
		j->order = fresh;
		return;
	}
	acme_order_clear(&fresh);
}

/* Takes the order from its current state to a stored certificate. */
static enum rc drive_order(struct issue_run *j, EVP_PKEY **key, struct err *e)
{
	enum rc rc;

	if (j->order.status == ST_PENDING) {
		rc = lc_validate(j->lc, &j->cert, &j->s, j->orow.id, &j->order,
				 j->deadline_ms, e);
		/* Still validating: the CA may read them yet (validate.h). */
		if (j->withdraw_after_validation && rc != RC_PENDING)
			lc_withdraw_stored(j->lc, &j->cert, &j->s, j->orow.id,
					   NULL);
		if (rc == RC_CA)
			refresh_order(j);
		if (rc != RC_OK)
			return rc;
		/* Every authorization is valid: the order is ready (RFC
		 * 8555 7.1.6).  Finalize without asking for it first; a CA
		 * that lags answers orderNotReady (finalize_when_ready). */
		j->order.status = ST_READY;
	} else if (j->order.status == ST_READY && j->orow.key_pem == NULL) {
		lc_event(j->lc, j->cert.id, 0, j->cert.name,
			 LC_STAGE_VALIDATION, "info",
			 _("all %zu authorizations already valid (reused or "
			   "pre-validated), no challenge needed"),
			 j->order.n_authz);
	}
	if (j->order.status == ST_READY) {
		rc = finalize(j, key, e);
		if (rc != RC_OK)
			return rc;
	}
	if (j->order.status == ST_PROCESSING) {
		rc = acme_order_poll(j->s.client, &j->order, ST_BIT(ST_VALID),
				     left_ms(j), e);
		if (rc != RC_OK)
			return rc;
		sync_status(j);
	}
	if (j->order.status == ST_INVALID && j->order.has_error)
		return err_set(e, RC_CA, _("order %s is invalid: %s"),
			       j->order.url, j->order.error.summary);
	if (j->order.status != ST_VALID)
		return err_set(e, RC_PROTO, _("order %s is %s"), j->order.url,
			       acme_status_name(j->order.status));
	if (*key == NULL)
		*key = stored_order_key(j, e);
	if (*key == NULL)
		return e->rc;
	return collect(j, *key, e);
}

enum rc lc_cert_issue(struct lc *lc, const char *name, enum lc_issue_mode mode,
		      struct err *e)
{
	struct deploy_target target;
	struct issue_run j = { 0 };
	EVP_PKEY *key = NULL;
	enum rc rc;
	int held = 0;

	j.lc = lc;
	j.mode = mode;
	j.deadline_ms = mono_ms() +
			(lc->wait_ms > 0 ? lc->wait_ms : LC_WAIT_DEFAULT_MS);
	rc = store_cert_get_by_name(lc->st, name, &j.cert, e);
	if (rc == RC_OK)
		rc = lc_cert_managed(&j.cert, e);
	if (rc != RC_OK)
		goto out;
	if (mode == LC_ISSUE && j.cert.cert_pem != NULL &&
	    j.cert.stage != CERT_STAGE_REVOKED &&
	    j.cert.not_after > (int64_t)time(NULL)) {
		rc = err_set(e, RC_USAGE,
			     _("certificate '%s' is already "
			       "issued; use 'cert renew %s' for "
			       "a new one"),
			     name, name);
		goto out;
	}
	rc = store_account_get_by_id(lc->st, j.cert.account_id, &j.acct, e);
	if (rc == RC_OK)
		rc = job_idents(&j, e);
	if (rc == RC_OK && j.cert.cert_pem != NULL)
		lc_event(lc, j.cert.id, 0, j.cert.name, LC_STAGE_RENEWAL,
			 "info",
			 _("renewing: current certificate %s expires in %lld "
			   "days"),
			 j.cert.serial ? j.cert.serial : "?",
			 (long long)(j.cert.not_after - time(NULL)) / 86400);
	if (rc == RC_OK)
		rc = lc_session_begin(lc, &j.acct, &j.s, e);
	if (rc == RC_OK) {
		/* Even a forced renewal resumes an order in flight rather
		 * than ordering twice. */
		rc = resume_order(&j, e);
		if (rc == RC_NOTFOUND)
			rc = lc_recover_lost_order(lc, &j.s, &j.cert, j.acct.id,
						   j.ident_key, &j.orow,
						   &j.order, e);
		if (rc == RC_NOTFOUND) {
			rc = lc_ratelimit_check(lc, &j.cert, &j.acct, e);
			held = rc == RC_RATELIMIT;
			if (rc == RC_OK)
				rc = new_order(&j, e);
		}
	}
	if (rc == RC_OK)
		rc = drive_order(&j, &key, e);
	/* Installation: the certificate is stored already; a failed deploy
	 * records itself (Installation/error) and is this command's error,
	 * not a failed issuance. */
	lc_deploy_target(&j.cert, &target);
	if (rc == RC_OK && lc_deploy_target_set(&target))
		rc = lc_cert_deploy(lc, name, e);
	else if (rc == RC_PENDING && j.orow.id != 0)
		rc = leave_pending(&j, e);
	else if (rc != RC_OK && !held)
		record_failure(&j, rc, e); /* a hold-back is no failure */
	if (rc != RC_OK)
		lc_session_failed(lc, &j.s, rc);
out:
	EVP_PKEY_free(key);
	job_clear(&j);
	return rc;
}
