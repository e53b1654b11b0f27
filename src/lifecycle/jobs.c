/* SPDX-License-Identifier: ISC */
/* jobs.c - lifecycle actions on worker threads (see jobs.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "acme/http.h"
#include "db/store.h"
#include "lifecycle/export.h"
#include "lifecycle/jobs.h"
#include "monitor/probe.h"
#include "util/clock.h"
#include "util/safe.h"

/* Notes waiting for the UI; older ones are dropped past this. */
#define NOTES_MAX 256

struct bg_job {
	struct job_runner *r;
	uint64_t id;
	enum job_kind kind;
	char *name;
	int reason;
	char *dir;		       /* JOB_EXPORT */
	size_t files;		       /* JOB_EXPORT: written */
	char *terms;		       /* JOB_TERMS: the URL, or NULL */
	struct lc_account_params acct; /* deep copy: every string owned */
	pthread_t tid;
	int running;
	/* Under the runner's lock: the job thread sets stage, the UI reads
	 * both (job_runner_activity). */
	int64_t started_ms; /* mono_ms() */
	char stage[32];
};

struct job_runner {
	char *db_path;
	char *ca_file;
	struct lc_pool *pool;
	pthread_mutex_t lock;
	pthread_cond_t idle;
	int pipe_rd, pipe_wr;
	struct bg_job jobs[JOBS_MAX];
	struct job_note notes[NOTES_MAX];
	size_t nhead, ncount;
	uint64_t next_id;
};

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* Wipes and frees a secret copy. */
static void free_secret(const char *s)
{
	if (s != NULL)
		OPENSSL_cleanse((char *)s, strlen(s));
	free((char *)s);
}

static void free_params(struct lc_account_params *p)
{
	free((char *)p->name);
	free((char *)p->preset);
	free((char *)p->directory_url);
	free((char *)p->email);
	free((char *)p->eab_kid);
	free_secret(p->eab_hmac);
	free((char *)p->ca_account_id);
	free((char *)p->key_type);
	free((char *)p->key_file);
	free((char *)p->ca_file);
	free((char *)p->tos_url_seen);
	memset(p, 0, sizeof(*p));
}

static void copy_params(struct lc_account_params *d,
			const struct lc_account_params *s)
{
	d->name = dup_or_null(s->name);
	d->preset = dup_or_null(s->preset);
	d->directory_url = dup_or_null(s->directory_url);
	d->email = dup_or_null(s->email);
	d->eab_kid = dup_or_null(s->eab_kid);
	d->eab_hmac = dup_or_null(s->eab_hmac);
	d->ca_account_id = dup_or_null(s->ca_account_id);
	d->key_type = dup_or_null(s->key_type);
	d->key_file = dup_or_null(s->key_file);
	d->ca_file = dup_or_null(s->ca_file);
	d->agree_tos = s->agree_tos;
	d->tos_url_seen = dup_or_null(s->tos_url_seen);
}

/* Queues a note and wakes the UI.  Caller holds no lock. */
static void push_note(struct job_runner *r, const struct job_note *n)
{
	size_t slot;
	char one = 1;

	pthread_mutex_lock(&r->lock);
	if (r->ncount == NOTES_MAX) {
		r->nhead = (r->nhead + 1) % NOTES_MAX;
		r->ncount--;
	}
	slot = (r->nhead + r->ncount) % NOTES_MAX;
	r->notes[slot] = *n;
	r->ncount++;
	pthread_mutex_unlock(&r->lock);
	/* A full pipe already means "readable": nothing lost. */
	if (write(r->pipe_wr, &one, 1) < 0 && errno != EAGAIN)
		return;
}

/* The progress callback of a job's engine: remembers the stage for
 * job_runner_activity() and queues the note for the UI. */
static void job_progress(void *ud, const char *subject, const char *stage,
			 const char *level, const char *message)
{
	struct bg_job *j = ud;
	struct job_note n = { 0 };

	pthread_mutex_lock(&j->r->lock);
	snprintf(j->stage, sizeof(j->stage), "%s", stage ? stage : "");
	pthread_mutex_unlock(&j->r->lock);
	n.job_id = j->id;
	snprintf(n.subject, sizeof(n.subject), "%s", subject ? subject : "");
	snprintf(n.stage, sizeof(n.stage), "%s", stage ? stage : "");
	snprintf(n.level, sizeof(n.level), "%s", level ? level : "");
	snprintf(n.message, sizeof(n.message), "%s", message ? message : "");
	push_note(j->r, &n);
}

/* Probes the certificate's default endpoint (its first name on 443); the
 * verdict is an event. */
static enum rc run_probe(struct lc *lc, const char *name, struct err *e)
{
	struct probe_result *res = NULL;
	size_t n = 0;
	enum rc rc;
	size_t i;

	rc = lc_cert_probe(lc, name, NULL, 0, &res, &n, e);
	/* An endpoint that could not be reached, or serves another
	 * certificate, is a failed probe: the TUI must not say "done". */
	for (i = 0; rc == RC_OK && i < n; i++)
		if (res[i].verdict == PROBE_UNREACHABLE ||
		    res[i].verdict == PROBE_OTHER)
			rc = err_set(e,
				     res[i].verdict == PROBE_UNREACHABLE
					     ? RC_NET
					     : RC_TLS,
				     "%s (%s): %s%s%s", res[i].endpoint,
				     res[i].name ? res[i].name : "",
				     probe_verdict_text(res[i].verdict),
				     res[i].error ? ": " : "",
				     res[i].error ? res[i].error : "");
	probe_results_free(res, n);
	return rc;
}

/* Runs the job's action on its own inventory connection. */
static enum rc run_action(struct bg_job *j, struct err *e)
{
	struct lc lc = { 0 };
	enum rc rc;

	rc = store_open(j->r->db_path, &lc.st, e);
	if (rc != RC_OK)
		return rc;
	lc.ca_file = j->r->ca_file;
	lc_env_defaults(&lc);
	lc.pool = j->r->pool;
	lc.progress = job_progress;
	lc.progress_ud = j;
	lc.terminal_owned = 1;
	switch (j->kind) {
	case JOB_ISSUE:
		rc = lc_cert_issue(&lc, j->name, LC_RESUME, e);
		break;
	case JOB_RENEW:
		rc = lc_cert_issue(&lc, j->name, LC_RENEW, e);
		break;
	case JOB_REVOKE:
		rc = lc_cert_revoke(&lc, j->name, j->reason, 0, e);
		break;
	case JOB_REGISTER:
		rc = lc_account_register(&lc, &j->acct, e);
		break;
	case JOB_TERMS:
		rc = lc_account_terms(&lc, &j->acct, &j->terms, e);
		break;
	case JOB_ROLLOVER:
		rc = lc_account_rollover(&lc, j->name, NULL, e);
		break;
	case JOB_DEACTIVATE:
		rc = lc_account_deactivate(&lc, j->name, e);
		break;
	case JOB_DOCTOR:
		rc = lc_cert_doctor(&lc, j->name, e);
		break;
	case JOB_DEPLOY:
		rc = lc_cert_deploy(&lc, j->name, e);
		break;
	case JOB_PROBE:
		rc = run_probe(&lc, j->name, e);
		break;
	case JOB_EXPORT:
		rc = lc_cert_export(&lc, j->name, j->dir, &j->files, e);
		break;
	default:
		rc = err_set(e, RC_USAGE, "unknown job");
	}
	store_close(lc.st);
	return rc;
}

static void *job_main(void *arg)
{
	struct bg_job *j = arg;
	struct job_note n = { 0 };
	struct err e = { 0 };

	n.rc = run_action(j, &e);
	n.job_id = j->id;
	n.done = 1;
	n.files = (unsigned)j->files;
	snprintf(n.subject, sizeof(n.subject), "%s", j->name);
	/* The doctor's end is told apart: its findings are advice. */
	if (j->kind == JOB_DOCTOR)
		snprintf(n.stage, sizeof(n.stage), "%s", "doctor");
	if (n.rc != RC_OK)
		snprintf(n.message, sizeof(n.message), "%s", err_text(&e));
	else if (j->terms != NULL)
		safe_line(n.message, sizeof(n.message), j->terms,
			  strlen(j->terms));
	free(j->terms);
	j->terms = NULL;
	push_note(j->r, &n);
	return NULL;
}

struct job_runner *job_runner_new(const char *db_path, const char *ca_file,
				  struct err *e)
{
	struct job_runner *r = calloc(1, sizeof(*r));
	int fds[2];

	if (r == NULL) {
		err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		return NULL;
	}
	if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) {
		err_set(e, RC_SYS, "pipe: %s", strerror(errno));
		free(r);
		return NULL;
	}
	r->pipe_rd = fds[0];
	r->pipe_wr = fds[1];
	r->db_path = dup_or_null(db_path);
	r->ca_file = dup_or_null(ca_file);
	r->pool = lc_pool_new();
	r->next_id = 1;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->idle, NULL);
	return r;
}

int job_runner_fd(const struct job_runner *r)
{
	return r->pipe_rd;
}

/* Joins jobs whose final note is out (their thread has ended or is about
 * to).  Caller holds the lock. */
static void reap_locked(struct job_runner *r, uint64_t done_id)
{
	size_t i;

	for (i = 0; i < JOBS_MAX; i++) {
		struct bg_job *j = &r->jobs[i];

		if (!j->running || j->id != done_id)
			continue;
		pthread_join(j->tid, NULL);
		free(j->name);
		free(j->dir);
		free_params(&j->acct);
		j->running = 0;
		j->name = NULL;
		j->dir = NULL;
	}
}

enum rc job_submit(struct job_runner *r, const struct job_request *req,
		   uint64_t *id, struct err *e)
{
	struct bg_job *slot = NULL;
	int acct = req->kind == JOB_REGISTER || req->kind == JOB_TERMS;
	const char *name = acct ? req->account.name : req->name;
	enum rc rc = RC_OK;
	size_t i;

	if (name == NULL)
		return err_set(e, RC_USAGE, "job without a name");
	if (req->kind == JOB_EXPORT && req->dir == NULL)
		return err_set(e, RC_USAGE, "export without a directory");
	pthread_mutex_lock(&r->lock);
	for (i = 0; i < JOBS_MAX; i++) {
		if (r->jobs[i].running && strcmp(r->jobs[i].name, name) == 0) {
			rc = err_set(e, RC_USAGE, _("'%s' is already busy"),
				     name);
			goto out;
		}
		if (!r->jobs[i].running && slot == NULL)
			slot = &r->jobs[i];
	}
	if (slot == NULL) {
		rc = err_set(e, RC_USAGE,
			     _("too many actions running; wait "
			       "for one to finish"));
		goto out;
	}
	memset(slot, 0, sizeof(*slot));
	slot->r = r;
	slot->id = r->next_id++;
	slot->kind = req->kind;
	slot->name = strdup(name);
	slot->reason = req->reason;
	slot->started_ms = mono_ms();
	slot->dir = dup_or_null(req->dir);
	if (acct)
		copy_params(&slot->acct, &req->account);
	/* libcurl is initialised here, before the job's thread, not when
	 * the TUI starts: browsing never pays for it. */
	if (http_global_init(e) != RC_OK) {
		rc = e->rc;
		free(slot->name);
		free(slot->dir);
		free_params(&slot->acct);
		goto out;
	}
	if (slot->name == NULL || (req->dir != NULL && slot->dir == NULL) ||
	    pthread_create(&slot->tid, NULL, job_main, slot) != 0) {
		free(slot->name);
		free(slot->dir);
		free_params(&slot->acct);
		rc = err_set(e, RC_SYS, _("cannot start a worker thread"));
		goto out;
	}
	slot->running = 1;
	if (id != NULL)
		*id = slot->id;
out:
	pthread_mutex_unlock(&r->lock);
	return rc;
}

size_t job_runner_drain(struct job_runner *r, struct job_note *out, size_t max)
{
	char sink[256];
	size_t n = 0;

	while (read(r->pipe_rd, sink, sizeof(sink)) > 0)
		;
	pthread_mutex_lock(&r->lock);
	while (n < max && r->ncount > 0) {
		out[n] = r->notes[r->nhead];
		r->nhead = (r->nhead + 1) % NOTES_MAX;
		r->ncount--;
		if (out[n].done)
			reap_locked(r, out[n].job_id);
		n++;
	}
	pthread_mutex_unlock(&r->lock);
	return n;
}

size_t job_runner_active(struct job_runner *r)
{
	size_t i, n = 0;

	pthread_mutex_lock(&r->lock);
	for (i = 0; i < JOBS_MAX; i++)
		n += r->jobs[i].running != 0;
	pthread_mutex_unlock(&r->lock);
	return n;
}

int job_runner_busy(struct job_runner *r, const char *name)
{
	size_t i;
	int busy = 0;

	pthread_mutex_lock(&r->lock);
	for (i = 0; i < JOBS_MAX; i++)
		if (r->jobs[i].running && strcmp(r->jobs[i].name, name) == 0)
			busy = 1;
	pthread_mutex_unlock(&r->lock);
	return busy;
}

int job_runner_activity(struct job_runner *r, const char *name,
			struct job_activity *out)
{
	int64_t now = mono_ms();
	size_t i;
	int found = 0;

	pthread_mutex_lock(&r->lock);
	for (i = 0; i < JOBS_MAX && !found; i++) {
		const struct bg_job *j = &r->jobs[i];

		if (!j->running || strcmp(j->name, name) != 0)
			continue;
		out->job_id = j->id;
		out->kind = j->kind;
		memcpy(out->stage, j->stage, sizeof(out->stage));
		out->elapsed_s = (long)((now - j->started_ms) / 1000);
		if (out->elapsed_s < 0)
			out->elapsed_s = 0;
		found = 1;
	}
	pthread_mutex_unlock(&r->lock);
	return found;
}

void job_runner_free(struct job_runner *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < JOBS_MAX; i++) {
		if (!r->jobs[i].running)
			continue;
		pthread_join(r->jobs[i].tid, NULL);
		free(r->jobs[i].name);
		free(r->jobs[i].dir);
		free_params(&r->jobs[i].acct);
	}
	lc_pool_free(r->pool);
	close(r->pipe_rd);
	close(r->pipe_wr);
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->idle);
	free(r->db_path);
	free(r->ca_file);
	free(r);
}
