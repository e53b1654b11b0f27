#!/bin/bash
# SPDX-License-Identifier: ISC
# untrusted.sh - text from the inventory is shown inert: a certificate
# name and an error message carrying terminal escape sequences (as a
# hostile server or file could) are drawn as visible "\x1b" text and
# never reach the terminal as control sequences.  Output: TAP.
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
pebble_start || { echo "Bail out! Pebble did not start"; exit 1; }

work=$PEBBLE_TMP/work
mkdir -p "$work"
export ACMETUI_DB=$work/inv/acmetui.db ACMETUI_CA_FILE=$PEBBLE_CA_FILE
a() { "$ACMETUI" "$@"; }
printf '%s\n' "EAB Key ID: $EAB_KID" "EAB MAC Key: $EAB_HMAC" \
	"ACME Server URL: $PEBBLE_DIR" >"$work/package.txt"
a account import --agree-tos "$work/package.txt" --name pebble >/dev/null 2>&1
ok $? "account registered (CLI)"

# SGR 35;45 (magenta on magenta): a sequence the UI itself never uses.
# The checks for it first see that the capture shows escape sequences.
evil=$(printf 'evil\033[35;45mname')
webroot=$work/$(printf 'web\033[35;45mroot')
mkdir -p "$webroot"
a cert add "$evil" --account pebble -d evil.example.test \
	--webroot "$webroot" >/dev/null 2>&1
ok $? "certificate with an escape sequence in its name added (CLI)"
rm -rf "$webroot"
a cert issue "$evil" >/dev/null 2>&1
[ $? -ne 0 ]; ok $? "its issuance fails (the webroot is gone)"
a cert show "$evil" --json | grep -q 'last_error'
ok $? "the failure is recorded"

tui_start 100 30 "$ACMETUI"
tui_wait 'certs:' 10
ok $? "the dashboard opens"
tui_screen | grep -qF 'evil\x1b[35'
ok $? "the name is shown with the escape made visible"
tui_screen_esc | grep -q $'\033\\[' &&
	! tui_screen_esc | grep -q $'\033\\[35;45m'
ok $? "no raw SGR 35;45 reached the terminal (dashboard)"
tui_screen | grep -Eq '1 failing'
ok $? "the header counts the failure"
tui_keys Enter
tui_wait 'last error:' 10
ok $? "the detail shows the last error"
tui_screen | grep -qF 'web\x1b[35;45mroot' ||
	tui_screen | grep -qF 'evil\x1b[35'
ok $? "the error text is shown with the escape made visible"
tui_screen_esc | grep -q $'\033\\[' &&
	! tui_screen_esc | grep -q $'\033\\[35;45m'
ok $? "no raw SGR 35;45 reached the terminal (detail)"
tui_keys l
tui_wait 'Event log' 5
tui_screen_esc | grep -q $'\033\\[' &&
	! tui_screen_esc | grep -q $'\033\\[35;45m'
ok $? "no raw SGR 35;45 reached the terminal (event log)"
tui_keys Q
i=0
while ! tui_dead && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
tui_dead; ok $? "Q quits"
done_testing
