/* SPDX-License-Identifier: ISC */
/* i18n.h - gettext shorthands used by every user-visible string. */
#ifndef ACMETUI_I18N_H
#define ACMETUI_I18N_H

#include <libintl.h>
#include <locale.h>

#define _(s) gettext(s)
/* Marks a string for extraction without translating it at that point. */
#define N_(s) (s)

#endif
