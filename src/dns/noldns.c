/* SPDX-License-Identifier: ISC */
/* noldns.c - the DNS module of a build without ldns: every question and
 * update fails with one clear message instead of pretending. */
#include "config.h"

#include <string.h>

#include "dns/resolve.h"
#include "dns/update.h"
#include "util/err.h"

/* The one error of this build. */
static enum rc no_ldns(struct err *e)
{
	return err_set(e, RC_USAGE,
		       _("acmetui was built without ldns: DNS queries and "
			 "RFC 2136 updates are not available (rebuild with "
			 "libldns)"));
}

int dns_available(void)
{
	return 0;
}

enum rc dns_server_from_spec(const struct dns_opts *o, const char *spec,
			     int recursive, struct dns_server *out,
			     struct err *e)
{
	(void)o;
	(void)spec;
	(void)recursive;
	memset(out, 0, sizeof(*out));
	return no_ldns(e);
}

enum rc dns_resolver_server(const struct dns_opts *o, struct dns_server *out,
			    struct err *e)
{
	(void)o;
	memset(out, 0, sizeof(*out));
	return no_ldns(e);
}

enum rc dns_txt(const struct dns_opts *o, const char *name,
		struct dns_strlist *out, struct err *e)
{
	(void)o;
	(void)name;
	(void)out;
	return no_ldns(e);
}

enum rc dns_txt_at(const struct dns_server *srv, const char *name,
		   long long deadline_ms, struct dns_strlist *out,
		   struct err *e)
{
	(void)srv;
	(void)name;
	(void)deadline_ms;
	(void)out;
	return no_ldns(e);
}

enum rc dns_cname_final(const struct dns_opts *o, const char *name,
			char **target, struct err *e)
{
	(void)o;
	(void)name;
	*target = NULL;
	return no_ldns(e);
}

enum rc dns_zone_of(const struct dns_opts *o, const char *name, char **zone,
		    char **mname, struct err *e)
{
	(void)o;
	(void)name;
	*zone = NULL;
	if (mname != NULL)
		*mname = NULL;
	return no_ldns(e);
}

enum rc dns_auth_servers(const struct dns_opts *o, const char *name,
			 struct dns_server **out, size_t *n, struct err *e)
{
	(void)o;
	(void)name;
	*out = NULL;
	*n = 0;
	return no_ldns(e);
}

enum rc dns_addrs(const struct dns_opts *o, const char *name,
		  struct dns_strlist *out, struct err *e)
{
	(void)o;
	(void)name;
	(void)out;
	return no_ldns(e);
}

enum rc dns_caa_relevant(const struct dns_opts *o, const char *name,
			 struct dns_caa_set *out, struct err *e)
{
	(void)o;
	(void)name;
	memset(out, 0, sizeof(*out));
	return no_ldns(e);
}

enum rc dns_update_txt(const struct dns_server *primary, const char *zone,
		       const char *name, const char *value, unsigned ttl,
		       enum dns_update_op op, const struct dns_tsig *key,
		       long long deadline_ms, struct err *e)
{
	(void)primary;
	(void)zone;
	(void)name;
	(void)value;
	(void)ttl;
	(void)op;
	(void)key;
	(void)deadline_ms;
	return no_ldns(e);
}
