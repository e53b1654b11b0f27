/* SPDX-License-Identifier: ISC */
/* caa.c - does the relevant CAA record set let the account's CA issue?
 * (RFC 8659 section 4, with the accounturi and validationmethods
 * parameters of RFC 8657.) */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "db/store_accounts.h"
#include "db/store_domains.h"
#include "diagnose/doctor.h"
#include "util/safe.h"

/* Tags a CA understands: a critical property with another tag forbids
 * issuance (RFC 8659 section 4.1). */
static const char *const known_tags[] = { "issue",	  "issuewild",
					  "iodef",	  "contactemail",
					  "contactphone", NULL };

static int tag_is(const struct dns_caa *c, const char *tag)
{
	return c->tag != NULL && strcasecmp(c->tag, tag) == 0;
}

static int tag_known(const struct dns_caa *c)
{
	size_t i;

	for (i = 0; known_tags[i] != NULL; i++)
		if (tag_is(c, known_tags[i]))
			return 1;
	return 0;
}

static int is_wsp(char c)
{
	return c == ' ' || c == '\t';
}

/* One parsed issue/issuewild value.  Pointers into a caller buffer. */
struct issue_value {
	char domain[DNS_NAME_MAX + 2]; /* "" = no CA may issue */
	int malformed;
	int account_mismatch; /* accounturi names another account */
	int method_mismatch;  /* validationmethods lacks ours */
};

/* Returns 1 when the comma-separated list has item (exact). */
static int list_has(const char *list, size_t len, const char *item)
{
	size_t n = strlen(item), i = 0, j;

	while (i <= len) {
		j = i;
		while (j < len && list[j] != ',')
			j++;
		if (j - i == n && strncmp(list + i, item, n) == 0)
			return 1;
		i = j + 1;
	}
	return 0;
}

/* Applies one "tag=value" parameter (RFC 8657) to v. */
static void apply_param(const char *p, size_t len,
			const struct doctor_caa_query *q, struct issue_value *v)
{
	const char *eq = memchr(p, '=', len);
	size_t tl, vl;
	const char *val;

	if (eq == NULL) {
		v->malformed = 1;
		return;
	}
	tl = (size_t)(eq - p);
	while (tl > 0 && is_wsp(p[tl - 1]))
		tl--;
	val = eq + 1;
	vl = len - (size_t)(val - p);
	while (vl > 0 && is_wsp(*val)) {
		val++;
		vl--;
	}
	while (vl > 0 && is_wsp(val[vl - 1]))
		vl--;
	if (tl == 10 && strncasecmp(p, "accounturi", 10) == 0) {
		if (q->account_uri != NULL &&
		    (strlen(q->account_uri) != vl ||
		     strncmp(q->account_uri, val, vl) != 0))
			v->account_mismatch = 1;
	} else if (tl == 17 && strncasecmp(p, "validationmethods", 17) == 0) {
		if (q->method != NULL && !list_has(val, vl, q->method))
			v->method_mismatch = 1;
	}
}

/* Parses issue-value = *WSP [domain *WSP] [";" *WSP [parameters]]. */
static void parse_issue(const char *s, const struct doctor_caa_query *q,
			struct issue_value *v)
{
	size_t n = 0, len;
	const char *semi;

	memset(v, 0, sizeof(*v));
	while (is_wsp(*s))
		s++;
	while (*s != '\0' && *s != ';' && !is_wsp(*s)) {
		if (n + 1 >= sizeof(v->domain)) {
			v->malformed = 1;
			break;
		}
		v->domain[n++] = *s++;
	}
	v->domain[n] = '\0';
	if (n > 0 && v->domain[n - 1] == '.')
		v->domain[n - 1] = '\0';
	while (is_wsp(*s))
		s++;
	if (*s != '\0' && *s != ';')
		v->malformed = 1;
	if (v->domain[0] != '\0' && !dns_name_ok(v->domain))
		v->malformed = 1;
	while (*s == ';' && !v->malformed) {
		s++;
		semi = strchr(s, ';');
		len = semi != NULL ? (size_t)(semi - s) : strlen(s);
		while (len > 0 && is_wsp(*s)) {
			s++;
			len--;
		}
		if (len > 0)
			apply_param(s, len, q, v);
		s += len;
		while (is_wsp(*s))
			s++;
	}
	/* RFC 8659 4.2: a malformed value is read as an empty issuer. */
	if (v->malformed)
		v->domain[0] = '\0';
}

/* Appends ", text" (or text) to buf, escaped. */
static void append(char *buf, size_t sz, const char *text)
{
	char clean[160];
	size_t used = strlen(buf);

	if (used + 4 >= sz)
		return;
	safe_line(clean, sizeof(clean), text, strlen(text));
	snprintf(buf + used, sz - used, "%s%s", used ? ", " : "", clean);
}

/* 1 when domain is one of the CA's identities. */
static int names_ca(const struct doctor_caa_query *q, const char *domain)
{
	size_t i;

	for (i = 0; i < q->n_ca_ids; i++)
		if (strcasecmp(q->ca_ids[i], domain) == 0)
			return 1;
	return 0;
}

enum doctor_status doctor_caa_eval(const struct dns_caa_set *set,
				   const struct doctor_caa_query *q, char *why,
				   size_t whysz)
{
	char owner[DNS_NAME_MAX + 8], seen[DOCTOR_LINE_MAX] = "";
	const char *want;
	struct issue_value v;
	size_t i, applicable = 0, empty = 0;
	int has_wild = 0, params_excluded = 0;

	if (set == NULL || set->n == 0) {
		snprintf(why, whysz, "%s",
			 _("no CAA records: any CA may "
			   "issue"));
		return DOCTOR_PASS;
	}
	safe_line(owner, sizeof(owner), set->owner ? set->owner : "?",
		  set->owner ? strlen(set->owner) : 1);
	for (i = 0; i < set->n; i++) {
		if ((set->v[i].flags & 128) && !tag_known(&set->v[i])) {
			char tag[64];

			safe_line(tag, sizeof(tag),
				  set->v[i].tag ? set->v[i].tag : "",
				  set->v[i].tag ? strlen(set->v[i].tag) : 0);
			snprintf(why, whysz,
				 _("CAA at %s has a critical "
				   "property '%s' the CA does not "
				   "know: no CA may issue"),
				 owner, tag);
			return DOCTOR_FAIL;
		}
		if (tag_is(&set->v[i], "issuewild"))
			has_wild = 1;
	}
	want = q->wildcard && has_wild ? "issuewild" : "issue";
	for (i = 0; i < set->n; i++) {
		if (!tag_is(&set->v[i], want))
			continue;
		applicable++;
		parse_issue(set->v[i].value ? set->v[i].value : "", q, &v);
		append(seen, sizeof(seen),
		       v.domain[0] != '\0' ? v.domain : ";");
		if (v.domain[0] == '\0') {
			empty++;
			continue;
		}
		if (!names_ca(q, v.domain))
			continue;
		if (v.account_mismatch || v.method_mismatch) {
			params_excluded = 1;
			continue;
		}
		snprintf(why, whysz, _("CAA at %s permits %s"), owner,
			 v.domain);
		return DOCTOR_PASS;
	}
	if (applicable == 0) {
		snprintf(why, whysz,
			 _("CAA at %s has no %s property: any CA "
			   "may issue"),
			 owner, want);
		return DOCTOR_PASS;
	}
	if (empty == applicable) {
		snprintf(why, whysz, _("CAA at %s forbids every CA (%s \";\")"),
			 owner, want);
		return DOCTOR_FAIL;
	}
	if (q->n_ca_ids == 0) {
		snprintf(why, whysz,
			 _("the CA does not publish its CAA "
			   "identities; found records: %s %s"),
			 want, seen);
		return DOCTOR_WARN;
	}
	if (params_excluded)
		snprintf(why, whysz,
			 _("CAA at %s names the CA but its "
			   "accounturi or validationmethods "
			   "exclude this account or method"),
			 owner);
	else
		snprintf(why, whysz, _("CAA at %s allows only: %s"), owner,
			 seen);
	return DOCTOR_FAIL;
}

enum rc doctor_check_caa(struct doctor_ctx *ctx, const struct domain_row *d,
			 struct err *e)
{
	struct dns_caa_set set = { 0 };
	struct dns_opts o = { 0 };
	struct doctor_caa_query q = { 0 };
	struct err de = { 0 };
	char why[DOCTOR_LINE_MAX], advice[DOCTOR_LINE_MAX];
	const char *name = d->name;
	enum doctor_status st;
	enum rc rc;

	if (d->ident_type == DOM_IDENT_IP)
		return RC_OK; /* CAA is about DNS names only */
	if (strncmp(name, "*.", 2) == 0) {
		q.wildcard = 1;
		name += 2;
	}
	o.server = doctor_resolver(d, ctx->opts);
	o.timeout_ms = ctx->opts->timeout_ms;
	if (dns_caa_relevant(&o, name, &set, &de) != RC_OK) {
		if (de.rc == RC_NOMEM)
			return err_set(e, RC_NOMEM, "%s", err_text(&de));
		snprintf(why, sizeof(why), _("CAA lookup failed: %s"),
			 err_text(&de));
		return doctor_add(ctx->rep, "caa", d->name, DOCTOR_FAIL, why,
				  _("the CA refuses to issue when CAA cannot "
				    "be looked up: fix the name servers "
				    "(SERVFAIL, DNSSEC) or the resolver"),
				  e);
	}
	q.ca_ids = (const char *const *)ctx->caa_ids;
	q.n_ca_ids = ctx->n_caa_ids;
	q.account_uri = ctx->acct != NULL ? ctx->acct->account_url : NULL;
	q.method = dom_method_name(d->method);
	st = doctor_caa_eval(&set, &q, why, sizeof(why));
	advice[0] = '\0';
	if (st != DOCTOR_PASS && q.n_ca_ids > 0)
		snprintf(advice, sizeof(advice),
			 _("add a record \"%s CAA 0 %s \\\"%s\\\"\" or remove "
			   "the restricting ones"),
			 set.owner ? set.owner : name,
			 q.wildcard ? "issuewild" : "issue", ctx->caa_ids[0]);
	else if (st != DOCTOR_PASS)
		snprintf(advice, sizeof(advice), "%s",
			 _("ask the CA which issuer domain its CAA records "
			   "must name, and compare"));
	rc = doctor_add(ctx->rep, "caa", d->name, st, why,
			advice[0] ? advice : NULL, e);
	dns_caa_set_clear(&set);
	return rc;
}
