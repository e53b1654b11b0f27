#!/bin/bash
# SPDX-License-Identifier: ISC
# batch_policy.sh - the batch policies of `acmetui --renew-due` against
# real Pebbles: the per-CA cap across two accounts of one CA; a failed
# renewal waits out its backoff (skipped with "backoff until ...") and is
# tried again once retry_after has passed; a failed deploy is retried as
# a deploy only (no new order) with the same backoff; per-account notify
# hooks beside the global one; --dry-run rehearses at a second Pebble as
# the staging server (--staging-url) and leaves the inventory
# byte-identical but for its verdict events.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
. "$here/pebble-env.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
command -v sqlite3 >/dev/null ||
	{ echo "Bail out! sqlite3 (the CLI) is needed"; exit 1; }
command -v busybox >/dev/null ||
	{ echo "Bail out! busybox (httpd) is needed"; exit 1; }
pids=""
p1_tmp=""
cleanup() {
	local p
	for p in $pids; do kill "$p" 2>/dev/null; done
	pebble_stop
	[ -n "$p1_tmp" ] && rm -rf "$p1_tmp"
}
trap cleanup EXIT
# No authorization reuse: a broken validation must fail, not be skipped.
pebble_start PEBBLE_AUTHZREUSE=0 ||
	{ echo "Bail out! Pebble did not start"; exit 1; }

work=$PEBBLE_TMP/work
mkdir -p "$work"
export ACMETUI_DB=$work/inv/acmetui.db
export ACMETUI_CA_FILE=$PEBBLE_CA_FILE
a() { "$ACMETUI" "$@"; }
q() { sqlite3 -batch -noheader "$ACMETUI_DB" "$1"; }
due_now() { for n in "$@"; do a cert set "$n" --renew-at now || return 1; done; }
orders_of() { q "SELECT count(*) FROM orders o JOIN certificates c
		 ON c.id = o.cert_id WHERE c.name = '$1'"; }

webroot=$work/webroot
mkdir -p "$webroot"
busybox httpd -f -p "127.0.0.1:$PEBBLE_HTTP_PORT" -h "$webroot" &
pids="$pids $!"

# Hooks that keep what they are told, one file per hook.
for h in global acct; do
	printf '#!/bin/sh\ncat >>"%s"\n' "$work/$h.events" >"$work/$h.sh"
	chmod 755 "$work/$h.sh"
done

printf '%s\n' "$EAB_HMAC" >"$work/hmac1"
printf '%s\n' "$EAB_HMAC2" >"$work/hmac2"
chmod 600 "$work/hmac1" "$work/hmac2"
run a account add --agree-tos p1 --server "$PEBBLE_DIR" --eab-kid "$EAB_KID" \
	--eab-hmac-key-file "$work/hmac1"
ok $rc "account p1 ($errout)"
run a account add --agree-tos p2 --server "$PEBBLE_DIR" --eab-kid "$EAB_KID2" \
	--eab-hmac-key-file "$work/hmac2" --notify-cmd "$work/acct.sh"
ok $rc "account p2 with its own notify hook ($errout)"
[ "$(q "SELECT notify_cmd FROM accounts WHERE name = 'p2'")" = \
	"$work/acct.sh" ]
ok $? "p2's hook stored"
hook_events() { q "SELECT count(*) FROM events e JOIN accounts a
		   ON a.id = e.account_id WHERE a.name = '$1'
		   AND e.stage = 'account' AND e.message LIKE 'notify hook%'"; }
n_hook=$(hook_events p1)
n_all=$(q "SELECT count(*) FROM events")
run a account set p1 --notify-cmd "'unterminated"
[ "$rc" -eq 2 ]; ok $? "a hook the shell cannot parse is refused ($errout)"
run a account set nosuch --notify-cmd /bin/true
[ "$rc" -ne 0 ]; ok $? "account set of an unknown account fails"
[ -z "$(q "SELECT notify_cmd FROM accounts WHERE name = 'p1'")" ] &&
	[ "$(q "SELECT count(*) FROM events")" = "$n_all" ]
ok $? "the refusals wrote neither hook nor event"

names=()
for i in 1 2 3 4 5 6; do
	acct=p1; [ $((i % 2)) -eq 0 ] && acct=p2
	names+=("c$i")
	a cert add "c$i" --account $acct -d "c$i.example.test" \
		--webroot "$webroot" >/dev/null || break
done
printf '%s\n' "${names[@]}" | xargs -P 6 -n 1 "$ACMETUI" cert issue \
	>"$work/issue.out" 2>&1
ok $? "six certificates issued over two accounts ($(tail -n 2 "$work/issue.out"))"

# ---- per-CA cap: p1 and p2 share one CA (one Pebble) ----
due_now "${names[@]}"
mark=$(q "SELECT max(id) FROM events")
export ACMETUI_NOTIFY_HOOK=$work/global.sh
run a --renew-due -j 8 --per-account 4 --per-ca 1 --json
renewed=$(echo "$out" | grep -o '"renewed": [0-9]*' | grep -o '[0-9]*$')
[ "$rc" -eq 0 ] && [ "$renewed" = 6 ]
ok $? "--per-ca 1 -j 8 renews all 6 of two accounts ($renewed; $errout)"
# The largest number of orders in flight at once, from the event log:
# at each "new order" event, the certificates whose own "new order" came
# at or before it and whose "certificate issued" came after it.
inflight() {
	q "SELECT max(k) FROM (SELECT (SELECT count(DISTINCT n2.cert_id)
	FROM events n2 WHERE n2.id > $1 AND n2.id <= n.id
	AND n2.message LIKE 'new order%' AND NOT EXISTS (SELECT 1 FROM
	events i WHERE i.cert_id = n2.cert_id AND i.id > n2.id
	AND i.id < n.id AND i.message LIKE 'certificate issued%')) AS k
	FROM events n WHERE n.id > $1 AND n.message LIKE 'new order%')"
}
max=$(inflight "$mark")
[ "$max" = 1 ]; ok $? "never two orders at the CA at once ($max)"
# The same measure sees parallelism when the cap allows it, so it is a
# real check and not always 1.
due_now "${names[@]}"
mark=$(q "SELECT max(id) FROM events")
run a --renew-due -j 8 --per-account 4 --per-ca 2 --json
max=$(inflight "$mark")
[ "$rc" -eq 0 ] && [ "$max" -le 2 ] && [ "$max" -ge 1 ]
ok $? "--per-ca 2: at most two in flight ($max; $errout)"
run a --renew-due --per-ca 0
[ "$rc" -eq 2 ]; ok $? "--per-ca 0 is a usage error"

# ---- per-account notify hooks ----
g=$(cat "$work/global.events" 2>/dev/null)
h=$(cat "$work/acct.events" 2>/dev/null)
echo "$g" | grep -q '"certificate":"c1"' &&
	! echo "$g" | grep -q '"certificate":"c2"'
ok $? "the global hook got p1's events only"
echo "$h" | grep -q '"certificate":"c2"' &&
	echo "$h" | grep -q '"certificate":"c4"' &&
	! echo "$h" | grep -q '"certificate":"c1"'
ok $? "p2's hook got p2's events only"
n_hook=$(hook_events p2)
run a account set p2 --notify-cmd ""
ok $rc "account set --notify-cmd \"\" clears ($errout)"
[ -z "$(q "SELECT notify_cmd FROM accounts WHERE name = 'p2'")" ]
ok $? "p2 has no hook of its own now"
[ "$(hook_events p2)" = $((n_hook + 1)) ]
ok $? "the change is an event of p2 ($(hook_events p2) after $n_hook)"
: >"$work/global.events"
due_now c2
run a --renew-due
grep -q '"certificate":"c2"' "$work/global.events"
ok $? "p2's events go to the global hook again"
unset ACMETUI_NOTIFY_HOOK

# ---- backoff after a failed renewal ----
mkdir -p "$work/elsewhere"
a domain set c3.example.test --webroot "$work/elsewhere" >/dev/null
[ "$(q "SELECT e.message FROM events e JOIN certificates c
	ON c.id = e.cert_id WHERE c.name = 'c3' ORDER BY e.id DESC
	LIMIT 1")" = "validation of c3.example.test set by the operator: http-01" ]
ok $? "domain set is an event in c3's log"
n_all=$(q "SELECT count(*) FROM events")
c3_webroot() { q "SELECT webroot FROM domains WHERE name = 'c3.example.test'"; }
wr=$(c3_webroot)
run a domain set c3.example.test --webroot "$work/no-such-dir"
[ "$rc" -eq 2 ] && [ "$(q "SELECT count(*) FROM events")" = "$n_all" ] &&
	[ -n "$wr" ] && [ "$(c3_webroot)" = "$wr" ]
ok $? "a refused domain set writes neither row nor event ($rc)"
due_now c3
run a --renew-due
[ "$rc" -eq 1 ]; ok $? "a renewal that cannot validate fails (rc=$rc)"
row=$(q "SELECT fail_count, retry_after - strftime('%s','now')
	 FROM certificates WHERE name = 'c3'")
IFS='|' read -r fails wait <<<"$row"
[ "$fails" = 1 ] && [ "$wait" -gt 200 ] && [ "$wait" -le 300 ]
ok $? "backoff recorded: fail_count 1, retry in ${wait}s"
n_orders=$(orders_of c3)
run a --renew-due
[ "$rc" -eq 0 ] && echo "$out" | grep -q '^c3: skipped: backoff until '
ok $? "next run skips it: $out"
[ "$(orders_of c3)" = "$n_orders" ]; ok $? "no order while in backoff"
# The backoff is made to run out with sqlite3: the CLI cannot pass the
# 5-10 minutes, and `cert set --renew-at now` would also reset fail_count
# and retry_after, which are what these checks are about.
q "UPDATE certificates SET retry_after = strftime('%s','now') - 1
   WHERE name = 'c3'"
run a --renew-due
[ "$rc" -eq 1 ] && [ "$(orders_of c3)" -gt "$n_orders" ]
ok $? "once retry_after passed it is tried again (rc=$rc)"
row=$(q "SELECT fail_count, retry_after - strftime('%s','now')
	 FROM certificates WHERE name = 'c3'")
IFS='|' read -r fails wait <<<"$row"
[ "$fails" = 2 ] && [ "$wait" -gt 500 ] && [ "$wait" -le 600 ]
ok $? "the backoff doubled: fail_count 2, retry in ${wait}s"
a domain set c3.example.test --webroot "$webroot" >/dev/null
# sqlite3 again: `--renew-at now` would clear the backoff checked below.
q "UPDATE certificates SET retry_after = strftime('%s','now') - 1
   WHERE name = 'c3'"
run a --renew-due
[ "$rc" -eq 0 ] && [ "$(q "SELECT fail_count || '/' || ifnull(retry_after, '-')
	FROM certificates WHERE name = 'c3'")" = "0/-" ]
ok $? "renewed after the fix; backoff cleared ($out $errout)"

# ---- a failed deploy is retried as a deploy only ----
printf '#!/bin/sh\ntest -e "%s"\n' "$work/reload-ok" >"$work/reload.sh"
chmod 755 "$work/reload.sh"
a cert add d1 --account p1 -d d1.example.test --webroot "$webroot" \
	--deploy-dir "$work/deploy" --reload-cmd "$work/reload.sh" >/dev/null
mkdir -p "$work/deploy"
run a cert issue d1
[ "$rc" -ne 0 ]; ok $? "issued, but the reload fails (rc=$rc)"
row=$(q "SELECT stage, status, fail_count, retry_after > strftime('%s','now')
	 FROM certificates WHERE name = 'd1'")
[ "$row" = "installation|error|1|1" ]
ok $? "left at installation/error with a backoff ($row)"
n_orders=$(orders_of d1)
serial=$(q "SELECT serial FROM certificates WHERE name = 'd1'")
run a --renew-due
echo "$out" | grep -q '^d1: skipped: backoff until '
ok $? "the deploy waits out its backoff ($out)"
# Its backoff run out with sqlite3 as for c3 above (time, and fail_count).
q "UPDATE certificates SET retry_after = strftime('%s','now') - 1
   WHERE name = 'd1'"
run a --renew-due
[ "$rc" -eq 1 ] && [ "$(q "SELECT fail_count FROM certificates
	WHERE name = 'd1'")" = 2 ]
ok $? "deployed again, failed again: fail_count 2 (rc=$rc)"
touch "$work/reload-ok"
# sqlite3 again: `--renew-at now` would clear the backoff checked below.
q "UPDATE certificates SET retry_after = strftime('%s','now') - 1
   WHERE name = 'd1'"
run a --renew-due --json
echo "$out" | grep -q '"deployed": 1'
ok $? "deployed once the reload works ($out)"
row=$(q "SELECT stage, status, fail_count, ifnull(retry_after, '-'), serial
	 FROM certificates WHERE name = 'd1'")
[ "$row" = "monitoring|ok|0|-|$serial" ]
ok $? "monitoring, backoff cleared, same certificate ($row)"
[ "$(orders_of d1)" = "$n_orders" ]
ok $? "no new order for a deploy retry ($n_orders)"
[ -s "$work/deploy/fullchain.pem" ]; ok $? "files deployed"

# ---- --dry-run against a second Pebble as the staging server ----
# The staging Pebble must know p1's and p2's EAB keys: its key ids get
# this run's HMAC keys, in order (pebble-env makes fresh ones per start;
# its calls run in subshells, hence the counter file).
p1_tmp=$PEBBLE_TMP
p1_ca=$PEBBLE_CA_FILE
printf '%s\n%s\n' "$EAB_HMAC" "$EAB_HMAC2" >"$work/hmacs"
p1_hmac=$EAB_HMAC p1_hmac2=$EAB_HMAC2
_pebble_hmac() {
	local k
	k=$(head -n 1 "$work/hmacs")
	sed -i 1d "$work/hmacs"
	printf '%s' "$k"
}
pebble_start PEBBLE_AUTHZREUSE=0 ||
	{ echo "Bail out! the staging Pebble did not start"; exit 1; }
export EAB_HMAC=$p1_hmac EAB_HMAC2=$p1_hmac2
busybox httpd -f -p "127.0.0.1:$PEBBLE_HTTP_PORT" -h "$webroot" &
pids="$pids $!"
cat "$p1_ca" "$PEBBLE_CA_FILE" >"$work/both-ca.pem"
staging=$PEBBLE_DIR

dump() {
	local t
	for t in $(q "SELECT name FROM sqlite_master WHERE type = 'table'
		      AND name NOT IN ('events', 'renewal_runs')
		      ORDER BY name"); do
		sqlite3 -batch "$ACMETUI_DB" ".dump $t"
	done
}
due_now c1 c2
before=$(dump)
ev_before=$(q "SELECT count(*) FROM events")
run env ACMETUI_CA_FILE="$work/both-ca.pem" "$ACMETUI" --renew-due \
	--dry-run --staging-url "$staging" --json
tested=$(echo "$out" | grep -o '"tested": [0-9]*' | grep -o '[0-9]*$')
[ "$rc" -eq 0 ] && [ "$tested" = 2 ]
ok $? "dry run: both rehearsed at the staging Pebble ($tested; $errout)"
[ "$(dump)" = "$before" ]
ok $? "inventory byte-identical (but events)"
ev=$(q "SELECT count(*) FROM events")
[ $((ev - ev_before)) -eq 2 ]
ok $? "exactly one event per certificate ($((ev - ev_before)))"
msg=$(q "SELECT message FROM events WHERE subject = 'c1'
	 ORDER BY id DESC LIMIT 1")
case $msg in
"dry run ok: issued by the staging server $staging (serial "*) true ;;
*) false ;;
esac
ok $? "the event says so: $msg"
serial=$(echo "$msg" | sed -n 's/.*(serial \([0-9A-Fa-f:]*\)).*/\1/p' |
	tr -d ':')
pebble_cert_status "$serial" >"$work/status.json" 2>/dev/null ||
	pebble_cert_status "$(echo "$serial" | tr 'A-F' 'a-f')" \
		>"$work/status.json" 2>/dev/null
grep -q '"Status"' "$work/status.json"
ok $? "the staging Pebble issued serial $serial"

# A dry run that fails: the staging validation cannot succeed.
a domain set c1.example.test --webroot "$work/elsewhere" >/dev/null
before=$(dump)
run env ACMETUI_CA_FILE="$work/both-ca.pem" \
	ACMETUI_STAGING_URL="$staging" "$ACMETUI" --renew-due --dry-run
[ "$rc" -eq 1 ] && echo "$errout" | grep -q '^c1: dry run failed: '
ok $? "a failing rehearsal exits 1 and says why (rc=$rc)"
[ "$(dump)" = "$before" ]; ok $? "still nothing changed"
[ "$(q "SELECT level FROM events WHERE subject = 'c1'
	 ORDER BY id DESC LIMIT 1")" = error ]
ok $? "recorded as an error event"
a domain set c1.example.test --webroot "$webroot" >/dev/null
before=$(dump)

# No staging server known (Pebble is no preset) and no override: listed,
# with the pre-flight checks.
run a --renew-due --dry-run
echo "$out$errout" | grep -q 'c1: .*would renew (no staging server to test against); pre-flight checks: '
ok $? "no staging: listed with pre-flight checks ($out $errout)"
[ "$(dump)" = "$before" ]; ok $? "nothing changed"

done_testing
