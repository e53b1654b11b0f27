# SPDX-License-Identifier: ISC
libacmetui_a_SOURCES += \
	src/lifecycle/lc.h \
	src/lifecycle/schedule.c src/lifecycle/schedule.h \
	src/lifecycle/renewal_info.c src/lifecycle/renewal_info.h \
	src/lifecycle/ratelimit.c src/lifecycle/ratelimit.h \
	src/lifecycle/event.c \
	src/lifecycle/stage.c src/lifecycle/stage.h \
	src/lifecycle/fault.c src/lifecycle/fault.h \
	src/lifecycle/pool.c src/lifecycle/pool.h \
	src/lifecycle/client.c src/lifecycle/client.h \
	src/lifecycle/account.c \
	src/lifecycle/terms.c src/lifecycle/terms.h \
	src/lifecycle/validate.c src/lifecycle/validate.h \
	src/lifecycle/issue.c \
	src/lifecycle/recover.c src/lifecycle/recover.h \
	src/lifecycle/revoke.c \
	src/lifecycle/watched.c \
	src/lifecycle/certset.c src/lifecycle/certset.h \
	src/lifecycle/certcheck.c src/lifecycle/certcheck.h \
	src/lifecycle/certadd.c \
	src/lifecycle/certwatch.c src/lifecycle/certwatch.h \
	src/lifecycle/domainset.c src/lifecycle/domainset.h \
	src/lifecycle/accountnotify.c src/lifecycle/accountnotify.h \
	src/lifecycle/batch.c src/lifecycle/batch.h \
	src/lifecycle/batchhooks.c src/lifecycle/batchhooks.h \
	src/lifecycle/runrecord.c src/lifecycle/runrecord.h \
	src/lifecycle/retry.c src/lifecycle/retry.h \
	src/lifecycle/dryrun.c src/lifecycle/dryrun.h \
	src/lifecycle/jobs.c src/lifecycle/jobs.h \
	src/lifecycle/export.c src/lifecycle/export.h \
	src/lifecycle/doctor.c \
	src/lifecycle/deploy.c src/lifecycle/deploy.h \
	src/lifecycle/deployhook.c src/lifecycle/deployhook.h \
	src/lifecycle/reloads.c src/lifecycle/reloads.h \
	src/lifecycle/probe.c \
	src/lifecycle/runlog.c src/lifecycle/runlog.h \
	src/lifecycle/runhealth.c src/lifecycle/runhealth.h

UNIT_TESTS += tests/unit/test_schedule
tests_unit_test_schedule_SOURCES = tests/unit/test_schedule.c
tests_unit_test_schedule_LDADD = $(ACMETUI_LIBS)

UNIT_TESTS += tests/unit/test_lc_stage
tests_unit_test_lc_stage_SOURCES = tests/unit/test_lc_stage.c \
	tests/unit/store_test_util.c tests/unit/store_test_util.h
tests_unit_test_lc_stage_LDADD = $(ACMETUI_LIBS)

SCRIPT_TESTS += tests/integration/batch_renew.sh

UNIT_TESTS += tests/unit/test_renewal_info
tests_unit_test_renewal_info_SOURCES = tests/unit/test_renewal_info.c \
	tests/unit/store_test_util.c tests/unit/store_test_util.h
tests_unit_test_renewal_info_LDADD = $(ACMETUI_LIBS)

UNIT_TESTS += tests/unit/test_batchpol
tests_unit_test_batchpol_SOURCES = tests/unit/test_batchpol.c
tests_unit_test_batchpol_LDADD = $(ACMETUI_LIBS)

SCRIPT_TESTS += tests/integration/batch_policy.sh

UNIT_TESTS += tests/unit/test_certset
tests_unit_test_certset_SOURCES = tests/unit/test_certset.c \
	tests/unit/store_test_util.c tests/unit/store_test_util.h
tests_unit_test_certset_LDADD = $(ACMETUI_LIBS)

UNIT_TESTS += tests/unit/test_lcwrites
tests_unit_test_lcwrites_SOURCES = tests/unit/test_lcwrites.c \
	tests/unit/store_test_util.c tests/unit/store_test_util.h
tests_unit_test_lcwrites_LDADD = $(ACMETUI_LIBS)
