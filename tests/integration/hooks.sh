#!/bin/bash
# SPDX-License-Identifier: ISC
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

run a account add --agree-tos pebble --server "$PEBBLE_DIR" --eab-kid "$EAB_KID" \
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
run a cert renew web --force
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

# --- a first deploy whose reload fails keeps its files ---
run a cert add first --account pebble -d first.example.test "${std[@]}" \
	--deploy-dir "$work/first" \
	--reload-cmd 'echo "nginx.service is not active" >&2; exit 1'
run a cert issue first
[ "$rc" -eq 1 ] &&
	echo "$errout" | grep -q "failed (exit 1): nginx.service is not active; the new files stay in place (there were no previous ones"
ok $? "a first deploy with a failing reload: reported, exit 1 ($errout)"
sf=$(serial_of first)
[ -n "$sf" ] && [ "$(openssl x509 -in "$work/first/cert.pem" -noout -serial |
	cut -d= -f2 | tr A-F a-f | sed 's/^0*//')" = "$sf" ] &&
	[ -s "$work/first/privkey.pem" ] && [ ! -e "$work/first/.previous" ]
ok $? "the new, verified files stay for the server to start with"

# --- a lego exec script, unchanged, as the DNS hook ---
top=$(cd "$here/../.." && pwd)
cat >"$work/lego-exec.sh" <<EOF
#!/bin/sh
# A script written for lego's exec provider: present|cleanup FQDN VALUE.
printf '%s\n' "\$#:\$*" >>"$work/lego.calls"
name=\${2%.}
case \$1 in present) act=add;; cleanup) act=del;; *) exit 9;; esac
exec "$top/contrib/hooks/challtestsrv-hook.sh" "\$act" "\$name" "\$3" \\
	"\${name#_acme-challenge.}"
EOF
chmod 755 "$work/lego-exec.sh"
dns=(--challenge dns-01 --dns-hook "$work/lego-exec.sh"
	--dns-check resolver --dns-resolver "$CHALLTESTSRV_DNS")
run a cert add lego --account pebble -d lego.example.test "${dns[@]}" \
	--dns-hook-style ldap
[ "$rc" -eq 2 ] && echo "$errout" | grep -q 'dns-hook-style takes acmetui or lego'
ok $? "an unknown --dns-hook-style: exit 2 ($errout)"
run a cert add lego --account pebble -d lego.example.test \
	--challenge dns-01 --rfc2136 127.0.0.1 --dns-hook-style lego
[ "$rc" -eq 2 ]; ok $? "--dns-hook-style without --dns-hook: exit 2"
run a cert add lego --account pebble -d lego.example.test "${dns[@]}" \
	--dns-hook-style lego
ok $rc "cert add with a lego exec script ($errout)"
EXEC_MODE=RAW run a cert issue lego
[ "$rc" -ne 0 ] && echo "$errout" | grep -q 'EXEC_MODE=RAW is not supported'
ok $? "lego's EXEC_MODE=RAW is refused, clearly ($errout)"
EXEC_PROPAGATION_TIMEOUT=30 EXEC_POLLING_INTERVAL=1 run a cert issue lego
ok $rc "issued through the lego exec script ($errout)"
grep -qx "3:present _acme-challenge.lego.example.test. [A-Za-z0-9_-]*" \
	"$work/lego.calls" &&
	grep -qx "3:cleanup _acme-challenge.lego.example.test. [A-Za-z0-9_-]*" \
		"$work/lego.calls"
ok $? "called as lego calls it: present/cleanup FQDN. VALUE ($(tr '\n' ' ' <"$work/lego.calls"))"
[ "$(sqlite3 "$ACMETUI_DB" "select dns_hook_style from domains where name = 'lego.example.test'")" = lego ]
ok $? "the style is stored with the domain"

# --- pre and post hooks: once per batch, only when something is due ---
log=$work/batch.log
: >"$log"
for n in c2 c3; do
	run a cert add $n --account pebble -d $n.example.test "${std[@]}" \
		--deploy-dir "$work/$n" --reload-cmd "echo reload $n >>'$log'"
	a cert issue $n >/dev/null 2>&1
done
run a cert show c3 --json
echo "$out" | grep -q '"stage": "monitoring"'
ok $? "two more certificates issued ($errout)"
run a --renew-due --pre-hook "echo pre >>'$log'" --post-hook "echo post >>'$log'"
ok $rc "--renew-due with nothing due ($errout)"
[ "$(grep -c . "$log")" = 2 ] && [ "$(grep -c pre "$log")" = 0 ]
ok $? "nothing due: neither hook ran ($(tr '\n' ' ' <"$log"))"
: >"$log"
run a cert set c2 --pre-hook "echo cert-pre >>'$log'" --post-hook "echo post >>'$log'"
run a cert set c3 --pre-hook "echo cert-pre >>'$log'"
ok $rc "cert set --pre-hook, --post-hook ($errout)"
for n in web c2 c3; do a cert set $n --renew-at now >/dev/null; done
run a --renew-due -j 3 --pre-hook "echo pre >>'$log'" \
	--post-hook "echo post >>'$log'"
ok $rc "--renew-due renews three with pre and post hooks ($errout)"
[ "$(grep -c renewed <<<"$out")" = 3 ]; ok $? "three renewed ($out)"
[ "$(grep -cx pre "$log")" = 1 ] && [ "$(grep -cx cert-pre "$log")" = 1 ] &&
	[ "$(grep -cx post "$log")" = 1 ]
ok $? "each distinct hook ran once ($(tr '\n' ' ' <"$log"))"
[ "$(head -n 2 "$log" | sort | tr '\n' ' ')" = "cert-pre pre " ] &&
	[ "$(tail -n 1 "$log")" = post ]
ok $? "the pre hooks before every reload, the post hook after the last"
run a --renew-due --pre-hook "no-such-hook-xyz" --post-hook true
[ "$rc" -eq 2 ] && echo "$errout" | grep -q "pre-hook: 'no-such-hook-xyz' not found in PATH"
ok $? "an unknown --pre-hook: exit 2, named ($errout)"
: >"$log"
a cert set c3 --renew-at now >/dev/null
run a --renew-due --pre-hook "echo port busy >&2; exit 5" \
	--post-hook "echo post >>'$log'"
[ "$rc" -eq 1 ] && echo "$errout" | grep -q "c3: renewal failed: pre hook 'echo port busy >&2; exit 5' failed (exit 5): port busy"
ok $? "a failing pre hook fails the renewal, exit 1 ($errout)"
[ "$(cat "$log")" = post ]
ok $? "the post hook still ran, once ($(tr '\n' ' ' <"$log"))"
run a cert show c3 --json
echo "$out" | grep -q '"pre_hook": "echo cert-pre'
ok $? "cert show --json has the stored pre hook"

# --- cert renew: the schedule, --force, --dry-run ---
s=$(serial_of web)
run a cert renew web
[ "$rc" -eq 0 ] && echo "$out" | grep -q "web: not due until .*; --force renews it now"
ok $? "cert renew of a certificate not due: not renewed, says so ($out)"
[ "$(serial_of web)" = "$s" ]; ok $? "the same serial ($s)"
run a cert renew web --force --dry-run
[ "$rc" -eq 2 ]; ok $? "--force with --dry-run: exit 2 ($errout)"
sums() { (cd "$live" && sha256sum cert.pem chain.pem fullchain.pem privkey.pem); }
renew_at() { a cert show "$1" --json | grep -o '"renew_at": "[^"]*"'; }
before=$(sums) r0=$(renew_at web)
ACMETUI_STAGING_URL=$PEBBLE_DIR run a cert renew web --dry-run
[ "$rc" -eq 0 ] && echo "$out" | grep -q "^web: dry run ok"
ok $? "cert renew --dry-run rehearses at the staging directory ($out $errout)"
[ "$(serial_of web)" = "$s" ] && [ "$(sums)" = "$before" ] &&
	[ "$(renew_at web)" = "$r0" ] && [ -n "$r0" ]
ok $? "... and changes neither the certificate, the files nor the schedule"

# --- --renew-due NAME... limits the batch ---
for n in c2 lego; do a cert set $n --renew-at now >/dev/null; done
sl=$(serial_of lego) s2=$(serial_of c2)
run a --renew-due c2
[ "$rc" -eq 0 ] && echo "$out" | grep -q "^c2: renewed" &&
	! echo "$out" | grep -q "^lego"
ok $? "--renew-due c2 renews c2 only ($out $errout)"
[ "$(serial_of c2)" != "$s2" ] && [ "$(serial_of lego)" = "$sl" ]
ok $? "c2 has a new serial, lego (also due) does not"
run a --renew-due nosuch-cert
[ "$rc" -eq 2 ] && echo "$errout" | grep -q "nosuch-cert"
ok $? "an unknown name: exit 2, named ($errout)"
run a --renew-due --all
[ "$rc" -eq 2 ]; ok $? "--all without --dry-run: exit 2 ($errout)"

# --- the batch's dry run: right after setup, and --all ---
# (the server of "first" runs now: its deploy goes through)
a cert set first --reload-cmd true >/dev/null
a cert deploy first >/dev/null
for n in web c2 c3 first lego; do
	a cert set $n --renew-at 2099-01-01 >/dev/null
done
run a --renew-due --dry-run
[ "$rc" -eq 0 ] && echo "$out" | grep -q "Nothing is due; --all rehearses every certificate"
ok $? "nothing due: the dry run says so ($out)"
before=$(for n in web c2 c3 first lego; do serial_of $n; renew_at $n; done)
fb=$(sums)
ACMETUI_STAGING_URL=$PEBBLE_DIR run a --renew-due --dry-run --all
[ "$rc" -eq 0 ] && [ "$(grep -c ': tested' <<<"$out")" = 5 ]
ok $? "--dry-run --all rehearses all five ($out $errout)"
[ "$(for n in web c2 c3 first lego; do serial_of $n; renew_at $n; done)" = "$before" ] &&
	[ "$(sums)" = "$fb" ]
ok $? "... and changes no certificate, schedule or deployed file"
ACMETUI_STAGING_URL=$PEBBLE_DIR run a --renew-due --dry-run lego
[ "$rc" -eq 0 ] && [ "$(grep -c ': tested' <<<"$out")" = 1 ] &&
	echo "$out" | grep -q '^lego: tested'
ok $? "--dry-run NAME rehearses that one, due or not ($out $errout)"

done_testing
