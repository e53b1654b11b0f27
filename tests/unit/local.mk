# SPDX-License-Identifier: ISC
# C unit tests: TAP on stdout, one program per module.  Modules append to
# UNIT_TESTS in their own local.mk; this file only wires them up.
UNIT_TESTS += tests/unit/test_util
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS) $(SCRIPT_TESTS)
EXTRA_DIST += tests/unit/tap.h $(SCRIPT_TESTS)

tests_unit_test_util_SOURCES = tests/unit/test_util.c
tests_unit_test_util_LDADD = $(ACMETUI_LIBS)
