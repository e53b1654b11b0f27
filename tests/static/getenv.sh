#!/bin/bash
# SPDX-License-Identifier: ISC
# getenv.sh - the environment is read in one place, src/util/env.c (the
# configuration step), and every variable read there is documented in
# the ENVIRONMENT section of acmetui(1): a getenv() elsewhere would be a
# setting read at some later time, from some thread, and undocumented.
# Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../integration/tap.sh"
src=${top_srcdir:-$here/../..}
cd "$src" || exit 1
# Calls, not mentions: an argument follows the parenthesis.
callers=$(grep -rlE '\b(secure_)?getenv[[:space:]]*\([^)]' src \
	--include='*.c' --include='*.h' | sort | tr '\n' ' ')
[ "$callers" = "src/util/env.c " ]
ok $? "only src/util/env.c calls getenv() (callers: $callers)"
names=$(grep -oE 'lookup\("[A-Za-z_]+"' src/util/env.c |
	sed 's/lookup("//; s/"$//' | sort -u)
[ "$(echo "$names" | wc -l)" -ge 20 ]
ok $? "variables read in src/util/env.c ($(echo "$names" | wc -l))"
section=$(awk '/^\.SH ENVIRONMENT/ { on = 1; next } /^\.SH / { on = 0 }
	on' man/acmetui.1)
[ -n "$section" ]
ok $? "acmetui(1) has an ENVIRONMENT section"
missing=""
for n in $names; do
	echo "$section" | grep -qE "(^|[^A-Za-z_])$n([^A-Za-z_]|$)" ||
		missing="$missing $n"
done
[ -z "$missing" ]
ok $? "each is documented there (missing:$missing)"
done_testing
