#!/bin/bash
# SPDX-License-Identifier: ISC
# cli_health.sh - fleet health against a real Pebble: every --renew-due run
# is recorded (acmetui schedule status shows it), the notify hook gets one
# JSON event per renewal and per expiry threshold on stdin and no secret
# anywhere, and `schedule install` writes systemd units / a cron file
# naming this binary and inventory, refusing to replace a foreign file.
# Output: TAP.  Needs python3 (JSON check) and sqlite3 (a near expiry).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
. "$here/pebble-env.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}

trap pebble_stop EXIT
pebble_start PEBBLE_VA_ALWAYS_VALID=1 PEBBLE_WFE_NONCEREJECT=0 ||
	{ echo "Bail out! Pebble did not start"; exit 1; }

work=$PEBBLE_TMP/work
mkdir -p "$work/webroot"
export ACMETUI_DB=$work/inv/acmetui.db
export ACMETUI_CA_FILE=$PEBBLE_CA_FILE
a() { "$ACMETUI" "$@"; }

# A hook that records what it gets: stdin, and its environment.
cat >"$work/hook.sh" <<HOOK
#!/bin/sh
cat >>"$work/events.json"
env >>"$work/hook-env.txt"
HOOK
chmod 755 "$work/hook.sh"

run a account add --agree-tos pebble --server "$PEBBLE_DIR" --eab-kid "$EAB_KID" \
	--eab-hmac-key "$EAB_HMAC"
ok $rc "account add ($errout)"
# The harness exports the EAB keys for its own use; acmetui's hooks get
# the environment it was given, so keep them out of it to see whether
# acmetui itself leaks one.
export -n EAB_HMAC EAB_HMAC2
run a cert add web --account pebble -d web.example.test \
	-d www.web.example.test --challenge http-01 --webroot "$work/webroot"
ok $rc "cert add ($errout)"

# --- before any run ---
run a schedule status
[ "$rc" -eq 1 ] && echo "$out" | grep -q 'no renewal run yet'
ok $? "status: certificates but no run: exit 1 and says so"
echo "$out" | grep -q "schedule install"
ok $? "status points at schedule install"

run a cert issue web
ok $rc "cert issue ($errout)"

# --- a run that renews, with the hook ---
export ACMETUI_NOTIFY_HOOK="$work/hook.sh --from-acmetui"
run a cert set web --renew-at now
ok $rc "cert set --renew-at now ($errout)"
run a --renew-due --quiet
[ "$rc" -eq 0 ] && [ -z "$out" ]
ok $? "--renew-due renews quietly (rc=$rc: $errout)"
run a schedule status
[ "$rc" -eq 0 ] && echo "$out" | grep -Eq '^last run .* renewed 1 failed 0 skipped 0, exit 0$'
ok $? "a second command sees the run: renewed 1 failed 0"
run a schedule status --json
echo "$out" | python3 -c '
import json, sys
j = json.load(sys.stdin)
r = j["last_run"]
assert r["renewed"] == 1 and r["failed"] == 0 and r["finished"]
assert j["cron"] == "absent"'
ok $? "status --json has the run"

python3 - "$work/events.json" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 1, lines
ev = json.loads(lines[0])
assert ev["event"] == "renewed", ev
assert ev["certificate"] == "web"
assert ev["domains"] == ["web.example.test", "www.web.example.test"], ev
assert ev["not_after"].endswith("Z") and isinstance(ev["days_left"], int)
assert ev["message"]
PY
ok $? "hook got one valid JSON 'renewed' event on stdin"

# --- an expiry warning: the certificate is made to expire in 5 days ---
# (with sqlite3: what Pebble issued is far from expiry, and the CLI
# cannot move not_after)
[ "$(sqlite3 "$ACMETUI_DB" "UPDATE certificates SET not_after = strftime('%s', 'now') + 5 * 86400 + 600 WHERE name = 'web'; SELECT changes()")" = 1 ]
ok $? "not_after moved near (sqlite3)"
: >"$work/events.json"
run a --renew-due --quiet
ok $rc "run with nothing due ($errout)"
python3 - "$work/events.json" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 1, lines
ev = json.loads(lines[0])
assert ev["event"] == "expiring", ev
assert ev["days_left"] == 5, ev
assert ev["certificate"] == "web" and len(ev["domains"]) == 2
PY
ok $? "hook got one 'expiring' event, 5 days left"
run a --renew-due --quiet
[ "$(wc -l <"$work/events.json")" -eq 1 ]
ok $? "the same threshold is not sent twice"

# --- no secrets reach the hook ---
nonempty "$work/events.json" "$work/hook-env.txt" &&
	! grep -q 'PRIVATE KEY' "$work/events.json" "$work/hook-env.txt"
ok $? "no key material on the hook's stdin or in its environment"
nonempty "$work/hook-env.txt" &&
	! grep -q -e "$EAB_HMAC" -e '^ACMETUI_' "$work/hook-env.txt"
ok $? "no EAB key and no ACMETUI_* variable in the hook's environment"

# --- a failing hook: told, and the run still succeeds ---
# The notice is forgotten with sqlite3 so that it is sent again: the CLI
# has no command to resend one, by design (each threshold is sent once).
sqlite3 "$ACMETUI_DB" "DELETE FROM expiry_notices"
run env ACMETUI_NOTIFY_HOOK=/bin/false "$ACMETUI" --renew-due
[ "$rc" -eq 0 ] && echo "$errout" | grep -q 'notify hook /bin/false failed'
ok $? "a failing hook is reported, the run's status is unchanged ($errout)"
unset ACMETUI_NOTIFY_HOOK

# --- schedule install ---
self=$(readlink -f "$ACMETUI")
root=$work/root
run a schedule install --root "$root" --systemd
svc=$root/etc/systemd/system/acmetui-renew.service
tmr=$root/etc/systemd/system/acmetui-renew.timer
[ "$rc" -eq 0 ] && [ -f "$svc" ] && [ -f "$tmr" ]
ok $? "install --systemd writes both units ($errout)"
grep -qx "ExecStart=$self --db $ACMETUI_DB --ca-file $ACMETUI_CA_FILE --renew-due --quiet" "$svc"
ok $? "the service runs this binary on this inventory"
grep -qx "ReadWritePaths=-$(dirname "$ACMETUI_DB")" "$svc"
ok $? "the inventory's directory stays writable"
grep -qx 'OnCalendar=\*-\*-\* 00,12:00:00' "$tmr" &&
	grep -qx 'RandomizedDelaySec=1h' "$tmr" && grep -qx 'Persistent=true' "$tmr"
ok $? "the timer: twice a day, randomized, persistent"
echo "$out" | grep -q 'systemctl enable --now acmetui-renew.timer'
ok $? "tells the operator how to enable it"
run a schedule install --root "$root" --systemd
ok $rc "installing again replaces our own files ($errout)"
run a schedule status --root "$root"
echo "$out" | grep -q '^systemd timer: installed'
ok $? "status sees the timer"

root2=$work/root2
mkdir -p "$root2/etc/systemd/system"
echo '[Timer]' >"$root2/etc/systemd/system/acmetui-renew.timer"
run a schedule install --root "$root2" --systemd
[ "$rc" -eq 2 ] && echo "$errout" | grep -q 'not written by acmetui'
ok $? "a foreign unit is refused ($errout)"
[ "$(cat "$root2/etc/systemd/system/acmetui-renew.timer")" = '[Timer]' ] &&
	[ ! -e "$root2/etc/systemd/system/acmetui-renew.service" ]
ok $? "nothing written: the foreign file intact, no half install"

run a schedule install --root "$work/dry" --systemd --dry-run
[ "$rc" -eq 0 ] && [ ! -e "$work/dry" ] && echo "$out" | grep -q '^would write .*acmetui-renew.service'
ok $? "--dry-run prints and writes nothing"

run a schedule install --root "$root" --cron
cron=$root/etc/cron.d/acmetui
[ "$rc" -eq 0 ] && grep -Eq "^[0-9]+ [0-9]+,[0-9]+ \* \* \* root $self --db $ACMETUI_DB .*--renew-due --quiet\$" "$cron"
ok $? "install --cron writes a cron.d line with this binary ($errout)"
m=$(awk '/^[0-9]/ { print $1 }' "$cron")
[ "$m" -ge 0 ] && [ "$m" -le 59 ]
ok $? "a minute 0-59 ($m)"
echo '17 3 * * * root true' >"$cron"
run a schedule install --root "$root" --cron
[ "$rc" -eq 2 ] && [ "$(cat "$cron")" = '17 3 * * * root true' ]
ok $? "a foreign cron file is refused and kept"

done_testing
