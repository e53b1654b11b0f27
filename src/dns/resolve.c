/* SPDX-License-Identifier: ISC */
/* resolve.c - DNS questions with ldns packets over wire.c's transport:
 * TXT, CNAME chains, the zone and its authoritative servers, addresses,
 * CAA tree climbing.  Every public call has one deadline for all the
 * queries it makes. */
#include "config.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/rand.h>

#include "dns/resolve.h"
#include "dns/wire.h"
#include "util/clock.h"
#include "util/err.h"

#define SYSTEM_RESOLVER_NAME "system resolver"

int dns_available(void)
{
	return 1;
}

/* The absolute deadline of one call made with o. */
static long long deadline_of(const struct dns_opts *o)
{
	int t = o != NULL ? o->timeout_ms : 0;

	if (t <= 0)
		t = DNS_TIMEOUT_MS_DEFAULT;
	if (t > DNS_TIMEOUT_MS_MAX)
		t = DNS_TIMEOUT_MS_MAX;
	return mono_ms() + t;
}

/* Adds ep to s unless it is there already or s is full. */
static void server_add_addr(struct dns_server *s, const struct dns_endpoint *ep)
{
	size_t i;

	for (i = 0; i < s->naddr; i++)
		if (strcmp(s->addr[i].addr, ep->addr) == 0 &&
		    s->addr[i].port == ep->port)
			return;
	if (s->naddr < DNS_ADDRS_PER_NS)
		s->addr[s->naddr++] = *ep;
}

/* The first name servers of /etc/resolv.conf as one recursive server. */
static enum rc system_resolver(struct dns_server *out, struct err *e)
{
	ldns_resolver *r = NULL;
	ldns_rdf **ns;
	struct dns_endpoint ep;
	char *addr;
	size_t i, n;

	memset(out, 0, sizeof(*out));
	if (ldns_resolver_new_frm_file(&r, NULL) != LDNS_STATUS_OK)
		return err_set(e, RC_NET,
			       _("cannot read the system resolver "
				 "configuration (/etc/resolv.conf)"));
	ns = ldns_resolver_nameservers(r);
	n = ldns_resolver_nameserver_count(r);
	for (i = 0; i < n; i++) {
		addr = ldns_rdf2str(ns[i]);
		if (addr != NULL &&
		    dns_endpoint_parse(addr, &ep, NULL) == RC_OK)
			server_add_addr(out, &ep);
		free(addr);
	}
	ldns_resolver_deep_free(r);
	if (out->naddr == 0)
		return err_set(e, RC_NET,
			       _("no usable name server in /etc/resolv.conf"));
	snprintf(out->name, sizeof(out->name), "%s", SYSTEM_RESOLVER_NAME);
	out->recursive = 1;
	return RC_OK;
}

/* Puts one question to srv, trying its addresses in order, each with its
 * share of the time left.  *reply is the first answer that is not
 * SERVFAIL/REFUSED (those are tried elsewhere; the last one is returned
 * when every address says so). */
static enum rc server_query(const struct dns_server *srv, const char *name,
			    ldns_rr_type type, long long deadline_ms,
			    ldns_pkt **reply, struct err *e)
{
	ldns_rdf *qname = NULL;
	ldns_pkt *q = NULL, *a = NULL;
	struct err last = { 0 };
	enum rc rc = RC_NET;
	unsigned short id;
	long long now, until;
	size_t i;

	*reply = NULL;
	qname = dns_dname(name);
	if (qname == NULL)
		return err_set(e, RC_INPUT, _("'%.80s' is not a DNS name"),
			       name);
	q = ldns_pkt_query_new(qname, type, LDNS_RR_CLASS_IN,
			       srv->recursive ? LDNS_RD : 0);
	if (q == NULL) {
		ldns_rdf_deep_free(qname);
		return err_set(e, RC_NOMEM, _("out of memory"));
	}
	if (srv->naddr == 0) {
		rc = err_set(e, RC_NET, _("DNS server %s has no address"),
			     srv->name);
		goto out;
	}
	for (i = 0; i < srv->naddr; i++) {
		if (RAND_bytes((unsigned char *)&id, sizeof(id)) != 1) {
			rc = err_set(e, RC_CRYPTO,
				     _("no random numbers for a DNS query"));
			goto out;
		}
		ldns_pkt_set_id(q, id);
		now = mono_ms();
		until = now + (deadline_ms - now) / (long long)(srv->naddr - i);
		err_clear(&last);
		rc = dns_exchange(&srv->addr[i], q, 0, until, &a, NULL, NULL,
				  &last);
		if (rc != RC_OK)
			continue;
		if (ldns_pkt_get_rcode(a) == LDNS_RCODE_SERVFAIL ||
		    ldns_pkt_get_rcode(a) == LDNS_RCODE_REFUSED) {
			char shown[64];

			rc = err_set(&last, RC_NET,
				     _("DNS server %s answered %s for %s"),
				     dns_endpoint_str(&srv->addr[i], shown,
						      sizeof(shown)),
				     dns_rcode_str(ldns_pkt_get_rcode(a)),
				     name);
			if (i + 1 < srv->naddr) {
				ldns_pkt_free(a);
				a = NULL;
				continue;
			}
		}
		break;
	}
	if (rc != RC_OK) {
		ldns_pkt_free(a);
		a = NULL;
		err_set(e, last.rc, "%s", last.msg);
		goto out;
	}
	*reply = a;
	a = NULL;
out:
	ldns_pkt_free(a);
	ldns_pkt_free(q);
	return rc;
}

/* Checks an answer's rcode: NOERROR and NXDOMAIN are answers, anything
 * else is an error naming the server and question. */
static enum rc rcode_check(const ldns_pkt *a, const char *server,
			   const char *name, struct err *e)
{
	ldns_pkt_rcode rc = ldns_pkt_get_rcode(a);

	if (rc == LDNS_RCODE_NOERROR || rc == LDNS_RCODE_NXDOMAIN)
		return RC_OK;
	return err_set(e, RC_NET, _("DNS server %s answered %s for %s"), server,
		       dns_rcode_str(rc), name);
}

/* Follows the CNAMEs of the answer section from qname (bounded) and
 * returns the owner name the answer's records are for (borrowed from a
 * or qname). */
static const ldns_rdf *answer_chase(const ldns_pkt *a, const ldns_rdf *qname)
{
	const ldns_rr_list *an = ldns_pkt_answer(a);
	const ldns_rdf *cur = qname;
	size_t hop, i, n = ldns_rr_list_rr_count(an);
	int moved;

	if (n > DNS_ANSWERS_MAX)
		n = DNS_ANSWERS_MAX;
	for (hop = 0; hop < DNS_CNAME_HOPS; hop++) {
		moved = 0;
		for (i = 0; i < n; i++) {
			const ldns_rr *rr = ldns_rr_list_rr(an, i);

			if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_CNAME &&
			    ldns_rr_rd_count(rr) == 1 &&
			    ldns_dname_compare(ldns_rr_owner(rr), cur) == 0) {
				cur = ldns_rr_rdf(rr, 0);
				moved = 1;
				break;
			}
		}
		if (!moved)
			break;
	}
	return cur;
}

/* Joins the character-strings of one TXT record into a new string (NULL
 * when it is too long, holds a NUL byte, or out of memory). */
static char *txt_join(const ldns_rr *rr)
{
	char *s;
	size_t i, len = 0, k;

	s = malloc(DNS_TXT_VALUE_MAX + 1);
	if (s == NULL)
		return NULL;
	for (i = 0; i < ldns_rr_rd_count(rr); i++) {
		const ldns_rdf *f = ldns_rr_rdf(rr, i);
		const uint8_t *d = ldns_rdf_data(f);
		size_t sz = ldns_rdf_size(f);

		if (ldns_rdf_get_type(f) != LDNS_RDF_TYPE_STR || sz < 1 ||
		    (size_t)d[0] + 1 != sz || len + d[0] > DNS_TXT_VALUE_MAX)
			goto bad;
		for (k = 1; k < sz; k++) {
			if (d[k] == '\0')
				goto bad;
			s[len++] = (char)d[k];
		}
	}
	s[len] = '\0';
	return s;
bad:
	free(s);
	return NULL;
}

/* Adds to out the TXT values in a for qname (after CNAMEs). */
static enum rc txt_collect(const ldns_pkt *a, const char *name,
			   struct dns_strlist *out, struct err *e)
{
	const ldns_rr_list *an = ldns_pkt_answer(a);
	const ldns_rdf *owner;
	ldns_rdf *qname = dns_dname(name);
	enum rc rc = RC_OK;
	size_t i, n = ldns_rr_list_rr_count(an);
	char *v;

	if (qname == NULL)
		return err_set(e, RC_NOMEM, _("out of memory"));
	owner = answer_chase(a, qname);
	if (n > DNS_ANSWERS_MAX)
		n = DNS_ANSWERS_MAX;
	for (i = 0; i < n && rc == RC_OK; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(an, i);

		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_TXT ||
		    ldns_dname_compare(ldns_rr_owner(rr), owner) != 0)
			continue;
		v = txt_join(rr);
		if (v == NULL)
			continue; /* not an ACME value: ignore it */
		rc = dns_strlist_add(out, v, e);
		free(v);
	}
	ldns_rdf_deep_free(qname);
	return rc;
}

enum rc dns_resolver_server(const struct dns_opts *o, struct dns_server *out,
			    struct err *e)
{
	if (o != NULL && o->server != NULL && o->server[0] != '\0')
		return dns_server_from_spec(NULL, o->server, 1, out, e);
	return system_resolver(out, e);
}

enum rc dns_server_from_spec(const struct dns_opts *o, const char *spec,
			     int recursive, struct dns_server *out,
			     struct err *e)
{
	struct dns_opts sys = { NULL, o != NULL ? o->timeout_ms : 0 };
	struct dns_strlist addrs = { 0 };
	struct dns_endpoint ep;
	char host[DNS_NAME_MAX + 2];
	const char *colon;
	unsigned port = 53;
	enum rc rc;
	size_t i, hlen;

	memset(out, 0, sizeof(*out));
	out->recursive = recursive;
	if (spec != NULL && dns_endpoint_parse(spec, &ep, NULL) == RC_OK) {
		dns_endpoint_str(&ep, out->name, sizeof(out->name));
		out->addr[0] = ep;
		out->naddr = 1;
		return RC_OK;
	}
	/* "host.name[:port]": resolved through the system resolver. */
	if (spec == NULL)
		return err_set(e, RC_INPUT, _("no DNS server given"));
	colon = strchr(spec, ':');
	hlen = colon != NULL ? (size_t)(colon - spec) : strlen(spec);
	if (hlen == 0 || hlen > DNS_NAME_MAX)
		goto bad;
	memcpy(host, spec, hlen);
	host[hlen] = '\0';
	if (!dns_name_ok(host))
		goto bad;
	if (colon != NULL) {
		char probe[32];

		snprintf(probe, sizeof(probe), "127.0.0.1:%.6s", colon + 1);
		if (strlen(colon + 1) > 5 ||
		    dns_endpoint_parse(probe, &ep, NULL) != RC_OK)
			goto bad;
		port = ep.port;
	}
	rc = dns_addrs(&sys, host, &addrs, e);
	if (rc != RC_OK)
		goto out;
	for (i = 0; i < addrs.n; i++) {
		if (strlen(addrs.v[i]) >= sizeof(ep.addr))
			continue;
		memcpy(ep.addr, addrs.v[i], strlen(addrs.v[i]) + 1);
		ep.port = port;
		server_add_addr(out, &ep);
	}
	memcpy(out->name, host, hlen + 1);
	if (out->naddr == 0)
		rc = err_set(e, RC_NOTFOUND, _("DNS server %s has no address"),
			     host);
out:
	dns_strlist_clear(&addrs);
	return rc;
bad:
	return err_set(e, RC_INPUT,
		       _("'%.80s' is not a DNS server (HOST, HOST:PORT, IP, "
			 "IP:PORT or [IPv6]:PORT)"),
		       spec);
}

/* One question to the resolver of o. */
static enum rc resolver_query(const struct dns_opts *o, const char *name,
			      ldns_rr_type type, long long deadline_ms,
			      ldns_pkt **reply, struct err *e)
{
	struct dns_server srv;
	enum rc rc;

	*reply = NULL;
	rc = dns_resolver_server(o, &srv, e);
	if (rc != RC_OK)
		return rc;
	rc = server_query(&srv, name, type, deadline_ms, reply, e);
	if (rc == RC_OK) {
		rc = rcode_check(*reply, srv.name, name, e);
		if (rc != RC_OK) {
			ldns_pkt_free(*reply);
			*reply = NULL;
		}
	}
	return rc;
}

enum rc dns_txt(const struct dns_opts *o, const char *name,
		struct dns_strlist *out, struct err *e)
{
	ldns_pkt *a = NULL;
	enum rc rc;

	rc = resolver_query(o, name, LDNS_RR_TYPE_TXT, deadline_of(o), &a, e);
	if (rc == RC_OK)
		rc = txt_collect(a, name, out, e);
	ldns_pkt_free(a);
	return rc;
}

enum rc dns_txt_at(const struct dns_server *srv, const char *name,
		   long long deadline_ms, struct dns_strlist *out,
		   struct err *e)
{
	ldns_pkt *a = NULL;
	enum rc rc;

	rc = server_query(srv, name, LDNS_RR_TYPE_TXT, deadline_ms, &a, e);
	if (rc != RC_OK)
		goto out;
	rc = rcode_check(a, srv->name, name, e);
	if (rc != RC_OK)
		goto out;
	/* A server that is not authoritative (a referral, a lame
	 * delegation) cannot say whether the record is there. */
	if (!srv->recursive && !ldns_pkt_aa(a)) {
		rc = err_set(e, RC_NET,
			     _("DNS server %s is not authoritative for %s"),
			     srv->name, name);
		goto out;
	}
	rc = txt_collect(a, name, out, e);
out:
	ldns_pkt_free(a);
	return rc;
}

/* The target of the CNAME at cur in a, as a new checked string; NULL with
 * *bad set when the target is not a plain host name. */
static char *cname_in(const ldns_pkt *a, const ldns_rdf *cur, int *bad)
{
	const ldns_rr_list *an = ldns_pkt_answer(a);
	size_t i, n = ldns_rr_list_rr_count(an);
	char *t;

	if (n > DNS_ANSWERS_MAX)
		n = DNS_ANSWERS_MAX;
	for (i = 0; i < n; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(an, i);

		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_CNAME ||
		    ldns_rr_rd_count(rr) != 1 ||
		    ldns_dname_compare(ldns_rr_owner(rr), cur) != 0)
			continue;
		t = dns_dname_str(ldns_rr_rdf(rr, 0));
		if (t == NULL)
			*bad = 1;
		return t;
	}
	return NULL;
}

enum rc dns_cname_final(const struct dns_opts *o, const char *name,
			char **target, struct err *e)
{
	long long deadline = deadline_of(o);
	char *seen[DNS_CNAME_HOPS + 1] = { NULL };
	ldns_pkt *a = NULL;
	ldns_rdf *cur = NULL;
	enum rc rc = RC_OK;
	const char *at = name;
	size_t hops, j;
	int bad = 0;
	char *t;

	*target = NULL;
	for (hops = 0;; hops++) {
		rc = resolver_query(o, at, LDNS_RR_TYPE_CNAME, deadline, &a, e);
		if (rc != RC_OK)
			goto out;
		cur = dns_dname(at);
		if (cur == NULL) {
			rc = err_set(e, RC_NOMEM, _("out of memory"));
			goto out;
		}
		t = cname_in(a, cur, &bad);
		ldns_rdf_deep_free(cur);
		ldns_pkt_free(a);
		a = NULL;
		if (bad) {
			rc = err_set(e, RC_PROTO,
				     _("the CNAME at %s points to a name "
				       "with characters that are not "
				       "allowed"),
				     at);
			goto out;
		}
		if (t == NULL)
			break;
		for (j = 0; j < hops; j++)
			if (strcmp(seen[j], t) == 0)
				break;
		if (j < hops || strcasecmp(t, name) == 0 ||
		    hops == DNS_CNAME_HOPS) {
			free(t);
			rc = err_set(e, RC_PROTO,
				     _("the CNAME chain at %s loops or is "
				       "longer than %d links"),
				     name, DNS_CNAME_HOPS);
			goto out;
		}
		seen[hops] = t;
		at = t;
	}
	if (hops > 0) {
		*target = seen[hops - 1];
		seen[hops - 1] = NULL;
	}
out:
	for (j = 0; j <= DNS_CNAME_HOPS; j++)
		free(seen[j]);
	ldns_pkt_free(a);
	return rc;
}

/* The first SOA in list owned by a name that is cur or above it; when
 * exact, only one owned by cur. */
static const ldns_rr *soa_in(const ldns_rr_list *list, const ldns_rdf *cur,
			     int exact)
{
	size_t i, n = ldns_rr_list_rr_count(list);

	if (n > DNS_ANSWERS_MAX)
		n = DNS_ANSWERS_MAX;
	for (i = 0; i < n; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(list, i);
		const ldns_rdf *own = ldns_rr_owner(rr);

		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_SOA ||
		    ldns_rr_rd_count(rr) < 2)
			continue;
		if (ldns_dname_compare(own, cur) == 0)
			return rr;
		if (!exact && ldns_dname_is_subdomain(cur, own))
			return rr;
	}
	return NULL;
}

/* 1 when a's answer section has a CNAME at cur. */
static int has_cname(const ldns_pkt *a, const ldns_rdf *cur)
{
	int bad = 0;
	char *t = cname_in(a, cur, &bad);

	free(t);
	return t != NULL || bad;
}

enum rc dns_zone_of(const struct dns_opts *o, const char *name, char **zone,
		    char **mname, struct err *e)
{
	long long deadline = deadline_of(o);
	ldns_rdf *cur = NULL, *up;
	ldns_pkt *a = NULL;
	const ldns_rr *soa = NULL;
	enum rc rc = RC_OK;
	char *at = NULL, *z = NULL, *m = NULL;

	*zone = NULL;
	if (mname != NULL)
		*mname = NULL;
	cur = dns_dname(name);
	if (cur == NULL)
		return err_set(e, RC_INPUT, _("'%.80s' is not a DNS name"),
			       name);
	while (ldns_dname_label_count(cur) > 0) {
		free(at);
		at = dns_dname_str(cur);
		if (at == NULL) {
			rc = err_set(e, RC_NOMEM, _("out of memory"));
			goto out;
		}
		rc = resolver_query(o, at, LDNS_RR_TYPE_SOA, deadline, &a, e);
		if (rc != RC_OK)
			goto out;
		soa = soa_in(ldns_pkt_answer(a), cur, 1);
		/* Negative answers carry the zone's SOA in the authority
		 * section, unless a CNAME led elsewhere. */
		if (soa == NULL && !has_cname(a, cur))
			soa = soa_in(ldns_pkt_authority(a), cur, 0);
		if (soa != NULL)
			break;
		ldns_pkt_free(a);
		a = NULL;
		up = ldns_dname_left_chop(cur);
		ldns_rdf_deep_free(cur);
		cur = up;
		if (cur == NULL) {
			rc = err_set(e, RC_NOMEM, _("out of memory"));
			goto out;
		}
	}
	if (soa == NULL) {
		rc = err_set(e, RC_NOTFOUND, _("no DNS zone found for %s"),
			     name);
		goto out;
	}
	z = dns_dname_str(ldns_rr_owner(soa));
	if (mname != NULL)
		m = dns_dname_str(ldns_rr_rdf(soa, 0));
	if (z == NULL || (mname != NULL && m == NULL)) {
		rc = err_set(e, RC_PROTO,
			     _("the SOA record for %s is not usable"), name);
		goto out;
	}
	*zone = z;
	z = NULL;
	if (mname != NULL) {
		*mname = m;
		m = NULL;
	}
out:
	free(z);
	free(m);
	free(at);
	ldns_rdf_deep_free(cur);
	ldns_pkt_free(a);
	return rc;
}

/* Adds the addresses of type (A or AAAA) at name in a to out. */
static enum rc addrs_collect(const ldns_pkt *a, const char *name,
			     ldns_rr_type type, struct dns_strlist *out,
			     struct err *e)
{
	const ldns_rr_list *an = ldns_pkt_answer(a);
	ldns_rdf *qname = dns_dname(name);
	const ldns_rdf *owner;
	enum rc rc = RC_OK;
	size_t i, n = ldns_rr_list_rr_count(an);
	char buf[64];

	if (qname == NULL)
		return err_set(e, RC_NOMEM, _("out of memory"));
	owner = answer_chase(a, qname);
	if (n > DNS_ANSWERS_MAX)
		n = DNS_ANSWERS_MAX;
	for (i = 0; i < n && rc == RC_OK; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(an, i);
		const ldns_rdf *f;

		if (ldns_rr_get_type(rr) != type || ldns_rr_rd_count(rr) != 1 ||
		    ldns_dname_compare(ldns_rr_owner(rr), owner) != 0)
			continue;
		f = ldns_rr_rdf(rr, 0);
		if (type == LDNS_RR_TYPE_A && ldns_rdf_size(f) == 4)
			inet_ntop(AF_INET, ldns_rdf_data(f), buf, sizeof(buf));
		else if (type == LDNS_RR_TYPE_AAAA && ldns_rdf_size(f) == 16)
			inet_ntop(AF_INET6, ldns_rdf_data(f), buf, sizeof(buf));
		else
			continue;
		if (!dns_strlist_has(out, buf))
			rc = dns_strlist_add(out, buf, e);
	}
	ldns_rdf_deep_free(qname);
	return rc;
}

/* A and AAAA of name with one deadline. */
static enum rc addrs_until(const struct dns_opts *o, const char *name,
			   long long deadline, struct dns_strlist *out,
			   struct err *e)
{
	static const ldns_rr_type types[] = { LDNS_RR_TYPE_A,
					      LDNS_RR_TYPE_AAAA };
	ldns_pkt *a = NULL;
	enum rc rc = RC_OK;
	size_t i;

	for (i = 0; i < 2 && rc == RC_OK; i++) {
		rc = resolver_query(o, name, types[i], deadline, &a, e);
		if (rc == RC_OK)
			rc = addrs_collect(a, name, types[i], out, e);
		ldns_pkt_free(a);
		a = NULL;
	}
	return rc;
}

enum rc dns_addrs(const struct dns_opts *o, const char *name,
		  struct dns_strlist *out, struct err *e)
{
	return addrs_until(o, name, deadline_of(o), out, e);
}

/* 1 when addr is 127.0.0.0/8 or ::1. */
static int addr_is_loopback(const char *addr)
{
	struct in6_addr a6;

	if (strncmp(addr, "127.", 4) == 0)
		return 1;
	return inet_pton(AF_INET6, addr, &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6);
}

/* The NS names of zone, at most DNS_NS_MAX. */
static enum rc ns_names(const struct dns_opts *o, const char *zone,
			long long deadline, struct dns_strlist *out,
			struct err *e)
{
	ldns_pkt *a = NULL;
	ldns_rdf *qz = NULL;
	const ldns_rdf *owner;
	enum rc rc;
	size_t i, n;
	char *ns;

	rc = resolver_query(o, zone, LDNS_RR_TYPE_NS, deadline, &a, e);
	if (rc != RC_OK)
		goto out;
	qz = dns_dname(zone);
	if (qz == NULL) {
		rc = err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	owner = answer_chase(a, qz);
	n = ldns_rr_list_rr_count(ldns_pkt_answer(a));
	if (n > DNS_ANSWERS_MAX)
		n = DNS_ANSWERS_MAX;
	for (i = 0; i < n && out->n < DNS_NS_MAX && rc == RC_OK; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(ldns_pkt_answer(a), i);

		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_NS ||
		    ldns_rr_rd_count(rr) != 1 ||
		    ldns_dname_compare(ldns_rr_owner(rr), owner) != 0)
			continue;
		ns = dns_dname_str(ldns_rr_rdf(rr, 0));
		if (ns != NULL && !dns_strlist_has(out, ns))
			rc = dns_strlist_add(out, ns, e);
		free(ns);
	}
	if (rc == RC_OK && out->n == 0)
		rc = err_set(e, RC_NOTFOUND,
			     _("the DNS zone %s has no NS records"), zone);
out:
	ldns_rdf_deep_free(qz);
	ldns_pkt_free(a);
	return rc;
}

enum rc dns_auth_servers(const struct dns_opts *o, const char *name,
			 struct dns_server **out, size_t *n, struct err *e)
{
	long long deadline = deadline_of(o);
	struct dns_strlist nss = { 0 }, addrs = { 0 };
	struct dns_server *v = NULL, local;
	struct dns_endpoint ep;
	enum rc rc;
	char *zone = NULL;
	int have_local = 0;
	size_t i, j, k;

	*out = NULL;
	*n = 0;
	if (o != NULL && o->server != NULL && o->server[0] != '\0') {
		rc = dns_resolver_server(o, &local, e);
		if (rc != RC_OK)
			goto out;
		have_local = 1;
	}
	rc = dns_zone_of(o, name, &zone, NULL, e);
	if (rc == RC_OK)
		rc = ns_names(o, zone, deadline, &nss, e);
	if (rc != RC_OK)
		goto out;
	v = calloc(nss.n, sizeof(*v));
	if (v == NULL) {
		rc = err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	for (i = 0, k = 0; i < nss.n; i++) {
		dns_strlist_clear(&addrs);
		rc = addrs_until(o, nss.v[i], deadline, &addrs, e);
		if (rc != RC_OK)
			goto out;
		snprintf(v[k].name, sizeof(v[k].name), "%s", nss.v[i]);
		for (j = 0; j < addrs.n; j++) {
			if (have_local && addr_is_loopback(addrs.v[j])) {
				for (size_t l = 0; l < local.naddr; l++)
					server_add_addr(&v[k], &local.addr[l]);
				continue;
			}
			snprintf(ep.addr, sizeof(ep.addr), "%s", addrs.v[j]);
			ep.port = 53;
			server_add_addr(&v[k], &ep);
		}
		if (v[k].naddr > 0)
			k++; /* a name server without address is skipped */
	}
	if (k == 0) {
		rc = err_set(e, RC_NOTFOUND,
			     _("no name server of the DNS zone %s has an "
			       "address"),
			     zone);
		goto out;
	}
	*out = v;
	*n = k;
	v = NULL;
out:
	free(v);
	free(zone);
	dns_strlist_clear(&nss);
	dns_strlist_clear(&addrs);
	return rc;
}

/* Copies the bytes p[0..n) into a new string; NULL when they hold a NUL
 * or out of memory. */
static char *bytes_dup(const uint8_t *p, size_t n)
{
	char *s;

	if (memchr(p, '\0', n) != NULL)
		return NULL;
	s = malloc(n + 1);
	if (s == NULL)
		return NULL;
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

/* Parses one CAA record into c (RFC 8659 4.1: flags, tag length, tag,
 * value); ldns gives either three fields or, unparsed, one.  Returns 0,
 * or -1 when it is malformed or out of memory. */
static int caa_parse(const ldns_rr *rr, struct dns_caa *c)
{
	const uint8_t *tag, *val;
	size_t taglen, vallen;

	memset(c, 0, sizeof(*c));
	if (ldns_rr_rd_count(rr) == 3) {
		const ldns_rdf *f0 = ldns_rr_rdf(rr, 0);
		const ldns_rdf *f1 = ldns_rr_rdf(rr, 1);
		const ldns_rdf *f2 = ldns_rr_rdf(rr, 2);

		if (ldns_rdf_size(f0) != 1 || ldns_rdf_size(f1) < 2)
			return -1;
		c->flags = ldns_rdf_data(f0)[0];
		tag = ldns_rdf_data(f1);
		taglen = ldns_rdf_size(f1);
		if ((size_t)tag[0] + 1 != taglen)
			return -1;
		tag++;
		taglen--;
		val = ldns_rdf_data(f2);
		vallen = ldns_rdf_size(f2);
	} else if (ldns_rr_rd_count(rr) == 1) {
		const uint8_t *d = ldns_rdf_data(ldns_rr_rdf(rr, 0));
		size_t sz = ldns_rdf_size(ldns_rr_rdf(rr, 0));

		if (sz < 2 || (size_t)d[1] + 2 > sz || d[1] == 0)
			return -1;
		c->flags = d[0];
		tag = d + 2;
		taglen = d[1];
		val = tag + taglen;
		vallen = sz - 2 - taglen;
	} else {
		return -1;
	}
	c->tag = bytes_dup(tag, taglen);
	c->value = bytes_dup(val, vallen);
	if (c->tag == NULL || c->value == NULL) {
		free(c->tag);
		free(c->value);
		memset(c, 0, sizeof(*c));
		return -1;
	}
	return 0;
}

/* Adds the CAA records at name (after CNAMEs) in a to out. */
static enum rc caa_collect(const ldns_pkt *a, const ldns_rdf *qname,
			   struct dns_caa_set *out, struct err *e)
{
	const ldns_rr_list *an = ldns_pkt_answer(a);
	const ldns_rdf *owner = answer_chase(a, qname);
	struct dns_caa c, *nv;
	size_t i, n = ldns_rr_list_rr_count(an);

	if (n > DNS_ANSWERS_MAX)
		n = DNS_ANSWERS_MAX;
	for (i = 0; i < n; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(an, i);

		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_CAA ||
		    ldns_dname_compare(ldns_rr_owner(rr), owner) != 0)
			continue;
		if (caa_parse(rr, &c) != 0)
			continue; /* malformed: RFC 8659 lets CAs ignore it */
		nv = realloc(out->v, (out->n + 1) * sizeof(*nv));
		if (nv == NULL) {
			free(c.tag);
			free(c.value);
			return err_set(e, RC_NOMEM, _("out of memory"));
		}
		out->v = nv;
		out->v[out->n++] = c;
	}
	return RC_OK;
}

enum rc dns_caa_relevant(const struct dns_opts *o, const char *name,
			 struct dns_caa_set *out, struct err *e)
{
	long long deadline = deadline_of(o);
	ldns_rdf *cur = NULL, *up;
	ldns_pkt *a = NULL;
	enum rc rc = RC_OK;
	char *at = NULL;

	memset(out, 0, sizeof(*out));
	if (strncmp(name, "*.", 2) == 0)
		name += 2; /* RFC 8659 3: a wildcard's set is its base's */
	cur = dns_dname(name);
	if (cur == NULL)
		return err_set(e, RC_INPUT, _("'%.80s' is not a DNS name"),
			       name);
	while (ldns_dname_label_count(cur) > 0) {
		free(at);
		at = dns_dname_str(cur);
		if (at == NULL) {
			rc = err_set(e, RC_NOMEM, _("out of memory"));
			goto out;
		}
		rc = resolver_query(o, at, LDNS_RR_TYPE_CAA, deadline, &a, e);
		if (rc == RC_OK)
			rc = caa_collect(a, cur, out, e);
		ldns_pkt_free(a);
		a = NULL;
		if (rc != RC_OK)
			goto out;
		if (out->n > 0) {
			out->owner = at;
			at = NULL;
			goto out;
		}
		up = ldns_dname_left_chop(cur);
		ldns_rdf_deep_free(cur);
		cur = up;
		if (cur == NULL) {
			rc = err_set(e, RC_NOMEM, _("out of memory"));
			goto out;
		}
	}
out:
	if (rc != RC_OK)
		dns_caa_set_clear(out);
	free(at);
	ldns_rdf_deep_free(cur);
	return rc;
}
