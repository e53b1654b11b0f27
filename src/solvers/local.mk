# SPDX-License-Identifier: ISC
# src/solvers: one interface (solver.h), one file per challenge method.
libacmetui_a_SOURCES += \
	src/solvers/solver.c src/solvers/solver.h \
	src/solvers/from_domain.c src/solvers/from_domain.h \
	src/solvers/listener.c src/solvers/listener.h \
	src/solvers/http01_webroot.c src/solvers/http01_webroot.h \
	src/solvers/http01_standalone.c src/solvers/http01_standalone.h \
	src/solvers/tlsalpn01.c src/solvers/tlsalpn01.h \
	src/solvers/dns01.c src/solvers/dns01.h \
	src/solvers/dns01_hook.c src/solvers/dns01_hook.h \
	src/solvers/dns01_rfc2136.c src/solvers/dns01_rfc2136.h

UNIT_TESTS += tests/unit/test_solvers
tests_unit_test_solvers_SOURCES = tests/unit/test_solvers.c
tests_unit_test_solvers_LDADD = $(ACMETUI_LIBS)

UNIT_TESTS += tests/unit/test_solvers_responder
tests_unit_test_solvers_responder_SOURCES = \
	tests/unit/test_solvers_responder.c
tests_unit_test_solvers_responder_LDADD = $(ACMETUI_LIBS)

UNIT_TESTS += tests/unit/test_tlsalpn
tests_unit_test_tlsalpn_SOURCES = tests/unit/test_tlsalpn.c
tests_unit_test_tlsalpn_LDADD = $(ACMETUI_LIBS)
