/* SPDX-License-Identifier: ISC */
/* runreport.h - after a --renew-due run: syslog lines, notification hook
 * events and expiry warnings (one indexed query on not_after). */
#ifndef ACMETUI_RUNREPORT_H
#define ACMETUI_RUNREPORT_H

#include <stdint.h>

#include "db/store.h"
#include "lifecycle/batch.h"
#include "notify/notify.h"
#include "util/err.h"

/* Where a problem of the reporting itself (a failing hook) is told
 * besides syslog: the CLI prints it on stderr.  msg is sanitized. */
typedef void (*runreport_warn_fn)(void *ud, const char *msg);

/* Logs every renewed and failed certificate of res to syslog and sends
 * it to the hook of the certificate's account (accounts.notify_cmd) or,
 * for accounts without one, to the global hook n (when one is
 * configured); then warns, in syslog and
 * through the hook, about every certificate that reached an expiry
 * threshold at now and was not yet warned about it, and remembers the
 * threshold (only once the hook took it, so a failed warning is sent
 * again by the next run).  Hook failures go to warn and syslog and do not
 * stop the rest.  Returns the inventory's errors only. */
enum rc runreport_send(struct store *st, const struct batch_result *res,
		       const struct notifier *n, int64_t now,
		       runreport_warn_fn warn, void *ud, struct err *e);

#endif
