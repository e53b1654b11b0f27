/* SPDX-License-Identifier: ISC */
/* terms.h - the terms-of-service check box of the forms that register
 * an account (addacct.c, import.c).
 *
 * The first Enter reads the CA's terms through the job runner
 * (JOB_TERMS: the UI never talks to the network); when the CA names
 * terms, the box "I agree to the terms of service at URL" appears, and
 * the registration goes ahead only once it is ticked (Space).  A CA
 * without terms needs no consent: the registration starts at once.
 * Another server forgets what was read. */
#ifndef ACMETUI_UI_TERMS_H
#define ACMETUI_UI_TERMS_H

#include <stdint.h>

#include "ui/app.h"
#include "ui/form.h"

struct terms_box {
	char server[2048]; /* the CA the terms were read from, "" none */
	char asked[2048];  /* the CA of the job running */
	char url[1024];	   /* its terms URL (sanitized), "" none */
	uint64_t job;	   /* JOB_TERMS running, 0 none */
};

/* Sets fl up as the (hidden) check box. */
void terms_field_init(struct field *fl);

/* Forgets the terms read when the form now names another server
 * (preset name or directory URL): hides and unticks the box. */
void terms_follow(struct terms_box *t, struct field *fl, const char *server);

/* Before a registration of p (its server already filled in, and the
 * form's field fl): 1 when it may go on, with p->agree_tos and
 * p->tos_url_seen set (borrowed from t); 0 when the terms are being read
 * first (a job started) or the box must be ticked (fl says so). */
int terms_ready(struct app *a, struct terms_box *t, struct form *f, size_t fl,
		struct lc_account_params *p);

/* A job note: 1 when it was t's (then *go says whether the form should
 * submit again: the terms are known now), else 0.  A failure is put in
 * err (sized errsz) for the form to show. */
int terms_note(struct terms_box *t, struct form *f, size_t fl,
	       const struct job_note *n, int *go, char *err, size_t errsz);

#endif
