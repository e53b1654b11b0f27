#!/bin/bash
# SPDX-License-Identifier: ISC
# batch_renew.sh - `acmetui --renew-due` against a real Pebble: the
# renewal time of an issuance without ARI (Debian's Pebble 2.4 has no
# renewalInfo: the lifetime rule and its reason); 50 due certificates at
# -j 8 all renew; two runs started together over 10 due certificates
# renew each exactly once; a run killed (SIGKILL) in the middle leaves
# orders in flight that the next run resumes without ordering again; the
# per-account cap (--per-account 1 with -j 8) still completes, with no
# two orders of the account in flight at once.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
. "$here/pebble-env.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
command -v sqlite3 >/dev/null ||
	{ echo "Bail out! sqlite3 (the CLI) is needed"; exit 1; }
trap pebble_stop EXIT
pebble_start || { echo "Bail out! Pebble did not start"; exit 1; }

work=$PEBBLE_TMP/work
mkdir -p "$work"
export ACMETUI_DB=$work/inv/acmetui.db
export ACMETUI_CA_FILE=$PEBBLE_CA_FILE
a() { "$ACMETUI" "$@"; }
q() { sqlite3 -batch -noheader "$ACMETUI_DB" "$1"; }
# Orders per certificate, "name count" lines for names LIKE $1.
orders() {
	q "SELECT c.name || ' ' || count(o.id) FROM certificates c
	   LEFT JOIN orders o ON o.cert_id = c.id WHERE c.name LIKE '$1'
	   GROUP BY c.id ORDER BY c.name"
}
due_now() { for n in "$@"; do a cert set "$n" --renew-at now || return 1; done; }

# One web server for every run: unlike the built-in standalone responder
# it serves two processes at once and outlives a killed run.
webroot=$work/webroot
mkdir -p "$webroot"
busybox httpd -f -p "127.0.0.1:$PEBBLE_HTTP_PORT" -h "$webroot" &
httpd_pid=$!
trap 'kill $httpd_pid 2>/dev/null; pebble_stop' EXIT

printf '%s\n' "$EAB_HMAC" >"$work/hmac"
chmod 600 "$work/hmac"
run a account add --agree-tos p --server "$PEBBLE_DIR" --eab-kid "$EAB_KID" \
	--eab-hmac-key-file "$work/hmac"
ok $rc "account add ($errout)"

names=()
for i in $(seq -w 1 50); do
	names+=("b$i")
	a cert add "b$i" --account p -d "b$i.example.test" \
		--webroot "$webroot" >/dev/null || break
done
printf '%s\n' "${names[@]}" | xargs -P 8 -n 1 "$ACMETUI" cert issue \
	>"$work/issue.out" 2>&1
rc=$?
ok $rc "50 certificates issued ($(tail -n 3 "$work/issue.out"))"

# Pebble offers no renewalInfo: the lifetime rule, with its reason, and
# nothing to poll.
row=$(q "SELECT renew_at - (not_after - (not_after - not_before) / 3),
	 (not_after - not_before) / 10, renew_reason, ari_next_poll IS NULL
	 FROM certificates WHERE name = 'b01'")
IFS='|' read -r off win reason nopoll <<<"$row"
[ "$off" -ge 0 ] && [ "$off" -lt "$win" ]
ok $? "renew_at inside the one-third window (offset $off of $win s)"
[ "$reason" = "one third of the lifetime left" ]
ok $? "renewal reason says the lifetime rule ($reason)"
[ "$nopoll" = 1 ]; ok $? "no ARI poll scheduled without renewalInfo"

run a --renew-due --dry-run
[ "$rc" -eq 0 ] && echo "$out" | grep -q "^Nothing is due"
ok $? "nothing due yet, and the dry run says so ($out)"

# 50 due at -j 8: all renew, one new order each.
due_now "${names[@]}"
start=$(date +%s)
run a --renew-due -j 8 --json
ok $rc "50 due at -j 8: run succeeds in $(($(date +%s) - start)) s ($errout)"
renewed=$(echo "$out" | grep -o '"renewed": [0-9]*' | grep -o '[0-9]*$')
[ "$renewed" = 50 ]; ok $? "all 50 renewed ($renewed)"
[ -z "$(orders 'b%' | grep -v ' 2$')" ]
ok $? "each has exactly two orders (issue + renewal)"

# Two runs started together over 10 due certificates.
due_now b0{1..9} b10
"$ACMETUI" --renew-due -j 4 --json >"$work/r1" 2>&1 &
p1=$!
"$ACMETUI" --renew-due -j 4 --json >"$work/r2" 2>&1 &
p2=$!
wait $p1; rc1=$?
wait $p2; rc2=$?
[ "$rc1" -eq 0 ] && [ "$rc2" -eq 0 ]
ok $? "two concurrent runs succeed ($rc1, $rc2)"
# Counted as well, so that an empty list cannot pass as "nothing bad".
rows=$(orders 'b0%' | head -n 9; orders 'b10')
bad=$(grep -v ' 3$' <<<"$rows")
[ "$(grep -c . <<<"$rows")" = 10 ] && [ -z "$bad" ]
ok $? "each of the 10 renewed exactly once ($bad)"
n1=$(grep -o '"renewed": [0-9]*' "$work/r1" | grep -o '[0-9]*$')
n2=$(grep -o '"renewed": [0-9]*' "$work/r2" | grep -o '[0-9]*$')
[ $((${n1:-0} + ${n2:-0})) -eq 10 ]
ok $? "the two runs renewed 10 between them ($n1 + $n2)"

# Killed in the middle: the first finalize kills the process while other
# workers have orders in flight.
kill_set=(b11 b12 b13 b14 b15 b16 b17 b18 b19 b20)
due_now "${kill_set[@]}"
run env ACMETUI_FAULT=after-finalize "$ACMETUI" --renew-due -j 4
[ "$rc" -eq 137 ]; ok $? "the batch dies at the fault point (rc=$rc)"
run a --renew-due -j 4
ok $rc "the next run completes ($errout)"
# Before this phase each had 2 orders; the crash left some with a third
# in flight: the rerun resumes those and orders once for the others.
rows=$(orders 'b1%' | grep -v '^b10 '; orders 'b20')
bad=$(grep -v ' 3$' <<<"$rows")
[ "$(grep -c . <<<"$rows")" = 10 ] && [ -z "$bad" ]
ok $? "one order each across crash and rerun ($bad)"
left=$(q "SELECT count(*) FROM certificates WHERE name IN
	  ('b11','b12','b13','b14','b15','b16','b17','b18','b19','b20')
	  AND (renew_at <= strftime('%s', 'now') OR stage != 'monitoring')")
[ "$left" = 0 ]; ok $? "all ten renewed after the crash ($left left)"
resumed=$(q "SELECT count(*) FROM events WHERE message LIKE 'resuming order%'")
[ "$resumed" -ge 1 ]; ok $? "orders in flight were resumed ($resumed)"

# The per-account cap: one at a time, still all done.
cap_set=(b21 b22 b23 b24 b25 b26 b27 b28)
due_now "${cap_set[@]}"
mark=$(q "SELECT max(id) FROM events")
run a --renew-due -j 8 --per-account 1 --json
renewed=$(echo "$out" | grep -o '"renewed": [0-9]*' | grep -o '[0-9]*$')
[ "$rc" -eq 0 ] && [ "$renewed" = 8 ]
ok $? "--per-account 1 -j 8 renews all 8 ($renewed; $errout)"
# With one order at a time, each renewal's "new order" event comes after
# the previous renewal's "certificate issued" event (event ids grow).
overlap=$(q "SELECT count(*) FROM events n JOIN events i
	     ON i.cert_id = n.cert_id AND i.id > n.id
	     AND i.message LIKE 'certificate issued%'
	     JOIN events n2 ON n2.id > n.id AND n2.id < i.id
	     AND n2.message LIKE 'new order%' AND n2.cert_id != n.cert_id
	     WHERE n.message LIKE 'new order%' AND n.id > $mark
	     AND n.subject IN
	     ('b21','b22','b23','b24','b25','b26','b27','b28')
	     AND n2.subject IN
	     ('b21','b22','b23','b24','b25','b26','b27','b28')")
[ "$overlap" = 0 ]; ok $? "no two orders of the account overlapped ($overlap)"
run a --renew-due -j 8 --per-account 0
[ "$rc" -eq 2 ]; ok $? "--per-account 0 is a usage error"

done_testing
