/* SPDX-License-Identifier: ISC */
/* update.c - RFC 2136 add/delete of one TXT record with TSIG, packets by
 * ldns (ldns_update_pkt_new, ldns_pkt_tsig_sign/verify), transport by
 * wire.c over TCP. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/rand.h>

#include "dns/update.h"
#include "dns/wire.h"
#include "util/b64url.h"
#include "util/clock.h"
#include "util/err.h"

/* TSIG error codes (RFC 8945 section 3). */
static const char *tsig_error_str(unsigned code)
{
	switch (code) {
	case 16:
		return "BADSIG";
	case 17:
		return "BADKEY";
	case 18:
		return "BADTIME";
	case 22:
		return "BADTRUNC";
	default:
		return "TSIG error";
	}
}

/* The update packet: zone section, one RR in the update section.  NULL
 * when out of memory. */
static ldns_pkt *update_build(const char *zone, const char *name,
			      const char *value, unsigned ttl,
			      enum dns_update_op op)
{
	unsigned char txt[256];
	ldns_rdf *zrdf = NULL, *owner = NULL, *data = NULL;
	ldns_rr_list *up = NULL;
	ldns_rr *rr = NULL;
	ldns_pkt *p = NULL;
	size_t n = strlen(value);

	/* A DNS character-string: a length byte, then the bytes, no NUL
	 * (the caller checked n <= 255). */
	txt[0] = (unsigned char)n;
	/* NOLINTNEXTLINE(bugprone-not-null-terminated-result) */
	memcpy(txt + 1, value, n);
	zrdf = dns_dname(zone);
	owner = dns_dname(name);
	data = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_STR, n + 1, txt);
	rr = ldns_rr_new();
	up = ldns_rr_list_new();
	if (zrdf == NULL || owner == NULL || data == NULL || rr == NULL ||
	    up == NULL)
		goto out;
	ldns_rr_set_owner(rr, owner);
	owner = NULL;
	ldns_rr_set_type(rr, LDNS_RR_TYPE_TXT);
	if (op == DNS_UPDATE_ADD) {
		ldns_rr_set_class(rr, LDNS_RR_CLASS_IN);
		ldns_rr_set_ttl(rr, ttl);
	} else {
		/* RFC 2136 2.5.4: delete this RR from an RRset. */
		ldns_rr_set_class(rr, LDNS_RR_CLASS_NONE);
		ldns_rr_set_ttl(rr, 0);
	}
	if (!ldns_rr_push_rdf(rr, data))
		goto out;
	data = NULL;
	if (!ldns_rr_list_push_rr(up, rr))
		goto out;
	rr = NULL;
	p = ldns_update_pkt_new(zrdf, LDNS_RR_CLASS_IN, NULL, up, NULL);
	if (p != NULL) {
		zrdf = NULL; /* the packet owns it */
		ldns_pkt_set_rd(p, false);
	}
out:
	ldns_rdf_deep_free(zrdf);
	ldns_rdf_deep_free(owner);
	ldns_rdf_deep_free(data);
	ldns_rr_free(rr);
	ldns_rr_list_deep_free(up);
	return p;
}

/* 1 when the TSIG time of the answer is within its fudge of now. */
static int tsig_time_ok(const ldns_rr *tsig)
{
	const ldns_rdf *t = ldns_rr_rdf(tsig, 1);
	const ldns_rdf *f = ldns_rr_rdf(tsig, 2);
	const uint8_t *d;
	unsigned long long signed_at = 0, now = (unsigned long long)time(NULL);
	unsigned fudge;
	size_t i;

	if (t == NULL || f == NULL || ldns_rdf_size(t) != 6 ||
	    ldns_rdf_size(f) != 2)
		return 0;
	d = ldns_rdf_data(t);
	for (i = 0; i < 6; i++)
		signed_at = signed_at << 8 | d[i];
	fudge = ldns_rdf2native_int16(f);
	return signed_at + fudge >= now && now + fudge >= signed_at;
}

/* Turns the answer into a result: RCODE, TSIG error, TSIG check. */
static enum rc answer_check(const ldns_pkt *a, const uint8_t *wire,
			    size_t wirelen, const char *shown, const char *zone,
			    const char *name, const struct dns_tsig *key,
			    const ldns_rdf *query_mac, struct err *e)
{
	ldns_pkt_rcode rc = ldns_pkt_get_rcode(a);
	ldns_rr *tsig = ldns_pkt_tsig(a);
	unsigned tsig_err = 0;

	if (tsig != NULL && ldns_rr_rd_count(tsig) >= 6 &&
	    ldns_rdf_size(ldns_rr_rdf(tsig, 5)) == 2)
		tsig_err = ldns_rdf2native_int16(ldns_rr_rdf(tsig, 5));
	if (key != NULL && tsig_err != 0)
		return err_set(e, RC_CA, _("TSIG key %s rejected by %s (%s)"),
			       key->name, shown, tsig_error_str(tsig_err));
	switch (rc) {
	case LDNS_RCODE_NOERROR:
		break;
	case LDNS_RCODE_REFUSED:
		return err_set(e, RC_CA,
			       _("%s refused the update of zone %s "
				 "(REFUSED): the key or address may not "
				 "update it"),
			       shown, zone);
	case LDNS_RCODE_NOTAUTH:
		return err_set(e, RC_CA,
			       _("%s is not authoritative for zone %s or "
				 "did not accept the key (NOTAUTH)"),
			       shown, zone);
	case LDNS_RCODE_NOTZONE:
		return err_set(e, RC_CA, _("%s is not in zone %s (NOTZONE)"),
			       name, zone);
	default:
		return err_set(e, RC_CA,
			       _("%s failed the update of %s in zone %s (%s)"),
			       shown, name, zone, dns_rcode_str(rc));
	}
	if (key == NULL)
		return RC_OK;
	/* A success that is not signed by the key may not be one. */
	if (tsig == NULL ||
	    !ldns_pkt_tsig_verify((ldns_pkt *)a, wire, wirelen, key->name,
				  key->secret, query_mac) ||
	    !tsig_time_ok(tsig))
		return err_set(e, RC_CRYPTO,
			       _("the answer of %s to the update of %s is "
				 "not signed with TSIG key %s"),
			       shown, name, key->name);
	return RC_OK;
}

enum rc dns_update_txt(const struct dns_server *primary, const char *zone,
		       const char *name, const char *value, unsigned ttl,
		       enum dns_update_op op, const struct dns_tsig *key,
		       long long deadline_ms, struct err *e)
{
	ldns_pkt *q = NULL, *a = NULL;
	uint8_t *wire = NULL;
	size_t wirelen = 0, i, n;
	const ldns_rdf *mac = NULL;
	struct err last = { 0 };
	enum rc rc = RC_NET;
	unsigned short id;
	long long now, until;
	char shown[64];

	if (!dns_name_ok(zone) || !dns_name_ok(name))
		return err_set(e, RC_INPUT,
			       _("'%.80s' or '%.80s' is not a DNS name"), zone,
			       name);
	n = value != NULL ? strnlen(value, 256) : 0;
	if (n == 0 || n > 255 || !b64url_is_token(value, n))
		return err_set(e, RC_INPUT,
			       _("the TXT value for %s is not a DNS-01 value"),
			       name);
	if (key != NULL && dns_tsig_check(key, e) != RC_OK)
		return RC_INPUT;
	if (primary->naddr == 0)
		return err_set(e, RC_NET, _("DNS server %s has no address"),
			       primary->name);
	if (ttl == 0)
		ttl = DNS_UPDATE_TTL_DEFAULT;
	q = update_build(zone, name, value, ttl, op);
	if (q == NULL)
		return err_set(e, RC_NOMEM, _("out of memory"));
	for (i = 0; i < primary->naddr; i++) {
		dns_endpoint_str(&primary->addr[i], shown, sizeof(shown));
		if (RAND_bytes((unsigned char *)&id, sizeof(id)) != 1) {
			rc = err_set(e, RC_CRYPTO,
				     _("no random numbers for a DNS query"));
			goto out;
		}
		ldns_pkt_set_id(q, id);
		ldns_rr_free(ldns_pkt_tsig(q));
		ldns_pkt_set_tsig(q, NULL);
		if (key != NULL) {
			if (ldns_pkt_tsig_sign(
				    q, key->name, key->secret, DNS_TSIG_FUDGE,
				    dns_tsig_algorithm(key->algorithm),
				    NULL) != LDNS_STATUS_OK) {
				rc = err_set(e, RC_CRYPTO,
					     _("cannot sign the update with "
					       "TSIG key %s"),
					     key->name);
				goto out;
			}
			mac = ldns_rr_rdf(ldns_pkt_tsig(q), 3);
		}
		now = mono_ms();
		until = now +
			(deadline_ms - now) / (long long)(primary->naddr - i);
		err_clear(&last);
		rc = dns_exchange(&primary->addr[i], q, 1, until, &a, &wire,
				  &wirelen, &last);
		if (rc == RC_OK)
			break;
		/* Unreachable: the next address of the primary, if any. */
	}
	if (rc != RC_OK) {
		err_set(e, last.rc, _("DNS update of %s: %s"), name, last.msg);
		goto out;
	}
	rc = answer_check(a, wire, wirelen, shown, zone, name, key, mac, e);
out:
	if (q != NULL) {
		ldns_rr_free(ldns_pkt_tsig(q));
		ldns_pkt_set_tsig(q, NULL);
	}
	ldns_pkt_free(q);
	ldns_pkt_free(a);
	free(wire);
	return rc;
}
