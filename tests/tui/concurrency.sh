#!/bin/bash
# SPDX-License-Identifier: ISC
# concurrency.sh - three processes on one inventory at once, against a
# real Pebble: the TUI open (and browsed) while `acmetui --renew-due -j 8`
# renews 20 due certificates and `acmetui cert issue` orders another one.
# Every process exits as expected; no user sees "database is locked" or
# SQLITE_BUSY (stderr of the CLI and the batch, every TUI screen seen
# during the run); every renewal has its events; no certificate was
# ordered twice, counted in the inventory and in Pebble's own log; the
# TUI shows the result and still answers keys afterwards.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=${top_srcdir:-$here/../..}
. "$top/tests/integration/tap.sh"
. "$top/tests/integration/pebble-env.sh"
. "$here/tmux-env.sh"
ACMETUI=${ACMETUI:-$top/acmetui}
command -v tmux >/dev/null || { echo "Bail out! tmux missing"; exit 1; }
command -v sqlite3 >/dev/null ||
	{ echo "Bail out! sqlite3 (the CLI) is needed"; exit 1; }
command -v busybox >/dev/null ||
	{ echo "Bail out! busybox (its httpd) is needed"; exit 1; }

httpd_pid=
cleanup() {
	tui_stop
	[ -n "$httpd_pid" ] && kill "$httpd_pid" 2>/dev/null
	pebble_stop
}
trap cleanup EXIT
pebble_start || { echo "Bail out! Pebble did not start"; exit 1; }

work=$PEBBLE_TMP/work
mkdir -p "$work/webroot"
export ACMETUI_DB=$work/inv/acmetui.db
export ACMETUI_CA_FILE=$PEBBLE_CA_FILE
a() { "$ACMETUI" "$@"; }
q() { sqlite3 -batch -noheader "$ACMETUI_DB" "$1"; }
# Renewals ordered by the batch run are the 20 "c" certificates.
in_c="SELECT id FROM certificates WHERE name LIKE 'c%'"

# One web server for every process: the built-in standalone responder
# would have the batch and the CLI fight over the port.
busybox httpd -f -p "127.0.0.1:$PEBBLE_HTTP_PORT" -h "$work/webroot" &
httpd_pid=$!

printf '%s\n' "$EAB_HMAC" >"$work/hmac"
chmod 600 "$work/hmac"
run a account add --agree-tos p --server "$PEBBLE_DIR" --eab-kid "$EAB_KID" \
	--eab-hmac-key-file "$work/hmac"
ok $rc "account add ($errout)"

names=()
for i in $(seq -w 1 20); do
	names+=("c$i")
	a cert add "c$i" --account p -d "c$i.example.test" \
		--webroot "$work/webroot" >/dev/null || break
done
printf '%s\n' "${names[@]}" | xargs -P 4 -n 1 "$ACMETUI" cert issue \
	>"$work/issue.out" 2>&1
ok $? "20 certificates issued ($(tail -n 1 "$work/issue.out"))"
run a cert add extra --account p -d extra.example.test -d www.extra.example.test \
	--webroot "$work/webroot"
ok $rc "a 21st certificate added, not issued ($errout)"
for n in "${names[@]}"; do
	a cert set "$n" --renew-at now >/dev/null || break
done
due=$(q "SELECT count(*) FROM certificates
	 WHERE renew_at <= strftime('%s', 'now') AND name LIKE 'c%'")
[ "$due" = 20 ]; ok $? "20 certificates due ($due)"
mark=$(q "SELECT max(id) FROM events")
unset out	# tap.sh shows the last run's output on a failure: none now
pebble_orders0=$(grep -c 'Added order' "$PEBBLE_TMP/pebble.log")

# The TUI from a shell in the pane, so that its exit status shows.
tui_start 100 40 bash --norc --noprofile
tui_type "export PS1='PROMPT\$ ' ACMETUI_DB='$ACMETUI_DB' ACMETUI_CA_FILE='$PEBBLE_CA_FILE'"
tui_keys Enter
tui_wait 'PROMPT\$' 5
tui_type "'$ACMETUI' 2>'$work/tui.err'; echo EXITED=\$?"
tui_keys Enter
tui_wait '21 certs: 1[0-9]* ?valid|21 certs:' 10
ok $? "the TUI opens on the inventory"

# All at once: the batch, the CLI, and someone browsing in the TUI.
start=$(date +%s%3N)
"$ACMETUI" --renew-due -j 8 --json >"$work/batch.out" 2>"$work/batch.err" &
batch_pid=$!
"$ACMETUI" cert issue extra >"$work/cli.out" 2>"$work/cli.err" &
cli_pid=$!
: >"$work/screens"
# step KEY REGEX: presses KEY and waits (5 s at most) until the screen
# matches REGEX, keeping every screen seen; non-zero on a timeout.
step() {
	local key=$1 re=$2 i=0 s
	tui_keys "$key"
	while [ "$i" -lt 50 ]; do
		s=$(tui_screen)
		printf '%s\n' "$s" >>"$work/screens"
		printf '%s\n' "$s" | grep -Eq -- "$re" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	echo "# no '$re' 5 s after key $key:" >&2
	printf '%s\n' "$s" | sed 's/^/# | /' >&2
	return 1
}
# browse: down, up, a certificate's detail and back, the event log and
# back; each key must show its screen.
browse() {
	step j 'certs:' && step k 'certs:' &&
		step Enter 'EVENTS' && step Escape 'certs:' &&
		step l 'Event log' && step Escape 'certs:'
}
rounds=0 stuck=0
while kill -0 "$batch_pid" 2>/dev/null || kill -0 "$cli_pid" 2>/dev/null ||
	[ "$rounds" -lt 2 ]; do
	browse || { stuck=1; break; }
	rounds=$((rounds + 1))
	[ "$rounds" -lt 200 ] || break
done
wait "$batch_pid"; batch_rc=$?
wait "$cli_pid"; cli_rc=$?
elapsed=$(( $(date +%s%3N) - start ))
echo "# batch and CLI done in $elapsed ms; TUI browsed $rounds rounds," \
	"$(grep -c 'certs:' "$work/screens") dashboards captured"
[ "$stuck" = 0 ]; ok $? "the TUI answered every key at once during the run"

[ "$batch_rc" -eq 0 ]
ok $? "the batch exits 0 ($(head -c 300 "$work/batch.err"))"
renewed=$(grep -o '"renewed": [0-9]*' "$work/batch.out" | grep -o '[0-9]*$')
[ "$renewed" = 20 ]; ok $? "the batch renewed all 20 (${renewed:-none})"
[ "$cli_rc" -eq 0 ]
ok $? "the CLI issue exits 0 ($(head -c 300 "$work/cli.err"))"
grep -q "Certificate 'extra' issued" "$work/cli.out"
ok $? "the CLI says the certificate was issued"

locked='database is locked|SQLITE_BUSY|is locked by another|busy'
# Each file was written (stderr may rightly be empty, stdout is not), so
# that a missing one cannot pass a negative grep.
[ -f "$work/batch.err" ] && nonempty "$work/batch.out" &&
	! grep -Eiq "$locked" "$work/batch.err" "$work/batch.out"
ok $? "the batch prints nothing about a locked inventory"
[ -f "$work/cli.err" ] && nonempty "$work/cli.out" &&
	! grep -Eiq "$locked" "$work/cli.err" "$work/cli.out"
ok $? "the CLI prints nothing about a locked inventory"
nonempty "$work/screens" && ! grep -Eiq "$locked" "$work/screens"
ok $? "no TUI screen during the run mentions a locked inventory"
q "SELECT message FROM events WHERE id > $mark" >"$work/run-events"
nonempty "$work/run-events" && ! grep -Eiq "$locked" "$work/run-events"
ok $? "no event mentions a locked inventory"

# No lost events: each renewed certificate has its new order and its
# issued certificate recorded, once.  (The lists below are counted too:
# an empty one would otherwise pass as "nothing bad".)
rows=$(q "SELECT c.name || ' ' ||
	 (SELECT count(*) FROM events e WHERE e.cert_id = c.id
	  AND e.id > $mark AND e.message LIKE 'new order%') || ' ' ||
	 (SELECT count(*) FROM events e WHERE e.cert_id = c.id
	  AND e.id > $mark AND e.message LIKE 'certificate issued%')
	 FROM certificates c WHERE c.id IN ($in_c)")
bad=$(grep -v ' 1 1$' <<<"$rows")
[ "$(grep -c . <<<"$rows")" = 20 ] && [ -z "$bad" ]
ok $? "every renewal has its order and issuance events ($bad)"
n=$(q "SELECT count(*) FROM events WHERE id > $mark
       AND subject = 'extra' AND message LIKE 'certificate issued%'")
[ "$n" = 1 ]; ok $? "the CLI issuance has its event ($n)"
n=$(q "SELECT count(*) FROM certificates")
bad=$(q "SELECT name || ' ' || stage FROM certificates
	 WHERE stage != 'monitoring' OR renew_at <= strftime('%s', 'now')")
[ "$n" = 21 ] && [ -z "$bad" ]
ok $? "all 21 in Monitoring, none due any more ($n; $bad)"

# No duplicate orders, in the inventory and at the CA.
rows=$(q "SELECT c.name || ' ' || count(o.id) FROM certificates c
	 LEFT JOIN orders o ON o.cert_id = c.id GROUP BY c.id")
bad=$(grep -v '^c[0-9]* 2$' <<<"$rows" | grep -v '^extra 1$')
[ "$(grep -c . <<<"$rows")" = 21 ] && [ -z "$bad" ]
ok $? "one new order per certificate in the inventory ($bad)"
pebble_orders=$(( $(grep -c 'Added order' "$PEBBLE_TMP/pebble.log") -
	pebble_orders0 ))
[ "$pebble_orders" = 21 ]; ok $? "Pebble received 21 orders ($pebble_orders)"
issued=$(grep -c 'Issued certificate serial' "$PEBBLE_TMP/pebble.log")
[ "$issued" = 41 ]; ok $? "Pebble issued 41 certificates in all ($issued)"

# The TUI caught up by itself and still answers keys.
tui_wait '21 certs: 21 valid' 10
ok $? "the TUI shows all 21 valid without a key press"
tui_keys '?'
tui_wait 'Keys of this screen' 5
ok $? "the TUI answers a key press afterwards"
tui_keys Escape q
tui_wait 'EXITED=0' 10
ok $? "the TUI quits with status 0"
[ -f "$work/tui.err" ] && ! grep -Eiq "$locked" "$work/tui.err"
ok $? "the TUI printed nothing about a locked inventory ($(head -c 200 "$work/tui.err"))"
done_testing
