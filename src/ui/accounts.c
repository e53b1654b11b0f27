/* SPDX-License-Identifier: ISC */
/* accounts.c - the ACME accounts: one line each with the CA, status,
 * EAB key id and how many certificates use it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/store_accounts.h"
#include "ui/app.h"
#include "ui/draw.h"
#include "ui/list.h"
#include "ui/theme.h"
#include "util/i18n.h"

struct accounts {
	struct screen base;
	struct acct_row *rows;
	size_t n;
	struct ui_list list;
	char load_error[256];
};

/* Puts the cursor on the account a form just added, if any. */
static void accounts_select_added(struct app *a, struct accounts *l)
{
	size_t i;

	if (a->added_account[0] == '\0')
		return;
	for (i = 0; i < l->n; i++)
		if (strcmp(l->rows[i].name, a->added_account) == 0)
			l->list.cur = i;
	a->added_account[0] = '\0';
}

static void accounts_reload(struct app *a, struct screen *s)
{
	struct accounts *l = (struct accounts *)s;
	struct acct_row *rows = NULL;
	size_t n = 0;
	struct err e = { 0 };

	if (store_account_list(a->st, &rows, &n, &e) != RC_OK) {
		snprintf(l->load_error, sizeof(l->load_error), "%s",
			 err_text(&e));
		return;
	}
	acct_rows_free(l->rows, l->n);
	l->rows = rows;
	l->n = n;
	l->load_error[0] = '\0';
	list_set_count(&l->list, n);
	accounts_select_added(a, l);
	a->dirty = 1;
}

/* Role of an account's status. */
static enum role acct_role(enum acct_status st)
{
	switch (st) {
	case ACCT_STATUS_VALID:
		return ROLE_OK;
	case ACCT_STATUS_PENDING:
		return ROLE_DUE;
	case ACCT_STATUS_DEACTIVATED:
	case ACCT_STATUS_REVOKED:
		return ROLE_DIM;
	default:
		return ROLE_BAD;
	}
}

static void accounts_draw(struct app *a, struct screen *s)
{
	struct accounts *l = (struct accounts *)s;
	int wn = COLS / 5, wc = COLS / 4, ws = 12, wk = 16, wcount = 6;
	int y = 2, h, i;
	attr_t hd = theme_attr(ROLE_HEADING);
	char title[128];

	snprintf(title, sizeof(title), _("ACME accounts (%zu)"), l->n);
	app_title(a, title);
	if (l->load_error[0] != '\0')
		ui_put_untrusted(1, 1, COLS - 2, theme_attr(ROLE_BAD), 0,
				 l->load_error);
	ui_put(y, 1, wn, hd, 1, _("NAME"));
	ui_put(y, wn + 2, wc, hd, 1, _("CA"));
	ui_put(y, wn + wc + 3, ws, hd, 1, _("STATUS"));
	ui_put(y, wn + wc + ws + 4, wk, hd, 1, _("EAB KEY ID"));
	ui_put(y, wn + wc + ws + wk + 5, wcount, hd, 1, _("CERTS"));
	y++;
	h = LINES - 2 - y;
	list_place(&l->list, y, h);
	if (l->n == 0) {
		ui_put(y + 1, 2, COLS - 4, A_NORMAL, 0,
		       _("No accounts yet. Press i to import the credentials "
			 "e-mail from your CA,"));
		ui_put(y + 2, 2, COLS - 4, A_NORMAL, 0,
		       _("or n to add one by hand."));
		return;
	}
	for (i = 0; i < h && l->list.top + (size_t)i < l->n; i++) {
		size_t k = l->list.top + (size_t)i;
		const struct acct_row *r = &l->rows[k];
		attr_t at = theme_attr(acct_role(r->status)) |
			    (k == l->list.cur ? A_REVERSE : 0);
		char ca[300], cnt[32];

		if (r->ca_preset != NULL)
			snprintf(ca, sizeof(ca), "%s", r->ca_preset);
		else
			ui_url_host(r->directory_url, ca, sizeof(ca));
		snprintf(cnt, sizeof(cnt), "%lld", (long long)r->cert_count);
		ui_put(y + i, 0, COLS, at, 1, k == l->list.cur ? ">" : " ");
		ui_put_untrusted(y + i, 1, wn, at, 1, r->name);
		ui_put_untrusted(y + i, wn + 2, wc, at, 1, ca);
		ui_put(y + i, wn + wc + 3, ws, at, 1,
		       acct_status_name(r->status));
		ui_put_untrusted(y + i, wn + wc + ws + 4, wk, at, 1,
				 r->eab_kid ? r->eab_kid : "-");
		ui_put(y + i, wn + wc + ws + wk + 5, wcount, at, 1, cnt);
	}
}

static int accounts_action(struct app *a, struct screen *s, enum action act)
{
	struct accounts *l = (struct accounts *)s;

	if (list_move(&l->list, act))
		return 1;
	switch (act) {
	case ACT_OPEN:
		if (l->n > 0)
			app_push(a, account_new(a, l->rows[l->list.cur].name));
		return 1;
	case ACT_IMPORT:
		app_push(a, import_new(a));
		return 1;
	case ACT_NEW_ACCOUNT:
		app_push(a, addacct_new(a));
		return 1;
	case ACT_EVENTS:
		app_push(a, events_new(a));
		return 1;
	default:
		return 0;
	}
}

static void accounts_free(struct screen *s)
{
	struct accounts *l = (struct accounts *)s;

	if (l == NULL)
		return;
	acct_rows_free(l->rows, l->n);
	free(l);
}

/* The list the mouse acts on (mouse.h). */
static struct ui_list *accounts_list(struct screen *s)
{
	return &((struct accounts *)s)->list;
}

static const struct screen_ops accounts_ops = {
	.title = N_("Accounts"),
	.keys = keys_accounts,
	.draw = accounts_draw,
	.action = accounts_action,
	.reload = accounts_reload,
	.list = accounts_list,
	.free = accounts_free,
};

struct screen *accounts_new(struct app *a)
{
	struct accounts *l = calloc(1, sizeof(*l));

	if (l == NULL)
		return NULL;
	l->base.ops = &accounts_ops;
	l->list.cursor = 1;
	accounts_reload(a, &l->base);
	return &l->base;
}
