libacmetui_a_SOURCES += \
	src/lifecycle/schedule.c src/lifecycle/schedule.h

UNIT_TESTS += tests/unit/test_schedule
tests_unit_test_schedule_SOURCES = tests/unit/test_schedule.c
tests_unit_test_schedule_LDADD = $(ACMETUI_LIBS)
