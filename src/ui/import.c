/* SPDX-License-Identifier: ISC */
/* import.c - the "Import credentials package" form: the operator pastes
 * the e-mail (or JSON) the CA sent; it is parsed live with
 * credpkg_parse() and what was found is shown, the HMAC key masked,
 * before anything is saved; Enter reads the CA's terms of service and,
 * once the operator agrees (terms.h), registers the account with the CA
 * through the job runner (JOB_REGISTER).
 *
 * The pasted text holds the HMAC key: it is masked in the paste area as
 * well, and every copy is wiped when the form closes. */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "parse/credpkg.h"
#include "parse/presets.h"
#include "ui/app.h"
#include "ui/draw.h"
#include "ui/form.h"
#include "ui/terms.h"
#include "ui/theme.h"
#include "util/i18n.h"

enum { F_PASTE, F_NAME, F_CONTACT, F_TOS, F__COUNT };

/* Shortest run of base64url characters that may be a key, when masking
 * text the parser has not recognised yet (16 bytes = 22 characters). */
#define KEYLIKE_MIN 22

struct import {
	struct screen base;
	struct field fields[F__COUNT];
	struct form form;
	struct credpkg pkg; /* last successful parse (holds a secret) */
	int parsed;
	char parse_error[ERR_MSG_MAX];
	uint64_t job; /* the registration running, 0 none */
	struct terms_box terms;
};

static int is_b64url(int c)
{
	return isalnum(c) || c == '-' || c == '_';
}

/* field_mask_fn: hides the HMAC key, and anything that looks like a key
 * (a long base64url run with upper case, lower case and digits), in one
 * displayed line of the paste area. */
static void import_mask(void *ud, char *line)
{
	struct import *im = ud;
	const char *hmac = im->parsed ? im->pkg.eab_hmac : NULL;
	size_t hl = hmac ? strlen(hmac) : 0, i = 0, j;
	char *p;

	if (hl > 0)
		for (p = strstr(line, hmac); p != NULL; p = strstr(p, hmac)) {
			memset(p, '*', hl);
			p += hl;
		}
	while (line[i] != '\0') {
		int up = 0, lo = 0, dg = 0;

		if (!is_b64url((unsigned char)line[i])) {
			i++;
			continue;
		}
		for (j = i; is_b64url((unsigned char)line[j]); j++) {
			up |= isupper((unsigned char)line[j]) != 0;
			lo |= islower((unsigned char)line[j]) != 0;
			dg |= isdigit((unsigned char)line[j]) != 0;
		}
		if (j - i >= KEYLIKE_MIN && up && lo && dg)
			memset(line + i, '*', j - i);
		i = j;
	}
}

/* A name for the account from the server: the preset's, else the host
 * with dots as dashes. */
static void default_name(const char *url, char *out, size_t sz)
{
	const struct ca_preset *p = preset_by_url(url);
	size_t i;

	if (p != NULL) {
		snprintf(out, sz, "%s", p->name);
		return;
	}
	ui_url_host(url, out, sz);
	for (i = 0; out[i] != '\0'; i++)
		if (!isalnum((unsigned char)out[i]))
			out[i] = '-';
}

/* Parses the paste area again after a change. */
static void import_parse(struct import *im)
{
	struct field *paste = &im->fields[F_PASTE];
	struct err e = { 0 };
	char name[128];

	credpkg_clear(&im->pkg);
	im->parsed = 0;
	im->parse_error[0] = '\0';
	paste->msg[0] = '\0';
	if (paste->len == 0)
		return;
	if (credpkg_parse(field_text(paste), paste->len, &im->pkg, &e) !=
	    RC_OK) {
		snprintf(im->parse_error, sizeof(im->parse_error), "%s",
			 err_text(&e));
		field_msg(paste, 1, "%s", im->parse_error);
		return;
	}
	im->parsed = 1;
	if (im->pkg.server_url == NULL)
		field_msg(paste, 1, "%s",
			  _("no ACME server URL found: add the \"ACME Server "
			    "URL:\" line"));
	else if (im->pkg.eab_kid == NULL)
		field_msg(paste, 0, "%s",
			  _("no EAB key found (fine for CAs that need none)"));
	else
		field_msg(paste, 0, "%s",
			  _("package recognised; check below, then Tab to "
			    "Name and Enter"));
	if (!im->fields[F_NAME].touched && im->pkg.server_url != NULL) {
		default_name(im->pkg.server_url, name, sizeof(name));
		field_set(&im->fields[F_NAME], name);
	}
	if (!im->fields[F_CONTACT].touched && im->pkg.email != NULL)
		field_set(&im->fields[F_CONTACT], im->pkg.email);
	if (im->pkg.server_url != NULL) {
		const struct ca_preset *p = preset_by_url(im->pkg.server_url);

		terms_follow(&im->terms, &im->fields[F_TOS],
			     p ? p->name : im->pkg.server_url);
	}
}

/* The label column of what was found: as wide as its widest label in
 * this language, so that no label is cut. */
static int found_label_w(void)
{
	const char *labels[] = { _("account id"), _("server"), _("EAB key id"),
				 _("HMAC key"), _("e-mail") };
	size_t i;
	int w = 8;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (ui_width(labels[i]) > w)
			w = ui_width(labels[i]);
	return w;
}

/* One "label  value" entry of what was found, the value wrapped; a
 * missing value is shown as "(missing)" in role missing.  Returns the
 * next row. */
static int found_line(int y, int maxy, int x, int w, const char *label,
		      const char *value, enum role missing)
{
	int lw = found_label_w();

	if (y >= maxy)
		return y;
	ui_put(y, x + 2, lw, A_NORMAL, 1, label);
	return y + ui_put_wrapped(y, x + 3 + lw, w - 3 - lw, maxy,
				  theme_attr(value ? ROLE_NORMAL : missing), 0,
				  value ? value : _("(missing)"));
}

/* What was found, one line each. */
static void import_found(struct import *im, int y, int maxy)
{
	const struct ca_preset *p;
	char line[UI_LINE_MAX], stars[64];
	size_t hl, i;
	int x = 2, w = COLS - 4;

	if (y >= maxy)
		return;
	ui_put(y++, x, w, theme_attr(ROLE_HEADING), 0, _("Found:"));
	if (!im->parsed) {
		if (y < maxy)
			ui_put(y, x + 2, w - 2, theme_attr(ROLE_DIM), 0,
			       im->fields[F_PASTE].len
				       ? _("nothing usable yet")
				       : _("(paste the e-mail above)"));
		return;
	}
	y = found_line(y, maxy, x, w, _("account id"), im->pkg.account_id,
		       ROLE_DIM);
	p = im->pkg.server_url ? preset_by_url(im->pkg.server_url) : NULL;
	if (p != NULL) {
		snprintf(line, sizeof(line), "%s   (%s, %s)",
			 im->pkg.server_url, _(p->display),
			 preset_env_name(p->env));
		y = found_line(y, maxy, x, w, _("server"), line, ROLE_BAD);
	} else {
		y = found_line(y, maxy, x, w, _("server"), im->pkg.server_url,
			       ROLE_BAD);
	}
	y = found_line(y, maxy, x, w, _("EAB key id"), im->pkg.eab_kid,
		       ROLE_DIM);
	hl = im->pkg.eab_hmac ? strlen(im->pkg.eab_hmac) : 0;
	if (hl > 0) {
		for (i = 0; i < hl && i < (COLS < 80 ? 8u : 24u); i++)
			stars[i] = '*';
		stars[i] = '\0';
		snprintf(line, sizeof(line), _("%s (%zu chars, base64url ok)"),
			 stars, hl);
		y = found_line(y, maxy, x, w, _("HMAC key"), line, ROLE_DIM);
	} else {
		y = found_line(y, maxy, x, w, _("HMAC key"), NULL, ROLE_DIM);
	}
	/* The contact typed below counts: "(missing)" after one was
	 * given would be a lie. */
	found_line(y, maxy, x, w, _("e-mail"),
		   field_text(&im->fields[F_CONTACT])[0]
			   ? field_text(&im->fields[F_CONTACT])
			   : im->pkg.email,
		   ROLE_DIM);
}

static void import_draw(struct app *a, struct screen *s)
{
	struct import *im = (struct import *)s;
	int y, maxy = LINES - 2, rows, top;

	app_title(a, _("Import credentials package"));
	/* Wrapped: on a narrow window the end says where to go next. */
	top = 1 + ui_put_wrapped(1, 1, COLS - 2, maxy, A_NORMAL, 0,
				 _("Paste the e-mail (or the JSON) from your "
				   "CA below, then Tab to the name."));
	if (im->form.changed) {
		im->form.changed = 0;
		import_parse(im);
	}
	rows = LINES - 18 - top;
	im->fields[F_PASTE].rows = rows < 2 ? 2 : rows > 14 ? 14 : rows;
	y = form_draw(a, &im->form, top, 1, COLS - 2, maxy);
	if ((im->job != 0 || im->terms.job != 0) && y < maxy)
		ui_put(y++, 2, COLS - 4, theme_attr(ROLE_DUE) | A_BOLD, 0,
		       im->job != 0 ? _("Registering with the CA...")
				    : _("Reading the CA's terms of "
					"service..."));
	import_found(im, y, maxy);
}

static enum input_rc import_input(struct app *a, struct screen *s, int key)
{
	struct import *im = (struct import *)s;

	(void)a;
	if ((im->job != 0 || im->terms.job != 0) && key != UI_ESC)
		return INPUT_USED; /* registering: the form is frozen */
	return form_input(&im->form, key);
}

/* Checks the form and submits the registration. */
static void import_submit(struct app *a, struct import *im)
{
	struct job_request req = { 0 };
	const char *name = field_text(&im->fields[F_NAME]);
	const char *contact = field_text(&im->fields[F_CONTACT]);
	const struct ca_preset *p;
	char abs[PATH_MAX];

	import_parse(im);
	im->fields[F_NAME].msg[0] = '\0';
	if (!im->parsed || im->pkg.server_url == NULL) {
		form_focus(&im->form, F_PASTE);
		if (!im->parsed && im->fields[F_PASTE].len == 0)
			field_msg(&im->fields[F_PASTE], 1, "%s",
				  _("paste the credentials e-mail first"));
		return;
	}
	if (name[0] == '\0') {
		field_msg(&im->fields[F_NAME], 1, "%s",
			  _("give the account a name"));
		form_focus(&im->form, F_NAME);
		return;
	}
	p = preset_by_url(im->pkg.server_url);
	req.kind = JOB_REGISTER;
	req.name = name;
	req.reason = -1;
	req.account.name = name;
	req.account.preset = p ? p->name : NULL;
	req.account.directory_url = im->pkg.server_url;
	req.account.email = contact[0] ? contact : NULL;
	req.account.eab_kid = im->pkg.eab_kid;
	req.account.eab_hmac = im->pkg.eab_hmac;
	req.account.ca_account_id = im->pkg.account_id;
	if (a->opt->ca_file != NULL)
		req.account.ca_file = realpath(a->opt->ca_file, abs)
					      ? abs
					      : a->opt->ca_file;
	if (!terms_ready(a, &im->terms, &im->form, F_TOS, &req.account))
		return;
	if (app_submit(a, &req, &im->job) != RC_OK)
		im->job = 0;
}

static int import_action(struct app *a, struct screen *s, enum action act)
{
	struct import *im = (struct import *)s;

	if (act == ACT_SUBMIT) {
		if (im->job == 0 && im->terms.job == 0)
			import_submit(a, im);
		return 1;
	}
	if (act == ACT_BACK && im->job != 0) {
		app_status(a, UI_WARN, "%s",
			   _("the registration goes on; see the accounts "
			     "screen"));
		return 0;
	}
	return form_action(&im->form, act);
}

/* The end of our registration: close on success, show why otherwise. */
static void import_note(struct app *a, struct screen *s,
			const struct job_note *n)
{
	struct import *im = (struct import *)s;
	char name[128], why[sizeof(n->message)];
	int go = 0;

	why[0] = '\0';
	if (terms_note(&im->terms, &im->form, F_TOS, n, &go, why,
		       sizeof(why))) {
		if (why[0] != '\0')
			field_msg(&im->fields[F_PASTE], 1, _("the CA said: %s"),
				  why);
		else if (go)
			import_submit(a, im);
		return;
	}
	if (!n->done || n->job_id != im->job)
		return;
	im->job = 0;
	if (n->rc != RC_OK) {
		field_msg(&im->fields[F_PASTE], 1, _("the CA said: %s"),
			  n->message[0] ? n->message : rc_str(n->rc));
		return;
	}
	snprintf(name, sizeof(name), "%s", n->subject);
	snprintf(a->added_account, sizeof(a->added_account), "%s", n->subject);
	if (app_top(a) == s) {
		app_pop(a);
		app_push(a, accounts_new(a));
	}
	app_status(a, UI_OK,
		   _("account %s registered; press n on the dashboard to add "
		     "a certificate"),
		   name);
}

static void import_free(struct screen *s)
{
	struct import *im = (struct import *)s;

	if (im == NULL)
		return;
	form_clear(&im->form);
	credpkg_clear(&im->pkg);
	OPENSSL_cleanse(im, sizeof(*im));
	free(im);
}

static const struct screen_ops import_ops = {
	.title = N_("Import credentials package"),
	.keys = keys_form,
	.draw = import_draw,
	.input = import_input,
	.action = import_action,
	.note = import_note,
	.free = import_free,
};

struct screen *import_new(struct app *a)
{
	struct import *im = calloc(1, sizeof(*im));

	(void)a;
	if (im == NULL)
		return NULL;
	im->base.ops = &import_ops;
	/* A message left by another form is not about this one. */
	app_status(a, UI_INFO, "%s", "");
	im->fields[F_PASTE].kind = FIELD_AREA;
	im->fields[F_PASTE].label = N_("Credentials e-mail:");
	im->fields[F_PASTE].max = CREDPKG_INPUT_MAX;
	im->fields[F_PASTE].rows = 6;
	im->fields[F_NAME].kind = FIELD_TEXT;
	im->fields[F_NAME].label = N_("Account name:");
	im->fields[F_NAME].max = 128;
	im->fields[F_CONTACT].kind = FIELD_TEXT;
	im->fields[F_CONTACT].label = N_("Contact e-mail:");
	im->fields[F_CONTACT].max = CREDPKG_EMAIL_MAX;
	terms_field_init(&im->fields[F_TOS]);
	form_init(&im->form, im->fields, F__COUNT, 16);
	im->form.mask = import_mask;
	im->form.mask_ud = im;
	return &im->base;
}
