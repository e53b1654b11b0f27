/* SPDX-License-Identifier: ISC */
/* rfc2136cred.c - certbot-dns-rfc2136 credentials (rfc2136cred.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <openssl/crypto.h>

#include "dns/resolve.h"
#include "dns/update.h"
#include "migrate/confobj.h"
#include "migrate/rfc2136cred.h"
#include "migrate/tree.h"
#include "util/i18n.h"

/* Frees s after wiping it (a secret). */
static void wipe_free(char *s)
{
	if (s != NULL)
		OPENSSL_cleanse(s, strlen(s));
	free(s);
}

void rfc2136cred_clear(struct rfc2136cred *c)
{
	if (c == NULL)
		return;
	free(c->server);
	free(c->key_name);
	free(c->algorithm);
	wipe_free(c->secret);
	memset(c, 0, sizeof(*c));
}

/* certbot's algorithm name ("HMAC-SHA512", any case) as acmetui's
 * ("hmac-sha512"), or NULL when acmetui does not speak it.  certbot
 * falls back to HMAC-MD5 when the key is absent. */
static char *algorithm_of(const char *v)
{
	char low[32];
	size_t i, n;

	if (v == NULL || *v == '\0')
		return NULL;
	n = strlen(v);
	if (n >= sizeof(low))
		return NULL;
	for (i = 0; i <= n; i++)
		low[i] = (char)(v[i] >= 'A' && v[i] <= 'Z' ? v[i] + 32 : v[i]);
	if (strncmp(low, "hmac-sha", 8) != 0 || dns_tsig_algorithm(low) == NULL)
		return NULL;
	return strdup(low);
}

/* "server:port" (brackets around an IPv6 address), checked. */
static enum rc server_of(const char *host, const char *port_text, char **out,
			 struct err *e)
{
	char spec[300];
	struct err ignored = { 0 };
	char *end = NULL;
	long port = 53;

	if (host == NULL || *host == '\0')
		return err_set(e, RC_INPUT, _("dns_rfc2136_server is missing"));
	if (port_text != NULL && *port_text != '\0') {
		errno = 0;
		port = strtol(port_text, &end, 10);
		if (errno != 0 || *end != '\0' || port < 1 || port > 65535)
			return err_set(e, RC_INPUT,
				       _("dns_rfc2136_port '%.20s' is not a "
					 "port"),
				       port_text);
	}
	if (strlen(host) > 255 || strchr(host, '[') != NULL)
		return err_set(e, RC_INPUT,
			       _("dns_rfc2136_server '%.80s' is not an "
				 "address"),
			       host);
	snprintf(spec, sizeof(spec), strchr(host, ':') ? "[%s]:%ld" : "%s:%ld",
		 host, port);
	if (dns_server_spec_check(spec, &ignored) != RC_OK)
		return err_set(e, RC_INPUT,
			       _("dns_rfc2136_server '%.80s' is not an "
				 "address"),
			       host);
	*out = strdup(spec);
	return *out != NULL ? RC_OK
			    : err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
}

/* Fills out from the parsed file; RC_INPUT naming what is wrong. */
static enum rc take(const struct confobj *cf, struct rfc2136cred *out,
		    struct err *e)
{
	const char *alg = confobj_get(cf, "", "dns_rfc2136_algorithm");
	const char *name = confobj_get(cf, "", "dns_rfc2136_name");
	const char *secret = confobj_get(cf, "", "dns_rfc2136_secret");
	struct dns_tsig k;
	enum rc rc;

	rc = server_of(confobj_get(cf, "", "dns_rfc2136_server"),
		       confobj_get(cf, "", "dns_rfc2136_port"), &out->server,
		       e);
	if (rc != RC_OK)
		return rc;
	if (name == NULL || *name == '\0')
		return err_set(e, RC_INPUT, _("dns_rfc2136_name is missing"));
	if (secret == NULL || *secret == '\0')
		return err_set(e, RC_INPUT, _("dns_rfc2136_secret is missing"));
	out->algorithm = algorithm_of(alg);
	if (out->algorithm == NULL)
		return err_set(e, RC_INPUT,
			       _("dns_rfc2136_algorithm '%.40s' is not one "
				 "acmetui speaks (HMAC-SHA256, HMAC-SHA512, "
				 "HMAC-SHA384, HMAC-SHA224 or HMAC-SHA1)"),
			       alg ? alg : "HMAC-MD5");
	k.name = name;
	k.algorithm = out->algorithm;
	k.secret = secret;
	rc = dns_tsig_check(&k, e);
	if (rc != RC_OK)
		return rc;
	out->key_name = strdup(name);
	out->secret = strdup(secret);
	if (out->key_name == NULL || out->secret == NULL)
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	return RC_OK;
}

enum rc rfc2136cred_parse(const char *text, size_t len, struct rfc2136cred *out,
			  struct err *e)
{
	struct confobj cf = { 0 };
	enum rc rc;
	size_t i;

	if (len > RFC2136CRED_MAX)
		return err_set(e, RC_INPUT,
			       _("the credentials file exceeds %d bytes"),
			       RFC2136CRED_MAX);
	rc = confobj_parse(text, len, &cf, e);
	if (rc == RC_OK)
		rc = take(&cf, out, e);
	for (i = 0; i < cf.n; i++) /* the parsed secret */
		if (cf.v[i].value != NULL)
			OPENSSL_cleanse(cf.v[i].value, strlen(cf.v[i].value));
	confobj_clear(&cf);
	if (rc != RC_OK)
		rfc2136cred_clear(out);
	return rc;
}

enum rc rfc2136cred_read(const char *path, char **text, size_t *len,
			 int *others_read, struct err *e)
{
	struct tree t = { .root_fd = -1 };
	const char *slash;
	char dir[TREE_PATH_MAX];
	struct stat st;
	enum rc rc;

	*others_read = 0;
	slash = path != NULL ? strrchr(path, '/') : NULL;
	if (path == NULL || path[0] != '/' || slash[1] == '\0' ||
	    (size_t)(slash - path) >= sizeof(dir))
		return err_set(e, RC_INPUT,
			       _("the credentials path is not an absolute "
				 "file name"));
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	rc = tree_open(&t, dir[0] != '\0' ? dir : "/", e);
	if (rc == RC_OK)
		rc = tree_read(&t, slash + 1, RFC2136CRED_MAX, text, len, e);
	if (rc == RC_OK &&
	    fstatat(t.root_fd, slash + 1, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    (st.st_mode & (S_IRGRP | S_IROTH)) != 0)
		*others_read = 1;
	tree_close(&t);
	return rc;
}

int rfc2136cred_apply(const struct rfc2136cred *c, struct domain_row *d)
{
	struct domain_row src = { 0 };

	src.method = DOM_METHOD_DNS01;
	src.rfc2136_server = c->server;
	src.tsig_name = c->key_name;
	src.tsig_alg = c->algorithm;
	src.tsig_secret = c->secret;
	src.dns_wait = d->dns_wait;
	return mig_dom_set_method(d, &src);
}
