#!/bin/bash
# SPDX-License-Identifier: ISC
# chaos.sh - the CLI against a real Pebble set to misbehave in the ways
# real CAs do, one Pebble per condition, started one after another:
#   - half of all good nonces rejected (PEBBLE_WFE_NONCEREJECT=50):
#     issue, renew and revoke still succeed on badNonce retries;
#     with authorizations never reused (PEBBLE_AUTHZREUSE=0): the
#     renewal, a second order for the same names, validates again;
#   - every valid authorization reused (PEBBLE_AUTHZREUSE=100): a second
#     order for the same names needs no challenge (the web server is
#     stopped, so answering one would fail);
#   - slow validation (PEBBLE_VA_SLEEPTIME): polling with backoff waits
#     for it without wasting seconds or hammering the CA;
#   - alternate chains (PEBBLE_ALTERNATE_ROOTS=2): the default chain
#     without a preference, the alternate one asked for by its issuer
#     name with --preferred-chain, and the default one again when the
#     name matches no chain.
# Every issued certificate is checked with openssl: its names, that it
# matches the stored key, that the stored chain leads to the root.
# Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
. "$here/pebble-env.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
command -v sqlite3 >/dev/null ||
	{ echo "Bail out! sqlite3 (the CLI) is needed"; exit 1; }
command -v busybox >/dev/null ||
	{ echo "Bail out! busybox (its httpd) is needed"; exit 1; }

httpd_pid=
cleanup() {
	stop_httpd
	pebble_stop
}
stop_httpd() {
	if [ -n "$httpd_pid" ]; then
		kill "$httpd_pid" 2>/dev/null
		wait "$httpd_pid" 2>/dev/null
	fi
	httpd_pid=
}
trap cleanup EXIT

a() { "$ACMETUI" "$@"; }
q() { sqlite3 -batch -noheader "$ACMETUI_DB" "$1"; }
now_ms() { date +%s%3N; }

# up LABEL VAR=value...: a fresh Pebble with those settings, a fresh
# inventory, a web server on the VA's HTTP port and an account "p".
up() {
	local label=$1
	shift
	stop_httpd
	pebble_stop
	pebble_start "$@" || { echo "Bail out! Pebble ($label) did not start"
		exit 1; }
	work=$PEBBLE_TMP/work
	mkdir -p "$work/webroot"
	export ACMETUI_DB=$work/inv/acmetui.db
	export ACMETUI_CA_FILE=$PEBBLE_CA_FILE
	start_httpd
	printf '%s\n' "$EAB_HMAC" >"$work/hmac"
	chmod 600 "$work/hmac"
	run a account add --agree-tos p --server "$PEBBLE_DIR" --eab-kid "$EAB_KID" \
		--eab-hmac-key-file "$work/hmac"
	ok $rc "$label: account registered ($errout)"
}

start_httpd() {
	busybox httpd -f -p "127.0.0.1:$PEBBLE_HTTP_PORT" \
		-h "$work/webroot" &
	httpd_pid=$!
}

# check_cert LABEL NAME DOMAIN...: exports NAME into $work/NAME and checks
# with openssl that the certificate carries exactly the DOMAINs, matches
# the exported key and verifies through the stored chain to one of
# Pebble's roots.
check_cert() {
	local label=$1 name=$2 k want got k1 k2
	shift 2
	run a cert export "$name" --out "$work/$name"
	ok $rc "$label: $name exported ($errout)"
	want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
	got=$(openssl x509 -in "$work/$name/cert.pem" -noout \
		-ext subjectAltName 2>/dev/null | tr ',' '\n' |
		sed -n 's/^ *DNS://p' | sort | tr '\n' ' ')
	[ -n "$got" ] && [ "$got" = "$want" ]
	ok $? "$label: $name carries exactly its names ($got)"
	k1=$(openssl x509 -in "$work/$name/cert.pem" -noout -pubkey |
		openssl pkey -pubin -outform DER 2>/dev/null | sha256sum)
	k2=$(openssl pkey -in "$work/$name/privkey.pem" -pubout \
		-outform DER 2>/dev/null | sha256sum)
	[ -n "$k1" ] && [ "$k1" = "$k2" ]
	ok $? "$label: $name matches its stored key"
	curl -sSf --max-time 10 --cacert "$PEBBLE_CA_FILE" \
		"$PEBBLE_MGMT/roots/0" >"$work/roots.pem" &&
		for k in 1 2; do
			curl -sf --max-time 10 --cacert "$PEBBLE_CA_FILE" \
				"$PEBBLE_MGMT/roots/$k" 2>/dev/null
		done >>"$work/roots.pem"
	openssl verify -CAfile "$work/roots.pem" \
		-untrusted "$work/$name/chain.pem" \
		"$work/$name/cert.pem" >/dev/null 2>&1
	ok $? "$label: $name verifies through its stored chain"
}

# serial NAME: the hex serial of NAME's certificate, as openssl prints it.
serial() {
	openssl x509 -in "$work/$1/cert.pem" -noout -serial | sed 's/.*=//'
}

# --- half of all good nonces rejected, authorizations never reused -----
# With no reuse every order answers one challenge per name (the renewal
# too, which is the check of PEBBLE_AUTHZREUSE=0), so the requests sent
# once per order, per name or per revocation can be counted, and
# Pebble's log shows how many attempts they took.
t0=$(now_ms)
up nonce PEBBLE_WFE_NONCEREJECT=50 PEBBLE_AUTHZREUSE=0
four=(n.example.test www.n.example.test api.n.example.test
	mail.n.example.test)
run a cert add n --account p "${four[@]/#/-d}" --webroot "$work/webroot"
ok $rc "nonce: cert add ($errout)"
run a cert issue n
ok $rc "nonce: issue despite 50% badNonce ($errout)"
check_cert nonce n "${four[@]}"
s1=$(serial n)
run a cert renew n --force
ok $rc "nonce: renew despite 50% badNonce ($errout)"
check_cert nonce n "${four[@]}"
s2=$(serial n)
[ -n "$s2" ] && [ "$s1" != "$s2" ]; ok $? "nonce: renewal is a new certificate"
n=$(q "SELECT count(*) FROM events e JOIN certificates c
       ON c.id = e.cert_id WHERE c.name = 'n'
       AND e.message LIKE 'asking the CA to validate 4 of 4 names%'")
r=0
[ "$n" = 2 ] || { r=1; q "SELECT stage, message FROM events" | sed 's/^/# /'; }
ok $r "noreuse: the renewal answered every challenge again ($n orders did)"
run a cert revoke n --reason superseded
ok $rc "nonce: revoke despite 50% badNonce ($errout)"
pebble_cert_status "$s2" | grep -q '"Status": *"Revoked"'
ok $? "nonce: Pebble says the certificate is revoked"
run a cert add m --account p "${four[@]/#/-d}" --webroot "$work/webroot"
run a cert issue m
ok $rc "nonce: a second certificate issues too ($errout)"
check_cert nonce m "${four[@]}"
# Pebble logs every attempt, not its rejections: three orders of one
# newOrder, four challenge responses and one finalize each, plus one
# revocation, are 19 requests; more attempts are badNonce retries.  All
# 19 passing at the first attempt has a chance of 2^-19 (2e-6).
attempts=$(grep -c 'POST /\(order-plz\|chalZ/\|finalize-order/\|revoke-cert\)' \
	"$PEBBLE_TMP/pebble.log")
[ "$attempts" -gt 19 ]
ok $? "nonce: Pebble rejected nonces ($attempts attempts for 19 requests)"
echo "# nonce: $(( $(now_ms) - t0 )) ms"

# --- valid authorizations reused, then never reused -------------------
t0=$(now_ms)
up reuse PEBBLE_AUTHZREUSE=100
run a cert add r1 --account p -d r.example.test -d www.r.example.test \
	--webroot "$work/webroot"
run a cert issue r1
ok $rc "reuse: first order validates ($errout)"
check_cert reuse r1 r.example.test www.r.example.test
# Nothing serves the challenges any more: answering one would fail.
stop_httpd
chal0=$(grep -c 'POST /chalZ/' "$PEBBLE_TMP/pebble.log")
run a cert add r2 --account p -d www.r.example.test -d r.example.test \
	--webroot "$work/webroot"
run a cert issue r2
ok $rc "reuse: second order for the same names issues ($errout)"
check_cert reuse r2 r.example.test www.r.example.test
n=$(q "SELECT count(*) FROM events e JOIN certificates c
       ON c.id = e.cert_id WHERE c.name = 'r2'
       AND e.message LIKE 'all 2 authorizations already valid%'")
[ "$n" = 1 ]; ok $? "reuse: both authorizations seen as already valid ($n)"
n=$(q "SELECT count(*) FROM events e JOIN certificates c
       ON c.id = e.cert_id WHERE c.name = 'r2'
       AND e.message LIKE 'asking the CA to validate%'")
chal=$(( $(grep -c 'POST /chalZ/' "$PEBBLE_TMP/pebble.log") - chal0 ))
[ "$n" = 0 ] && [ "$chal" = 0 ]
ok $? "reuse: no challenge answered for the second order ($n; $chal at Pebble)"
echo "# reuse=100: $(( $(now_ms) - t0 )) ms"

# --- slow validation ---------------------------------------------------
# Pebble sleeps 0 to SLEEPTIME-1 whole seconds before each validation
# attempt (it logs how long).  The client cannot see the authorization
# valid before then, and with polling from 10 ms doubling to 2 s it
# should see it at most about 2 s after (plus the rest of the issuance).
up slow PEBBLE_VA_NOSLEEP=0 PEBBLE_VA_SLEEPTIME=4
run a cert add s --account p -d s.example.test -d www.s.example.test \
	--webroot "$work/webroot"
t0=$(now_ms)
run a cert issue s
dt=$(( $(now_ms) - t0 ))
ok $rc "slow: issue waits for a validation that takes seconds ($errout)"
check_cert slow s s.example.test www.s.example.test
slept=$(sed -n 's/.*Sleeping for \([0-9]*\)s seconds before validating.*/\1/p' \
	"$PEBBLE_TMP/pebble.log" | sort -n | tail -n 1)
[ -n "$slept" ] && [ "$dt" -ge $((slept * 1000)) ] &&
	[ "$dt" -lt $((slept * 1000 + 6000)) ]
ok $? "slow: issued in $dt ms, Pebble slept up to ${slept:-?} s"
polls=$(grep -c 'POST /authZ/\|POST /chalZ/' "$PEBBLE_TMP/pebble.log")
[ "$polls" -le 40 ]
ok $? "slow: polling backs off ($polls authorization/challenge requests)"

# --- alternate chains ----------------------------------------------------
t0=$(now_ms)
up chains PEBBLE_ALTERNATE_ROOTS=2
for k in 0 1 2; do
	curl -sSf --max-time 10 --cacert "$PEBBLE_CA_FILE" \
		"$PEBBLE_MGMT/roots/$k" >"$work/root$k.pem"
done
root_cn() {
	openssl x509 -in "$1" -noout -subject -nameopt multiline |
		sed -n 's/^ *commonName *= *//p'
}
cn0=$(root_cn "$work/root0.pem")
cn2=$(root_cn "$work/root2.pem")
[ -n "$cn0" ] && [ -n "$cn2" ] && [ "$cn0" != "$cn2" ]
ok $? "chains: Pebble has distinct roots ($cn0; $cn2)"

# chain_root NAME: the CN the top of NAME's stored chain names as issuer.
chain_root() {
	local last
	last=$(awk '/BEGIN CERT/ { n++ } { print > (f n) }' \
		f="$work/$1/part" "$work/$1/chain.pem"; ls "$work/$1"/part* |
		sort -V | tail -n 1)
	openssl x509 -in "$last" -noout -issuer -nameopt multiline |
		sed -n 's/^ *commonName *= *//p'
}
# issued_by NAME ROOTFILE: NAME verifies to ROOTFILE alone.
issued_by() {
	openssl verify -CAfile "$2" -untrusted "$work/$1/chain.pem" \
		"$work/$1/cert.pem" >/dev/null 2>&1
}

run a cert add def --account p -d def.example.test --webroot "$work/webroot"
run a cert issue def
ok $rc "chains: issue without a preference ($errout)"
check_cert chains def def.example.test
got=$(chain_root def)
[ "$got" = "$cn0" ] && issued_by def "$work/root0.pem"
ok $? "chains: no preference keeps the default chain ($got)"

run a cert add alt --account p -d alt.example.test \
	--webroot "$work/webroot" --preferred-chain "$cn2"
run a cert issue alt
ok $rc "chains: issue preferring '$cn2' ($errout)"
check_cert chains alt alt.example.test
got=$(chain_root alt)
[ "$got" = "$cn2" ] && issued_by alt "$work/root2.pem" &&
	! issued_by alt "$work/root0.pem"
ok $? "chains: the stored chain is the one asked for ($got)"

run a cert add none --account p -d none.example.test \
	--webroot "$work/webroot" --preferred-chain "No Such Root"
run a cert issue none
ok $rc "chains: issue preferring a name no chain has ($errout)"
run a cert export none --out "$work/none"
got=$(chain_root none)
[ "$got" = "$cn0" ] && issued_by none "$work/root0.pem"
ok $? "chains: an unmatched preference falls back to the default ($got)"
echo "# chains: $(( $(now_ms) - t0 )) ms"

done_testing
