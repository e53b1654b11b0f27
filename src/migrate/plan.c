/* SPDX-License-Identifier: ISC */
/* plan.c - the migration plan: slots for accounts and certificates, the
 * checks every certificate passes before it may be stored. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/key.h"
#include "migrate/plan.h"
#include "migrate/tree.h"
#include "parse/domain.h"
#include "util/buf.h"
#include "util/safe.h"
#include "util/url.h"

enum rc mig_plan_init(struct mig_plan *p, const char *tool, struct err *e)
{
	memset(p, 0, sizeof(*p));
	p->tool = tool;
	p->certs = calloc(MIG_CERTS_MAX, sizeof(*p->certs));
	if (p->certs == NULL)
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	return RC_OK;
}

/* Drops what was read of c's key, certificate and names. */
static void cert_material_clear(struct mig_cert *c)
{
	secret_free(c->key_pem);
	free(c->cert_pem);
	free(c->chain_pem);
	free(c->key_type);
	cert_info_clear(&c->ci);
	domain_rows_free(c->doms, c->n_doms);
	c->key_pem = c->cert_pem = c->chain_pem = c->key_type = NULL;
	c->doms = NULL;
	c->n_doms = 0;
}

static void cert_clear(struct mig_cert *c)
{
	size_t i;

	cert_material_clear(c);
	free(c->name);
	free(c->source);
	free(c->error);
	free(c->preferred_chain);
	free(c->method_text);
	free(c->deploy_cert_path);
	free(c->deploy_chain_path);
	free(c->deploy_key_path);
	free(c->deploy_fullchain_path);
	free(c->reload_cmd);
	free(c->deploy_dir);
	free(c->deploy_hook);
	free(c->pre_hook);
	free(c->post_hook);
	for (i = 0; i < c->n_notes; i++)
		free(c->notes[i]);
	memset(c, 0, sizeof(*c));
}

static void account_clear(struct mig_account *a)
{
	free(a->name);
	free(a->source);
	free(a->directory_url);
	free(a->account_url);
	free(a->contact);
	secret_free(a->key_pem);
	free(a->key_type);
	memset(a, 0, sizeof(*a));
}

void mig_plan_clear(struct mig_plan *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n_accts; i++)
		account_clear(&p->accts[i]);
	for (i = 0; p->certs != NULL && i < p->n_certs; i++)
		cert_clear(&p->certs[i]);
	free(p->certs);
	memset(p, 0, sizeof(*p));
}

struct mig_cert *mig_plan_add_cert(struct mig_plan *p, const char *name,
				   const char *source)
{
	struct mig_cert *c;

	if (p->n_certs == MIG_CERTS_MAX)
		return NULL;
	c = &p->certs[p->n_certs];
	c->account = -1;
	c->name = safe_dup(name);
	c->source = safe_dup(source);
	if (c->name == NULL || c->source == NULL) {
		cert_clear(c);
		return NULL;
	}
	p->n_certs++;
	return c;
}

struct mig_account *mig_plan_add_account(struct mig_plan *p)
{
	if (p->n_accts == MIG_ACCOUNTS_MAX)
		return NULL;
	return &p->accts[p->n_accts++];
}

/* A sanitized line from fmt and ap (new string, NULL when out of
 * memory). */
static char *vline(const char *fmt, va_list ap)
{
	char raw[MIG_NOTE_LEN], clean[MIG_NOTE_LEN];

	vsnprintf(raw, sizeof(raw), fmt, ap);
	safe_line(clean, sizeof(clean), raw, strlen(raw));
	return strdup(clean);
}

void mig_cert_refuse(struct mig_cert *c, const char *fmt, ...)
{
	va_list ap;

	cert_material_clear(c);
	if (c->error != NULL)
		return;
	va_start(ap, fmt);
	c->error = vline(fmt, ap);
	va_end(ap);
	if (c->error == NULL)
		c->error = strdup("?");
}

void mig_cert_note(struct mig_cert *c, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (c->n_notes == MIG_NOTES_MAX)
		return;
	va_start(ap, fmt);
	s = vline(fmt, ap);
	va_end(ap);
	if (s != NULL)
		c->notes[c->n_notes++] = s;
}

/* The leaf's SANs as the certificate's domains, in the certificate's
 * order, each checked by domain_normalize(); 0 with c refused when one
 * is not a name the inventory can hold. */
static int take_names(struct mig_cert *c)
{
	char out[DOMAIN_BUFSZ];
	enum domain_kind kind;
	size_t i;

	if (c->ci.n_sans == 0 || c->ci.n_sans > CERT_MAX_DOMAINS) {
		mig_cert_refuse(c,
				_("the certificate has %zu names (1 to %d "
				  "are supported)"),
				c->ci.n_sans, CERT_MAX_DOMAINS);
		return 0;
	}
	c->doms = calloc(c->ci.n_sans, sizeof(*c->doms));
	if (c->doms == NULL) {
		mig_cert_refuse(c, "%s", rc_str(RC_NOMEM));
		return 0;
	}
	for (i = 0; i < c->ci.n_sans; i++) {
		if (domain_normalize(c->ci.sans[i], out, sizeof(out), &kind,
				     NULL) != RC_OK) {
			mig_cert_refuse(c,
					_("the certificate names '%s', "
					  "which is not a valid domain "
					  "name or address"),
					c->ci.sans[i]);
			return 0;
		}
		c->doms[c->n_doms].name = strdup(out);
		c->doms[c->n_doms].ident_type = kind == DOMAIN_IP
							? DOM_IDENT_IP
							: DOM_IDENT_DNS;
		c->doms[c->n_doms].method = DOM_METHOD_HTTP01;
		if (c->doms[c->n_doms++].name == NULL) {
			mig_cert_refuse(c, "%s", rc_str(RC_NOMEM));
			return 0;
		}
	}
	return 1;
}

/* Splits the chain (every block a certificate) and joins it again. */
static char *checked_chain(const char *pem, size_t len, struct err *e)
{
	struct buf b = { 0 };
	char **certs = NULL;
	size_t n = 0, i;
	char *out;

	buf_init(&b, MIG_PEM_MAX);
	if (pem_split_certs(pem, len, &certs, &n, e) != RC_OK)
		return NULL;
	for (i = 0; i < n; i++)
		buf_puts(&b, certs[i]);
	pem_certs_free(certs, n);
	out = buf_take(&b);
	if (out != NULL && *out == '\0') {
		free(out);
		out = NULL;
	}
	if (out == NULL)
		err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	return out;
}

/* The leaf: exactly one certificate. */
static int take_leaf(struct mig_cert *c, const char *pem, size_t len)
{
	struct err e = { 0 };
	char **certs = NULL;
	size_t n = 0;

	if (pem_split_certs(pem, len, &certs, &n, &e) != RC_OK ||
	    cert_info_parse(certs[0], strlen(certs[0]), &c->ci, &e) != RC_OK) {
		pem_certs_free(certs, n);
		mig_cert_refuse(c, _("certificate: %s"), err_text(&e));
		return 0;
	}
	c->cert_pem = strdup(certs[0]);
	pem_certs_free(certs, n);
	if (c->cert_pem == NULL) {
		mig_cert_refuse(c, "%s", rc_str(RC_NOMEM));
		return 0;
	}
	return 1;
}

/* The private key: parses, is one of ours, matches the leaf. */
static int take_key(struct mig_cert *c, const char *pem, size_t len)
{
	struct err e = { 0 };
	EVP_PKEY *k = key_from_pem(pem, len, &e);
	int ok = 0;

	if (k == NULL)
		mig_cert_refuse(c, _("private key: %s"), err_text(&e));
	else if (!cert_matches_key(c->cert_pem, k))
		mig_cert_refuse(c, _("the private key does not belong to the "
				     "certificate"));
	else if (key_type_of(k) == KEY__INVALID)
		mig_cert_refuse(c, _("the key type is not one acmetui issues "
				     "(RSA 2048/3072/4096, P-256, P-384)"));
	else
		ok = 1;
	if (ok) {
		c->key_pem = key_to_pem(k, &e);
		c->key_type = strdup(key_type_name(key_type_of(k)));
		if (c->key_pem == NULL || c->key_type == NULL) {
			mig_cert_refuse(c, "%s", rc_str(RC_NOMEM));
			ok = 0;
		}
	}
	EVP_PKEY_free(k);
	return ok;
}

void mig_cert_take_pem(struct mig_cert *c, const char *cert_pem,
		       size_t cert_len, const char *chain_pem, size_t chain_len,
		       const char *key_pem, size_t key_len)
{
	struct err e = { 0 };

	if (!take_leaf(c, cert_pem, cert_len) ||
	    !take_key(c, key_pem, key_len) || !take_names(c))
		return;
	if (chain_pem == NULL || chain_len == 0)
		return;
	c->chain_pem = checked_chain(chain_pem, chain_len, &e);
	if (c->chain_pem == NULL)
		mig_cert_refuse(c, _("chain: %s"), err_text(&e));
}

/* A copy of s, or NULL for NULL; *fail set when memory runs out. */
static char *dup_or_null(const char *s, int *fail)
{
	char *d;

	if (s == NULL)
		return NULL;
	d = strdup(s);
	if (d == NULL)
		*fail = 1;
	return d;
}

int mig_dom_set_method(struct domain_row *dst, const struct domain_row *src)
{
	struct domain_row keep = *dst;
	int fail = 0;

	memset(dst, 0, sizeof(*dst));
	dst->name = keep.name;
	dst->ident_type = keep.ident_type;
	keep.name = NULL;
	domain_row_clear(&keep);
	dst->method = src->method;
	dst->webroot = dup_or_null(src->webroot, &fail);
	dst->http_bind = dup_or_null(src->http_bind, &fail);
	dst->http_port = src->http_port;
	dst->tls_port = src->tls_port;
	dst->dns_hook = dup_or_null(src->dns_hook, &fail);
	dst->rfc2136_server = dup_or_null(src->rfc2136_server, &fail);
	dst->rfc2136_zone = dup_or_null(src->rfc2136_zone, &fail);
	dst->tsig_name = dup_or_null(src->tsig_name, &fail);
	dst->tsig_alg = dup_or_null(src->tsig_alg, &fail);
	dst->tsig_secret = dup_or_null(src->tsig_secret, &fail);
	dst->dns_resolver = dup_or_null(src->dns_resolver, &fail);
	dst->dns_check = dup_or_null(src->dns_check, &fail);
	dst->dns_wait = src->dns_wait;
	return fail ? -1 : 0;
}

int mig_url_ok(const char *s)
{
	return s != NULL && strlen(s) < MIG_URL_MAX && url_is_https(s);
}

int mig_read(const struct tree *t, const char *rel, size_t max, char **out,
	     size_t *len, struct mig_cert *c)
{
	struct err e = { 0 };

	if (tree_read(t, rel, max, out, len, &e) == RC_OK)
		return 1;
	mig_cert_refuse(c, "%s", err_text(&e));
	return 0;
}
