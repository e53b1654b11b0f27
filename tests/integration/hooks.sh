#!/bin/bash
# hooks.sh - operator commands run by /bin/sh -c as certbot's, lego's and
# acme.sh's are, against a real nginx and a real Pebble: a reload command
# with && (nginx -t first) installs and nginx serves it; the deploy hook
# runs after the files are installed with RENEWED_LINEAGE, RENEWED_DOMAINS
# and the file paths in its environment, its failure is reported and
# leaves the new files installed; a command that cannot run is refused
# when it is set (exit 2, named), and nothing is stored.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
. "$here/pebble-env.sh"
. "$here/nginx-env.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}

cleanup() {
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

nginx_start "$live" || { echo "Bail out! nginx did not start"; exit 1; }
# What an operator types: test the configuration, then reload.
check_then_reload="${NGINX_RELOAD% -s reload} -t -q && $NGINX_RELOAD"

run a account add pebble --server "$PEBBLE_DIR" --eab-kid "$EAB_KID" \
	--eab-hmac-key "$EAB_HMAC"
ok $rc "account add ($errout)"
std=(--standalone --http-addr 127.0.0.1 --http-port "$PEBBLE_HTTP_PORT")

# --- a command that cannot run is refused when it is set ---
run a cert add web --account pebble -d web.example.test "${std[@]}" \
	--deploy-dir "$live" --reload-cmd "nginx-not-installed-xyz -s reload"
[ "$rc" -eq 2 ] &&
	echo "$errout" | grep -q "reload-cmd: 'nginx-not-installed-xyz' not found in PATH"
ok $? "an unknown reload program: exit 2, named ($errout)"
printf '#!/bin/sh\nexit 0\n' >"$work/noexec.sh"
chmod 644 "$work/noexec.sh"
run a cert add web --account pebble -d web.example.test "${std[@]}" \
	--deploy-dir "$live" --deploy-hook "$work/noexec.sh --now"
[ "$rc" -eq 2 ] &&
	echo "$errout" | grep -q "deploy-hook: '$work/noexec.sh': not an executable file"
ok $? "a deploy hook without x bit: exit 2, named ($errout)"
run a cert show web
[ "$rc" -eq 2 ]; ok $? "the refused cert add stored nothing"

# --- && in a reload command, and a deploy hook ---
hook='printf "%s\n" "L=$RENEWED_LINEAGE" "D=$RENEWED_DOMAINS" "N=$ACMETUI_NAME" "C=$ACMETUI_CERT" "F=$ACMETUI_FULLCHAIN" "K=$ACMETUI_KEY" "H=${ACMETUI_CHAIN}" >"'$work'/hook.env" && echo hook-ran'
run a cert add web --account pebble -d web.example.test \
	-d www.web.example.test "${std[@]}" --deploy-dir "$live" \
	--reload-cmd "$check_then_reload" --deploy-hook "$hook"
ok $rc "cert add: reload command with &&, a deploy hook ($errout)"
run a cert show web --json
echo "$out" | grep -qF '"deploy_hook": "printf' &&
	echo "$out" | grep -qF ' -t -q \u0026\u0026 nginx -c' ||
	echo "$out" | grep -qF ' -t -q && nginx -c'
ok $? "cert show --json has both commands"
run a cert show web
echo "$out" | grep -q '^  deploy hook  printf'
ok $? "cert show prints the deploy hook ($out)"

run a cert issue web
ok $rc "cert issue: installed, the && reload ran ($errout)"
s1=$(serial_of web)
wait_served "$s1" web.example.test
ok $? "nginx serves the new certificate ($s1)"
[ -s "$work/hook.env" ]; ok $? "the deploy hook ran"
grep -qx "L=$live" "$work/hook.env"
ok $? "RENEWED_LINEAGE is the deploy directory"
grep -qx "D=web.example.test www.web.example.test" "$work/hook.env"
ok $? "RENEWED_DOMAINS: the names, space-separated"
grep -qx "N=web" "$work/hook.env" &&
	grep -qx "C=$live/cert.pem" "$work/hook.env" &&
	grep -qx "F=$live/fullchain.pem" "$work/hook.env" &&
	grep -qx "K=$live/privkey.pem" "$work/hook.env" &&
	grep -qx "H=$live/chain.pem" "$work/hook.env"
ok $? "ACMETUI_NAME, _CERT, _FULLCHAIN, _KEY, _CHAIN ($(tr '\n' ' ' <"$work/hook.env"))"
run a cert show web --json
echo "$out" | grep -q '"message": "deploy hook: hook-ran"'
ok $? "the hook's output is an event"
echo "$out" | grep -q '"stage": "monitoring"'
ok $? "stage Monitoring"

# --- a failing deploy hook: reported, the new files stay ---
run a cert set web --deploy-hook 'echo "cannot notify the CDN" >&2; exit 4'
ok $rc "cert set --deploy-hook ($errout)"
run a cert renew web
[ "$rc" -eq 1 ] &&
	echo "$errout" | grep -q "deploy hook 'echo .*' failed (exit 4): cannot notify the CDN"
ok $? "renew reports the failed deploy hook, exit 1 ($errout)"
s2=$(serial_of web)
[ -n "$s2" ] && [ "$s2" != "$s1" ]; ok $? "renewed ($s1 -> $s2)"
wait_served "$s2" web.example.test
ok $? "the new files stay installed: nginx serves $s2"
run a cert show web --json
echo "$out" | grep -q '"last_error": "deploy hook '
ok $? "the failure is the certificate's last error"
run a cert set web --deploy-hook ''
run a cert show web --json
echo "$out" | grep -q '"deploy_hook": null'
ok $? "--deploy-hook '' clears it"
run a cert deploy web
ok $rc "cert deploy without a hook ($errout)"
run a cert show web --json
echo "$out" | grep -q '"last_error": null'
ok $? "a clean deploy clears the last error"

done_testing
