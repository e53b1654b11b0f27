/* SPDX-License-Identifier: ISC */
/* accountnotify.c - lc_account_set_notify(): an account's notify hook
 * changed by the operator, checked and written with its event. */
#include "config.h"

#include <string.h>

#include "db/store_accounts.h"
#include "db/store_events.h"
#include "lifecycle/accountnotify.h"
#include "util/i18n.h"
#include "util/shellcmd.h"

/* A hook that is set must be runnable; blanks, as `account add
 * --notify-cmd` takes them, are not checked. */
static enum rc check_cmd(const char *cmd, struct err *e)
{
	if (cmd == NULL)
		return err_set(e, RC_USAGE, "%s",
			       _("no notify hook given (\"\" clears it)"));
	if (cmd[strspn(cmd, " \t")] == '\0')
		return RC_OK;
	return shellcmd_check(cmd, e);
}

/* The writes, inside the caller's transaction.  The hook first: its
 * refusal of an unknown name is the one the operator sees. */
static enum rc write_all(struct store *st, const char *name, const char *cmd,
			 struct err *e)
{
	struct acct_row a = { 0 };
	enum rc rc;

	rc = store_account_set_notify_cmd(st, name, cmd, e);
	if (rc == RC_OK)
		rc = store_account_get_by_name(st, name, &a, e);
	if (rc == RC_OK)
		rc = store_event_append(
			st, 0, 0, a.id, "account", EV_INFO,
			cmd[0] != '\0'
				? _("notify hook set by the operator")
				: _("notify hook cleared by the operator: "
				    "events go to the global hook"),
			NULL, e);
	acct_row_clear(&a);
	return rc;
}

enum rc lc_account_set_notify(struct store *st, const char *name,
			      const char *cmd, struct err *e)
{
	enum rc rc;

	rc = check_cmd(cmd, e);
	if (rc != RC_OK)
		return rc;
	if (store_begin(st, e) != RC_OK)
		return e->rc;
	rc = write_all(st, name, cmd, e);
	if (rc == RC_OK)
		rc = store_commit(st, e);
	if (rc != RC_OK)
		store_rollback(st);
	return rc;
}
