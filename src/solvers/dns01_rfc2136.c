/* SPDX-License-Identifier: ISC */
/* dns01_rfc2136.c - DNS-01 by RFC 2136 dynamic update with TSIG: the
 * solver ops around dns/update.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>

#include "dns/resolve.h"
#include "dns/update.h"
#include "solvers/dns01.h"
#include "solvers/dns01_rfc2136.h"
#include "util/clock.h"
#include "util/err.h"

struct rfc2136 {
	struct dns01 dns;
	char *server;	   /* "host[:port]" or NULL (SOA MNAME) */
	char *zone;	   /* NULL: found per record */
	char *tsig_name;   /* NULL: unsigned updates */
	char *tsig_alg;	   /* NULL: hmac-sha256 */
	char *tsig_secret; /* wiped before free */
	unsigned ttl;
};

/* 1 when name is zone or below it (no case). */
static int in_zone(const char *name, const char *zone)
{
	size_t n = strlen(name), z = strlen(zone);

	if (z > 0 && zone[z - 1] == '.')
		z--;
	if (n == z)
		return strncasecmp(name, zone, z) == 0;
	return n > z && name[n - z - 1] == '.' &&
	       strncasecmp(name + n - z, zone, z) == 0;
}

/* Finds the zone of r and the server to update; *zone is a new string
 * (caller frees). */
static enum rc target_of(struct rfc2136 *c, const struct dns01_record *r,
			 char **zone, struct dns_server *srv, struct err *e)
{
	struct dns_opts o = { c->dns.resolver, 0 };
	char *mname = NULL;
	enum rc rc;

	*zone = NULL;
	if (c->zone != NULL) {
		if (!in_zone(r->name, c->zone))
			return err_set(e, RC_USAGE,
				       _("the DNS-01 record %s is not in the "
					 "configured zone %s (a CNAME may "
					 "point elsewhere; leave the zone "
					 "empty to find it)"),
				       r->name, c->zone);
		*zone = strdup(c->zone);
		if (*zone == NULL)
			return err_set(e, RC_NOMEM, _("out of memory"));
	} else {
		rc = dns_zone_of(&o, r->name, zone,
				 c->server == NULL ? &mname : NULL, e);
		if (rc != RC_OK)
			return rc;
	}
	rc = dns_server_from_spec(&o, c->server != NULL ? c->server : mname, 0,
				  srv, e);
	free(mname);
	if (rc != RC_OK) {
		free(*zone);
		*zone = NULL;
	}
	return rc;
}

/* Adds or deletes r's TXT record. */
static enum rc update(struct rfc2136 *c, const struct dns01_record *r,
		      enum dns_update_op op, struct err *e)
{
	struct dns_tsig key = { c->tsig_name, c->tsig_alg, c->tsig_secret };
	struct dns_server srv;
	char *zone = NULL;
	enum rc rc;

	rc = target_of(c, r, &zone, &srv, e);
	if (rc != RC_OK)
		return rc;
	dns01_note(&c->dns, _("RFC 2136: %s TXT %s in zone %s at %s"),
		   op == DNS_UPDATE_ADD ? "add" : "delete", r->name, zone,
		   srv.name);
	rc = dns_update_txt(&srv, zone, r->name, r->value, c->ttl, op,
			    c->tsig_name != NULL ? &key : NULL,
			    mono_ms() + DNS01_RFC2136_TIMEOUT_MS, e);
	free(zone);
	return rc;
}

static enum rc rfc_present(void *priv, const struct solver_task *t,
			   struct err *e)
{
	struct rfc2136 *c = priv;
	struct dns01_record r = { 0 };
	enum rc rc;

	rc = dns01_record_make(&c->dns, t, &r, e);
	if (rc == RC_OK)
		rc = update(c, &r, DNS_UPDATE_ADD, e);
	if (rc == RC_OK) {
		rc = dns01_remember(&c->dns, &r, e);
		if (rc != RC_OK)
			update(c, &r, DNS_UPDATE_DELETE, NULL);
	}
	dns01_record_clear(&r);
	return rc;
}

/* Deletes the record presented for t (computed again when this solver
 * did not present it: a crashed run's leftover). */
static enum rc rfc_cleanup(void *priv, const struct solver_task *t,
			   struct err *e)
{
	struct rfc2136 *c = priv;
	struct dns01_record r = { 0 };
	enum rc rc;

	rc = dns01_lookup(&c->dns, t->token, &r, e);
	if (rc == RC_NOTFOUND)
		rc = dns01_record_make(&c->dns, t, &r, e);
	if (rc == RC_OK)
		rc = update(c, &r, DNS_UPDATE_DELETE, e);
	if (rc == RC_OK)
		dns01_forget(&c->dns, t->token);
	dns01_record_clear(&r);
	return rc;
}

static enum rc rfc_ready(void *priv, struct err *e)
{
	struct rfc2136 *c = priv;

	return dns01_ready(&c->dns, e);
}

static void rfc_fini(void *priv)
{
	struct rfc2136 *c = priv;

	if (c == NULL)
		return;
	dns01_fini(&c->dns);
	if (c->tsig_secret != NULL) {
		OPENSSL_cleanse(c->tsig_secret, strlen(c->tsig_secret));
		free(c->tsig_secret);
	}
	free(c->server);
	free(c->zone);
	free(c->tsig_name);
	free(c->tsig_alg);
	free(c);
}

/* A copy of s, or NULL for NULL/"".  Sets *oom when out of memory. */
static char *opt_dup(const char *s, int *oom)
{
	char *c;

	if (s == NULL || s[0] == '\0')
		return NULL;
	c = strdup(s);
	if (c == NULL)
		*oom = 1;
	return c;
}

/* Checks and copies the RFC 2136 settings. */
static enum rc rfc_init(const struct solver_config *cfg, void **priv,
			struct err *e)
{
	struct dns_tsig key = { cfg->tsig_name, cfg->tsig_algorithm,
				cfg->tsig_secret };
	struct rfc2136 *c = NULL;
	enum rc rc = RC_OK;
	int oom = 0;

	if (!dns_available()) {
		struct dns_server none;

		return dns_resolver_server(NULL, &none, e); /* says why */
	}
	if (cfg->rfc2136_server != NULL && cfg->rfc2136_server[0] != '\0' &&
	    dns_server_spec_check(cfg->rfc2136_server, e) != RC_OK)
		return RC_USAGE;
	if (cfg->rfc2136_zone != NULL && cfg->rfc2136_zone[0] != '\0' &&
	    !dns_name_ok(cfg->rfc2136_zone))
		return err_set(e, RC_USAGE,
			       _("the RFC 2136 zone '%.80s' is not a DNS "
				 "name"),
			       cfg->rfc2136_zone);
	if (cfg->tsig_name != NULL && cfg->tsig_name[0] != '\0') {
		if (dns_tsig_check(&key, e) != RC_OK)
			return RC_USAGE;
	} else if (cfg->tsig_secret != NULL && cfg->tsig_secret[0] != '\0') {
		return err_set(e, RC_USAGE,
			       _("a TSIG secret was given without a key "
				 "name"));
	}
	if (cfg->rfc2136_ttl < 0 || cfg->rfc2136_ttl > 86400)
		return err_set(e, RC_USAGE,
			       _("the RFC 2136 TTL must be 0..86400 "
				 "seconds"));
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return err_set(e, RC_NOMEM, _("out of memory"));
	c->server = opt_dup(cfg->rfc2136_server, &oom);
	c->zone = opt_dup(cfg->rfc2136_zone, &oom);
	c->tsig_name = opt_dup(cfg->tsig_name, &oom);
	if (c->tsig_name != NULL) {
		c->tsig_alg = opt_dup(cfg->tsig_algorithm, &oom);
		c->tsig_secret = opt_dup(cfg->tsig_secret, &oom);
	}
	c->ttl = (unsigned)cfg->rfc2136_ttl;
	if (oom) {
		rc = err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	rc = dns01_init(&c->dns, cfg, e);
	if (rc != RC_OK)
		goto out;
	*priv = c;
	c = NULL;
out:
	rfc_fini(c);
	return rc;
}

const struct solver_ops dns01_rfc2136_ops = {
	.kind = SOLVER_DNS01_RFC2136,
	.challenge_type = "dns-01",
	.init = rfc_init,
	.present = rfc_present,
	.cleanup = rfc_cleanup,
	.ready = rfc_ready,
	.port = NULL,
	.fini = rfc_fini,
};
