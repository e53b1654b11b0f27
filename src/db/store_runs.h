/* SPDX-License-Identifier: ISC */
/* store_runs.h - one row per --renew-due run, for batch health. */
#ifndef ACMETUI_STORE_RUNS_H
#define ACMETUI_STORE_RUNS_H

#include <stdint.h>

#include "db/store.h"
#include "util/err.h"

/* What a finished run did. */
struct run_result {
	int64_t finished_at;
	int renewed;
	int failed;
	int skipped;
	int exit_status;
};

/* A finished run as read back; host is owned (run_row_clear). */
struct run_row {
	int64_t id;
	int64_t started_at;
	char *host;
	int finished; /* 0 while running (or if it crashed) */
	struct run_result result;
};

void run_row_clear(struct run_row *r);

/* Records the start of a run on host (may be NULL); *id gets its id. */
enum rc store_run_start(struct store *st, int64_t started_at, const char *host,
			int64_t *id, struct err *e);

/* Records how run id ended.  RC_NOTFOUND for an unknown id. */
enum rc store_run_finish(struct store *st, int64_t id,
			 const struct run_result *res, struct err *e);

/* The most recent run into *out (caller clears); RC_NOTFOUND when none. */
enum rc store_run_last(struct store *st, struct run_row *out, struct err *e);

#endif
