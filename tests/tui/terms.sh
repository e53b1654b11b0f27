#!/bin/bash
# SPDX-License-Identifier: ISC
# terms.sh - the TUI asks for consent to the CA's terms of service: the
# add-account form (A on the dashboard) reads the terms on Enter and
# shows their URL with a box; Enter without the box ticked names what is
# missing and registers nothing (Pebble logs no newAccount); Space ticks
# it and Enter registers, storing the terms.  The account screen says
# when the CA names other terms than the ones agreed to.  (flow.sh goes
# through the same box on the import form.)  Output: TAP.
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
# No nonce rejection: newAccount requests are counted in Pebble's log,
# where a retried one (after badNonce) would count twice.
pebble_start PEBBLE_WFE_NONCEREJECT=0 ||
	{ echo "Bail out! Pebble did not start"; exit 1; }

work=$PEBBLE_TMP/work
mkdir -p "$work"
export ACMETUI_DB=$work/inv/acmetui.db ACMETUI_CA_FILE=$PEBBLE_CA_FILE
a() { "$ACMETUI" "$@"; }
q() { sqlite3 -batch -noheader -cmd '.timeout 5000' "$ACMETUI_DB" "$1"; }
# The positive path first: a registration is what Pebble's log shows.
a account add --agree-tos cli --server "$PEBBLE_DIR" --eab-kid "$EAB_KID" \
	--eab-hmac-key "$EAB_HMAC" >/dev/null 2>&1
ok $? "an account registered (CLI)"
n0=$(new_accounts)
[ "$n0" -ge 1 ]
ok $? "Pebble logs a newAccount ($n0)"

tui_start 100 34 "$ACMETUI"
tui_wait 'certs:' 10
ok $? "the dashboard opens"
tui_keys A
tui_wait 'Add an ACME account' 5
ok $? "A opens the add-account form"
tui_type web
# CA: the last choice, "other", asks for the directory URL.
tui_keys Tab Left
tui_wait 'Directory URL:' 5
tui_keys Tab
tui_type "$PEBBLE_DIR"
tui_keys Tab
tui_type "$EAB_KID"
tui_keys Tab
tui_type "$EAB_HMAC"
tui_keys Enter
tui_wait '\[ \] I agree to the terms of service at data:text/plain' 20
ok $? "Enter shows the CA's terms of service URL with an unticked box"
[ "$(new_accounts)" -eq "$n0" ]
ok $? "reading the terms registers nothing"
tui_keys Enter
tui_wait 'required: tick the box' 5
ok $? "Enter without the box ticked names the missing field"
[ "$(new_accounts)" -eq "$n0" ] &&
	[ "$(q "SELECT count(*) FROM accounts WHERE name = 'web'")" = 0 ]
ok $? "... and registers nothing (no newAccount, no row)"
tui_keys Space
tui_wait '\[x\] I agree' 5
ok $? "Space ticks the box"
tui_keys Enter
tui_wait 'account web registered' 20
ok $? "Enter registers"
[ "$(new_accounts)" -eq $((n0 + 1)) ]
ok $? "Pebble logged the newAccount"
[ "$(q "SELECT tos_url LIKE 'data:text/plain%' AND tos_agreed_at > 0
	FROM accounts WHERE name = 'web'")" = 1 ]
ok $? "the terms agreed to and the time are stored"

# The CA's terms differ from the ones agreed to (as after a change).
# sqlite3: Pebble's terms cannot change while it runs.
q "UPDATE accounts SET tos_url = 'https://old.example.test/tos'
	WHERE name = 'web'"
tui_keys Escape
tui_wait 'certs:' 5
tui_keys Tab
tui_wait 'web' 5
tui_keys Home
tui_wait '>cli' 5
tui_keys j Enter
tui_wait 'Account web' 5
ok $? "the account screen opens"
tui_wait 'Terms of service +https://old\.example\.test/tos \(agreed ' 5
ok $? "it shows the terms agreed to and when"
tui_wait "the CA's terms of service are now data:text/plain" 5 &&
	tui_screen | grep -qF 'account set web --agree-tos'
ok $? "it says the CA names other terms now, and how to agree"
tui_keys q
done_testing
