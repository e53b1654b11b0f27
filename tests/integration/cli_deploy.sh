#!/bin/bash
# SPDX-License-Identifier: ISC
# cli_deploy.sh - Installation and Monitoring against a real nginx and a
# real Pebble: issuance deploys into nginx's directory and reloads it (no
# shell), `cert probe` sees what nginx serves (current, older, something
# else, unreachable; chain and name verified against Pebble's root), a
# renewal is deployed and served, a failing reload puts the previous files
# back byte for byte, and nginx answers throughout.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
. "$here/pebble-env.sh"
. "$here/nginx-env.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}

cleanup() {
	[ -n "${pinger_pid:-}" ] && kill "$pinger_pid" 2>/dev/null
	nginx_stop
	pebble_stop
}
trap cleanup EXIT
pebble_start || { echo "Bail out! Pebble did not start"; exit 1; }

work=$PEBBLE_TMP/work
live=$work/live
mkdir -p "$work"
export ACMETUI_DB=$work/inv/acmetui.db
export ACMETUI_CA_FILE=$PEBBLE_CA_FILE
a() { "$ACMETUI" "$@"; }
serial_of() {
	a cert show "$1" --json | sed -n 's/.*"serial": "\([0-9a-f]*\)".*/\1/p' |
		sed 's/^0*//'
}
# Waits (nginx reloads asynchronously) until nginx serves serial $1 for
# SNI $2; 5 s max.
wait_served() {
	local i
	for i in $(seq 1 50); do
		[ "$(nginx_served_serial "$2")" = "$1" ] && return 0
		sleep 0.1
	done
	return 1
}
set_sum() { (cd "$live" && sha256sum cert.pem chain.pem fullchain.pem privkey.pem); }

nginx_start "$live" || { echo "Bail out! nginx did not start"; exit 1; }
master=$NGINX_PID
pebble_root_pem "$work/root.pem"

# nginx must answer every request while we deploy and reload.
: >"$work/pings"
(
	while :; do
		if curl -sk --max-time 2 -o /dev/null \
			"https://127.0.0.1:$NGINX_PORT/"; then
			echo ok >>"$work/pings"
		else
			echo FAIL >>"$work/pings"
		fi
		sleep 0.05
	done
) &
pinger_pid=$!

run a account add --agree-tos pebble --server "$PEBBLE_DIR" --eab-kid "$EAB_KID" \
	--eab-hmac-key "$EAB_HMAC"
ok $rc "account add ($errout)"

std=(--standalone --http-addr 127.0.0.1 --http-port "$PEBBLE_HTTP_PORT")
run a cert add web --account pebble -d web.example.test \
	-d www.web.example.test "${std[@]}" --deploy-dir "$live" \
	--reload-cmd "$NGINX_RELOAD"
ok $rc "cert add with --deploy-dir and --reload-cmd ($errout)"

# --- issuance deploys and reloads nginx ---
run a cert issue web
ok $rc "cert issue deploys ($errout)"
s1=$(serial_of web)
[ -n "$s1" ]; ok $? "serial recorded ($s1)"
wait_served "$s1" web.example.test
ok $? "nginx serves the new certificate (openssl s_client sees $s1)"
run a cert show web --json
echo "$out" | grep -q '"stage": "monitoring"'
ok $? "stage Monitoring after installation"
echo "$out" | grep -q 'wrote 4 files to .*, reload ok ('
ok $? "installation event: files written, reload ok"
for f in cert.pem chain.pem fullchain.pem; do
	m=$(stat -c %a "$live/$f"); [ "$m" = 644 ]
	ok $? "$f mode 0644 (got $m)"
done
m=$(stat -c %a "$live/privkey.pem"); [ "$m" = 600 ]
ok $? "privkey.pem mode 0600 (got $m)"
[ ! -e "$live/.previous" ]; ok $? "no .previous/ left after success"
openssl verify -CAfile "$work/root.pem" -untrusted "$live/chain.pem" \
	"$live/cert.pem" >/dev/null
ok $? "deployed chain verifies to Pebble's root"

# --- probe ---
run a cert probe web "127.0.0.1:$NGINX_PORT" --ca-file "$work/root.pem"
[ "$rc" -eq 0 ] && echo "$out" | grep -q 'serving the current certificate' &&
	echo "$out" | grep -q 'chain verified'
ok $? "probe: serving the current certificate, chain verified ($out $errout)"
run a cert probe web "127.0.0.1:$NGINX_PORT" --ca-file "$work/root.pem" --json
echo "$out" | grep -q '"verdict": "current"' &&
	echo "$out" | grep -q '"verified": true' &&
	echo "$out" | grep -q '"name": "web.example.test"'
ok $? "probe --json: verdict current, verified, SNI the first name"
run a cert probe web "127.0.0.1:$NGINX_PORT"
[ "$rc" -eq 1 ] && echo "$out" | grep -q 'current certificate.*NOT verified'
ok $? "without Pebble's root: current but chain NOT verified, exit 1 ($out)"
run a cert probe web "127.0.0.1:$NGINX_PORT" --ca-file "$work/root.pem" \
	--sni other.example.test
[ "$rc" -eq 1 ] && echo "$out" | grep -qi 'NOT verified: hostname mismatch'
ok $? "a name the certificate lacks: hostname mismatch ($out)"
run a cert probe web 127.0.0.1:1 --ca-file "$work/root.pem"
[ "$rc" -eq 1 ] && echo "$out" | grep -q 'unreachable'
ok $? "closed port: unreachable, exit 1 ($out)"
# At once, without timing it (a loaded machine is slow): the refusal
# ended the probe; waiting for its deadline would say "timed out".
echo "$out" | grep -q 'cannot connect: Connection refused'
ok $? "quickly: the refusal ends it, not the 5 s deadline ($out)"
run a cert probe web "bad host:1"
[ "$rc" -eq 2 ]; ok $? "malformed endpoint: exit 2 ($errout)"

# --- renewal: deployed, nginx serves the new serial ---
run a cert renew web --force
ok $rc "cert renew deploys ($errout)"
s2=$(serial_of web)
[ -n "$s2" ] && [ "$s2" != "$s1" ]; ok $? "new serial ($s1 -> $s2)"
wait_served "$s2" web.example.test
ok $? "nginx serves the renewed certificate"
run a cert probe web "127.0.0.1:$NGINX_PORT" --ca-file "$work/root.pem" --json
echo "$out" | grep -q '"verdict": "current"' &&
	echo "$out" | grep -q "\"serial\": \"0*$s2\""
ok $? "probe sees the new serial as current"

# --- stored endpoints: probed without arguments and after --renew-due ---
run a cert set web --probe "127.0.0.1:$NGINX_PORT"
ok $rc "cert set --probe stores the endpoint ($errout)"
run a cert probe web --ca-file "$work/root.pem"
[ "$rc" -eq 0 ] && echo "$out" | grep -q "127.0.0.1:$NGINX_PORT"
ok $? "cert probe without endpoints uses the stored one ($out $errout)"
a cert set web --renew-at now >/dev/null
run a --renew-due --ca-file "$work/root.pem"
ok $rc "--renew-due renews, deploys ($errout)"
s2=$(serial_of web)
run a cert show web --json
echo "$out" | grep -q "\"message\": \"127.0.0.1:$NGINX_PORT (web.example.test): serving the current certificate"
ok $? "--renew-due probed the stored endpoint after the renewal"
wait_served "$s2" web.example.test
a cert set web --probe '' >/dev/null
run a cert show web --json
echo "$out" | grep -q '"probe_endpoints": null'
ok $? "--probe '' clears the stored endpoints"

mkdir -p "$work/set2"
cp -p "$live"/*.pem "$work/set2/"

# --- a server still on the older certificate ---
# Renew again, then put the second set back behind acmetui's back.
run a cert renew web --force
ok $rc "second renewal ($errout)"
s3=$(serial_of web)
wait_served "$s3" web.example.test
ok $? "nginx serves the third certificate"
cp -p "$work/set2"/*.pem "$live/"
$NGINX_RELOAD
wait_served "$s2" web.example.test
ok $? "nginx made to serve the previous certificate again (by hand)"
run a cert probe web "127.0.0.1:$NGINX_PORT" --ca-file "$work/root.pem"
[ "$rc" -eq 1 ] && echo "$out" | grep -q 'serving an older certificate'
ok $? "probe: serving an older certificate (deploy or reload missing) ($out)"
run a cert deploy web
ok $rc "cert deploy ($errout)"
wait_served "$s3" web.example.test
ok $? "nginx serves the current certificate again"
run a cert probe web "127.0.0.1:$NGINX_PORT" --ca-file "$work/root.pem"
[ "$rc" -eq 0 ] && echo "$out" | grep -q 'serving the current certificate'
ok $? "probe: current again"

# --- a failing reload: files rolled back byte for byte ---
before=$(set_sum)
run a cert add bad --account pebble -d bad.example.test "${std[@]}" \
	--deploy-dir "$live" --reload-cmd "false"
ok $rc "cert add with a reload command that fails ($errout)"
run a cert issue bad
[ "$rc" -eq 1 ] &&
	echo "$errout" | grep -q "reload 'false' failed (exit 1).*the previous certificate files were restored"
ok $? "issuance reports the failed reload and the restore ($errout)"
[ "$(set_sum)" = "$before" ]
ok $? "the files on disk are the previous set, byte for byte"
[ ! -e "$live/.previous" ]; ok $? "no .previous/ left after the rollback"
m=$(stat -c %a "$live/privkey.pem"); [ "$m" = 600 ]
ok $? "restored privkey.pem still 0600 (got $m)"
run a cert show bad --json
echo "$out" | grep -q '"stage": "installation"' &&
	echo "$out" | grep -q '"status": "error"' &&
	echo "$out" | grep -q '"last_error": "reload '"'"'false'"'"' failed' &&
	echo "$out" | grep -q '"serial": "[0-9a-f]'
ok $? "the issued certificate is kept, stage Installation/error"
[ "$(nginx_served_serial web.example.test)" = "$s3" ]
ok $? "nginx still serves web's current certificate"
run a cert probe web "127.0.0.1:$NGINX_PORT" --ca-file "$work/root.pem"
[ "$rc" -eq 0 ] && echo "$out" | grep -q 'serving the current certificate'
ok $? "probe: still current after the failed deploy"

# --- another certificate in the same place: something else ---
run a cert add other --account pebble -d other.example.test "${std[@]}" \
	--deploy-dir "$live" --reload-cmd "$NGINX_RELOAD"
ok $rc "cert add other ($errout)"
run a cert issue other
ok $rc "cert issue other deploys over web's files ($errout)"
so=$(serial_of other)
wait_served "$so" web.example.test
ok $? "nginx serves 'other'"
run a cert probe web "127.0.0.1:$NGINX_PORT" --ca-file "$work/root.pem"
[ "$rc" -eq 1 ] && echo "$out" | grep -q 'serving something else'
ok $? "probe web: serving something else ($out)"
run a cert deploy web --json
[ "$rc" -eq 0 ] && echo "$out" | grep -q '"stage": "monitoring"'
ok $? "cert deploy --json ($errout)"
wait_served "$s3" web.example.test
ok $? "web served again"

# --- explicit paths in two directories, owner, group, modes ---
# nginx reads $live/fullchain.pem and $live/privkey.pem: name those two
# files explicitly (no deploy directory) and put the leaf elsewhere.
exd=$work/exp/certs
ex=(--deploy-fullchain "$live/fullchain.pem" --deploy-key "$live/privkey.pem"
	--deploy-cert "$exd/exp.crt" --deploy-owner nobody --deploy-group nogroup
	--deploy-mode 0640 --deploy-key-mode 0640)
run a cert add exp0 --account pebble -d exp.example.test "${std[@]}" \
	"${ex[@]}" --deploy-key-mode 0644
[ "$rc" -eq 2 ] && echo "$errout" | grep -q 'key file mode 0644 would let every user'
ok $? "cert add refuses a key mode others can read ($errout)"
run a cert add exp0 --account pebble -d exp.example.test "${std[@]}" \
	--deploy-key "$live/k.pem" --deploy-key-mode 0640
[ "$rc" -eq 2 ] && echo "$errout" | grep -q 'no deploy group is set'
ok $? "cert add refuses a group-readable key without a group ($errout)"
run a cert add exp0 --account pebble -d exp.example.test "${std[@]}" \
	--deploy-key "$live/k.pem" --deploy-owner no-such-user-acmetui
[ "$rc" -eq 2 ] && echo "$errout" | grep -q "deploy owner 'no-such-user-acmetui' is not a user"
ok $? "cert add refuses an unknown owner ($errout)"
run a cert add exp0 --account pebble -d exp.example.test "${std[@]}" \
	--deploy-key "$live/k.pem" --deploy-mode 0o644
[ "$rc" -eq 2 ] && echo "$errout" | grep -q "invalid file mode '0o644'"
ok $? "cert add refuses a malformed mode ($errout)"
run a cert add exp0 --account pebble -d exp.example.test "${std[@]}" \
	--deploy-key "$live/.k.pem"
[ "$rc" -eq 2 ] && echo "$errout" | grep -q "reserved"
ok $? "cert add refuses a hidden file name ($errout)"
run a cert show exp0
[ "$rc" -eq 2 ]; ok $? "nothing was added by the refused commands"

run a cert add exp --account pebble -d exp.example.test "${std[@]}" \
	"${ex[@]}" --reload-cmd "$NGINX_RELOAD"
ok $rc "cert add with explicit paths, owner, group, modes ($errout)"
run a cert issue exp
ok $rc "cert issue deploys to the explicit paths ($errout)"
se=$(serial_of exp)
wait_served "$se" exp.example.test
ok $? "nginx serves 'exp' from the explicitly named files"
for f in "$live/fullchain.pem" "$live/privkey.pem" "$exd/exp.crt"; do
	st=$(stat -c '%a %U:%G' "$f")
	[ "$st" = "640 nobody:nogroup" ]
	ok $? "$f: 0640 nobody:nogroup (got $st)"
done
[ "$(openssl x509 -in "$exd/exp.crt" -noout -serial | cut -d= -f2 |
	tr A-F a-f | sed 's/^0*//')" = "$se" ]
ok $? "the leaf at its own path is the issued certificate"
run a cert show exp --json
echo "$out" | grep -q '"kind": "key"' &&
	echo "$out" | grep -q "\"path\": \"$live/privkey.pem\"" &&
	echo "$out" | grep -q '"owner": "nobody"' &&
	echo "$out" | grep -q '"key_mode": "0640"'
ok $? "cert show --json lists the target's files, owner and modes"
run a cert show exp
echo "$out" | grep -q "deploy       0640 $exd/exp.crt" &&
	echo "$out" | grep -q "owner        nobody:nogroup"
ok $? "cert show prints the target ($out)"

# A failing reload rolls the explicitly named files back.
esum() { sha256sum "$live/fullchain.pem" "$live/privkey.pem" "$exd/exp.crt"; }
before=$(esum)
ino=$(stat -c %i "$live/privkey.pem")
run a cert set exp --reload-cmd false
ok $rc "cert set --reload-cmd false ($errout)"
run a cert deploy exp
[ "$rc" -eq 1 ] &&
	echo "$errout" | grep -q "reload 'false' failed (exit 1).*the previous certificate files were restored"
ok $? "a failing reload fails the deploy and restores ($errout)"
[ "$(esum)" = "$before" ]
ok $? "the explicitly named files are the previous ones, byte for byte"
[ "$(stat -c %i "$live/privkey.pem")" = "$ino" ] &&
	[ "$(stat -c '%a %U:%G' "$live/privkey.pem")" = "640 nobody:nogroup" ]
ok $? "the key is the very file that was live, owner and mode kept"
[ ! -e "$live/.previous" ] && [ ! -e "$exd/.previous" ]
ok $? "no .previous/ left in either directory"
[ "$(nginx_served_serial exp.example.test)" = "$se" ]
ok $? "nginx still serves 'exp'"
run a cert set exp --deploy-owner '' --deploy-group '' --deploy-key-mode ''
ok $rc "cert set clears owner, group and key mode ($errout)"
run a cert show exp --json
echo "$out" | grep -q '"owner": null' &&
	echo "$out" | grep -q '"key_mode": "0600"'
ok $? "back to the defaults"
run a cert set exp --deploy-group ''  --deploy-key-mode 0640
[ "$rc" -eq 2 ]; ok $? "cert set checks the resulting target ($errout)"

# --- refusals ---
run a cert add nodir --account pebble -d nodir.example.test "${std[@]}"
run a cert deploy nodir
[ "$rc" -eq 2 ] && echo "$errout" | grep -q 'not been issued'
ok $? "deploy of an unissued certificate: exit 2 ($errout)"
run a cert deploy nosuch
[ "$rc" -eq 2 ]; ok $? "deploy of an unknown certificate: exit 2"

# --- nginx kept serving all along ---
kill "$pinger_pid" 2>/dev/null
wait "$pinger_pid" 2>/dev/null
pinger_pid=
n=$(grep -c ok "$work/pings"); f=$(grep -c FAIL "$work/pings")
[ "$n" -gt 10 ] && [ "$f" -eq 0 ]
ok $? "nginx answered every request during the test ($n ok, $f failed)"
kill -0 "$master" 2>/dev/null && [ "$(cat "$NGINX_TMP/nginx.pid")" = "$master" ]
ok $? "same nginx master throughout (reloads, no restarts)"
done_testing
