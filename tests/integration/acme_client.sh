#!/bin/bash
# SPDX-License-Identifier: ISC
# acme_client.sh - the ACME protocol layer against a real Pebble: EAB
# (wrong key refused, onlyReturnExisting), a two-name order through
# http-01 (PEBBLE_VA_ALWAYS_VALID), finalize, download, revocation
# checked on Pebble's side, key rollover, a second order, deactivation.
# Nonce rejection is left at Pebble's 5%, so badNonce retries run too.
# TAP output; fails (never skips) when pebble is missing.

srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
builddir=${top_builddir:-$srcdir}
. "$srcdir/tests/integration/pebble-env.sh"
trap pebble_stop EXIT

# 30% of nonces rejected (Pebble default 5%) so that the badNonce retry
# path surely runs: with 10 retries per request a spurious failure is
# ~0.3^11 per request.
if ! pebble_start PEBBLE_VA_ALWAYS_VALID=1 PEBBLE_WFE_NONCEREJECT=30; then
	echo "1..1"
	echo "not ok 1 - pebble started"
	exit 1
fi

prog="$builddir/tests/integration/test_acme_client"
out="$PEBBLE_TMP/client.tap"
"$prog" "$PEBBLE_TMP" > "$out" 2>&1
status=$?

# Pass the program's lines through, then append the checks on Pebble's
# side, numbered after them; the plan goes last.
n=0
while IFS= read -r line; do
	case $line in
	1..*) ;;
	"ok "* | "not ok "*) n=$((n + 1)); echo "$line" ;;
	*) echo "# $line" ;;
	esac
done < "$out"
failed=0
if [ "$status" -ne 0 ]; then
	n=$((n + 1)); failed=1
	echo "not ok $n - test_acme_client exited with status $status"
fi

check_revoked() {
	local file=$1 what=$2 serial json
	n=$((n + 1))
	serial=$(cat "$PEBBLE_TMP/$file" 2>/dev/null)
	json=$(pebble_cert_status "$serial" 2>/dev/null)
	if [ -n "$serial" ] && printf '%s' "$json" |
		grep -q '"Status": *"Revoked"'; then
		echo "ok $n - Pebble reports the $what certificate revoked"
	else
		failed=1
		echo "not ok $n - Pebble reports the $what certificate revoked"
		echo "#   serial '$serial': $(printf '%s' "$json" | head -c 300)"
	fi
}
check_revoked revoked.serial first
check_revoked revoked2.serial second

echo "1..$n"
exit $failed
