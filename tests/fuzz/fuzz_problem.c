/* SPDX-License-Identifier: ISC */
/* fuzz_problem.c - libFuzzer harness for problem_parse(): whatever a
 * server puts in a problem document, the operator sees one clean line. */
#include "config.h"

#include "acme/problem.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct acme_problem p = { 0 };
	struct err e = { 0 }, pe = { 0 };
	enum rc rc;

	if (problem_parse((const char *)data, size, &p, &e) == RC_OK) {
		FUZZ_CHECK(p.type && p.detail && p.summary);
		fuzz_check_clean(p.type);
		fuzz_check_clean(p.detail);
		fuzz_check_clean(p.summary);
		FUZZ_CHECK(strlen(p.summary) <= PROBLEM_SUMMARY_MAX);
		FUZZ_CHECK(problem_short_type(&p) != NULL);
		(void)problem_is(&p, "badNonce");
		rc = problem_to_err(&p, "fuzz", &pe);
		FUZZ_CHECK(rc == RC_CA || rc == RC_RATELIMIT);
		fuzz_check_err(&pe);
	} else {
		FUZZ_CHECK(e.rc != RC_OK);
	}
	fuzz_check_err(&e);
	problem_clear(&p);
	return 0;
}
