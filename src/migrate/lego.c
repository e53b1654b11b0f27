/* SPDX-License-Identifier: ISC */
/* lego.c - lego's account and certificates as a migration plan
 * (lego.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "crypto/key.h"
#include "migrate/lego.h"
#include "util/json.h"
#include "util/safe.h"

/* What an inventory name may hold (safe_name_ok). */
#define NAME_CHARS \
	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" \
	"0123456789.-_"

/* lego's account directory for server: its host with ':' as '_'. */
static int host_dir(const char *server, char *out, size_t sz)
{
	const char *h = server + 8, *end;
	size_t n, i;

	if (!mig_url_ok(server))
		return 0;
	end = h + strcspn(h, "/?#");
	n = (size_t)(end - h);
	if (n == 0 || n >= sz)
		return 0;
	memcpy(out, h, n);
	for (i = 0; i < n; i++)
		if (out[i] == ':')
			out[i] = '_';
	out[n] = '\0';
	return out[0] != '.' && safe_is_clean(out);
}

/* The one account directory under accounts/HOST, or the one for email. */
static enum rc pick_email(const struct tree *t, const char *dir,
			  const char *email, char *out, size_t sz,
			  struct err *e)
{
	char **names = NULL;
	size_t n = 0;
	enum rc rc;

	rc = tree_list(t, dir, &names, &n, e);
	if (rc != RC_OK) {
		err_clear(e);
		rc = err_set(e, RC_INPUT,
			     _("%s/%s: no lego account for this "
			       "server (give --server URL as "
			       "given to lego)"),
			     t->root, dir);
	} else if (email != NULL) {
		snprintf(out, sz, "%s", email);
	} else if (n != 1) {
		rc = err_set(e, RC_INPUT,
			     _("%s/%s holds %zu accounts: pick "
			       "one with --email"),
			     t->root, dir, n);
	} else {
		snprintf(out, sz, "%s", names[0]);
	}
	tree_names_free(names, n);
	if (rc == RC_OK &&
	    (strchr(out, '/') != NULL || out[0] == '.' || !safe_is_clean(out)))
		rc = err_set(e, RC_INPUT, _("invalid account e-mail"));
	return rc;
}

/* "lego-" and the e-mail with everything but [A-Za-z0-9.-_] as '_'. */
static char *account_name(const char *email)
{
	char name[MIG_NAME_MAX + 1];
	size_t i;

	snprintf(name, sizeof(name), "lego-%.*s", MIG_NAME_MAX - 5, email);
	for (i = 0; name[i] != '\0'; i++)
		if (strchr(NAME_CHARS, name[i]) == NULL)
			name[i] = '_';
	return strdup(name);
}

/* Loads the account into a (its key and URL). */
static enum rc load_account(const struct tree *t, const char *dir,
			    const char *email, struct mig_account *a,
			    struct err *e)
{
	char path[TREE_PATH_MAX + 300], *text = NULL;
	struct json_object *o = NULL;
	EVP_PKEY *k = NULL;
	const char *uri = NULL;
	enum rc rc;
	size_t len = 0;

	snprintf(path, sizeof(path), "%s/%s/account.json", dir, email);
	rc = tree_read(t, path, MIG_JSON_MAX, &text, &len, e);
	if (rc == RC_OK) {
		o = js_parse_object(text, len, path, e);
		uri = js_str(js_obj(o, "registration"), "uri", MIG_URL_MAX);
		free(text);
		text = NULL;
		if (o == NULL || !mig_url_ok(uri))
			rc = err_set(e, RC_INPUT,
				     _("%s: no https account URL "
				       "(registration.uri)"),
				     path);
		else
			a->account_url = strdup(uri);
	}
	json_object_put(o);
	snprintf(path, sizeof(path), "%s/%s/keys/%s.key", dir, email, email);
	if (rc == RC_OK)
		rc = tree_read(t, path, MIG_PEM_MAX, &text, &len, e);
	if (rc == RC_OK) {
		k = key_from_pem(text, len, e);
		OPENSSL_cleanse(text, len);
		if (k == NULL || key_type_of(k) == KEY__INVALID)
			rc = err_set(e, RC_INPUT,
				     _("%s: not a supported "
				       "account key"),
				     path);
	}
	free(text);
	if (rc == RC_OK) {
		a->key_pem = key_to_pem(k, e);
		a->key_type = strdup(key_type_name(key_type_of(k)));
		a->name = account_name(email);
		a->source = strdup(dir);
		if (a->key_pem == NULL || a->key_type == NULL ||
		    a->name == NULL || a->source == NULL ||
		    a->account_url == NULL)
			rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	}
	EVP_PKEY_free(k);
	return rc;
}

/* One certificate: BASE.crt (leaf, then maybe its chain), else the
 * chain from BASE.issuer.crt; BASE.key. */
static void read_cert(const struct tree *t, struct mig_cert *c,
		      const char *base)
{
	char path[TREE_PATH_MAX + 32], *crt = NULL, *iss = NULL, *key = NULL;
	size_t lc = 0, li = 0, lk = 0;
	struct err e = { 0 };

	snprintf(path, sizeof(path), "certificates/%s.crt", base);
	if (tree_read(t, path, MIG_PEM_MAX, &crt, &lc, &e) != RC_OK)
		goto fail;
	snprintf(path, sizeof(path), "certificates/%s.key", base);
	if (tree_read(t, path, MIG_PEM_MAX, &key, &lk, &e) != RC_OK)
		goto fail;
	snprintf(path, sizeof(path), "certificates/%s.issuer.crt", base);
	if (tree_read(t, path, MIG_PEM_MAX, &iss, &li, &e) != RC_OK &&
	    e.rc != RC_NOTFOUND)
		goto fail;
	/* A bundle (lego's default) carries the chain after the leaf:
	 * mig_cert_take_pem keeps the first block; the issuer file is the
	 * chain either way. */
	mig_cert_take_pem(c, crt, lc, iss, li, key, lk);
	goto out;
fail:
	mig_cert_refuse(c, "%s", err_text(&e));
out:
	free(crt);
	free(iss);
	if (key != NULL)
		OPENSSL_cleanse(key, lk);
	free(key);
}

/* Whether name is "BASE.crt" and not "BASE.issuer.crt"; base gets BASE. */
static int cert_file(const char *name, char *base, size_t sz)
{
	size_t n = strlen(name);

	if (n <= 4 || strcmp(name + n - 4, ".crt") != 0 ||
	    (n > 11 && strcmp(name + n - 11, ".issuer.crt") == 0) ||
	    n - 4 >= sz)
		return 0;
	memcpy(base, name, n - 4);
	base[n - 4] = '\0';
	return 1;
}

enum rc lego_read(const struct tree *t, const char *server, const char *email,
		  struct mig_plan *p, struct err *e)
{
	char host[256], dir[300], who[256], base[TREE_PATH_MAX];
	char **names = NULL;
	struct mig_account *a;
	size_t n = 0, i;
	enum rc rc;

	if (!host_dir(server, host, sizeof(host)))
		return err_set(e, RC_INPUT,
			       _("--server must be an https "
				 "URL"));
	snprintf(dir, sizeof(dir), "accounts/%s", host);
	rc = pick_email(t, dir, email, who, sizeof(who), e);
	a = rc == RC_OK ? mig_plan_add_account(p) : NULL;
	if (a != NULL) {
		a->directory_url = strdup(server);
		rc = load_account(t, dir, who, a, e);
	}
	if (rc == RC_OK)
		rc = tree_list(t, "certificates", &names, &n, e);
	for (i = 0; rc == RC_OK && i < n; i++) {
		struct mig_cert *c;
		char src[TREE_PATH_MAX + 16];

		if (!cert_file(names[i], base, sizeof(base)))
			continue;
		snprintf(src, sizeof(src), "certificates/%s", names[i]);
		c = mig_plan_add_cert(p, base, src);
		if (c == NULL) {
			rc = err_set(e, RC_INPUT,
				     _("more than %d "
				       "certificates"),
				     MIG_CERTS_MAX);
			break;
		}
		c->account = 0;
		if (!safe_name_ok(base, MIG_NAME_MAX))
			mig_cert_refuse(c, _("file name is not a plain name "
					     "(letters, digits, '.', '-', "
					     "'_')"));
		else
			read_cert(t, c, base);
		if (c->error == NULL)
			mig_cert_note(c,
				      _("servers reading %s/certificates/ "
					"keep the old files: set a deploy "
					"target (cert set %s --deploy-dir "
					"DIR); lego's --renew-hook: run it "
					"with --renew-due --post-hook"),
				      t->root, base);
	}
	tree_names_free(names, n);
	return rc;
}
