# C unit tests: TAP on stdout, one program per module.
UNIT_TESTS = tests/unit/test_util
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)
EXTRA_DIST += tests/unit/tap.h

tests_unit_test_util_SOURCES = tests/unit/test_util.c
tests_unit_test_util_LDADD = $(ACMETUI_LIBS)
