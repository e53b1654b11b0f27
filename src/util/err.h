/* SPDX-License-Identifier: ISC */
/* err.h - the one error vocabulary of acmetui.
 *
 * Every fallible function returns an enum rc (0 = OK) and, when it
 * fails, records a one-line detail in a caller-supplied struct err.  The
 * first failure's detail wins (as curl's Curl_failf): later, more generic
 * failures up the call stack do not overwrite the precise one.
 */
#ifndef ACMETUI_ERR_H
#define ACMETUI_ERR_H

#include <stdarg.h>
#include <stddef.h>

#include "util/i18n.h"

/* X(name, kind, message): stable numeric values, in this order, forever.
 * kind is the stable name scripts see in --json errors ("kind" of the
 * error object, man page JSON OUTPUT): several codes share one kind, and
 * a kind, once published, is never renamed or removed. */
#define RC_LIST(X) \
	X(RC_OK, "ok", N_("success")) \
	X(RC_NOMEM, "system", N_("out of memory")) \
	X(RC_SYS, "system", N_("system error")) \
	X(RC_USAGE, "usage", N_("invalid usage")) \
	X(RC_INPUT, "input", N_("invalid input")) \
	X(RC_NOTFOUND, "not_found", N_("not found")) \
	X(RC_EXISTS, "conflict", N_("already exists")) \
	X(RC_NET, "network", N_("network error")) \
	X(RC_TLS, "network", N_("TLS error")) \
	X(RC_TIMEOUT, "network", N_("timed out")) \
	X(RC_TOOBIG, "ca", N_("response too large")) \
	X(RC_PROTO, "ca", N_("unexpected response from the ACME server")) \
	X(RC_CA, "ca", N_("the CA refused the request")) \
	X(RC_RATELIMIT, "rate_limited", N_("rate limited by the CA")) \
	X(RC_PENDING, "pending", N_("not finished yet; run again later")) \
	X(RC_CRYPTO, "crypto", N_("cryptographic error")) \
	X(RC_DB, "inventory", N_("inventory error")) \
	X(RC_DB_BUSY, "inventory", \
	  N_("inventory is locked by another process")) \
	X(RC_DB_SCHEMA, "inventory", \
	  N_("inventory was written by a newer acmetui")) \
	X(RC_SOLVER, "solver", N_("challenge solver failed")) \
	X(RC_HOOK, "hook", N_("hook command failed"))

enum rc {
#define RC_ENUM(name, kind, msg) name,
	RC_LIST(RC_ENUM)
#undef RC_ENUM
		RC__COUNT
};

#define ERR_MSG_MAX 512

struct err {
	enum rc rc;	       /* RC_OK until the first err_set() */
	char msg[ERR_MSG_MAX]; /* sanitized one-line detail, "" if none */
};

/* Returns the translated generic message for rc (never NULL). */
const char *rc_str(enum rc rc);

/* Returns the stable machine name of rc's kind ("usage", "not_found",
 * "inventory", ...; never translated, never NULL). */
const char *rc_kind(enum rc rc);

/* Records rc and a printf-style detail in e unless e already holds an
 * error (first failure wins).  The detail is sanitized to one printable
 * line.  e may be NULL.  Returns rc so callers can write
 * `return err_set(e, RC_INPUT, ...)`. */
enum rc err_set(struct err *e, enum rc rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
enum rc err_vset(struct err *e, enum rc rc, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/* Replaces whatever e holds; used when a caller deliberately adds context
 * ("shop: <detail>").  e may be NULL. */
enum rc err_prefix(struct err *e, const char *prefix);

/* Resets e to "no error". */
void err_clear(struct err *e);

/* The text to show an operator: the detail when present, else the generic
 * message.  Borrowed from e (or static). */
const char *err_text(const struct err *e);

#endif
