/* SPDX-License-Identifier: ISC */
/* apply.c - stores a migration plan: each certificate with its account
 * in one transaction plus one event, never overwriting anything. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/store_accounts.h"
#include "db/store_certs.h"
#include "db/store_events.h"
#include "lifecycle/renewal_info.h"
#include "lifecycle/schedule.h"
#include "migrate/plan.h"

/* Tries NAME, NAME-2 ... NAME-9 as the new account's name. */
#define MIG_NAME_TRIES 9

/* The id of the inventory account with a's directory and account URL,
 * or 0 when there is none. */
static enum rc find_account(struct store *st, const struct mig_account *a,
			    int64_t *id, struct err *e)
{
	struct acct_row *rows = NULL;
	size_t n = 0, i;
	enum rc rc;

	*id = 0;
	rc = store_account_list(st, &rows, &n, e);
	for (i = 0; rc == RC_OK && i < n && *id == 0; i++)
		if (rows[i].account_url != NULL &&
		    strcmp(rows[i].account_url, a->account_url) == 0 &&
		    strcmp(rows[i].directory_url, a->directory_url) == 0)
			*id = rows[i].id;
	acct_rows_free(rows, n);
	return rc;
}

/* Inserts a as a registered (valid) account under a free name. */
static enum rc insert_account(struct store *st, const struct mig_account *a,
			      int64_t *id, int *created, struct err *e)
{
	struct acct_row row = { 0 };
	char name[MIG_NAME_MAX + 8];
	enum rc rc = RC_EXISTS;
	int i;

	row.directory_url = a->directory_url;
	row.environment = ACCT_ENV_PRODUCTION;
	row.contact = a->contact;
	row.account_url = a->account_url;
	row.key_pem = a->key_pem;
	row.key_type = a->key_type;
	row.status = ACCT_STATUS_VALID;
	for (i = 1; rc == RC_EXISTS && i <= MIG_NAME_TRIES; i++) {
		struct err te = { 0 };

		if (i == 1)
			snprintf(name, sizeof(name), "%s", a->name);
		else
			snprintf(name, sizeof(name), "%s-%d", a->name, i);
		row.name = name;
		rc = store_account_insert(st, &row, id, &te);
		if (rc != RC_OK && rc != RC_EXISTS)
			return err_set(e, rc, "%s", err_text(&te));
	}
	if (rc != RC_OK)
		return err_set(e, RC_EXISTS,
			       _("no free account name like "
				 "'%s'"),
			       a->name);
	*created = 1;
	return RC_OK;
}

/* The stored row with c's settings (borrowed pointers). */
static void cert_row_from(const struct mig_cert *c, int64_t account_id,
			  struct cert_row *row)
{
	memset(row, 0, sizeof(*row));
	row->name = c->name;
	row->account_id = account_id;
	row->key_type = c->key_type;
	row->preferred_chain = c->preferred_chain;
	row->deploy_cert_path = c->deploy_cert_path;
	row->deploy_chain_path = c->deploy_chain_path;
	row->deploy_key_path = c->deploy_key_path;
	row->deploy_fullchain_path = c->deploy_fullchain_path;
	row->reload_cmd = c->reload_cmd;
	row->deploy_dir = c->deploy_dir;
	row->deploy_hook = c->deploy_hook;
	row->pre_hook = c->pre_hook;
	row->post_hook = c->post_hook;
	row->domains = c->doms;
	row->n_domains = c->n_doms;
}

/* The issuance facts of c, scheduled by the lifetime rule now; the
 * batch asks the CA's ARI at its next run when the certificate has an
 * ARI id (no network I/O here). */
static void issued_from(const struct mig_cert *c, struct renew_plan *plan,
			struct cert_issued *r)
{
	time_t now = time(NULL);

	renew_plan_choose(0, RC_OK, NULL, c->ci.not_before, c->ci.not_after, 0,
			  now, schedule_random(), plan);
	memset(r, 0, sizeof(*r));
	r->key_pem = c->key_pem;
	r->cert_pem = c->cert_pem;
	r->chain_pem = c->chain_pem;
	r->serial = c->ci.serial;
	r->issuer = c->ci.issuer;
	r->not_before = (int64_t)c->ci.not_before;
	r->not_after = (int64_t)c->ci.not_after;
	r->ari_id = c->ci.ari_id;
	r->renew_at = (int64_t)plan->renew_at;
	r->renew_reason = plan->reason;
	r->ari_next_poll = c->ci.ari_id != NULL ? (int64_t)now : 0;
	r->stage = CERT_STAGE_MONITORING;
	r->status = CERT_STATUS_OK;
}

/* Inserts c (its account already resolved) and its event. */
static enum rc insert_cert(struct store *st, struct mig_plan *p,
			   const struct mig_cert *c, int64_t account_id,
			   struct err *e)
{
	struct cert_issued r;
	struct renew_plan plan;
	struct cert_row row;
	char msg[1024];
	enum rc rc;
	int64_t id = 0;

	cert_row_from(c, account_id, &row);
	issued_from(c, &plan, &r);
	rc = store_cert_insert(st, &row, &id, e);
	if (rc == RC_OK)
		rc = store_cert_set_issued(st, id, &r, e);
	snprintf(msg, sizeof(msg),
		 _("migrated from %s (%s) without "
		   "reissuing: serial %s, %s; %s"),
		 p->tool, c->source, c->ci.serial,
		 c->method_text ? c->method_text : "-", plan.reason);
	if (rc == RC_OK)
		rc = store_event_append(st, 0, id, account_id, "monitoring",
					EV_INFO, msg, NULL, e);
	return rc;
}

const char *mig_verdict_name(enum mig_verdict v)
{
	switch (v) {
	case MIG_WOULD_STORE:
		return "would_store";
	case MIG_STORED:
		return "stored";
	case MIG_UNCHANGED:
		return "unchanged";
	case MIG_CONFLICT:
		return "conflict";
	}
	return "unknown";
}

const char *mig_verdict_text(enum mig_verdict v)
{
	switch (v) {
	case MIG_WOULD_STORE:
		return _("would be stored (dry run)");
	case MIG_STORED:
		return _("stored");
	case MIG_UNCHANGED:
		return _("unchanged (already in the inventory)");
	case MIG_CONFLICT:
		return _("NOT stored: a different certificate of that name "
			 "is in the inventory");
	}
	return "?";
}

/* Stores one certificate, or says why not (verdict). */
static enum rc apply_one(struct store *st, struct mig_plan *p,
			 struct mig_cert *c, struct mig_result *res,
			 enum mig_verdict *verdict, struct err *e)
{
	struct mig_account *a = &p->accts[c->account];
	struct cert_row old = { 0 };
	int64_t acct_id = 0;
	int created = 0;
	enum rc rc;

	rc = store_begin(st, e);
	if (rc != RC_OK)
		return rc;
	rc = store_cert_get_by_name(st, c->name, &old, e);
	if (rc == RC_OK) {
		int same = old.serial != NULL &&
			   strcmp(old.serial, c->ci.serial) == 0;

		*verdict = same ? MIG_UNCHANGED : MIG_CONFLICT;
		if (same)
			res->unchanged++;
		else
			res->conflicts++;
		cert_row_clear(&old);
		store_rollback(st);
		return RC_OK;
	}
	if (rc == RC_NOTFOUND) {
		err_clear(e);
		rc = find_account(st, a, &acct_id, e);
	}
	if (rc == RC_OK && acct_id == 0)
		rc = insert_account(st, a, &acct_id, &created, e);
	if (rc == RC_OK)
		rc = insert_cert(st, p, c, acct_id, e);
	if (rc == RC_OK)
		rc = store_commit(st, e);
	else
		store_rollback(st);
	if (rc == RC_OK) {
		res->stored++;
		res->accounts_new += created;
		*verdict = MIG_STORED;
	}
	return rc;
}

enum rc mig_plan_apply(struct store *st, struct mig_plan *p,
		       struct mig_result *r,
		       void (*report)(void *ud, const struct mig_cert *c,
				      enum mig_verdict v),
		       void *ud, struct err *e)
{
	enum rc rc = RC_OK;
	size_t i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < p->n_certs && rc == RC_OK; i++) {
		struct mig_cert *c = &p->certs[i];
		enum mig_verdict verdict = MIG_STORED;

		if (c->error != NULL || c->account < 0) {
			r->refused++;
			continue;
		}
		rc = apply_one(st, p, c, r, &verdict, e);
		if (rc == RC_OK && report != NULL)
			report(ud, c, verdict);
	}
	return rc;
}
