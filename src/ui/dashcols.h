/* SPDX-License-Identifier: ISC */
/* dashcols.h - the dashboard's column widths for a window width: every
 * column gets what its content asks for when there is room; when not,
 * columns shrink and then disappear by priority (renewal time first,
 * then the stage, account and domains shrink; the name and the expiry
 * last), so that names are never cut while other columns have room. */
#ifndef ACMETUI_UI_DASHCOLS_H
#define ACMETUI_UI_DASHCOLS_H

enum dash_col {
	DC_NAME,
	DC_DOM,
	DC_ACCT,
	DC_STAGE,
	DC_EXP,
	DC_RENEW,
	DC_FLAG,
	DC__COUNT
};

/* Widths in columns; 0: the column is not shown. */
struct dash_cols {
	int w[DC__COUNT];
};

/* Fits the columns into width (the cursor column included, a space
 * between two columns): want[] holds what each column's content and header ask
 * for.  Room left over goes to the domains. */
void dash_cols_fit(struct dash_cols *c, const int want[DC__COUNT], int width);

#endif
