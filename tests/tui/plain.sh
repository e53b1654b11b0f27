#!/bin/bash
# SPDX-License-Identifier: ISC
# plain.sh - the UI on a monochrome, ASCII-only terminal: NO_COLOR gives
# no colour sequences at all, an ASCII locale draws no UTF-8 line
# characters, and the markers still tell the states apart.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../integration/tap.sh"
. "$here/tmux-env.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
tmp=$(mktemp -d)
trap 'tui_stop; rm -rf "$tmp"' EXIT
db=$tmp/inv/acmetui.db
a() { ACMETUI_DB=$db "$ACMETUI" "$@"; }

# Two certificates without any CA: one never issued ("new"), one made due.
make -C "$(dirname "$ACMETUI")" bench/populate >/dev/null 2>&1
populate=$(dirname "$ACMETUI")/bench/populate
"$populate" "$db" 3 1
ok $? "inventory with one due certificate"

tui_start 80 24 env NO_COLOR=1 LANG=C LC_ALL=C TERM=xterm-256color \
	ACMETUI_DB="$db" "$ACMETUI"
tui_wait '3 certs:' 10
ok $? "the dashboard opens"
esc=$(tui_screen_esc)
[ -n "$esc" ] && ! printf '%s' "$esc" | grep -Eq $'\e\\[[0-9;]*(3[0-7]|9[0-7]|38;|4[0-7]|48;)[0-9;]*m'
ok $? "NO_COLOR: no colour sequences on the screen"
tui_screen | grep -Eq 'cert000000 .* due'
ok $? "the due certificate is marked in text"
tui_keys i
tui_wait 'Import credentials package' 5
s=$(tui_screen)
[ -n "$s" ] && ! printf '%s' "$s" | LC_ALL=C grep -q $'[\x80-\xff]'
ok $? "ASCII locale: the form border is drawn without UTF-8 bytes"
# ncurses draws the box with the terminal's line-drawing set (ACS: the
# letters l, q, k as tmux stores them) or, without one, with + - |.
printf '%s' "$s" | grep -Eq '^ *(lq+k|\+-+\+) *$'
ok $? "ASCII locale: the border is drawn with ACS or ASCII characters"
tui_keys Escape q
tui_gone '3 certs:' 5
ok $? "q quits"
done_testing
