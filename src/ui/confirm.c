/* SPDX-License-Identifier: ISC */
/* confirm.c - the confirmation dialog (see confirm.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ui/certview.h"
#include "ui/confirm.h"
#include "ui/draw.h"
#include "ui/form.h"
#include "ui/theme.h"
#include "util/i18n.h"

/* The reasons an operator may give (RFC 5280 5.3.1 codes; certificate
 * hold and removeFromCRL make no sense for ACME). */
static const int reason_codes[] = { -1, 0, 1, 3, 4, 5, 9 };
#define N_REASONS (sizeof(reason_codes) / sizeof(reason_codes[0]))

enum { F_REASON, F_TYPED, F__COUNT };

struct confirm {
	struct screen base;
	char *title;
	char *lines[CONFIRM_LINES];
	char *subject;
	int typed;
	confirm_fn done;
	const char *reasons[N_REASONS];
	struct field fields[F__COUNT];
	struct form form;
};

static void confirm_free(struct screen *s)
{
	struct confirm *c = (struct confirm *)s;
	size_t i;

	form_clear(&c->form);
	free(c->title);
	for (i = 0; i < CONFIRM_LINES; i++)
		free(c->lines[i]);
	free(c->subject);
	free(c);
}

static void confirm_draw(struct app *a, struct screen *s)
{
	struct confirm *c = (struct confirm *)s;
	int y = 2, i;

	app_title(a, c->title);
	for (i = 0; i < CONFIRM_LINES && c->lines[i] != NULL; i++)
		ui_put_untrusted(y++, 2, COLS - 4, A_NORMAL, 0, c->lines[i]);
	y++;
	form_draw(a, &c->form, y, 2, COLS - 4, LINES - 2);
}

static enum input_rc confirm_input(struct app *a, struct screen *s, int key)
{
	struct confirm *c = (struct confirm *)s;

	(void)a;
	return form_input(&c->form, key);
}

/* Checks the typed name and calls back. */
static void confirm_submit(struct app *a, struct confirm *c)
{
	confirm_fn done = c->done;
	char *subject = NULL;
	int reason = -1;

	if (c->typed &&
	    strcmp(field_text(&c->fields[F_TYPED]), c->subject) != 0) {
		field_msg(&c->fields[F_TYPED], 1, "%s",
			  _("type the exact name to confirm"));
		form_focus(&c->form, F_TYPED);
		return;
	}
	if (!c->fields[F_REASON].hidden)
		reason = reason_codes[c->fields[F_REASON].choice];
	subject = c->subject;
	c->subject = NULL;
	app_pop(a); /* frees c */
	done(a, subject, reason);
	free(subject);
}

static int confirm_action(struct app *a, struct screen *s, enum action act)
{
	struct confirm *c = (struct confirm *)s;

	if (act == ACT_SUBMIT) {
		confirm_submit(a, c);
		return 1;
	}
	return form_action(&c->form, act);
}

static const struct screen_ops confirm_ops = {
	.title = N_("Confirm"),
	.keys = keys_form,
	.draw = confirm_draw,
	.input = confirm_input,
	.action = confirm_action,
	.free = confirm_free,
};

struct screen *confirm_new(struct app *a, const struct confirm_spec *spec)
{
	struct confirm *c = calloc(1, sizeof(*c));
	size_t i, nlines;

	(void)a;
	if (c == NULL)
		return NULL;
	c->base.ops = &confirm_ops;
	c->title = strdup(spec->title);
	c->subject = strdup(spec->subject);
	c->typed = spec->typed;
	c->done = spec->done;
	if (c->title == NULL || c->subject == NULL)
		goto fail;
	for (i = 0; i < CONFIRM_LINES && spec->lines[i] != NULL; i++) {
		c->lines[i] = strdup(spec->lines[i]);
		if (c->lines[i] == NULL)
			goto fail;
	}
	nlines = i;
	for (i = 0; i < N_REASONS; i++)
		c->reasons[i] = cert_reason_name(reason_codes[i]);
	c->fields[F_REASON].kind = FIELD_CHOICE;
	c->fields[F_REASON].label = N_("Reason:");
	c->fields[F_REASON].choices = c->reasons;
	c->fields[F_REASON].nchoices = N_REASONS;
	c->fields[F_REASON].hidden = !spec->with_reason;
	c->fields[F_TYPED].kind = FIELD_TEXT;
	c->fields[F_TYPED].label = N_("Type the name:");
	c->fields[F_TYPED].max = 256;
	c->fields[F_TYPED].hidden = !spec->typed;
	if (spec->typed)
		field_msg(&c->fields[F_TYPED], 0, "%s",
			  _("then Enter; Esc cancels"));
	else
		field_msg(&c->fields[F_REASON], 0, "%s",
			  _("Enter confirms; Esc cancels"));
	form_init(&c->form, c->fields, F__COUNT, 16);
	if (spec->typed)
		form_focus(&c->form, F_TYPED);
	if (!spec->typed && !spec->with_reason) {
		/* A plain yes/no: show the hint on a visible line. */
		c->fields[F_TYPED].hidden = 1;
		if (nlines < CONFIRM_LINES) {
			c->lines[nlines] = strdup(
				_("Press Enter to confirm, Esc "
				  "to cancel."));
			if (c->lines[nlines] == NULL)
				goto fail;
		}
	}
	return &c->base;
fail:
	confirm_free(&c->base);
	return NULL;
}
