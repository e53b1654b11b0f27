/* SPDX-License-Identifier: ISC */
/* store_certs.c - the certificates table and its ordered domains: insert,
 * read one, update, delete.  The list queries are in store_certs_list.c. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db/store_certs.h"
#include "db/store_int.h"
#include "util/safe.h"

/* Defines cert_status_name() and cert_status_parse(). */
STORE_ENUM_DEFINE(cert_status, CERT_STATUS_LIST, CERT_STATUS__INVALID)

/* Defines cert_stage_name() and cert_stage_parse(). */
STORE_ENUM_DEFINE(cert_stage, CERT_STAGE_LIST, CERT_STAGE__INVALID)

/* Longest last_error kept (one line, sanitized). */
#define CERT_ERROR_MAX 1024

void cert_row_clear(struct cert_row *c)
{
	if (c == NULL)
		return;
	free(c->name);
	free(c->account_name);
	free(c->ca_preset);
	free(c->key_type);
	free(c->profile);
	free(c->preferred_chain);
	store_secret_free(c->key_pem);
	free(c->cert_pem);
	free(c->chain_pem);
	free(c->serial);
	free(c->issuer);
	free(c->ari_id);
	free(c->renew_reason);
	free(c->deploy_dir);
	free(c->reload_cmd);
	free(c->probe_endpoints);
	free(c->deploy_owner);
	free(c->deploy_group);
	free(c->deploy_cert_path);
	free(c->deploy_chain_path);
	free(c->deploy_fullchain_path);
	free(c->deploy_key_path);
	free(c->deploy_combined_path);
	free(c->deploy_hook);
	free(c->pre_hook);
	free(c->post_hook);
	free(c->last_error);
	free(c->lease_owner);
	domain_rows_free(c->domains, c->n_domains);
	memset(c, 0, sizeof(*c));
}

static const char sql_insert[] =
	"INSERT INTO certificates (name, account_id, key_type, profile, "
	"preferred_chain, deploy_dir, reload_cmd, probe_endpoints, "
	"created_at, updated_at, deploy_owner, deploy_group, "
	"deploy_cert_mode, deploy_key_mode, deploy_combined, "
	"deploy_cert_path, deploy_chain_path, deploy_fullchain_path, "
	"deploy_key_path, deploy_combined_path, deploy_hook, pre_hook, "
	"post_hook) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?9, ?8, ?8, ?10, ?11, ?12, ?13, "
	"?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)";

/* The certificates row itself. */
static enum rc insert_cert(struct store *st, const struct cert_row *c,
			   int64_t *id, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc ret = RC_OK;
	int rc, ext;

	s = store_stmt(st, sql_insert, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	store_bind_text(s, 1, c->name);
	sqlite3_bind_int64(s, 2, c->account_id);
	store_bind_text(s, 3, c->key_type);
	store_bind_text(s, 4, c->profile);
	store_bind_text(s, 5, c->preferred_chain);
	store_bind_text(s, 6, c->deploy_dir);
	store_bind_text(s, 7, c->reload_cmd);
	sqlite3_bind_int64(s, 8, store_now());
	store_bind_text(s, 9, c->probe_endpoints);
	store_bind_text(s, 10, c->deploy_owner);
	store_bind_text(s, 11, c->deploy_group);
	store_bind_opt_int(s, 12, c->deploy_cert_mode);
	store_bind_opt_int(s, 13, c->deploy_key_mode);
	sqlite3_bind_int(s, 14, c->deploy_combined != 0 ? 1 : 0);
	store_bind_text(s, 15, c->deploy_cert_path);
	store_bind_text(s, 16, c->deploy_chain_path);
	store_bind_text(s, 17, c->deploy_fullchain_path);
	store_bind_text(s, 18, c->deploy_key_path);
	store_bind_text(s, 19, c->deploy_combined_path);
	store_bind_text(s, 20, c->deploy_hook);
	store_bind_text(s, 21, c->pre_hook);
	store_bind_text(s, 22, c->post_hook);
	rc = sqlite3_step(s);
	ext = sqlite3_extended_errcode(st->db);
	if (rc == SQLITE_DONE)
		*id = sqlite3_last_insert_rowid(st->db);
	else if (ext == SQLITE_CONSTRAINT_UNIQUE)
		ret = err_set(e, RC_EXISTS,
			      _("a certificate named %s already exists"),
			      c->name);
	else if (store_is_fk_error(ext))
		ret = err_set(e, RC_NOTFOUND, _("no account with id %lld"),
			      (long long)c->account_id);
	else
		ret = store_sql_err(st, rc, _("adding the certificate"), e);
	store_stmt_done(s);
	return ret;
}

static const char sql_link[] =
	"INSERT INTO cert_domains (cert_id, domain_id, position) "
	"VALUES (?1, ?2, ?3)";

enum rc store_cert_link(struct store *st, int64_t cert_id, int64_t domain_id,
			int pos, const char *name, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc ret;
	int rc;

	s = store_stmt(st, sql_link, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, cert_id);
	sqlite3_bind_int64(s, 2, domain_id);
	sqlite3_bind_int(s, 3, pos);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE)
		ret = RC_OK;
	else if (sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_UNIQUE)
		ret = err_set(e, RC_INPUT, _("domain %s is listed twice"),
			      name);
	else
		ret = store_sql_err(st, rc, _("linking a domain"), e);
	store_stmt_done(s);
	return ret;
}

/* Upserts domain number pos and links it to the certificate. */
static enum rc link_domain(struct store *st, int64_t cert_id,
			   const struct domain_row *d, int pos, struct err *e)
{
	int64_t domain_id = 0;
	enum rc ret;

	ret = store_domain_upsert(st, d, &domain_id, e);
	if (ret != RC_OK)
		return ret;
	return store_cert_link(st, cert_id, domain_id, pos, d->name, e);
}

enum rc store_cert_insert(struct store *st, const struct cert_row *c,
			  int64_t *id, struct err *e)
{
	int64_t cert_id = 0;
	enum rc rc;
	size_t i;

	if (c->name == NULL)
		return err_set(e, RC_INPUT, _("a certificate needs a name"));
	if (c->n_domains == 0 || c->domains == NULL)
		return err_set(e, RC_INPUT,
			       _("certificate %s needs at least one domain"),
			       c->name);
	if (c->n_domains > CERT_MAX_DOMAINS)
		return err_set(e, RC_INPUT,
			       _("certificate %s has %zu domains; at most %d "
				 "are allowed"),
			       c->name, c->n_domains, CERT_MAX_DOMAINS);
	rc = store_atomic_begin(st, 1, e);
	if (rc != RC_OK)
		return rc;
	rc = insert_cert(st, c, &cert_id, e);
	for (i = 0; rc == RC_OK && i < c->n_domains; i++)
		rc = link_domain(st, cert_id, &c->domains[i], (int)i, e);
	rc = store_atomic_end(st, rc, e);
	if (rc == RC_OK && id != NULL)
		*id = cert_id;
	return rc;
}

/* The columns read_cert() expects, in its order. */
#define CERT_COLUMNS \
	"c.id, c.name, c.account_id, a.name, a.ca_preset, c.key_type, " \
	"c.profile, c.preferred_chain, c.stage, c.status, c.key_pem, " \
	"c.cert_pem, c.chain_pem, c.serial, c.issuer, c.not_before, " \
	"c.not_after, c.ari_id, c.renew_at, c.renew_reason, " \
	"c.retry_after, c.fail_count, c.deploy_dir, c.reload_cmd, " \
	"c.last_error, c.lease_owner, c.lease_until, c.revoked_at, " \
	"c.revoke_reason, c.created_at, c.updated_at, c.ari_next_poll, " \
	"c.probe_endpoints, c.deploy_owner, c.deploy_group, " \
	"c.deploy_cert_mode, c.deploy_key_mode, c.deploy_combined, " \
	"c.deploy_cert_path, c.deploy_chain_path, c.deploy_fullchain_path, " \
	"c.deploy_key_path, c.deploy_combined_path, c.account_id IS NULL, " \
	"c.deploy_hook, c.pre_hook, c.post_hook"

/* Fills c from the current row of s.  Returns 0, or -1 when out of memory
 * (c is then cleared). */
static int read_cert(sqlite3_stmt *s, struct cert_row *c)
{
	struct store_row r;
	char *stage = NULL, *status = NULL;

	store_row_init(&r, s);
	c->id = store_row_int(&r);
	c->name = store_row_str(&r);
	c->account_id = store_row_int(&r);
	c->account_name = store_row_str(&r);
	c->ca_preset = store_row_str(&r);
	c->key_type = store_row_str(&r);
	c->profile = store_row_str(&r);
	c->preferred_chain = store_row_str(&r);
	stage = store_row_str(&r);
	status = store_row_str(&r);
	c->key_pem = store_row_str(&r);
	c->cert_pem = store_row_str(&r);
	c->chain_pem = store_row_str(&r);
	c->serial = store_row_str(&r);
	c->issuer = store_row_str(&r);
	c->not_before = store_row_int(&r);
	c->not_after = store_row_int(&r);
	c->ari_id = store_row_str(&r);
	c->renew_at = store_row_int(&r);
	c->renew_reason = store_row_str(&r);
	c->retry_after = store_row_int(&r);
	c->fail_count = store_row_i(&r);
	c->deploy_dir = store_row_str(&r);
	c->reload_cmd = store_row_str(&r);
	c->last_error = store_row_str(&r);
	c->lease_owner = store_row_str(&r);
	c->lease_until = store_row_int(&r);
	c->revoked_at = store_row_int(&r);
	c->revoke_reason = store_row_i(&r);
	c->created_at = store_row_int(&r);
	c->updated_at = store_row_int(&r);
	c->ari_next_poll = store_row_int(&r);
	c->probe_endpoints = store_row_str(&r);
	c->deploy_owner = store_row_str(&r);
	c->deploy_group = store_row_str(&r);
	c->deploy_cert_mode = store_row_i(&r);
	c->deploy_key_mode = store_row_i(&r);
	c->deploy_combined = store_row_i(&r);
	c->deploy_cert_path = store_row_str(&r);
	c->deploy_chain_path = store_row_str(&r);
	c->deploy_fullchain_path = store_row_str(&r);
	c->deploy_key_path = store_row_str(&r);
	c->deploy_combined_path = store_row_str(&r);
	c->watched = store_row_i(&r);
	c->deploy_hook = store_row_str(&r);
	c->pre_hook = store_row_str(&r);
	c->post_hook = store_row_str(&r);
	c->stage = cert_stage_parse(stage);
	c->status = cert_status_parse(status);
	free(stage);
	free(status);
	if (r.oom) {
		cert_row_clear(c);
		return -1;
	}
	return 0;
}

static const char sql_domains[] = "SELECT " DOMAIN_COLUMNS
				  " FROM cert_domains cd "
				  "JOIN domains d ON d.id = cd.domain_id "
				  "WHERE cd.cert_id = ?1 ORDER BY cd.position";

/* Reads the ordered domains of c->id into c. */
static enum rc read_domains(struct store *st, struct cert_row *c, struct err *e)
{
	size_t cap = 0;
	sqlite3_stmt *s = NULL;
	enum rc ret = RC_OK;
	int rc;

	s = store_stmt(st, sql_domains, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, c->id);
	for (;;) {
		rc = sqlite3_step(s);
		if (rc != SQLITE_ROW)
			break;
		if (store_grow((void **)&c->domains, &cap, c->n_domains,
			       sizeof(*c->domains)) != 0 ||
		    store_domain_read(s, 0, &c->domains[c->n_domains]) != 0) {
			ret = err_set(e, RC_NOMEM, _("out of memory"));
			goto out;
		}
		c->n_domains++;
	}
	if (rc != SQLITE_DONE)
		ret = store_sql_err(st, rc, _("reading certificate domains"),
				    e);
out:
	store_stmt_done(s);
	return ret;
}

enum rc store_cert_domains(struct store *st, int64_t cert_id,
			   struct domain_row **rows, size_t *n, struct err *e)
{
	struct cert_row c = { 0 };
	enum rc rc;

	c.id = cert_id;
	rc = read_domains(st, &c, e);
	*rows = rc == RC_OK ? c.domains : NULL;
	*n = rc == RC_OK ? c.n_domains : 0;
	if (rc != RC_OK)
		domain_rows_free(c.domains, c.n_domains);
	return rc;
}

/* The account is joined with LEFT JOIN: a watched certificate has none.
 * Runs a one-certificate SELECT (key bound by the caller) and then the
 * domain query, in one read snapshot. */
static enum rc get_cert(struct store *st, sqlite3_stmt *s, struct cert_row *out,
			struct err *e)
{
	enum rc ret;
	int rc;

	ret = store_atomic_begin(st, 0, e);
	if (ret != RC_OK) {
		store_stmt_done(s);
		return ret;
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if (read_cert(s, out) != 0)
			ret = err_set(e, RC_NOMEM, _("out of memory"));
	} else if (rc == SQLITE_DONE) {
		ret = RC_NOTFOUND;
	} else {
		ret = store_sql_err(st, rc, _("reading a certificate"), e);
	}
	store_stmt_done(s);
	if (ret == RC_OK)
		ret = read_domains(st, out, e);
	ret = store_atomic_end(st, ret, e);
	if (ret != RC_OK)
		cert_row_clear(out);
	return ret;
}

static const char sql_by_name[] =
	"SELECT " CERT_COLUMNS " FROM certificates c "
	"LEFT JOIN accounts a ON a.id = c.account_id WHERE c.name = ?1";

enum rc store_cert_get_by_name(struct store *st, const char *name,
			       struct cert_row *out, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc rc;

	memset(out, 0, sizeof(*out));
	s = store_stmt(st, sql_by_name, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	store_bind_text(s, 1, name);
	rc = get_cert(st, s, out, e);
	if (rc == RC_NOTFOUND)
		err_set(e, rc, _("no certificate named %s"), name);
	return rc;
}

static const char sql_by_id[] =
	"SELECT " CERT_COLUMNS " FROM certificates c "
	"LEFT JOIN accounts a ON a.id = c.account_id WHERE c.id = ?1";

enum rc store_cert_get_by_id(struct store *st, int64_t id, struct cert_row *out,
			     struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc rc;

	memset(out, 0, sizeof(*out));
	s = store_stmt(st, sql_by_id, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, id);
	rc = get_cert(st, s, out, e);
	if (rc == RC_NOTFOUND)
		err_set(e, rc, _("no certificate with id %lld"), (long long)id);
	return rc;
}

static const char sql_set_state[] =
	"UPDATE certificates SET stage = ?2, status = ?3, updated_at = ?4 "
	"WHERE id = ?1";

enum rc store_cert_set_state(struct store *st, int64_t id,
			     enum cert_stage stage, enum cert_status status,
			     struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc rc;

	s = store_stmt(st, sql_set_state, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, cert_stage_name(stage));
	store_bind_text(s, 3, cert_status_name(status));
	sqlite3_bind_int64(s, 4, store_now());
	rc = store_step_one(st, s, _("certificate"), e);
	store_stmt_done(s);
	return rc;
}

static const char sql_set_error[] =
	"UPDATE certificates SET last_error = ?2, updated_at = ?3 "
	"WHERE id = ?1";

enum rc store_cert_set_error(struct store *st, int64_t id, const char *message,
			     struct err *e)
{
	char clean[CERT_ERROR_MAX];
	sqlite3_stmt *s = NULL;
	enum rc rc;

	s = store_stmt(st, sql_set_error, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, id);
	if (message != NULL)
		store_bind_text(s, 2,
				safe_line(clean, sizeof(clean), message,
					  strlen(message)));
	sqlite3_bind_int64(s, 3, store_now());
	rc = store_step_one(st, s, _("certificate"), e);
	store_stmt_done(s);
	return rc;
}

static const char sql_set_issued[] =
	"UPDATE certificates SET key_pem = ?2, cert_pem = ?3, chain_pem = ?4, "
	"serial = ?5, issuer = ?6, not_before = ?7, not_after = ?8, "
	"ari_id = ?9, renew_at = ?10, renew_reason = ?11, stage = ?12, "
	"status = ?13, last_error = NULL, fail_count = 0, "
	"retry_after = NULL, revoked_at = NULL, revoke_reason = NULL, "
	"updated_at = ?14, ari_next_poll = ?15 WHERE id = ?1";

enum rc store_cert_set_issued(struct store *st, int64_t id,
			      const struct cert_issued *r, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc rc;

	s = store_stmt(st, sql_set_issued, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, r->key_pem);
	store_bind_text(s, 3, r->cert_pem);
	store_bind_text(s, 4, r->chain_pem);
	store_bind_text(s, 5, r->serial);
	store_bind_text(s, 6, r->issuer);
	store_bind_opt_int(s, 7, r->not_before);
	store_bind_opt_int(s, 8, r->not_after);
	store_bind_text(s, 9, r->ari_id);
	store_bind_opt_int(s, 10, r->renew_at);
	store_bind_text(s, 11, r->renew_reason);
	store_bind_text(s, 12, cert_stage_name(r->stage));
	store_bind_text(s, 13, cert_status_name(r->status));
	sqlite3_bind_int64(s, 14, store_now());
	store_bind_opt_int(s, 15, r->ari_next_poll);
	rc = store_step_one(st, s, _("certificate"), e);
	store_stmt_done(s);
	return rc;
}

static const char sql_set_renewal[] =
	"UPDATE certificates SET renew_at = ?2, renew_reason = ?3, "
	"updated_at = ?4 WHERE id = ?1";

enum rc store_cert_set_renewal(struct store *st, int64_t id, int64_t renew_at,
			       const char *reason, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc rc;

	s = store_stmt(st, sql_set_renewal, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, id);
	store_bind_opt_int(s, 2, renew_at);
	store_bind_text(s, 3, reason);
	sqlite3_bind_int64(s, 4, store_now());
	rc = store_step_one(st, s, _("certificate"), e);
	store_stmt_done(s);
	return rc;
}

/* One mode: NULL keeps the stored value, a negative one clears it. */
#define MODE_SETTING(col, n) \
	col " = CASE WHEN ?" n " IS NULL THEN " col " WHEN ?" n " < 0 " \
	    "THEN NULL ELSE ?" n " END"

/* One setting: NULL keeps the stored value, "" clears it. */
#define SETTING(col, n) \
	col " = CASE WHEN ?" n " IS NULL THEN " col " WHEN ?" n " = '' " \
	    "THEN NULL ELSE ?" n " END"

static const char sql_set_settings[] =
	"UPDATE certificates SET " SETTING("key_type", "2") ", " SETTING("profile", "3") ", " SETTING("preferred_chain", "4") ", " SETTING("deploy_dir", "5") ", " SETTING("reload_cmd", "6") ", " SETTING("probe_endpoints", "8") ", " SETTING(
		"deploy_owner",
		"9") ", " SETTING("deploy_group",
				  "10") ", " MODE_SETTING("deploy_cert_mode",
							  "11") ", " MODE_SETTING("deploy_key_mode",
										  "12") ", "
											"deploy_combined = coalesce(?13, deploy_combined), " SETTING("deploy_cert_path", "14") ", " SETTING("deploy_chain_path", "15") ", " SETTING(
												"deploy_fullchain_path",
												"16") ", " SETTING("deploy_key_path",
														   "17") ", " SETTING("deploy_combined_path",
																      "18") ", " SETTING("deploy_hook",
																			 "19") ", " SETTING("pre_hook",
																					    "20") ", " SETTING("post_hook",
																							       "21") ", "
																								     "updated_at = ?7 WHERE id = ?1";

/* Binds an integer setting: 0 keeps (NULL), CERT_SETTING_CLEAR clears
 * (-1), else the value. */
static void bind_int_setting(sqlite3_stmt *s, int n, int v)
{
	if (v == 0)
		sqlite3_bind_null(s, n);
	else
		sqlite3_bind_int(s, n, v < 0 ? -1 : v);
}

enum rc store_cert_set_settings(struct store *st, int64_t id,
				const struct cert_settings *cs, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc rc;

	s = store_stmt(st, sql_set_settings, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, cs->key_type);
	store_bind_text(s, 3, cs->profile);
	store_bind_text(s, 4, cs->preferred_chain);
	store_bind_text(s, 5, cs->deploy_dir);
	store_bind_text(s, 6, cs->reload_cmd);
	sqlite3_bind_int64(s, 7, store_now());
	store_bind_text(s, 8, cs->probe_endpoints);
	store_bind_text(s, 9, cs->deploy_owner);
	store_bind_text(s, 10, cs->deploy_group);
	bind_int_setting(s, 11, cs->deploy_cert_mode);
	bind_int_setting(s, 12, cs->deploy_key_mode);
	if (cs->deploy_combined == 0)
		sqlite3_bind_null(s, 13);
	else
		sqlite3_bind_int(s, 13, cs->deploy_combined > 0 ? 1 : 0);
	store_bind_text(s, 14, cs->deploy_cert_path);
	store_bind_text(s, 15, cs->deploy_chain_path);
	store_bind_text(s, 16, cs->deploy_fullchain_path);
	store_bind_text(s, 17, cs->deploy_key_path);
	store_bind_text(s, 18, cs->deploy_combined_path);
	store_bind_text(s, 19, cs->deploy_hook);
	store_bind_text(s, 20, cs->pre_hook);
	store_bind_text(s, 21, cs->post_hook);
	rc = store_step_one(st, s, _("certificate"), e);
	store_stmt_done(s);
	return rc;
}

static const char sql_set_ari[] =
	"UPDATE certificates SET renew_at = coalesce(?3, renew_at), "
	"renew_reason = CASE WHEN ?3 IS NULL THEN renew_reason ELSE ?4 END, "
	"ari_next_poll = ?5, updated_at = ?6 WHERE id = ?1 AND ari_id = ?2";

enum rc store_cert_set_ari(struct store *st, int64_t id, const char *ari_id,
			   int64_t renew_at, const char *reason,
			   int64_t next_poll, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc rc;

	s = store_stmt(st, sql_set_ari, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, ari_id);
	store_bind_opt_int(s, 3, renew_at);
	store_bind_text(s, 4, reason);
	store_bind_opt_int(s, 5, next_poll);
	sqlite3_bind_int64(s, 6, store_now());
	rc = store_step_one(st, s, _("certificate"), e);
	store_stmt_done(s);
	return rc;
}

void cert_leases_free(struct cert_lease *rows, size_t n)
{
	size_t i;

	if (rows == NULL)
		return;
	for (i = 0; i < n; i++)
		free(rows[i].owner);
	free(rows);
}

static const char sql_leased[] =
	"SELECT id, lease_owner FROM certificates "
	"WHERE lease_until >= ?1 AND lease_owner IS NOT NULL";

enum rc store_cert_list_leased(struct store *st, int64_t now,
			       struct cert_lease **rows, size_t *n,
			       struct err *e)
{
	struct cert_lease *arr = NULL;
	size_t count = 0, cap = 0;
	sqlite3_stmt *s = NULL;
	enum rc ret = RC_OK;
	struct store_row r;
	int rc;

	*rows = NULL;
	*n = 0;
	s = store_stmt(st, sql_leased, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, now);
	for (;;) {
		rc = sqlite3_step(s);
		if (rc != SQLITE_ROW)
			break;
		if (store_grow((void **)&arr, &cap, count, sizeof(*arr)) != 0) {
			ret = err_set(e, RC_NOMEM, _("out of memory"));
			goto out;
		}
		store_row_init(&r, s);
		arr[count].id = store_row_int(&r);
		arr[count].owner = store_row_str(&r);
		count++;
		if (r.oom) {
			ret = err_set(e, RC_NOMEM, _("out of memory"));
			goto out;
		}
	}
	if (rc != SQLITE_DONE)
		ret = store_sql_err(st, rc, _("listing leases"), e);
out:
	store_stmt_done(s);
	if (ret != RC_OK) {
		cert_leases_free(arr, count);
		return ret;
	}
	*rows = arr;
	*n = count;
	return RC_OK;
}

static const char sql_set_retry[] =
	"UPDATE certificates SET retry_after = ?2, fail_count = ?3, "
	"updated_at = ?4 WHERE id = ?1";

enum rc store_cert_set_retry(struct store *st, int64_t id, int64_t retry_after,
			     int fail_count, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc rc;

	s = store_stmt(st, sql_set_retry, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, id);
	store_bind_opt_int(s, 2, retry_after);
	sqlite3_bind_int(s, 3, fail_count);
	sqlite3_bind_int64(s, 4, store_now());
	rc = store_step_one(st, s, _("certificate"), e);
	store_stmt_done(s);
	return rc;
}

static const char sql_set_revoked[] =
	"UPDATE certificates SET stage = 'revoked', status = 'ok', "
	"revoked_at = ?2, revoke_reason = ?3, updated_at = ?4 WHERE id = ?1";

enum rc store_cert_set_revoked(struct store *st, int64_t id, int64_t revoked_at,
			       int reason, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc rc;

	s = store_stmt(st, sql_set_revoked, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, revoked_at);
	sqlite3_bind_int(s, 3, reason);
	sqlite3_bind_int64(s, 4, store_now());
	rc = store_step_one(st, s, _("certificate"), e);
	store_stmt_done(s);
	return rc;
}

static const char sql_delete[] = "DELETE FROM certificates WHERE name = ?1";

enum rc store_cert_delete(struct store *st, const char *name, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc rc;

	s = store_stmt(st, sql_delete, e);
	if (s == NULL)
		return e ? e->rc : RC_DB;
	store_bind_text(s, 1, name);
	rc = store_step_done(st, s, _("deleting the certificate"), e);
	if (rc == RC_OK && sqlite3_changes(st->db) == 0)
		rc = err_set(e, RC_NOTFOUND, _("no certificate named %s"),
			     name);
	store_stmt_done(s);
	return rc;
}
