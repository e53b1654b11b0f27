# SPDX-License-Identifier: ISC
# ui sources (module-owned list): the ncurses front end.  One file per
# screen or widget; app.c holds the loop.
libacmetui_a_SOURCES += \
	src/ui/ui.h src/ui/app.h src/ui/app.c \
	src/ui/keys.h src/ui/keys.c \
	src/ui/theme.h src/ui/theme.c \
	src/ui/draw.h src/ui/draw.c \
	src/ui/list.h src/ui/list.c \
	src/ui/mouse.h src/ui/mouse.c \
	src/ui/form.h src/ui/form.c \
	src/ui/terms.h src/ui/terms.c \
	src/ui/confirm.h src/ui/confirm.c \
	src/ui/certview.h src/ui/certview.c \
	src/ui/certact.c \
	src/ui/dashboard.c \
	src/ui/dashcols.h src/ui/dashcols.c \
	src/ui/detail.c \
	src/ui/detail_orders.c src/ui/detail_orders.h \
	src/ui/accounts.c \
	src/ui/account.c \
	src/ui/events.c \
	src/ui/help.c \
	src/ui/textview.c \
	src/ui/import.c \
	src/ui/addacct.c \
	src/ui/addcert.c \
	src/ui/editcert.c \
	src/ui/export.c \
	src/ui/glyphs.h src/ui/glyphs.c \
	src/ui/lifebar.h src/ui/lifebar.c \
	src/ui/fcview.h src/ui/fcview.c \
	src/ui/forecast.c \
	src/ui/fclist.c

UNIT_TESTS += tests/unit/test_lifebar
tests_unit_test_lifebar_SOURCES = tests/unit/test_lifebar.c
tests_unit_test_lifebar_LDADD = $(ACMETUI_LIBS)
UNIT_TESTS += tests/unit/test_uilist
tests_unit_test_uilist_SOURCES = tests/unit/test_uilist.c
tests_unit_test_uilist_LDADD = $(ACMETUI_LIBS)
