/* SPDX-License-Identifier: ISC */
/* finding.c - the report the checks fill: one finding (result) per
 * check, each a printable line, and the worst of them. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "diagnose/finding.h"
#include "util/safe.h"

const char *doctor_status_name(enum doctor_status s)
{
	switch (s) {
	case DOCTOR_PASS:
		return "pass";
	case DOCTOR_WARN:
		return "warn";
	case DOCTOR_FAIL:
		return "fail";
	}
	return "fail";
}

static void result_clear(struct doctor_result *r)
{
	free(r->check);
	free(r->domain);
	free(r->reason);
	free(r->advice);
	memset(r, 0, sizeof(*r));
}

void doctor_report_clear(struct doctor_report *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++)
		result_clear(&r->v[i]);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

/* A printable copy of s, or NULL for NULL (*fail set on out of memory). */
static char *clean_dup(const char *s, int *fail)
{
	char *d;

	if (s == NULL)
		return NULL;
	d = safe_dup(s);
	if (d == NULL)
		*fail = 1;
	return d;
}

enum rc doctor_add(struct doctor_report *r, const char *check,
		   const char *domain, enum doctor_status status,
		   const char *reason, const char *advice, struct err *e)
{
	struct doctor_result *res;
	int fail = 0;

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		struct doctor_result *v = realloc(r->v, cap * sizeof(*v));

		if (v == NULL)
			return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		r->v = v;
		r->cap = cap;
	}
	res = &r->v[r->n];
	memset(res, 0, sizeof(*res));
	res->check = clean_dup(check, &fail);
	res->domain = clean_dup(domain, &fail);
	res->status = status;
	res->reason = clean_dup(reason ? reason : "", &fail);
	res->advice = clean_dup(advice, &fail);
	if (fail) {
		result_clear(res);
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	}
	r->n++;
	return RC_OK;
}

enum doctor_status doctor_worst(const struct doctor_report *r)
{
	enum doctor_status w = DOCTOR_PASS;
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->v[i].status > w)
			w = r->v[i].status;
	return w;
}
