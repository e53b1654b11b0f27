/* SPDX-License-Identifier: ISC */
/* validate.c - answer the CA's challenges for one order. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acme/authz.h"
#include "acme/client.h"
#include "acme/jws.h"
#include "acme/order.h"
#include "db/store_certs.h"
#include "diagnose/explain.h"
#include "db/store_orders.h"
#include "lifecycle/client.h"
#include "lifecycle/fault.h"
#include "lifecycle/lc.h"
#include "lifecycle/pool.h"
#include "lifecycle/validate.h"
#include "solvers/from_domain.h"
#include "util/clock.h"

/* After this long without a result, a challenge answered by an earlier
 * run is answered again (the CA may never have received it). */
#define VALIDATE_ANSWER_AGAIN_S 600
/* How long a resumed run waits for an earlier run's answer to be
 * validated before answering again (Pebble's slowest test setting
 * validates within 2 s; an answer lost with a killed run costs this). */
#define VALIDATE_REANSWER_WAIT_MS 3000

/* One authorization of the order and what answers it. */
struct pending {
	struct acme_authz authz;
	struct acme_challenge *ch; /* borrowed from authz: look it up
					 * again after authz is refetched */
	const char *type;	   /* the challenge type answered */
	struct solver *solver;	   /* borrowed from the pool */
	char *token;		   /* copy: outlives refetches */
	char *key_authz;
	char name[260]; /* "*.x" for wildcards */
	int presented;
};

/* The inventory domain an authorization is for, or NULL. */
static const struct domain_row *find_domain(const struct cert_row *c,
					    const char *name)
{
	size_t i;

	for (i = 0; i < c->n_domains; i++)
		if (strcmp(c->domains[i].name, name) == 0)
			return &c->domains[i];
	return NULL;
}

/* The thread's current certificate, for DNS progress lines: solvers are
 * shared across orders, so their callback cannot carry it. */
static __thread struct lc *progress_lc;
static __thread const struct cert_row *progress_cert;

/* DNS-01 propagation and hook output become events of the certificate
 * being validated on this thread. */
static void dns_progress(void *arg, const char *message)
{
	(void)arg;
	if (progress_lc != NULL && progress_cert != NULL)
		lc_event(progress_lc, progress_cert->id, 0, progress_cert->name,
			 LC_STAGE_VALIDATION, "info", "%s", message);
}

/* The solver settings of a domain: the shared mapping, plus what this
 * run adds (its DNS wait and hook bound where the domain sets none, and
 * progress events). */
static enum rc solver_config_for(const struct lc *lc,
				 const struct domain_row *d,
				 struct solver_config *cfg, struct err *e)
{
	enum rc rc;

	rc = solver_config_from_domain(d, lc->dns_resolver, cfg, e);
	if (rc != RC_OK || d->method != DOM_METHOD_DNS01)
		return rc;
	if (cfg->dns_wait_ms == 0)
		cfg->dns_wait_ms = (int)lc->dns_wait_ms;
	cfg->dns_hook_timeout_ms = (int)lc->dns_hook_timeout_ms;
	cfg->dns_progress = dns_progress;
	return RC_OK;
}

/* Records an authorization's state in the inventory (not for a dry
 * run's order, which is not stored: order_id 0). */
static void remember(struct lc *lc, int64_t order_id, const struct pending *p)
{
	struct authz_row row = { 0 };

	if (order_id == 0 || lc->dry_run)
		return;
	row.order_id = order_id;
	row.url = p->authz.url;
	row.identifier = (char *)p->name;
	row.wildcard = p->authz.wildcard;
	row.status = authz_status_parse(acme_status_name(p->authz.status));
	if (row.status == AUTHZ__INVALID)
		row.status = AUTHZ_PENDING;
	if (p->ch != NULL) {
		row.challenge_type = p->ch->type;
		row.challenge_url = p->ch->url;
		row.token = p->ch->token;
	}
	store_authz_upsert(lc->st, &row, NULL);
}

/* The challenge types an authorization offers, for an error message. */
static void offered_types(const struct acme_authz *a, char *out, size_t sz)
{
	size_t i, o = 0;

	out[0] = '\0';
	for (i = 0; i < a->n_chals && o < sz; i++)
		o += (size_t)snprintf(out + o, sz - o, "%s%s", i ? ", " : "",
				      a->chals[i].type);
}

/* The certificate's names, comma-separated (certbot's
 * CERTBOT_ALL_DOMAINS), into buf. */
static const char *all_names(const struct cert_row *c, char *buf, size_t size)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < c->n_domains && o < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%s%s", i ? "," : "",
				      c->domains[i].name);
	return buf;
}

/* Prepares one pending authorization: picks its challenge and presents
 * the response; remaining: the authorizations of the order after it. */
static enum rc present(struct lc *lc, const struct cert_row *c,
		       struct lc_session *s, struct pending *p, int remaining,
		       struct err *e)
{
	const struct domain_row *d = find_domain(c, p->name);
	struct solver_config cfg;
	struct solver_task task = { 0 };
	char offered[200], names[CERT_MAX_DOMAINS * 254];
	enum rc rc;

	if (d == NULL)
		return err_set(e, RC_PROTO,
			       _("the CA asked to validate '%s', "
				 "which is not in certificate "
				 "'%s'"),
			       p->name, c->name);
	if (p->authz.wildcard && d->method != DOM_METHOD_DNS01)
		return err_set(e, RC_USAGE,
			       _("%s: wildcard names can only be "
				 "validated with dns-01"),
			       p->name);
	rc = solver_config_for(lc, d, &cfg, e);
	if (rc != RC_OK)
		return rc;
	p->type = dom_method_name(d->method);
	p->ch = acme_authz_challenge(&p->authz, p->type);
	if (p->ch == NULL || p->ch->token == NULL) {
		offered_types(&p->authz, offered, sizeof(offered));
		return err_set(e, RC_CA,
			       _("%s: the CA offers no %s challenge "
				 "(it offers: %s)"),
			       p->name, dom_method_name(d->method), offered);
	}
	p->solver = lc_pool_get(lc->pool, &cfg, e);
	if (p->solver == NULL)
		return e->rc;
	p->token = strdup(p->ch->token);
	if (p->token == NULL)
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	p->key_authz = jws_key_authorization(p->token, s->key, e);
	if (p->key_authz == NULL)
		return e->rc;
	task.identifier = p->name;
	task.token = p->token;
	task.key_authorization = p->key_authz;
	task.all_domains = all_names(c, names, sizeof(names));
	task.remaining = remaining;
	rc = solver_present(p->solver, &task, e);
	if (rc != RC_OK)
		return err_prefix(e, p->name);
	p->presented = 1;
	return RC_OK;
}

/* 1 when kind's response outlives this process (a file, a DNS record),
 * 0 for the built-in responders, which die with the run. */
static int outlives_run(enum solver_kind kind)
{
	return kind != SOLVER_HTTP01_STANDALONE && kind != SOLVER_TLSALPN01;
}

/* Leaves what present() made available in place for the next run. */
static void leave(struct pending *p)
{
	struct solver_task task;

	task.identifier = p->name;
	task.token = p->token;
	task.key_authorization = p->key_authz;
	solver_leave(p->solver, &task);
	p->presented = 0;
}

/* Removes what present() made available. */
static void withdraw(struct pending *p)
{
	struct solver_task task = { 0 };
	struct err ignored = { 0 };

	if (!p->presented)
		return;
	task.identifier = p->name;
	task.token = p->token;
	task.key_authorization = p->key_authz;
	solver_cleanup(p->solver, &task, &ignored);
	p->presented = 0;
}

/* Fetches every authorization; presents responses for pending ones.
 * *todo gets how many need the CA to validate. */
static enum rc prepare_all(struct lc *lc, const struct cert_row *c,
			   struct lc_session *s, int64_t order_id,
			   const struct acme_order *o, struct pending *ps,
			   size_t *todo, struct err *e)
{
	enum rc rc;
	size_t i;

	*todo = 0;
	for (i = 0; i < o->n_authz; i++) {
		struct pending *p = &ps[i];

		rc = acme_authz_fetch(s->client, o->authz_urls[i], &p->authz,
				      e);
		if (rc != RC_OK)
			return rc;
		snprintf(p->name, sizeof(p->name), "%s%s",
			 p->authz.wildcard ? "*." : "", p->authz.ident.value);
		remember(lc, order_id, p);
		if (p->authz.status == ST_VALID) {
			lc_event(lc, c->id, 0, c->name, LC_STAGE_VALIDATION,
				 "info",
				 _("%s: authorization already valid (reused "
				   "or pre-validated), no challenge needed"),
				 p->name);
			continue;
		}
		if (p->authz.status != ST_PENDING)
			return err_set(e, RC_CA, _("%s: authorization is %s"),
				       p->name,
				       acme_status_name(p->authz.status));
		rc = present(lc, c, s, p, (int)(o->n_authz - i - 1), e);
		if (rc != RC_OK)
			return rc;
		remember(lc, order_id, p);
		(*todo)++;
	}
	return RC_OK;
}

/* Waits until every presented response is visible (DNS propagation). */
static enum rc make_ready(struct pending *ps, size_t n, struct err *e)
{
	enum rc rc;
	size_t i, j;

	for (i = 0; i < n; i++) {
		int seen = 0;

		if (!ps[i].presented)
			continue;
		for (j = 0; j < i; j++)
			if (ps[j].presented && ps[j].solver == ps[i].solver)
				seen = 1;
		if (seen)
			continue;
		rc = solver_ready(ps[i].solver, e);
		if (rc != RC_OK)
			return rc;
	}
	return RC_OK;
}

/* How domain d answers its challenge, as the explanation compares it
 * with what the CA did (d NULL: only the method is known). */
static void setup_of(const struct domain_row *d, const char *type,
		     struct explain_setup *how)
{
	how->method = type;
	how->mode = EXPLAIN_MODE_UNKNOWN;
	how->port = 0;
	if (d == NULL)
		return;
	if (d->method == DOM_METHOD_HTTP01 && d->webroot != NULL) {
		how->mode = EXPLAIN_MODE_WEBROOT;
	} else if (d->method == DOM_METHOD_HTTP01) {
		how->mode = EXPLAIN_MODE_STANDALONE;
		how->port = d->http_port;
	} else if (d->method == DOM_METHOD_TLSALPN01) {
		how->mode = EXPLAIN_MODE_STANDALONE;
		how->port = d->tls_port;
	}
}

/* Adds the most likely cause of a failed challenge, in words an operator
 * can act on, to the CA's own reason in *pe: built from what the CA
 * says it dialled and how certificate c's name is set up here. */
static void explain_failure(const struct cert_row *c, const struct pending *p,
			    struct err *pe)
{
	struct explain_setup how;
	char why[EXPLAIN_MAX];
	size_t n;

	setup_of(find_domain(c, p->name), p->type, &how);
	if (p->ch == NULL || !p->ch->has_error ||
	    !explain_with_setup(p->ch->error.type, p->ch->error.detail, &how,
				why, sizeof(why)))
		return;
	/* Cut to what is left of the one-line detail. */
	n = strlen(pe->msg);
	if (n + 4 < sizeof(pe->msg))
		snprintf(pe->msg + n, sizeof(pe->msg) - n, " (%.*s)",
			 (int)(sizeof(pe->msg) - n - 4), why);
}

/* 1 when an earlier run answered p's challenge less than
 * VALIDATE_ANSWER_AGAIN_S ago: the CA is still validating it, and a
 * second answer would start a second validation (Pebble does) that can
 * fail late, after the response is gone, and make the order invalid. */
static int answered_recently(struct lc *lc, int64_t order_id,
			     const struct pending *p)
{
	int64_t at;

	if (order_id == 0 || lc->dry_run)
		return 0;
	at = store_authz_responded_at(lc->st, order_id, p->authz.url);
	return at != 0 && time(NULL) - at < VALIDATE_ANSWER_AGAIN_S;
}

/* 1 when p's challenge needs an answer from this run: never answered,
 * or answered by an earlier run and still pending after waiting up to
 * VALIDATE_REANSWER_WAIT_MS for the CA to finish that validation (the
 * earlier run may have died before its answer was sent). */
static int still_unanswered(struct lc *lc, struct lc_session *s,
			    int64_t order_id, struct pending *p,
			    long long deadline_ms)
{
	struct err ignored = { 0 };
	long long left = deadline_ms - mono_ms();

	if (!answered_recently(lc, order_id, p))
		return 1;
	if (left > VALIDATE_REANSWER_WAIT_MS)
		left = VALIDATE_REANSWER_WAIT_MS;
	if (acme_authz_poll(s->client, &p->authz, left > 0 ? (long)left : 1,
			    &ignored) != RC_PENDING) {
		/* Decided (the poll below reports it) or not asked. */
		p->ch = acme_authz_challenge(&p->authz, p->type);
		return 0;
	}
	p->ch = acme_authz_challenge(&p->authz, p->type);
	return p->ch != NULL && p->ch->status == ST_PENDING;
}

/* Tells the CA to validate each presented challenge, then polls each
 * authorization to its end.  Every failure is recorded as an event; the
 * first one is returned. */
static enum rc answer_all(struct lc *lc, const struct cert_row *c,
			  struct lc_session *s, int64_t order_id,
			  struct pending *ps, size_t n, long long deadline_ms,
			  struct err *e)
{
	enum rc rc = RC_OK, one;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!ps[i].presented || ps[i].ch->status != ST_PENDING ||
		    !still_unanswered(lc, s, order_id, &ps[i], deadline_ms))
			continue;
		if (order_id != 0 && !lc->dry_run &&
		    store_authz_set_responded(lc->st, order_id, ps[i].authz.url,
					      time(NULL), e) != RC_OK)
			return err_prefix(e, ps[i].name);
		one = acme_challenge_respond(s->client, ps[i].ch, e);
		if (one != RC_OK)
			return err_prefix(e, ps[i].name);
	}
	fault_point("after-respond");
	for (i = 0; i < n; i++) {
		struct err pe = { 0 };
		long long left = deadline_ms - mono_ms();

		if (!ps[i].presented)
			continue;
		one = acme_authz_poll(s->client, &ps[i].authz,
				      left > 0 ? left : 1, &pe);
		/* The poll refetched the authorization. */
		ps[i].ch = acme_authz_challenge(&ps[i].authz, ps[i].type);
		remember(lc, order_id, &ps[i]);
		if (one == RC_OK)
			continue;
		explain_failure(c, &ps[i], &pe);
		lc_event(lc, c->id, 0, c->name, LC_STAGE_VALIDATION,
			 one == RC_PENDING ? "warn" : "error", "%s",
			 err_text(&pe));
		if (rc == RC_OK) {
			rc = one;
			err_set(e, pe.rc, "%s", err_text(&pe));
		}
	}
	return rc;
}

enum rc lc_validate(struct lc *lc, const struct cert_row *c,
		    struct lc_session *s, int64_t order_id,
		    const struct acme_order *o, long long deadline_ms,
		    struct err *e)
{
	struct pending *ps;
	size_t i, todo = 0;
	enum rc rc;

	ps = calloc(o->n_authz ? o->n_authz : 1, sizeof(*ps));
	if (ps == NULL)
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	progress_lc = lc;
	progress_cert = c;
	rc = prepare_all(lc, c, s, order_id, o, ps, &todo, e);
	if (rc != RC_OK || todo == 0)
		goto out;
	rc = make_ready(ps, o->n_authz, e);
	if (rc != RC_OK)
		goto out;
	lc_event(lc, c->id, 0, c->name, LC_STAGE_VALIDATION, "info",
		 _("asking the CA to validate %zu of %zu names"), todo,
		 o->n_authz);
	rc = answer_all(lc, c, s, order_id, ps, o->n_authz, deadline_ms, e);
	if (rc == RC_OK)
		lc_event(lc, c->id, 0, c->name, LC_STAGE_VALIDATION, "info",
			 _("%zu/%zu authorizations valid"), o->n_authz,
			 o->n_authz);
out:
	for (i = 0; i < o->n_authz; i++) {
		/* Out of time while the CA validates: a response it may
		 * still read stays (file or record) for the next run, which
		 * resumes the order and removes it afterwards; removing it
		 * now could fail the validation and the order with it. */
		if (rc == RC_PENDING && order_id != 0 && ps[i].presented &&
		    ps[i].authz.status == ST_PENDING &&
		    outlives_run(solver_kind_of(ps[i].solver)))
			leave(&ps[i]);
		withdraw(&ps[i]);
		free(ps[i].key_authz);
		free(ps[i].token);
		acme_authz_clear(&ps[i].authz);
	}
	free(ps);
	progress_lc = NULL;
	progress_cert = NULL;
	return rc;
}

enum rc lc_withdraw_stored(struct lc *lc, const struct cert_row *c,
			   struct lc_session *s, int64_t order_id,
			   struct err *e)
{
	struct authz_row *rows = NULL;
	size_t n = 0, i;
	enum rc rc;

	rc = store_authz_list(lc->st, order_id, &rows, &n, e);
	if (rc != RC_OK)
		return rc;
	for (i = 0; i < n; i++) {
		const struct domain_row *d = find_domain(c, rows[i].identifier);
		struct solver_config cfg;
		struct solver_task task = { 0 };
		struct solver *sv;
		struct err ignored = { 0 };
		char *ka;

		/* Built-in responders died with the run; files and DNS
		 * records outlive it. */
		if (d == NULL || rows[i].token == NULL ||
		    solver_config_for(lc, d, &cfg, &ignored) != RC_OK ||
		    !outlives_run(cfg.kind))
			continue;
		sv = lc_pool_get(lc->pool, &cfg, &ignored);
		ka = jws_key_authorization(rows[i].token, s->key, &ignored);
		if (sv != NULL && ka != NULL) {
			task.identifier = rows[i].identifier;
			task.token = rows[i].token;
			task.key_authorization = ka;
			solver_cleanup(sv, &task, &ignored);
		}
		free(ka);
	}
	authz_rows_free(rows, n);
	return RC_OK;
}
