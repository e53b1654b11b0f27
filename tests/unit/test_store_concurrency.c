/* SPDX-License-Identifier: ISC */
/* test_store_concurrency.c - several threads, each with its own store on
 * one file, as the --renew-due workers and a TUI use it: writers never see
 * "database is locked" (busy timeout), and leases let exactly one worker
 * renew each due certificate. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/store.h"
#include "db/store_certs.h"
#include "db/store_events.h"
#include "db/store_leases.h"
#include "store_test_util.h"
#include "tap.h"

#define N_THREADS 4
#define N_ROUNDS 150
#define N_DUE 60

static char *db_path;
static int64_t cert_ids[N_DUE];

struct worker {
	pthread_t tid;
	int index;
	int errors;  /* store calls that failed */
	int renewed; /* certificates this worker "renewed" */
	char first_error[ERR_MSG_MAX];
};

static void note(struct worker *w, const struct err *e)
{
	if (w->errors++ == 0)
		snprintf(w->first_error, sizeof(w->first_error), "%s",
			 err_text(e));
}

/* Transitions as the lifecycle makes them: one transaction with a state
 * change and its event; plus plain autocommit appends and reads. */
static void *writer(void *arg)
{
	struct worker *w = arg;
	struct cert_summary *sum = NULL;
	struct store *st = NULL;
	struct err e = { 0 };
	size_t n = 0;
	int i;

	if (store_open(db_path, &st, &e) != RC_OK) {
		note(w, &e);
		return NULL;
	}
	for (i = 0; i < N_ROUNDS; i++) {
		int64_t id = cert_ids[(w->index * 7 + i) % N_DUE];

		err_clear(&e);
		if (store_begin(st, &e) != RC_OK ||
		    store_cert_set_state(st, id, CERT_STAGE_VALIDATION,
					 CERT_STATUS_RUNNING, &e) != RC_OK ||
		    store_event_append(st, 0, id, 0, "validation", EV_INFO,
				       "transition", NULL, &e) != RC_OK ||
		    store_commit(st, &e) != RC_OK) {
			store_rollback(st);
			note(w, &e);
		}
		err_clear(&e);
		if (store_event_append(st, 0, id, 0, NULL, EV_INFO, "plain",
				       NULL, &e) != RC_OK)
			note(w, &e);
		if (i % 25 == 0) {
			if (store_cert_list_summary(st, &sum, &n, &e) != RC_OK)
				note(w, &e);
			cert_summaries_free(sum, n);
		}
	}
	store_close(st);
	return NULL;
}

/* A --renew-due worker: list, lease (re-checking due), "renew", release. */
static void *renewer(void *arg)
{
	struct worker *w = arg;
	char owner[32];
	struct cert_due *due = NULL;
	struct store *st = NULL;
	struct err e = { 0 };
	int64_t now = 5000;
	size_t n = 0, i;
	int got;

	snprintf(owner, sizeof(owner), "test:%d", w->index);
	if (store_open(db_path, &st, &e) != RC_OK) {
		note(w, &e);
		return NULL;
	}
	if (store_cert_list_due(st, now, &due, &n, &e) != RC_OK)
		note(w, &e);
	for (i = 0; i < n; i++) {
		got = 0;
		err_clear(&e);
		if (store_lease_acquire_due(st, due[i].id, owner, now, 300,
					    &got, &e) != RC_OK) {
			note(w, &e);
			continue;
		}
		if (!got)
			continue;
		if (store_begin(st, &e) != RC_OK ||
		    store_cert_set_renewal(st, due[i].id, now + 86400,
					   "renewed", &e) != RC_OK ||
		    store_event_append(st, 0, due[i].id, 0, "renewal", EV_INFO,
				       owner, NULL, &e) != RC_OK ||
		    store_commit(st, &e) != RC_OK) {
			store_rollback(st);
			note(w, &e);
		} else {
			w->renewed++;
		}
		if (store_lease_release(st, due[i].id, owner, &e) != RC_OK)
			note(w, &e);
	}
	cert_due_free(due, n);
	store_close(st);
	return NULL;
}

/* Opens the not yet existing inventory at the same time as the others:
 * one creates the schema, the others wait and find it done. */
static void *opener(void *arg)
{
	struct worker *w = arg;
	struct store *st = NULL;
	struct err e = { 0 };

	if (store_open(db_path, &st, &e) != RC_OK)
		note(w, &e);
	store_close(st);
	return NULL;
}

/* Starts N_THREADS of fn, joins them, reports errors; returns the total
 * of w->renewed. */
static int run(void *(*fn)(void *), const char *what)
{
	struct worker w[N_THREADS];
	int i, errors = 0, renewed = 0;

	memset(w, 0, sizeof(w));
	for (i = 0; i < N_THREADS; i++) {
		w[i].index = i;
		pthread_create(&w[i].tid, NULL, fn, &w[i]);
	}
	for (i = 0; i < N_THREADS; i++) {
		pthread_join(w[i].tid, NULL);
		errors += w[i].errors;
		renewed += w[i].renewed;
		if (w[i].errors)
			printf("# %s thread %d: %s\n", what, i,
			       w[i].first_error);
	}
	is_int(errors, 0, "%s: %d threads, no errors", what, N_THREADS);
	return renewed;
}

int main(void)
{
	struct event_row *ev = NULL;
	struct store *st = NULL;
	struct err e = { 0 };
	char *dir = tdir_make(), name[16];
	size_t n = 0, i, renew_events = 0;
	int64_t acct;
	int renewed;

	db_path = tpath(dir, "conc.db");
	run(opener, "first opens");
	ok(store_open(db_path, &st, &e) == RC_OK, "open");
	acct = fx_account(st, "a");
	for (i = 0; i < N_DUE; i++) {
		snprintf(name, sizeof(name), "c%zu", i);
		cert_ids[i] = fx_cert(st, name, acct, 1);
		fx_due(st, cert_ids[i], CERT_STAGE_MONITORING, 1000);
	}
	store_close(st);
	st = NULL;

	run(writer, "writers");
	renewed = run(renewer, "renewers");
	is_int(renewed, N_DUE, "every due certificate renewed exactly once");

	store_open(db_path, &st, &e);
	store_event_list(st, EVENT_LIST_MAX, EV_INFO, &ev, &n, &e);
	is_int(n, N_THREADS * N_ROUNDS * 2 + N_DUE, "every event stored");
	for (i = 0; i < n; i++)
		if (ev[i].stage && strcmp(ev[i].stage, "renewal") == 0)
			renew_events++;
	is_int(renew_events, N_DUE, "one renewal event per certificate");
	event_rows_free(ev, n);
	store_close(st);
	tdir_remove(dir);
	free(dir);
	free(db_path);
	return tap_done();
}
