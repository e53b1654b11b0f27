# SPDX-License-Identifier: ISC
# src/deploy, src/monitor: the Installation and Monitoring stages - the
# file/reload library, the TLS probe, their lifecycle steps and the
# `cert deploy` / `cert probe` commands.
libacmetui_a_SOURCES += \
	src/deploy/deploy.c src/deploy/deploy.h src/deploy/target.c \
	src/deploy/recover.c src/deploy/job.h src/deploy/staged.c \
	src/monitor/probe.c src/monitor/probe.h \
	src/lifecycle/deploy.c src/lifecycle/deploy.h \
	src/lifecycle/deployhook.c src/lifecycle/deployhook.h \
	src/lifecycle/reloads.c src/lifecycle/reloads.h \
	src/lifecycle/probe.c \
	src/cli/deploy.c \
	src/cli/deploytgt.c src/cli/deploytgt.h

UNIT_TESTS += tests/unit/test_deploy
tests_unit_test_deploy_SOURCES = tests/unit/test_deploy.c
tests_unit_test_deploy_LDADD = $(ACMETUI_LIBS)

# A real nginx (Debian package nginx) started by the test on a free
# loopback port, certificates from a real Pebble.
EXTRA_DIST += tests/integration/nginx-env.sh
SCRIPT_TESTS += tests/integration/cli_deploy.sh
