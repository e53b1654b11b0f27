# SPDX-License-Identifier: ISC
# tests/fuzz: libFuzzer harnesses for the parsers of untrusted input.
#
#   make fuzz                    build, then fuzz each harness for
#                                $FUZZ_SECONDS (default 30) seconds
#   make fuzz FUZZ_SECONDS=600 FUZZ_HARNESSES=credpkg
#   make fuzz-build              only build (into tests/fuzz/)
#   make check                   tests/fuzz/regress.sh replays the
#                                committed corpora once; with
#                                FUZZ_SECONDS=10 in the environment it
#                                also fuzzes each harness that long (CI)
#
# The harnesses are built with clang (FUZZ_CC) outside automake, since
# libFuzzer needs clang while the program may be built with gcc; they
# get the same pkg-config flags as the program.  New inputs a run finds
# stay in the build tree (tests/fuzz/work/NAME); the committed corpus in
# tests/fuzz/corpus/NAME is never written.  Crashes go to
# tests/fuzz/artifacts/.
FUZZ_CC = clang
FUZZ_HARNESSES = directory account order authz problem credpkg domain \
	pem headers safe b64url confobj jwk shconf
FUZZ_CFLAGS = -g -O1 -Wall -Wextra -Wno-unused-parameter \
	-fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CPPFLAGS = -I$(top_srcdir)/src -I$(top_srcdir) -I$(top_builddir) \
	-I$(top_srcdir)/tests/fuzz \
	$(OPENSSL_CFLAGS) $(CURL_CFLAGS) $(SQLITE_CFLAGS) $(JSONC_CFLAGS) \
	$(LDNS_CFLAGS)
FUZZ_LIBS = $(OPENSSL_LIBS) $(CURL_LIBS) $(SQLITE_LIBS) $(JSONC_LIBS) \
	$(LDNS_LIBS) $(LIBINTL) $(LIBS)
# The library sources the harnesses reach (the ACME object parsers pull
# in the client for their shared types).
FUZZ_LIB_SRCS = \
	src/util/err.c src/util/safe.c src/util/buf.c src/util/b64url.c \
	src/util/json.c src/util/fileio.c src/util/curl_lib.c \
	src/util/clock.c src/util/utctime.c \
	src/parse/credpkg.c src/parse/domain.c \
	src/crypto/key.c src/crypto/cert.c \
	src/acme/types.c src/util/url.c src/acme/headers.c \
	src/acme/problem.c src/acme/directory.c src/acme/account.c \
	src/acme/order.c src/acme/authz.c src/acme/client.c \
	src/acme/http.c src/acme/nonce.c src/acme/jws.c src/acme/ari.c \
	src/migrate/confobj.c src/migrate/jwk.c src/migrate/shconf.c

fuzz-build: $(top_builddir)/config.h
	FUZZ_CC='$(FUZZ_CC)' FUZZ_CFLAGS='$(FUZZ_CFLAGS)' \
	FUZZ_CPPFLAGS='$(FUZZ_CPPFLAGS)' FUZZ_LIBS='$(FUZZ_LIBS)' \
	$(SHELL) $(srcdir)/tests/fuzz/build.sh $(srcdir) \
		$(builddir)/tests/fuzz '$(FUZZ_LIB_SRCS)' $(FUZZ_HARNESSES)

fuzz: fuzz-build
	$(SHELL) $(srcdir)/tests/fuzz/run.sh $(builddir)/tests/fuzz \
		$(srcdir)/tests/fuzz/corpus "$${FUZZ_SECONDS:-30}" \
		$(FUZZ_HARNESSES)

fuzz-clean:
	rm -rf $(builddir)/tests/fuzz/obj $(builddir)/tests/fuzz/work \
		$(builddir)/tests/fuzz/check-work \
		$(builddir)/tests/fuzz/artifacts \
		$(builddir)/tests/fuzz/libacmetui-fuzz.a
	for h in $(FUZZ_HARNESSES); do \
		rm -f $(builddir)/tests/fuzz/fuzz_$$h; \
	done
clean-local: fuzz-clean

.PHONY: fuzz fuzz-build fuzz-clean

# make check: replay the corpora (and fuzz briefly when FUZZ_SECONDS is
# set); the harnesses are built first.
SCRIPT_TESTS += tests/fuzz/regress.sh
tests/fuzz/regress.log: fuzz-build
EXTRA_DIST += tests/fuzz/corpus tests/fuzz/fuzz.h tests/fuzz/build.sh \
	tests/fuzz/run.sh \
	tests/fuzz/fuzz_directory.c tests/fuzz/fuzz_account.c \
	tests/fuzz/fuzz_order.c tests/fuzz/fuzz_authz.c \
	tests/fuzz/fuzz_problem.c tests/fuzz/fuzz_credpkg.c \
	tests/fuzz/fuzz_domain.c tests/fuzz/fuzz_pem.c \
	tests/fuzz/fuzz_headers.c tests/fuzz/fuzz_safe.c \
	tests/fuzz/fuzz_b64url.c \
	tests/fuzz/fuzz_confobj.c tests/fuzz/fuzz_jwk.c \
	tests/fuzz/fuzz_shconf.c
