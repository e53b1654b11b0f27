# SPDX-License-Identifier: ISC
# src/acme sources (module-owned list): the RFC 8555 protocol layer.
libacmetui_a_SOURCES += \
	src/acme/types.c src/acme/types.h \
	src/acme/jws.c src/acme/jws.h \
	src/acme/headers.c src/acme/headers.h \
	src/acme/http.c src/acme/http.h \
	src/acme/nonce.c src/acme/nonce.h \
	src/acme/problem.c src/acme/problem.h \
	src/acme/directory.c src/acme/directory.h \
	src/acme/client.c src/acme/client.h
libacmetui_a_SOURCES += \
	src/acme/account.c src/acme/account.h \
	src/acme/order.c src/acme/order.h \
	src/acme/authz.c src/acme/authz.h \
	src/acme/certificate.c src/acme/certificate.h \
	src/acme/ari.c src/acme/ari.h \
	src/acme/orders_list.c src/acme/orders_list.h

UNIT_TESTS += tests/unit/test_acme
tests_unit_test_acme_SOURCES = tests/unit/test_acme.c
tests_unit_test_acme_LDADD = $(ACMETUI_LIBS)
