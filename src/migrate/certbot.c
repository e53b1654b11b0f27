/* SPDX-License-Identifier: ISC */
/* certbot.c - certbot's lineages as a migration plan (certbot.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "crypto/key.h"
#include "migrate/certbot.h"
#include "migrate/confobj.h"
#include "migrate/jwk.h"
#include "migrate/rfc2136cred.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/proc.h"
#include "util/shellcmd.h"
#include "util/safe.h"

#define RP "renewalparams"
/* certbot's account ids are 32 hex digits. */
#define CERTBOT_ID_MAX 64

/* An account id certbot made: hex digits only (it names a directory). */
static int id_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0, i;

	if (n == 0 || n > CERTBOT_ID_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

/* accounts/<host[:port]/path>/<id>, certbot's layout for server. */
static int account_dir(const char *server, const char *id, char *out, size_t sz)
{
	const char *rest = server + 8;
	int n;

	if (strstr(rest, "..") != NULL || strstr(rest, "//") != NULL ||
	    strchr(rest, '?') != NULL || strchr(rest, '#') != NULL)
		return 0;
	n = snprintf(out, sz, "accounts/%s/%s", rest, id);
	return n > 0 && (size_t)n < sz;
}

/* Loads the account's key and URL into a; 0 with c refused. */
static int load_account(const struct tree *t, const char *dir,
			struct mig_account *a, struct mig_cert *c)
{
	char path[TREE_PATH_MAX + 32], *text = NULL;
	struct json_object *o = NULL;
	struct err e = { 0 };
	EVP_PKEY *k = NULL;
	const char *uri;
	size_t len = 0;

	snprintf(path, sizeof(path), "%s/private_key.json", dir);
	if (!mig_read(t, path, JWK_TEXT_MAX, &text, &len, c))
		return 0;
	k = jwk_private_import(text, len, &e);
	OPENSSL_cleanse(text, len);
	free(text);
	text = NULL;
	if (k == NULL) {
		mig_cert_refuse(c, "%s: %s", path, err_text(&e));
		return 0;
	}
	a->key_pem = key_to_pem(k, &e);
	a->key_type = strdup(key_type_name(key_type_of(k)));
	EVP_PKEY_free(k);
	snprintf(path, sizeof(path), "%s/regr.json", dir);
	if (!mig_read(t, path, MIG_JSON_MAX, &text, &len, c))
		return 0;
	o = js_parse_object(text, len, "regr.json", &e);
	free(text);
	uri = o != NULL ? js_str(o, "uri", MIG_URL_MAX) : NULL;
	if (uri != NULL && mig_url_ok(uri))
		a->account_url = strdup(uri);
	json_object_put(o);
	if (a->account_url == NULL) {
		mig_cert_refuse(c, _("%s: no https account URL (\"uri\")"),
				path);
		return 0;
	}
	return a->key_pem != NULL && a->key_type != NULL;
}

/* The plan's account for (server, id), loaded on first use; its index
 * or -1 with c refused. */
static int account_for(const struct tree *t, struct mig_plan *p,
		       const char *server, const char *id, struct mig_cert *c)
{
	char dir[TREE_PATH_MAX], name[MIG_NAME_MAX];
	struct mig_account *a;
	size_t i;

	if (!mig_url_ok(server) || !id_ok(id) ||
	    !account_dir(server, id, dir, sizeof(dir))) {
		mig_cert_refuse(c, _("renewal conf: invalid server or account "
				     "id"));
		return -1;
	}
	for (i = 0; i < p->n_accts; i++) {
		if (p->accts[i].source == NULL ||
		    strcmp(p->accts[i].source, dir) != 0)
			continue;
		if (p->accts[i].key_pem != NULL)
			return (int)i;
		mig_cert_refuse(c,
				_("its account %s cannot be read (see the "
				  "lineage before)"),
				dir);
		return -1;
	}
	a = mig_plan_add_account(p);
	if (a == NULL) {
		mig_cert_refuse(c, _("too many accounts"));
		return -1;
	}
	snprintf(name, sizeof(name), "certbot-%.8s", id);
	a->name = strdup(name);
	a->source = strdup(dir);
	a->directory_url = strdup(server);
	if (a->name == NULL || a->source == NULL || a->directory_url == NULL ||
	    !load_account(t, dir, a, c)) {
		/* Keep the slot (its source) so the next lineage of this
		 * account is refused the same way without rereading. */
		if (c->error == NULL)
			mig_cert_refuse(c, "%s", rc_str(RC_NOMEM));
		secret_free(a->key_pem);
		a->key_pem = NULL;
		return -1;
	}
	return (int)(a - p->accts);
}

/* The first path of a ConfigObj list ("/var/www,"). */
static char *first_of_list(const char *v)
{
	size_t n = strcspn(v, ",");

	while (n > 0 && v[n - 1] == ' ')
		n--;
	return n > 0 ? strndup(v, n) : NULL;
}

/* webroot: each name's directory from webroot_map, else webroot_path. */
static void method_webroot(const struct confobj *cf, struct mig_cert *c)
{
	const char *all = confobj_get(cf, RP, "webroot_path");
	size_t i;

	for (i = 0; i < c->n_doms; i++) {
		const char *m = confobj_get(cf, RP "/webroot_map",
					    c->doms[i].name);
		char *dir = m != NULL	  ? strdup(m)
			    : all != NULL ? first_of_list(all)
					  : NULL;

		if (dir == NULL || dir[0] != '/' || !safe_is_clean(dir)) {
			free(dir);
			mig_cert_refuse(c,
					_("webroot: no absolute directory "
					  "for %s"),
					c->doms[i].name);
			return;
		}
		c->doms[i].webroot = dir;
	}
	c->method_text = strdup("http-01 webroot");
}

/* standalone: HTTP-01 on http01_port (80 when unset). */
static void method_standalone(const struct confobj *cf, struct mig_cert *c)
{
	const char *v = confobj_get(cf, RP, "http01_port");
	long port = 80;
	char *end = NULL;
	size_t i;

	if (v != NULL && *v != '\0') {
		port = strtol(v, &end, 10);
		if (*end != '\0' || port < 1 || port > 65535) {
			mig_cert_refuse(c,
					_("standalone: invalid http01_port "
					  "'%s'"),
					v);
			return;
		}
	}
	for (i = 0; i < c->n_doms; i++)
		c->doms[i].http_port = (int)port;
	c->method_text = strdup("http-01 standalone");
}

/* manual with DNS-01: certbot's auth and cleanup hooks as one DNS hook.
 * acmetui runs it as `CMD "$@"` with ACMETUI_ACTION add or del and
 * certbot's CERTBOT_DOMAIN and CERTBOT_VALIDATION, so it branches on the
 * action and ends in ':' (which ignores the appended words). */
static void method_manual_dns(const struct confobj *cf, struct mig_cert *c)
{
	const char *auth = confobj_get(cf, RP, "manual_auth_hook");
	const char *clean = confobj_get(cf, RP, "manual_cleanup_hook");
	struct err e = { 0 };
	struct buf b;
	char *cmd;
	size_t i;

	if (auth == NULL || *auth == '\0') {
		mig_cert_refuse(c, _("manual: no manual_auth_hook"));
		return;
	}
	buf_init(&b, PROC_CMD_MAX);
	buf_printf(&b, "if [ \"$ACMETUI_ACTION\" = add ]; then %s; ", auth);
	if (clean != NULL && *clean != '\0')
		buf_printf(&b, "else %s; ", clean);
	buf_puts(&b, "fi; :");
	cmd = buf_take(&b);
	if (cmd == NULL || shellcmd_check(cmd, &e) != RC_OK) {
		mig_cert_refuse(c, _("manual hooks: %s"),
				cmd ? err_text(&e) : rc_str(RC_NOMEM));
		free(cmd);
		return;
	}
	for (i = 0; i < c->n_doms && c->error == NULL; i++) {
		c->doms[i].method = DOM_METHOD_DNS01;
		c->doms[i].dns_hook = strdup(cmd);
		if (c->doms[i].dns_hook == NULL)
			mig_cert_refuse(c, "%s", rc_str(RC_NOMEM));
	}
	free(cmd);
	c->method_text = strdup("dns-01 manual hooks");
}

/* dns-rfc2136: the credentials file the conf names (anywhere: certbot
 * takes any path) read with the tree's bounds and checked, the same
 * settings on every name, propagation seconds as the DNS wait.  Nothing
 * of the secret reaches the plan. */
static void method_rfc2136(const struct confobj *cf, struct mig_cert *c)
{
	const char *path = confobj_get(cf, RP, "dns_rfc2136_credentials");
	const char *wait = confobj_get(cf, RP,
				       "dns_rfc2136_propagation_seconds");
	struct rfc2136cred cred = { 0 };
	struct err e = { 0 };
	char *text = NULL, *end = NULL;
	size_t len = 0, i;
	long secs = 0;
	int others = 0;

	if (path == NULL || *path == '\0') {
		mig_cert_refuse(c,
				_("dns-rfc2136: no dns_rfc2136_credentials"));
		return;
	}
	if (wait != NULL && *wait != '\0') {
		secs = strtol(wait, &end, 10);
		if (*end != '\0' || secs < 1 || secs > 86400) {
			mig_cert_refuse(c,
					_("dns-rfc2136: invalid "
					  "dns_rfc2136_propagation_seconds "
					  "'%.20s' (1 to 86400)"),
					wait);
			return;
		}
	}
	if (rfc2136cred_read(path, &text, &len, &others, &e) != RC_OK ||
	    rfc2136cred_parse(text, len, &cred, &e) != RC_OK) {
		mig_cert_refuse(c, _("dns-rfc2136 credentials %s: %s"),
				safe_is_clean(path) ? path : "?", err_text(&e));
		goto out;
	}
	if (others)
		mig_cert_note(c,
			      _("the credentials file %s can be read by "
				"other users (certbot warns about it too): "
				"chmod 600 it"),
			      safe_is_clean(path) ? path : "?");
	for (i = 0; i < c->n_doms && c->error == NULL; i++) {
		c->doms[i].dns_wait = (int)secs;
		if (rfc2136cred_apply(&cred, &c->doms[i]) != 0)
			mig_cert_refuse(c, "%s", rc_str(RC_NOMEM));
	}
	if (c->error == NULL)
		c->method_text = strdup("dns-01 rfc2136");
out:
	if (text != NULL)
		OPENSSL_cleanse(text, len);
	free(text);
	rfc2136cred_clear(&cred);
}

/* The authenticator and its settings, or c refused with what to do. */
static void carry_method(const struct confobj *cf, struct mig_cert *c)
{
	const char *auth = confobj_get(cf, RP, "authenticator");
	const char *inst = confobj_get(cf, RP, "installer");
	const char *pref = confobj_get(cf, RP, "pref_challs");

	if (auth == NULL || strcmp(auth, "webroot") == 0)
		method_webroot(cf, c);
	else if (strcmp(auth, "standalone") == 0)
		method_standalone(cf, c);
	else if (strcmp(auth, "manual") == 0 && pref != NULL &&
		 strstr(pref, "dns") != NULL)
		method_manual_dns(cf, c);
	else if (strcmp(auth, "dns-rfc2136") == 0)
		method_rfc2136(cf, c);
	else if (strcmp(auth, "manual") == 0)
		mig_cert_refuse(c, _("manual HTTP-01 hooks are not carried "
				     "over (acmetui has no HTTP hook): add the "
				     "certificate with `acmetui cert add` and "
				     "--webroot DIR where the hook wrote"));
	else if (strcmp(auth, "nginx") == 0 || strcmp(auth, "apache") == 0)
		mig_cert_refuse(c,
				_("authenticator %s is certbot's web server "
				  "plugin: add the certificate with "
				  "`acmetui cert add NAME --webroot DIR` "
				  "(the server's document root) or "
				  "--standalone instead"),
				auth);
	else
		mig_cert_refuse(c,
				_("authenticator '%s' is not carried over: "
				  "add the certificate with `acmetui cert "
				  "add` and --webroot, --standalone, "
				  "--dns-hook or --rfc2136"),
				auth);
	if (inst != NULL && strcmp(inst, "None") != 0 && *inst != '\0')
		mig_cert_note(c,
			      _("installer %s: not carried over; set a "
				"deploy target (cert set NAME --deploy-dir "
				"DIR --reload-cmd CMD)"),
			      inst);
}

/* Appends word to b as one single-quoted shell word. */
static void sh_quote(struct buf *b, const char *word)
{
	const char *q;

	buf_puts(b, "'");
	while ((q = strchr(word, '\'')) != NULL) {
		buf_append(b, word, (size_t)(q - word));
		buf_puts(b, "'\\''");
		word = q + 1;
	}
	buf_puts(b, word);
	buf_puts(b, "'");
}

/* One of certbot's hooks for this lineage, as one command: each
 * executable of DIR/renewal-hooks/KIND/ (by name, as certbot runs them),
 * then the renewal conf's own (key); ';' between them, since certbot
 * runs each whatever the one before did.  NULL when there are none. */
static char *hook_command(const struct tree *t, const struct confobj *cf,
			  const char *kind, const char *key)
{
	const char *v = confobj_get(cf, RP, key);
	char **names = NULL, rel[64], path[2 * TREE_PATH_MAX + 32];
	struct buf b = { 0 };
	struct err e = { 0 };
	size_t n = 0, i;

	buf_init(&b, PROC_CMD_MAX);
	snprintf(rel, sizeof(rel), "renewal-hooks/%s", kind);
	if (tree_list(t, rel, &names, &n, &e) != RC_OK)
		n = 0;
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s/%s", t->root, rel,
			 names[i]);
		if (access(path, X_OK) != 0 || !safe_is_clean(path))
			continue;
		if (b.len > 0)
			buf_puts(&b, "; ");
		sh_quote(&b, path);
	}
	tree_names_free(names, n);
	if (v != NULL && *v != '\0') {
		if (b.len > 0)
			buf_puts(&b, "; ");
		buf_puts(&b, v);
	}
	return b.len > 0 ? buf_take(&b) : (buf_clear(&b), NULL);
}

/* certbot's pre, deploy and post hooks carried over (checked as `cert
 * set --deploy-hook` checks a hook): a hook that would not run refuses
 * the lineage rather than being dropped. */
static void carry_hooks(const struct tree *t, const struct confobj *cf,
			struct mig_cert *c)
{
	static const char *const kinds[] = { "pre", "deploy", "post" };
	static const char *const keys[] = { "pre_hook", "renew_hook",
					    "post_hook" };
	char **slots[] = { &c->pre_hook, &c->deploy_hook, &c->post_hook };
	struct err e = { 0 };
	size_t k;

	for (k = 0; k < 3 && c->error == NULL; k++) {
		*slots[k] = hook_command(t, cf, kinds[k], keys[k]);
		if (*slots[k] != NULL && shellcmd_check(*slots[k], &e) != RC_OK)
			mig_cert_refuse(c, _("%s hook '%s': %s"), kinds[k],
					*slots[k], err_text(&e));
	}
}

/* Where renewals go: live_dir/NAME when the operator gave --live-dir,
 * else a note (the deploy hook, too, waits for a target). */
static void carry_target(const char *live_dir, struct mig_cert *c)
{
	char dir[TREE_PATH_MAX + MIG_NAME_MAX + 2];

	if (live_dir != NULL) {
		snprintf(dir, sizeof(dir), "%s/%s", live_dir, c->name);
		c->deploy_dir = strdup(dir);
		mig_cert_note(c,
			      _("renewals go to %s (cert.pem, chain.pem, "
				"fullchain.pem, privkey.pem): run `acmetui "
				"cert deploy %s` to write the current ones "
				"now"),
			      dir, c->name);
		return;
	}
	mig_cert_note(c,
		      _("servers reading live/%s/ keep the old files%s: "
			"set a deploy target (--live-dir DIR, or cert "
			"set %s --deploy-dir DIR)"),
		      c->name,
		      c->deploy_hook ? _(", and the deploy hook runs only "
					 "after a deploy")
				     : "",
		      c->name);
}

/* The live/NAME files, checked. */
static void take_files(const struct tree *t, struct mig_cert *c)
{
	char p1[TREE_PATH_MAX], p2[TREE_PATH_MAX], p3[TREE_PATH_MAX];
	char *cert = NULL, *chain = NULL, *key = NULL;
	size_t lc = 0, lch = 0, lk = 0;

	snprintf(p1, sizeof(p1), "live/%s/cert.pem", c->name);
	snprintf(p2, sizeof(p2), "live/%s/chain.pem", c->name);
	snprintf(p3, sizeof(p3), "live/%s/privkey.pem", c->name);
	if (mig_read(t, p1, MIG_PEM_MAX, &cert, &lc, c) &&
	    mig_read(t, p2, MIG_PEM_MAX, &chain, &lch, c) &&
	    mig_read(t, p3, MIG_PEM_MAX, &key, &lk, c))
		mig_cert_take_pem(c, cert, lc, chain, lch, key, lk);
	free(cert);
	free(chain);
	if (key != NULL)
		OPENSSL_cleanse(key, lk);
	free(key);
}

/* One lineage from its renewal conf text. */
static void read_lineage(const struct tree *t, const char *live_dir,
			 struct mig_plan *p, struct mig_cert *c,
			 const char *text, size_t len)
{
	struct confobj cf = { 0 };
	struct err e = { 0 };
	const char *server, *v;

	if (confobj_parse(text, len, &cf, &e) != RC_OK) {
		mig_cert_refuse(c, "renewal/%s.conf: %s", c->name,
				err_text(&e));
		return;
	}
	server = confobj_get(&cf, RP, "server");
	c->account = account_for(t, p, server ? server : CERTBOT_DEFAULT_SERVER,
				 confobj_get(&cf, RP, "account"), c);
	if (c->account >= 0)
		take_files(t, c);
	if (c->error == NULL)
		carry_method(&cf, c);
	v = confobj_get(&cf, RP, "preferred_chain");
	if (c->error == NULL && v != NULL && *v != '\0')
		c->preferred_chain = safe_dup(v);
	if (c->error == NULL) {
		carry_hooks(t, &cf, c);
	}
	if (c->error == NULL)
		carry_target(live_dir, c);
	confobj_clear(&cf);
}

enum rc certbot_read(const struct tree *t, const char *live_dir,
		     struct mig_plan *p, struct err *e)
{
	char **names = NULL, rel[TREE_PATH_MAX], name[TREE_PATH_MAX];
	size_t n = 0, i, l;
	enum rc rc;

	rc = tree_list(t, "renewal", &names, &n, e);
	if (rc != RC_OK)
		return err_set(e, RC_INPUT,
			       _("%s is not a certbot "
				 "configuration directory (no "
				 "renewal/)"),
			       t->root);
	for (i = 0; i < n; i++) {
		struct mig_cert *c;
		char *text = NULL;
		size_t len = 0;

		l = strlen(names[i]);
		if (l <= 5 || strcmp(names[i] + l - 5, ".conf") != 0)
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(l - 5), names[i]);
		snprintf(rel, sizeof(rel), "renewal/%s", names[i]);
		c = mig_plan_add_cert(p, name, rel);
		if (c == NULL) {
			rc = err_set(e, RC_INPUT, _("more than %d lineages"),
				     MIG_CERTS_MAX);
			break;
		}
		if (!safe_name_ok(name, MIG_NAME_MAX)) {
			mig_cert_refuse(c, _("lineage name is not a plain "
					     "name (letters, digits, '.', "
					     "'-', '_')"));
			continue;
		}
		if (mig_read(t, rel, CONFOBJ_TEXT_MAX, &text, &len, c))
			read_lineage(t, live_dir, p, c, text, len);
		free(text);
	}
	tree_names_free(names, n);
	return rc;
}
