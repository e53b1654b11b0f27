/* SPDX-License-Identifier: ISC */
/* editcert.c - the "Edit certificate" form, `e` on the certificate
 * detail: how the names are validated (the method and its webroot,
 * listen address and port, or DNS hook), the deploy directory, reload
 * command and deploy hook, the probe endpoints, key type, profile and
 * when to renew.  Prefilled from the stored row; saving hands only what
 * the operator changed to lc_cert_set() (the call behind `cert set`),
 * which checks everything and writes it in one transaction: it only
 * touches the inventory, so it runs here, not on the job runner. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crypto/key.h"
#include "db/store_certs.h"
#include "lifecycle/certset.h"
#include "ui/app.h"
#include "ui/draw.h"
#include "ui/form.h"
#include "util/i18n.h"
#include "util/safe.h"

enum {
	F_METHOD,
	F_WEBROOT,
	F_HOOK,
	F_ADDR,
	F_PORT,
	F_DEPLOY_DIR,
	F_RELOAD,
	F_DEPLOY_HOOK,
	F_PROBES,
	F_KEY,
	F_PROFILE,
	F_RENEW_AT,
	F__COUNT
};

/* The methods the form can set; KEEP stands for what it cannot show
 * (RFC 2136, or names validated differently): left as stored. */
enum {
	METHOD_WEBROOT,
	METHOD_STANDALONE,
	METHOD_TLSALPN,
	METHOD_DNSHOOK,
	METHOD_KEEP,
	METHOD__COUNT
};

struct editcert {
	struct screen base;
	struct field fields[F__COUNT];
	struct form form;
	struct cert_row row; /* as stored when the form opened */
	size_t method0;	     /* F_METHOD as prefilled */
	size_t key0;	     /* F_KEY as prefilled */
	const char *method_choices[METHOD__COUNT];
	const char *key_choices[KEY__INVALID];
};

/* 1 when a and b hold the same method and settings. */
static int same_method(const struct domain_row *a, const struct domain_row *b)
{
	const char *sa[] = { a->webroot, a->http_bind, a->dns_hook,
			     a->rfc2136_server };
	const char *sb[] = { b->webroot, b->http_bind, b->dns_hook,
			     b->rfc2136_server };
	size_t i;

	if (a->method != b->method || a->http_port != b->http_port ||
	    a->tls_port != b->tls_port)
		return 0;
	for (i = 0; i < sizeof(sa) / sizeof(sa[0]); i++)
		if ((sa[i] == NULL) != (sb[i] == NULL) ||
		    (sa[i] != NULL && strcmp(sa[i], sb[i]) != 0))
			return 0;
	return 1;
}

/* The choice that shows how every name is validated now. */
static size_t stored_method(const struct cert_row *r)
{
	const struct domain_row *d = r->n_domains ? &r->domains[0] : NULL;
	size_t i;

	if (d == NULL || d->rfc2136_server != NULL)
		return METHOD_KEEP;
	for (i = 1; i < r->n_domains; i++)
		if (!same_method(d, &r->domains[i]))
			return METHOD_KEEP;
	switch (d->method) {
	case DOM_METHOD_HTTP01:
		return d->webroot ? METHOD_WEBROOT : METHOD_STANDALONE;
	case DOM_METHOD_TLSALPN01:
		return METHOD_TLSALPN;
	case DOM_METHOD_DNS01:
		return d->dns_hook ? METHOD_DNSHOOK : METHOD_KEEP;
	default:
		return METHOD_KEEP;
	}
}

/* Shows the fields of the chosen method only. */
static void editcert_update(struct editcert *f)
{
	size_t m = f->fields[F_METHOD].choice;
	int listen = m == METHOD_STANDALONE || m == METHOD_TLSALPN;

	f->fields[F_WEBROOT].hidden = m != METHOD_WEBROOT;
	f->fields[F_HOOK].hidden = m != METHOD_DNSHOOK;
	f->fields[F_ADDR].hidden = !listen;
	f->fields[F_PORT].hidden = !listen;
}

static void editcert_draw(struct app *a, struct screen *s)
{
	struct editcert *f = (struct editcert *)s;
	char esc[256], title[300];

	/* The name is from the inventory: escaped before the glass. */
	safe_line(esc, sizeof(esc), f->row.name, strlen(f->row.name));
	snprintf(title, sizeof(title), _("Edit certificate %s"), esc);
	app_title(a, title);
	if (f->form.changed) {
		f->form.changed = 0;
		editcert_update(f);
	}
	form_draw(a, &f->form, 1, 1, COLS - 2, LINES - 2);
}

static enum input_rc editcert_input(struct app *a, struct screen *s, int key)
{
	struct editcert *f = (struct editcert *)s;
	enum input_rc rc = form_input(&f->form, key);

	(void)a;
	/* At once, not at the next draw: a Tab typed right after the
	 * method changed must reach the method's own fields. */
	if (f->form.changed)
		editcert_update(f);
	return rc;
}

/* The field's text when it differs from the stored value (NULL is ""),
 * "" when it was cleared, NULL when it is unchanged. */
static const char *changed(const struct field *fl, const char *stored)
{
	const char *v = field_text(fl);

	return strcmp(v, stored ? stored : "") != 0 ? v : NULL;
}

/* Parses the renewal field: "" keeps (-1), "now", or YYYY-MM-DD (UTC).
 * Returns -2 when it is neither. */
static int64_t parse_renew_at(const char *s)
{
	struct tm tm;
	const char *end;

	if (s[0] == '\0')
		return -1;
	if (strcmp(s, "now") == 0)
		return (int64_t)time(NULL);
	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y-%m-%d", &tm);
	if (end == NULL || *end != '\0')
		return -2;
	return (int64_t)timegm(&tm);
}

/* Parses the listen port into *port; marks the field when it is not
 * 1-65535. */
static void check_port(struct field *fl, int *port)
{
	const char *s = field_text(fl);
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (s[0] == '\0' || *end != '\0' || errno != 0 || v < 1 || v > 65535)
		field_msg(fl, 1, "%s", _("a port number 1-65535"));
	else
		*port = (int)v;
}

/* The method fields as the settings every name gets, in *m (strings
 * borrowed from the form and webroot); marks what is wrong.  Returns
 * 1 when the method is to change, 0 when it stays as stored. */
static int build_method(struct editcert *f, char *webroot, struct domain_row *m)
{
	size_t c = f->fields[F_METHOD].choice;
	const char *w = field_text(&f->fields[F_WEBROOT]);
	const char *addr = field_text(&f->fields[F_ADDR]);
	int port = 0;

	/* Untouched, it stays as stored (a webroot removed since is not a
	 * reason to refuse saving a reload command). */
	if (c == METHOD_KEEP ||
	    (c == f->method0 && !f->fields[F_WEBROOT].touched &&
	     !f->fields[F_HOOK].touched && !f->fields[F_ADDR].touched &&
	     !f->fields[F_PORT].touched))
		return 0;
	memset(m, 0, sizeof(*m));
	m->method = c == METHOD_TLSALPN	  ? DOM_METHOD_TLSALPN01
		    : c == METHOD_DNSHOOK ? DOM_METHOD_DNS01
					  : DOM_METHOD_HTTP01;
	if (c == METHOD_WEBROOT) {
		/* Relative is refused by lc_cert_set, naming the field; an
		 * absolute one must exist, as for `cert set --webroot`. */
		if (w[0] == '/' && realpath(w, webroot) == NULL)
			field_msg(&f->fields[F_WEBROOT], 1, _("%s: %s"), w,
				  strerror(errno));
		else if (w[0] == '\0')
			field_msg(&f->fields[F_WEBROOT], 1, "%s",
				  _("required"));
		else if (w[0] != '/')
			snprintf(webroot, PATH_MAX, "%s", w);
		m->webroot = webroot;
	} else if (c == METHOD_DNSHOOK) {
		m->dns_hook = (char *)field_text(&f->fields[F_HOOK]);
		if (m->dns_hook[0] == '\0')
			field_msg(&f->fields[F_HOOK], 1, "%s",
				  _("the command that adds/removes the TXT "
				    "record"));
	} else {
		check_port(&f->fields[F_PORT], &port);
		m->http_bind = addr[0] ? (char *)addr : NULL;
		if (c == METHOD_STANDALONE)
			m->http_port = port;
		else
			m->tls_port = port;
	}
	return 1;
}

/* The form field lc_cert_set's refusal is about. */
static size_t field_of(enum lc_cert_field bad)
{
	switch (bad) {
	case LC_CERT_F_KEY_TYPE:
		return F_KEY;
	case LC_CERT_F_WEBROOT:
		return F_WEBROOT;
	case LC_CERT_F_PORT:
		return F_PORT;
	case LC_CERT_F_DNS_HOOK:
		return F_HOOK;
	case LC_CERT_F_DEPLOY:
		return F_DEPLOY_DIR;
	case LC_CERT_F_RELOAD:
		return F_RELOAD;
	case LC_CERT_F_DEPLOY_HOOK:
		return F_DEPLOY_HOOK;
	case LC_CERT_F_PROBE:
		return F_PROBES;
	case LC_CERT_F_RENEW_AT:
		return F_RENEW_AT;
	default:
		return F_METHOD;
	}
}

/* The settings as the form says them, changes only. */
static void build_settings(struct editcert *f, struct cert_settings *cs)
{
	const struct cert_row *r = &f->row;
	const char *key = f->key_choices[f->fields[F_KEY].choice];

	memset(cs, 0, sizeof(*cs));
	cs->deploy_dir = changed(&f->fields[F_DEPLOY_DIR], r->deploy_dir);
	cs->reload_cmd = changed(&f->fields[F_RELOAD], r->reload_cmd);
	cs->deploy_hook = changed(&f->fields[F_DEPLOY_HOOK], r->deploy_hook);
	cs->probe_endpoints = changed(&f->fields[F_PROBES], r->probe_endpoints);
	cs->profile = changed(&f->fields[F_PROFILE], r->profile);
	/* Compared with the choice shown, not the stored text: a watched
	 * certificate has no key type, and any change is refused there. */
	cs->key_type = f->fields[F_KEY].choice != f->key0 ? key : NULL;
}

/* Checks and saves; on success back to the detail, which re-reads the
 * row (what it shows is what is stored). */
static void editcert_submit(struct app *a, struct editcert *f)
{
	struct lc_cert_set_params p;
	struct domain_row m;
	char webroot[PATH_MAX] = "";
	enum lc_cert_field bad = LC_CERT_F_NONE;
	struct err e = { 0 };
	int method;

	form_clear_bad(&f->form);
	memset(&p, 0, sizeof(p));
	p.name = f->row.name;
	build_settings(f, &p.cs);
	p.renew_at = parse_renew_at(field_text(&f->fields[F_RENEW_AT]));
	if (p.renew_at == -2)
		field_msg(&f->fields[F_RENEW_AT], 1, "%s",
			  _("\"now\" or a date YYYY-MM-DD"));
	method = build_method(f, webroot, &m);
	if (form_refuse(a, &f->form))
		return;
	p.method = method ? &m : NULL;
	if (lc_cert_set(a->st, &p, &bad, &e) != RC_OK) {
		field_msg(&f->fields[field_of(bad)], 1, "%s", err_text(&e));
		form_refuse(a, &f->form);
		return;
	}
	app_status(a, UI_OK, _("%s: settings saved"), f->row.name);
	app_pop(a);
	app_changed(a);
}

static int editcert_action(struct app *a, struct screen *s, enum action act)
{
	struct editcert *f = (struct editcert *)s;

	if (act == ACT_SUBMIT) {
		editcert_submit(a, f);
		return 1;
	}
	return form_action(&f->form, act);
}

static void editcert_free(struct screen *s)
{
	struct editcert *f = (struct editcert *)s;

	if (f == NULL)
		return;
	form_clear(&f->form);
	cert_row_clear(&f->row);
	free(f);
}

static const struct screen_ops editcert_ops = {
	.title = N_("Edit certificate"),
	.keys = keys_form,
	.draw = editcert_draw,
	.input = editcert_input,
	.action = editcert_action,
	.free = editcert_free,
};

/* A text field of at most max bytes, prefilled with v. */
static void text_field(struct field *fl, const char *label, size_t max,
		       const char *v)
{
	*fl = (struct field){ .kind = FIELD_TEXT, .label = label, .max = max };
	field_set(fl, v);
}

/* The method fields, prefilled from the first name (all share it when
 * the choice is not KEEP). */
static void method_fields(struct editcert *f)
{
	const struct domain_row *d = f->row.n_domains ? &f->row.domains[0]
						      : NULL;
	char port[16] = "";

	f->method_choices[METHOD_WEBROOT] = _("http-01 webroot");
	f->method_choices[METHOD_STANDALONE] = _("http-01 standalone");
	f->method_choices[METHOD_TLSALPN] = _("tls-alpn-01 standalone");
	f->method_choices[METHOD_DNSHOOK] = _("dns-01 hook");
	f->method_choices[METHOD_KEEP] = _("as stored (set per name with "
					   "`acmetui domain set`)");
	f->method0 = stored_method(&f->row);
	f->fields[F_METHOD] = (struct field){ .kind = FIELD_CHOICE,
					      .label = N_("Validation:"),
					      .choices = f->method_choices,
					      .nchoices = METHOD__COUNT,
					      .choice = f->method0 };
	if (d != NULL && (d->http_port > 0 || d->tls_port > 0))
		snprintf(port, sizeof(port), "%d",
			 d->tls_port > 0 ? d->tls_port : d->http_port);
	text_field(&f->fields[F_WEBROOT], N_("Webroot dir:"), PATH_MAX,
		   d ? d->webroot : NULL);
	text_field(&f->fields[F_HOOK], N_("DNS hook:"), 1024,
		   d ? d->dns_hook : NULL);
	text_field(&f->fields[F_ADDR], N_("Listen address:"), 64,
		   d ? d->http_bind : NULL);
	text_field(&f->fields[F_PORT], N_("Listen port:"), 5,
		   port[0]			  ? port
		   : f->method0 == METHOD_TLSALPN ? "443"
						  : "80");
}

/* The other fields, prefilled from the row. */
static void setting_fields(struct editcert *f)
{
	const struct cert_row *r = &f->row;
	enum key_type k = r->key_type ? key_type_parse(r->key_type)
				      : KEY__INVALID;
	size_t i;

	for (i = 0; i < KEY__INVALID; i++)
		f->key_choices[i] = key_type_name((enum key_type)i);
	f->key0 = k == KEY__INVALID ? KEY_EC256 : (size_t)k;
	f->fields[F_KEY] = (struct field){ .kind = FIELD_CHOICE,
					   .label = N_("Key type:"),
					   .choices = f->key_choices,
					   .nchoices = KEY__INVALID,
					   .choice = f->key0 };
	text_field(&f->fields[F_DEPLOY_DIR], N_("Deploy dir:"), PATH_MAX,
		   r->deploy_dir);
	text_field(&f->fields[F_RELOAD], N_("Reload command:"), 1024,
		   r->reload_cmd);
	text_field(&f->fields[F_DEPLOY_HOOK], N_("Deploy hook:"), 1024,
		   r->deploy_hook);
	text_field(&f->fields[F_PROBES], N_("Probe endpoints:"), 1024,
		   r->probe_endpoints);
	text_field(&f->fields[F_PROFILE], N_("Profile:"), 64, r->profile);
	text_field(&f->fields[F_RENEW_AT], N_("Renew at:"), 32, NULL);
	field_msg(&f->fields[F_RENEW_AT], 0, "%s",
		  _("empty: as planned; \"now\" or YYYY-MM-DD"));
}

struct screen *editcert_new(struct app *a, const char *cert_name)
{
	struct editcert *f = calloc(1, sizeof(*f));
	struct err e = { 0 };

	if (f == NULL)
		return NULL;
	f->base.ops = &editcert_ops;
	app_status(a, UI_INFO, "%s", "");
	if (store_cert_get_by_name(a->st, cert_name, &f->row, &e) != RC_OK) {
		app_status(a, UI_ERROR, "%s", err_text(&e));
		editcert_free(&f->base);
		return NULL;
	}
	method_fields(f);
	setting_fields(f);
	form_init(&f->form, f->fields, F__COUNT, 17);
	editcert_update(f);
	form_focus(&f->form, F_METHOD);
	return &f->base;
}
