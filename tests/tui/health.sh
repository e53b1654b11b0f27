#!/bin/bash
# SPDX-License-Identifier: ISC
# health.sh - the dashboard's second line tells how the renewal batch is
# doing: a marked warning when certificates exist and no --renew-due ever
# ran, the last run once one did (seen live, from another process), and
# a warning again when the last run is two days old.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=${top_srcdir:-$here/../..}
. "$top/tests/integration/tap.sh"
. "$top/tests/integration/pebble-env.sh"
. "$here/tmux-env.sh"
ACMETUI=${ACMETUI:-$top/acmetui}

cleanup() {
	tui_stop
	pebble_stop
}
trap cleanup EXIT
pebble_start PEBBLE_VA_ALWAYS_VALID=1 PEBBLE_WFE_NONCEREJECT=0 ||
	{ echo "Bail out! Pebble did not start"; exit 1; }

work=$PEBBLE_TMP/work
mkdir -p "$work/webroot"
export ACMETUI_DB=$work/inv/acmetui.db ACMETUI_CA_FILE=$PEBBLE_CA_FILE
a() { "$ACMETUI" "$@"; }
a account add --agree-tos pebble --server "$PEBBLE_DIR" --eab-kid "$EAB_KID" \
	--eab-hmac-key "$EAB_HMAC" >/dev/null 2>&1
ok $? "account registered (CLI)"
a cert add web --account pebble -d web.example.test \
	--webroot "$work/webroot" >/dev/null 2>&1 &&
	a cert issue web >/dev/null 2>&1
ok $? "a certificate issued (CLI)"

tui_start 100 30 "$ACMETUI"
tui_wait 'certs:' 10
ok $? "the dashboard opens"
tui_wait '^ ! no renewal run yet: is the cron job/timer installed\?' 5
ok $? "no run yet: a marked warning on the second line"

a cert set web --renew-at now >/dev/null 2>&1
a --renew-due --quiet >/dev/null 2>&1
ok $? "--renew-due (CLI, another process)"
tui_wait '^ last renewal run [0-9]+s ago: 1 renewed, 0 failed' 5
ok $? "the dashboard shows the run at once"
tui_screen | grep -q 'no renewal run'
[ $? -ne 0 ]; ok $? "the warning is gone"

# Aged with sqlite3: the CLI records a run only as it happens, now.
[ "$(sqlite3 "$ACMETUI_DB" "UPDATE renewal_runs SET started_at = started_at - 2 * 86400, finished_at = finished_at - 2 * 86400; SELECT changes()")" -ge 1 ]
ok $? "the run made two days old (sqlite3)"
tui_wait '^ ! no renewal run for 2d: is the cron job/timer installed\?' 5
ok $? "a two-day-old run is a warning"

tui_keys q
done_testing
