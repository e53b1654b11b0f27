#!/bin/bash
# SPDX-License-Identifier: ISC
# hooks.sh - the TUI's new-certificate form checks a DNS hook as
# `cert add --dns-hook` does: a command whose program is not found is
# refused in the form, naming it, and nothing is added; a command that
# can run is taken.  Output: TAP.
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
a account add --agree-tos pebble --server "$PEBBLE_DIR" --eab-kid "$EAB_KID" \
	--eab-hmac-key "$EAB_HMAC" >/dev/null 2>&1
ok $? "account registered (CLI)"

tui_start 100 30 env ACMETUI_DB="$ACMETUI_DB" "$ACMETUI"
tui_wait 'certs:' 10
ok $? "the dashboard opens"
tui_keys n
tui_wait 'DNS hook:|Domains:' 5
ok $? "the new-certificate form opens"
tui_type "hook.example.test"
tui_keys Tab
# Validation: standalone -> webroot -> tls-alpn-01 -> dns-01 hook
tui_keys Space Space Space
tui_wait 'DNS hook:' 5
ok $? "the DNS hook field shows for dns-01"
tui_keys Tab
tui_type "no-such-dns-hook-xyz add"
tui_keys F2
tui_wait "'no-such-dns-hook-xyz' not found in PATH" 5
ok $? "an unknown hook program is refused in the form, named"
[ -z "$(a cert list 2>/dev/null | grep hook.example.test)" ]
ok $? "nothing was added"
tui_keys C-u
tui_type "true"
tui_keys F2
tui_gone "not found in PATH" 5
ok $? "a hook that can run is taken"
i=0
while [ $i -lt 50 ] && ! a cert list 2>/dev/null | grep -q hook.example.test; do
	sleep 0.1; i=$((i + 1))
done
a cert list 2>/dev/null | grep -q hook.example.test
ok $? "the certificate is in the inventory"
done_testing
