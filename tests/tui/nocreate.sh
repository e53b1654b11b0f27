#!/bin/bash
# SPDX-License-Identifier: ISC
# nocreate.sh - the TUI on an inventory path that does not exist names
# the path and asks before creating it: "n" (or Enter) creates nothing
# and exits 3, "y" creates it and opens the dashboard.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../integration/tap.sh"
. "$here/tmux-env.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
tmp=$(mktemp -d)
trap 'tui_stop; rm -rf "$tmp"' EXIT
mkdir -m 700 "$tmp/inv"
db=$tmp/inv/typo.db

tui_start 80 24 "$ACMETUI" --db "$db"
tui_wait "There is no inventory at $db yet" 10 &&
	tui_wait 'Create it and start\? \[y/N\]' 2
ok $? "the TUI names the missing inventory and asks"
tui_keys n Enter
tui_wait 'nothing created' 5
ok $? "n: it says nothing was created"
[ ! -e "$db" ]
ok $? "n: no file"
# A fresh tmux server on a fresh socket: restarting one on the same
# socket at once can fail ("server exited unexpectedly").
tui_stop
TUI_SOCK=$TUI_SOCK-x

tui_start 80 24 "$ACMETUI" --db "$db"
tui_wait 'Create it and start' 10
ok $? "asked again"
tui_keys y Enter
tui_wait '0 certs' 10
ok $? "y: the dashboard opens"
[ -f "$db" ]
ok $? "y: the inventory exists"
tui_keys q
tui_gone '0 certs' 5
ok $? "q quits"
# A fresh tmux server on a fresh socket: restarting one on the same
# socket at once can fail ("server exited unexpectedly").
tui_stop
TUI_SOCK=$TUI_SOCK-x

tui_start 80 24 "$ACMETUI" --db "$db"
tui_wait '0 certs' 10 && ! tui_screen | grep -q 'Create it'
ok $? "an existing inventory opens without a question"
done_testing
