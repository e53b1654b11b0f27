/* SPDX-License-Identifier: ISC */
/* test_certset.c - lc_cert_set(), the call behind `cert set` and the
 * TUI's edit form: a change is written with exactly one event; a refused
 * one names its field and writes nothing. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db/store.h"
#include "db/store_certs.h"
#include "db/store_events.h"
#include "db/store_names.h"
#include "lifecycle/certset.h"
#include "store_test_util.h"
#include "tap.h"

/* How many events certificate id has (-1 on error); the newest one's
 * message into msg. */
static int events(struct store *st, int64_t id, char *msg, size_t sz)
{
	struct event_row *ev = NULL;
	struct err e = { 0 };
	size_t n = 0;

	if (store_event_list_cert(st, id, 1000, 0, &ev, &n, &e) != RC_OK)
		return -1;
	if (msg != NULL)
		snprintf(msg, sz, "%s",
			 n && ev[0].message ? ev[0].message : "");
	event_rows_free(ev, n);
	return (int)n;
}

/* A change of method, deploy directory, reload command and profile. */
static void test_writes_one_event(struct store *st, int64_t id, const char *web,
				  const char *deploy)
{
	struct lc_cert_set_params p = { 0 };
	struct domain_row m = { 0 };
	struct cert_row r = { 0 };
	enum lc_cert_field bad = LC_CERT_F_PORT;
	struct err e = { 0 };
	char msg[256];
	int n0 = events(st, id, NULL, 0);

	ok(n0 >= 0, "the events can be read (%d)", n0);
	m.method = DOM_METHOD_HTTP01;
	m.webroot = (char *)web;
	p.name = "c";
	p.renew_at = -1;
	p.method = &m;
	p.cs.deploy_dir = deploy;
	p.cs.reload_cmd = "true";
	p.cs.profile = "shortlived";
	is_int(lc_cert_set(st, &p, &bad, &e), RC_OK, "saved: %s", err_text(&e));
	is_int(bad, LC_CERT_F_NONE, "no field refused");
	is_int(events(st, id, msg, sizeof(msg)), n0 + 1, "exactly one event");
	is_str(msg, "settings changed by the operator", "which says so");
	is_int(store_cert_get_by_name(st, "c", &r, &e), RC_OK, "row read");
	is_str(r.deploy_dir, deploy, "deploy directory stored");
	is_str(r.reload_cmd, "true", "reload command stored");
	is_str(r.profile, "shortlived", "profile stored");
	is_int((int)r.n_domains, 2, "two names");
	if (r.n_domains == 2) {
		is_str(r.domains[0].webroot, web, "first name's webroot");
		is_str(r.domains[1].webroot, web, "second name's webroot");
	}
	cert_row_clear(&r);
}

/* Each refusal names its field, and nothing is written. */
static void refused(struct store *st, int64_t id,
		    const struct lc_cert_set_params *p, enum lc_cert_field want,
		    const char *what)
{
	enum lc_cert_field bad = LC_CERT_F_NONE;
	struct cert_row r = { 0 };
	struct err e = { 0 };
	int n0 = events(st, id, NULL, 0);

	ok(lc_cert_set(st, p, &bad, &e) != RC_OK, "%s: refused (%s)", what,
	   err_text(&e));
	is_int(bad, want, "%s: the field is named", what);
	is_int(events(st, id, NULL, 0), n0, "%s: no event", what);
	if (store_cert_get_by_name(st, "c", &r, &e) == RC_OK)
		is_str(r.profile, "shortlived", "%s: profile as it was", what);
	cert_row_clear(&r);
}

static void test_refusals(struct store *st, int64_t id, const char *web)
{
	struct lc_cert_set_params p = { 0 };
	struct domain_row m = { 0 };
	struct cert_row r = { 0 };
	struct err e = { 0 };

	p.name = "c";
	p.renew_at = -1;
	p.cs.profile = "other";
	m.method = DOM_METHOD_HTTP01;
	m.webroot = (char *)"relative/www";
	p.method = &m;
	refused(st, id, &p, LC_CERT_F_WEBROOT, "relative webroot");
	if (store_cert_get_by_name(st, "c", &r, &e) == RC_OK && r.n_domains > 0)
		is_str(r.domains[0].webroot, web, "webroot as it was");
	cert_row_clear(&r);
	m.webroot = NULL;
	m.http_port = 70000;
	refused(st, id, &p, LC_CERT_F_PORT, "port 70000");
	p.method = NULL;
	p.cs.reload_cmd = "no-such-command-here --x";
	refused(st, id, &p, LC_CERT_F_RELOAD, "reload command not found");
	p.cs.reload_cmd = NULL;
	p.cs.probe_endpoints = "host:0";
	refused(st, id, &p, LC_CERT_F_PROBE, "probe port 0");
	p.cs.probe_endpoints = NULL;
	p.cs.key_type = "dsa1024";
	refused(st, id, &p, LC_CERT_F_KEY_TYPE, "unknown key type");
	p.cs.key_type = NULL;
	p.cs.deploy_dir = "";
	p.cs.deploy_owner = "root";
	refused(st, id, &p, LC_CERT_F_DEPLOY, "owner without a place");
	p.cs.deploy_dir = NULL;
	p.cs.deploy_owner = NULL;
	p.name = "missing";
	refused(st, id, &p, LC_CERT_F_CERT, "unknown certificate");
}

/* --renew-at: renewal time stored, its own event. */
static void test_renew_at(struct store *st, int64_t id)
{
	struct lc_cert_set_params p = { 0 };
	struct cert_row r = { 0 };
	struct err e = { 0 };
	char msg[256];
	int n0 = events(st, id, NULL, 0);

	p.name = "c";
	p.renew_at = 1900000000;
	is_int(lc_cert_set(st, &p, NULL, &e), RC_OK, "renewal time: %s",
	       err_text(&e));
	is_int(events(st, id, msg, sizeof(msg)), n0 + 1, "one event");
	is_str(msg, "renewal time set by the operator", "which says so");
	if (store_cert_get_by_name(st, "c", &r, &e) == RC_OK)
		ok(r.renew_at == 1900000000, "renewal time stored");
	cert_row_clear(&r);
}

static void count_one(void *arg, const char *name)
{
	(void)name;
	(*(int *)arg)++;
}

/* How many certificates the inventory holds (-1 on error). */
static int certs(struct store *st)
{
	struct err e = { 0 };
	int n = 0;

	if (store_names(st, STORE_NAMES_CERTS, 100000, count_one, &n, &e) !=
	    RC_OK)
		return -1;
	return n;
}

/* lc_cert_add: the entry with one event; refusals name their field and
 * write nothing. */
static void test_add(struct store *st, int64_t acct)
{
	struct domain_row d[2] = { { 0 }, { 0 } };
	struct cert_row r = { 0 };
	enum lc_cert_field bad;
	struct err e = { 0 };
	char msg[512];
	int64_t id = 0;
	int before;

	d[0].name = "shop.example.com";
	d[0].method = DOM_METHOD_HTTP01;
	d[1].name = "www.shop.example.com";
	d[1].method = DOM_METHOD_HTTP01;
	r.name = "shop";
	r.account_id = acct;
	r.key_type = "ec256";
	r.domains = d;
	r.n_domains = 2;
	before = certs(st);
	is_int(lc_cert_add(st, &r, &id, &bad, &e), RC_OK, "add: %s",
	       err_text(&e));
	ok(id > 0 && certs(st) == before + 1, "add: the row is there");
	is_int(events(st, id, msg, sizeof(msg)), 1, "add: one event");
	ok(strstr(msg, "added by the operator: 2 name(s), account a") != NULL,
	   "add: the event says what was added (%s)", msg);

	before = certs(st);
	e = (struct err){ 0 };
	is_int(lc_cert_add(st, &r, NULL, &bad, &e), RC_EXISTS, "add twice");
	is_int(bad, LC_CERT_F_NAME, "add twice: the name is named");
	r.name = "shop2";
	d[1].name = "shop.example.com";
	e = (struct err){ 0 };
	lc_cert_add(st, &r, NULL, &bad, &e);
	is_int(bad, LC_CERT_F_DOMAINS, "a name twice: domains (%s)",
	       err_text(&e));
	d[1].name = "WWW.shop.example.com";
	e = (struct err){ 0 };
	lc_cert_add(st, &r, NULL, &bad, &e);
	is_int(bad, LC_CERT_F_DOMAINS, "an unnormalized name (%s)",
	       err_text(&e));
	d[1].name = "*.shop.example.com";
	e = (struct err){ 0 };
	lc_cert_add(st, &r, NULL, &bad, &e);
	is_int(bad, LC_CERT_F_METHOD, "a wildcard over http-01 (%s)",
	       err_text(&e));
	d[1].name = "www.shop.example.com";
	r.key_type = "dsa";
	e = (struct err){ 0 };
	lc_cert_add(st, &r, NULL, &bad, &e);
	is_int(bad, LC_CERT_F_KEY_TYPE, "an unknown key type");
	r.key_type = "ec256";
	r.reload_cmd = "nginx -s reload; ";
	r.account_id = acct + 1000;
	e = (struct err){ 0 };
	lc_cert_add(st, &r, NULL, &bad, &e);
	is_int(bad, LC_CERT_F_ACCOUNT, "an unknown account (%s)", err_text(&e));
	r.account_id = acct;
	r.reload_cmd = "\"unclosed";
	e = (struct err){ 0 };
	lc_cert_add(st, &r, NULL, &bad, &e);
	is_int(bad, LC_CERT_F_RELOAD, "a command that cannot run (%s)",
	       err_text(&e));
	is_int(certs(st), before, "nothing refused was written");
}

/* lc_cert_delete: the row goes, its event stays with the name. */
static void test_delete(struct store *st)
{
	struct event_row *ev = NULL;
	struct err e = { 0 };
	size_t n = 0, i;
	int before = certs(st), found = 0;

	is_int(lc_cert_delete(st, "shop", &e), RC_OK, "delete: %s",
	       err_text(&e));
	is_int(certs(st), before - 1, "delete: the row is gone");
	if (store_event_list(st, 100, 0, &ev, &n, &e) == RC_OK)
		for (i = 0; i < n; i++)
			found += ev[i].subject != NULL &&
				 strcmp(ev[i].subject, "shop") == 0 &&
				 strstr(ev[i].message, "deleted from the "
						       "inventory") != NULL;
	event_rows_free(ev, n);
	is_int(found, 1, "delete: one event names the deleted certificate");
	e = (struct err){ 0 };
	is_int(lc_cert_delete(st, "shop", &e), RC_NOTFOUND,
	       "delete again: not found");
}

int main(void)
{
	char *dir = tdir_make(), *db = tpath(dir, "t.db");
	char *web = tpath(dir, "www"), *deploy = tpath(dir, "deploy");
	struct store *st = NULL;
	struct err e = { 0 };
	int64_t acct, id;

	setenv("LANGUAGE", "C", 1);
	mkdir(web, 0700);
	mkdir(deploy, 0700);
	if (store_open(db, &st, &e) != RC_OK) {
		ok(0, "store_open: %s", err_text(&e));
		return tap_done();
	}
	acct = fx_account(st, "a");
	id = fx_cert(st, "c", acct, 2);
	ok(acct > 0 && id > 0, "an account and a certificate");
	test_writes_one_event(st, id, web, deploy);
	test_refusals(st, id, web);
	test_renew_at(st, id);
	test_add(st, acct);
	test_delete(st);
	store_close(st);
	tdir_remove(dir);
	free(web);
	free(deploy);
	free(db);
	free(dir);
	return tap_done();
}
