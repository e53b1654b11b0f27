/* SPDX-License-Identifier: ISC */
/* propagate.c - the DNS-01 propagation wait: find the servers to ask for
 * each record once (retried while that fails), then poll each server
 * that does not show every value yet, until all do or the time is up. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dns/propagate.h"
#include "util/clock.h"
#include "util/err.h"
#include "util/safe.h"

#define STATUS_MAX 320

/* One record at one server. */
struct probe {
	size_t rec; /* index into the records */
	struct dns_server srv;
	int done;		 /* every value seen */
	char status[STATUS_MAX]; /* what is missing, or the error */
};

struct wait_state {
	const struct dns_wait_opts *w;
	const struct dns_wait_record *recs;
	size_t nrecs;
	struct probe *probes;
	size_t nprobes;
	unsigned char *located; /* per record: servers found */
	long long deadline;
	struct err last; /* why locating servers failed */
};

/* Sends a formatted progress line to the caller's callback, if any. */
static void progress(const struct dns_wait_opts *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void progress(const struct dns_wait_opts *w, const char *fmt, ...)
{
	char line[ERR_MSG_MAX], shown[ERR_MSG_MAX];
	va_list ap;

	if (w->progress == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* One safe line: names and errors come from DNS answers. */
	safe_line(shown, sizeof(shown), line, strlen(line));
	w->progress(w->progress_arg, shown);
}

/* The lookup options for one step: the caller's resolver, with a
 * timeout that ends by the deadline. */
static struct dns_opts step_opts(const struct wait_state *st)
{
	struct dns_opts o = st->w->dns;
	long long left = st->deadline - mono_ms();
	int per = o.timeout_ms > 0 ? o.timeout_ms : DNS_TIMEOUT_MS_DEFAULT;

	if (left < 1)
		left = 1;
	o.timeout_ms = left < per ? (int)left : per;
	return o;
}

/* Adds the servers of record i to the probes.  On failure, st->last says
 * why and the record is tried again next round. */
static enum rc locate(struct wait_state *st, size_t i)
{
	struct dns_opts o = step_opts(st);
	struct dns_server *found = NULL, one;
	struct probe *np;
	size_t n = 0, k;
	enum rc rc;

	err_clear(&st->last);
	if (st->w->mode == DNS_CHECK_RESOLVER) {
		rc = dns_resolver_server(&o, &one, &st->last);
		found = &one;
		n = 1;
	} else {
		rc = dns_auth_servers(&o, st->recs[i].name, &found, &n,
				      &st->last);
	}
	if (rc != RC_OK)
		goto out;
	np = realloc(st->probes, (st->nprobes + n) * sizeof(*np));
	if (np == NULL) {
		rc = err_set(&st->last, RC_NOMEM, _("out of memory"));
		goto out;
	}
	st->probes = np;
	for (k = 0; k < n; k++) {
		memset(&np[st->nprobes], 0, sizeof(*np));
		np[st->nprobes].rec = i;
		np[st->nprobes].srv = found[k];
		snprintf(np[st->nprobes].status, STATUS_MAX, "%s",
			 _("not asked yet"));
		st->nprobes++;
	}
	st->located[i] = 1;
	progress(st->w, _("waiting for TXT %s at %zu DNS server(s): %s%s"),
		 st->recs[i].name, n, found[0].name, n > 1 ? ", ..." : "");
out:
	if (found != &one)
		free(found);
	return rc;
}

/* Asks p's server once and updates p->done and p->status. */
static void probe_once(struct wait_state *st, struct probe *p)
{
	const struct dns_wait_record *r = &st->recs[p->rec];
	struct dns_strlist got = { 0 };
	struct err err = { 0 };
	long long now = mono_ms(), until;
	int per = st->w->dns.timeout_ms > 0 ? st->w->dns.timeout_ms
					    : DNS_TIMEOUT_MS_DEFAULT;
	size_t k, missing = 0, first = 0;

	until = now + per < st->deadline ? now + per : st->deadline;
	if (dns_txt_at(&p->srv, r->name, until, &got, &err) != RC_OK) {
		snprintf(p->status, STATUS_MAX, "%s", err_text(&err));
		goto out;
	}
	for (k = 0; k < r->nvalues; k++) {
		if (dns_strlist_has(&got, r->values[k]))
			continue;
		if (missing++ == 0)
			first = k;
	}
	if (missing == 0) {
		p->done = 1;
		snprintf(p->status, STATUS_MAX, "%s", _("all values visible"));
	} else {
		snprintf(p->status, STATUS_MAX,
			 _("lacks '%s' (%zu of %zu values missing)"),
			 r->values[first], missing, r->nvalues);
	}
out:
	dns_strlist_clear(&got);
}

/* The server's name and first address, for messages. */
static void probe_where(const struct probe *p, char *buf, size_t size)
{
	char ep[64];

	if (p->srv.naddr == 0) {
		snprintf(buf, size, "%s", p->srv.name);
		return;
	}
	dns_endpoint_str(&p->srv.addr[0], ep, sizeof(ep));
	if (strcmp(p->srv.name, p->srv.addr[0].addr) == 0)
		snprintf(buf, size, "%s", ep);
	else
		snprintf(buf, size, "%s (%s)", p->srv.name, ep);
}

/* One round: locate what is not located yet, ask every server that is
 * not done.  Returns the number of probes and records still pending. */
static size_t round_once(struct wait_state *st)
{
	size_t i, pending = 0;

	for (i = 0; i < st->nrecs; i++)
		if (!st->located[i] && locate(st, i) != RC_OK)
			pending++;
	for (i = 0; i < st->nprobes; i++) {
		if (st->probes[i].done)
			continue;
		if (mono_ms() >= st->deadline) {
			pending++;
			continue;
		}
		probe_once(st, &st->probes[i]);
		if (!st->probes[i].done)
			pending++;
	}
	return pending;
}

/* The timeout error: the first record that is not visible everywhere and
 * why. */
static enum rc timeout_error(const struct wait_state *st, int secs,
			     struct err *e)
{
	char where[DNS_NAME_MAX + 80];
	size_t i, others = 0;
	const struct probe *first = NULL;

	for (i = 0; i < st->nrecs; i++)
		if (!st->located[i])
			return err_set(e, RC_TIMEOUT,
				       _("DNS-01 record %s: no DNS server "
					 "to check it at after %d s: %s"),
				       st->recs[i].name, secs,
				       err_text(&st->last));
	for (i = 0; i < st->nprobes; i++) {
		if (st->probes[i].done)
			continue;
		if (first == NULL)
			first = &st->probes[i];
		else
			others++;
	}
	if (first == NULL)
		return err_set(e, RC_TIMEOUT, _("DNS-01 wait timed out"));
	probe_where(first, where, sizeof(where));
	if (others > 0)
		return err_set(e, RC_TIMEOUT,
			       _("DNS-01 record %s TXT not visible after %d "
				 "s: %s %s (and %zu more server(s) not "
				 "ready)"),
			       st->recs[first->rec].name, secs, where,
			       first->status, others);
	return err_set(e, RC_TIMEOUT,
		       _("DNS-01 record %s TXT not visible after %d s: %s %s"),
		       st->recs[first->rec].name, secs, where, first->status);
}

enum rc dns_wait_visible(const struct dns_wait_opts *w,
			 const struct dns_wait_record *recs, size_t n,
			 struct err *e)
{
	struct wait_state st = { 0 };
	enum rc rc = RC_OK;
	long long start = mono_ms(), next_note, now;
	int timeout = w->timeout_ms > 0 ? w->timeout_ms
					: DNS_WAIT_TIMEOUT_MS_DEFAULT;
	int interval = w->interval_ms > 0 ? w->interval_ms
					  : DNS_WAIT_INTERVAL_MS_DEFAULT;
	size_t pending, last_pending = (size_t)-1;

	if (w->mode == DNS_CHECK_NONE || n == 0) {
		if (w->mode == DNS_CHECK_NONE && n > 0)
			progress(w, "%s",
				 _("DNS propagation check is off; asking "
				   "the CA at once"));
		return RC_OK;
	}
	if (w->mode != DNS_CHECK_AUTHORITATIVE && w->mode != DNS_CHECK_RESOLVER)
		return err_set(e, RC_USAGE, _("unknown DNS check mode"));
	if (!dns_available()) {
		struct dns_server none;

		return dns_resolver_server(&w->dns, &none, e); /* says why */
	}
	st.w = w;
	st.recs = recs;
	st.nrecs = n;
	st.deadline = start + timeout;
	st.located = calloc(n, 1);
	if (st.located == NULL)
		return err_set(e, RC_NOMEM, _("out of memory"));
	next_note = start + DNS_WAIT_PROGRESS_MS;
	for (;;) {
		pending = round_once(&st);
		if (pending == 0)
			break;
		now = mono_ms();
		if (now >= st.deadline) {
			rc = timeout_error(&st, (timeout + 999) / 1000, e);
			goto out;
		}
		if (pending != last_pending || now >= next_note) {
			progress(w,
				 _("DNS-01: %zu check(s) pending after %lld "
				   "s"),
				 pending, (now - start) / 1000);
			next_note = now + DNS_WAIT_PROGRESS_MS;
			last_pending = pending;
		}
		sleep_ms(st.deadline - now < interval ? st.deadline - now
						      : interval);
	}
	progress(w, _("DNS-01 records visible after %lld ms"),
		 mono_ms() - start);
out:
	free(st.probes);
	free(st.located);
	return rc;
}
