# SPDX-License-Identifier: ISC
# src/parse: input-edge parsers (credentials packages, domain names) and the
# table of known ACME CAs.  Pure functions over (text, len): fuzz harnesses
# can call them directly.
libacmetui_a_SOURCES += \
	src/parse/credpkg.c src/parse/credpkg.h \
	src/parse/domain.c src/parse/domain.h \
	src/parse/presets.c src/parse/presets.h

UNIT_TESTS += tests/unit/test_credpkg tests/unit/test_domain \
	tests/unit/test_presets
tests_unit_test_credpkg_SOURCES = tests/unit/test_credpkg.c
tests_unit_test_credpkg_LDADD = $(ACMETUI_LIBS)
tests_unit_test_domain_SOURCES = tests/unit/test_domain.c
tests_unit_test_domain_LDADD = $(ACMETUI_LIBS)
tests_unit_test_presets_SOURCES = tests/unit/test_presets.c
tests_unit_test_presets_LDADD = $(ACMETUI_LIBS)
