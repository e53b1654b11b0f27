#!/bin/bash
# cli_resume.sh - crash safety and real-CA behaviours against Pebble:
# a run killed (SIGKILL) after newOrder, after answering the challenges,
# after finalize and after download is resumed by the next run on the
# SAME order with the key stored before finalize; authorizations the CA
# reuses need no challenge; profiles are checked against the directory;
# IP address identifiers (RFC 8738); a second host reuses the account key
# bound to an EAB key id.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
. "$here/pebble-env.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
trap pebble_stop EXIT
pebble_start PEBBLE_AUTHZREUSE=100 ||
	{ echo "Bail out! Pebble did not start"; exit 1; }

work=$PEBBLE_TMP/work
mkdir -p "$work"
export ACMETUI_DB=$work/inv/acmetui.db
export ACMETUI_CA_FILE=$PEBBLE_CA_FILE
a() { "$ACMETUI" "$@"; }
solo() {
	a cert add "$1" --account p --standalone --http-addr 127.0.0.1 \
		--http-port "$PEBBLE_HTTP_PORT" "${@:2}"
}
events() { a cert show "$1" --json; }

printf '%s\n' "$EAB_HMAC" >"$work/hmac"
chmod 600 "$work/hmac"
run a account add p --server "$PEBBLE_DIR" --eab-kid "$EAB_KID" \
	--eab-hmac-key-file "$work/hmac"
ok $rc "account add with --eab-hmac-key-file ($errout)"

# The webroot is served by a separate web server, which (unlike the
# built-in standalone responder) outlives a killed run.
webroot=$work/webroot
mkdir -p "$webroot"
busybox httpd -f -p "127.0.0.1:$PEBBLE_HTTP_PORT" -h "$webroot" &
httpd_pid=$!
trap 'kill $httpd_pid 2>/dev/null; pebble_stop' EXIT

n=0
for point in after-neworder after-respond after-finalize after-download; do
	n=$((n + 1))
	a cert add "c$n" --account p -d "c$n.example.test" \
		-d "www.c$n.example.test" --webroot "$webroot" >/dev/null
	run env ACMETUI_FAULT=$point "$ACMETUI" cert issue "c$n"
	[ "$rc" -eq 137 ]; ok $? "$point: the first run dies (rc=$rc)"
	run a cert issue "c$n"
	ok $rc "$point: the next run completes ($errout)"
	run events "c$n"
	orders=$(echo "$out" | grep -c '"message": "new order')
	[ "$orders" -eq 1 ]; ok $? "$point: exactly one order was made ($orders)"
	echo "$out" | grep -q '"message": "resuming order'
	ok $? "$point: the stored order was resumed"
	echo "$out" | grep -q '"stage": "monitoring"'
	ok $? "$point: certificate stored"
done

[ -z "$(find "$webroot" -type f)" ]
ok $? "no challenge file left in the webroot"
kill "$httpd_pid"; wait "$httpd_pid" 2>/dev/null

# Killed after answering with the built-in responder: the responder died
# with the run.  Either the CA's validation failed meanwhile (the next run
# says why and orders again) or the CA had not tried yet (the next run
# answers again on the same order): both must end with a certificate.
solo dead -d dead.example.test >/dev/null
run env ACMETUI_FAULT=after-respond "$ACMETUI" cert issue dead
[ "$rc" -eq 137 ]; ok $? "standalone run killed after answering"
run a cert issue dead
ok $rc "the next run completes ($errout)"
run events dead
orders=$(echo "$out" | grep -c '"message": "new order')
{ [ "$orders" -eq 1 ] && echo "$out" | grep -q 'resuming order'; } ||
	{ [ "$orders" -eq 2 ] && echo "$out" | grep -q 'can no longer complete'; }
ok $? "same order resumed, or a second one with the reason ($orders orders)"

# Pebble now reuses the valid authorizations of c1: no challenge needed.
solo again -d c1.example.test -d www.c1.example.test >/dev/null
run a cert issue again
ok $rc "issue for names already authorized ($errout)"
run events again
echo "$out" | grep -q 'already valid (reused or pre-validated)'
ok $? "events say the authorizations were already valid"
echo "$out" | grep -q 'asking the CA to validate'
[ $? -ne 0 ]; ok $? "no challenge was answered"

solo prof -d prof.example.test --profile shortlived >/dev/null
run a cert issue prof
[ "$rc" -eq 2 ] && echo "$errout" | grep -q "offers no profiles"
ok $? "unknown profile refused before ordering ($errout)"

solo ip -d 127.0.0.1 >/dev/null
run a cert issue ip
ok $rc "IP address certificate (RFC 8738) ($errout)"
run a cert export ip --out "$work/ip"
openssl x509 -in "$work/ip/cert.pem" -noout -ext subjectAltName |
	grep -q 'IP Address:127.0.0.1'
ok $? "the certificate carries the IP address SAN"

# A second host: the EAB key id is bound to the first key, so reuse it.
run a account export-key p --out "$work/p.key"
ok $rc "account export-key ($errout)"
perm=$(stat -c %a "$work/p.key"); [ "$perm" = 600 ]
ok $? "exported key is mode 0600 ($perm)"
ACMETUI_DB=$work/host2/inv.db run a account add p2 --server "$PEBBLE_DIR" \
	--eab-kid "$EAB_KID" --eab-hmac-key-file "$work/hmac" --key "$work/p.key"
ok $rc "second host adds the account with the exported key ($errout)"
url1=$(a account show p --json | grep '"account_url"')
url2=$(ACMETUI_DB=$work/host2/inv.db a account show p2 --json | grep '"account_url"')
[ -n "$url1" ] && [ "$url1" = "$url2" ]
ok $? "both hosts use the same ACME account"
done_testing
