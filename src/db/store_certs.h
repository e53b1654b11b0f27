/* SPDX-License-Identifier: ISC */
/* store_certs.h - certificates, their ordered domains and the queries the
 * dashboard and the renewal batch run. */
#ifndef ACMETUI_STORE_CERTS_H
#define ACMETUI_STORE_CERTS_H

#include <stddef.h>
#include <stdint.h>

#include "db/store.h"
#include "db/store_domains.h"
#include "db/store_events.h"
#include "db/store_enum.h"
#include "util/err.h"

/* Most identifiers one certificate may carry (CAs allow about 100). */
#define CERT_MAX_DOMAINS 100

/* The lifecycle stages, as operators know them. */
#define CERT_STAGE_LIST(X) \
	X(CERT_STAGE_REQUEST, "request") \
	X(CERT_STAGE_VALIDATION, "validation") \
	X(CERT_STAGE_ISSUANCE, "issuance") \
	X(CERT_STAGE_INSTALLATION, "installation") \
	X(CERT_STAGE_MONITORING, "monitoring") \
	X(CERT_STAGE_RENEWAL, "renewal") \
	X(CERT_STAGE_REVOKED, "revoked") \
	X(CERT_STAGE_EXPIRED, "expired") \
	X(CERT_STAGE_FAILED, "failed")
enum cert_stage { CERT_STAGE_LIST(STORE_ENUM_MEMBER) CERT_STAGE__INVALID };

/* What is happening within the stage. */
#define CERT_STATUS_LIST(X) \
	X(CERT_STATUS_IDLE, "idle") \
	X(CERT_STATUS_RUNNING, "running") \
	X(CERT_STATUS_OK, "ok") \
	X(CERT_STATUS_ERROR, "error")
enum cert_status { CERT_STATUS_LIST(STORE_ENUM_MEMBER) CERT_STATUS__INVALID };

/* Stored names ("request", "idle", ...); "unknown" for others. */
const char *cert_stage_name(enum cert_stage v);
const char *cert_status_name(enum cert_status v);
/* Parse a stored name; __INVALID for anything else (NULL included). */
enum cert_stage cert_stage_parse(const char *s);
enum cert_status cert_status_parse(const char *s);

/* One certificate with its domains.  Everything is owned by the struct
 * (strings NULL when unset, times 0 when unset) and released by
 * cert_row_clear(), which wipes key_pem and the domains' secrets. */
struct cert_row {
	int64_t id;
	char *name;
	int64_t account_id; /* 0 for a watched certificate */
	int watched;	    /* read only: account_id is NULL, the
				 * certificate was imported to watch its
				 * expiry, acmetui did not issue it */
	char *account_name; /* read only (from the account); NULL when
				 * watched */
	char *ca_preset;    /* read only (from the account) */
	char *key_type;
	char *profile;
	char *preferred_chain;
	enum cert_stage stage;
	enum cert_status status;
	char *key_pem; /* secret */
	char *cert_pem;
	char *chain_pem;
	char *serial;
	char *issuer;
	int64_t not_before;
	int64_t not_after;
	char *ari_id;
	int64_t renew_at;
	char *renew_reason;
	int64_t retry_after;
	int fail_count;
	char *deploy_dir;
	char *reload_cmd;
	char *last_error;
	char *lease_owner;
	int64_t lease_until;
	int64_t revoked_at;
	int revoke_reason; /* RFC 5280 CRLReason, when revoked_at != 0 */
	int64_t created_at;
	int64_t updated_at;
	int64_t ari_next_poll; /* when to ask the CA's ARI again; 0: never */
	char *probe_endpoints; /* "host:port,..." where it is served */
	/* The deploy target beyond deploy_dir (deploy/deploy.h). */
	char *deploy_owner;	 /* user name for chown */
	char *deploy_group;	 /* group name for chown */
	int deploy_cert_mode;	 /* 0: the default (0644) */
	int deploy_key_mode;	 /* 0: the default (0600) */
	int deploy_combined;	 /* also combined.pem in deploy_dir */
	char *deploy_cert_path;	 /* explicit absolute paths; NULL: the */
	char *deploy_chain_path; /* default name in deploy_dir */
	char *deploy_fullchain_path;
	char *deploy_key_path;
	char *deploy_combined_path;
	/* Run by /bin/sh after the files are installed (certbot's
	 * --deploy-hook, lifecycle/deploy.c says with what); NULL: none. */
	char *deploy_hook;
	/* Run once per batch before the first and after the last renewal
	 * of the certificates naming them (lifecycle/batchhooks.h); NULL:
	 * none. */
	char *pre_hook;
	char *post_hook;
	struct domain_row *domains; /* in order; [0] is the subject */
	size_t n_domains;
};

/* Frees (wiping secrets) and zeroes a row; NULL and zeroed rows are fine. */
void cert_row_clear(struct cert_row *c);

/* One dashboard/CLI line. */
struct cert_summary {
	int64_t id;
	char *name;
	char *first_domain; /* NULL if the certificate has no domains */
	int domain_count;
	int watched;	    /* no account: imported to be watched */
	char *account_name; /* NULL when watched */
	char *ca_preset;
	enum cert_stage stage;
	enum cert_status status;
	int64_t not_after;
	int64_t renew_at;
	char *last_error;
	char *serial;
};

/* Clears and frees an array of n summaries. */
void cert_summaries_free(struct cert_summary *rows, size_t n);

/* A certificate whose renewal (or deploy) is due. */
struct cert_due {
	int64_t id;
	char *name;
	int64_t renew_at;
	int64_t account_id;
	char *directory_url; /* its account's CA */
	int64_t retry_after; /* backoff after a failure; 0: none */
	int deploy_only;     /* from store_cert_list_deploy_due() */
};

/* Clears and frees an array of n due rows. */
void cert_due_free(struct cert_due *rows, size_t n);

/* What an issuance produced (all borrowed from the caller). */
struct cert_issued {
	const char *key_pem; /* secret */
	const char *cert_pem;
	const char *chain_pem;
	const char *serial;
	const char *issuer;
	int64_t not_before;
	int64_t not_after;
	const char *ari_id;
	int64_t renew_at;
	const char *renew_reason;
	int64_t ari_next_poll; /* 0: no ARI to poll for this certificate */
	enum cert_stage stage;
	enum cert_status status;
};

/* Inserts the certificate c->name for account c->account_id with its
 * settings (key_type, profile, preferred_chain, deploy_dir, reload_cmd,
 * probe_endpoints, the deploy_* target, deploy_hook, pre_hook and
 * post_hook)
 * in stage request/idle, and its ordered domains c->domains[0..
 * c->n_domains): each domain is upserted with the method and settings
 * given (store_domain_upsert), then linked.  All or nothing.  *id (may be
 * NULL) gets the new id.  RC_EXISTS for a taken name, RC_NOTFOUND for an
 * unknown account, RC_INPUT for no/too many/duplicate domains or a value
 * the schema refuses. */
enum rc store_cert_insert(struct store *st, const struct cert_row *c,
			  int64_t *id, struct err *e);

/* Fills *out (caller clears) with the certificate, its account's name and
 * preset and its ordered domains with their settings, read in one
 * snapshot.  RC_NOTFOUND when there is none. */
enum rc store_cert_get_by_name(struct store *st, const char *name,
			       struct cert_row *out, struct err *e);
enum rc store_cert_get_by_id(struct store *st, int64_t id, struct cert_row *out,
			     struct err *e);

/* The ordered domains of certificate cert_id with their settings, as
 * store_cert_get_by_id() reads them, without the rest of the row (no
 * keys, no PEM).  *rows (free with domain_rows_free) may be NULL when
 * *n is 0. */
enum rc store_cert_domains(struct store *st, int64_t cert_id,
			   struct domain_row **rows, size_t *n, struct err *e);

/* Every certificate as a summary line, by name, in one query (no query
 * per row).  *rows (free with cert_summaries_free) may be NULL when *n
 * is 0. */
enum rc store_cert_list_summary(struct store *st, struct cert_summary **rows,
				size_t *n, struct err *e);

/* The certificates to renew at time now, soonest first: renew_at <= now,
 * stage neither revoked nor request, lease free; also those whose
 * retry_after (backoff) is still in the future, for the caller to skip
 * and say so.  One range scan of the renew_at index.  *rows (free with
 * cert_due_free) may be NULL when *n is 0. */
enum rc store_cert_list_due(struct store *st, int64_t now,
			    struct cert_due **rows, size_t *n, struct err *e);

/* Issued certificates left at installation/error (the deploy failed)
 * that have a deploy directory and whose renewal is not due at now
 * (store_cert_list_due has those), lease free, by id; retry_after as for
 * store_cert_list_due.  One scan of a partial index that is empty
 * unless a deploy failed.  *rows (free with cert_due_free). */
enum rc store_cert_list_deploy_due(struct store *st, int64_t now,
				   struct cert_due **rows, size_t *n,
				   struct err *e);

/* The certificates whose ARI renewal information (RFC 9773) should be
 * asked again at time now: ari_next_poll <= now, an ARI id, not revoked,
 * expired or never issued, lease free; soonest first.  One range scan of
 * the ari_next_poll index, so a run with nothing to poll reads no row.
 * *rows (free with cert_due_free) may be NULL when *n is 0. */
enum rc store_cert_list_ari_due(struct store *st, int64_t now,
				struct cert_due **rows, size_t *n,
				struct err *e);

/* Stores the outcome of an ARI check of certificate id: renewal time and
 * reason (renew_at 0 keeps both as they are) and the next poll time (0:
 * never again).  Only while the certificate still has ARI id ari_id: when
 * a renewal replaced it meanwhile, nothing changes and RC_NOTFOUND says
 * so. */
enum rc store_cert_set_ari(struct store *st, int64_t id, const char *ari_id,
			   int64_t renew_at, const char *reason,
			   int64_t next_poll, struct err *e);

/* A certificate's lease as stored (store_leases.h). */
struct cert_lease {
	int64_t id;
	char *owner;
};

/* Clears and frees an array of n leases. */
void cert_leases_free(struct cert_lease *rows, size_t n);

/* The leases held at time now (lease_until >= now), in one range scan of
 * the lease_until index, so that a run can give back those of runs that
 * died.  *rows (free with cert_leases_free) may be NULL when *n is 0. */
enum rc store_cert_list_leased(struct store *st, int64_t now,
			       struct cert_lease **rows, size_t *n,
			       struct err *e);

/* Sets stage and status.  RC_NOTFOUND for an unknown id. */
enum rc store_cert_set_state(struct store *st, int64_t id,
			     enum cert_stage stage, enum cert_status status,
			     struct err *e);

/* Sets last_error (made one printable line here too; NULL clears it). */
enum rc store_cert_set_error(struct store *st, int64_t id, const char *message,
			     struct err *e);

/* Stores an issuance result in one update: key, leaf, chain, serial,
 * issuer, validity, ARI id, renewal time and reason, ARI next poll,
 * stage and status;
 * clears last_error, fail_count, retry_after and any revocation. */
enum rc store_cert_set_issued(struct store *st, int64_t id,
			      const struct cert_issued *r, struct err *e);

/* Settings `cert set` may change.  Strings: NULL keeps a value, ""
 * clears it.  Modes: 0 keeps, CERT_SETTING_CLEAR clears (back to the
 * default), else the mode.  deploy_combined: 0 keeps, 1 on,
 * CERT_SETTING_CLEAR off.  A zeroed struct changes nothing. */
#define CERT_SETTING_CLEAR (-1)
struct cert_settings {
	const char *key_type;
	const char *profile;
	const char *preferred_chain;
	const char *deploy_dir;
	const char *reload_cmd;
	const char *probe_endpoints; /* "host:port,..." */
	const char *deploy_owner;
	const char *deploy_group;
	int deploy_cert_mode;
	int deploy_key_mode;
	int deploy_combined;
	const char *deploy_cert_path;
	const char *deploy_chain_path;
	const char *deploy_fullchain_path;
	const char *deploy_key_path;
	const char *deploy_combined_path;
	const char *deploy_hook;
	const char *pre_hook;
	const char *post_hook;
};

/* Changes the settings of certificate id.  RC_NOTFOUND for an unknown
 * id, RC_INPUT for a value the schema refuses. */
enum rc store_cert_set_settings(struct store *st, int64_t id,
				const struct cert_settings *cs, struct err *e);

/* Sets when renewal is due and why (reason may be NULL). */
enum rc store_cert_set_renewal(struct store *st, int64_t id, int64_t renew_at,
			       const char *reason, struct err *e);

/* Sets the "not before" time (0 clears it) and the failure counter. */
enum rc store_cert_set_retry(struct store *st, int64_t id, int64_t retry_after,
			     int fail_count, struct err *e);

/* Records a revocation: stage revoked, status ok, time and reason. */
enum rc store_cert_set_revoked(struct store *st, int64_t id, int64_t revoked_at,
			       int reason, struct err *e);

/* ---- watched certificates (store_certs_watch.c) ----
 *
 * A watched certificate was not issued by acmetui: it was imported (`cert
 * import`) to watch its expiry and, with probe endpoints, what is served.
 * It has no account (account_id NULL), no key, no renewal time (renew_at
 * NULL, so the renewal batch never selects it) and stays in stage
 * monitoring.  Its names come from the certificate's subjectAltName;
 * they are linked like any certificate's domains, and a name new to the
 * inventory becomes a domain with the default settings (an existing
 * domain's settings are left alone). */

/* What a watched certificate is stored from (all borrowed). */
struct cert_watch {
	const char *name;
	const char *cert_pem;  /* the leaf */
	const char *chain_pem; /* what came after it, or NULL */
	const char *serial;    /* lowercase hex */
	const char *issuer;
	int64_t not_before;
	int64_t not_after;
	const char *probe_endpoints;	  /* "host:port,..."; NULL keeps the
					 * stored ones on an update */
	const struct domain_row *domains; /* name and ident_type are used */
	size_t n_domains;		  /* 0..CERT_MAX_DOMAINS */
	enum ev_level event_level;
	const char *event; /* the event logged with it */
};

/* Inserts the watched certificate w->name or, when a watched certificate
 * of that name exists, replaces its certificate, chain, facts and names
 * (probe endpoints only when given), in one transaction with the event
 * w->event (stage monitoring).  *id and *created (may be NULL) get its id
 * and whether it is new.  RC_EXISTS when the name belongs to a
 * certificate acmetui manages (never overwritten), RC_INPUT for a name,
 * PEM, time or domain the schema or these rules refuse. */
enum rc store_cert_watch_put(struct store *st, const struct cert_watch *w,
			     int64_t *id, int *created, struct err *e);

/* The watched certificates that have probe endpoints and are not
 * revoked, oldest first: a range scan of certificates_account at NULL, so an
 * inventory without any costs one empty scan.  *rows (free with
 * cert_due_free; renew_at and account_id are 0) may be NULL when *n is
 * 0. */
enum rc store_cert_list_watched_probes(struct store *st, struct cert_due **rows,
				       size_t *n, struct err *e);

/* Deletes the certificate called name with its domain links, orders and
 * authorizations (its events stay, see schema.sql).  RC_NOTFOUND. */
enum rc store_cert_delete(struct store *st, const char *name, struct err *e);

#endif
