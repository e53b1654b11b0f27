# SPDX-License-Identifier: ISC
# src/migrate: taking over certbot's (and later lego's, acme.sh's)
# certificates without reissuing; its command lives in src/cli/migrate.c.
libacmetui_a_SOURCES += \
	src/migrate/tree.c src/migrate/tree.h \
	src/migrate/jwk.c src/migrate/jwk.h \
	src/migrate/confobj.c src/migrate/confobj.h \
	src/migrate/plan.c src/migrate/plan.h \
	src/migrate/apply.c \
	src/migrate/certbot.c src/migrate/certbot.h \
	src/migrate/lego.c src/migrate/lego.h \
	src/migrate/shconf.c src/migrate/shconf.h \
	src/migrate/acmesh.c src/migrate/acmesh.h \
	src/migrate/rfc2136cred.c src/migrate/rfc2136cred.h

# The parsers of another client's tree, with hostile input.
UNIT_TESTS += tests/unit/test_migrate
tests_unit_test_migrate_SOURCES = tests/unit/test_migrate.c
tests_unit_test_migrate_LDADD = $(ACMETUI_LIBS)
