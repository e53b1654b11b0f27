#!/bin/bash
# SPDX-License-Identifier: ISC
# bigdash.sh - the dashboard over an inventory many windows long (3,000
# certificates from bench/populate, expiring in name order), at 80x24:
# the rows at the window boundaries are the right ones (the last page,
# a page down, the line after a page), a filter that matches only rows
# far beyond the first window, sort either way under a filter, and the
# selection staying on its certificate when rows move above it (another
# process changes their expiry).  The dashboard reads only the window it
# shows (db/store_dash.c); this checks that it shows the same rows as
# reading everything did.
# Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=${top_srcdir:-$here/../..}
. "$top/tests/integration/tap.sh"
. "$here/tmux-env.sh"
ACMETUI=${ACMETUI:-$top/acmetui}
builddir=$(cd "$(dirname "$ACMETUI")" && pwd)
command -v sqlite3 >/dev/null ||
	{ echo "Bail out! sqlite3 (the CLI) is needed"; exit 1; }
tmp=$(mktemp -d)
trap 'tui_stop; rm -rf "$tmp"' EXIT
N=3000
db=$tmp/inv/acmetui.db

make -C "$builddir" bench/populate >/dev/null 2>&1
"$builddir/bench/populate" "$db" "$N" 0
ok $? "inventory of $N certificates (bench/populate)"

# rows: the list lines of the pane; sel: the selected line's name.
rows() { tui_screen | sed -n '/^ NAME/,$p' | sed 1d | head -n -2; }
sel() { rows | sed -n 's/^>\([^ ]*\) .*/\1/p'; }
position() { tui_screen | grep -Eo '[0-9]+/[0-9]+' | tail -n 1; }
# name K: the certificate at 1-based position K in expiry order.
name() { printf 'cert%06d' $(($1 - 1)); }

tui_start 80 24 env ACMETUI_DB="$db" "$ACMETUI"
tui_wait "$N certs:" 20
ok $? "the dashboard opens with $N certificates"
[ "$(position)" = "1/$N" ] && [ "$(sel)" = cert000000 ]
ok $? "the first certificate is selected ($(position) $(sel))"
h=$(rows | grep -c '^[> ]cert')
[ "$h" -ge 10 ]
ok $? "a window of $h rows"

# --- paging: the row under the cursor is the one at its position ---
tui_keys PageDown
tui_gone " 1/$N" 5
p=$(position)
p=${p%/*}
[ "$p" -gt 1 ] && [ "$(sel)" = "$(name "$p")" ]
ok $? "PgDn: the row at $p/$N is $(name "$p") ($(sel))"
rows | tail -n 1 | grep -q "^>$(name "$p") "
ok $? "PgDn: the cursor is on the window's last line"
tui_keys Down
tui_wait " $((p + 1))/$N" 5 && [ "$(sel)" = "$(name $((p + 1)))" ]
ok $? "Down past the window: the next certificate, $(name $((p + 1)))"
tui_keys End
tui_wait " $N/$N" 5
ok $? "End: the last position"
[ "$(sel)" = "$(name "$N")" ] &&
	rows | tail -n 2 | head -n 1 | grep -q "^ $(name $((N - 1))) "
ok $? "End: the last page ends with $(name $((N - 1))), $(name "$N")"
[ "$(rows | grep -c '^[> ]cert')" = "$h" ]
ok $? "End: the last page is full"
tui_keys PageUp
tui_gone " $N/$N" 5
p=$(position)
p=${p%/*}
[ "$(sel)" = "$(name "$p")" ]
ok $? "PgUp from the end: the row at $p/$N is $(name "$p") ($(sel))"
tui_keys Home
tui_wait " 1/$N" 5 && [ "$(sel)" = cert000000 ]
ok $? "Home: back to the first"

# --- a filter matching only rows far beyond the first window ---
tui_keys /
tui_type cert0029
tui_keys Enter
tui_wait ' 1/100 *$' 5 && [ "$(sel)" = cert002900 ]
ok $? "/cert0029: 100 certificates, the first is cert002900 ($(sel))"
tui_screen | grep -q "(100 of $N shown)"
ok $? "the status line counts the filter and the whole inventory"
tui_keys End
tui_wait ' 100/100' 5 && [ "$(sel)" = cert002999 ]
ok $? "End under the filter: cert002999"
! rows | grep -Ev '^[> ]cert0029[0-9][0-9] ' | grep -q .
ok $? "under the filter every row shown matches"
tui_keys S Home
tui_wait ' 1/100 *$' 5 && [ "$(sel)" = cert002999 ]
ok $? "S under the filter: the latest expiry first ($(sel))"
tui_keys End
tui_wait ' 100/100' 5 && [ "$(sel)" = cert002900 ]
ok $? "... and the earliest last ($(sel))"
tui_keys s Home
tui_wait 'NAME ?[↓v]' 5 && tui_wait ' 1/100 *$' 5 &&
	[ "$(sel)" = cert002999 ]
ok $? "s: by name, still reversed, still filtered ($(sel))"
tui_keys Escape
tui_wait " [0-9]+/$N" 5
ok $? "Esc: the whole list again"
[ "$(sel)" = cert002999 ] && [ "$(position)" = "1/$N" ]
ok $? "the selection is kept: cert002999 at 1/$N ($(position))"
tui_keys S s s s s s
tui_wait 'EXPIRES ?[↑^]' 5
ok $? "back to the expiry order"

# --- the selection stays when rows move above it ---
tui_keys / && tui_type cert001000 && tui_keys Enter
tui_wait ' 1/1 *$' 5
tui_keys Escape
tui_wait " 1001/$N" 5 && [ "$(sel)" = cert001000 ]
ok $? "cert001000 selected at 1001/$N ($(position))"
now=$(date +%s)
# Another process moves them (sqlite3: the CLI cannot date a certificate).
sqlite3 "$db" "UPDATE certificates SET not_after = $now + 86400
	WHERE name BETWEEN 'cert002000' AND 'cert002009'"
tui_wait " 1011/$N" 10
ok $? "ten rows moved above it: it is at 1011/$N ($(position))"
[ "$(sel)" = cert001000 ]
ok $? "... and still selected ($(sel))"
tui_keys Home
tui_wait " 1/$N" 5 && [ "$(sel)" = cert002000 ]
ok $? "the moved rows come first ($(sel))"

tui_keys q
for k in 1 2 3 4 5 6 7 8 9 10; do tui_dead && break; sleep 0.5; done
tui_dead
ok $? "q quits"
done_testing
