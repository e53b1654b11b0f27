# SPDX-License-Identifier: ISC
# src/diagnose: `acmetui doctor` (pre-flight checks of a certificate) and
# the explanation of a failed validation the lifecycle logs.
libacmetui_a_SOURCES += \
	src/diagnose/finding.c src/diagnose/finding.h \
	src/diagnose/context.c src/diagnose/context.h \
	src/diagnose/account.c \
	src/diagnose/clock.c \
	src/diagnose/resolve.c \
	src/diagnose/caa.c \
	src/diagnose/selftest.c \
	src/diagnose/ratelimit.c \
	src/diagnose/expiry.c \
	src/diagnose/doctor.c src/diagnose/doctor.h \
	src/diagnose/record.c \
	src/diagnose/explain.c src/diagnose/explain.h

UNIT_TESTS += tests/unit/test_doctor
tests_unit_test_doctor_SOURCES = tests/unit/test_doctor.c
tests_unit_test_doctor_LDADD = $(ACMETUI_LIBS)

# Integration against Pebble and pebble-challtestsrv (DNS by ldns).
if HAVE_LDNS
SCRIPT_TESTS += tests/integration/doctor.sh
endif
EXTRA_DIST += tests/integration/doctor.sh
