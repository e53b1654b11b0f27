/* SPDX-License-Identifier: ISC */
/* certact.c - certificate actions shared by the dashboard and the detail
 * screen, behind one dispatch (cert_act_run): issue/renew through the
 * job runner (after a question when the certificate is valid and not
 * due), revoke and delete after a confirmation, deploy, probe and doctor
 * as jobs, the edit and copy-out forms.  A screen hands over its
 * selected certificate; an action is added or changed here, once. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "db/store_certs.h"
#include "lifecycle/certset.h"
#include "lifecycle/deploy.h"
#include "ui/app.h"
#include "ui/certview.h"
#include "ui/confirm.h"
#include "ui/draw.h"
#include "util/i18n.h"
#include "util/safe.h"

/* For a watched certificate (imported, not issued by acmetui), refuses
 * act when it is issue, renew, revoke, deploy or doctor, with a status
 * line saying why, and returns 1; returns 0 otherwise (the caller goes
 * on).  Probe, delete, edit and copy-out work on watched certificates. */
static int refuse_watched(struct app *a, const char *name, int watched,
			  enum action act)
{
	char esc[200];

	if (!watched ||
	    (act != ACT_ISSUE && act != ACT_RENEW && act != ACT_REVOKE &&
	     act != ACT_DEPLOY && act != ACT_DOCTOR))
		return 0;
	safe_line(esc, sizeof(esc), name, strlen(name));
	app_status(a, UI_WARN,
		   _("%s is only watched (imported, not issued "
		     "by acmetui): it cannot be issued, renewed, "
		     "revoked, deployed or checked here"),
		   esc);
	return 1;
}

/* Submits the order (issue, or renew with a new key). */
static void issue_submit(struct app *a, const char *name, int renew)
{
	struct job_request req = { 0 };

	req.kind = renew ? JOB_RENEW : JOB_ISSUE;
	req.name = name;
	req.reason = -1;
	app_submit(a, &req, NULL);
}

/* After the question. */
static void issue_confirmed(struct app *a, const char *name, int reason)
{
	(void)reason;
	issue_submit(a, name, 0);
}

static void renew_confirmed(struct app *a, const char *name, int reason)
{
	(void)reason;
	issue_submit(a, name, 1);
}

/* Asks before ordering a certificate that is valid and not due: one
 * stray key would otherwise place a real order and spend the CA's rate
 * limits.  left: seconds until it expires. */
static void issue_ask(struct app *a, const char *name, int renew, int64_t left)
{
	struct confirm_spec spec = { 0 };
	char title[300], what[400], esc[200];
	long long days = left / 86400;

	safe_line(esc, sizeof(esc), name, strlen(name));
	snprintf(title, sizeof(title),
		 renew ? _("Renew %s") : _("Order %s again"), esc);
	if (renew)
		snprintf(what, sizeof(what),
			 ngettext("renew %s now? it is valid for %lld more day",
				  "renew %s now? it is valid for %lld more "
				  "days",
				  (unsigned long)days),
			 esc, days);
	else
		snprintf(what, sizeof(what),
			 ngettext("order %s again now? it is valid for %lld "
				  "more day",
				  "order %s again now? it is valid for %lld "
				  "more days",
				  (unsigned long)days),
			 esc, days);
	spec.title = title;
	spec.lines[0] = what;
	spec.lines[1] = _("A new order counts against the CA's rate limits.");
	spec.lines[2] = _("It renews by itself when its window opens.");
	spec.subject = name;
	spec.done = renew ? renew_confirmed : issue_confirmed;
	app_push(a, confirm_new(a, &spec));
}

void cert_act_issue(struct app *a, const char *name, int renew)
{
	struct cert_row c = { 0 };
	struct cert_state st;
	struct err e = { 0 };
	int64_t left;
	int valid;

	/* The stored state decides, not what a screen last showed. */
	if (store_cert_get_by_name(a->st, name, &c, &e) != RC_OK) {
		app_status(a, UI_ERROR, "%s", err_text(&e));
		return;
	}
	st.stage = c.stage;
	st.status = c.status;
	st.not_after = c.not_after;
	st.renew_at = c.renew_at;
	st.last_error = c.last_error;
	valid = cert_health_of(&st, a->now) == HEALTH_VALID;
	left = c.not_after - a->now;
	cert_row_clear(&c);
	if (valid)
		issue_ask(a, name, renew, left);
	else
		issue_submit(a, name, renew);
}

/* Runs a certificate action that needs no confirmation (doctor, deploy,
 * probe) on the job runner; its results appear as events. */
static void run_job(struct app *a, const char *name, enum job_kind kind)
{
	struct job_request req = { 0 };

	req.kind = kind;
	req.name = name;
	req.reason = -1;
	app_submit(a, &req, NULL);
}

/* After the revocation dialog. */
static void revoke_confirmed(struct app *a, const char *name, int reason)
{
	struct job_request req = { 0 };

	req.kind = JOB_REVOKE;
	req.name = name;
	req.reason = reason;
	app_submit(a, &req, NULL);
}

/* Whether an action on name is running; says so when it is (a second
 * one would race the first over the same certificate). */
static int cert_busy(struct app *a, const char *name)
{
	if (!job_runner_busy(a->jobs, name))
		return 0;
	app_status(a, UI_WARN,
		   _("%s: an action is running; wait for it to end"), name);
	return 1;
}

/* Asks for the reason and the typed name, then revokes (a job). */
static void revoke_ask(struct app *a, const char *name)
{
	struct confirm_spec spec = { 0 };
	char title[300], esc[200];

	if (cert_busy(a, name))
		return;
	safe_line(esc, sizeof(esc), name, strlen(name));
	snprintf(title, sizeof(title), _("Revoke %s"), esc);
	spec.title = title;
	spec.lines[0] = _("The CA will revoke the current certificate. This "
			  "cannot be undone:");
	spec.lines[1] = _("clients refuse it once they see the revocation. "
			  "Renew first if in use.");
	spec.lines[2] = _("Choose a reason (Up/Down, Left/Right), type the "
			  "name, then Enter.");
	spec.subject = name;
	spec.typed = 1;
	spec.with_reason = 1;
	spec.done = revoke_confirmed;
	app_push(a, confirm_new(a, &spec));
}

/* After the delete dialog. */
static void delete_confirmed(struct app *a, const char *name, int reason)
{
	struct err e = { 0 };

	(void)reason;
	if (cert_busy(a, name))
		return;
	if (lc_cert_delete(a->st, name, &e) != RC_OK) {
		app_status(a, UI_ERROR, "%s", err_text(&e));
		return;
	}
	app_status(a, UI_OK, _("%s deleted from the inventory"), name);
	app_changed(a);
}

/* Asks for the typed name, then deletes from the inventory. */
static void delete_ask(struct app *a, const char *name)
{
	struct confirm_spec spec = { 0 };
	char title[300], esc[200];

	safe_line(esc, sizeof(esc), name, strlen(name));
	snprintf(title, sizeof(title), _("Delete %s"), esc);
	spec.title = title;
	spec.lines[0] = _("Remove this certificate, its key and its orders "
			  "from the inventory.");
	spec.lines[1] = _("Nothing is revoked or sent to the CA; the event "
			  "log keeps its history.");
	spec.subject = name;
	spec.typed = 1;
	spec.done = delete_confirmed;
	app_push(a, confirm_new(a, &spec));
}

/* 1 when c names a place to deploy to. */
static int has_deploy_target(const struct cert_row *c)
{
	struct deploy_target t;

	lc_deploy_target(c, &t);
	return lc_deploy_target_set(&t);
}

/* Deploys: when the screen shows the row and it names no target, says
 * how to set one instead of starting a job bound to fail. */
static void deploy_start(struct app *a, const struct cert_subject *sub)
{
	if (sub->row != NULL && !has_deploy_target(sub->row)) {
		app_status(a, UI_WARN, "%s",
			   _("no deploy target: e to set one"));
		return;
	}
	run_job(a, sub->name, JOB_DEPLOY);
}

/* Opens the edit form; it says itself why when it cannot. */
static void edit_open(struct app *a, const char *name)
{
	struct screen *s = editcert_new(a, name);

	if (s != NULL)
		app_push(a, s);
}

/* Opens the copy-out form for row (read, not kept). */
static void export_open(struct app *a, const struct cert_row *row)
{
	if (row->cert_pem == NULL) {
		app_status(a, UI_WARN, "%s",
			   _("not issued yet: nothing to copy out"));
		return;
	}
	app_push(a, export_new(a, row));
}

int cert_act_run(struct app *a, const struct cert_subject *sub, enum action act)
{
	if (refuse_watched(a, sub->name, sub->watched, act))
		return 1;
	switch (act) {
	case ACT_ISSUE:
	case ACT_RENEW:
		cert_act_issue(a, sub->name, act == ACT_RENEW);
		return 1;
	case ACT_REVOKE:
		revoke_ask(a, sub->name);
		return 1;
	case ACT_DELETE:
		delete_ask(a, sub->name);
		return 1;
	case ACT_DEPLOY:
		deploy_start(a, sub);
		return 1;
	case ACT_PROBE:
		run_job(a, sub->name, JOB_PROBE);
		return 1;
	case ACT_DOCTOR:
		run_job(a, sub->name, JOB_DOCTOR);
		return 1;
	case ACT_EDIT:
		edit_open(a, sub->name);
		return 1;
	case ACT_EXPORT:
		if (sub->row == NULL)
			return 0; /* nothing to copy from */
		export_open(a, sub->row);
		return 1;
	default:
		return 0;
	}
}
