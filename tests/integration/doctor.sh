#!/bin/bash
# SPDX-License-Identifier: ISC
# doctor.sh - `acmetui doctor` against a real Pebble whose DNS is
# pebble-challtestsrv (A and CAA records mocked through its management
# API): a healthy setup passes (before and after issuance, with the days
# to expiry), and each broken setup fails with a reason and advice: a
# name that does not resolve, a standalone HTTP-01 or TLS-ALPN-01
# listener the name does not lead to, CAA forbidding the CA.  Also a
# DNS-01 hook self-test, --json, exit codes, the recorded check result
# and escaping of what the DNS says.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
. "$here/pebble-env.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
top_srcdir=${top_srcdir:-$here/../..}

trap pebble_stop EXIT
pebble_start || { echo "Bail out! Pebble did not start"; exit 1; }

work=$PEBBLE_TMP/work
mkdir -p "$work"
export ACMETUI_DB=$work/inv/acmetui.db
export ACMETUI_CA_FILE=$PEBBLE_CA_FILE
export ACMETUI_DNS_RESOLVER=$CHALLTESTSRV_DNS
# In a sanitizer build, reports go to files checked at the end (a failing
# doctor exits 1 anyway, which would hide one).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$work/san"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$work/san"
a() { "$ACMETUI" "$@"; }
# cts ENDPOINT JSON: one call of challtestsrv's management API.
cts() { curl -sf --max-time 5 -X POST -d "$2" "$CHALLTESTSRV_MGMT/$1" >/dev/null; }
# row CHECK DOMAIN: the table line of that check and domain in $out.
row() { printf '%s\n' "$out" | awk -v c="$1" -v d="$2" '$1 == c && $2 == d'; }
# sq SQL: reads the inventory (the check result doctor records).
sq() { sqlite3 -cmd '.timeout 5000' "$ACMETUI_DB" "$1"; }

run a account add --agree-tos pebble --server "$PEBBLE_DIR" --eab-kid "$EAB_KID" \
	--eab-hmac-key "$EAB_HMAC"
ok $rc "account registered (rc=$rc: $errout)"

# --- healthy: standalone HTTP-01 on Pebble's port, name -> 127.0.0.1 ---
run a cert add good --account pebble -d good.example.test \
	--standalone --http-port "$PEBBLE_HTTP_PORT"
ok $rc "cert add good"
run a doctor good
ok $rc "healthy setup: exit 0 (rc=$rc: $errout)"
echo "$out" | head -1 | grep -q 'CHECK.*DOMAIN.*RESULT.*REASON'
ok $? "table header"
for c in resolve caa http-01; do
	row "$c" good.example.test | grep -q '\[ ok \]'
	ok $? "healthy: $c passes ($(row "$c" good.example.test))"
done
for c in account clock rate-limit; do
	row "$c" - | grep -q '\[ ok \]'
	ok $? "healthy: $c passes ($(row "$c" -))"
done
row expiry - | grep -q 'not issued yet'
ok $? "doctor works before any issuance ($(row expiry -))"
! echo "$out" | grep -q 'FAIL'
ok $? "no FAIL anywhere"
row resolve good.example.test | grep -q '127.0.0.1'
ok $? "resolved through the configured resolver"
[ "$(sq "SELECT last_check_result FROM domains WHERE name = 'good.example.test'")" = pass ]
ok $? "check result recorded for the domain"
n=$(sq "SELECT count(*) FROM events e JOIN certificates c ON c.id = e.cert_id
	WHERE c.name = 'good' AND e.stage = 'doctor'")
[ "$n" -ge 6 ]
ok $? "each finding is an event in the certificate's log, as in the TUI ($n)"
[ -z "$errout" ]; ok $? "the table, not progress lines, shows them ($errout)"

run a doctor good --json
ok $rc "--json: exit 0"
printf '%s' "$out" | python3 -c '
import json, sys
j = json.load(sys.stdin)
assert j["schema_version"] == 1 and j["certificate"] == "good"
r = j["checks"]
assert isinstance(r, list) and r
assert all(set(x) >= {"check", "domain", "result", "reason", "advice"} for x in r)
assert all(x["result"] in ("pass", "warn", "fail") for x in r)
assert any(x["check"] == "http-01" and x["result"] == "pass" for x in r)
'
ok $? "--json: an array of checks with results"

# --- a name that does not resolve ---
run a cert add nx --account pebble -d nx.example.test --standalone \
	--http-port "$PEBBLE_HTTP_PORT"
cts set-default-ipv4 '{"ip":""}'
run a doctor nx
cts set-default-ipv4 '{"ip":"127.0.0.1"}'
[ "$rc" -eq 1 ]
ok $? "unresolvable name: exit 1 (rc=$rc)"
row resolve nx.example.test | grep -q 'FAIL.*no A or AAAA record'
ok $? "resolve fails with the reason ($(row resolve nx.example.test))"
echo "$out" | grep -q -- '-> publish an A or AAAA record'
ok $? "and the advice"
sq "SELECT last_check_result FROM domains WHERE name = 'nx.example.test'" |
	grep -q '^fail: resolve: '
ok $? "failure recorded for the domain"

# --- standalone HTTP-01 listening where the name does not lead ---
run a cert add closed --account pebble -d closed.example.test --standalone \
	--http-addr 127.0.0.1 --http-port "$PEBBLE_HTTP_PORT"
cts add-a '{"host":"closed.example.test.","addresses":["127.0.0.2"]}'
run a doctor closed
[ "$rc" -eq 1 ]
ok $? "closed port: exit 1 (rc=$rc)"
row http-01 closed.example.test | grep -q 'FAIL.*nothing answers on port '"$PEBBLE_HTTP_PORT"' of 127.0.0.2'
ok $? "http-01 self-test reaches nothing ($(row http-01 closed.example.test))"
echo "$out" | grep -q -- '-> the name points to 127.0.0.2'
ok $? "with advice about where the name points"

# --- TLS-ALPN-01: healthy, and listening where the name does not lead ---
run a cert add alpn --account pebble -d alpn.example.test -d alpnx.example.test \
	--tls-port "$PEBBLE_TLS_PORT" --tls-addr 127.0.0.1
ok $rc "cert add alpn: tls-alpn-01 on 127.0.0.1 only, Pebble's TLS port ($errout)"
cts add-a '{"host":"alpnx.example.test.","addresses":["127.0.0.2"]}'
run a doctor alpn
[ "$rc" -eq 1 ]
ok $? "tls-alpn-01 with one unreachable name: exit 1"
row tls-alpn-01 alpn.example.test | grep -q '\[ ok \].*answered the test challenge'
ok $? "tls-alpn-01 self-test passes ($(row tls-alpn-01 alpn.example.test))"
row tls-alpn-01 alpnx.example.test | grep -q 'FAIL.*nothing answers on port '"$PEBBLE_TLS_PORT"' of 127.0.0.2'
ok $? "tls-alpn-01 self-test reaches nothing ($(row tls-alpn-01 alpnx.example.test))"
echo "$out" | grep -q "not answered by acmetui's responder"
ok $? "with advice naming the responder"

# --- CAA forbidding the CA ---
run a cert add caa --account pebble -d www.caa.example.test --standalone \
	--http-port "$PEBBLE_HTTP_PORT"
cts add-caa '{"host":"caa.example.test.","policies":[{"tag":"issue","value":";"}]}'
run a doctor caa
[ "$rc" -eq 1 ]
ok $? "CAA forbidding every CA: exit 1"
row caa www.caa.example.test | grep -q 'FAIL.*CAA at caa.example.test forbids every CA'
ok $? "found by climbing to the parent ($(row caa www.caa.example.test))"
cts clear-caa '{"host":"caa.example.test."}'
cts add-caa '{"host":"caa.example.test.","policies":[{"tag":"issue","value":"other-ca.test"}]}'
run a doctor caa
row caa www.caa.example.test | grep -Eq 'FAIL.*allows only: other-ca.test|warn.*does not publish.*other-ca.test'
ok $? "CAA naming another CA: fail, or warn when the CA publishes no identity ($(row caa www.caa.example.test))"
cts clear-caa '{"host":"caa.example.test."}'
cts add-caa '{"host":"caa.example.test.","policies":[{"tag":"issue","value":"evil\u001b[2J"}]}'
run a doctor caa --json
! printf '%s' "$out" | grep -q $'\x1b' &&
	printf '%s' "$out" | grep -q 'forbids every CA'
ok $? "a hostile CAA value is malformed: forbids, never printed raw"
cts clear-caa '{"host":"caa.example.test."}'

# --- DNS-01 with a hook: a test record added, seen and removed ---
run a cert add dns --account pebble -d dns.example.test \
	--dns-hook "$top_srcdir/contrib/hooks/challtestsrv-hook.sh"
ok $rc "cert add dns, by dns-01 with the challtestsrv hook ($errout)"
run a doctor dns
ok $rc "dns-01 hook: exit 0 (rc=$rc: $errout)"
row dns-01 dns.example.test | grep -q '\[ ok \].*added, seen and removed'
ok $? "dns-01 self-test passes ($(row dns-01 dns.example.test))"
[ -z "$(dig +short -p "${CHALLTESTSRV_DNS##*:}" @127.0.0.1 TXT _acme-challenge.dns.example.test)" ]
ok $? "the test record is gone"
run a domain set dns.example.test --dns-hook /bin/false
ok $rc "domain set: the hook becomes /bin/false ($errout)"
run a doctor dns
[ "$rc" -eq 1 ] && row dns-01 dns.example.test | grep -q 'FAIL.*cannot be put in place'
ok $? "a failing hook fails the check ($(row dns-01 dns.example.test))"

# --- after issuance: days to expiry ---
run a cert issue good
ok $rc "issue good (rc=$rc: $errout)"
run a doctor good
ok $rc "doctor after issuance: exit 0"
row expiry - | grep -Eq '\[ ok \] +[0-9]+ days to expiry'
ok $? "days to expiry ($(row expiry -))"
row rate-limit - | grep -q '1 orders'
ok $? "the order is in the rate-limit ledger ($(row rate-limit -))"

# --- usage ---
run a doctor no-such-cert
[ "$rc" -ne 0 ] && [ "$(printf '%s\n' "$errout" | wc -l)" -eq 1 ]
ok $? "unknown certificate: non-zero exit, one line ($errout)"
run a doctor
[ "$rc" -eq 2 ]
ok $? "no name: usage error"
! ls "$work"/san.* >/dev/null 2>&1
ok $? "no sanitizer reports"

done_testing
