/* SPDX-License-Identifier: ISC */
/* store_forecast.h - the fleet's next weeks in one aggregate query: how
 * many certificates renew and how many would expire if nothing renewed
 * them, per week (or per account, or per CA), by state; and the
 * certificates behind one such count.  For the forecast screen. */
#ifndef ACMETUI_STORE_FORECAST_H
#define ACMETUI_STORE_FORECAST_H

#include <stddef.h>
#include <stdint.h>

#include "db/store.h"
#include "util/err.h"

#define FC_WEEK_SECS (7 * 86400)
/* Most weeks one forecast covers. */
#define FC_WEEKS_MAX 53

/* A certificate's state, as the dashboard tells it (ui/certview.c's
 * cert_health_of, without "new" and "revoked", which are not counted):
 * expired before failing before due. */
enum fc_state { FC_VALID, FC_DUE, FC_FAILING, FC_EXPIRED, FC__STATES };

/* How the counts are grouped. */
enum fc_by {
	FC_BY_WEEK,
	FC_BY_ACCOUNT, /* the account's name */
	FC_BY_CA       /* the account's CA preset, else its directory URL */
};

/* The counts of one week or group.  key is owned (NULL for weeks, and
 * for the group of watched certificates, which have no account). */
struct fc_bucket {
	int week; /* FC_BY_WEEK: 0 .. weeks - 1 */
	char *key;
	int64_t renew[FC__STATES];  /* renewal time in the bucket */
	int64_t expire[FC__STATES]; /* expiry in the bucket */
};

void fc_buckets_free(struct fc_bucket *b, size_t n);

/* Counts the certificates that were issued and are not revoked: those
 * whose renewal time is before start + weeks * 7 days and those whose
 * expiry is, each by its state at time now.  With FC_BY_WEEK, week k
 * starts at start + k weeks, and a renewal or expiry already past counts
 * in week 0 (it needs action now); *out gets exactly weeks buckets.
 * Otherwise one bucket per account or CA that has any, by key (watched
 * certificates first, key NULL).  One aggregate query: range scans of
 * the renew_at and not_after indexes, no row leaves SQLite.  weeks is
 * 1..FC_WEEKS_MAX (RC_USAGE otherwise).  *out (free with
 * fc_buckets_free) may be NULL when *n is 0. */
enum rc store_forecast(struct store *st, enum fc_by by, int64_t now,
		       int64_t start, int weeks, struct fc_bucket **out,
		       size_t *n, struct err *e);

/* One certificate behind a count. */
struct fc_cert {
	int64_t id;
	char *name;    /* owned, like account */
	char *account; /* NULL when watched */
	enum fc_state state;
	int64_t renew_at; /* 0: none */
	int64_t not_after;
};

void fc_certs_free(struct fc_cert *c, size_t n);

/* The certificates store_forecast() counted in one bucket: with
 * FC_BY_WEEK those renewing or expiring in week `week` (week 0 with
 * what is already past), else those renewing or expiring before the
 * end whose account (FC_BY_ACCOUNT) or CA (FC_BY_CA) is key (NULL: the
 * watched ones).  Soonest first, at most max.  *out (free with
 * fc_certs_free) may be NULL when *n is 0. */
enum rc store_forecast_certs(struct store *st, enum fc_by by, int64_t now,
			     int64_t start, int weeks, int week,
			     const char *key, size_t max, struct fc_cert **out,
			     size_t *n, struct err *e);

#endif
