/* SPDX-License-Identifier: ISC */
/* test_lc_stage.c - the stages events are recorded under (one list,
 * lifecycle/stage.h): each name parses back to its stage and no two
 * stages share a name, each certificate stage has the event stage of
 * the same name, and lc_event() stores and reports a stage by that name
 * (the text the events table, --json and the TUI have always had). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db/store.h"
#include "db/store_events.h"
#include "lifecycle/lc.h"
#include "lifecycle/stage.h"
#include "store_test_util.h"
#include "tap.h"

#define PAIR(c, s) { (int)(c), s },

static const struct {
	int v;
	const char *s;
} stages[] = { LC_STAGE_LIST(PAIR) };
#define N_STAGES (sizeof(stages) / sizeof(stages[0]))

static void test_round_trip(void)
{
	size_t i, j;

	ok(N_STAGES == (size_t)LC_STAGE__INVALID, "%zu stages", N_STAGES);
	for (i = 0; i < N_STAGES; i++) {
		is_str(lc_stage_name((enum lc_stage)stages[i].v), stages[i].s,
		       "stage %d's name", stages[i].v);
		ok(lc_stage_parse(stages[i].s) == (enum lc_stage)stages[i].v,
		   "'%s' parses back", stages[i].s);
		for (j = i + 1; j < N_STAGES; j++)
			if (strcmp(stages[i].s, stages[j].s) == 0)
				break;
		ok(j == N_STAGES, "'%s' names one stage only", stages[i].s);
	}
	is_str(lc_stage_name(LC_STAGE__INVALID), "unknown",
	       "out of range is unknown");
	ok(lc_stage_parse("no-such-stage") == LC_STAGE__INVALID,
	   "an unknown name is invalid");
	ok(lc_stage_parse(NULL) == LC_STAGE__INVALID, "NULL is invalid");
}

static void test_cert_stages(void)
{
	int s;

	for (s = 0; s < (int)CERT_STAGE__INVALID; s++) {
		enum lc_stage l = lc_stage_of_cert((enum cert_stage)s);

		ok(l != LC_STAGE__INVALID,
		   "certificate stage '%s' has an "
		   "event stage",
		   cert_stage_name((enum cert_stage)s));
		is_str(lc_stage_name(l), cert_stage_name((enum cert_stage)s),
		       "under the same name");
	}
	is_str(lc_stage_name(lc_stage_of_cert(CERT_STAGE__INVALID)), "unknown",
	       "an invalid certificate stage stays unknown");
}

static char seen_stage[32];

static void progress(void *ud, const char *subject, const char *stage,
		     const char *level, const char *msg)
{
	(void)ud;
	(void)subject;
	(void)level;
	(void)msg;
	snprintf(seen_stage, sizeof(seen_stage), "%s", stage);
}

/* lc_event() at one stage: the stored row and the progress report both
 * carry its name. */
static void test_event(struct lc *lc, enum lc_stage stage, const char *name)
{
	struct event_row *rows = NULL;
	struct err e = { 0 };
	size_t n = 0;

	seen_stage[0] = '\0';
	ok(lc_event(lc, 0, 0, "example.org", stage, "info", "at %s", name) ==
		   RC_OK,
	   "event at %s recorded", name);
	is_str(seen_stage, name, "progress reports stage %s", name);
	ok(store_event_list(lc->st, 1, EV_INFO, &rows, &n, &e) == RC_OK &&
		   n == 1,
	   "newest event read back");
	is_str(n == 1 ? rows[0].stage : NULL, name, "stored as '%s'", name);
	event_rows_free(rows, n);
}

static void test_events(void)
{
	char *dir = tdir_make();
	char *path = tpath(dir, "inv.db");
	struct store *st = NULL;
	struct err e = { 0 };
	struct lc lc = { 0 };
	size_t i;

	ok(store_open(path, &st, &e) == RC_OK, "inventory opened");
	lc.st = st;
	lc.progress = progress;
	for (i = 0; st != NULL && i < N_STAGES; i++)
		test_event(&lc, (enum lc_stage)stages[i].v, stages[i].s);
	store_close(st);
	tdir_remove(dir);
	free(path);
	free(dir);
}

int main(void)
{
	test_round_trip();
	test_cert_stages();
	test_events();
	return tap_done();
}
