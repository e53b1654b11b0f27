# SPDX-License-Identifier: ISC
# Fleet health (issue 5): every --renew-due run recorded and logged to
# syslog, notifications to the operator's hook, expiry warnings, and
# `acmetui schedule install|status` with the systemd/cron files.  Kept in
# one module file so that the feature arrives with one include.
libacmetui_a_SOURCES += \
	db/store_notify.c db/store_notify.h \
	db/store_sched.c db/store_sched.h \
	src/lifecycle/runlog.c src/lifecycle/runlog.h \
	src/lifecycle/runhealth.c src/lifecycle/runhealth.h \
	src/notify/run.c src/notify/run.h \
	src/notify/notify.c src/notify/notify.h \
	src/notify/runreport.c src/notify/runreport.h \
	src/cli/schedtext.c src/cli/schedtext.h \
	src/cli/schedule.c \
	src/cli/usercron.c src/cli/usercron.h

UNIT_TESTS += tests/unit/test_notify
tests_unit_test_notify_SOURCES = tests/unit/test_notify.c \
	tests/unit/store_test_util.c tests/unit/store_test_util.h
tests_unit_test_notify_LDADD = $(ACMETUI_LIBS)

SCRIPT_TESTS += tests/integration/cli_health.sh
SCRIPT_TESTS += tests/tui/health.sh
