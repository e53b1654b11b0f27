/* SPDX-License-Identifier: ISC */
/* err.c - error codes, their messages and the first-failure-wins detail. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "util/err.h"
#include "util/safe.h"

static const char *const rc_messages[RC__COUNT] = {
#define RC_MSG(name, kind, msg) [name] = (msg),
	RC_LIST(RC_MSG)
#undef RC_MSG
};

const char *rc_str(enum rc rc)
{
	if ((unsigned)rc >= RC__COUNT)
		return _("unknown error");
	return _(rc_messages[rc]);
}

static const char *const rc_kinds[RC__COUNT] = {
#define RC_KIND(name, kind, msg) [name] = (kind),
	RC_LIST(RC_KIND)
#undef RC_KIND
};

const char *rc_kind(enum rc rc)
{
	if ((unsigned)rc >= RC__COUNT)
		return "system";
	return rc_kinds[rc];
}

enum rc err_vset(struct err *e, enum rc rc, const char *fmt, va_list ap)
{
	char raw[ERR_MSG_MAX];

	if (e == NULL || e->rc != RC_OK || rc == RC_OK)
		return rc;
	e->rc = rc;
	vsnprintf(raw, sizeof(raw), fmt, ap);
	safe_line(e->msg, sizeof(e->msg), raw, strlen(raw));
	return rc;
}

enum rc err_set(struct err *e, enum rc rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vset(e, rc, fmt, ap);
	va_end(ap);
	return rc;
}

enum rc err_prefix(struct err *e, const char *prefix)
{
	char tmp[2 * ERR_MSG_MAX + 8];

	if (e == NULL)
		return RC_OK;
	snprintf(tmp, sizeof(tmp), "%s: %s", prefix, err_text(e));
	safe_line(e->msg, sizeof(e->msg), tmp, strlen(tmp));
	return e->rc;
}

void err_clear(struct err *e)
{
	if (e == NULL)
		return;
	e->rc = RC_OK;
	e->msg[0] = '\0';
}

const char *err_text(const struct err *e)
{
	if (e == NULL)
		return "";
	if (e->msg[0] != '\0')
		return e->msg;
	return rc_str(e->rc);
}
