-- schema.sql - the acmetui inventory, schema version 15 (PRAGMA user_version).
--
-- Documentation copy of what db/migrations.c creates: the unit test
-- test_store runs this file into an empty database and compares the result
-- (sqlite_master, comments and white space aside) with a migrated one, so
-- the two cannot drift apart.  Change the schema by appending a migration,
-- then update this file to show the result.
--
-- Conventions: times are INTEGER unix-epoch seconds (NULL = never/unset);
-- enumerations are TEXT with a CHECK listing the allowed values; names are
-- unique.  Columns marked (secret) hold private keys or shared keys: the
-- file is 0600 in a 0700 directory and secure_delete is on, so deleted
-- secrets are overwritten on disk; they are never logged.

-- ACME accounts: one per CA (and per environment) the operator uses.
CREATE TABLE accounts (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 128),
	ca_preset TEXT,		-- "sectigo", "letsencrypt", ...
	directory_url TEXT NOT NULL CHECK (length(directory_url) >= 1),
	environment TEXT NOT NULL DEFAULT 'production'
		CHECK (environment IN ('production', 'staging')),
	contact TEXT,		-- "mailto:..." list, comma-joined
	eab_kid TEXT,		-- external account binding key id
	eab_hmac TEXT,		-- (secret) EAB HMAC key, base64url
	ca_account_id TEXT,	-- the CA's id from its e-mail
	account_url TEXT,	-- the ACME "kid"
	key_type TEXT,		-- "ec256", "rsa2048", ...
	status TEXT NOT NULL DEFAULT 'pending'
		CHECK (status IN ('pending', 'valid', 'deactivated',
				  'revoked')),
	ca_file TEXT,		-- extra trusted CA (PEM path)
	tos_url TEXT,		-- the terms of service agreed to (v13)
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	key_pem TEXT,		-- (secret) account key, PKCS#8
	directory_json TEXT,	-- the probed directory, raw
	notify_cmd TEXT,	-- this account's notify hook (v5; NULL:
				-- the global $ACMETUI_NOTIFY_HOOK)
	directory_fetched_at INTEGER, -- (v12) when directory_json was
				-- fetched; NULL: fetch it before use
	tos_agreed_at INTEGER	-- when tos_url was agreed to (v13; NULL:
				-- no consent recorded)
);

-- Identifiers and how each is validated.  A domain outlives the
-- certificates that name it, so its settings are kept for the next one.
CREATE TABLE domains (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE -- lower-case A-label or IP
		CHECK (length(name) BETWEEN 1 AND 253 AND name = lower(name)),
	ident_type TEXT NOT NULL DEFAULT 'dns'
		CHECK (ident_type IN ('dns', 'ip')),
	method TEXT NOT NULL DEFAULT 'http-01'
		CHECK (method IN ('http-01', 'dns-01', 'tls-alpn-01')),
	webroot TEXT,		-- http-01 into a web root
	http_bind TEXT,		-- standalone listener address
	http_port INTEGER CHECK (http_port BETWEEN 1 AND 65535),
	tls_port INTEGER CHECK (tls_port BETWEEN 1 AND 65535),
	dns_hook TEXT,		-- dns-01 hook command
	rfc2136_server TEXT,	-- dns-01 by RFC 2136 update
	rfc2136_zone TEXT,
	tsig_name TEXT,
	tsig_alg TEXT,
	tsig_secret TEXT,	-- (secret) TSIG key
	dns_resolver TEXT,	-- where to check propagation
	dns_check TEXT		-- which servers must see the TXT record
		CHECK (dns_check IN ('authoritative', 'resolver', 'none')),
	dns_wait INTEGER CHECK (dns_wait BETWEEN 1 AND 86400), -- seconds
	last_check_at INTEGER,	-- last pre-flight check
	last_check_result TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	-- (v10) how the dns hook is called: NULL or 'acmetui' (CMD add|del
	-- RECORD VALUE DOMAIN), 'lego' (CMD present|cleanup FQDN VALUE)
	dns_hook_style TEXT
		CHECK (dns_hook_style IN ('acmetui', 'lego'))
);

-- Certificates and where each is in its lifecycle.
CREATE TABLE certificates (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 128),
	-- (v7) NULL: a watched certificate, imported to watch its expiry
	-- and not issued by acmetui (no key, never renewed or revoked)
	account_id INTEGER
		REFERENCES accounts (id) ON DELETE RESTRICT,
	key_type TEXT,
	profile TEXT,		-- ACME profile name
	preferred_chain TEXT,	-- issuer CN of the wanted chain
	stage TEXT NOT NULL DEFAULT 'request'
		CHECK (stage IN ('request', 'validation', 'issuance',
				 'installation', 'monitoring', 'renewal',
				 'revoked', 'expired', 'failed')),
	status TEXT NOT NULL DEFAULT 'idle'
		CHECK (status IN ('idle', 'running', 'ok', 'error')),
	serial TEXT,		-- hex
	issuer TEXT,
	not_before INTEGER,
	not_after INTEGER,
	ari_id TEXT,		-- RFC 9773 certificate id
	renew_at INTEGER,	-- when renewal is due
	renew_reason TEXT,	-- "ARI window", "1/3 lifetime"
	retry_after INTEGER,	-- not before (Retry-After, backoff)
	fail_count INTEGER NOT NULL DEFAULT 0 CHECK (fail_count >= 0),
	deploy_dir TEXT,
	reload_cmd TEXT,
	last_error TEXT,	-- sanitized, one line
	lease_owner TEXT,	-- "host:pid:worker" holding it
	lease_until INTEGER,	-- the lease is free after this
	revoked_at INTEGER,
	revoke_reason INTEGER CHECK (revoke_reason BETWEEN 0 AND 10),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	-- Large columns last: SQLite reads a row's columns in order, and
	-- the summary and due queries should not walk PEM overflow pages.
	key_pem TEXT,		-- (secret) certificate key
	cert_pem TEXT,		-- the leaf
	chain_pem TEXT,		-- the issuer chain
	-- (v2) when to ask the CA's renewalInfo again (RFC 9773
	-- Retry-After); NULL: the certificate has no ARI to poll
	ari_next_poll INTEGER,
	-- (v4) where the certificate is served: "host:port,host:port"
	probe_endpoints TEXT,
	-- (v6) the deploy target beyond deploy_dir (deploy/deploy.h):
	-- owner and group names for chown, modes (NULL: 0644 / 0600; the
	-- owner must read, a key mode lets no other user in), combined.pem,
	-- and an explicit absolute path per file (NULL: its default name in
	-- deploy_dir)
	deploy_owner TEXT,
	deploy_group TEXT,
	deploy_cert_mode INTEGER
		CHECK (deploy_cert_mode BETWEEN 256 AND 511),
	deploy_key_mode INTEGER
		CHECK (deploy_key_mode BETWEEN 256 AND 511
		       AND (deploy_key_mode & 7) = 0),
	deploy_combined INTEGER
		NOT NULL DEFAULT 0 CHECK (deploy_combined IN (0, 1)),
	deploy_cert_path TEXT
		CHECK (substr(deploy_cert_path, 1, 1) = '/'),
	deploy_chain_path TEXT
		CHECK (substr(deploy_chain_path, 1, 1) = '/'),
	deploy_fullchain_path TEXT
		CHECK (substr(deploy_fullchain_path, 1, 1) = '/'),
	deploy_key_path TEXT
		CHECK (substr(deploy_key_path, 1, 1) = '/'),
	deploy_combined_path TEXT
		CHECK (substr(deploy_combined_path, 1, 1) = '/'),
	-- (v10) run by /bin/sh after the files are installed (certbot's
	-- --deploy-hook); NULL: none
	deploy_hook TEXT,
	-- (v10) run once per batch before the first / after the last renewal
	-- of the certificates that name them (certbot's pre_hook, post_hook)
	pre_hook TEXT,
	post_hook TEXT
);
-- "What is due" is one range scan on this index (renew_at <= now).
CREATE INDEX certificates_renew_at ON certificates (renew_at);
CREATE INDEX certificates_account ON certificates (account_id);
-- The batch's ARI re-check is one range scan here (ari_next_poll <= now).
CREATE INDEX certificates_ari_next_poll ON certificates (ari_next_poll);
-- (v2) Held leases, so a run finds those of crashed runs in one scan.
CREATE INDEX certificates_lease_until ON certificates (lease_until);
-- (v3) Expiry warnings look at what expires within 30 days: a range scan.
CREATE INDEX certificates_not_after ON certificates (not_after);
-- (v5) the certificates whose deploy failed, which --renew-due deploys
-- again: empty unless a deploy failed, so the batch looks for free.
CREATE INDEX certificates_deploy_failed ON certificates (id)
	WHERE stage = 'installation' AND status = 'error';
-- (v11) Every column the forecast counts, so that it reads this index
-- alone (db/store_forecast.c).
CREATE INDEX certificates_forecast ON certificates
	(not_after, renew_at, stage, status, account_id, last_error);
-- (v12) The dashboard's sort orders, as db/store_dash.c writes them, so
-- that a window of the list is a walk of one index (name breaks ties).
CREATE INDEX certificates_dash_expiry ON certificates
	((CASE WHEN stage = 'revoked' THEN 9223372036854775807
		ELSE coalesce(not_after, 0) END), name);
CREATE INDEX certificates_dash_stage ON certificates
	((CASE stage WHEN 'request' THEN 0 WHEN 'validation' THEN 1
		WHEN 'issuance' THEN 2 WHEN 'installation' THEN 3
		WHEN 'monitoring' THEN 4 WHEN 'renewal' THEN 5
		WHEN 'revoked' THEN 6 WHEN 'expired' THEN 7
		WHEN 'failed' THEN 8 ELSE 9 END), name);
CREATE INDEX certificates_dash_renew ON certificates
	(coalesce(renew_at, 0), name);
-- (v15) What needs attention whatever the time: usually empty, so the
-- dashboard's totals count it for free (db/store_dash.c).
CREATE INDEX certificates_attention ON certificates (id)
	WHERE stage IN ('revoked', 'expired', 'failed')
	OR status = 'error' OR last_error <> '';

-- The ordered identifiers of a certificate (position 0 is the subject).
-- (v8) Key columns first: SQLite 3.40's integrity_check misreports a
-- WITHOUT ROWID table whose non-key column precedes a key column.
CREATE TABLE cert_domains (
	cert_id INTEGER NOT NULL
		REFERENCES certificates (id) ON DELETE CASCADE,
	position INTEGER NOT NULL CHECK (position >= 0),
	domain_id INTEGER NOT NULL
		REFERENCES domains (id) ON DELETE RESTRICT,
	PRIMARY KEY (cert_id, position),
	UNIQUE (cert_id, domain_id)
) WITHOUT ROWID;
CREATE INDEX cert_domains_domain ON cert_domains (domain_id);

-- Every ACME order, so that an interrupted run resumes the same order
-- instead of ordering again; also the ledger counted to warn before the
-- CA's rate limits (orders go with their certificate when it is deleted).
-- An order is open while completed_at is NULL and its status is neither
-- 'invalid' nor 'abandoned'.
CREATE TABLE orders (
	id INTEGER PRIMARY KEY,
	cert_id INTEGER NOT NULL
		REFERENCES certificates (id) ON DELETE CASCADE,
	account_id INTEGER NOT NULL
		REFERENCES accounts (id) ON DELETE CASCADE,
	url TEXT NOT NULL UNIQUE,
	status TEXT NOT NULL
		CHECK (status IN ('pending', 'ready', 'processing', 'valid',
				  'invalid', 'abandoned')),
	identifiers TEXT NOT NULL, -- sorted names, comma-joined
	finalize_url TEXT,
	cert_url TEXT,
	key_pem TEXT,		-- (secret) the CSR's key, kept
						-- before finalize
	replaces TEXT,		-- ARI id of the replaced cert
	error TEXT,		-- sanitized problem detail
	expires_at INTEGER,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	completed_at INTEGER,	-- certificate downloaded
	finalize_at INTEGER	-- finalize sent (or about to be): from
				-- then on the CA may have issued (v9)
);
CREATE INDEX orders_cert ON orders (cert_id, id);
CREATE INDEX orders_account ON orders (account_id, created_at);

-- The authorizations of an order and the challenge chosen for each.
CREATE TABLE authorizations (
	id INTEGER PRIMARY KEY,
	order_id INTEGER NOT NULL
		REFERENCES orders (id) ON DELETE CASCADE,
	url TEXT NOT NULL,
	identifier TEXT NOT NULL,
	wildcard INTEGER NOT NULL DEFAULT 0 CHECK (wildcard IN (0, 1)),
	status TEXT NOT NULL
		CHECK (status IN ('pending', 'valid', 'invalid', 'deactivated',
				  'expired', 'revoked')),
	challenge_type TEXT,
	challenge_url TEXT,
	token TEXT,		-- base64url, checked by acme/
	updated_at INTEGER NOT NULL,
	responded_at INTEGER,	-- challenge answered (set before the
				-- request, v9)
	UNIQUE (order_id, url)
);

-- The lifecycle timeline.  Append-only; the id orders events (it only
-- grows).  Events outlive what they talk about: deleting a certificate
-- or an account sets the reference to NULL and `subject` keeps its name.
CREATE TABLE events (
	id INTEGER PRIMARY KEY,
	ts INTEGER NOT NULL,
	cert_id INTEGER REFERENCES certificates (id) ON DELETE SET NULL,
	account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
	subject TEXT,		-- certificate or account name
	stage TEXT,
	level TEXT NOT NULL CHECK (level IN ('info', 'warn', 'error')),
	message TEXT NOT NULL	-- sanitized, one line
);
CREATE INDEX events_cert ON events (cert_id, id);

-- One row per --renew-due run, for batch health reporting.
CREATE TABLE renewal_runs (
	id INTEGER PRIMARY KEY,
	started_at INTEGER NOT NULL,
	finished_at INTEGER,
	host TEXT,
	renewed INTEGER NOT NULL DEFAULT 0,
	failed INTEGER NOT NULL DEFAULT 0,
	skipped INTEGER NOT NULL DEFAULT 0,
	exit_status INTEGER
);

-- Expiry warnings sent (30/14/7/3/1 days left): the smallest threshold
-- already warned about for a certificate, and the not_after it was about.
-- A renewal changes not_after, so the warnings start over by themselves.
CREATE TABLE expiry_notices (
	cert_id INTEGER PRIMARY KEY
		REFERENCES certificates (id) ON DELETE CASCADE,
	not_after INTEGER NOT NULL,
	days INTEGER NOT NULL CHECK (days >= 0),	-- threshold warned
	sent_at INTEGER NOT NULL
);

PRAGMA application_id = 1633906036;	-- 0x61636d74, "acmt"
-- A newOrder about to be sent (v9): committed before the request and
-- removed with the insert of the CA's order, so a run killed in between
-- leaves the next run a trace to find that order by, instead of
-- ordering again.  At most one per certificate.
CREATE TABLE order_intents (
	cert_id INTEGER PRIMARY KEY
		REFERENCES certificates (id) ON DELETE CASCADE,
	account_id INTEGER NOT NULL
		REFERENCES accounts (id) ON DELETE CASCADE,
	identifiers TEXT NOT NULL,	-- sorted names, comma-joined
	created_at INTEGER NOT NULL
);

PRAGMA user_version = 15;
