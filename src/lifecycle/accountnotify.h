/* SPDX-License-Identifier: ISC */
/* accountnotify.h - an account's own notify hook, set by the operator:
 * the call behind `acmetui account set NAME --notify-cmd CMD`. */
#ifndef ACMETUI_LIFECYCLE_ACCOUNTNOTIFY_H
#define ACMETUI_LIFECYCLE_ACCOUNTNOTIFY_H

#include "db/store.h"
#include "util/err.h"

/* Gives the account called name the notify hook cmd ("" clears it: the
 * account's events go to the global hook again), with one "account"
 * event, in one transaction.  The event does not quote the command,
 * which may carry a token.  Refused before anything is written: a NULL
 * cmd, or one that is not blank and shellcmd_check() refuses
 * (RC_USAGE); RC_NOTFOUND for an unknown account. */
enum rc lc_account_set_notify(struct store *st, const char *name,
			      const char *cmd, struct err *e);

#endif
