/* SPDX-License-Identifier: ISC */
/* test_lcwrites.c - the lifecycle calls behind the front ends' last
 * direct writes: lc_domain_set() (`domain set`), lc_cert_watch() (`cert
 * import`) and lc_account_set_notify() (`account set --notify-cmd`).
 * Each change is written with its event; each refused one writes
 * neither row nor event. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/store.h"
#include "db/store_accounts.h"
#include "db/store_certs.h"
#include "db/store_domains.h"
#include "db/store_events.h"
#include "lifecycle/accountnotify.h"
#include "lifecycle/certwatch.h"
#include "lifecycle/domainset.h"
#include "store_test_util.h"
#include "tap.h"

/* All events (-1 on error); the newest one's fields into *last. */
static int all_events(struct store *st, struct event_row *last)
{
	struct event_row *ev = NULL;
	struct err e = { 0 };
	size_t n = 0;

	if (store_event_list(st, EVENT_LIST_MAX, EV_INFO, &ev, &n, &e) != RC_OK)
		return -1;
	if (last != NULL) {
		memset(last, 0, sizeof(*last));
		if (n > 0) {
			*last = ev[0];
			memset(&ev[0], 0, sizeof(ev[0]));
		}
	}
	event_rows_free(ev, n);
	return (int)n;
}

/* The events of certificate id; the newest message into msg. */
static int cert_events(struct store *st, int64_t id, char *msg, size_t sz)
{
	struct event_row *ev = NULL;
	struct err e = { 0 };
	size_t n = 0;

	if (store_event_list_cert(st, id, 1000, 0, &ev, &n, &e) != RC_OK)
		return -1;
	snprintf(msg, sz, "%s", n && ev[0].message ? ev[0].message : "");
	event_rows_free(ev, n);
	return (int)n;
}

/* The stored method and http port of domain name ("-" when none). */
static void domain_state(struct store *st, const char *name, char *buf,
			 size_t sz)
{
	struct domain_row d = { 0 };
	struct err e = { 0 };

	if (store_domain_get(st, name, &d, &e) != RC_OK)
		snprintf(buf, sz, "-");
	else
		snprintf(buf, sz, "%s %s %d", dom_method_name(d.method),
			 d.webroot ? d.webroot : "standalone", d.http_port);
	domain_row_clear(&d);
}

/* Certificate "c2" shares d0.c.example with "c". */
static int64_t second_cert(struct store *st, int64_t acct)
{
	struct domain_row d = { 0 };
	struct cert_row c = { 0 };
	int64_t id = 0;

	d.name = (char *)"d0.c.example";
	d.method = DOM_METHOD_HTTP01;
	d.webroot = (char *)"/srv/www";
	c.name = (char *)"c2";
	c.account_id = acct;
	c.key_type = (char *)"ec256";
	c.domains = &d;
	c.n_domains = 1;
	return store_cert_insert(st, &c, &id, NULL) == RC_OK ? id : 0;
}

/* A refused lc_domain_set: rc, and neither row nor event changed. */
static void domain_refused(struct store *st, const struct domain_row *d,
			   enum rc want, const char *what)
{
	char before[300], after[300];
	struct err e = { 0 };
	int n = all_events(st, NULL);

	domain_state(st, d->name, before, sizeof(before));
	is_int(lc_domain_set(st, d, &e), want, "domain set: %s refused (%s)",
	       what, err_text(&e));
	domain_state(st, d->name, after, sizeof(after));
	is_str(after, before, "... the domain is unchanged");
	is_int(all_events(st, NULL), n, "... and no event was written");
}

static void test_domain(struct store *st, int64_t c, int64_t c2)
{
	struct domain_row d = { 0 };
	struct event_row last;
	char msg[512], state[300];
	struct err e = { 0 };
	int nc = cert_events(st, c, msg, sizeof(msg));
	int nc2 = cert_events(st, c2, msg, sizeof(msg));
	int n = all_events(st, NULL);

	d.name = (char *)"d0.c.example";
	d.method = DOM_METHOD_HTTP01;
	d.http_port = 8080;
	is_int(lc_domain_set(st, &d, &e), RC_OK, "domain set: standalone (%s)",
	       err_text(&e));
	domain_state(st, "d0.c.example", state, sizeof(state));
	is_str(state, "http-01 standalone 8080", "... is stored");
	is_int(cert_events(st, c, msg, sizeof(msg)), nc + 1,
	       "... one event for c, which names the domain");
	is_str(msg, "validation of d0.c.example set by the operator: http-01",
	       "... saying what changed");
	is_int(cert_events(st, c2, msg, sizeof(msg)), nc2 + 1,
	       "... one for c2, which names it too");
	is_int(all_events(st, NULL), n + 2, "... and no other");

	/* A domain no certificate names still leaves a trace. */
	d.name = (char *)"lone.example";
	d.ident_type = DOM_IDENT_DNS;
	d.method = DOM_METHOD_HTTP01;
	d.webroot = (char *)"/srv/lone";
	ok(store_domain_upsert(st, &d, NULL, &e) == RC_OK, "a lone domain");
	n = all_events(st, NULL);
	d.webroot = (char *)"/srv/other";
	is_int(lc_domain_set(st, &d, &e), RC_OK, "domain set on it (%s)",
	       err_text(&e));
	is_int(all_events(st, &last), n + 1, "... one event");
	ok(last.cert_id == 0 && last.message != NULL &&
		   strstr(last.message, "lone.example") != NULL,
	   "... of its own, naming the domain (%s)",
	   last.message ? last.message : "");
	event_row_clear(&last);

	/* Refusals: nothing written. */
	d.name = (char *)"d1.c.example";
	d.webroot = (char *)"relative/www";
	domain_refused(st, &d, RC_INPUT, "a relative webroot");
	d.webroot = NULL;
	d.method = DOM_METHOD_DNS01;
	domain_refused(st, &d, RC_INPUT, "dns-01 without hook or server");
	d.name = (char *)"D1.c.example";
	d.method = DOM_METHOD_HTTP01;
	domain_refused(st, &d, RC_INPUT, "a name not in normal form");
	d.name = (char *)"unknown.example";
	domain_refused(st, &d, RC_NOTFOUND, "an unknown domain");
	domain_state(st, "unknown.example", state, sizeof(state));
	is_str(state, "-", "... which is not created");
	d.name = (char *)"192.0.2.7";
	d.ident_type = DOM_IDENT_IP;
	d.method = DOM_METHOD_HTTP01;
	d.webroot = (char *)"/srv/ip";
	ok(store_domain_upsert(st, &d, NULL, &e) == RC_OK, "an IP address");
	d.webroot = NULL;
	d.method = DOM_METHOD_DNS01;
	d.dns_hook = (char *)"/bin/true";
	d.ident_type = DOM_IDENT_DNS; /* ignored: the stored type counts */
	domain_refused(st, &d, RC_USAGE, "dns-01 for an address");
}

static void watch_fill(struct cert_watch *w, struct domain_row *d,
		       const char *name)
{
	memset(w, 0, sizeof(*w));
	memset(d, 0, sizeof(*d));
	d->name = (char *)"w.example";
	d->ident_type = DOM_IDENT_DNS;
	w->name = name;
	w->cert_pem = "-----BEGIN CERTIFICATE-----\nAA==\n"
		      "-----END CERTIFICATE-----\n";
	w->serial = "01ff";
	w->issuer = "Some CA";
	w->not_before = 2000000000 - 90 * 86400;
	w->not_after = 2000000000;
	w->domains = d;
	w->n_domains = 1;
	w->event_level = EV_INFO;
	w->event = "imported to watch";
}

/* A refused lc_cert_watch: rc, no certificate row, no event. */
static void watch_refused(struct store *st, const struct cert_watch *w,
			  enum rc want, const char *what)
{
	struct cert_row r = { 0 };
	struct err e = { 0 };
	int n = all_events(st, NULL);

	is_int(lc_cert_watch(st, w, NULL, NULL, &e), want,
	       "cert watch: %s refused (%s)", what, err_text(&e));
	/* A name acmetui issues keeps its managed row. */
	if (want == RC_EXISTS)
		ok(store_cert_get_by_name(st, w->name, &r, &e) == RC_OK &&
			   r.account_id > 0 && !r.watched,
		   "... the managed certificate stays as it was");
	else
		ok(store_cert_get_by_name(st, w->name, &r, &e) == RC_NOTFOUND,
		   "... no certificate row");
	is_int(all_events(st, NULL), n, "... and no event");
	cert_row_clear(&r);
}

static void test_watch(struct store *st)
{
	struct cert_watch w;
	struct domain_row d;
	char msg[512];
	struct err e = { 0 };
	int64_t id = 0;
	int created = 0;

	watch_fill(&w, &d, "watched");
	w.probe_endpoints = "w.example:8443";
	is_int(lc_cert_watch(st, &w, &id, &created, &e), RC_OK,
	       "cert watch (%s)", err_text(&e));
	ok(id > 0 && created == 1, "... a new certificate");
	is_int(cert_events(st, id, msg, sizeof(msg)), 1, "... with one event");
	is_str(msg, "imported to watch", "... its own");

	watch_fill(&w, &d, "bad name");
	watch_refused(st, &w, RC_INPUT, "a name with a space");
	watch_fill(&w, &d, "w2");
	w.probe_endpoints = "w.example:99999";
	watch_refused(st, &w, RC_INPUT, "a probe endpoint out of range");
	watch_fill(&w, &d, "w2");
	d.name = (char *)"W.example";
	watch_refused(st, &w, RC_INPUT, "a name not in normal form");
	watch_fill(&w, &d, "w2");
	w.not_before = w.not_after + 1;
	watch_refused(st, &w, RC_INPUT, "validity ending before it starts");
	watch_fill(&w, &d, "w2");
	w.event = "";
	watch_refused(st, &w, RC_INPUT, "no event text");
	watch_fill(&w, &d, "c");
	watch_refused(st, &w, RC_EXISTS, "a certificate acmetui issues");
}

/* The stored notify hook of account id ("-" when none). */
static void hook_of(struct store *st, int64_t id, char *buf, size_t sz)
{
	struct err e = { 0 };
	char *cmd = NULL;

	store_account_notify_cmd(st, id, &cmd, &e);
	snprintf(buf, sz, "%s", cmd ? cmd : "-");
	free(cmd);
}

/* A refused lc_account_set_notify: rc, hook and events unchanged. */
static void notify_refused(struct store *st, int64_t acct, const char *name,
			   const char *cmd, enum rc want, const char *what)
{
	char before[300], after[300];
	struct err e = { 0 };
	int n = all_events(st, NULL);

	hook_of(st, acct, before, sizeof(before));
	is_int(lc_account_set_notify(st, name, cmd, &e), want,
	       "account notify: %s refused (%s)", what, err_text(&e));
	hook_of(st, acct, after, sizeof(after));
	is_str(after, before, "... the hook is unchanged");
	is_int(all_events(st, NULL), n, "... and no event");
}

static void test_notify(struct store *st, int64_t acct)
{
	struct event_row last;
	char hook[300];
	struct err e = { 0 };
	int n = all_events(st, NULL);

	is_int(lc_account_set_notify(st, "a", "/bin/true --x", &e), RC_OK,
	       "account notify: set (%s)", err_text(&e));
	hook_of(st, acct, hook, sizeof(hook));
	is_str(hook, "/bin/true --x", "... is stored");
	is_int(all_events(st, &last), n + 1, "... with one event");
	ok(last.account_id == acct && last.cert_id == 0 &&
		   last.message != NULL &&
		   strcmp(last.message, "notify hook set by the operator") ==
			   0 &&
		   last.stage != NULL && strcmp(last.stage, "account") == 0,
	   "... about the account, without the command (%s)",
	   last.message ? last.message : "");
	event_row_clear(&last);

	notify_refused(st, acct, "a", "/nonexistent/hook", RC_USAGE,
		       "a command that cannot run");
	notify_refused(st, acct, "a", NULL, RC_USAGE, "no command");
	notify_refused(st, acct, "nope", "/bin/true", RC_NOTFOUND,
		       "an unknown account");

	n = all_events(st, NULL);
	is_int(lc_account_set_notify(st, "a", "", &e), RC_OK,
	       "account notify: cleared (%s)", err_text(&e));
	hook_of(st, acct, hook, sizeof(hook));
	is_str(hook, "-", "... is gone");
	is_int(all_events(st, &last), n + 1, "... with one event");
	ok(last.message != NULL && strstr(last.message, "cleared") != NULL,
	   "... saying so (%s)", last.message ? last.message : "");
	event_row_clear(&last);
}

int main(void)
{
	char *dir = tdir_make(), *db = tpath(dir, "t.db");
	struct store *st = NULL;
	struct err e = { 0 };
	int64_t acct, c, c2;

	setenv("LANGUAGE", "C", 1);
	if (store_open(db, &st, &e) != RC_OK) {
		ok(0, "store_open: %s", err_text(&e));
		return tap_done();
	}
	acct = fx_account(st, "a");
	c = fx_cert(st, "c", acct, 2);
	c2 = second_cert(st, acct);
	ok(acct > 0 && c > 0 && c2 > 0, "an account and two certificates");
	test_domain(st, c, c2);
	test_watch(st);
	test_notify(st, acct);
	store_close(st);
	tdir_remove(dir);
	free(db);
	free(dir);
	return tap_done();
}
