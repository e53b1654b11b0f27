/* run.h - run a notification hook with data on its stdin.
 *
 * The hook runs WITHOUT a shell (argv from dns01_hook_split()), in its
 * own process group, with the environment of acmetui minus every
 * ACMETUI_* and CERTBOT_* variable (acmetui's own settings, such as
 * ACMETUI_EAB_HMAC_KEY, stay home), stdin a pipe carrying `input` then
 * EOF, stdout and stderr one pipe of which NOTIFY_RUN_OUTPUT_MAX bytes
 * are kept (the rest is read and dropped), no other descriptors.  Keys
 * never reach it: they are not in acmetui's environment, arguments or
 * the input.  It may run timeout_ms; then its group gets SIGTERM and,
 * NOTIFY_RUN_KILL_GRACE_MS later, SIGKILL.  A hook that does not read
 * its stdin is fine (SIGPIPE is held off while writing). */
#ifndef ACMETUI_NOTIFY_RUN_H
#define ACMETUI_NOTIFY_RUN_H

#include <stddef.h>

#include "util/err.h"

#define NOTIFY_RUN_TIMEOUT_MS 10000
#define NOTIFY_RUN_KILL_GRACE_MS 1000
#define NOTIFY_RUN_OUTPUT_MAX 4096

/* Runs argv (argv[0] searched in PATH when it has no '/') with len bytes
 * of input on stdin, bounded as above.  RC_OK when it exits 0; RC_HOOK
 * (non-zero exit, a signal, cannot start) or RC_TIMEOUT with e naming
 * the command and the first line of its output. */
enum acme_rc notify_run(const char *const *argv, const char *input,
			size_t len, int timeout_ms, struct err *e);

#endif
