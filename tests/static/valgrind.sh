#!/bin/bash
# SPDX-License-Identifier: ISC
# tests/static/valgrind.sh - memcheck over the fast unit tests and one real
# command-line lifecycle against a local Pebble. Exits 1 when a test fails
# or memcheck reports anything: invalid reads or writes, uninitialised
# values, and definite or indirect leaks ("still reachable" memory, the
# libraries' process-lifetime state, is not a leak here).
#
#   tests/static/valgrind.sh BUILDDIR
#
# BUILDDIR is a configured and built tree WITHOUT --enable-sanitizers
# (memcheck cannot run ASan binaries), with `make check` programs built.
# VALGRIND_NO_PEBBLE=1 skips the Pebble part (e.g. without pebble).
#
# The unit tests: the parsers (domain, credentials package, presets,
# util: base64url, JSON, safe text) and the ACME protocol parsers
# (test_acme: nonce, headers, problem, directory, authz, order, ARI).
# Not test_jws/test_crypto (RSA key generation under memcheck takes
# minutes) nor test_store (10,000-row scale test): the lifecycle run
# below drives JWS signing, EC keys, CSRs, certificate parsing and the
# SQLite store through the real program instead.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=$(cd "${1:?usage: valgrind.sh BUILDDIR}" && pwd)
jobs=${JOBS:-2}
UNITS="test_util test_domain test_credpkg test_presets test_acme"

if ! command -v valgrind >/dev/null 2>&1; then
	echo "valgrind.sh: valgrind not found (Debian package valgrind)" >&2
	exit 77
fi
if grep -q '^SAN_CFLAGS = -f' "$build/Makefile" 2>/dev/null; then
	echo "valgrind.sh: $build is a sanitizer build; use a plain one" >&2
	exit 2
fi

logs=$(mktemp -d "${TMPDIR:-/tmp}/acmetui-vg.XXXXXX") || exit 1
trap 'rm -rf "$logs"' EXIT
export VG="valgrind -q --tool=memcheck --error-exitcode=1
	--leak-check=full --errors-for-leak-kinds=definite,indirect
	--show-leak-kinds=definite,indirect --num-callers=30"
# The unit tests find their data (src/db/schema.sql) through top_srcdir.
export top_srcdir=$top top_builddir=$build LOGS=$logs

failed=0 n=0
report() { # name rc log
	n=$((n + 1))
	if [ "$2" -eq 0 ]; then
		echo "ok $n - $1 under memcheck"
	else
		echo "not ok $n - $1 under memcheck (exit $2)"
		sed 's/^/# /' "$3" | tail -n 80
		failed=$((failed + 1))
	fi
}

# Unit tests, $jobs at a time; each leaves NAME.rc and NAME.log.
for t in $UNITS; do echo "$t"; done |
	xargs -P "$jobs" -I{} sh -c '
		cd "$top_builddir" &&
		$VG --log-file="$LOGS/$1.vg" "./tests/unit/$1" \
			>"$LOGS/$1.log" 2>&1
		echo $? >"$LOGS/$1.rc"
		cat "$LOGS/$1.vg" >>"$LOGS/$1.log"' sh {}
for t in $UNITS; do
	report "$t" "$(cat "$logs/$t.rc" 2>/dev/null || echo 1)" "$logs/$t.log"
done

# One lifecycle through the real binary: register with EAB, issue by
# standalone HTTP-01, show, renew, revoke. Each command runs under
# memcheck; the first failure stops the run.
lifecycle() {
	. "$top/tests/integration/pebble-env.sh"
	trap pebble_stop RETURN
	pebble_start || { echo "Pebble did not start" >&2; return 1; }
	local w=$PEBBLE_TMP/work a="$build/acmetui"
	mkdir -p "$w"
	export ACMETUI_DB=$w/acmetui.db ACMETUI_CA_FILE=$PEBBLE_CA_FILE
	vga() {
		echo "+ acmetui $*"
		$VG "$a" "$@" </dev/null || return
	}
	vga account add --agree-tos pebble --server "$PEBBLE_DIR" \
		--eab-kid "$EAB_KID" --eab-hmac-key "$EAB_HMAC" \
		--email ops@example.test &&
	vga cert add solo --account pebble -d solo.example.test \
		-d api.example.test --standalone --http-addr 127.0.0.1 \
		--http-port "$PEBBLE_HTTP_PORT" &&
	vga cert issue solo &&
	vga cert show solo --json &&
	vga cert set solo --renew-at now &&
	vga --renew-due &&
	vga cert revoke solo --reason superseded &&
	vga account rollover pebble
}
if [ "${VALGRIND_NO_PEBBLE:-0}" != 1 ]; then
	(lifecycle) >"$logs/cli.log" 2>&1
	report "acmetui lifecycle against Pebble" $? "$logs/cli.log"
fi

echo "1..$n"
[ "$failed" -eq 0 ] || {
	echo "valgrind.sh: $failed of $n failed" >&2
	exit 1
}
