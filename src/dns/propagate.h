/* SPDX-License-Identifier: ISC */
/* propagate.h - wait until DNS-01 TXT records can be seen where the CA
 * will look: at every authoritative server of their zone (default), or
 * at one resolver, polling quickly first and then about once a second,
 * for a bounded time.  A timeout names the record, the server and what
 * it lacks. */
#ifndef ACMETUI_DNS_PROPAGATE_H
#define ACMETUI_DNS_PROPAGATE_H

#include <stddef.h>

#include "dns/resolve.h"
#include "util/err.h"

#define DNS_WAIT_TIMEOUT_MS_DEFAULT 120000
#define DNS_WAIT_INTERVAL_MS_DEFAULT 1000
#define DNS_WAIT_PROGRESS_MS 10000 /* "still waiting" at most this often */

/* Where to look. */
enum dns_check_mode {
	DNS_CHECK_AUTHORITATIVE, /* ask each authoritative server directly */
	DNS_CHECK_RESOLVER,	 /* ask the resolver (dns_opts.server or the
				  * system's) only */
	DNS_CHECK_NONE,		 /* do not look: ready at once */
};

/* Receives one progress line (already safe to show). */
typedef void (*dns_progress_fn)(void *arg, const char *message);

/* Records to wait for: every value of each must be visible at name. */
struct dns_wait_record {
	const char *name;
	const char *const *values;
	size_t nvalues;
};

struct dns_wait_opts {
	struct dns_opts dns; /* resolver; timeout_ms per lookup */
	enum dns_check_mode mode;
	int timeout_ms;		  /* whole wait; 0 = default (120 s) */
	int interval_ms;	  /* between rounds; 0 = default (1 s) */
	dns_progress_fn progress; /* may be NULL */
	void *progress_arg;
};

/* Waits until every record's values are visible (see mode), or the time
 * is up: RC_TIMEOUT with e naming the record, the server that lacks a
 * value and the value (or the server's error).  RC_OK at once for
 * DNS_CHECK_NONE or n == 0. */
enum rc dns_wait_visible(const struct dns_wait_opts *w,
			 const struct dns_wait_record *recs, size_t n,
			 struct err *e);

#endif
