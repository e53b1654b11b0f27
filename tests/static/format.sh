#!/bin/bash
# SPDX-License-Identifier: ISC
# format.sh - every C source and header of the tree is formatted as
# .clang-format says (STYLE.md: one written format, checked by a tool).
# Lists the files that are not and exits 1; exits 0 when all are.
# Exits 77 (skipped) without clang-format 14: the style was measured with
# it, and other versions break some lines differently.  $CLANG_FORMAT
# names another binary.  Not TAP: run it from make (check-format), not
# from TESTS.  To fix a file: clang-format -i FILE (from the top).
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=${top_srcdir:-$here/../..}
cd "$src" || exit 99

cf=${CLANG_FORMAT:-}
if [ -z "$cf" ]; then
	for c in clang-format-14 clang-format; do
		command -v "$c" >/dev/null && { cf=$c; break; }
	done
fi
if [ -z "$cf" ] || ! command -v "$cf" >/dev/null; then
	echo "format.sh: skipped: no clang-format (set CLANG_FORMAT)" >&2
	exit 77
fi
major=$("$cf" --version | sed -n 's/.*version \([0-9]*\)\..*/\1/p')
if [ "$major" != 14 ]; then
	echo "format.sh: skipped: $cf is version ${major:-unknown}, the" \
		"style is checked with clang-format 14" >&2
	exit 77
fi
[ -s .clang-format ] || { echo "format.sh: no .clang-format in $src" >&2; exit 99; }

# The sources of the tree; build directories (_b/ and such) and the
# fuzz corpus are not.
mapfile -t files < <(find src tests bench contrib -type f \
	\( -name '*.c' -o -name '*.h' \) ! -path 'tests/fuzz/corpus/*' \
	! -path '*/_*/*' 2>/dev/null | sort)
[ "${#files[@]}" -gt 100 ] ||
	{ echo "format.sh: only ${#files[@]} C files found in $src" >&2; exit 99; }

# One run over all files; each violation is a "FILE:LINE:COL: warning:"
# line.  Any other failure (a bad .clang-format) is a hard error.
out=$("$cf" --style=file --dry-run "${files[@]}" 2>&1)
rc=$?
bad=$(printf '%s\n' "$out" |
	sed -n 's/^\(.*\):[0-9]*:[0-9]*: warning: .*clang-format-violations.*/\1/p' |
	sort -u)
if [ "$rc" -ne 0 ] || printf '%s\n' "$out" | grep -q ': error:'; then
	printf '%s\n' "$out" | grep -v 'warning\|^ \|^\s*\^' | head -n 20 >&2
	echo "format.sh: $cf failed (exit $rc)" >&2
	exit 99
fi
if [ -n "$bad" ]; then
	n=$(printf '%s\n' "$bad" | grep -c .)
	echo "$n of ${#files[@]} files are not formatted as .clang-format says:"
	printf '%s\n' "$bad" | sed 's/^/  /'
	echo "fix: clang-format -i FILE (in $(pwd))"
	exit 1
fi
echo "all ${#files[@]} C files are formatted"
exit 0
