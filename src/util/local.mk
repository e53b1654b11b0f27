# SPDX-License-Identifier: ISC
libacmetui_a_SOURCES += \
	src/util/i18n.h \
	src/util/err.c src/util/err.h \
	src/util/safe.c src/util/safe.h \
	src/util/buf.c src/util/buf.h \
	src/util/b64url.c src/util/b64url.h \
	src/util/url.c src/util/url.h \
	src/util/curl_lib.c src/util/curl_lib.h \
	src/util/json.c src/util/json.h \
	src/util/fileio.c src/util/fileio.h \
	src/util/atomic.c src/util/atomic.h \
	src/util/proc.c src/util/proc.h \
	src/util/shellcmd.c src/util/shellcmd.h \
	src/util/hookrun.c src/util/hookrun.h \
	src/util/utctime.c src/util/utctime.h \
	src/util/clock.c src/util/clock.h \
	src/util/env.c src/util/env.h

# The child runner: real children (sh, cat, sleep), a few seconds.
UNIT_TESTS += tests/unit/test_proc
tests_unit_test_proc_SOURCES = tests/unit/test_proc.c
tests_unit_test_proc_LDADD = $(ACMETUI_LIBS)

# The atomic writer; wrapped calls watch the file at its first write and
# inject failures (tests/unit/test_atomic.c says how).
UNIT_TESTS += tests/unit/test_atomic
tests_unit_test_atomic_SOURCES = tests/unit/test_atomic.c
tests_unit_test_atomic_LDADD = $(ACMETUI_LIBS)
tests_unit_test_atomic_LDFLAGS = $(AM_LDFLAGS) -Wl,--wrap=file_write_fd \
	-Wl,--wrap=RAND_bytes
# The one clock and the one UTC formatter.
UNIT_TESTS += tests/unit/test_clock
tests_unit_test_clock_SOURCES = tests/unit/test_clock.c
tests_unit_test_clock_LDADD = $(ACMETUI_LIBS)
# The configuration step: every environment variable, read once.
UNIT_TESTS += tests/unit/test_env
tests_unit_test_env_SOURCES = tests/unit/test_env.c
tests_unit_test_env_LDADD = $(ACMETUI_LIBS)
