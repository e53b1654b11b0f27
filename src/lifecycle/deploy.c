/* SPDX-License-Identifier: ISC */
/* deploy.c - the Installation stage: deploy the stored certificate into
 * its deploy directory and reload the server (deploy/deploy.c), recording
 * Installation and then Monitoring, each as one transaction plus events. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db/store.h"
#include "db/store_certs.h"
#include "deploy/deploy.h"
#include "lifecycle/deploy.h"
#include "lifecycle/deployhook.h"
#include "lifecycle/fault.h"
#include "lifecycle/lc.h"
#include "lifecycle/reloads.h"
#include "lifecycle/retry.h"

void lc_deploy_target(const struct cert_row *c, struct deploy_target *t)
{
	memset(t, 0, sizeof(*t));
	t->dir = c->deploy_dir;
	t->reload_cmd = c->reload_cmd;
	t->owner = c->deploy_owner;
	t->group = c->deploy_group;
	t->cert_mode = c->deploy_cert_mode > 0 ? (unsigned)c->deploy_cert_mode
					       : 0;
	t->key_mode = c->deploy_key_mode > 0 ? (unsigned)c->deploy_key_mode : 0;
	t->combined = c->deploy_combined != 0;
	t->cert_path = c->deploy_cert_path;
	t->chain_path = c->deploy_chain_path;
	t->fullchain_path = c->deploy_fullchain_path;
	t->key_path = c->deploy_key_path;
	t->combined_path = c->deploy_combined_path;
}

int lc_deploy_target_set(const struct deploy_target *t)
{
	const char *where[] = { t->dir,	       t->cert_path,
				t->chain_path, t->fullchain_path,
				t->key_path,   t->combined_path };
	size_t i;

	for (i = 0; i < sizeof(where) / sizeof(where[0]); i++)
		if (where[i] != NULL && where[i][0] != '\0')
			return 1;
	return 0;
}

/* Where the files go, for the events: the deploy directory, else the
 * directory of the first explicit path ("/etc/ssl/..."), in buf. */
static const char *target_place(const struct deploy_target *t, char *buf,
				size_t sz)
{
	const char *paths[] = { t->cert_path, t->fullchain_path, t->key_path,
				t->chain_path, t->combined_path };
	size_t i;

	if (t->dir != NULL && t->dir[0] != '\0')
		return t->dir;
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (paths[i] != NULL && paths[i][0] != '\0') {
			snprintf(buf, sz, _("%s and its other files"),
				 paths[i]);
			return buf;
		}
	return "-";
}

/* Records one (already sanitized) line of the reload command's output. */
static void reload_line(void *arg, const char *line)
{
	struct lc_deploy *d = arg;

	lc_event(d->lc, d->c.id, 0, d->c.name, LC_STAGE_INSTALLATION, "info",
		 _("reload: %s"), line);
}

/* Called after each deploy file is in place: the crash-safety tests kill
 * the process after the second one (the directory then holds a mix). */
static void file_done(void *arg, const char *name)
{
	unsigned *n = arg;

	(void)name;
	if (++*n == 2)
		fault_point("during-deploy");
}

/* Sets stage/status and last_error (NULL clears it) and records msg at
 * the given stage, in one transaction. */
static enum rc record(struct lc *lc, const struct cert_row *c,
		      enum cert_stage stage, enum cert_status status,
		      enum lc_stage ev_stage, const char *level,
		      const char *last_error, const char *msg, struct err *e)
{
	enum rc rc;

	rc = store_begin(lc->st, e);
	if (rc != RC_OK)
		return rc;
	rc = store_cert_set_state(lc->st, c->id, stage, status, e);
	if (rc == RC_OK)
		rc = store_cert_set_error(lc->st, c->id, last_error, e);
	if (rc == RC_OK)
		rc = lc_event(lc, c->id, 0, c->name, ev_stage, level, "%s",
			      msg);
	if (rc == RC_OK)
		rc = store_commit(lc->st, e);
	else
		store_rollback(lc->st);
	return rc;
}

/* Records a failed deploy: Installation/error with why, and when the
 * batch may deploy again (the renewals' backoff: retry.h), in one
 * transaction. */
static void record_failure(struct lc *lc, const struct cert_row *c,
			   const char *why)
{
	int64_t now = time(NULL);
	int fails = c->fail_count + 1;

	if (store_begin(lc->st, NULL) != RC_OK)
		return;
	if (store_cert_set_state(lc->st, c->id, CERT_STAGE_INSTALLATION,
				 CERT_STATUS_ERROR, NULL) != RC_OK ||
	    store_cert_set_error(lc->st, c->id, why, NULL) != RC_OK ||
	    store_cert_set_retry(lc->st, c->id, lc_retry_at(fails, now), fails,
				 NULL) != RC_OK ||
	    lc_event(lc, c->id, 0, c->name, LC_STAGE_INSTALLATION, "error",
		     "%s", why) != RC_OK ||
	    store_commit(lc->st, NULL) != RC_OK)
		store_rollback(lc->st);
}

/* Refuses what cannot be deployed, with a reason an operator can act
 * on. */
static enum rc check_deployable(const struct cert_row *c,
				const struct deploy_target *t, struct err *e)
{
	if (c->cert_pem == NULL || c->key_pem == NULL)
		return err_set(e, RC_USAGE,
			       _("certificate '%s' has not been "
				 "issued yet; nothing to deploy"),
			       c->name);
	if (!lc_deploy_target_set(t))
		return err_set(e, RC_USAGE,
			       _("certificate '%s' has no deploy "
				 "target (cert set --deploy-dir "
				 "DIR, or --deploy-cert, "
				 "--deploy-key ... PATH)"),
			       c->name);
	if (c->stage == CERT_STAGE_REVOKED)
		return err_set(e, RC_USAGE,
			       _("certificate '%s' (serial %s) is "
				 "revoked; renew it before "
				 "deploying"),
			       c->name, c->serial ? c->serial : "?");
	if (c->not_after != 0 && c->not_after <= (int64_t)time(NULL))
		return err_set(e, RC_USAGE,
			       _("certificate '%s' (serial %s) has "
				 "expired; renew it before "
				 "deploying"),
			       c->name, c->serial ? c->serial : "?");
	return RC_OK;
}

/* Runs the deploy hook of c, installed into t.  A failure leaves the
 * new files in place (they are installed and the server reloaded): it is
 * recorded as the certificate's last error and returned, so that the
 * command or the batch reports it. */
static enum rc run_deploy_hook(struct lc *lc, const struct cert_row *c,
			       const struct deploy_target *t, struct err *e)
{
	struct err he = { 0 };
	enum rc rc;

	rc = lc_deploy_hook(lc, c, t, &he);
	if (rc == RC_OK)
		return RC_OK;
	store_cert_set_error(lc->st, c->id, err_text(&he), NULL);
	lc_event(lc, c->id, 0, c->name, LC_STAGE_INSTALLATION, "error",
		 _("%s (the new files stay installed)"), err_text(&he));
	return err_set(e, rc, "%s", err_text(&he));
}

/* Records that c's deploy waits for its batch's reload: Installation/
 * error, which the next batch deploys again should this one stop before
 * its reload confirms the deploy (no backoff: nothing failed). */
static enum rc record_deferred(struct lc *lc, const struct cert_row *c,
			       struct err *e)
{
	return record(lc, c, CERT_STAGE_INSTALLATION, CERT_STATUS_ERROR,
		      LC_STAGE_INSTALLATION, "info",
		      _("waiting for the batch's reload: a run stopped "
			"before it deploys this certificate again"),
		      _("installation deferred: one reload for the whole "
			"batch, after its last certificate"),
		      e);
}

enum rc lc_deploy_begin(struct lc *lc, const char *name,
			enum lc_deploy_mode mode, struct lc_deploy *d,
			struct err *e)
{
	char msg[1024];
	enum rc rc;

	memset(d, 0, sizeof(*d));
	d->lc = lc;
	d->where = "-";
	rc = store_cert_get_by_name(lc->st, name, &d->c, e);
	if (rc == RC_OK)
		rc = lc_cert_managed(&d->c, e);
	if (rc == RC_OK) {
		lc_deploy_target(&d->c, &d->t);
		rc = check_deployable(&d->c, &d->t, e);
	}
	if (rc != RC_OK)
		return rc;
	d->where = target_place(&d->t, d->place, sizeof(d->place));
	snprintf(msg, sizeof(msg), _("installing certificate %s into %s"),
		 d->c.serial ? d->c.serial : "?", d->where);
	/* In a batch the deploy stays "due" (Installation/error) until its
	 * reload confirms it: a run killed before that deploys again. */
	if (mode == LC_DEPLOY_DEFER)
		return record_deferred(lc, &d->c, e);
	if (mode == LC_DEPLOY_STAGE)
		rc = lc_event(lc, d->c.id, 0, d->c.name, LC_STAGE_INSTALLATION,
			      "info", "%s", msg);
	else
		rc = record(lc, &d->c, CERT_STAGE_INSTALLATION,
			    CERT_STATUS_RUNNING, LC_STAGE_INSTALLATION, "info",
			    d->c.last_error, msg, e);
	if (rc != RC_OK)
		return err_set(e, rc, "%s", rc_str(rc));
	d->t.lock_wait_ms = DEPLOY_LOCK_WAIT_MS_DEFAULT;
	d->t.log = reload_line;
	d->t.log_arg = d;
	d->t.file_done = file_done;
	d->t.file_done_arg = &d->files_done;
	d->f.key_pem = d->c.key_pem;
	d->f.cert_pem = d->c.cert_pem;
	d->f.chain_pem = d->c.chain_pem;
	return RC_OK;
}

void lc_deploy_recovered(struct lc_deploy *d, const struct deploy_report *r)
{
	if (r->recovered > 0)
		lc_event(d->lc, d->c.id, 0, d->c.name, LC_STAGE_INSTALLATION,
			 "warn",
			 _("an interrupted deploy was undone first: the "
			   "files it had replaced were restored "
			   "(directories: %u)"),
			 r->recovered);
}

enum rc lc_deploy_done(struct lc_deploy *d, const struct deploy_report *r,
		       enum rc rc, const struct err *de, unsigned shared,
		       struct err *e)
{
	struct lc *lc = d->lc;
	struct cert_row *c = &d->c;
	char msg[1024], what[128];

	if (rc != RC_OK) {
		record_failure(lc, c, err_text(de));
		return err_set(e, rc, "%s", err_text(de));
	}
	if (r->leftovers > 0)
		lc_event(lc, c->id, 0, c->name, LC_STAGE_INSTALLATION, "warn",
			 _("removed %u files an interrupted earlier deploy "
			   "left behind"),
			 r->leftovers);
	if (r->reload_ran && shared > 1)
		snprintf(what, sizeof(what),
			 _("reload ok (%.1f s, one reload for %u "
			   "certificates)"),
			 (double)r->reload_ms / 1000.0, shared);
	else if (r->reload_ran)
		snprintf(what, sizeof(what), _("reload ok (%.1f s)"),
			 (double)r->reload_ms / 1000.0);
	else
		snprintf(what, sizeof(what), _("no reload command"));
	lc_event(lc, c->id, 0, c->name, LC_STAGE_INSTALLATION, "info",
		 _("wrote %u files to %s, %s"), r->n_files, d->where, what);
	snprintf(msg, sizeof(msg),
		 _("certificate %s installed; monitoring "
		   "it until renewal"),
		 c->serial ? c->serial : "?");
	rc = record(lc, c, CERT_STAGE_MONITORING, CERT_STATUS_OK,
		    LC_STAGE_MONITORING, "info", NULL, msg, e);
	/* Installed: a backoff left by failed deploys no longer applies. */
	if (rc == RC_OK && (c->fail_count != 0 || c->retry_after != 0))
		store_cert_set_retry(lc->st, c->id, 0, 0, NULL);
	if (rc == RC_OK)
		rc = run_deploy_hook(lc, c, &d->t, e);
	return rc;
}

void lc_deploy_clear(struct lc_deploy *d)
{
	cert_row_clear(&d->c);
	memset(d, 0, sizeof(*d));
}

enum rc lc_cert_deploy(struct lc *lc, const char *name, struct err *e)
{
	struct lc_deploy d;
	struct deploy_report r = { 0 };
	struct err de = { 0 };
	enum rc rc;

	/* A batch: installed after its last renewal, with one reload for
	 * each reload command (reloads.h). */
	rc = lc_deploy_begin(
		lc, name, lc->reloads != NULL ? LC_DEPLOY_DEFER : LC_DEPLOY_NOW,
		&d, e);
	if (rc != RC_OK || lc->reloads != NULL) {
		if (rc == RC_OK)
			rc = lc_reloads_add(lc->reloads, d.c.id, d.c.name, e);
		goto out;
	}
	rc = deploy_cert(&d.t, &d.f, &r, &de);
	lc_deploy_recovered(&d, &r);
	rc = lc_deploy_done(&d, &r, rc, &de, 1, e);
out:
	lc_deploy_clear(&d);
	return rc;
}
