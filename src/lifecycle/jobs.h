/* SPDX-License-Identifier: ISC */
/* jobs.h - run lifecycle actions in worker threads for an interactive
 * front end (the TUI), which must never block on the network.
 *
 * The UI submits a job and goes on drawing; it polls job_runner_fd() with
 * its input, and when the descriptor is readable drains the notes: one
 * per event the job records (the live activity line) and a final one
 * when the job ends, with its result.  Each job runs on its own thread
 * with its own inventory connection. */
#ifndef ACMETUI_JOBS_H
#define ACMETUI_JOBS_H

#include <stddef.h>
#include <stdint.h>

#include "lifecycle/lc.h"
#include "util/err.h"

/* Most jobs running at once; further submissions are refused. */
#define JOBS_MAX 16

enum job_kind {
	JOB_ISSUE,	/* lc_cert_issue(LC_RESUME) */
	JOB_RENEW,	/* lc_cert_issue(LC_RENEW) */
	JOB_REVOKE,	/* lc_cert_revoke(reason) */
	JOB_REGISTER,	/* lc_account_register(account) */
	JOB_TERMS,	/* lc_account_terms(account): the done note's
			 * message is the terms URL (sanitized), "" none */
	JOB_ROLLOVER,	/* lc_account_rollover */
	JOB_DEACTIVATE, /* lc_account_deactivate */
	JOB_DOCTOR,	/* lc_cert_doctor: findings become events */
	JOB_DEPLOY,	/* lc_cert_deploy */
	JOB_PROBE,	/* lc_cert_probe on the default endpoint */
	JOB_EXPORT	/* lc_cert_export into dir (export.h) */
};

/* What to do.  Strings are copied by job_submit(); the secret fields of
 * account are wiped from the copy when the job ends. */
struct job_request {
	enum job_kind kind;
	const char *name;		  /* certificate or account name */
	int reason;			  /* JOB_REVOKE: CRL reason, -1 none */
	const char *dir;		  /* JOB_EXPORT: the directory */
	struct lc_account_params account; /* JOB_REGISTER, JOB_TERMS */
};

/* A note from a job: progress (done 0) or its end (done 1). */
struct job_note {
	uint64_t job_id;
	int done;
	enum rc rc;	/* when done */
	unsigned files; /* JOB_EXPORT done: how many of
					 * lc_export_names were written */
	char subject[128];
	char stage[32];
	char level[8];
	char message[1024]; /* sanitized; the error when done */
};

/* What a running job is doing, for a live line (job_runner_activity). */
struct job_activity {
	uint64_t job_id;
	enum job_kind kind;
	char stage[32]; /* stage of its last progress note ("request",
				 * "validation", "issuance", "installation",
				 * ...), "" before the first; as the engine
				 * names it, not for display as is */
	long elapsed_s; /* since it was submitted */
};

struct job_runner;

/* A runner for the inventory at db_path (NULL: default) trusting ca_file
 * in addition to each account's own (may be NULL).  Free with
 * job_runner_free(). */
struct job_runner *job_runner_new(const char *db_path, const char *ca_file,
				  struct err *e);

/* A descriptor that becomes readable when notes are waiting. */
int job_runner_fd(const struct job_runner *r);

/* Starts req on a new thread; *id (may be NULL) gets its id.
 * RC_USAGE when JOBS_MAX jobs are running, or a job is already running
 * for the same certificate or account name. */
enum rc job_submit(struct job_runner *r, const struct job_request *req,
		   uint64_t *id, struct err *e);

/* Moves up to max waiting notes into out, oldest first; returns how
 * many.  Call when job_runner_fd() is readable (or any time). */
size_t job_runner_drain(struct job_runner *r, struct job_note *out, size_t max);

/* Number of jobs still running. */
size_t job_runner_active(struct job_runner *r);

/* Is a job running for this name? */
int job_runner_busy(struct job_runner *r, const char *name);

/* When a job is running for name: fills *out and returns 1; else 0.
 * Cheap enough for every visible row of every frame (a lock and a scan
 * of JOBS_MAX slots, no allocation). */
int job_runner_activity(struct job_runner *r, const char *name,
			struct job_activity *out);

/* Waits for running jobs to end (they are bounded by the engine's
 * timeouts) and frees r.  NULL is fine. */
void job_runner_free(struct job_runner *r);

#endif
