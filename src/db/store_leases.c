/* SPDX-License-Identifier: ISC */
/* store_leases.c - the lease columns of the certificates table. */
#include "config.h"

#include <stdint.h>

#include "db/store_int.h"
#include "db/store_leases.h"

static const char sql_acquire[] =
	"UPDATE certificates SET lease_owner = ?2, lease_until = ?3 + ?4 "
	"WHERE id = ?1 AND (lease_until IS NULL OR lease_until < ?3)";

static const char sql_exists[] = "SELECT 1 FROM certificates WHERE id = ?1";

/* RC_OK when certificate id exists, RC_NOTFOUND when not. */
static enum rc cert_exists(struct store *st, int64_t id, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc ret = RC_OK;
	int rc;

	s = store_stmt(st, sql_exists, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE)
		ret = err_set(e, RC_NOTFOUND, _("no certificate with id %lld"),
			      (long long)id);
	else if (rc != SQLITE_ROW)
		ret = store_sql_err(st, rc, _("reading a certificate"), e);
	store_stmt_done(s);
	return ret;
}

/* Checks the lease arguments: a lease needs an owner and a positive
 * time-to-live that cannot overflow. */
static enum rc check_args(const char *owner, int64_t now, int64_t ttl,
			  struct err *e)
{
	if (owner == NULL || owner[0] == '\0')
		return err_set(e, RC_USAGE, _("a lease needs an owner"));
	if (ttl <= 0 || now < 0 || ttl > INT64_MAX - now)
		return err_set(e, RC_USAGE, _("invalid lease time"));
	return RC_OK;
}

/* Runs one of the two acquire UPDATEs (cert ?1, owner ?2, now ?3, ttl ?4). */
static enum rc acquire(struct store *st, const char *sql, int64_t cert_id,
		       const char *owner, int64_t now, int64_t ttl,
		       int *acquired, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc rc;

	*acquired = 0;
	rc = check_args(owner, now, ttl, e);
	if (rc != RC_OK)
		return rc;
	s = store_stmt(st, sql, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, cert_id);
	store_bind_text(s, 2, owner);
	sqlite3_bind_int64(s, 3, now);
	sqlite3_bind_int64(s, 4, ttl);
	rc = store_step_done(st, s, _("taking a certificate lease"), e);
	if (rc == RC_OK)
		*acquired = sqlite3_changes(st->db) == 1;
	store_stmt_done(s);
	/* Not acquired: held by someone, or no such certificate? */
	if (rc == RC_OK && !*acquired)
		rc = cert_exists(st, cert_id, e);
	return rc;
}

enum rc store_lease_acquire(struct store *st, int64_t cert_id,
			    const char *owner, int64_t now, int64_t ttl,
			    int *acquired, struct err *e)
{
	return acquire(st, sql_acquire, cert_id, owner, now, ttl, acquired, e);
}

/* The lease condition plus the due condition of store_cert_list_due(). */
static const char sql_acquire_due[] =
	"UPDATE certificates SET lease_owner = ?2, lease_until = ?3 + ?4 "
	"WHERE id = ?1 AND (lease_until IS NULL OR lease_until < ?3) "
	"AND renew_at <= ?3 AND stage NOT IN ('revoked', 'request') "
	"AND (retry_after IS NULL OR retry_after <= ?3)";

enum rc store_lease_acquire_due(struct store *st, int64_t cert_id,
				const char *owner, int64_t now, int64_t ttl,
				int *acquired, struct err *e)
{
	return acquire(st, sql_acquire_due, cert_id, owner, now, ttl, acquired,
		       e);
}

static const char sql_renew[] = "UPDATE certificates SET lease_until = ?3 + ?4 "
				"WHERE id = ?1 AND lease_owner = ?2";

enum rc store_lease_renew(struct store *st, int64_t cert_id, const char *owner,
			  int64_t now, int64_t ttl, int *held, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc rc;

	*held = 0;
	rc = check_args(owner, now, ttl, e);
	if (rc != RC_OK)
		return rc;
	s = store_stmt(st, sql_renew, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, cert_id);
	store_bind_text(s, 2, owner);
	sqlite3_bind_int64(s, 3, now);
	sqlite3_bind_int64(s, 4, ttl);
	rc = store_step_done(st, s, _("renewing a certificate lease"), e);
	if (rc == RC_OK)
		*held = sqlite3_changes(st->db) == 1;
	store_stmt_done(s);
	return rc;
}

static const char sql_release[] =
	"UPDATE certificates SET lease_owner = NULL, lease_until = NULL "
	"WHERE id = ?1 AND lease_owner = ?2";

enum rc store_lease_release(struct store *st, int64_t cert_id,
			    const char *owner, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc rc;

	if (owner == NULL)
		return err_set(e, RC_USAGE, _("a lease needs an owner"));
	s = store_stmt(st, sql_release, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, cert_id);
	store_bind_text(s, 2, owner);
	rc = store_step_done(st, s, _("releasing a certificate lease"), e);
	store_stmt_done(s);
	return rc;
}
