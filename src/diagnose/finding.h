/* SPDX-License-Identifier: ISC */
/* finding.h - the report doctor's checks fill (finding.c): one result
 * per check, PASS, WARN or FAIL with a one-line reason and, unless it
 * passed, what to do.  The checks and the driver (doctor.c) use it; it
 * uses neither. */
#ifndef ACMETUI_DIAGNOSE_FINDING_H
#define ACMETUI_DIAGNOSE_FINDING_H

#include <stddef.h>

#include "util/err.h"

#define DOCTOR_LINE_MAX 400 /* reason / advice length */

enum doctor_status { DOCTOR_PASS, DOCTOR_WARN, DOCTOR_FAIL };

/* "pass", "warn", "fail" (stable, for --json and the inventory). */
const char *doctor_status_name(enum doctor_status s);

/* One check's outcome.  Strings owned (one printable line each). */
struct doctor_result {
	char *check;  /* "account", "clock", "resolve", "caa", "http-01",
			 * "tls-alpn-01", "dns-01", "rate-limit", "expiry" */
	char *domain; /* NULL for a certificate-wide check */
	enum doctor_status status;
	char *reason;
	char *advice; /* NULL when there is nothing to do */
};

/* The results in the order the checks ran.  Caller-owned; release with
 * doctor_report_clear(). */
struct doctor_report {
	struct doctor_result *v;
	size_t n, cap;
};

/* Frees every result and zeroes r; NULL or zeroed is fine. */
void doctor_report_clear(struct doctor_report *r);

/* Appends a result (copies of the strings; domain and advice may be
 * NULL).  RC_NOMEM (e set) on failure. */
enum rc doctor_add(struct doctor_report *r, const char *check,
		   const char *domain, enum doctor_status status,
		   const char *reason, const char *advice, struct err *e);

/* The worst status in r (PASS for an empty report). */
enum doctor_status doctor_worst(const struct doctor_report *r);

#endif
