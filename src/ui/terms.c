/* SPDX-License-Identifier: ISC */
/* terms.c - the terms-of-service check box of the registration forms
 * (see terms.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lifecycle/jobs.h"
#include "lifecycle/lc.h"
#include "ui/terms.h"
#include "util/i18n.h"

void terms_field_init(struct field *fl)
{
	*fl = (struct field){ .kind = FIELD_CHECK,
			      .label = N_("Terms:"),
			      .max = 2048,
			      .hidden = 1 };
}

void terms_follow(struct terms_box *t, struct field *fl, const char *server)
{
	if (t->server[0] == '\0' || strcmp(t->server, server) == 0)
		return;
	t->server[0] = '\0';
	t->url[0] = '\0';
	fl->hidden = 1;
	fl->choice = 0;
	field_msg_clear(fl);
}

/* The server p names, as terms_follow() compares it. */
static const char *server_of(const struct lc_account_params *p)
{
	return p->preset != NULL  ? p->preset
	       : p->directory_url ? p->directory_url
				  : "";
}

int terms_ready(struct app *a, struct terms_box *t, struct form *f, size_t fl,
		struct lc_account_params *p)
{
	struct job_request req = { 0 };
	struct field *box = &f->fields[fl];

	terms_follow(t, box, server_of(p));
	if (t->server[0] == '\0') {
		/* Not read yet: read them first, this Enter. */
		req.kind = JOB_TERMS;
		req.name = p->name;
		req.reason = -1;
		req.account = *p;
		snprintf(t->asked, sizeof(t->asked), "%s", server_of(p));
		if (app_submit(a, &req, &t->job) != RC_OK)
			t->job = 0;
		return 0;
	}
	if (t->url[0] != '\0' && !box->choice) {
		field_msg(box, 1, "%s",
			  _("required: tick the box (Space) to agree to the "
			    "CA's terms of service; nothing was registered"));
		form_focus(f, fl);
		return 0;
	}
	p->agree_tos = t->url[0] != '\0';
	p->tos_url_seen = t->url[0] != '\0' ? t->url : NULL;
	return 1;
}

int terms_note(struct terms_box *t, struct form *f, size_t fl,
	       const struct job_note *n, int *go, char *err, size_t errsz)
{
	struct field *box = &f->fields[fl];
	char caption[1200];

	*go = 0;
	if (!n->done || n->job_id != t->job || t->job == 0)
		return 0;
	t->job = 0;
	if (n->rc != RC_OK) {
		snprintf(err, errsz, "%s",
			 n->message[0] ? n->message : rc_str(n->rc));
		return 1;
	}
	snprintf(t->server, sizeof(t->server), "%s", t->asked);
	snprintf(t->url, sizeof(t->url), "%s", n->message);
	if (t->url[0] == '\0') {
		*go = 1; /* the CA names no terms: nothing to agree to */
		return 1;
	}
	snprintf(caption, sizeof(caption),
		 _("I agree to the terms of service at %s"), t->url);
	field_set(box, caption);
	box->hidden = 0;
	box->choice = 0;
	field_msg(box, 0, "%s",
		  _("read them; Space ticks the box, Enter registers"));
	form_focus(f, fl);
	return 1;
}
