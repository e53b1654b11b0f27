/* SPDX-License-Identifier: ISC */
/* store_certs_watch.c - watched certificates: certificates acmetui did not
 * issue, kept in the inventory to watch their expiry (`cert import`).
 * See store_certs.h for what sets them apart. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db/store_certs.h"
#include "db/store_events.h"
#include "db/store_int.h"

static const char sql_find[] =
	"SELECT id, account_id IS NULL FROM certificates WHERE name = ?1";

/* Looks name up: *id 0 when there is none, else its id and *watched. */
static enum rc find_cert(struct store *st, const char *name, int64_t *id,
			 int *watched, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc ret = RC_OK;
	int rc;

	*id = 0;
	*watched = 0;
	s = store_stmt(st, sql_find, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	store_bind_text(s, 1, name);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		*watched = sqlite3_column_int(s, 1);
	} else if (rc != SQLITE_DONE) {
		ret = store_sql_err(st, rc, _("reading a certificate"), e);
	}
	store_stmt_done(s);
	return ret;
}

/* Never a key, a renewal time or ARI: nothing acmetui could renew. */
static const char sql_insert[] =
	"INSERT INTO certificates (name, account_id, stage, status, serial, "
	"issuer, not_before, not_after, cert_pem, chain_pem, "
	"probe_endpoints, created_at, updated_at) "
	"VALUES (?1, NULL, 'monitoring', 'ok', ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
	"?9, ?9)";

static const char sql_update[] =
	"UPDATE certificates SET stage = 'monitoring', status = 'ok', "
	"serial = ?2, issuer = ?3, not_before = ?4, not_after = ?5, "
	"cert_pem = ?6, chain_pem = ?7, "
	"probe_endpoints = coalesce(?8, probe_endpoints), updated_at = ?9, "
	"last_error = NULL, revoked_at = NULL, revoke_reason = NULL, "
	"renew_at = NULL, renew_reason = NULL, ari_id = NULL, "
	"ari_next_poll = NULL, retry_after = NULL, fail_count = 0 "
	"WHERE id = ?1 AND account_id IS NULL";

/* Inserts (id 0) or updates (id set) the certificates row of w. */
static enum rc write_row(struct store *st, const struct cert_watch *w,
			 int64_t *id, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc ret;

	s = store_stmt(st, *id == 0 ? sql_insert : sql_update, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	if (*id == 0)
		store_bind_text(s, 1, w->name);
	else
		sqlite3_bind_int64(s, 1, *id);
	store_bind_text(s, 2, w->serial);
	store_bind_text(s, 3, w->issuer);
	store_bind_opt_int(s, 4, w->not_before);
	store_bind_opt_int(s, 5, w->not_after);
	store_bind_text(s, 6, w->cert_pem);
	store_bind_text(s, 7, w->chain_pem);
	store_bind_text(s, 8, w->probe_endpoints);
	sqlite3_bind_int64(s, 9, store_now());
	if (*id == 0) {
		ret = store_step_done(st, s, _("adding the certificate"), e);
		if (ret == RC_OK)
			*id = sqlite3_last_insert_rowid(st->db);
	} else {
		ret = store_step_one(st, s, _("certificate"), e);
	}
	store_stmt_done(s);
	return ret;
}

static const char sql_unlink[] = "DELETE FROM cert_domains WHERE cert_id = ?1";

/* Drops the certificate's name links (a re-import relinks them). */
static enum rc unlink_domains(struct store *st, int64_t cert_id, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc ret;

	s = store_stmt(st, sql_unlink, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, cert_id);
	ret = store_step_done(st, s, _("updating certificate domains"), e);
	store_stmt_done(s);
	return ret;
}

/* A name new to the inventory gets the default settings; an existing
 * domain, maybe validated for a certificate acmetui issues, keeps its. */
static const char sql_domain_ensure[] =
	"INSERT INTO domains (name, ident_type, created_at, updated_at) "
	"VALUES (?1, ?2, ?3, ?3) ON CONFLICT (name) DO NOTHING";
static const char sql_domain_id[] = "SELECT id FROM domains WHERE name = ?1";

/* Ensures domain d exists and links it at position pos. */
static enum rc link_domain(struct store *st, int64_t cert_id,
			   const struct domain_row *d, int pos, struct err *e)
{
	sqlite3_stmt *s = NULL;
	int64_t domain_id = 0;
	enum rc ret;
	int rc;

	s = store_stmt(st, sql_domain_ensure, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	store_bind_text(s, 1, d->name);
	store_bind_text(s, 2, dom_ident_name(d->ident_type));
	sqlite3_bind_int64(s, 3, store_now());
	ret = store_step_done(st, s, _("adding a domain"), e);
	store_stmt_done(s);
	if (ret != RC_OK)
		return ret;
	s = store_stmt(st, sql_domain_id, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	store_bind_text(s, 1, d->name);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		domain_id = sqlite3_column_int64(s, 0);
	else
		ret = store_sql_err(st, rc == SQLITE_DONE ? SQLITE_ERROR : rc,
				    _("adding a domain"), e);
	store_stmt_done(s);
	if (ret != RC_OK)
		return ret;
	return store_cert_link(st, cert_id, domain_id, pos, d->name, e);
}

/* The writes of store_cert_watch_put(), inside its atomic section. */
static enum rc put(struct store *st, const struct cert_watch *w,
		   int64_t *cert_id, int *created, struct err *e)
{
	enum rc rc;
	int watched = 0;
	size_t i;

	rc = find_cert(st, w->name, cert_id, &watched, e);
	if (rc != RC_OK)
		return rc;
	if (*cert_id != 0 && !watched)
		return err_set(e, RC_EXISTS,
			       _("a certificate named %s exists and is issued "
				 "by acmetui; import under another --name"),
			       w->name);
	*created = *cert_id == 0;
	rc = write_row(st, w, cert_id, e);
	if (rc == RC_OK && !*created)
		rc = unlink_domains(st, *cert_id, e);
	for (i = 0; rc == RC_OK && i < w->n_domains; i++)
		rc = link_domain(st, *cert_id, &w->domains[i], (int)i, e);
	if (rc == RC_OK && w->event != NULL)
		rc = store_event_append(st, 0, *cert_id, 0, "monitoring",
					w->event_level, w->event, NULL, e);
	return rc;
}

enum rc store_cert_watch_put(struct store *st, const struct cert_watch *w,
			     int64_t *id, int *created, struct err *e)
{
	int64_t cert_id = 0;
	int is_new = 0;
	enum rc rc;

	if (w->name == NULL || w->name[0] == '\0')
		return err_set(e, RC_INPUT, _("a certificate needs a name"));
	if (w->cert_pem == NULL || w->not_after == 0)
		return err_set(e, RC_INPUT,
			       _("certificate %s: no certificate to watch"),
			       w->name);
	if (w->n_domains > CERT_MAX_DOMAINS ||
	    (w->n_domains > 0 && w->domains == NULL))
		return err_set(e, RC_INPUT,
			       _("certificate %s has %zu domains; at most %d "
				 "are allowed"),
			       w->name, w->n_domains, CERT_MAX_DOMAINS);
	rc = store_atomic_begin(st, 1, e);
	if (rc != RC_OK)
		return rc;
	rc = put(st, w, &cert_id, &is_new, e);
	rc = store_atomic_end(st, rc, e);
	if (rc == RC_OK && id != NULL)
		*id = cert_id;
	if (rc == RC_OK && created != NULL)
		*created = is_new;
	return rc;
}
