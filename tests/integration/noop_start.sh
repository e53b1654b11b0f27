#!/bin/bash
# SPDX-License-Identifier: ISC
# noop_start.sh - the cron run with nothing due stays at its floor (issue
# 13, item 7): `--renew-due` over an inventory where nothing is due never
# loads libcurl (nor, through it, OpenSSL's TLS set-up and the trust
# store), checked with the dynamic loader's own record (LD_DEBUG=files),
# and still exits 0.  No timing is asserted: bench/run.sh measures it.
# Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
builddir=$(cd "$(dirname "$ACMETUI")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

make -C "$builddir" bench/populate >/dev/null 2>&1
"$builddir/bench/populate" "$tmp/inv.db" 200
ok $? "inventory of 200 certificates, none due (bench/populate)"

# loaded ARGS...: runs acmetui ARGS with the loader reporting every
# object it opens; sets $rc and $libs (the objects' names).
loaded() {
	LD_DEBUG=files LD_DEBUG_OUTPUT=$tmp/ld "$ACMETUI" --db "$tmp/inv.db" \
		"$@" >"$tmp/out" 2>&1
	rc=$?
	libs=$(cat "$tmp"/ld.* 2>/dev/null | sed -n 's/.*file=\([^ ]*\).*/\1/p' |
		sort -u)
	rm -f "$tmp"/ld.*
}

# The check can see libcurl: a dry run given a staging URL parses it with
# libcurl's URL parser before it finds that nothing is due.
loaded --renew-due --dry-run --staging-url https://acme.invalid/dir
[ "$rc" -eq 0 ] && printf '%s\n' "$libs" | grep -q '^libcurl'
ok $? "a run that parses a URL loads libcurl (rc=$rc)"

loaded --renew-due
ok $rc "--renew-due with nothing due exits 0 ($(cat "$tmp/out"))"
! printf '%s\n' "$libs" | grep -q '^libcurl'
ok $? "--renew-due with nothing due loads no libcurl ($(echo $libs | grep -o 'libcurl[^ ]*'))"
loaded --renew-due --quiet --json
! printf '%s\n' "$libs" | grep -q '^libcurl'
ok $? "nor with --json ($(echo $libs | grep -o 'libcurl[^ ]*'))"

done_testing
