/* SPDX-License-Identifier: ISC */
/* runreport.c - syslog, hook events and expiry warnings after a run. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/store_accounts.h"
#include "db/store_certs.h"
#include "db/store_notify.h"
#include "lifecycle/runlog.h"
#include "notify/runreport.h"
#include "util/i18n.h"

#define DAY_S 86400
/* Most domains named in one event (a certificate has at most 100). */
#define EVENT_DOMAINS_MAX 100

/* A hook failure: told to the operator and to syslog. */
static void hook_failed(runreport_warn_fn warn, void *ud, const struct err *he)
{
	runlog_notify_failed(err_text(he));
	if (warn != NULL)
		warn(ud, err_text(he));
}

/* An account's own hook, read once per run. */
struct route {
	int64_t account_id;
	struct notifier n; /* not enabled: the global hook applies */
};

/* Where each account's events go during one report. */
struct routes {
	const struct notifier *global;
	struct route *v;
	size_t n, cap;
};

static void routes_clear(struct routes *r)
{
	size_t i;

	for (i = 0; r->v != NULL && i < r->n; i++)
		notifier_clear(&r->v[i].n);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

/* Reads account_id's hook into a new route.  A stored hook that no
 * longer splits is told (warn, syslog) and the global one used, so
 * that the event is not lost.  NULL only when out of memory. */
static struct route *route_add(struct routes *r, struct store *st,
			       int64_t account_id, runreport_warn_fn warn,
			       void *ud)
{
	struct route *rt, *grown;
	struct err he = { 0 };
	char *cmd = NULL, what[64];

	if (r->n == r->cap) {
		grown = realloc(r->v,
				(r->cap ? r->cap * 2 : 4) * sizeof(*grown));
		if (grown == NULL)
			return NULL;
		r->v = grown;
		r->cap = r->cap ? r->cap * 2 : 4;
	}
	rt = &r->v[r->n++];
	memset(rt, 0, sizeof(*rt));
	rt->account_id = account_id;
	if (store_account_notify_cmd(st, account_id, &cmd, &he) != RC_OK) {
		hook_failed(warn, ud, &he);
		return rt;
	}
	snprintf(what, sizeof(what), _("notify hook of account id %lld"),
		 (long long)account_id);
	if (notifier_init_as(&rt->n, cmd, what, &he) != RC_OK)
		hook_failed(warn, ud, &he);
	free(cmd);
	return rt;
}

/* The hook for events about a certificate of account_id (0: unknown):
 * the account's own when it has one, else the global one (which may be
 * none). */
static const struct notifier *route_for(struct routes *r, struct store *st,
					int64_t account_id,
					runreport_warn_fn warn, void *ud)
{
	struct route *rt = NULL;
	size_t i;

	if (account_id == 0)
		return r->global;
	for (i = 0; i < r->n && rt == NULL; i++)
		if (r->v[i].account_id == account_id)
			rt = &r->v[i];
	if (rt == NULL)
		rt = route_add(r, st, account_id, warn, ud);
	return rt != NULL && notifier_enabled(&rt->n) ? &rt->n : r->global;
}

/* Sends one event about certificate id (or name when id is 0), with its
 * domains and not_after read from the inventory, to the hook of the
 * certificate's account (else the global one; RC_OK without any). */
static enum rc send_about(struct store *st, struct routes *routes, int64_t id,
			  const char *name, enum notify_event ev,
			  const char *message, int64_t now,
			  runreport_warn_fn warn, void *ud, struct err *e)
{
	const char *doms[EVENT_DOMAINS_MAX];
	const struct notifier *n;
	struct notify_msg m = { 0 };
	struct cert_row row = { 0 };
	struct err he = { 0 };
	enum rc rc;
	size_t i;

	rc = id != 0 ? store_cert_get_by_id(st, id, &row, e)
		     : store_cert_get_by_name(st, name, &row, e);
	if (rc == RC_NOTFOUND) {
		/* Deleted meanwhile: still worth telling, without details. */
		err_clear(e);
		rc = RC_OK;
	}
	if (rc != RC_OK)
		goto out;
	n = route_for(routes, st, row.account_id, warn, ud);
	if (!notifier_enabled(n))
		goto out;
	for (i = 0; i < row.n_domains && i < EVENT_DOMAINS_MAX; i++)
		doms[i] = row.domains[i].name;
	m.event = ev;
	m.certificate = row.name != NULL ? row.name : name;
	m.domains = doms;
	m.n_domains = i;
	m.not_after = row.not_after;
	m.now = now;
	m.message = message;
	rc = notify_send(n, &m, &he);
	if (rc != RC_OK)
		hook_failed(warn, ud, &he);
out:
	cert_row_clear(&row);
	return rc;
}

/* The renewed and failed certificates of the run. */
static enum rc report_items(struct store *st, const struct batch_result *res,
			    struct routes *routes, int64_t now,
			    runreport_warn_fn warn, void *ud, struct err *e)
{
	enum rc rc;
	size_t i;

	for (i = 0; i < res->n; i++) {
		const struct batch_item *it = &res->items[i];
		int failed = it->outcome == BATCH_FAILED;

		if (it->outcome != BATCH_RENEWED && !failed)
			continue;
		runlog_cert(it->name, failed, it->error);
		rc = send_about(st, routes, 0, it->name,
				failed ? NOTIFY_FAILED : NOTIFY_RENEWED,
				failed ? it->error : _("certificate renewed"),
				now, warn, ud, e);
		if (rc == RC_HOOK || rc == RC_TIMEOUT || rc == RC_NOMEM)
			continue; /* told; the others still go out */
		if (rc != RC_OK)
			return rc;
	}
	return RC_OK;
}

/* Expiry warnings: one range scan, then work only for the few that
 * reached a new threshold. */
static enum rc report_expiring(struct store *st, struct routes *routes,
			       int64_t now, runreport_warn_fn warn, void *ud,
			       struct err *e)
{
	struct cert_expiring *rows = NULL;
	char msg[256];
	enum rc rc;
	size_t count = 0, i;
	int days;

	rc = store_cert_list_expiring(
		st, now, now + (int64_t)NOTIFY_HORIZON_DAYS * DAY_S, &rows,
		&count, e);
	for (i = 0; rc == RC_OK && i < count; i++) {
		days = notify_expiry_due(rows[i].not_after, now,
					 rows[i].warned_days);
		if (days == 0)
			continue;
		runlog_expiring(rows[i].name,
				notify_days_left(rows[i].not_after, now));
		snprintf(msg, sizeof(msg),
			 _("certificate expires in %lld day(s)"),
			 (long long)notify_days_left(rows[i].not_after, now));
		rc = send_about(st, routes, rows[i].id, rows[i].name,
				NOTIFY_EXPIRING, msg, now, warn, ud, e);
		if (rc == RC_HOOK || rc == RC_TIMEOUT || rc == RC_NOMEM) {
			rc = RC_OK; /* not remembered: next run */
			continue;
		}
		if (rc != RC_OK)
			break;
		rc = store_expiry_warned(st, rows[i].id, rows[i].not_after,
					 days, now, e);
	}
	cert_expiring_free(rows, count);
	return rc;
}

enum rc runreport_send(struct store *st, const struct batch_result *res,
		       const struct notifier *n, int64_t now,
		       runreport_warn_fn warn, void *ud, struct err *e)
{
	struct routes routes = { 0 };
	enum rc rc;

	routes.global = n;
	rc = report_items(st, res, &routes, now, warn, ud, e);
	if (rc == RC_OK)
		rc = report_expiring(st, &routes, now, warn, ud, e);
	routes_clear(&routes);
	return rc;
}
