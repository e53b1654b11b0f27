# SPDX-License-Identifier: ISC
# src/deploy: the Installation stage's file and reload library (its
# lifecycle steps are in src/lifecycle, `cert deploy` in src/cli).  Its
# tests cover those steps and the command too.
libacmetui_a_SOURCES += \
	src/deploy/deploy.c src/deploy/deploy.h src/deploy/target.c \
	src/deploy/recover.c src/deploy/job.h src/deploy/staged.c

UNIT_TESTS += tests/unit/test_deploy
tests_unit_test_deploy_SOURCES = tests/unit/test_deploy.c
tests_unit_test_deploy_LDADD = $(ACMETUI_LIBS)

# A real nginx (Debian package nginx) started by the test on a free
# loopback port, certificates from a real Pebble.
EXTRA_DIST += tests/integration/nginx-env.sh
SCRIPT_TESTS += tests/integration/cli_deploy.sh
