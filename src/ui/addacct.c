/* SPDX-License-Identifier: ISC */
/* addacct.c - the "Add account" form: a CA preset or a directory URL,
 * the EAB key id and HMAC key (masked), a contact and the key type;
 * Enter reads the CA's terms of service and, once the operator agrees
 * (terms.h), registers with the CA through the job runner
 * (JOB_REGISTER). */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "parse/presets.h"
#include "ui/app.h"
#include "ui/draw.h"
#include "ui/form.h"
#include "ui/terms.h"
#include "ui/theme.h"
#include "util/b64url.h"
#include "util/i18n.h"
#include "util/url.h"

enum { F_NAME, F_CA, F_URL, F_KID, F_HMAC, F_CONTACT, F_KEY, F_TOS, F__COUNT };

/* Choices beyond the presets. */
#define PRESETS_MAX 32

static const char *const key_types[] = { "ec256", "ec384", "rsa2048", "rsa3072",
					 "rsa4096" };

struct addacct {
	struct screen base;
	struct field fields[F__COUNT];
	struct form form;
	const char *ca_choices[PRESETS_MAX + 1];
	char ca_text[PRESETS_MAX][160];
	size_t npresets;
	uint64_t job;
	struct terms_box terms;
};

/* Shows the URL field only for "other", and says whether EAB is
 * required by the chosen CA. */
static void addacct_update(struct addacct *f)
{
	size_t c = f->fields[F_CA].choice;
	const struct ca_preset *p = c < f->npresets ? preset_at(c) : NULL;

	f->fields[F_URL].hidden = p != NULL;
	if (p != NULL)
		field_msg(&f->fields[F_CA], 0, "%s", p->directory_url);
	else
		field_msg(&f->fields[F_CA], 0, "%s",
			  _("enter the directory URL below"));
	field_msg(&f->fields[F_KID], 0, "%s",
		  p != NULL && p->eab_required
			  ? _("required by this CA (from its e-mail or web "
			      "console)")
			  : _("only if the CA asks for External Account "
			      "Binding"));
	terms_follow(&f->terms, &f->fields[F_TOS],
		     p != NULL ? p->name : field_text(&f->fields[F_URL]));
}

static void addacct_draw(struct app *a, struct screen *s)
{
	struct addacct *f = (struct addacct *)s;
	int y;

	app_title(a, _("Add an ACME account"));
	if (f->form.changed) {
		f->form.changed = 0;
		addacct_update(f);
	}
	y = form_draw(a, &f->form, 2, 1, COLS - 2, LINES - 2);
	if ((f->job != 0 || f->terms.job != 0) && y < LINES - 2)
		ui_put(y + 1, 2, COLS - 4, theme_attr(ROLE_DUE) | A_BOLD, 0,
		       f->job != 0 ? _("Registering with the CA...")
				   : _("Reading the CA's terms of service..."));
}

static enum input_rc addacct_input(struct app *a, struct screen *s, int key)
{
	struct addacct *f = (struct addacct *)s;

	(void)a;
	if ((f->job != 0 || f->terms.job != 0) && key != UI_ESC)
		return INPUT_USED;
	return form_input(&f->form, key);
}

/* Validates the form; on the first problem shows it and returns 0. */
static int addacct_check(struct app *a, struct addacct *f)
{
	const char *url = field_text(&f->fields[F_URL]);
	const char *kid = field_text(&f->fields[F_KID]);
	const char *hmac = field_text(&f->fields[F_HMAC]);
	size_t i, c = f->fields[F_CA].choice;
	const struct ca_preset *p = c < f->npresets ? preset_at(c) : NULL;
	int ok = 1;

	form_clear_bad(&f->form);
	addacct_update(f);
	if (field_text(&f->fields[F_NAME])[0] == '\0') {
		field_msg(&f->fields[F_NAME], 1, "%s", _("required"));
		ok = 0;
	}
	if (p == NULL && !url_is_https(url)) {
		field_msg(&f->fields[F_URL], 1, "%s",
			  _("an https:// directory URL is required"));
		ok = 0;
	}
	if ((kid[0] != '\0') != (hmac[0] != '\0')) {
		field_msg(&f->fields[kid[0] ? F_HMAC : F_KID], 1, "%s",
			  _("EAB needs both the key id and the HMAC key"));
		ok = 0;
	} else if (kid[0] == '\0' && p != NULL && p->eab_required) {
		field_msg(&f->fields[F_KID], 1, "%s",
			  _("this CA requires EAB: key id and HMAC key"));
		ok = 0;
	}
	if (hmac[0] != '\0') {
		for (i = 0; hmac[i] != '\0'; i++)
			if (!((hmac[i] >= 'A' && hmac[i] <= 'Z') ||
			      (hmac[i] >= 'a' && hmac[i] <= 'z') ||
			      (hmac[i] >= '0' && hmac[i] <= '9') ||
			      hmac[i] == '-' || hmac[i] == '_' ||
			      hmac[i] == '='))
				break;
		if (hmac[i] != '\0' || i < 22) {
			field_msg(&f->fields[F_HMAC], 1, "%s",
				  _("not a base64url key of at least 16 "
				    "bytes"));
			ok = 0;
		}
	}
	return !form_refuse(a, &f->form) && ok;
}

static void addacct_submit(struct app *a, struct addacct *f)
{
	struct job_request req = { 0 };
	size_t c = f->fields[F_CA].choice;
	const struct ca_preset *p = c < f->npresets ? preset_at(c) : NULL;
	const char *contact = field_text(&f->fields[F_CONTACT]);
	const char *kid = field_text(&f->fields[F_KID]);
	char abs[PATH_MAX];

	if (!addacct_check(a, f))
		return;
	req.kind = JOB_REGISTER;
	req.name = field_text(&f->fields[F_NAME]);
	req.reason = -1;
	req.account.name = req.name;
	req.account.preset = p ? p->name : NULL;
	req.account.directory_url = p ? NULL : field_text(&f->fields[F_URL]);
	req.account.email = contact[0] ? contact : NULL;
	req.account.eab_kid = kid[0] ? kid : NULL;
	req.account.eab_hmac = kid[0] ? field_text(&f->fields[F_HMAC]) : NULL;
	req.account.key_type = key_types[f->fields[F_KEY].choice];
	if (a->opt->ca_file != NULL)
		req.account.ca_file = realpath(a->opt->ca_file, abs)
					      ? abs
					      : a->opt->ca_file;
	if (!terms_ready(a, &f->terms, &f->form, F_TOS, &req.account))
		return;
	if (app_submit(a, &req, &f->job) != RC_OK)
		f->job = 0;
}

static int addacct_action(struct app *a, struct screen *s, enum action act)
{
	struct addacct *f = (struct addacct *)s;

	if (act == ACT_SUBMIT) {
		if (f->job == 0 && f->terms.job == 0)
			addacct_submit(a, f);
		return 1;
	}
	return form_action(&f->form, act);
}

static void addacct_note(struct app *a, struct screen *s,
			 const struct job_note *n)
{
	struct addacct *f = (struct addacct *)s;
	char why[sizeof(n->message)];
	int go = 0;

	why[0] = '\0';
	if (terms_note(&f->terms, &f->form, F_TOS, n, &go, why, sizeof(why))) {
		if (why[0] != '\0') {
			field_msg(&f->fields[F_NAME], 1, _("the CA said: %s"),
				  why);
			form_focus(&f->form, F_NAME);
		} else if (go) {
			addacct_submit(a, f);
		}
		return;
	}
	if (!n->done || n->job_id != f->job)
		return;
	f->job = 0;
	if (n->rc != RC_OK) {
		field_msg(&f->fields[F_NAME], 1, _("the CA said: %s"),
			  n->message[0] ? n->message : rc_str(n->rc));
		form_focus(&f->form, F_NAME);
		return;
	}
	snprintf(a->added_account, sizeof(a->added_account), "%s", n->subject);
	if (app_top(a) == s)
		app_pop(a);
	app_status(a, UI_OK, _("account %s registered"), n->subject);
}

static void addacct_free(struct screen *s)
{
	struct addacct *f = (struct addacct *)s;

	if (f == NULL)
		return;
	form_clear(&f->form);
	free(f);
}

static const struct screen_ops addacct_ops = {
	.title = N_("Add account"),
	.keys = keys_form,
	.draw = addacct_draw,
	.input = addacct_input,
	.action = addacct_action,
	.note = addacct_note,
	.free = addacct_free,
};

struct screen *addacct_new(struct app *a)
{
	struct addacct *f = calloc(1, sizeof(*f));
	size_t i, n;

	(void)a;
	if (f == NULL)
		return NULL;
	f->base.ops = &addacct_ops;
	/* A message left by another form is not about this one. */
	app_status(a, UI_INFO, "%s", "");
	n = preset_count();
	for (i = 0; i < n && i < PRESETS_MAX; i++) {
		const struct ca_preset *p = preset_at(i);

		snprintf(f->ca_text[i], sizeof(f->ca_text[i]), "%s (%s)",
			 _(p->display), p->name);
		f->ca_choices[i] = f->ca_text[i];
	}
	f->npresets = i;
	f->ca_choices[i] = _("other: give the directory URL");
	f->fields[F_NAME] = (struct field){ .kind = FIELD_TEXT,
					    .label = N_("Name:"),
					    .max = 128 };
	f->fields[F_CA] = (struct field){ .kind = FIELD_CHOICE,
					  .label = N_("CA:"),
					  .choices = f->ca_choices,
					  .nchoices = f->npresets + 1 };
	f->fields[F_URL] = (struct field){ .kind = FIELD_TEXT,
					   .label = N_("Directory URL:"),
					   .max = 2048 };
	f->fields[F_KID] = (struct field){ .kind = FIELD_TEXT,
					   .label = N_("EAB key id:"),
					   .max = 256 };
	f->fields[F_HMAC] = (struct field){ .kind = FIELD_SECRET,
					    .label = N_("EAB HMAC key:"),
					    .max = 1024 };
	f->fields[F_CONTACT] = (struct field){ .kind = FIELD_TEXT,
					       .label = N_("Contact e-mail:"),
					       .max = 254 };
	f->fields[F_KEY] = (struct field){ .kind = FIELD_CHOICE,
					   .label = N_("Account key:"),
					   .choices = key_types,
					   .nchoices = 5 };
	terms_field_init(&f->fields[F_TOS]);
	form_init(&f->form, f->fields, F__COUNT, 16);
	addacct_update(f);
	return &f->base;
}
