/* SPDX-License-Identifier: ISC */
/* account.c - one ACME account: where it is registered, its EAB key id
 * (the HMAC key only as asterisks), what the CA offers, and the key
 * rollover and deactivation actions behind a confirmation. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "crypto/key.h"
#include "db/store_accounts.h"
#include "lifecycle/lc.h"
#include "ui/app.h"
#include "ui/confirm.h"
#include "ui/draw.h"
#include "ui/theme.h"
#include "util/i18n.h"
#include "util/json.h"
#include "util/safe.h"

struct account {
	struct screen base;
	char *name;
	struct acct_row row;
	int loaded;
	size_t hmac_len;     /* the HMAC key itself is not kept */
	char caps[256];	     /* what the stored directory offers */
	char terms_now[256]; /* the terms it names when they are not
				 * the ones agreed to, "" otherwise */
	char load_error[256];
};

/* Summarizes the CA's capabilities from the stored directory. */
static void account_caps(struct account *v)
{
	struct json_object *dir = NULL, *meta;
	struct err e = { 0 };
	size_t o = 0;

	v->caps[0] = '\0';
	if (v->row.directory_json == NULL)
		return;
	dir = js_parse_object(v->row.directory_json,
			      strlen(v->row.directory_json), "directory", &e);
	if (dir == NULL)
		return;
	meta = js_obj(dir, "meta");
#define CAP(cond, word) \
	do { \
		if ((cond) && o < sizeof(v->caps)) \
			o += (size_t)snprintf(v->caps + o, \
					      sizeof(v->caps) - o, "%s%s", \
					      o ? ", " : "", (word)); \
	} while (0)
	CAP(meta != NULL && js_bool(meta, "externalAccountRequired", 0),
	    _("EAB required"));
	CAP(js_str(dir, "renewalInfo", 2048) != NULL, _("ARI"));
	CAP(js_str(dir, "keyChange", 2048) != NULL, _("keyChange"));
	CAP(meta != NULL && js_obj(meta, "profiles") != NULL, _("profiles"));
	CAP(js_str(dir, "revokeCert", 2048) != NULL, _("revokeCert"));
#undef CAP
	json_object_put(dir);
}

static void account_reload(struct app *a, struct screen *s)
{
	struct account *v = (struct account *)s;
	struct acct_row row = { 0 };
	struct err e = { 0 };

	if (store_account_get_by_name(a->st, v->name, &row, &e) != RC_OK) {
		snprintf(v->load_error, sizeof(v->load_error), "%s",
			 err_text(&e));
		return;
	}
	acct_row_clear(&v->row);
	v->row = row;
	/* The screen never needs the secrets: keep only their length. */
	v->hmac_len = row.eab_hmac ? strlen(row.eab_hmac) : 0;
	secret_free(v->row.eab_hmac);
	v->row.eab_hmac = NULL;
	secret_free(v->row.key_pem);
	v->row.key_pem = NULL;
	v->loaded = 1;
	v->load_error[0] = '\0';
	account_caps(v);
	if (!lc_terms_changed(&v->row, v->terms_now, sizeof(v->terms_now)))
		v->terms_now[0] = '\0';
	a->dirty = 1;
}

/* One "label  value" line; value from the inventory (escaped). */
static int kv(int y, const char *label, const char *value, enum role r)
{
	if (y >= LINES - 2)
		return y;
	ui_put(y, 2, 18, theme_attr(ROLE_HEADING), 1, label);
	ui_put_untrusted(y, 21, COLS - 23, theme_attr(r), 0,
			 value ? value : "-");
	return y + 1;
}

/* The terms agreed to and when; below them, in red, when the CA names
 * other terms now.  Returns the next row. */
static int terms_lines(int y, const struct account *v)
{
	const struct acct_row *r = &v->row;
	char line[UI_LINE_MAX], when[64];

	if (r->tos_url == NULL)
		snprintf(line, sizeof(line), "%s", _("(none agreed to)"));
	else if (r->tos_agreed_at == 0)
		snprintf(line, sizeof(line), _("%s (consent not recorded)"),
			 r->tos_url);
	else
		snprintf(line, sizeof(line), _("%s (agreed %s)"), r->tos_url,
			 ui_date(r->tos_agreed_at, when, sizeof(when)));
	y = kv(y, _("Terms of service"), line, ROLE_NORMAL);
	if (v->terms_now[0] == '\0' || y >= LINES - 2)
		return y;
	snprintf(line, sizeof(line),
		 _("the CA's terms of service are now %s: read them and "
		   "agree with 'acmetui account set %s --agree-tos'"),
		 v->terms_now, r->name);
	return y + ui_put_wrapped(y, 21, COLS - 23, LINES - 2,
				  theme_attr(ROLE_BAD), 0, line);
}

static void account_draw(struct app *a, struct screen *s)
{
	struct account *v = (struct account *)s;
	const struct acct_row *r = &v->row;
	char title[300], buf[64], stars[40];
	int y = 2;
	size_t i;

	snprintf(title, sizeof(title), _("Account %s"), v->name);
	{
		char esc[300];

		safe_line(esc, sizeof(esc), title, strlen(title));
		app_title(a, esc);
	}
	if (v->load_error[0] != '\0')
		ui_put_untrusted(1, 1, COLS - 2, theme_attr(ROLE_BAD), 0,
				 v->load_error);
	if (!v->loaded)
		return;
	y = kv(y, _("CA preset"), r->ca_preset ? r->ca_preset : _("(custom)"),
	       ROLE_NORMAL);
	y = kv(y, _("Directory URL"), r->directory_url, ROLE_NORMAL);
	y = kv(y, _("Environment"), acct_env_name(r->environment),
	       r->environment == ACCT_ENV_STAGING ? ROLE_DUE : ROLE_NORMAL);
	y = kv(y, _("Status"), acct_status_name(r->status),
	       r->status == ACCT_STATUS_VALID ? ROLE_OK : ROLE_DUE);
	y = kv(y, _("Account URL"), r->account_url, ROLE_NORMAL);
	y = kv(y, _("CA account id"), r->ca_account_id, ROLE_NORMAL);
	y = kv(y, _("Contact"), r->contact, ROLE_NORMAL);
	y = kv(y, _("EAB key id"), r->eab_kid, ROLE_NORMAL);
	for (i = 0; i < v->hmac_len && i < 24; i++)
		stars[i] = '*';
	stars[i] = '\0';
	if (v->hmac_len > 0) {
		char masked[96];

		snprintf(masked, sizeof(masked), _("%s (%zu chars, hidden)"),
			 stars, v->hmac_len);
		y = kv(y, _("EAB HMAC key"), masked, ROLE_DIM);
	} else {
		y = kv(y, _("EAB HMAC key"), _("(none)"), ROLE_DIM);
	}
	y = kv(y, _("Account key"), r->key_type, ROLE_NORMAL);
	y = kv(y, _("Trusted CA file"), r->ca_file, ROLE_NORMAL);
	y = kv(y, _("CA offers"), v->caps[0] ? v->caps : _("(not probed)"),
	       ROLE_NORMAL);
	y = terms_lines(y, v);
	snprintf(buf, sizeof(buf), "%lld", (long long)r->cert_count);
	y = kv(y, _("Certificates"), buf, ROLE_NORMAL);
	kv(y, _("Created"), ui_date(r->created_at, buf, sizeof(buf)),
	   ROLE_NORMAL);
}

/* After the rollover dialog. */
static void rollover_confirmed(struct app *a, const char *name, int reason)
{
	struct job_request req = { 0 };

	(void)reason;
	req.kind = JOB_ROLLOVER;
	req.name = name;
	req.reason = -1;
	app_submit(a, &req, NULL);
}

/* After the deactivation dialog. */
static void deactivate_confirmed(struct app *a, const char *name, int reason)
{
	struct job_request req = { 0 };

	(void)reason;
	req.kind = JOB_DEACTIVATE;
	req.name = name;
	req.reason = -1;
	app_submit(a, &req, NULL);
}

static int account_action(struct app *a, struct screen *s, enum action act)
{
	struct account *v = (struct account *)s;
	struct confirm_spec spec = { 0 };
	char title[300], esc[200];

	if (act != ACT_ROLLOVER && act != ACT_DEACTIVATE)
		return 0;
	safe_line(esc, sizeof(esc), v->name, strlen(v->name));
	spec.subject = v->name;
	spec.title = title;
	if (act == ACT_ROLLOVER) {
		snprintf(title, sizeof(title), _("Key rollover for %s"), esc);
		spec.lines[0] = _("A new account key is generated and the CA "
				  "is asked to switch to it");
		spec.lines[1] = _("(RFC 8555 key change). The old key stops "
				  "working.");
		spec.done = rollover_confirmed;
	} else {
		snprintf(title, sizeof(title), _("Deactivate %s"), esc);
		spec.lines[0] = _("The CA will deactivate this account for "
				  "good: it can no longer order,");
		spec.lines[1] = _("renew or revoke. This cannot be undone.");
		spec.typed = 1;
		spec.done = deactivate_confirmed;
	}
	app_push(a, confirm_new(a, &spec));
	return 1;
}

static void account_free(struct screen *s)
{
	struct account *v = (struct account *)s;

	if (v == NULL)
		return;
	acct_row_clear(&v->row);
	free(v->name);
	free(v);
}

static const struct screen_ops account_ops = {
	.title = N_("Account detail"),
	.keys = keys_account,
	.draw = account_draw,
	.action = account_action,
	.reload = account_reload,
	.free = account_free,
};

struct screen *account_new(struct app *a, const char *acct_name)
{
	struct account *v = calloc(1, sizeof(*v));

	if (v == NULL)
		return NULL;
	v->base.ops = &account_ops;
	v->name = strdup(acct_name);
	if (v->name == NULL) {
		free(v);
		return NULL;
	}
	account_reload(a, &v->base);
	return &v->base;
}
