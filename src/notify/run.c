/* SPDX-License-Identifier: ISC */
/* run.c - a notification hook with its event on stdin (see run.h): the
 * notification's bounds around util/proc.h's runner. */
#include "config.h"

#include <string.h>

#include "notify/run.h"
#include "util/i18n.h"
#include "util/proc.h"
#include "util/shellcmd.h"

enum rc notify_run(const char *const *argv, const char *input, size_t len,
		   int timeout_ms, struct err *e)
{
	struct proc_spec spec = { 0 };
	struct proc_result res;
	char cmd[128] = "", how[ERR_MSG_MAX];
	enum rc rc;

	shellcmd_name(argv, cmd, sizeof(cmd));
	spec.argv = argv;
	spec.input = input != NULL ? input : "";
	spec.input_len = input != NULL ? len : 0;
	spec.timeout_ms = timeout_ms > 0 ? timeout_ms : NOTIFY_RUN_TIMEOUT_MS;
	spec.kill_grace_ms = NOTIFY_RUN_KILL_GRACE_MS;
	spec.output_max = NOTIFY_RUN_OUTPUT_MAX;
	rc = proc_run(&spec, &res, NULL);
	if (rc == RC_OK)
		rc = proc_result_rc(&res);
	if (rc != RC_OK)
		err_set(e, rc, _("notify hook %s %s"), cmd,
			proc_result_text(&res, how, sizeof(how)));
	return rc;
}
