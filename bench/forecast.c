/* SPDX-License-Identifier: ISC */
/* forecast.c - times the forecast screen's queries on an inventory.
 *
 * Usage: forecast DB [RUNS]
 * Runs store_forecast() by week, by account and by CA, and the list of
 * week 0, RUNS times each (default 7), and prints the median CPU time
 * of each in milliseconds, with the counts seen (so a run that counted
 * nothing is visible). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "db/store.h"
#include "db/store_forecast.h"

#define RUNS_MAX 101

/* CPU time of this process: the machine is shared, so wall time says
 * as much about the neighbours as about the query. */
static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Times one grouping; returns the median in ms, *counted the total. */
static double time_forecast(struct store *st, enum fc_by by, int64_t now,
			    int runs, int64_t *counted)
{
	double t[RUNS_MAX];
	int r, k;

	for (r = 0; r < runs; r++) {
		struct fc_bucket *b = NULL;
		struct err e = { 0 };
		size_t n = 0, i;
		double t0 = now_ms();

		if (store_forecast(st, by, now, now, 13, &b, &n, &e) != RC_OK) {
			fprintf(stderr, "forecast: %s\n", err_text(&e));
			exit(1);
		}
		t[r] = now_ms() - t0;
		*counted = 0;
		for (i = 0; i < n; i++)
			for (k = 0; k < FC__STATES; k++)
				*counted += b[i].renew[k];
		fc_buckets_free(b, n);
	}
	qsort(t, (size_t)runs, sizeof(t[0]), by_double);
	return t[runs / 2];
}

int main(int argc, char **argv)
{
	static const char *const names[] = { "by week", "by account", "by CA" };
	struct store *st = NULL;
	struct err e = { 0 };
	int64_t now = time(NULL), counted = 0;
	int runs = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 7, by;
	double t[RUNS_MAX];

	if (argc < 2 || runs < 1 || runs > RUNS_MAX)
		return fprintf(stderr, "usage: forecast DB [RUNS]\n"), 2;
	if (store_open(argv[1], &st, &e) != RC_OK)
		return fprintf(stderr, "forecast: %s\n", err_text(&e)), 1;
	for (by = FC_BY_WEEK; by <= FC_BY_CA; by++) {
		double ms = time_forecast(st, (enum fc_by)by, now, runs,
					  &counted);

		printf("%-10s %8.1f ms  (%lld renewals counted)\n", names[by],
		       ms, (long long)counted);
	}
	for (by = 0; by < runs; by++) {
		struct fc_cert *c = NULL;
		size_t n = 0;
		double t0 = now_ms();

		if (store_forecast_certs(st, FC_BY_WEEK, now, now, 13, 0, NULL,
					 1000, &c, &n, &e) != RC_OK)
			return fprintf(stderr, "%s\n", err_text(&e)), 1;
		t[by] = now_ms() - t0;
		counted = (int64_t)n;
		fc_certs_free(c, n);
	}
	qsort(t, (size_t)runs, sizeof(t[0]), by_double);
	printf("%-10s %8.1f ms  (%lld listed)\n", "week 0", t[runs / 2],
	       (long long)counted);
	store_close(st);
	return 0;
}
