/* SPDX-License-Identifier: ISC */
/* glyphs.h - which characters draw bars and markers.
 *
 * Bars are drawn with the terminal's own characters: Unicode blocks and
 * lines in a UTF-8 locale with colour, plain ASCII otherwise (NO_COLOR,
 * LANG=C), where the state is told by the character itself ('#' valid,
 * '+' due, '!' failing, 'x' expired) because no colour tells it. */
#ifndef ACMETUI_UI_GLYPHS_H
#define ACMETUI_UI_GLYPHS_H

/* 1 when bars may use Unicode and colour: colours are in use and the
 * locale encodes multibyte characters (UTF-8). */
int glyphs_fancy(void);

#endif
