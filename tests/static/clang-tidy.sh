#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/static/clang-tidy.sh - clang-tidy over acmetui's own C code (src/
# and its headers), two files at a time. Exits 1 on any
# finding. The checks are in the top-level .clang-tidy:
#
#   clang-analyzer-*  path-sensitive bugs: NULL use, leaks, use after
#                     free, garbage values. Not ...DeprecatedOrUnsafe-
#                     BufferHandling (it wants C11 Annex K memcpy_s and
#                     snprintf_s, which glibc does not have) nor
#                     valist.Uninitialized (clang 14 false positive on
#                     every va_list handed to a v*printf function,
#                     llvm/llvm-project#40656; -Wformat=2 checks those).
#   bugprone-*        suspicious constructs. Not easily-swappable-
#                     parameters (fires on any two adjacent parameters
#                     of one type) nor implicit-widening-of-multiplication-
#                     result (every hit is a constant such as 64 * 1024,
#                     whose overflow the compiler already rejects).
#                     unused-return-value checks the C calls whose failure
#                     must not pass silently (allocation, write, fsync,
#                     privileges, spawning, RAND_bytes...; .clang-tidy).
#   cert-*-c          the CERT C rules, minus err33-c: it demands a check
#                     of every snprintf/fprintf, where truncation is the
#                     intended bound; unused-return-value keeps the calls
#                     that matter.
#   misc-*            minus unused-parameters (callbacks share signatures;
#                     the build has -Wno-unused-parameter for the same
#                     reason).
#
#   tests/static/clang-tidy.sh [BUILDDIR] [FILE.c ...]
#
# BUILDDIR holds config.h (default: the source tree). Files default to
# every .c under src/. The compile flags are the build's,
# given explicitly so no compilation database is needed. Environment:
# CLANG_TIDY (the binary), JOBS (parallel files, default 2).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$top}" && pwd)
[ $# -eq 0 ] || shift
tidy=${CLANG_TIDY:-clang-tidy}
jobs=${JOBS:-2}

if ! command -v "$tidy" >/dev/null 2>&1; then
	echo "clang-tidy.sh: $tidy not found (Debian package clang-tidy)" >&2
	exit 77
fi
if [ ! -f "$build/config.h" ]; then
	echo "clang-tidy.sh: no config.h in $build: run configure first" >&2
	exit 2
fi

cd "$top"
[ $# -gt 0 ] || set -- $(find src -name '*.c' | LC_ALL=C sort)
cflags="-std=gnu11 -pthread -DHAVE_CONFIG_H -I$top/src -I$build"
cflags="$cflags -DLOCALEDIR=\"/usr/share/locale\" -DSYSCONFDIR=\"/etc\""
cflags="$cflags $(pkg-config --cflags ncursesw openssl libcurl sqlite3 \
	json-c 2>/dev/null || :)"
out=$(mktemp "${TMPDIR:-/tmp}/clang-tidy.XXXXXX")
trap 'rm -f "$out"' EXIT

# util/err.c defines err_set(), which the model header redefines as a
# macro: it is analysed without the model. A clang-tidy that fails
# without a finding (a crash) still counts, as an "error:" line.
T=$tidy M=$here/analyzer-model.h
export T M
for f in "$@"; do echo "$f"; done |
	xargs -P "$jobs" -I{} sh -c '
		f=$1; shift
		case $f in */util/err.c) ;; *) set -- "$@" -include "$M" ;; esac
		"$T" --quiet "$f" -- "$@" 2>/dev/null ||
			echo "$f: error: clang-tidy exited $?"' sh {} $cflags \
	> "$out" || :
if grep -q -E '(warning|error):' "$out"; then
	cat "$out"
	n=$(grep -c -E '^[^ ].*:[0-9]+:[0-9]+: (warning|error):' "$out" || :)
	echo "clang-tidy.sh: $n finding(s)" >&2
	exit 1
fi
echo "clang-tidy.sh: $# files clean"
