/* SPDX-License-Identifier: ISC */
/* plan.h - what a migration from another ACME client would store: the
 * accounts and certificates found in its tree, each certificate either
 * complete (to store) or refused with the reason, and what cannot be
 * carried over with what to do instead.
 *
 * The readers (certbot.c, lego.c) fill a plan and never touch the
 * inventory; apply.c stores it; the command prints it (--dry-run stops
 * there).  A refused certificate stores nothing of its own. */
#ifndef ACMETUI_MIGRATE_PLAN_H
#define ACMETUI_MIGRATE_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/cert.h"
#include "db/store_certs.h"
#include "util/err.h"

/* Bounds on what one tree may bring. */
#define MIG_ACCOUNTS_MAX 64
#define MIG_CERTS_MAX 2048
#define MIG_NOTES_MAX 16 /* per certificate */
#define MIG_NOTE_LEN 512
/* Longest certificate or account name (db/schema.sql CHECK). */
#define MIG_NAME_MAX 128
/* Largest PEM file read (a key, a certificate chain). */
#define MIG_PEM_MAX CERT_CHAIN_MAX_BYTES
/* Longest URL taken from the other tool's files. */
#define MIG_URL_MAX 1024
/* Largest JSON file read (an account's registration). */
#define MIG_JSON_MAX (64 * 1024)

/* An ACME account to reuse as it is (no new registration). */
struct mig_account {
	char *name;   /* inventory name ("certbot-1a2b3c4d") */
	char *source; /* where it was found, for the plan */
	char *directory_url;
	char *account_url; /* the kid the CA gave it */
	char *contact;	   /* "mailto:..." or NULL */
	char *key_pem;	   /* secret: PKCS#8 */
	char *key_type;
};

/* One lineage (certbot), certificate (lego) or domain (acme.sh). */
struct mig_cert {
	char *name;
	char *source;	 /* where it was found, for the plan */
	int account;	 /* index in the plan's accounts, -1: none */
	char *error;	 /* set: refused, nothing of it is stored */
	char *key_pem;	 /* secret */
	char *cert_pem;	 /* the leaf */
	char *chain_pem; /* what follows it, or NULL */
	char *key_type;
	char *preferred_chain;
	char *method_text; /* "http-01 webroot", for the event */
	/* Where the other tool installed it (acme.sh --install-cert):
	 * absolute paths or NULL, and the command it ran after. */
	char *deploy_cert_path, *deploy_chain_path, *deploy_key_path;
	char *deploy_fullchain_path, *reload_cmd;
	char *deploy_dir;  /* certbot --live-dir DIR: DIR/NAME */
	char *deploy_hook; /* run by /bin/sh after each deploy */
	char *pre_hook;	   /* once per batch, before its renewals */
	char *post_hook;   /* once per batch, after them */
	struct cert_info ci;
	struct domain_row *doms; /* owned; names from the certificate */
	size_t n_doms;
	char *notes[MIG_NOTES_MAX]; /* not carried over, and what to do */
	size_t n_notes;
};

struct mig_plan {
	const char *tool; /* "certbot", "lego", "acme.sh" */
	struct mig_account accts[MIG_ACCOUNTS_MAX];
	size_t n_accts;
	struct mig_cert *certs; /* MIG_CERTS_MAX slots */
	size_t n_certs;
};

/* Prepares an empty plan for tool (a static string).  RC_NOMEM. */
enum rc mig_plan_init(struct mig_plan *p, const char *tool, struct err *e);

/* Frees everything (wiping keys) and zeroes p; zeroed is fine. */
void mig_plan_clear(struct mig_plan *p);

/* A new certificate slot called name (copied), or NULL when full. */
struct mig_cert *mig_plan_add_cert(struct mig_plan *p, const char *name,
				   const char *source);

/* A new account slot, or NULL when full. */
struct mig_account *mig_plan_add_account(struct mig_plan *p);

/* Refuses c with a one-line reason (the first reason is kept) and drops
 * what was read of it (keys wiped). */
void mig_cert_refuse(struct mig_cert *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Adds a note about what cannot be carried over (silently dropped past
 * MIG_NOTES_MAX). */
void mig_cert_note(struct mig_cert *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Checks and takes the certificate material: cert_pem is the leaf,
 * chain_pem its chain (or NULL), key_pem its private key (secret).  The
 * leaf must parse, its key type must be one acmetui issues, the key must
 * match it, every SAN must be a valid inventory name.  Fills c's ci,
 * key_type, doms (method HTTP-01 without settings: the caller sets them
 * per name) and PEM fields (copies).  On failure c is refused. */
void mig_cert_take_pem(struct mig_cert *c, const char *cert_pem,
		       size_t cert_len, const char *chain_pem, size_t chain_len,
		       const char *key_pem, size_t key_len);

/* Copies the validation method and its settings (not the name, type or
 * check results) of src into dst, replacing dst's.  -1 when out of
 * memory. */
int mig_dom_set_method(struct domain_row *dst, const struct domain_row *src);

/* An https URL from the other tool's files: printable, no blank, at
 * most MIG_URL_MAX. */
int mig_url_ok(const char *s);

struct tree;

/* Reads rel of tree t (at most max bytes) into *out (caller frees, and
 * wipes a key).  On failure c is refused naming the file and 0 is
 * returned. */
int mig_read(const struct tree *t, const char *rel, size_t max, char **out,
	     size_t *len, struct mig_cert *c);

/* ---- apply.c ---- */

/* What storing a plan did. */
struct mig_result {
	size_t stored, unchanged, refused, conflicts;
	size_t accounts_new;
};

/* What became of one certificate of a plan. */
enum mig_verdict {
	MIG_WOULD_STORE, /* --dry-run: it would be stored */
	MIG_STORED,
	MIG_UNCHANGED, /* already in the inventory, same serial */
	MIG_CONFLICT   /* another certificate of that name: left alone */
};

/* The stable name of v for --json ("would_store", "stored",
 * "unchanged", "conflict"; a refused one is "refused"), and the
 * translated phrase for people. */
const char *mig_verdict_name(enum mig_verdict v);
const char *mig_verdict_text(enum mig_verdict v);

/* Stores every certificate of p that is not refused, each with its
 * account, in its own transaction with an event; a certificate of that
 * name that already carries the same serial is left as it is (running a
 * migration twice changes nothing), one with other content is a conflict
 * and left alone (never overwritten).  An account is reused when the
 * inventory already has one with the same directory and account URL.
 * Per certificate outcomes go to report(ud, cert, verdict). */
enum rc mig_plan_apply(struct store *st, struct mig_plan *p,
		       struct mig_result *r,
		       void (*report)(void *ud, const struct mig_cert *c,
				      enum mig_verdict v),
		       void *ud, struct err *e);

#endif
