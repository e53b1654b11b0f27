# SPDX-License-Identifier: ISC
# ui sources (module-owned list): the ncurses front end.  One file per
# screen or widget; app.c holds the loop.
libacmetui_a_SOURCES += \
	ui/ui.h ui/app.h ui/app.c \
	ui/keys.h ui/keys.c \
	ui/theme.h ui/theme.c \
	ui/draw.h ui/draw.c \
	ui/list.h ui/list.c \
	ui/mouse.h ui/mouse.c \
	ui/form.h ui/form.c \
	ui/terms.h ui/terms.c \
	ui/confirm.h ui/confirm.c \
	ui/certview.h ui/certview.c \
	ui/certact.c \
	ui/dashboard.c \
	ui/dashcols.h ui/dashcols.c \
	ui/detail.c \
	ui/detail_orders.c ui/detail_orders.h \
	ui/accounts.c \
	ui/account.c \
	ui/events.c \
	ui/help.c \
	ui/textview.c \
	ui/import.c \
	ui/addacct.c \
	ui/addcert.c \
	ui/editcert.c \
	ui/export.c \
	ui/glyphs.h ui/glyphs.c \
	ui/lifebar.h ui/lifebar.c \
	ui/fcview.h ui/fcview.c \
	ui/forecast.c \
	ui/fclist.c

UNIT_TESTS += tests/unit/test_lifebar
tests_unit_test_lifebar_SOURCES = tests/unit/test_lifebar.c
tests_unit_test_lifebar_LDADD = $(ACMETUI_LIBS)
UNIT_TESTS += tests/unit/test_uilist
tests_unit_test_uilist_SOURCES = tests/unit/test_uilist.c
tests_unit_test_uilist_LDADD = $(ACMETUI_LIBS)
