#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/static/cppcheck.sh - cppcheck over acmetui's own C code (src/; the
# tests are not product code). Exits 1 on any finding.
#
#   tests/static/cppcheck.sh [BUILDDIR]
#
# BUILDDIR is where configure wrote config.h (default: the source tree), so
# the HAVE_* choices match the build. Environment: CPPCHECK (the binary),
# JOBS (parallel jobs, default 2).
#
# Configuration, and why:
# - --enable=warning,style,performance,portability: everything but
#   "information" (which only reports unfound system headers: they are not
#   given on purpose, the --library models describe them instead).
# - --library=posix,openssl,libcurl,sqlite3: argument and resource rules
#   for the APIs we call. Not gnu.cfg: it marks accept4()'s addrlen as
#   non-null although accept(2) documents NULL addr and addrlen.
# - -D as the build passes them (config.h, ncurses' _DEFAULT_SOURCE and
#   _XOPEN_SOURCE, the path macros); with -D given cppcheck checks that one
#   configuration instead of guessing every #ifdef combination.
# - --std=c11: the language level (the build's gnu11 minus extensions
#   cppcheck does not model).
# - Suppressions live in cppcheck.supp, one reason each; --inline-suppr
#   allows a /* cppcheck-suppress id */ next to a reviewed false positive.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$top}" && pwd)
cppcheck=${CPPCHECK:-cppcheck}
jobs=${JOBS:-2}

if ! command -v "$cppcheck" >/dev/null 2>&1; then
	echo "cppcheck.sh: $cppcheck not found (Debian package cppcheck)" >&2
	exit 77
fi
if [ ! -f "$build/config.h" ]; then
	echo "cppcheck.sh: no config.h in $build: run configure first" >&2
	exit 2
fi

cd "$top"
exec "$cppcheck" --quiet --error-exitcode=1 -j "$jobs" \
	--enable=warning,style,performance,portability \
	--library=posix,openssl,libcurl,sqlite3 \
	--std=c11 --inline-suppr \
	--suppressions-list="$here/cppcheck.supp" \
	--template='{file}:{line}: {severity}({id}): {message}' \
	-I src -I "$build" \
	-DHAVE_CONFIG_H -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600 \
	-DLOCALEDIR='"/usr/share/locale"' -DSYSCONFDIR='"/etc"' \
	src
