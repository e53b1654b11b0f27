/* SPDX-License-Identifier: ISC */
/* addcert.c - the "Add certificate" form: name, account, the domains one
 * per line (typing example.com offers www.example.com and the other way
 * round), how to answer the challenges (http-01 by a webroot or a
 * standalone listener, tls-alpn-01 standalone, dns-01 through a hook
 * command; RFC 2136 settings are made with `acmetui domain set`), the key
 * type, and whether to order at once.
 * The entry is stored with lc_cert_add(); the order runs on the
 * job runner. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/store_accounts.h"
#include "db/store_certs.h"
#include "lifecycle/certset.h"
#include "parse/domain.h"
#include "ui/app.h"
#include "ui/draw.h"
#include "ui/form.h"
#include "ui/theme.h"
#include "util/shellcmd.h"
#include "util/i18n.h"

enum {
	F_NAME,
	F_ACCOUNT,
	F_DOMAINS,
	F_METHOD,
	F_WEBROOT,
	F_HOOK,
	F_ADDR,
	F_PORT,
	F_KEY,
	F_ISSUE,
	F__COUNT
};

enum {
	METHOD_STANDALONE,
	METHOD_WEBROOT,
	METHOD_TLSALPN,
	METHOD_DNSHOOK,
	METHOD__COUNT
};

static const char *const key_types[] = { "ec256", "ec384", "rsa2048", "rsa3072",
					 "rsa4096" };

struct addcert {
	struct screen base;
	struct field fields[F__COUNT];
	struct form form;
	char **acct_names; /* choices of F_ACCOUNT (escaped copies) */
	int64_t *acct_ids;
	size_t nacct;
	const char *method_choices[METHOD__COUNT];
	const char *issue_choices[2];
	char names[CERT_MAX_DOMAINS][DOMAIN_BUFSZ]; /* normalized */
	enum domain_kind kinds[CERT_MAX_DOMAINS];
	size_t ndomains;
	int domains_ok;
	char twin[DOMAIN_BUFSZ]; /* suggested www. twin, "" none */
};

/* Is name among the first n normalized names? */
static int have_name(struct addcert *f, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(f->names[i], name) == 0)
			return 1;
	return 0;
}

/* Validates the domain lines into names[], sets the message under the
 * field and the www. twin suggestion. */
static void addcert_domains(struct addcert *f)
{
	struct field *fl = &f->fields[F_DOMAINS];
	const char *p = field_text(fl);
	char line[DOMAIN_BUFSZ + 64];
	struct err e = { 0 };
	size_t lineno = 0, i;

	f->ndomains = 0;
	f->domains_ok = 0;
	f->twin[0] = '\0';
	fl->msg[0] = '\0';
	while (*p != '\0') {
		size_t n = strcspn(p, "\n");
		size_t s = 0, t = n;

		lineno++;
		while (s < n && (p[s] == ' ' || p[s] == '\t'))
			s++;
		while (t > s && (p[t - 1] == ' ' || p[t - 1] == '\t'))
			t--;
		if (t > s) {
			if (t - s >= sizeof(line) ||
			    f->ndomains >= CERT_MAX_DOMAINS) {
				field_msg(fl, 1,
					  _("line %zu: too long or too "
					    "many names"),
					  lineno);
				return;
			}
			memcpy(line, p + s, t - s);
			line[t - s] = '\0';
			err_clear(&e);
			if (domain_normalize(
				    line, f->names[f->ndomains], DOMAIN_BUFSZ,
				    &f->kinds[f->ndomains], &e) != RC_OK) {
				field_msg(fl, 1, _("line %zu: %s"), lineno,
					  err_text(&e));
				return;
			}
			if (domain_is_wildcard(f->names[f->ndomains])) {
				field_msg(fl, 1,
					  _("line %zu: wildcards need "
					    "dns-01, not available "
					    "here"),
					  lineno);
				return;
			}
			if (have_name(f, f->ndomains, f->names[f->ndomains])) {
				field_msg(fl, 1, _("line %zu: %s given twice"),
					  lineno, f->names[f->ndomains]);
				return;
			}
			f->ndomains++;
		}
		p += n;
		if (*p == '\n')
			p++;
	}
	f->domains_ok = f->ndomains > 0;
	for (i = 0; i < f->ndomains; i++) {
		char twin[DOMAIN_BUFSZ];

		if (f->kinds[i] == DOMAIN_DNS &&
		    domain_www_twin(f->names[i], twin, sizeof(twin)) &&
		    !have_name(f, f->ndomains, twin)) {
			snprintf(f->twin, sizeof(f->twin), "%s", twin);
			break;
		}
	}
	if (f->twin[0] != '\0')
		field_msg(fl, 0, _("also %s?  press ^T to add it"), f->twin);
	else if (f->ndomains > 0)
		field_msg(fl, 0, _("%zu name(s), one per line"), f->ndomains);
	else
		field_msg(fl, 0, "%s",
			  _("one name per line, e.g. "
			    "example.com"));
}

/* Re-derives what depends on other fields after an edit. */
static void addcert_update(struct addcert *f)
{
	int m = (int)f->fields[F_METHOD].choice;
	int web = m == METHOD_WEBROOT, hook = m == METHOD_DNSHOOK;

	addcert_domains(f);
	f->fields[F_WEBROOT].hidden = !web;
	f->fields[F_HOOK].hidden = !hook;
	f->fields[F_ADDR].hidden = web || hook;
	f->fields[F_PORT].hidden = web || hook;
	if (!f->fields[F_NAME].touched)
		field_set(&f->fields[F_NAME],
			  f->ndomains > 0 ? f->names[0] : NULL);
	if (f->nacct == 0)
		field_msg(&f->fields[F_ACCOUNT], 1, "%s",
			  _("no account yet: Esc, then i to import one"));
}

static void addcert_draw(struct app *a, struct screen *s)
{
	struct addcert *f = (struct addcert *)s;
	int rows = LINES - 20;

	app_title(a, _("Add a certificate"));
	if (f->form.changed) {
		f->form.changed = 0;
		addcert_update(f);
	}
	f->fields[F_DOMAINS].rows = rows < 2 ? 2 : rows > 10 ? 10 : rows;
	form_draw(a, &f->form, 1, 1, COLS - 2, LINES - 2);
}

static enum input_rc addcert_input(struct app *a, struct screen *s, int key)
{
	struct addcert *f = (struct addcert *)s;

	(void)a;
	return form_input(&f->form, key);
}

/* Adds the suggested twin: the domains become the valid names, one per
 * line, followed by the twin. */
static void addcert_twin(struct addcert *f)
{
	struct field *fl = &f->fields[F_DOMAINS];
	char *all = NULL;
	size_t cap = (f->ndomains + 1) * (DOMAIN_BUFSZ + 1) + 1, o = 0, i;

	if (f->twin[0] == '\0')
		return;
	all = calloc(1, cap);
	if (all == NULL)
		return;
	for (i = 0; i < f->ndomains; i++)
		o += (size_t)snprintf(all + o, cap - o, "%s\n", f->names[i]);
	snprintf(all + o, cap - o, "%s\n", f->twin);
	if (field_set(fl, all) == 0) {
		fl->touched = 1;
		f->form.changed = 1;
	}
	free(all);
}

/* The hints under the fields that have one (an error replaces them
 * until the next check). */
static void addcert_hints(struct addcert *f)
{
	if (!f->fields[F_ADDR].msg_bad)
		field_msg(&f->fields[F_ADDR], 0, "%s",
			  _("empty: all addresses"));
	if (!f->fields[F_PORT].msg_bad)
		field_msg(&f->fields[F_PORT], 0, "%s",
			  _("80 for http-01, 443 for tls-alpn-01"));
	if (!f->fields[F_HOOK].msg_bad)
		field_msg(&f->fields[F_HOOK], 0, "%s",
			  _("run by sh as CMD add|del RECORD VALUE DOMAIN"));
}

/* Checks the whole form from scratch (what was wrong at the last check
 * may be fixed now); marks every problem, focuses and names the first
 * on the message line, and returns 0 when there is one. */
static int addcert_check(struct app *a, struct addcert *f, char *webroot,
			 int *port)
{
	const char *ps = field_text(&f->fields[F_PORT]);
	size_t i;
	char *end;
	long v;

	form_clear_bad(&f->form);
	addcert_hints(f);
	addcert_update(f);
	if (field_text(&f->fields[F_NAME])[0] == '\0')
		field_msg(&f->fields[F_NAME], 1, "%s", _("required"));
	if (!f->domains_ok && f->fields[F_DOMAINS].msg_bad == 0)
		field_msg(&f->fields[F_DOMAINS], 1, "%s",
			  _("at least one domain"));
	for (i = 0; i < f->ndomains; i++)
		if (domain_is_wildcard(f->names[i]) &&
		    f->fields[F_METHOD].choice != METHOD_DNSHOOK)
			field_msg(&f->fields[F_METHOD], 1, "%s",
				  _("wildcard names need dns-01"));
	if (f->fields[F_METHOD].choice == METHOD_WEBROOT) {
		const char *w = field_text(&f->fields[F_WEBROOT]);

		if (w[0] == '\0' || realpath(w, webroot) == NULL)
			field_msg(&f->fields[F_WEBROOT], 1, _("%s: %s"),
				  w[0] ? w : _("webroot"),
				  w[0] ? strerror(errno) : _("required"));
	} else if (f->fields[F_METHOD].choice == METHOD_DNSHOOK) {
		struct err he = { 0 };

		/* The hint again: a problem found last time may be fixed. */
		field_msg(&f->fields[F_HOOK], 0, "%s",
			  _("run by sh as CMD add|del RECORD VALUE DOMAIN"));
		if (field_text(&f->fields[F_HOOK])[0] == '\0')
			field_msg(&f->fields[F_HOOK], 1, "%s",
				  _("the command that adds/removes the TXT "
				    "record"));
		/* As `cert add --dns-hook`: refused now, not at 3 a.m. */
		else if (shellcmd_check(field_text(&f->fields[F_HOOK]), &he) !=
			 RC_OK)
			field_msg(&f->fields[F_HOOK], 1, "%s", err_text(&he));
	} else {
		errno = 0;
		v = strtol(ps, &end, 10);
		if (ps[0] == '\0' || *end != '\0' || errno != 0 || v < 1 ||
		    v > 65535)
			field_msg(&f->fields[F_PORT], 1, "%s",
				  _("a port number 1-65535"));
		else
			*port = (int)v;
	}
	if (form_refuse(a, &f->form))
		return 0;
	return f->nacct > 0;
}

static void addcert_submit(struct app *a, struct addcert *f)
{
	struct domain_row doms[CERT_MAX_DOMAINS];
	struct cert_row row = { 0 };
	char webroot[PATH_MAX], name[256];
	const char *addr = field_text(&f->fields[F_ADDR]);
	int method = (int)f->fields[F_METHOD].choice, port = 0;
	int web = method == METHOD_WEBROOT;
	const char *hook = field_text(&f->fields[F_HOOK]);
	enum lc_cert_field bad = LC_CERT_F_NONE;
	struct err e = { 0 };
	size_t i;

	if (!addcert_check(a, f, webroot, &port))
		return;
	memset(doms, 0, sizeof(doms));
	for (i = 0; i < f->ndomains; i++) {
		doms[i].name = f->names[i];
		doms[i].ident_type = f->kinds[i] == DOMAIN_IP ? DOM_IDENT_IP
							      : DOM_IDENT_DNS;
		doms[i].method = method == METHOD_TLSALPN ? DOM_METHOD_TLSALPN01
				 : method == METHOD_DNSHOOK ? DOM_METHOD_DNS01
							    : DOM_METHOD_HTTP01;
		doms[i].webroot = web ? webroot : NULL;
		doms[i].http_bind = (method == METHOD_STANDALONE ||
				     method == METHOD_TLSALPN) &&
						    addr[0]
					    ? (char *)addr
					    : NULL;
		doms[i].http_port = method == METHOD_STANDALONE ? port : 0;
		doms[i].tls_port = method == METHOD_TLSALPN ? port : 0;
		doms[i].dns_hook = method == METHOD_DNSHOOK ? (char *)hook
							    : NULL;
	}
	snprintf(name, sizeof(name), "%s", field_text(&f->fields[F_NAME]));
	row.name = name;
	row.account_id = f->acct_ids[f->fields[F_ACCOUNT].choice];
	row.key_type = (char *)key_types[f->fields[F_KEY].choice];
	row.domains = doms;
	row.n_domains = f->ndomains;
	if (lc_cert_add(a->st, &row, NULL, &bad, &e) != RC_OK) {
		int fld = bad == LC_CERT_F_NAME	      ? F_NAME
			  : bad == LC_CERT_F_ACCOUNT  ? F_ACCOUNT
			  : bad == LC_CERT_F_KEY_TYPE ? F_KEY
						      : F_DOMAINS;

		field_msg(&f->fields[fld], 1, "%s", err_text(&e));
		form_focus(&f->form, fld);
		return;
	}
	snprintf(a->added_cert, sizeof(a->added_cert), "%s", name);
	if (f->fields[F_ISSUE].choice == 0) {
		app_pop(a);
		cert_act_issue(a, name, 0);
	} else {
		app_pop(a);
		app_status(a, UI_OK, _("%s added; press v to order it"), name);
	}
	app_changed(a);
}

static int addcert_action(struct app *a, struct screen *s, enum action act)
{
	struct addcert *f = (struct addcert *)s;

	if (act == ACT_SUBMIT) {
		addcert_submit(a, f);
		return 1;
	}
	if (act == ACT_TWIN) {
		addcert_twin(f);
		return 1;
	}
	return form_action(&f->form, act);
}

static void addcert_free(struct screen *s)
{
	struct addcert *f = (struct addcert *)s;
	size_t i;

	if (f == NULL)
		return;
	form_clear(&f->form);
	for (i = 0; i < f->nacct; i++)
		free(f->acct_names[i]);
	free(f->acct_names);
	free(f->acct_ids);
	free(f);
}

static const struct screen_ops addcert_ops = {
	.title = N_("Add certificate"),
	.keys = keys_form,
	.draw = addcert_draw,
	.input = addcert_input,
	.action = addcert_action,
	.free = addcert_free,
};

/* Copies the account names and ids for the account choice. */
static int addcert_accounts(struct app *a, struct addcert *f)
{
	struct acct_row *rows = NULL;
	struct err e = { 0 };
	size_t n = 0, i;
	int rc = -1;

	if (store_account_list(a->st, &rows, &n, &e) != RC_OK)
		return -1;
	f->acct_names = calloc(n ? n : 1, sizeof(*f->acct_names));
	f->acct_ids = calloc(n ? n : 1, sizeof(*f->acct_ids));
	if (f->acct_names == NULL || f->acct_ids == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		f->acct_names[i] = strdup(rows[i].name);
		if (f->acct_names[i] == NULL)
			goto out;
		f->acct_ids[i] = rows[i].id;
		f->nacct = i + 1;
	}
	rc = 0;
out:
	acct_rows_free(rows, n);
	return rc;
}

struct screen *addcert_new(struct app *a)
{
	struct addcert *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return NULL;
	f->base.ops = &addcert_ops;
	/* A message left by another form is not about this one. */
	app_status(a, UI_INFO, "%s", "");
	if (addcert_accounts(a, f) != 0) {
		addcert_free(&f->base);
		return NULL;
	}
	f->method_choices[METHOD_STANDALONE] = _(
		"http-01 standalone (acmetui answers on a port)");
	f->method_choices[METHOD_WEBROOT] = _(
		"http-01 webroot (your web server serves the files)");
	f->method_choices[METHOD_TLSALPN] = _(
		"tls-alpn-01 standalone (acmetui answers TLS on a port)");
	f->method_choices[METHOD_DNSHOOK] = _(
		"dns-01 hook (your command sets the TXT record)");
	f->issue_choices[0] = _("yes, order it now");
	f->issue_choices[1] = _("no, only save it");
	f->fields[F_NAME] = (struct field){ .kind = FIELD_TEXT,
					    .label = N_("Name:"),
					    .max = 128 };
	f->fields[F_ACCOUNT] = (struct field){
		.kind = FIELD_CHOICE,
		.label = N_("Account:"),
		.choices = (const char *const *)f->acct_names,
		.nchoices = f->nacct
	};
	f->fields[F_DOMAINS] = (struct field){ .kind = FIELD_AREA,
					       .label = N_("Domains:"),
					       .max = 64 * 1024,
					       .rows = 4 };
	f->fields[F_METHOD] = (struct field){ .kind = FIELD_CHOICE,
					      .label = N_("Validation:"),
					      .choices = f->method_choices,
					      .nchoices = METHOD__COUNT };
	f->fields[F_WEBROOT] = (struct field){ .kind = FIELD_TEXT,
					       .label = N_("Webroot dir:"),
					       .max = PATH_MAX };
	f->fields[F_HOOK] = (struct field){ .kind = FIELD_TEXT,
					    .label = N_("DNS hook:"),
					    .max = 1024 };
	f->fields[F_ADDR] = (struct field){ .kind = FIELD_TEXT,
					    .label = N_("Listen address:"),
					    .max = 64 };
	f->fields[F_PORT] = (struct field){ .kind = FIELD_TEXT,
					    .label = N_("Listen port:"),
					    .max = 5 };
	f->fields[F_KEY] = (struct field){ .kind = FIELD_CHOICE,
					   .label = N_("Key type:"),
					   .choices = key_types,
					   .nchoices = 5 };
	f->fields[F_ISSUE] = (struct field){ .kind = FIELD_CHOICE,
					     .label = N_("Order now:"),
					     .choices = f->issue_choices,
					     .nchoices = 2 };
	field_set(&f->fields[F_PORT], "80");
	addcert_hints(f);
	form_init(&f->form, f->fields, F__COUNT, 16);
	addcert_update(f);
	form_focus(&f->form, f->nacct > 0 ? F_DOMAINS : F_ACCOUNT);
	return &f->base;
}
