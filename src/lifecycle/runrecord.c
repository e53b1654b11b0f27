/* SPDX-License-Identifier: ISC */
/* runrecord.c - a --renew-due run's record in the inventory. */
#include "config.h"

#include <unistd.h>

#include "lifecycle/runrecord.h"

enum rc lc_run_begin(struct store *st, int64_t now, int64_t *id, struct err *e)
{
	char host[256] = "";
	enum rc rc;

	*id = 0;
	/* The host names the run in a shared inventory; none is fine. */
	if (gethostname(host, sizeof(host) - 1) != 0)
		host[0] = '\0';
	rc = store_run_start(st, now, host[0] ? host : NULL, id, e);
	if (rc != RC_OK)
		*id = 0;
	return rc;
}

enum rc lc_run_finish(struct store *st, int64_t id, const struct run_result *rr,
		      struct err *e)
{
	return store_run_finish(st, id, rr, e);
}
