# SPDX-License-Identifier: ISC
# Static analysis and memcheck (not part of `make check`; setup.sh --check
# runs both once, in its -Werror build):
#   make lint            the format (clang-format 14, .clang-format),
#                        cppcheck, then clang-tidy, over src/
#   make check-valgrind  the fast unit tests and one Pebble lifecycle
#                        under valgrind memcheck (not in an ASan build)
# See tests/static/README for the configuration and its reasons.
EXTRA_DIST += .clang-tidy tests/static/README tests/static/analyzer-model.h \
	tests/static/cppcheck.sh tests/static/cppcheck.supp \
	tests/static/clang-tidy.sh tests/static/valgrind.sh \
	.clang-format tests/static/format.sh

lint: lint-format lint-cppcheck lint-clang-tidy
# Every C file as clang-format 14 writes it; fix one with clang-format -i.
lint-format:
	bash $(srcdir)/tests/static/format.sh
lint-cppcheck:
	$(SHELL) $(srcdir)/tests/static/cppcheck.sh $(abs_top_builddir)
lint-clang-tidy:
	$(SHELL) $(srcdir)/tests/static/clang-tidy.sh $(abs_top_builddir)
check-valgrind: acmetui$(EXEEXT) $(UNIT_TESTS)
	bash $(srcdir)/tests/static/valgrind.sh $(abs_top_builddir)
.PHONY: lint lint-format lint-cppcheck lint-clang-tidy check-valgrind

# Every source file names its licence (SPDX, ISC): part of make check.
# A new file needs that line too, or this test fails.
SCRIPT_TESTS += tests/static/spdx.sh
# Every file with translatable strings is in po/POTFILES.in.
SCRIPT_TESTS += tests/static/potfiles.sh
# Each local.mk builds only its own folder.
SCRIPT_TESTS += tests/static/localmk.sh
# Only src/util/env.c reads the environment; acmetui(1) lists it all.
SCRIPT_TESTS += tests/static/getenv.sh
