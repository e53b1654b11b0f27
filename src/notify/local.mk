# SPDX-License-Identifier: ISC
# src/notify: after a --renew-due run, syslog, notifications to the
# operator's hook and expiry warnings.  The run's record is in db/ and
# src/lifecycle (runlog, runhealth), `schedule` in src/cli; the tests
# below cover the whole fleet-health feature.
libacmetui_a_SOURCES += \
	src/notify/run.c src/notify/run.h \
	src/notify/notify.c src/notify/notify.h \
	src/notify/runreport.c src/notify/runreport.h

UNIT_TESTS += tests/unit/test_notify
tests_unit_test_notify_SOURCES = tests/unit/test_notify.c \
	tests/unit/store_test_util.c tests/unit/store_test_util.h
tests_unit_test_notify_LDADD = $(ACMETUI_LIBS)

SCRIPT_TESTS += tests/integration/cli_health.sh
SCRIPT_TESTS += tests/tui/health.sh
