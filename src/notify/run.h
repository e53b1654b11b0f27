/* SPDX-License-Identifier: ISC */
/* run.h - run a notification hook with data on its stdin.
 *
 * The hook runs through util/proc.h (as /bin/sh -c CMD: shellcmd_argv),
 * which says what it gets: the environment of acmetui minus every
 * ACMETUI_* and CERTBOT_* variable (acmetui's own settings, such as
 * ACMETUI_EAB_HMAC_KEY, stay home), stdin a pipe carrying `input` then
 * EOF (a hook that does not read it is fine), stdout and stderr read and
 * NOTIFY_RUN_OUTPUT_MAX bytes of each looked at, no other descriptors,
 * its own process group.  Keys never reach it: they are not in
 * acmetui's environment, arguments or the input.  It may run timeout_ms;
 * then its group gets SIGTERM and, NOTIFY_RUN_KILL_GRACE_MS later,
 * SIGKILL. */
#ifndef ACMETUI_NOTIFY_RUN_H
#define ACMETUI_NOTIFY_RUN_H

#include <stddef.h>

#include "util/err.h"

#define NOTIFY_RUN_TIMEOUT_MS 10000
#define NOTIFY_RUN_KILL_GRACE_MS 1000
#define NOTIFY_RUN_OUTPUT_MAX 4096

/* Runs argv (argv[0] searched in PATH when it has no '/') with len bytes
 * of input on stdin, bounded as above (timeout_ms <= 0: the default).
 * RC_OK when it exits 0; RC_HOOK (non-zero exit, a signal, cannot start)
 * or RC_TIMEOUT with e naming the command and the first line of its
 * output (stderr's, else stdout's). */
enum rc notify_run(const char *const *argv, const char *input, size_t len,
		   int timeout_ms, struct err *e);

#endif
