/* SPDX-License-Identifier: ISC */
/* migrations.c - the schema history of the inventory, as C strings.
 *
 * Each entry is one migration: it runs inside the caller's write
 * transaction and ends by setting PRAGMA user_version to its number.
 * Append new migrations; never edit a released one (databases in the field
 * have already run it).  A migration that must rebuild a table can rely on
 * foreign_keys being OFF while migrations run (store_open() enables them
 * afterwards) and on migrations_apply() checking foreign keys at the end.
 */
#include "config.h"

#include <stddef.h>

#include "util/i18n.h"

#include "db/migrations.h"

/* Version 1: the initial schema (see db/schema.sql for the commented
 * version of the same statements). */
static const char migration_1[] =
	"CREATE TABLE accounts (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 128),\n"
	"  ca_preset TEXT,\n"
	"  directory_url TEXT NOT NULL CHECK (length(directory_url) >= 1),\n"
	"  environment TEXT NOT NULL DEFAULT 'production'\n"
	"    CHECK (environment IN ('production', 'staging')),\n"
	"  contact TEXT,\n"
	"  eab_kid TEXT,\n"
	"  eab_hmac TEXT,\n"
	"  ca_account_id TEXT,\n"
	"  account_url TEXT,\n"
	"  key_type TEXT,\n"
	"  status TEXT NOT NULL DEFAULT 'pending'\n"
	"    CHECK (status IN ('pending', 'valid', 'deactivated',\n"
	"                      'revoked')),\n"
	"  ca_file TEXT,\n"
	"  tos_url TEXT,\n"
	"  created_at INTEGER NOT NULL,\n"
	"  updated_at INTEGER NOT NULL,\n"
	"  key_pem TEXT,\n"
	"  directory_json TEXT\n"
	");\n"
	"CREATE TABLE domains (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL UNIQUE\n"
	"    CHECK (length(name) BETWEEN 1 AND 253 AND name = lower(name)),\n"
	"  ident_type TEXT NOT NULL DEFAULT 'dns'\n"
	"    CHECK (ident_type IN ('dns', 'ip')),\n"
	"  method TEXT NOT NULL DEFAULT 'http-01'\n"
	"    CHECK (method IN ('http-01', 'dns-01', 'tls-alpn-01')),\n"
	"  webroot TEXT,\n"
	"  http_bind TEXT,\n"
	"  http_port INTEGER CHECK (http_port BETWEEN 1 AND 65535),\n"
	"  tls_port INTEGER CHECK (tls_port BETWEEN 1 AND 65535),\n"
	"  dns_hook TEXT,\n"
	"  rfc2136_server TEXT,\n"
	"  rfc2136_zone TEXT,\n"
	"  tsig_name TEXT,\n"
	"  tsig_alg TEXT,\n"
	"  tsig_secret TEXT,\n"
	"  dns_resolver TEXT,\n"
	"  dns_check TEXT\n"
	"    CHECK (dns_check IN ('authoritative', 'resolver', 'none')),\n"
	"  dns_wait INTEGER CHECK (dns_wait BETWEEN 1 AND 86400),\n"
	"  last_check_at INTEGER,\n"
	"  last_check_result TEXT,\n"
	"  created_at INTEGER NOT NULL,\n"
	"  updated_at INTEGER NOT NULL\n"
	");\n"
	"CREATE TABLE certificates (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 128),\n"
	"  account_id INTEGER NOT NULL\n"
	"    REFERENCES accounts (id) ON DELETE RESTRICT,\n"
	"  key_type TEXT,\n"
	"  profile TEXT,\n"
	"  preferred_chain TEXT,\n"
	"  stage TEXT NOT NULL DEFAULT 'request'\n"
	"    CHECK (stage IN ('request', 'validation', 'issuance',\n"
	"         'installation', 'monitoring', 'renewal',\n"
	"         'revoked', 'expired', 'failed')),\n"
	"  status TEXT NOT NULL DEFAULT 'idle'\n"
	"    CHECK (status IN ('idle', 'running', 'ok', 'error')),\n"
	"  serial TEXT,\n"
	"  issuer TEXT,\n"
	"  not_before INTEGER,\n"
	"  not_after INTEGER,\n"
	"  ari_id TEXT,\n"
	"  renew_at INTEGER,\n"
	"  renew_reason TEXT,\n"
	"  retry_after INTEGER,\n"
	"  fail_count INTEGER NOT NULL DEFAULT 0 CHECK (fail_count >= 0),\n"
	"  deploy_dir TEXT,\n"
	"  reload_cmd TEXT,\n"
	"  last_error TEXT,\n"
	"  lease_owner TEXT,\n"
	"  lease_until INTEGER,\n"
	"  revoked_at INTEGER,\n"
	"  revoke_reason INTEGER CHECK (revoke_reason BETWEEN 0 AND 10),\n"
	"  created_at INTEGER NOT NULL,\n"
	"  updated_at INTEGER NOT NULL,\n"
	"  key_pem TEXT,\n"
	"  cert_pem TEXT,\n"
	"  chain_pem TEXT\n"
	");\n"
	"CREATE INDEX certificates_renew_at ON certificates (renew_at);\n"
	"CREATE INDEX certificates_account ON certificates (account_id);\n"
	"CREATE TABLE cert_domains (\n"
	"  cert_id INTEGER NOT NULL\n"
	"    REFERENCES certificates (id) ON DELETE CASCADE,\n"
	"  domain_id INTEGER NOT NULL\n"
	"    REFERENCES domains (id) ON DELETE RESTRICT,\n"
	"  position INTEGER NOT NULL CHECK (position >= 0),\n"
	"  PRIMARY KEY (cert_id, position),\n"
	"  UNIQUE (cert_id, domain_id)\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX cert_domains_domain ON cert_domains (domain_id);\n"
	"CREATE TABLE orders (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  cert_id INTEGER NOT NULL\n"
	"    REFERENCES certificates (id) ON DELETE CASCADE,\n"
	"  account_id INTEGER NOT NULL\n"
	"    REFERENCES accounts (id) ON DELETE CASCADE,\n"
	"  url TEXT NOT NULL UNIQUE,\n"
	"  status TEXT NOT NULL\n"
	"    CHECK (status IN ('pending', 'ready', 'processing', 'valid',\n"
	"          'invalid', 'abandoned')),\n"
	"  identifiers TEXT NOT NULL,\n"
	"  finalize_url TEXT,\n"
	"  cert_url TEXT,\n"
	"  key_pem TEXT,\n"
	"  replaces TEXT,\n"
	"  error TEXT,\n"
	"  expires_at INTEGER,\n"
	"  created_at INTEGER NOT NULL,\n"
	"  updated_at INTEGER NOT NULL,\n"
	"  completed_at INTEGER\n"
	");\n"
	"CREATE INDEX orders_cert ON orders (cert_id, id);\n"
	"CREATE INDEX orders_account ON orders (account_id, created_at);\n"
	"CREATE TABLE authorizations (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  order_id INTEGER NOT NULL\n"
	"    REFERENCES orders (id) ON DELETE CASCADE,\n"
	"  url TEXT NOT NULL,\n"
	"  identifier TEXT NOT NULL,\n"
	"  wildcard INTEGER NOT NULL DEFAULT 0 CHECK (wildcard IN (0, 1)),\n"
	"  status TEXT NOT NULL\n"
	"    CHECK (status IN ('pending', 'valid', 'invalid', 'deactivated',\n"
	"          'expired', 'revoked')),\n"
	"  challenge_type TEXT,\n"
	"  challenge_url TEXT,\n"
	"  token TEXT,\n"
	"  updated_at INTEGER NOT NULL,\n"
	"  UNIQUE (order_id, url)\n"
	");\n"
	"CREATE TABLE events (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  ts INTEGER NOT NULL,\n"
	"  cert_id INTEGER REFERENCES certificates (id) ON DELETE SET NULL,\n"
	"  account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,\n"
	"  subject TEXT,\n"
	"  stage TEXT,\n"
	"  level TEXT NOT NULL CHECK (level IN ('info', 'warn', 'error')),\n"
	"  message TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX events_cert ON events (cert_id, id);\n"
	"CREATE TABLE renewal_runs (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  started_at INTEGER NOT NULL,\n"
	"  finished_at INTEGER,\n"
	"  host TEXT,\n"
	"  renewed INTEGER NOT NULL DEFAULT 0,\n"
	"  failed INTEGER NOT NULL DEFAULT 0,\n"
	"  skipped INTEGER NOT NULL DEFAULT 0,\n"
	"  exit_status INTEGER\n"
	");\n"
	"PRAGMA application_id = 1633906036;\n"
	"PRAGMA user_version = 1;\n";

/* Version 2 (ARI polling): when the batch should next ask the CA for
 * the certificate's renewal information (RFC 9773 Retry-After), and the
 * index that lets a run with nothing to poll cost one empty range scan
 * (NULL for certificates without ARI); an index on lease_until so that a
 * run finds the leases of crashed runs with one empty range scan too.  Kept as its own constant so that a
 * parallel migration can be renumbered around it. */
static const char migration_2_ari_next_poll[] =
	"ALTER TABLE certificates ADD COLUMN ari_next_poll INTEGER;\n"
	"CREATE INDEX certificates_ari_next_poll\n"
	"  ON certificates (ari_next_poll);\n"
	"CREATE INDEX certificates_lease_until\n"
	"  ON certificates (lease_until);\n"
	"PRAGMA user_version = 2;\n";

/* Version 3: expiry warnings.  The last warning threshold sent for a
 * certificate, keyed on the not_after it was about (a renewed certificate
 * has a new not_after, so its warnings start over without anyone having
 * to reset them); and an index so that "what expires within 30 days" is
 * one range scan. */
static const char migration_3_expiry_notices[] =
	"CREATE INDEX certificates_not_after ON certificates (not_after);\n"
	"CREATE TABLE expiry_notices (\n"
	"  cert_id INTEGER PRIMARY KEY\n"
	"    REFERENCES certificates (id) ON DELETE CASCADE,\n"
	"  not_after INTEGER NOT NULL,\n"
	"  days INTEGER NOT NULL CHECK (days >= 0),\n"
	"  sent_at INTEGER NOT NULL\n"
	");\n"
	"PRAGMA user_version = 3;\n";

/* Version 4: where the certificate is served, for `cert probe` without
 * endpoints and the probe after a renewal ("host:port,host:port"). */
static const char migration_4_probe_endpoints[] =
	"ALTER TABLE certificates ADD COLUMN probe_endpoints TEXT;\n"
	"PRAGMA user_version = 4;\n";

/* Version 5 (batch policies): the command that gets an account's
 * renewal events and expiry warnings instead of the global
 * $ACMETUI_NOTIFY_HOOK (NULL: the global one); and a partial index of
 * the certificates whose deploy failed, which the batch retries as a
 * deploy only: empty in the normal case, so looking costs nothing. */
static const char migration_5_batch_policies[] =
	"ALTER TABLE accounts ADD COLUMN notify_cmd TEXT;\n"
	"CREATE INDEX certificates_deploy_failed ON certificates (id)\n"
	"  WHERE stage = 'installation' AND status = 'error';\n"
	"PRAGMA user_version = 5;\n";

/* Version 6 (deploy targets): who owns the deployed files and with which
 * modes (NULL: 0644 and 0600), whether combined.pem is written, and an
 * explicit absolute path per file (NULL: its default name in deploy_dir).
 * The CHECKs repeat deploy/target.c's rules as a last line: modes the
 * owner can read, a key mode that lets no other user in, absolute
 * paths. */
static const char migration_6_deploy_target[] =
	"ALTER TABLE certificates ADD COLUMN deploy_owner TEXT;\n"
	"ALTER TABLE certificates ADD COLUMN deploy_group TEXT;\n"
	"ALTER TABLE certificates ADD COLUMN deploy_cert_mode INTEGER\n"
	"  CHECK (deploy_cert_mode BETWEEN 256 AND 511);\n"
	"ALTER TABLE certificates ADD COLUMN deploy_key_mode INTEGER\n"
	"  CHECK (deploy_key_mode BETWEEN 256 AND 511\n"
	"         AND (deploy_key_mode & 7) = 0);\n"
	"ALTER TABLE certificates ADD COLUMN deploy_combined INTEGER\n"
	"  NOT NULL DEFAULT 0 CHECK (deploy_combined IN (0, 1));\n"
	"ALTER TABLE certificates ADD COLUMN deploy_cert_path TEXT\n"
	"  CHECK (substr(deploy_cert_path, 1, 1) = '/');\n"
	"ALTER TABLE certificates ADD COLUMN deploy_chain_path TEXT\n"
	"  CHECK (substr(deploy_chain_path, 1, 1) = '/');\n"
	"ALTER TABLE certificates ADD COLUMN deploy_fullchain_path TEXT\n"
	"  CHECK (substr(deploy_fullchain_path, 1, 1) = '/');\n"
	"ALTER TABLE certificates ADD COLUMN deploy_key_path TEXT\n"
	"  CHECK (substr(deploy_key_path, 1, 1) = '/');\n"
	"ALTER TABLE certificates ADD COLUMN deploy_combined_path TEXT\n"
	"  CHECK (substr(deploy_combined_path, 1, 1) = '/');\n"
	"PRAGMA user_version = 6;\n";

/* Version 7: watched certificates.  certificates.account_id becomes
 * nullable: NULL marks a certificate acmetui did not issue and only
 * watches (`cert import`).  SQLite cannot drop a NOT NULL, so the table is
 * rebuilt the documented way (lang_altertable.html, "Making Other Kinds Of
 * Table Schema Changes"): foreign keys are OFF while migrations run, so
 * dropping the old table cascades nothing; the copy keeps every row and
 * id; the indexes are recreated; migrations_apply() runs
 * foreign_key_check afterwards.  Every column, default, CHECK and index is
 * as in version 6 but for that one NOT NULL. */
static const char migration_7_watched_certs[] =
	"CREATE TABLE new_certificates (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 128),\n"
	"  account_id INTEGER\n"
	"    REFERENCES accounts (id) ON DELETE RESTRICT,\n"
	"  key_type TEXT,\n"
	"  profile TEXT,\n"
	"  preferred_chain TEXT,\n"
	"  stage TEXT NOT NULL DEFAULT 'request'\n"
	"    CHECK (stage IN ('request', 'validation', 'issuance',\n"
	"         'installation', 'monitoring', 'renewal',\n"
	"         'revoked', 'expired', 'failed')),\n"
	"  status TEXT NOT NULL DEFAULT 'idle'\n"
	"    CHECK (status IN ('idle', 'running', 'ok', 'error')),\n"
	"  serial TEXT,\n"
	"  issuer TEXT,\n"
	"  not_before INTEGER,\n"
	"  not_after INTEGER,\n"
	"  ari_id TEXT,\n"
	"  renew_at INTEGER,\n"
	"  renew_reason TEXT,\n"
	"  retry_after INTEGER,\n"
	"  fail_count INTEGER NOT NULL DEFAULT 0 CHECK (fail_count >= 0),\n"
	"  deploy_dir TEXT,\n"
	"  reload_cmd TEXT,\n"
	"  last_error TEXT,\n"
	"  lease_owner TEXT,\n"
	"  lease_until INTEGER,\n"
	"  revoked_at INTEGER,\n"
	"  revoke_reason INTEGER CHECK (revoke_reason BETWEEN 0 AND 10),\n"
	"  created_at INTEGER NOT NULL,\n"
	"  updated_at INTEGER NOT NULL,\n"
	"  key_pem TEXT,\n"
	"  cert_pem TEXT,\n"
	"  chain_pem TEXT,\n"
	"  ari_next_poll INTEGER,\n"
	"  probe_endpoints TEXT,\n"
	"  deploy_owner TEXT,\n"
	"  deploy_group TEXT,\n"
	"  deploy_cert_mode INTEGER\n"
	"    CHECK (deploy_cert_mode BETWEEN 256 AND 511),\n"
	"  deploy_key_mode INTEGER\n"
	"    CHECK (deploy_key_mode BETWEEN 256 AND 511\n"
	"           AND (deploy_key_mode & 7) = 0),\n"
	"  deploy_combined INTEGER\n"
	"    NOT NULL DEFAULT 0 CHECK (deploy_combined IN (0, 1)),\n"
	"  deploy_cert_path TEXT\n"
	"    CHECK (substr(deploy_cert_path, 1, 1) = '/'),\n"
	"  deploy_chain_path TEXT\n"
	"    CHECK (substr(deploy_chain_path, 1, 1) = '/'),\n"
	"  deploy_fullchain_path TEXT\n"
	"    CHECK (substr(deploy_fullchain_path, 1, 1) = '/'),\n"
	"  deploy_key_path TEXT\n"
	"    CHECK (substr(deploy_key_path, 1, 1) = '/'),\n"
	"  deploy_combined_path TEXT\n"
	"    CHECK (substr(deploy_combined_path, 1, 1) = '/')\n"
	");\n"
	"INSERT INTO new_certificates (\n"
	"  id, name, account_id, key_type, profile, preferred_chain,\n"
	"  stage, status, serial, issuer, not_before, not_after, ari_id,\n"
	"  renew_at, renew_reason, retry_after, fail_count, deploy_dir,\n"
	"  reload_cmd, last_error, lease_owner, lease_until, revoked_at,\n"
	"  revoke_reason, created_at, updated_at, key_pem, cert_pem,\n"
	"  chain_pem, ari_next_poll, probe_endpoints, deploy_owner,\n"
	"  deploy_group, deploy_cert_mode, deploy_key_mode,\n"
	"  deploy_combined, deploy_cert_path, deploy_chain_path,\n"
	"  deploy_fullchain_path, deploy_key_path, deploy_combined_path)\n"
	"SELECT\n"
	"  id, name, account_id, key_type, profile, preferred_chain,\n"
	"  stage, status, serial, issuer, not_before, not_after, ari_id,\n"
	"  renew_at, renew_reason, retry_after, fail_count, deploy_dir,\n"
	"  reload_cmd, last_error, lease_owner, lease_until, revoked_at,\n"
	"  revoke_reason, created_at, updated_at, key_pem, cert_pem,\n"
	"  chain_pem, ari_next_poll, probe_endpoints, deploy_owner,\n"
	"  deploy_group, deploy_cert_mode, deploy_key_mode,\n"
	"  deploy_combined, deploy_cert_path, deploy_chain_path,\n"
	"  deploy_fullchain_path, deploy_key_path, deploy_combined_path\n"
	"FROM certificates;\n"
	"DROP TABLE certificates;\n"
	"ALTER TABLE new_certificates RENAME TO certificates;\n"
	"CREATE INDEX certificates_renew_at ON certificates (renew_at);\n"
	"CREATE INDEX certificates_account ON certificates (account_id);\n"
	"CREATE INDEX certificates_ari_next_poll\n"
	"  ON certificates (ari_next_poll);\n"
	"CREATE INDEX certificates_lease_until\n"
	"  ON certificates (lease_until);\n"
	"CREATE INDEX certificates_not_after ON certificates (not_after);\n"
	"CREATE INDEX certificates_deploy_failed ON certificates (id)\n"
	"  WHERE stage = 'installation' AND status = 'error';\n"
	"PRAGMA user_version = 7;\n";

/* Version 8: cert_domains with its key columns first.  SQLite 3.40
 * (Debian 12) reports "NULL value in cert_domains.domain_id" from PRAGMA
 * integrity_check for every row of a WITHOUT ROWID table whose non-key
 * column comes before a key column, so an operator checking a healthy
 * inventory was told it was corrupt.  Same rows, same constraints, same
 * index; only the column order changes (every statement names its
 * columns). */
static const char migration_8_cert_domains_order[] =
	"CREATE TABLE new_cert_domains (\n"
	"  cert_id INTEGER NOT NULL\n"
	"    REFERENCES certificates (id) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL CHECK (position >= 0),\n"
	"  domain_id INTEGER NOT NULL\n"
	"    REFERENCES domains (id) ON DELETE RESTRICT,\n"
	"  PRIMARY KEY (cert_id, position),\n"
	"  UNIQUE (cert_id, domain_id)\n"
	") WITHOUT ROWID;\n"
	"INSERT INTO new_cert_domains (cert_id, position, domain_id)\n"
	"  SELECT cert_id, position, domain_id FROM cert_domains;\n"
	"DROP TABLE cert_domains;\n"
	"ALTER TABLE new_cert_domains RENAME TO cert_domains;\n"
	"CREATE INDEX cert_domains_domain ON cert_domains (domain_id);\n"
	"PRAGMA user_version = 8;\n";

/* Version 9 (crash at any instant, issue 17): an order intent, stored
 * and committed before newOrder is sent and removed in the transaction
 * that records the CA's order, so a run killed while the CA answered
 * leaves the next run a trace to look for that order instead of ordering
 * twice; and when finalize was sent for an order (set with its key,
 * before the request), so an abandoned order says whether the CA may
 * have issued on it; and when a challenge was answered, so a resumed run
 * does not answer it again while the CA still validates (Pebble starts a
 * new validation per answer, and a late one that fails after the files
 * are gone makes the order invalid, even one already issued). */
static const char migration_9_order_intents[] =
	"CREATE TABLE order_intents (\n"
	"  cert_id INTEGER PRIMARY KEY\n"
	"    REFERENCES certificates (id) ON DELETE CASCADE,\n"
	"  account_id INTEGER NOT NULL\n"
	"    REFERENCES accounts (id) ON DELETE CASCADE,\n"
	"  identifiers TEXT NOT NULL,\n"
	"  created_at INTEGER NOT NULL\n"
	");\n"
	"ALTER TABLE orders ADD COLUMN finalize_at INTEGER;\n"
	"ALTER TABLE authorizations ADD COLUMN responded_at INTEGER;\n"
	"PRAGMA user_version = 9;\n";

/* Version 10 (hooks like certbot's): a per-certificate deploy hook, run
 * after the files are installed (RENEWED_LINEAGE, RENEWED_DOMAINS; NULL:
 * none), pre and post hooks run once per batch around the renewals of
 * the certificates that have them (certbot's pre_hook and post_hook),
 * and per domain the calling convention of its DNS hook (NULL:
 * acmetui's own, "CMD add|del RECORD VALUE DOMAIN"; 'lego': lego's exec
 * provider, "CMD present|cleanup FQDN VALUE"). */
static const char migration_10_hooks[] =
	"ALTER TABLE certificates ADD COLUMN deploy_hook TEXT;\n"
	"ALTER TABLE certificates ADD COLUMN pre_hook TEXT;\n"
	"ALTER TABLE certificates ADD COLUMN post_hook TEXT;\n"
	"ALTER TABLE domains ADD COLUMN dns_hook_style TEXT\n"
	"  CHECK (dns_hook_style IN ('acmetui', 'lego'));\n"
	"PRAGMA user_version = 10;\n";

/* Version 11: the forecast screen counts renewals and expiries per week over
 * the whole fleet.  Through certificates_renew_at or _not_after every
 * counted row is a table lookup (1.4 s at 100,000 certificates whose
 * times spread over the quarter); a full table scan reads every row's
 * PEMs' pages.  This index holds every column the count reads, so the
 * count reads the index alone (bench/README.md). */
static const char migration_11_forecast_index[] =
	"CREATE INDEX certificates_forecast ON certificates\n"
	"  (not_after, renew_at, stage, status, account_id, last_error);\n"
	"PRAGMA user_version = 11;\n";

/* Version 12: when each account's copy of its CA's directory was
 * fetched.  An issuance starts from the stored copy instead of a GET of
 * the directory while it is less than a day old (lifecycle/client.c);
 * NULL (accounts from before, or a copy known to be stale) fetches. */
static const char migration_12_directory_fetched[] =
	"ALTER TABLE accounts ADD COLUMN directory_fetched_at INTEGER;\n"
	"PRAGMA user_version = 12;\n";

/* Version 13: consent to the CA's terms of service.  tos_url (since
 * version 1) now holds the terms URL the operator agreed to, no longer
 * whatever the directory named when last read; tos_agreed_at is when
 * (NULL: no consent recorded, e.g. an account registered before acmetui
 * asked, or taken over from another client). */
static const char migration_13_tos_consent[] =
	"ALTER TABLE accounts ADD COLUMN tos_agreed_at INTEGER;\n"
	"PRAGMA user_version = 13;\n";

/* Version 14: the dashboard reads only the window it shows
 * (db/store_dash.c): each sort order walks one of these indexes, whose
 * expressions are the ORDER BY keys of store_dash.c word for word (name
 * breaks ties), and stops after the window, instead of sorting 100,000
 * rows for 30 of them.  By name is the UNIQUE index; by domain and by
 * account are sorted (their keys live in other tables). */
static const char migration_14_dash_indexes[] =
	"CREATE INDEX certificates_dash_expiry ON certificates\n"
	"  ((CASE WHEN stage = 'revoked' THEN 9223372036854775807\n"
	"    ELSE coalesce(not_after, 0) END), name);\n"
	"CREATE INDEX certificates_dash_stage ON certificates\n"
	"  ((CASE stage WHEN 'request' THEN 0 WHEN 'validation' THEN 1\n"
	"    WHEN 'issuance' THEN 2 WHEN 'installation' THEN 3\n"
	"    WHEN 'monitoring' THEN 4 WHEN 'renewal' THEN 5\n"
	"    WHEN 'revoked' THEN 6 WHEN 'expired' THEN 7\n"
	"    WHEN 'failed' THEN 8 ELSE 9 END), name);\n"
	"CREATE INDEX certificates_dash_renew ON certificates\n"
	"  (coalesce(renew_at, 0), name);\n"
	"PRAGMA user_version = 14;\n";

/* Version 15: the certificates that need attention whatever the time
 * (revoked, expired, failed, or with an error), so that the dashboard's
 * totals (db/store_dash.c) count them in a scan of a usually empty index
 * instead of classifying 100,000 healthy rows on every refresh.  The
 * condition is store_dash.c's word for word, as SQLite only uses a
 * partial index for a query whose WHERE implies the index's. */
static const char migration_15_attention_index[] =
	"CREATE INDEX certificates_attention ON certificates (id)\n"
	"  WHERE stage IN ('revoked', 'expired', 'failed')\n"
	"  OR status = 'error' OR last_error <> '';\n"
	"PRAGMA user_version = 15;\n";

static const char *const migrations[] = {
	migration_1,
	migration_2_ari_next_poll,
	migration_3_expiry_notices,
	migration_4_probe_endpoints,
	migration_5_batch_policies,
	migration_6_deploy_target,
	migration_7_watched_certs,
	migration_8_cert_domains_order,
	migration_9_order_intents,
	migration_10_hooks,
	migration_11_forecast_index,
	migration_12_directory_fetched,
	migration_13_tos_consent,
	migration_14_dash_indexes,
	migration_15_attention_index,
};

#define N_MIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

int migrations_latest(void)
{
	return N_MIGRATIONS;
}

const char *migrations_sql(int version)
{
	if (version < 1 || version > N_MIGRATIONS)
		return NULL;
	return migrations[version - 1];
}

/* Fails when any row violates a foreign key (a migration that rebuilt a
 * table got it wrong): better no upgrade than a silently broken one. */
static enum rc check_foreign_keys(sqlite3 *db, const char *path, struct err *e)
{
	sqlite3_stmt *s = NULL;
	enum rc ret = RC_OK;
	int rc;

	rc = sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &s, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		ret = err_set(e, RC_DB,
			      _("inventory %s: foreign keys broken after "
				"the schema upgrade"),
			      path);
	else if (rc != SQLITE_DONE)
		ret = err_set(e, RC_DB,
			      _("inventory %s: checking foreign "
				"keys: %s"),
			      path, sqlite3_errmsg(db));
	sqlite3_finalize(s);
	return ret;
}

enum rc migrations_apply(sqlite3 *db, int from, const char *path, struct err *e)
{
	enum rc ret = RC_OK;
	char *msg = NULL;
	int v, rc;

	if (from > N_MIGRATIONS)
		return err_set(e, RC_DB_SCHEMA,
			       _("inventory %s has schema version %d; this "
				 "acmetui knows up to %d: upgrade acmetui"),
			       path, from, N_MIGRATIONS);
	if (from < 0)
		return err_set(e, RC_DB,
			       _("inventory %s has an invalid schema "
				 "version %d"),
			       path, from);
	if (from == N_MIGRATIONS)
		return RC_OK;
	for (v = from + 1; v <= N_MIGRATIONS; v++) {
		rc = sqlite3_exec(db, migrations[v - 1], NULL, NULL, &msg);
		if (rc != SQLITE_OK) {
			ret = err_set(e,
				      (rc & 0xff) == SQLITE_BUSY ? RC_DB_BUSY
								 : RC_DB,
				      _("inventory %s: upgrading the schema "
					"to version %d: %s"),
				      path, v, msg ? msg : sqlite3_errstr(rc));
			goto out;
		}
	}
	ret = check_foreign_keys(db, path, e);
out:
	sqlite3_free(msg);
	return ret;
}
