# SPDX-License-Identifier: ISC
# src/crypto sources (module-owned list)
libacmetui_a_SOURCES += \
	src/crypto/key.c src/crypto/key.h \
	src/crypto/csr.c src/crypto/csr.h \
	src/crypto/cert.c src/crypto/cert.h

UNIT_TESTS += tests/unit/test_crypto tests/unit/test_jws
# test_jws tests src/acme/jws.c over the keys it signs with.
tests_unit_test_crypto_SOURCES = tests/unit/test_crypto.c
tests_unit_test_crypto_LDADD = $(ACMETUI_LIBS)
tests_unit_test_jws_SOURCES = tests/unit/test_jws.c
tests_unit_test_jws_LDADD = $(ACMETUI_LIBS)
