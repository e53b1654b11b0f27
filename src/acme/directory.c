/* SPDX-License-Identifier: ISC */
/* directory.c - parse and check an ACME directory. */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acme/directory.h"
#include "acme/types.h"
#include "util/json.h"
#include "util/safe.h"

/* Copies the URL member key of o into *dst after url_check.  Missing is
 * fine unless required. */
static enum rc take_url(struct json_object *o, const char *key, int required,
			const struct url_policy *p, char **dst, struct err *e)
{
	struct json_object *v = NULL;
	const char *s;
	char what[64];

	snprintf(what, sizeof(what), "directory %s", key);
	if (!json_object_object_get_ex(o, key, &v)) {
		if (required)
			return err_set(e, RC_PROTO, _("%s: missing"), what);
		return RC_OK;
	}
	s = js_str(o, key, ACME_URL_MAX);
	if (s == NULL)
		return err_set(e, RC_PROTO, _("%s: not a clean string"), what);
	if (url_check(p, s, what, e) != RC_OK)
		return RC_PROTO;
	*dst = strdup(s);
	return *dst ? RC_OK : err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
}

/* An optional clean string member (copied) or NULL. */
static enum rc take_text(struct json_object *o, const char *key, char **dst,
			 struct err *e)
{
	const char *s = js_str(o, key, DIR_META_TEXT_MAX);

	if (s == NULL)
		return RC_OK;
	*dst = strdup(s);
	return *dst ? RC_OK : err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
}

static int profile_name_valid(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > DIR_PROFILE_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
		      s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

static int profile_cmp(const void *a, const void *b)
{
	return strcmp(((const struct acme_profile *)a)->name,
		      ((const struct acme_profile *)b)->name);
}

/* meta.profiles: {"name": "description", ...}. */
static enum rc take_profiles(struct json_object *meta, struct acme_directory *d,
			     struct err *e)
{
	struct json_object *pr = js_obj(meta, "profiles");
	struct acme_profile *ps;
	const char *desc;
	size_t n;

	if (pr == NULL)
		return RC_OK;
	n = (size_t)json_object_object_length(pr);
	if (n > DIR_PROFILES_MAX)
		return err_set(e, RC_PROTO, _("directory: too many profiles"));
	if (n == 0)
		return RC_OK;
	ps = calloc(n, sizeof(*ps));
	if (ps == NULL)
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	d->profiles = ps;
	json_object_object_foreach(pr, key, val)
	{
		(void)val;
		if (!profile_name_valid(key))
			return err_set(e, RC_PROTO,
				       _("directory: malformed profile name"));
		desc = js_str(pr, key, DIR_META_TEXT_MAX);
		ps[d->n_profiles].name = strdup(key);
		/* Shown as is by the CLI and the TUI: escape it here. */
		ps[d->n_profiles].description = safe_dup(desc);
		d->n_profiles++;
		if (ps[d->n_profiles - 1].name == NULL ||
		    ps[d->n_profiles - 1].description == NULL)
			return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	}
	qsort(ps, d->n_profiles, sizeof(*ps), profile_cmp);
	return RC_OK;
}

/* The resource URLs of a directory: member name, required, offset. */
static const struct {
	const char *key;
	int required;
	size_t off;
} dir_urls[] = {
	{ "newNonce", 1, offsetof(struct acme_directory, new_nonce) },
	{ "newAccount", 1, offsetof(struct acme_directory, new_account) },
	{ "newOrder", 1, offsetof(struct acme_directory, new_order) },
	{ "newAuthz", 0, offsetof(struct acme_directory, new_authz) },
	{ "revokeCert", 0, offsetof(struct acme_directory, revoke_cert) },
	{ "keyChange", 0, offsetof(struct acme_directory, key_change) },
	{ "renewalInfo", 0, offsetof(struct acme_directory, renewal_info) },
};

/* The meta object: terms, website, CAA identities, EAB, profiles. */
static enum rc take_meta(struct json_object *meta, struct acme_directory *d,
			 struct err *e)
{
	enum rc rc;

	rc = take_text(meta, "termsOfService", &d->terms_of_service, e);
	if (rc == RC_OK)
		rc = take_text(meta, "website", &d->website, e);
	if (rc == RC_OK)
		rc = strv_from_json(meta, "caaIdentities", ACME_IDENT_MAX,
				    DIR_CAA_MAX, &d->caa_identities, &d->n_caa,
				    _("directory"), e);
	if (rc == RC_OK)
		rc = take_profiles(meta, d, e);
	d->eab_required = js_bool(meta, "externalAccountRequired", 0);
	return rc;
}

enum rc directory_parse(const char *text, size_t len,
			const struct url_policy *p, struct acme_directory *d,
			struct err *e)
{
	struct json_object *o = NULL;
	enum rc rc = RC_OK;
	size_t i;

	directory_clear(d);
	o = js_parse_object(text, len, _("directory"), e);
	if (o == NULL)
		return RC_PROTO;
	for (i = 0; i < sizeof(dir_urls) / sizeof(dir_urls[0]); i++) {
		rc = take_url(o, dir_urls[i].key, dir_urls[i].required, p,
			      (char **)((char *)d + dir_urls[i].off), e);
		if (rc != RC_OK)
			goto out;
	}
	rc = take_meta(js_obj(o, "meta"), d, e);
	if (rc != RC_OK)
		goto out;
	d->raw = strndup(text, len);
	if (d->raw == NULL)
		rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
out:
	json_object_put(o);
	if (rc != RC_OK)
		directory_clear(d);
	return rc;
}

unsigned directory_caps(const struct acme_directory *d)
{
	unsigned caps = 0;

	if (d->new_authz)
		caps |= ACME_CAP_NEW_AUTHZ;
	if (d->revoke_cert)
		caps |= ACME_CAP_REVOKE;
	if (d->key_change)
		caps |= ACME_CAP_KEY_CHANGE;
	if (d->renewal_info)
		caps |= ACME_CAP_ARI;
	if (d->n_profiles > 0)
		caps |= ACME_CAP_PROFILES;
	if (d->eab_required)
		caps |= ACME_CAP_EAB;
	return caps;
}

const struct acme_profile *directory_profile(const struct acme_directory *d,
					     const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < d->n_profiles; i++)
		if (strcmp(d->profiles[i].name, name) == 0)
			return &d->profiles[i];
	return NULL;
}

void directory_clear(struct acme_directory *d)
{
	size_t i;

	if (d == NULL)
		return;
	free(d->new_nonce);
	free(d->new_account);
	free(d->new_order);
	free(d->new_authz);
	free(d->revoke_cert);
	free(d->key_change);
	free(d->renewal_info);
	free(d->terms_of_service);
	free(d->website);
	strv_free(d->caa_identities);
	for (i = 0; i < d->n_profiles; i++) {
		free(d->profiles[i].name);
		free(d->profiles[i].description);
	}
	free(d->profiles);
	free(d->raw);
	memset(d, 0, sizeof(*d));
}
