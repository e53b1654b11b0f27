# SPDX-License-Identifier: ISC
# db sources (module-owned list): the inventory.  All SQL of acmetui lives
# in these files.
libacmetui_a_SOURCES += \
	src/db/migrations.c src/db/migrations.h \
	src/db/store.c src/db/store.h src/db/store_int.h src/db/store_enum.h \
	src/db/store_sql.c \
	src/db/store_accounts.c src/db/store_accounts.h \
	src/db/store_domains.c src/db/store_domains.h \
	src/db/store_certs.c src/db/store_certs_list.c src/db/store_certs.h \
	src/db/store_certs_watch.c \
	src/db/store_leases.c src/db/store_leases.h \
	src/db/store_orders.c src/db/store_orders.h \
	src/db/store_intents.c src/db/store_intents.h \
	src/db/store_events.c src/db/store_events.h \
	src/db/store_runs.c src/db/store_runs.h \
	src/db/store_names.c src/db/store_names.h \
	src/db/store_forecast.c src/db/store_forecast.h \
	src/db/store_notify.c src/db/store_notify.h \
	src/db/store_sched.c src/db/store_sched.h \
	src/db/store_dash.c src/db/store_dash.h

# The documentation copy of the schema; test_store checks it matches.
dist_noinst_DATA += src/db/schema.sql

UNIT_TESTS += tests/unit/test_store_watch
tests_unit_test_store_watch_SOURCES = tests/unit/test_store_watch.c \
	tests/unit/store_test_util.c tests/unit/store_test_util.h
tests_unit_test_store_watch_LDADD = $(ACMETUI_LIBS)

UNIT_TESTS += tests/unit/test_store tests/unit/test_store_concurrency
tests_unit_test_store_SOURCES = tests/unit/test_store.c \
	tests/unit/store_test_util.c tests/unit/store_test_util.h
tests_unit_test_store_LDADD = $(ACMETUI_LIBS)
tests_unit_test_store_concurrency_SOURCES = \
	tests/unit/test_store_concurrency.c \
	tests/unit/store_test_util.c tests/unit/store_test_util.h
tests_unit_test_store_concurrency_LDADD = $(ACMETUI_LIBS)

UNIT_TESTS += tests/unit/test_forecast
tests_unit_test_forecast_SOURCES = tests/unit/test_forecast.c \
	tests/unit/store_test_util.c tests/unit/store_test_util.h
tests_unit_test_forecast_LDADD = $(ACMETUI_LIBS)

# Every stored enum: names round-trip and match the schema's CHECKs.
UNIT_TESTS += tests/unit/test_store_enum
tests_unit_test_store_enum_SOURCES = tests/unit/test_store_enum.c \
	tests/unit/store_test_util.c tests/unit/store_test_util.h
tests_unit_test_store_enum_LDADD = $(ACMETUI_LIBS)
UNIT_TESTS += tests/unit/test_dash
tests_unit_test_dash_SOURCES = tests/unit/test_dash.c \
	tests/unit/store_test_util.c tests/unit/store_test_util.h
tests_unit_test_dash_LDADD = $(ACMETUI_LIBS)
