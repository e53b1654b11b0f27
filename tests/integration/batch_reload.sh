#!/bin/bash
# SPDX-License-Identifier: ISC
# batch_reload.sh - one reload per distinct reload command per batch
# (issue 11), against a real Pebble and a real nginx serving twelve
# certificates by SNI: `--renew-due -j 4` installs all twelve and runs
# their common reload command once, after the last is installed; a
# failing reload puts all twelve back on their previous files and reports
# each; two reload commands in one batch run once each.  A single
# `cert issue` still reloads at once.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
. "$here/pebble-env.sh"
. "$here/nginx-env.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
N=12

cleanup() {
	nginx_stop
	pebble_stop
}
trap cleanup EXIT
pebble_start || { echo "Bail out! Pebble did not start"; exit 1; }

work=$PEBBLE_TMP/work
mkdir -p "$work"
export ACMETUI_DB=$work/inv/acmetui.db
export ACMETUI_CA_FILE=$PEBBLE_CA_FILE
a() { "$ACMETUI" "$@"; }
names() { seq -f "s%g" 1 "$N"; }
serial_of() {
	a cert show "$1" --json | sed -n 's/.*"serial": "\([0-9a-f]*\)".*/\1/p' |
		sed 's/^0*//'
}
file_serial() {
	openssl x509 -noout -serial -in "$1" | sed 's/^serial=//' |
		tr 'A-F' 'a-f' | sed 's/^0*//'
}
# 0 when nginx serves, for every certificate, the serial named in the
# file $1 ("NAME SERIAL" lines); nginx reloads asynchronously: 5 s max.
all_served() {
	local i n s bad
	for i in $(seq 1 50); do
		bad=0
		while read -r n s; do
			[ "$(nginx_served_serial "$n.example.test")" = "$s" ] ||
				{ bad=1; break; }
		done <"$1"
		[ "$bad" = 0 ] && return 0
		sleep 0.1
	done
	return 1
}
snapshot() { for n in $(names); do echo "$n $(serial_of "$n")"; done; }
due_all() { for n in $(names); do a cert set "$n" --renew-at now || return 1; done; }

# One server block per certificate, each with its own deploy directory
# (a throwaway certificate in each until the first issue).
nginx_start "$work/live/s1" || { echo "Bail out! nginx did not start"; exit 1; }
for n in $(names); do
	mkdir -p "$work/live/$n"
	cp "$work/live/s1/fullchain.pem" "$work/live/s1/privkey.pem" \
		"$work/live/$n/" 2>/dev/null
done
{
	echo "worker_processes 1; pid $NGINX_TMP/nginx.pid;"
	echo "error_log $NGINX_TMP/error.log notice;"
	echo "events { worker_connections 64; }"
	echo "http { access_log off; client_body_temp_path $NGINX_TMP/tmp/body;"
	echo "proxy_temp_path $NGINX_TMP/tmp/proxy; fastcgi_temp_path $NGINX_TMP/tmp/fastcgi;"
	echo "uwsgi_temp_path $NGINX_TMP/tmp/uwsgi; scgi_temp_path $NGINX_TMP/tmp/scgi;"
	for n in $(names); do
		echo "server { listen 127.0.0.1:$NGINX_PORT ssl; server_name $n.example.test;"
		echo "ssl_certificate $work/live/$n/fullchain.pem;"
		echo "ssl_certificate_key $work/live/$n/privkey.pem; return 200; }"
	done
	echo "}"
} >"$NGINX_TMP/nginx.conf"
$NGINX_RELOAD || { echo "Bail out! nginx did not take twelve servers"; exit 1; }

# The reload command: counts its runs (with its argument), fails once
# when the flag file exists, else checks and reloads nginx.
counter=$work/reloads
cat >"$work/reload.sh" <<EOS
#!/bin/sh
echo "\${1:-one}" >>"$counter"
[ -e "$work/fail" ] && { rm -f "$work/fail"; echo "flagged to fail" >&2; exit 1; }
${NGINX_RELOAD% -s reload} -t -q && $NGINX_RELOAD
EOS
chmod 755 "$work/reload.sh"

run a account add --agree-tos pebble --server "$PEBBLE_DIR" --eab-kid "$EAB_KID" \
	--eab-hmac-key "$EAB_HMAC"
ok $rc "account add ($errout)"
std=(--standalone --http-addr 127.0.0.1 --http-port "$PEBBLE_HTTP_PORT")
bad=0
for n in $(names); do
	a cert add "$n" --account pebble -d "$n.example.test" "${std[@]}" \
		--deploy-dir "$work/live/$n" --reload-cmd "$work/reload.sh" \
		>/dev/null || bad=1
	a cert issue "$n" >/dev/null 2>&1 || bad=1
done
ok $bad "twelve certificates added and issued one by one"
[ "$(grep -c . "$counter")" = "$N" ]
ok $? "a single cert issue reloads at once: $N issues, $N reloads ($(grep -c . "$counter"))"
snapshot >"$work/first"
all_served "$work/first"
ok $? "nginx serves all twelve"

# --- one batch, one reload ---
: >"$counter"
due_all
run a --renew-due -j 4
ok $rc "--renew-due -j 4 renews twelve ($errout)"
[ "$(grep -c renewed <<<"$out")" = "$N" ]; ok $? "twelve renewed ($out)"
[ "$(grep -c . "$counter")" = 1 ]
ok $? "the reload command ran once ($(tr '\n' ' ' <"$counter"))"
snapshot >"$work/second"
nonempty "$work/first" "$work/second" &&
	! grep -qFxf "$work/first" "$work/second"
ok $? "every certificate has a new serial"
all_served "$work/second"
ok $? "nginx serves every new serial"
bad=0
for n in $(names); do
	[ "$(file_serial "$work/live/$n/cert.pem")" = "$(grep "^$n " "$work/second" | cut -d' ' -f2)" ] || bad=1
	[ -e "$work/live/$n/.previous" ] && bad=1
	a cert show "$n" --json | grep -q '"stage": "monitoring"' || bad=1
done
ok $bad "each deploy committed: new files, no .previous/, stage Monitoring"

# --- the shared reload fails: all twelve back on their previous set ---
: >"$counter"
touch "$work/fail"
due_all
run a --renew-due -j 4
[ "$rc" -eq 1 ]; ok $? "a failing reload: exit 1 ($errout)"
[ "$(grep -c "^s[0-9]*: renewal failed: reload '$work/reload.sh' failed (exit 1): flagged to fail; the previous certificate files were restored$" <<<"$errout")" = "$N" ]
ok $? "each of the twelve reports the failed reload ($errout)"
[ "$(grep -c . "$counter")" = 2 ]
ok $? "one reload, one more for the restored set ($(tr '\n' ' ' <"$counter"))"
[ ! -e "$work/fail" ]; ok $? "the wrapper's flag was used"
bad=0
for n in $(names); do
	[ "$(file_serial "$work/live/$n/cert.pem")" = "$(grep "^$n " "$work/second" | cut -d' ' -f2)" ] || bad=1
	[ -e "$work/live/$n/.previous" ] && bad=1
	a cert show "$n" --json | grep -q '"last_error": "reload .*failed (exit 1): flagged to fail; the previous certificate files were restored"' || bad=1
done
ok $bad "each rolled back to its previous files, with the failure as its last error"
all_served "$work/second"
ok $? "nginx still serves the previous serials"

# --- two reload commands, once each ---
for n in s1 s2 s3 s4 s5 s6; do
	a cert set "$n" --reload-cmd "$work/reload.sh two" >/dev/null
done
: >"$counter"
due_all
run a --renew-due -j 4
ok $rc "--renew-due with two reload commands ($errout)"
[ "$(grep -c . "$counter")" = 2 ] && [ "$(grep -cx one "$counter")" = 1 ] &&
	[ "$(grep -cx two "$counter")" = 1 ]
ok $? "each command ran once ($(tr '\n' ' ' <"$counter"))"
snapshot >"$work/third"
nonempty "$work/second" "$work/third" &&
	! grep -qFxf "$work/second" "$work/third" && all_served "$work/third"
ok $? "nginx serves all twelve new serials"

# --- killed after the installs, before the reload: the next run repairs ---
: >"$counter"
due_all
run env ACMETUI_FAULT=before-batch-reload "$ACMETUI" --renew-due -j 4
[ "$rc" -eq 137 ]; ok $? "the batch dies before its reload (rc=$rc)"
[ -e "$work/live/s1/.previous/manifest" ] && [ ! -s "$counter" ]
ok $? "files installed, the deploy uncommitted, no reload ran"
a cert show s1 --json | grep -q '"status": "error"' &&
	a cert show s1 --json | grep -q '"last_error": "waiting for the batch'"'"'s reload'
ok $? "the inventory knows the deploy is not confirmed"
run a --renew-due -j 4
ok $rc "the next --renew-due deploys them again ($errout)"
[ "$(grep -c deployed <<<"$out")" = "$N" ]; ok $? "twelve deployed ($out)"
[ "$(grep -c . "$counter")" = 2 ]
ok $? "one reload per command ($(tr '\n' ' ' <"$counter"))"
snapshot >"$work/fourth"
bad=0
for n in $(names); do
	[ -e "$work/live/$n/.previous" ] && bad=1
	a cert show "$n" --json | grep -q '"stage": "monitoring"' || bad=1
done
nonempty "$work/third" "$work/fourth" &&
	! grep -qFxf "$work/third" "$work/fourth" && all_served "$work/fourth" &&
	[ "$bad" = 0 ]
ok $? "nginx serves the stored serials, each deploy committed"

# --- two deploys sharing a directory: the first is reloaded before the
# second is installed (one .previous/ manifest per directory) ---
mkdir -p "$work/shared"
for n in s11 s12; do
	a cert set "$n" --deploy-combined-path "$work/shared/$n.pem" >/dev/null
	a cert set "$n" --renew-at now >/dev/null
done
: >"$counter"
run a --renew-due -j 2
ok $rc "two certificates sharing a directory renewed ($errout)"
[ "$(grep -c . "$counter")" = 2 ]
ok $? "a reload before the second deploy into it, one after ($(tr '\n' ' ' <"$counter"))"
bad=0
for n in s11 s12; do
	[ "$(file_serial "$work/shared/$n.pem")" = "$(serial_of "$n")" ] || bad=1
done
[ ! -e "$work/shared/.previous" ] && [ "$bad" = 0 ]
ok $? "both combined files are the new ones, committed"

done_testing
