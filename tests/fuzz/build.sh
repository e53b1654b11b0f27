#!/bin/sh
# SPDX-License-Identifier: ISC
# build.sh - compiles the libFuzzer harnesses (called by `make fuzz-build`
# from tests/fuzz/fuzz.mk, which passes the compiler and flags).
#
#   build.sh SRCDIR OUTDIR "LIB_SOURCES" HARNESS...
#
# Environment: FUZZ_CC, FUZZ_CFLAGS (sanitizers, optimisation),
# FUZZ_CPPFLAGS (include paths, pkg-config cflags), FUZZ_LIBS.
# The library sources are compiled with -fsanitize=fuzzer-no-link into
# OUTDIR/obj (only when the source or any header is newer than the
# object), archived, and each harness tests/fuzz/fuzz_NAME.c is linked
# against the archive with -fsanitize=fuzzer into OUTDIR/fuzz_NAME.
set -eu
srcdir=$1 outdir=$2 libsrcs=$3
shift 3
: "${FUZZ_CC:=clang}"
if ! command -v "$FUZZ_CC" >/dev/null 2>&1; then
	echo "build.sh: $FUZZ_CC not found: the fuzz harnesses need clang" \
	     "with libFuzzer (install clang or pass FUZZ_CC=...)" >&2
	exit 1
fi
mkdir -p "$outdir/obj"
cc() {
	# shellcheck disable=SC2086 # the flag lists are meant to split
	"$FUZZ_CC" -std=gnu11 -pthread $FUZZ_CPPFLAGS $FUZZ_CFLAGS "$@"
}
newest_header=$(ls -t "$srcdir"/src/*/*.h "$srcdir"/tests/fuzz/fuzz.h \
	2>/dev/null | head -n 1)
objs= rebuilt=0
for src in $libsrcs; do
	obj=$outdir/obj/$(echo "$src" | sed 's|/|_|g; s|\.c$|.o|')
	objs="$objs $obj"
	if [ ! -f "$obj" ] || [ "$srcdir/$src" -nt "$obj" ] ||
	   [ "$newest_header" -nt "$obj" ]; then
		echo "  FUZZCC   $src"
		cc -fsanitize=fuzzer-no-link -c "$srcdir/$src" -o "$obj"
		rebuilt=1
	fi
done
lib=$outdir/libacmetui-fuzz.a
if [ $rebuilt = 1 ] || [ ! -f "$lib" ]; then
	rm -f "$lib"
	# shellcheck disable=SC2086
	ar rcs "$lib" $objs
fi
for name in "$@"; do
	src=$srcdir/tests/fuzz/fuzz_$name.c bin=$outdir/fuzz_$name
	if [ ! -f "$bin" ] || [ "$src" -nt "$bin" ] || [ "$lib" -nt "$bin" ] ||
	   [ "$newest_header" -nt "$bin" ]; then
		echo "  FUZZLD   fuzz_$name"
		# shellcheck disable=SC2086
		cc -fsanitize=fuzzer "$src" "$lib" $FUZZ_LIBS -o "$bin"
	fi
done
