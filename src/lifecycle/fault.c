/* SPDX-License-Identifier: ISC */
/* fault.c - test-only crash points (see fault.h). */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "lifecycle/fault.h"
#include "util/env.h"

void fault_point(const char *point)
{
	const char *want = env_get()->fault;

	if (want != NULL && strcmp(want, point) == 0)
		raise(SIGKILL);
}
