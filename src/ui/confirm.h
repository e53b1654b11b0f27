/* SPDX-License-Identifier: ISC */
/* confirm.h - the confirmation dialog before an irreversible action
 * (revoke, delete, deactivate, key rollover): says what will happen,
 * optionally asks for a reason and for the object's name to be typed,
 * then calls back.  Built on the form widget. */
#ifndef ACMETUI_UI_CONFIRM_H
#define ACMETUI_UI_CONFIRM_H

#include "ui/app.h"

#define CONFIRM_LINES 6

/* Called after the dialog has closed itself, with the chosen revocation
 * reason (-1 when none was asked or "none" chosen). */
typedef void (*confirm_fn)(struct app *a, const char *subject, int reason);

struct confirm_spec {
	const char *title;		  /* ours */
	const char *lines[CONFIRM_LINES]; /* ours; NULL ends */
	const char *subject;		  /* the name acted on (copied) */
	int typed;			  /* the operator must type subject */
	int with_reason;		  /* offer the RFC 5280 reasons */
	confirm_fn done;
};

/* A dialog for spec (strings copied); NULL when out of memory. */
struct screen *confirm_new(struct app *a, const struct confirm_spec *spec);

#endif
