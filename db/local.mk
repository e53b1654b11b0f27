# SPDX-License-Identifier: ISC
# db sources (module-owned list): the inventory.  All SQL of acmetui lives
# in these files.
libacmetui_a_SOURCES += \
	db/migrations.c db/migrations.h \
	db/store.c db/store.h db/store_int.h db/store_enum.h \
	db/store_sql.c \
	db/store_accounts.c db/store_accounts.h \
	db/store_domains.c db/store_domains.h \
	db/store_certs.c db/store_certs_list.c db/store_certs.h \
	db/store_certs_watch.c \
	db/store_leases.c db/store_leases.h \
	db/store_orders.c db/store_orders.h \
	db/store_intents.c db/store_intents.h \
	db/store_events.c db/store_events.h \
	db/store_runs.c db/store_runs.h \
	db/store_names.c db/store_names.h \
	db/store_forecast.c db/store_forecast.h \
	db/store_notify.c db/store_notify.h \
	db/store_sched.c db/store_sched.h \
	db/store_dash.c db/store_dash.h

# The documentation copy of the schema; test_store checks it matches.
dist_noinst_DATA += db/schema.sql

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
