#!/bin/bash
# SPDX-License-Identifier: ISC
# potfiles.sh - every C file with a translatable string is listed in
# po/POTFILES.in, and every file listed there exists: a file missing
# from the list leaves its messages out of the catalog, so they stay
# English in every language without any other test noticing.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../integration/tap.sh"
src=${top_srcdir:-$here/../..}
cd "$src" || exit 1
marked=$(grep -rlE '\b_\("|\bN_\("|ngettext\(' src db ui --include='*.c' | sort)
listed=$(sed 's/#.*//' po/POTFILES.in | grep . | sort)
[ "$(echo "$marked" | wc -l)" -gt 50 ]
ok $? "files with translatable strings found ($(echo "$marked" | wc -l))"
missing=$(comm -23 <(echo "$marked") <(echo "$listed") | tr '\n' ' ')
[ -z "$missing" ]
ok $? "each is in po/POTFILES.in (missing: $missing)"
gone=""
for f in $listed; do [ -f "$f" ] || gone="$gone $f"; done
[ -z "$gone" ]
ok $? "each file po/POTFILES.in lists exists (gone:$gone)"
done_testing
