#!/bin/bash
# SPDX-License-Identifier: ISC
# localmk.sh - each folder's local.mk builds only that folder's sources
# (a contributor looks for a file's build line next to the file), and
# every C source in src/ is built exactly once.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../integration/tap.sh"
src=${top_srcdir:-$here/../..}
cd "$src" || exit 1
mks=$(find src -name local.mk | sort)
# The source paths a local.mk lists (comments left out).
listed() { sed 's/#.*//' "$1" | grep -oE 'src/[A-Za-z0-9_/.-]+\.[ch]\b'; }
[ "$(echo "$mks" | wc -l)" -gt 10 ]
ok $? "module local.mk files found ($(echo "$mks" | wc -l))"
foreign=""
for f in $mks; do
	d=$(dirname "$f")
	for p in $(listed "$f"); do
		case "$p" in "$d"/*) ;; *) foreign="$foreign $f:$p" ;; esac
	done
done
[ -z "$foreign" ]
ok $? "each lists only its own folder's files (others:$foreign)"
# A source line that does not continue a list (a merge can drop the
# backslash) is silently not built.
orphans=$(for f in $mks; do
	awk -v f="$f" '/^\tsrc\// && prev !~ /(\\|\+=)$/ {
		print f ":" FNR } { prev = $0 }' "$f"
done | tr '\n' ' ')
[ -z "$orphans" ]
ok $? "every source line continues its list (not:$orphans)"
all=$(for f in $mks; do listed "$f"; done | sort)
twice=$(echo "$all" | uniq -d | tr '\n' ' ')
[ -z "$twice" ]
ok $? "no source is listed twice ($twice)"
unbuilt=""
for c in $(find src -name '*.c' | sort); do
	echo "$all" | grep -qx "$c" || unbuilt="$unbuilt $c"
done
[ -z "$unbuilt" ]
ok $? "every C source is built (not listed:$unbuilt)"
done_testing
