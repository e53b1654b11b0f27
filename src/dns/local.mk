# SPDX-License-Identifier: ISC
# src/dns: DNS questions, RFC 2136 updates and the DNS-01 propagation wait
# (the DNS-01 solver methods built on them are in src/solvers).
# ldns builds and parses the packets; without it (configure
# --without-ldns) noldns.c answers every call with one clear error.
libacmetui_a_SOURCES += \
	src/dns/resolve.h src/dns/update.h \
	src/dns/common.c \
	src/dns/propagate.c src/dns/propagate.h
if HAVE_LDNS
libacmetui_a_SOURCES += \
	src/dns/wire.c src/dns/wire.h \
	src/dns/resolve.c \
	src/dns/update.c
else
libacmetui_a_SOURCES += src/dns/noldns.c
endif

UNIT_TESTS += tests/unit/test_dns
tests_unit_test_dns_SOURCES = tests/unit/test_dns.c
tests_unit_test_dns_LDADD = $(ACMETUI_LIBS)

# Integration: a private BIND (tests/integration/bind-env.sh) and a small
# driver; the scripts check its results with dig.
check_PROGRAMS += tests/integration/test_dns
tests_integration_test_dns_SOURCES = tests/integration/test_dns.c
tests_integration_test_dns_LDADD = $(ACMETUI_LIBS)
EXTRA_DIST += tests/integration/bind-env.sh
if HAVE_LDNS
SCRIPT_TESTS += tests/integration/dns01.sh
endif
EXTRA_DIST += tests/integration/dns01.sh
EXTRA_DIST += contrib/hooks/nsupdate-hook.sh contrib/hooks/challtestsrv-hook.sh
