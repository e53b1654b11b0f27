#!/bin/bash
# SPDX-License-Identifier: ISC
# cli_challenges.sh - every validation method through the CLI against a
# real Pebble: wildcard + apex by DNS-01 through a hook (two TXT values at
# one name), TLS-ALPN-01 standalone, mixed methods in one order, DNS-01 by
# RFC 2136 with TSIG to a real BIND that Pebble resolves through (also via
# CNAME delegation), and the failures: a failing hook, a hanging hook
# killed at its bound, a record that never propagates, a wrong TSIG key.
# Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/tap.sh"
. "$here/pebble-env.sh"
ACMETUI=${ACMETUI:-$top/acmetui}
hook=$top/contrib/hooks/challtestsrv-hook.sh
trap pebble_stop EXIT
pebble_start || { echo "Bail out! Pebble did not start"; exit 1; }

work=$PEBBLE_TMP/work
mkdir -p "$work"
export ACMETUI_DB=$work/inv/acmetui.db ACMETUI_CA_FILE=$PEBBLE_CA_FILE
a() { "$ACMETUI" "$@"; }
dnsopts=(--challenge dns-01 --dns-hook "$hook" --dns-check resolver
	--dns-resolver "$CHALLTESTSRV_DNS")
printf '%s\n' "$EAB_HMAC" >"$work/hmac"
run a account add --agree-tos p --server "$PEBBLE_DIR" --eab-kid "$EAB_KID" \
	--eab-hmac-key-file "$work/hmac"
ok $rc "account ($errout)"

# --- wildcard + apex: one TXT name, two values, both present at once ---
run a cert add wild --account p -d wild.test -d '*.wild.test' "${dnsopts[@]}"
ok $rc "cert add wildcard + apex with dns-01 hook ($errout)"
run a cert issue wild
ok $rc "wildcard certificate issued ($errout)"
run a cert export wild --out "$work/wild"
openssl x509 -in "$work/wild/cert.pem" -noout -ext subjectAltName |
	grep -q 'DNS:\*.wild.test'
ok $? "certificate carries *.wild.test"
run dig +short +time=2 +tries=1 -p "${CHALLTESTSRV_DNS##*:}" \
	@"${CHALLTESTSRV_DNS%:*}" TXT _acme-challenge.wild.test
[ -z "$out" ]; ok $? "TXT records removed after validation ($out)"
run a cert add wildhttp --account p -d '*.nope.test' --standalone
[ "$rc" -eq 2 ] && echo "$errout" | grep -q 'dns-01'
ok $? "a wildcard without dns-01 is refused ($errout)"

# --- TLS-ALPN-01 on the port Pebble's VA connects to ---
run a cert add alpn --account p -d alpn.example.test -d www.alpn.example.test \
	--challenge tls-alpn-01 --tls-addr 127.0.0.1 --tls-port "$PEBBLE_TLS_PORT"
ok $rc "cert add tls-alpn-01 ($errout)"
run a cert issue alpn
ok $rc "tls-alpn-01 certificate issued ($errout)"

# --- two methods in one order ---
run a cert add mix --account p -d web.mix.test -d dns.mix.test \
	--standalone --http-addr 127.0.0.1 --http-port "$PEBBLE_HTTP_PORT"
ok $rc "cert add mix ($errout)"
run a domain set dns.mix.test "${dnsopts[@]}"
ok $rc "domain set switches one name to dns-01 ($errout)"
run a cert show mix
echo "$out" | grep -q 'dns.mix.test .*dns-01 hook' &&
	echo "$out" | grep -q 'web.mix.test .*http-01 standalone'
ok $? "cert show lists each name's method"
run a cert issue mix
ok $rc "mixed http-01 + dns-01 order issued ($errout)"

# --- failures ---
cat >"$work/fail-hook" <<'HOOK'
#!/bin/sh
echo "provider API says: invalid token" >&2
exit 3
HOOK
cat >"$work/hang-hook" <<'HOOK'
#!/bin/sh
sleep 600
HOOK
cat >"$work/noop-hook" <<'HOOK'
#!/bin/sh
exit 0
HOOK
chmod +x "$work"/*-hook
a cert add f1 --account p -d f1.example.test --challenge dns-01 \
	--dns-hook "$work/fail-hook" --dns-check none >/dev/null
run a cert issue f1
[ "$rc" -eq 1 ] && echo "$errout" | grep -q 'exit 3' &&
	echo "$errout" | grep -q 'invalid token'
ok $? "a failing hook: exit status and stderr in the error ($errout)"
a cert add f2 --account p -d f2.example.test --challenge dns-01 \
	--dns-hook "$work/hang-hook" --dns-check none >/dev/null
start=$(date +%s)
run env ACMETUI_DNS_HOOK_TIMEOUT=2 "$ACMETUI" cert issue f2
took=$(( $(date +%s) - start ))
[ "$rc" -eq 1 ] && [ "$took" -lt 30 ]
ok $? "a hanging hook is killed at its bound (${took}s: $errout)"
a cert add f3 --account p -d f3.example.test --challenge dns-01 \
	--dns-hook "$work/noop-hook" --dns-check resolver \
	--dns-resolver "$CHALLTESTSRV_DNS" --dns-wait 2 >/dev/null
run a cert issue f3
[ "$rc" -eq 1 ] && echo "$errout" | grep -q '_acme-challenge.f3.example.test'
ok $? "a record that never propagates times out naming it ($errout)"
run a cert show f3 --json
echo "$out" | grep -q '"last_error": ".*_acme-challenge.f3.example.test'
ok $? "the timeout is the certificate's last error"

# --- RFC 2136 with TSIG to a real BIND, which Pebble resolves through ---
. "$here/bind-env.sh"
trap 'bind_stop; pebble_stop' EXIT
bind_start || { echo "Bail out! BIND did not start"; exit 1; }
pebble_stop
PEBBLE_DNS_SERVER=$BIND_SERVER pebble_start ||
	{ echo "Bail out! Pebble (BIND DNS) did not start"; exit 1; }
export ACMETUI_DB=$work/inv2/acmetui.db ACMETUI_CA_FILE=$PEBBLE_CA_FILE
a account add --agree-tos p --server "$PEBBLE_DIR" --eab-kid "$EAB_KID" \
	--eab-hmac-key-file <(printf '%s\n' "$EAB_HMAC") >/dev/null
printf '%s\n' "$TSIG_SECRET" >"$work/tsig"
rfc=(--challenge dns-01 --rfc2136 "$BIND_SERVER" --rfc2136-zone example.test
	--tsig-name "$TSIG_NAME" --tsig-alg "$TSIG_ALG"
	--tsig-secret-file "$work/tsig" --dns-resolver "$BIND_SERVER")
run a cert add ddns --account p -d ddns.example.test -d '*.ddns.example.test' "${rfc[@]}"
ok $rc "cert add rfc2136 ($errout)"
run a cert show ddns --json
[ "$rc" -eq 0 ] &&
	echo "$out" | grep -qF "\"validation\": \"dns-01 rfc2136 $BIND_SERVER" &&
	! echo "$out" | grep -qF -e "$TSIG_SECRET"
ok $? "cert show names the RFC 2136 server, never the TSIG secret"
run a cert issue ddns
ok $rc "RFC 2136 (TSIG) wildcard + apex certificate issued ($errout)"
run bind_dig TXT _acme-challenge.ddns.example.test
[ -z "$out" ]; ok $? "records deleted from BIND afterwards ($out)"

# _acme-challenge.alias.example.test is a CNAME to another name: the
# record must be written there (a zone of its own in real life; BIND here
# answers the chain only within one zone, as it does not recurse).
run a cert add deleg --account p -d alias.example.test "${rfc[@]}"
ok $rc "cert add for a delegated name ($errout)"
run a -v cert issue deleg
ok $rc "CNAME delegation: issued ($errout)"
echo "$errout" | grep -q 'goes at alias-target.delegated.example.test'
ok $? "the record was written at the CNAME target"
run bind_dig TXT alias-target.delegated.example.test
[ -z "$out" ]; ok $? "and removed from there afterwards ($out)"

printf '%s\n' "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=" >"$work/badtsig"
a cert add badkey --account p -d badkey.example.test --challenge dns-01 \
	--rfc2136 "$BIND_SERVER" --rfc2136-zone example.test \
	--tsig-name "$TSIG_NAME" --tsig-alg "$TSIG_ALG" \
	--tsig-secret-file "$work/badtsig" --dns-resolver "$BIND_SERVER" >/dev/null
run a cert issue badkey
[ "$rc" -eq 1 ] && echo "$errout" | grep -qi 'tsig\|badsig'
ok $? "a wrong TSIG key is named in the error ($errout)"
done_testing
