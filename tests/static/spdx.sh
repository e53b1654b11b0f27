#!/bin/bash
# SPDX-License-Identifier: ISC
# spdx.sh - every source file names its licence in an SPDX line (ISC):
# C, shell, Python, make and autoconf files, the man page and the shell
# completions.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../integration/tap.sh"
src=${top_srcdir:-$here/../..}
cd "$src" || exit 1
files=$(find src db ui tests bench contrib man po -type f \
	\( -name '*.c' -o -name '*.h' -o -name '*.sh' -o -name '*.py' \
	-o -name '*.mk' -o -name '*.1' -o -name acmetui -o -name _acmetui \) \
	! -path 'tests/fuzz/corpus/*' ! -path '*/_*/*' 2>/dev/null;
	ls Makefile.am configure.ac setup.sh bootstrap 2>/dev/null)
n=0 missing=""
for f in $files; do
	n=$((n + 1))
	head -n 5 "$f" | grep -q "SPDX-License-Identifier: ISC" ||
		missing="$missing $f"
done
[ "$n" -gt 100 ]
ok $? "source files found ($n)"
[ -z "$missing" ]
ok $? "each has an SPDX line (missing:$missing)"
[ -f LICENSE ] && grep -q "^ISC License" LICENSE
ok $? "LICENSE is the ISC licence"
done_testing
