#!/bin/bash
# SPDX-License-Identifier: ISC
# account_events.sh - a refused account registration leaves an event with
# the CA's reason (issue 10 defect 8), whichever front end asked: `account
# import` and `account add` on the command line and the TUI's import form,
# against a real Pebble that requires EAB, with a wrong EAB HMAC key and
# an unknown key id.  The event names the account, says what the CA said
# (sanitized, one line), never holds the HMAC key, and the TUI's event log
# shows it after the form is gone.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/tap.sh"
. "$here/pebble-env.sh"
. "$top/tests/tui/tmux-env.sh"
ACMETUI=${ACMETUI:-$top/acmetui}

cleanup() { tui_stop; pebble_stop; }
trap cleanup EXIT
pebble_start || { echo "Bail out! Pebble did not start"; exit 1; }

work=$PEBBLE_TMP/work
mkdir -p "$work"
export ACMETUI_DB=$work/inv/acmetui.db
export ACMETUI_CA_FILE=$PEBBLE_CA_FILE
a() { "$ACMETUI" "$@"; }
sq() { sqlite3 -cmd '.timeout 5000' "$ACMETUI_DB" "$1"; }
# events NAME: the error events about account NAME, one per line.
events() {
	sq "SELECT stage || ' | ' || message FROM events
	    WHERE subject = '$1' AND level = 'error' ORDER BY id"
}

wrong=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
package() { # KID HMAC
	printf '%s\n' "Dear Customer," "EAB Key ID: $1" "EAB MAC Key: $2" \
		"ACME Server URL: $PEBBLE_DIR"
}
package "$EAB_KID" "$EAB_HMAC" >"$work/good.txt"
package "$EAB_KID" "$wrong" >"$work/wrong.txt"

# --- the positive path: a registration is in the event log ---
run a account import --agree-tos "$work/good.txt" --name good
ok $rc "account import with the right key registers (rc=$rc: $errout)"
n=$(sq "SELECT count(*) FROM events WHERE subject = 'good'
	AND message LIKE 'registered with %'")
[ "$n" = 1 ]
ok $? "its registration is an event ($n)"

# --- CLI import with a wrong HMAC key ---
run a account import --agree-tos "$work/wrong.txt" --name wrongmac
[ "$rc" -eq 1 ]
ok $? "wrong HMAC key: exit 1 (rc=$rc: $errout)"
ev=$(events wrongmac)
[ -n "$ev" ]
ok $? "the refusal is an event of account wrongmac ($ev)"
echo "$ev" | grep -q '^account | .*refused.*External Account Binding'
ok $? "stage account, saying the CA refused the binding ($ev)"
# Pebble's own words ride along: what the CA said is not lost.
echo "$errout" | grep -q 'JWS verification error' &&
	echo "$ev" | grep -q 'unauthorized: external account binding JWS verification error'
ok $? "with the CA's own reason"
! echo "$ev" | grep -qF "$wrong" && ! sq "SELECT message FROM events" |
	grep -qF "$EAB_HMAC"
ok $? "no HMAC key in any event"
n=$(sq "SELECT count(*) FROM accounts WHERE name = 'wrongmac'")
[ "$n" = 0 ]
ok $? "the refused account is not kept, its event is ($n)"

# --- CLI add with an unknown key id ---
printf '%s\n' "$EAB_HMAC" >"$work/hmac"
run a account add --agree-tos nokid --server "$PEBBLE_DIR" --eab-kid no-such-kid \
	--eab-hmac-key-file "$work/hmac"
[ "$rc" -eq 1 ]
ok $? "unknown key id: exit 1 (rc=$rc: $errout)"
ev=$(events nokid)
echo "$ev" | grep -q "^account | .*$PEBBLE_DIR"
ok $? "the refusal is an event naming the CA ($ev)"

# --- the TUI's import form: the reason outlives the form ---
tui_start 100 30 "ACMETUI_DB='$ACMETUI_DB' ACMETUI_CA_FILE='$ACMETUI_CA_FILE' '$ACMETUI'"
tui_wait 'certs:' 10
ok $? "TUI started"
tui_keys i
tui_wait 'Import credentials package' 5
tui_paste "$work/wrong.txt"
tui_wait 'HMAC key +\*' 5
tui_keys Tab C-u
tui_type tuiwrong
tui_keys Enter
tui_wait 'I agree to the terms of service at' 20
ok $? "the form shows the CA's terms of service to agree to"
tui_keys Space Enter
tui_wait 'External Account Binding' 20
ok $? "the form shows the refusal"
tui_keys Escape
tui_gone 'Import credentials package' 5
tui_keys l
tui_wait 'Event log' 5 && tui_wait 'tuiwrong +account +! registration failed: the CA refused' 5
ok $? "the event log shows the refusal after the form closed"
ev=$(events tuiwrong)
echo "$ev" | grep -q '^account | .*External Account Binding'
ok $? "stored as an event of account tuiwrong ($ev)"

done_testing
