# SPDX-License-Identifier: ISC
libacmetui_a_SOURCES += \
	src/cli/cli.c src/cli/cli.h \
	src/cli/fmt.c src/cli/fmt.h \
	src/cli/method.c src/cli/method.h \
	src/cli/intopt.c src/cli/intopt.h \
	src/cli/account.c \
	src/cli/cert.c \
	src/cli/cert_orders.c src/cli/cert_orders.h \
	src/cli/cert_import.c \
	src/cli/domain.c \
	src/cli/renew.c \
	src/cli/complete.c \
	src/cli/deploy.c \
	src/cli/deploytgt.c src/cli/deploytgt.h \
	src/cli/doctor.c \
	src/cli/migrate.c \
	src/cli/schedtext.c src/cli/schedtext.h \
	src/cli/schedule.c \
	src/cli/verbs.c src/cli/verbs.h \
	src/cli/prompt.c src/cli/prompt.h \
	src/cli/usercron.c src/cli/usercron.h

UNIT_TESTS += tests/unit/test_intopt
tests_unit_test_intopt_SOURCES = tests/unit/test_intopt.c
tests_unit_test_intopt_LDADD = $(ACMETUI_LIBS)
