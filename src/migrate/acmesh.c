/* SPDX-License-Identifier: ISC */
/* acmesh.c - acme.sh's domains and account as a migration plan
 * (acmesh.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "crypto/key.h"
#include "migrate/acmesh.h"
#include "migrate/shconf.h"
#include "util/safe.h"
#include "util/shellcmd.h"

/* Directories of an acme.sh home that are not domains. */
static const char *const not_domains[] = { "ca", "deploy", "dnsapi", "notify",
					   NULL };

/* acme.sh's CA directory name for server: what its
 * `cut -d : -f 2 | tr -s / | cut -d / -f 2-` leaves (host and path, or
 * the host alone when a port follows it). */
static int ca_dir(const char *server, char *out, size_t sz)
{
	const char *h;
	size_t n;
	int len;

	if (!mig_url_ok(server))
		return 0;
	h = server + 8;
	n = strcspn(h, ":?#");
	if (n == 0 || strstr(h, "..") != NULL)
		return 0;
	while (n > 0 && h[n - 1] == '/')
		n--;
	len = snprintf(out, sz, "ca/%.*s", (int)n, h);
	return len > 0 && (size_t)len < sz && strstr(out, "//") == NULL;
}

/* The account of server, loaded on first use; its index or -1 with c
 * refused. */
static int account_for(const struct tree *t, struct mig_plan *p,
		       const char *server, struct mig_cert *c)
{
	char dir[TREE_PATH_MAX], path[TREE_PATH_MAX + 32], *text = NULL;
	struct confobj sc = { 0 };
	struct mig_account *a;
	struct err e = { 0 };
	EVP_PKEY *k = NULL;
	const char *url;
	size_t len = 0, i;

	if (!ca_dir(server, dir, sizeof(dir))) {
		mig_cert_refuse(c, _("Le_API is not an https URL"));
		return -1;
	}
	for (i = 0; i < p->n_accts; i++)
		if (strcmp(p->accts[i].directory_url, server) == 0)
			return (int)i;
	snprintf(path, sizeof(path), "%s/ca.conf", dir);
	if (!mig_read(t, path, SHCONF_TEXT_MAX, &text, &len, c))
		return -1;
	if (shconf_parse(text, len, &sc, &e) != RC_OK)
		mig_cert_refuse(c, "%s: %s", path, err_text(&e));
	free(text);
	url = c->error == NULL ? shconf_get(&sc, "ACCOUNT_URL") : NULL;
	if (c->error == NULL && !mig_url_ok(url))
		mig_cert_refuse(c, _("%s: no https ACCOUNT_URL"), path);
	snprintf(path, sizeof(path), "%s/account.key", dir);
	if (c->error == NULL &&
	    mig_read(t, path, MIG_PEM_MAX, &text, &len, c)) {
		k = key_from_pem(text, len, &e);
		OPENSSL_cleanse(text, len);
		free(text);
		if (k == NULL || key_type_of(k) == KEY__INVALID)
			mig_cert_refuse(c,
					_("%s: not a supported account "
					  "key"),
					path);
	}
	a = c->error == NULL ? mig_plan_add_account(p) : NULL;
	if (c->error == NULL && a == NULL)
		mig_cert_refuse(c, _("too many accounts"));
	if (a != NULL) {
		char name[MIG_NAME_MAX];

		snprintf(name, sizeof(name), "acme.sh-%.100s", dir + 3);
		for (i = 0; name[i] != '\0'; i++)
			if (name[i] == '/' || name[i] == ':')
				name[i] = '_';
		a->name = strdup(name);
		a->source = strdup(dir);
		a->directory_url = strdup(server);
		a->account_url = strdup(url);
		a->key_pem = key_to_pem(k, &e);
		a->key_type = strdup(key_type_name(key_type_of(k)));
	}
	EVP_PKEY_free(k);
	confobj_clear(&sc);
	if (c->error != NULL)
		return -1;
	return (int)(a - p->accts);
}

/* The n-th entry of a comma list (the last one again past its end), as
 * acme.sh pairs Le_Webroot with the names. */
static char *list_nth(const char *list, size_t n)
{
	const char *s = list, *comma;
	size_t i;

	for (i = 0; i < n && (comma = strchr(s, ',')) != NULL; i++)
		s = comma + 1;
	return strndup(s, strcspn(s, ","));
}

/* A port from conf key (dflt when unset); 0 when invalid. */
static int port_of(const struct confobj *sc, const char *key, int dflt)
{
	const char *v = shconf_get(sc, key);
	char *end = NULL;
	long p;

	if (v == NULL || *v == '\0')
		return dflt;
	p = strtol(v, &end, 10);
	return *end == '\0' && p >= 1 && p <= 65535 ? (int)p : 0;
}

/* Le_Webroot for each name: a directory, "no" or "alpn". */
static void carry_method(const struct confobj *sc, struct mig_cert *c)
{
	const char *wr = shconf_get(sc, "Le_Webroot");
	int http = port_of(sc, "Le_HTTPPort", 80);
	int tls = port_of(sc, "Le_TLSPort", 443);
	size_t i;

	if (wr == NULL || *wr == '\0') {
		mig_cert_refuse(c, _("no Le_Webroot: the method is unknown"));
		return;
	}
	for (i = 0; c->error == NULL && i < c->n_doms; i++) {
		char *m = list_nth(wr, i);
		struct domain_row *d = &c->doms[i];

		if (m != NULL && m[0] == '/') {
			d->webroot = m;
			m = NULL;
		} else if (m != NULL && strcmp(m, "no") == 0 && http) {
			d->http_port = http;
		} else if (m != NULL && strcmp(m, "alpn") == 0 && tls) {
			d->method = DOM_METHOD_TLSALPN01;
			d->tls_port = tls;
		} else if (m != NULL && strncmp(m, "dns_", 4) == 0) {
			mig_cert_refuse(c,
					_("DNS API %s is not carried over: "
					  "use `acmetui cert add` with "
					  "--dns-hook (a script for your "
					  "provider) or --rfc2136 (as "
					  "dns_nsupdate)"),
					m);
		} else {
			mig_cert_refuse(c,
					_("Le_Webroot '%s' (for %s) is not "
					  "carried over: use --webroot or "
					  "--standalone with `acmetui cert "
					  "add`"),
					m ? m : "?", d->name);
		}
		free(m);
	}
	if (c->error == NULL)
		c->method_text = strdup("acme.sh Le_Webroot");
}

/* An --install-cert path: absolute and printable, else NULL. */
static char *abs_path(const struct confobj *sc, const char *key)
{
	const char *v = shconf_get(sc, key);

	if (v == NULL || v[0] != '/' || strlen(v) >= TREE_PATH_MAX)
		return NULL;
	return strdup(v);
}

/* acme.sh --install-cert: where the files went, what ran after. */
static void carry_install(const struct confobj *sc, struct mig_cert *c)
{
	const char *reload = shconf_get(sc, "Le_ReloadCmd");

	c->deploy_cert_path = abs_path(sc, "Le_RealCertPath");
	c->deploy_chain_path = abs_path(sc, "Le_RealCACertPath");
	c->deploy_key_path = abs_path(sc, "Le_RealKeyPath");
	c->deploy_fullchain_path = abs_path(sc, "Le_RealFullChainPath");
	const char *hook = shconf_get(sc, "Le_RenewHook");
	struct err e = { 0 };

	if (reload != NULL && *reload != '\0')
		c->reload_cmd = strdup(reload);
	if (hook != NULL && *hook != '\0') {
		c->deploy_hook = strdup(hook);
		if (c->deploy_hook != NULL &&
		    shellcmd_check(c->deploy_hook, &e) != RC_OK) {
			mig_cert_refuse(c, _("Le_RenewHook '%s': %s"), hook,
					err_text(&e));
			return;
		}
	}
	if (c->deploy_cert_path == NULL && c->deploy_chain_path == NULL &&
	    c->deploy_key_path == NULL && c->deploy_fullchain_path == NULL)
		mig_cert_note(c,
			      _("no --install-cert paths: set a deploy "
				"target (cert set %s --deploy-dir DIR)"),
			      c->name);
}

/* The certificate files of the domain directory dir. */
static void take_files(const struct tree *t, const char *dir,
		       const char *domain, struct mig_cert *c)
{
	char p[3][TREE_PATH_MAX + 300], *txt[3] = { NULL, NULL, NULL };
	size_t len[3] = { 0, 0, 0 };

	snprintf(p[0], sizeof(p[0]), "%s/%s.cer", dir, domain);
	snprintf(p[1], sizeof(p[1]), "%s/ca.cer", dir);
	snprintf(p[2], sizeof(p[2]), "%s/%s.key", dir, domain);
	if (mig_read(t, p[0], MIG_PEM_MAX, &txt[0], &len[0], c) &&
	    mig_read(t, p[1], MIG_PEM_MAX, &txt[1], &len[1], c) &&
	    mig_read(t, p[2], MIG_PEM_MAX, &txt[2], &len[2], c))
		mig_cert_take_pem(c, txt[0], len[0], txt[1], len[1], txt[2],
				  len[2]);
	free(txt[0]);
	free(txt[1]);
	if (txt[2] != NULL)
		OPENSSL_cleanse(txt[2], len[2]);
	free(txt[2]);
}

/* One domain directory with its conf. */
static void read_domain(const struct tree *t, struct mig_plan *p,
			const char *dir, const char *domain, struct mig_cert *c,
			const char *text, size_t len)
{
	struct confobj sc = { 0 };
	struct err e = { 0 };
	const char *v;

	if (shconf_parse(text, len, &sc, &e) != RC_OK) {
		mig_cert_refuse(c, "%s/%s.conf: %s", dir, domain, err_text(&e));
		return;
	}
	v = shconf_get(&sc, "Le_Domain");
	if (v == NULL || strcmp(v, domain) != 0)
		mig_cert_refuse(c, _("Le_Domain does not name %s"), domain);
	v = shconf_get(&sc, "Le_API");
	if (c->error == NULL && v == NULL)
		mig_cert_refuse(c, _("no Le_API: the CA is unknown"));
	if (c->error == NULL)
		c->account = account_for(t, p, v, c);
	if (c->error == NULL)
		take_files(t, dir, domain, c);
	if (c->error == NULL)
		carry_method(&sc, c);
	if (c->error == NULL)
		carry_install(&sc, c);
	confobj_clear(&sc);
}

/* Whether entry is a domain directory; domain gets its name. */
static int domain_dir(const struct tree *t, const char *entry, char *domain,
		      size_t sz)
{
	size_t n = strlen(entry), i;

	for (i = 0; not_domains[i] != NULL; i++)
		if (strcmp(entry, not_domains[i]) == 0)
			return 0;
	if (!tree_is_dir(t, entry) || n >= sz)
		return 0;
	if (n > 4 && strcmp(entry + n - 4, "_ecc") == 0)
		n -= 4;
	memcpy(domain, entry, n);
	domain[n] = '\0';
	return 1;
}

/* The inventory name of domain: '*' (a wildcard) becomes '_'. */
static void cert_name(const char *domain, char *out, size_t sz)
{
	size_t i;

	snprintf(out, sz, "%s", domain);
	for (i = 0; out[i] != '\0'; i++)
		if (out[i] == '*')
			out[i] = '_';
}

enum rc acmesh_read(const struct tree *t, struct mig_plan *p, struct err *e)
{
	char **names = NULL, domain[TREE_PATH_MAX], name[TREE_PATH_MAX];
	char rel[2 * TREE_PATH_MAX + 8];
	enum rc rc;
	size_t n = 0, i;

	rc = tree_list(t, ".", &names, &n, e);
	for (i = 0; rc == RC_OK && i < n; i++) {
		struct mig_cert *c;
		char *text = NULL;
		size_t len = 0;

		if (!domain_dir(t, names[i], domain, sizeof(domain)))
			continue;
		snprintf(rel, sizeof(rel), "%s/%s.conf", names[i], domain);
		if (!tree_is_dir(t, names[i]))
			continue;
		cert_name(domain, name, sizeof(name));
		c = mig_plan_add_cert(p, name, rel);
		if (c == NULL) {
			rc = err_set(e, RC_INPUT, _("more than %d domains"),
				     MIG_CERTS_MAX);
			break;
		}
		if (!safe_name_ok(name, MIG_NAME_MAX))
			mig_cert_refuse(c, _("domain is not a plain name"));
		else if (mig_read(t, rel, SHCONF_TEXT_MAX, &text, &len, c))
			read_domain(t, p, names[i], domain, c, text, len);
		free(text);
	}
	tree_names_free(names, n);
	return rc;
}
