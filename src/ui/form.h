/* SPDX-License-Identifier: ISC */
/* form.h - the one form widget: labelled text fields with editing and
 * paste, masked secret fields, choice fields, check boxes, a multi-line
 * paste area, and an inline message under each field (red for what is
 * wrong).
 *
 * The screen owns an array of struct field and a struct form over it;
 * form_input() edits the focused field, form_draw() draws them all.
 * Values are UTF-8 without control characters (a paste keeps its line
 * breaks in FIELD_AREA only).  form_clear() wipes every value before
 * freeing it, since fields hold EAB HMAC keys and pasted e-mails. */
#ifndef ACMETUI_UI_FORM_H
#define ACMETUI_UI_FORM_H

#include <stddef.h>

#include "ui/app.h"

enum field_kind {
	FIELD_TEXT,
	FIELD_SECRET, /* shown as '*' */
	FIELD_CHOICE, /* one of choices[], Left/Right/Space cycle */
	FIELD_AREA,   /* several lines; Enter is a line break */
	FIELD_CHECK   /* a box, "[x]" when choice is 1; Space toggles;
			 * val is its caption (wrapped), not editable */
};

struct field {
	enum field_kind kind;
	const char *label;	    /* N_(): translated when drawn */
	size_t max;		    /* most bytes accepted */
	int rows;		    /* FIELD_AREA: lines shown */
	const char *const *choices; /* FIELD_CHOICE: borrowed, shown as is */
	size_t nchoices;
	size_t choice; /* FIELD_CHOICE: the selected one */
	int hidden;    /* not shown, skipped by Tab */
	/* state */
	char *val; /* NUL-terminated, NULL when empty */
	size_t len, cap;
	size_t cur;	 /* cursor, a byte offset into val */
	size_t top_line; /* FIELD_AREA: first line shown */
	int touched;	 /* the operator edited it */
	/* Inline message, "" none: a job note (1024) and a prefix fit,
	 * so that a CA's refusal is shown whole (wrapped). */
	char msg[1280];
	int msg_bad; /* the message is an error */
};

/* Rewrites a copy of one displayed line of a FIELD_AREA in place (to
 * mask secrets before they reach the glass). */
typedef void (*field_mask_fn)(void *ud, char *line);

struct form {
	struct field *fields; /* borrowed array of n */
	size_t n;
	size_t focus;
	int changed;	    /* a value changed; caller resets */
	int label_w;	    /* label column width */
	field_mask_fn mask; /* may be NULL */
	void *mask_ud;
};

/* Sets up f over fields[0..n) with focus on the first shown field. */
void form_init(struct form *f, struct field *fields, size_t n, int label_w);

/* Replaces a field's value with s (NULL: empty), cursor at the end.
 * Returns 0, or -1 when out of memory or s is longer than fl->max. */
int field_set(struct field *fl, const char *s);

/* The value ("" when empty); borrowed from fl. */
const char *field_text(const struct field *fl);

/* Sets the inline message (our own format). */
void field_msg(struct field *fl, int bad, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Clears the inline message and its "wrong" flag: a form that checks
 * again starts from here, or a fixed field would stay wrong forever. */
void field_msg_clear(struct field *fl);

/* Clears every wrong-field message of f (hints stay). */
void form_clear_bad(struct form *f);

/* When a shown field of f is marked wrong, focuses the first one, says
 * on the message line which field and why ("Not saved: Listen port: a
 * port number 1-65535") and returns 1; returns 0 when none is. */
int form_refuse(struct app *a, struct form *f);

/* Edits the focused field with key; INPUT_IGNORED for keys that are not
 * editing (Tab, Enter outside an area, Esc, function keys). */
enum input_rc form_input(struct form *f, int key);

/* ACT_NEXT_FIELD / ACT_PREV_FIELD; returns 1 when handled. */
int form_action(struct form *f, enum action act);

/* Moves the focus to field i (when shown). */
void form_focus(struct form *f, size_t i);

/* Draws the shown fields from row y, columns x .. x+w, not below row
 * maxy; puts the text cursor of the focused field in a->cursor_y/x.
 * Returns the first row after the form. */
int form_draw(struct app *a, struct form *f, int y, int x, int w, int maxy);

/* Wipes and frees every value; the form can be drawn again (empty). */
void form_clear(struct form *f);

#endif
