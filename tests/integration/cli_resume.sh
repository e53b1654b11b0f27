#!/bin/bash
# SPDX-License-Identifier: ISC
# cli_resume.sh - crash safety and real-CA behaviours against Pebble:
# a run killed (SIGKILL) after newAccount (before the account URL is
# stored) is finished by the rerun with the stored key, as the CA's
# existing account; a run killed after newOrder, after answering the
# challenges, after finalize and after download is resumed by the next
# run on the SAME order with the key stored before finalize; a run
# killed after the CA answered newOrder but before the order was stored
# finds it in the account's orders list; a deploy
# killed midway is undone and redone by the next `cert deploy`; after
# every crash the inventory passes SQLite's integrity check.  Also:
# authorizations the CA reuses need no challenge; profiles are checked
# against the directory; IP address identifiers (RFC 8738); a second host
# reuses the account key bound to an EAB key id.  Output: TAP.
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
db() { sqlite3 "$ACMETUI_DB" "$@"; }
# PRAGMA integrity_check, strictly: anything but "ok" is reported.
integrity_report() {
	local r
	r=$(db 'PRAGMA integrity_check')
	[ "$r" = ok ] || echo "$r"
}
integrity() {
	local r
	r=$(integrity_report)
	[ -z "$r" ]; ok $? "$1: inventory passes integrity_check ($r)"
}
# The public key (PEM) of a private key PEM on stdin / of a certificate.
pub_of_key() { openssl pkey -pubout 2>/dev/null; }
pub_of_cert() { openssl x509 -noout -pubkey -in "$1" 2>/dev/null; }

printf '%s\n' "$EAB_HMAC" >"$work/hmac"
chmod 600 "$work/hmac"
run a account add --agree-tos p --server "$PEBBLE_DIR" --eab-kid "$EAB_KID" \
	--eab-hmac-key-file "$work/hmac"
ok $rc "account add with --eab-hmac-key-file ($errout)"

# The webroot is served by a separate web server, which (unlike the
# built-in standalone responder) outlives a killed run.
webroot=$work/webroot
mkdir -p "$webroot"
busybox httpd -f -p "127.0.0.1:$PEBBLE_HTTP_PORT" -h "$webroot" &
httpd_pid=$!
trap 'kill $httpd_pid 2>/dev/null; pebble_stop' EXIT

# --- killed after newAccount, before the account URL was stored ---
# The hazard: the CA has bound the key (and the EAB key id) to an account.
# The key must already be in the inventory, and the rerun must find that
# account with it instead of making a second one (or failing on the
# EAB key id, which the CA has bound to the first key).
printf '%s\n' "$EAB_HMAC2" >"$work/hmac2"
run env ACMETUI_FAULT=after-account "$ACMETUI" account add --agree-tos k \
	--server "$PEBBLE_DIR" --eab-kid "$EAB_KID2" \
	--eab-hmac-key-file "$work/hmac2"
[ "$rc" -eq 137 ]; ok $? "after-account: the first run dies (rc=$rc)"
integrity after-account
key1=$(db "select key_pem from accounts where name = 'k'")
st1=$(db "select status || ',' || coalesce(account_url, '-') from accounts
	where name = 'k'")
[ -n "$key1" ] && [ "$st1" = "pending,-" ]
ok $? "after-account: the key was stored, as a pending account ($st1)"
run a account add --agree-tos k --server "$PEBBLE_DIR" --eab-kid "$EAB_KID2" \
	--eab-hmac-key-file "$work/hmac2"
ok $rc "after-account: the rerun completes ($errout)"
key2=$(db "select key_pem from accounts where name = 'k'")
[ -n "$key2" ] && [ "$key1" = "$key2" ]
ok $? "after-account: the account keeps the key stored before the crash"
run a account show k --json
echo "$out" | grep -q '"status": "valid"' &&
	echo "$out" | grep -q '"account_url": "https://'
ok $? "after-account: the account is valid, with its URL"
n_new=$(db "select count(*) from events where subject = 'k' and
	message like 'registered with %'")
n_found=$(db "select count(*) from events where subject = 'k' and
	message like 'found existing account at %'")
[ "$n_new" -eq 0 ] && [ "$n_found" -eq 1 ]
ok $? "after-account: the CA answered with the existing account, not a new one"
run a account add --agree-tos k --server "$PEBBLE_DIR" --eab-kid "$EAB_KID2" \
	--eab-hmac-key-file "$work/hmac2"
[ "$rc" -ne 0 ] && echo "$errout" | grep -q "already exists"
ok $? "a registered account is not registered again ($errout)"

n=0
for point in after-neworder after-respond after-finalize after-download; do
	n=$((n + 1))
	a cert add "c$n" --account p -d "c$n.example.test" \
		-d "www.c$n.example.test" --webroot "$webroot" >/dev/null
	run env ACMETUI_FAULT=$point "$ACMETUI" cert issue "c$n"
	[ "$rc" -eq 137 ]; ok $? "$point: the first run dies (rc=$rc)"
	integrity "$point"
	cid=$(db "select id from certificates where name = 'c$n'")
	key_before=$(db "select coalesce(key_pem, '') from orders
		where cert_id = $cid")
	case $point in
	after-finalize|after-download)
		[ -n "$key_before" ]
		ok $? "$point: the certificate key was stored before finalize";;
	esac
	run a cert issue "c$n"
	ok $rc "$point: the next run completes ($errout)"
	integrity "$point, after the rerun"
	run events "c$n"
	orders=$(echo "$out" | grep -c '"message": "new order')
	[ "$orders" -eq 1 ]; ok $? "$point: exactly one order was made ($orders)"
	rows=$(db "select count(*) from orders where cert_id = $cid")
	[ "$rows" -eq 1 ]; ok $? "$point: one order at the CA ($rows stored)"
	st=$(db "select status from orders where cert_id = $cid")
	[ "$st" = valid ]; ok $? "$point: the order is stored as the CA says: valid ($st)"
	echo "$out" | grep -q '"message": "resuming order'
	ok $? "$point: the stored order was resumed"
	echo "$out" | grep -q '"stage": "monitoring"'
	ok $? "$point: certificate stored"
	key_after=$(db "select key_pem from certificates where id = $cid")
	[ -z "$key_before" ] || [ "$key_before" = "$key_after" ]
	ok $? "$point: the key stored before the crash is the certificate's key"
	rm -rf "$work/x$n"
	a cert export "c$n" --out "$work/x$n" >/dev/null
	[ -n "$key_after" ] &&
		[ "$(echo "$key_after" | pub_of_key)" = \
			"$(pub_of_cert "$work/x$n/cert.pem")" ]
	ok $? "$point: the certificate is for that key"
done

# --- killed after the CA answered newOrder, before the answer was
# recorded: the CA has an order the inventory does not know.  The intent
# stored before the request makes the next run look for it in the
# account's orders list and resume it instead of ordering again. ---
orders_at_ca() { grep -c 'Added order' "$PEBBLE_TMP/pebble.log"; }
a cert add lost --account p -d lost.example.test --webroot "$webroot" \
	>/dev/null
cid=$(db "select id from certificates where name = 'lost'")
before=$(orders_at_ca)
run env ACMETUI_FAULT=neworder-answered "$ACMETUI" cert issue lost
[ "$rc" -eq 137 ]; ok $? "neworder-answered: the first run dies (rc=$rc)"
integrity neworder-answered
n_ca=$(( $(orders_at_ca) - before ))
rows=$(db "select count(*) from orders where cert_id = $cid")
intent=$(db "select identifiers from order_intents where cert_id = $cid")
[ "$n_ca" -eq 1 ] && [ "$rows" -eq 0 ] && [ "$intent" = lost.example.test ]
ok $? "neworder-answered: one order at the CA, none stored, the intent is ($n_ca, $rows, $intent)"
run a cert issue lost
ok $rc "neworder-answered: the next run completes ($errout)"
n_ca=$(( $(orders_at_ca) - before ))
[ "$n_ca" -eq 1 ]; ok $? "neworder-answered: still one order at the CA ($n_ca)"
run events lost
echo "$out" | grep -q 'found order https://[^ ]* (pending) at the CA'
ok $? "neworder-answered: the event says the CA's order was found and resumed"
st=$(db "select status || ',' || count(*) from orders where cert_id = $cid")
[ "$st" = "valid,1" ]
ok $? "neworder-answered: that order is stored, valid as the CA says ($st)"
[ -z "$(db "select 1 from order_intents where cert_id = $cid")" ]
ok $? "neworder-answered: the intent is gone"
run a cert show lost --json
echo "$out" | grep -q '"orders": \[' &&
	echo "$out" | grep -q '"status": "valid"'
ok $? "cert show --json lists the order with its status"

# --- killed during a deploy: the next deploy undoes it, then deploys ---
live=$work/live
serial_of_file() {
	openssl x509 -noout -serial -in "$1" 2>/dev/null | sed 's/^serial=//'
}
norm() { tr a-f A-F | sed 's/^0*//'; }
# The set in DIR: "cert serial:fullchain leaf serial:key matches cert"
set_of() {
	local k c
	k=$(pub_of_key <"$1/privkey.pem")
	c=$(pub_of_cert "$1/cert.pem")
	echo "$(serial_of_file "$1/cert.pem"):$(serial_of_file \
		"$1/fullchain.pem"):$([ -n "$k" ] && [ "$k" = "$c" ] &&
		echo match || echo MISMATCH)"
}
a cert add d --account p -d d.example.test --webroot "$webroot" \
	--deploy-dir "$live" >/dev/null
run a cert issue d
ok $rc "during-deploy: issued and deployed ($errout)"
old_set=$(set_of "$live")
s_old=$(db "select serial from certificates where name = 'd'")
run env ACMETUI_FAULT=during-deploy "$ACMETUI" cert renew d --force
[ "$rc" -eq 137 ]; ok $? "during-deploy: the renewal dies while deploying (rc=$rc)"
integrity during-deploy
[ "$(serial_of_file "$live/cert.pem")" != "$(serial_of_file \
	"$live/fullchain.pem")" ]
ok $? "during-deploy: the run died with a mix in place ($(set_of "$live"))"
prev_set=$(set_of "$live/.previous")
[ "$prev_set" = "$old_set" ] && [ -f "$live/.previous/manifest" ]
ok $? "during-deploy: .previous/ holds the complete old set ($prev_set)"
# The next deploy undoes the interrupted one first: when it fails itself
# (its reload fails) the directory goes back to the complete old set.
a cert set d --reload-cmd /bin/false >/dev/null
run a cert deploy d
now_set=$(set_of "$live")
[ "$rc" -eq 1 ] && [ "$now_set" = "$old_set" ]
ok $? "during-deploy: a failing next deploy leaves the complete old set ($now_set)"
run events d
echo "$out" | grep -q 'an interrupted deploy was undone first: .*(directories: 1)'
ok $? "during-deploy: the events say the interrupted deploy was undone"
# Killed again, then a deploy that works.
run env ACMETUI_FAULT=during-deploy "$ACMETUI" cert deploy d
[ "$rc" -eq 137 ]; ok $? "during-deploy: cert deploy killed midway (rc=$rc)"
a cert set d --reload-cmd /bin/true >/dev/null
run a cert deploy d
ok $rc "during-deploy: cert deploy completes ($errout)"
new_set=$(set_of "$live")
s_new=$(db "select serial from certificates where name = 'd'")
case $new_set in
*:*:match) [ "${new_set%%:*}" = "$(echo "$new_set" | cut -d: -f2)" ] &&
	[ "$(norm <<<"${new_set%%:*}")" = "$(norm <<<"$s_new")" ] &&
	[ "$new_set" != "$old_set" ] && [ "$s_new" != "$s_old" ];;
*) false;;
esac
ok $? "during-deploy: the directory is the complete new set ($new_set)"
[ ! -e "$live/.previous" ] && [ -z "$(find "$live" -name '.*.tmp')" ]
ok $? "during-deploy: no .previous/ or temporary file left"
integrity "during-deploy, after the rerun"

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
ACMETUI_DB=$work/host2/inv.db run a account add --agree-tos p2 --server "$PEBBLE_DIR" \
	--eab-kid "$EAB_KID" --eab-hmac-key-file "$work/hmac" --key "$work/p.key"
ok $rc "second host adds the account with the exported key ($errout)"
url1=$(a account show p --json | grep '"account_url"')
url2=$(ACMETUI_DB=$work/host2/inv.db a account show p2 --json | grep '"account_url"')
[ -n "$url1" ] && [ "$url1" = "$url2" ]
ok $? "both hosts use the same ACME account"
done_testing
