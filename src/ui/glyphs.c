/* SPDX-License-Identifier: ISC */
/* glyphs.c - plain or fancy bar characters (see glyphs.h). */
#include "config.h"

#include <stdlib.h>

#include "ui/glyphs.h"
#include "ui/theme.h"

int glyphs_fancy(void)
{
	return theme_has_color() && MB_CUR_MAX > 1;
}
