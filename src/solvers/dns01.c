/* SPDX-License-Identifier: ISC */
/* dns01.c - records, CNAME delegation and the propagation wait shared by
 * the DNS-01 hook and RFC 2136 methods. */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acme/jws.h"
#include "dns/resolve.h"
#include "solvers/dns01.h"
#include "util/err.h"
#include "util/safe.h"

enum rc dns01_init(struct dns01 *d, const struct solver_config *cfg,
		   struct err *e)
{
	if (cfg->dns_resolver != NULL && cfg->dns_resolver[0] != '\0') {
		/* A host name is resolved when used; syntax is checked now. */
		if (dns_server_spec_check(cfg->dns_resolver, e) != RC_OK)
			return RC_INPUT;
		d->resolver = strdup(cfg->dns_resolver);
		if (d->resolver == NULL)
			return err_set(e, RC_NOMEM, _("out of memory"));
	}
	switch (cfg->dns_check) {
	case SOLVER_DNS_CHECK_AUTHORITATIVE:
		d->wait.mode = DNS_CHECK_AUTHORITATIVE;
		break;
	case SOLVER_DNS_CHECK_RESOLVER:
		d->wait.mode = DNS_CHECK_RESOLVER;
		break;
	case SOLVER_DNS_CHECK_NONE:
		d->wait.mode = DNS_CHECK_NONE;
		break;
	default:
		return err_set(e, RC_USAGE, _("unknown DNS check mode %d"),
			       cfg->dns_check);
	}
	if (cfg->dns_wait_ms < 0)
		return err_set(e, RC_USAGE,
			       _("the DNS propagation wait cannot be "
				 "negative"));
	d->wait.dns.server = d->resolver;
	d->wait.timeout_ms = cfg->dns_wait_ms;
	d->wait.progress = cfg->dns_progress;
	d->wait.progress_arg = cfg->dns_progress_arg;
	if (pthread_mutex_init(&d->lock, NULL) != 0)
		return err_set(e, RC_SYS, _("cannot create a mutex"));
	d->have_lock = 1;
	return RC_OK;
}

void dns01_record_clear(struct dns01_record *r)
{
	if (r == NULL)
		return;
	free(r->token);
	free(r->domain);
	free(r->name);
	free(r->value);
	free(r->auth_output);
	memset(r, 0, sizeof(*r));
}

void dns01_fini(struct dns01 *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n; i++)
		dns01_record_clear(&d->recs[i]);
	free(d->recs);
	free(d->resolver);
	if (d->have_lock)
		pthread_mutex_destroy(&d->lock);
	memset(d, 0, sizeof(*d));
}

void dns01_note(const struct dns01 *d, const char *fmt, ...)
{
	char line[ERR_MSG_MAX], shown[ERR_MSG_MAX];
	va_list ap;

	if (d->wait.progress == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	safe_line(shown, sizeof(shown), line, strlen(line));
	d->wait.progress(d->wait.progress_arg, shown);
}

/* A new lower-case copy of s, or NULL when out of memory. */
static char *lower_dup(const char *s)
{
	char *c = strdup(s), *p;

	for (p = c; p != NULL && *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	return c;
}

enum rc dns01_record_make(struct dns01 *d, const struct solver_task *t,
			  struct dns01_record *r, struct err *e)
{
	struct dns01_record n = { 0 };
	struct dns_opts o = { d->resolver, 0 };
	unsigned char bin[16];
	const char *dom = t->identifier;
	char *target = NULL;
	enum rc rc;
	size_t len;

	memset(r, 0, sizeof(*r));
	if (inet_pton(AF_INET, dom, bin) == 1 ||
	    inet_pton(AF_INET6, dom, bin) == 1)
		return err_set(e, RC_INPUT,
			       _("dns-01 cannot validate the IP address %s "
				 "(RFC 8738); use http-01 or tls-alpn-01"),
			       dom);
	if (strncmp(dom, "*.", 2) == 0)
		dom += 2;
	len = strlen(dom);
	if (len + strlen(DNS01_PREFIX) > DNS_NAME_MAX || !dns_name_ok(dom))
		return err_set(e, RC_INPUT,
			       _("%s is too long for a DNS-01 record name"),
			       t->identifier);
	n.token = strdup(t->token);
	n.domain = lower_dup(dom);
	n.name = malloc(strlen(DNS01_PREFIX) + len + 1);
	if (n.token == NULL || n.domain == NULL || n.name == NULL) {
		rc = err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	memcpy(n.name, DNS01_PREFIX, strlen(DNS01_PREFIX));
	memcpy(n.name + strlen(DNS01_PREFIX), n.domain, len + 1);
	n.value = jws_dns01_value(t->key_authorization, e);
	if (n.value == NULL) {
		rc = RC_CRYPTO;
		goto out;
	}
	if (d->wait.mode != DNS_CHECK_NONE) {
		rc = dns_cname_final(&o, n.name, &target, e);
		if (rc != RC_OK) {
			err_prefix(e, n.name);
			goto out;
		}
		if (target != NULL) {
			dns01_note(d,
				   _("%s is a CNAME: the TXT record goes "
				     "at %s"),
				   n.name, target);
			free(n.name);
			n.name = target;
			target = NULL;
		}
	}
	*r = n;
	memset(&n, 0, sizeof(n));
	rc = RC_OK;
out:
	dns01_record_clear(&n);
	return rc;
}

/* Index of token's record, or d->n.  Caller holds the lock. */
static size_t find(const struct dns01 *d, const char *token)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strcmp(d->recs[i].token, token) == 0)
			break;
	return i;
}

enum rc dns01_lookup(struct dns01 *d, const char *token,
		     struct dns01_record *out, struct err *e)
{
	const struct dns01_record *r;
	enum rc rc = RC_NOTFOUND;
	size_t i;

	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&d->lock);
	i = find(d, token);
	if (i == d->n)
		goto out;
	r = &d->recs[i];
	out->token = strdup(r->token);
	out->domain = strdup(r->domain);
	out->name = strdup(r->name);
	out->value = strdup(r->value);
	out->auth_output = r->auth_output ? strdup(r->auth_output) : NULL;
	if (out->token == NULL || out->domain == NULL || out->name == NULL ||
	    out->value == NULL ||
	    (r->auth_output != NULL && out->auth_output == NULL)) {
		dns01_record_clear(out);
		rc = err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	rc = RC_OK;
out:
	pthread_mutex_unlock(&d->lock);
	return rc;
}

enum rc dns01_remember(struct dns01 *d, struct dns01_record *r, struct err *e)
{
	struct dns01_record *nv;
	enum rc rc = RC_OK;
	size_t i;

	pthread_mutex_lock(&d->lock);
	i = find(d, r->token);
	if (i < d->n) {
		dns01_record_clear(&d->recs[i]);
	} else {
		if (d->n == d->cap) {
			size_t ncap = d->cap ? d->cap * 2 : 8;

			nv = realloc(d->recs, ncap * sizeof(*nv));
			if (nv == NULL) {
				rc = err_set(e, RC_NOMEM, _("out of memory"));
				goto out;
			}
			d->recs = nv;
			d->cap = ncap;
		}
		d->n++;
	}
	d->recs[i] = *r;
	memset(r, 0, sizeof(*r));
out:
	pthread_mutex_unlock(&d->lock);
	return rc;
}

void dns01_forget(struct dns01 *d, const char *token)
{
	size_t i;

	pthread_mutex_lock(&d->lock);
	i = find(d, token);
	if (i < d->n) {
		dns01_record_clear(&d->recs[i]);
		d->recs[i] = d->recs[d->n - 1];
		d->n--;
	}
	pthread_mutex_unlock(&d->lock);
}

/* The records to wait for, one per distinct name with all its values,
 * copied out of the list so the wait runs without the lock. */
struct wait_list {
	struct dns_wait_record *recs;
	char ***values; /* per record: owned strings */
	size_t n;
};

/* Frees what snapshot() made. */
static void wait_list_clear(struct wait_list *w)
{
	size_t i, k;

	for (i = 0; i < w->n; i++) {
		for (k = 0; k < w->recs[i].nvalues; k++)
			free(w->values[i][k]);
		free(w->values[i]);
		free((char *)w->recs[i].name);
	}
	free(w->recs);
	free(w->values);
	memset(w, 0, sizeof(*w));
}

/* Copies the list into w, grouped by name. */
static enum rc snapshot(struct dns01 *d, struct wait_list *w, struct err *e)
{
	enum rc rc = RC_OK;
	size_t i, j;

	memset(w, 0, sizeof(*w));
	pthread_mutex_lock(&d->lock);
	if (d->n == 0)
		goto out;
	w->recs = calloc(d->n, sizeof(*w->recs));
	w->values = calloc(d->n, sizeof(*w->values));
	if (w->recs == NULL || w->values == NULL)
		goto nomem;
	for (i = 0; i < d->n; i++) {
		const struct dns01_record *r = &d->recs[i];
		char **vals, *v;

		for (j = 0; j < w->n; j++)
			if (strcmp(w->recs[j].name, r->name) == 0)
				break;
		if (j == w->n) {
			w->recs[j].name = strdup(r->name);
			if (w->recs[j].name == NULL)
				goto nomem;
			w->n++;
		}
		vals = realloc(w->values[j],
			       (w->recs[j].nvalues + 1) * sizeof(*vals));
		if (vals == NULL)
			goto nomem;
		w->values[j] = vals;
		w->recs[j].values = (const char *const *)vals;
		v = strdup(r->value);
		if (v == NULL)
			goto nomem;
		vals[w->recs[j].nvalues++] = v;
	}
	goto out;
nomem:
	rc = err_set(e, RC_NOMEM, _("out of memory"));
out:
	pthread_mutex_unlock(&d->lock);
	if (rc != RC_OK)
		wait_list_clear(w);
	return rc;
}

enum rc dns01_ready(struct dns01 *d, struct err *e)
{
	struct wait_list w;
	enum rc rc;

	rc = snapshot(d, &w, e);
	if (rc != RC_OK)
		return rc;
	rc = dns_wait_visible(&d->wait, w.recs, w.n, e);
	wait_list_clear(&w);
	return rc;
}
