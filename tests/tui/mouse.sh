#!/bin/bash
# SPDX-License-Identifier: ISC
# mouse.sh - the mouse in the lists, at 80x24, 60x20 and 120x40: a click
# selects the row under the pointer (the detail then opened is the
# clicked certificate, as stored), a click on the selected row or a
# double-click opens it, the wheel scrolls, clicks on the title, the
# headings, the footer's keys and below the last row do nothing (no
# click orders or quits), the accounts list and the help take the mouse
# too; with ACMETUI_NO_MOUSE or --no-mouse the terminal is not asked for
# mouse reports and the same clicks select nothing; --no-mouse is
# refused (exit 2) where it does not apply.
#
# The clicks are the bytes a terminal sends: X10 reports (ESC [ M b x y)
# for TERM=screen-256color, SGR reports (ESC [ < b;x;y M) for
# xterm-256color, written to the pane with tmux send-keys; tmux's own
# mouse is off (-f /dev/null), so they reach the program as typed.
# Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../integration/tap.sh"
. "$here/tmux-env.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
. "$here/screens-env.sh"
command -v sqlite3 >/dev/null ||
	{ echo "Bail out! sqlite3 (the CLI) is needed"; exit 1; }
scr_setup
scr_populate 42 1 && cp "$db" "$tmp/base.db"
ok $? "inventory of 42 certificates (bench/populate)"

# x10 B X Y: a report of button code B at column X, row Y (from 0).
x10() { tmx send-keys -t "$TUI_T" -H 1b 5b 4d "$(printf '%02x' $((32 + $1)))" \
	"$(printf '%02x' $((33 + $2)))" "$(printf '%02x' $((33 + $3)))"; }
# click X Y: press and release of the first button.
click() { x10 0 "$1" "$2"; x10 3 "$1" "$2"; }
# wheel up|down X Y: one notch.
wheel() { if [ "$1" = up ]; then x10 64 "$2" "$3"; else x10 65 "$2" "$3"; fi; }
# sgr_click X Y: the same click as an xterm (SGR 1006) report, from 1.
sgr_click() { tui_type $'\e'"[<0;$(($1 + 1));$(($2 + 1))M"$'\e'"[<0;$(($1 + 1));$(($2 + 1))m"; }

# row_of NAME: the screen row (from 0) showing NAME in the list.
row_of() { tui_screen | grep -nE "^[> ]$1 " | head -n 1 | cut -d: -f1 | awk '{ print $1 - 1 }'; }
position() { tui_screen | grep -Eo '[0-9]+/[0-9]+' | tail -n 1; }
# first_row: the name on the first list line.
first_row() { tui_screen | sed -n '/^ NAME/{n;p;q}' | awk '{ print $1 }' | tr -d '>'; }
# the column of TEXT on screen row Y (from 0), or nothing.
col_of() { tui_screen | sed -n "$(($2 + 1))p" | awk -v t="$1" '{ i = index($0, t); if (i) print i - 1 }'; }
# mouse_asked: the program asked the terminal for mouse reports.
mouse_asked() { [ "$(tmx display-message -p -t "$TUI_T" '#{mouse_any_flag}')" = 1 ]; }
touched() {
	sqlite3 "$1" "SELECT count(*) FROM events e JOIN certificates c ON c.id = e.cert_id WHERE c.name = '$2'"
}

# help_text: every page of the help shown, as one line (wrapped
# sentences read whole); ends on the last page.
help_text() {
	local i
	{
		tui_screen
		for i in 1 2 3 4 5 6 7 8; do
			tui_keys NPage
			sleep 0.2
			tui_screen | sed 1d | head -n -2
		done
	} | sed 's/^ *//' | tr '\n' ' ' | tr -s ' '
}

start() {
	local cols=$1 lines=$2
	shift 2
	tui_stop
	tui_start "$cols" "$lines" env ACMETUI_DB="$db" "$@"
	tui_wait '42 certs:' 10
}

run_one() {
	local cols=$1 lines=$2 tag="$1x$2" y x foot k b
	db=$tmp/$tag/acmetui.db
	mkdir -p "$tmp/$tag"
	cp "$tmp/base.db" "$db"
	start "$cols" "$lines" "$ACMETUI"
	ok $? "$tag: the dashboard opens"
	mouse_asked
	ok $? "$tag: the terminal is asked for mouse reports"

	# --- a click selects the row under the pointer ---
	y=$(row_of cert000005)
	[ -n "$y" ]; ok $? "$tag: cert000005 is on row $y"
	click 3 "$y"
	tui_wait '^>cert000005 ' 5 && [ "$(position)" = 6/42 ]
	ok $? "$tag: a click selects cert000005 ($(position))"
	tui_screen | grep -q 'Request > Validation'
	[ $? -ne 0 ]; ok $? "$tag: ... and opens nothing yet"

	# --- a click on the selected row opens it, as Enter does ---
	click 20 "$y"
	tui_wait '^ cert000005 +\(' 5
	ok $? "$tag: a click on the selected row opens its detail"
	dom=$(sqlite3 "$db" "SELECT d.name FROM cert_domains cd JOIN domains d ON d.id = cd.domain_id JOIN certificates c ON c.id = cd.cert_id WHERE c.name = 'cert000005' ORDER BY cd.position LIMIT 1")
	[ -n "$dom" ] && tui_screen | head -n 1 | grep -q '^ cert000005 ' &&
		tui_screen | grep -qF "$dom"
	ok $? "$tag: the detail shows cert000005's stored domain $dom"
	tui_keys Escape
	tui_wait '^>cert000005 ' 5
	ok $? "$tag: back on the dashboard, cert000005 still selected"

	# --- a double-click on another row opens that one ---
	y=$(row_of cert000002)
	click 3 "$y"; click 3 "$y"
	tui_wait '^ cert000002 +\(' 5
	ok $? "$tag: a double-click opens cert000002"
	tui_keys Escape
	tui_wait '^>cert000002 ' 5
	# Both reports in one write, read at once (a fast double-click).
	y=$(row_of cert000003)
	b=$(printf '%02x' $((33 + y)))
	tmx send-keys -t "$TUI_T" -H 1b 5b 4d 20 24 "$b" 1b 5b 4d 23 24 "$b" \
		1b 5b 4d 20 24 "$b" 1b 5b 4d 23 24 "$b"
	tui_wait '^ cert000003 +\(' 5
	ok $? "$tag: a double-click read in one burst opens cert000003"
	tui_keys Escape
	tui_wait '^>cert000003 ' 5
	y=$(row_of cert000002)
	click 3 "$y"
	tui_wait '^>cert000002 ' 5

	# --- the wheel scrolls ---
	k=$(position)
	wheel down 3 "$y"
	tui_wait ' 6/42' 5
	ok $? "$tag: the wheel moves down three rows ($k -> $(position))"
	for k in 1 2 3 4 5 6 7 8 9 10 11 12; do wheel down 3 "$y"; done
	tui_wait ' 42/42' 5 && [ "$(first_row)" != cert000000 ]
	ok $? "$tag: more notches scroll the list to its end (first row $(first_row))"
	wheel up 3 "$y"
	tui_wait ' 39/42' 5
	ok $? "$tag: the wheel up moves back up ($(position))"
	tui_keys Home
	tui_wait ' 1/42' 5

	# --- clicks outside the rows do nothing ---
	click 3 0
	click 3 "$(tui_screen | grep -n '^ NAME' | cut -d: -f1 | awk '{ print $1 - 1 }')"
	foot=$((lines - 1))
	for k in 'q:quit' 'r:renew' 'v:issue' 'n:new'; do
		x=$(col_of "$k" "$foot")
		[ -n "$x" ] || continue
		click "$x" "$foot"; click "$x" "$foot"
	done
	click 3 $((lines - 2))
	sleep 0.3 # nothing to wait for: give the clicks time to be read
	! tui_dead && [ "$(position)" = 1/42 ] &&
		tui_screen | head -n 1 | grep -q '42 certs:'
	ok $? "$tag: clicks on title, headings, status line and footer keys do nothing"
	[ "$(touched "$db" cert000000)" = 0 ] &&
		[ "$(sqlite3 "$db" "SELECT count(*) FROM certificates")" = 42 ]
	ok $? "$tag: ... nothing ordered, nothing added (stored)"
	tui_keys / && tui_type cert00000 && tui_keys Enter
	tui_wait ' 1/10' 5
	click 3 $((lines - 4)); click 3 $((lines - 4))
	sleep 0.3
	[ "$(position)" = 1/10 ] && tui_screen | grep -q '^ NAME'
	ok $? "$tag: clicks below the last row do nothing"
	tui_keys Escape

	# --- the accounts list and the help take the mouse too ---
	tui_keys Tab
	tui_wait '^>?bench ' 5
	y=$(tui_screen | grep -nE '^[> ]bench ' | cut -d: -f1 | awk '{ print $1 - 1 }')
	click 2 "$y"; click 2 "$y"
	tui_wait 'rollover|key rollover' 5
	ok $? "$tag: a double-click on an account opens it"
	tui_keys Escape Escape
	tui_wait '42 certs:' 5
	tui_keys '?'
	tui_wait '^ Help: ' 5
	help_text | grep -qF 'select it with Shift+drag'
	ok $? "$tag: the help tells how to copy text (Shift+drag)"
	tui_keys Home
	tui_wait 'Keys of this screen' 5
	k=$(tui_screen | sed -n 3p)
	wheel down 10 10
	for x in 1 2 3 4 5 6 7 8 9 10; do
		[ "$(tui_screen | sed -n 3p)" != "$k" ] && break
		sleep 0.2
	done
	[ "$(tui_screen | sed -n 3p)" != "$k" ]
	ok $? "$tag: the wheel scrolls the help"
	tui_keys Escape
	tui_keys q
	for k in 1 2 3 4 5 6 7 8 9 10; do tui_dead && break; sleep 0.3; done
}

for size in "80 24" "60 20" "120 40"; do
	# shellcheck disable=SC2086
	run_one $size
done

# --- the event log: a click selects an entry, a second shows it whole ---
db=$tmp/80x24/acmetui.db
now=$(date +%s)
# sqlite3: no command writes events of chosen times and texts.
for k in 1 2 3 4 5 6; do
	sqlite3 "$db" "INSERT INTO events (ts, cert_id, subject, stage, level, message) VALUES ($now - $k * 60, (SELECT id FROM certificates WHERE name = 'cert000000'), 'cert000000', 'Validation', 'info', 'mouse test entry $k')"
done
start 80 24 "$ACMETUI"
tui_keys l
tui_wait 'mouse test entry 4' 5
y=$(tui_screen | grep -n 'mouse test entry 4' | cut -d: -f1 | awk '{ print $1 - 1 }')
click 3 "$y"; click 3 "$y"
tui_wait '^ Event ' 5 && [ "$(tui_screen | grep -c 'mouse test entry')" = 1 ] &&
	tui_screen | grep -q 'mouse test entry 4'
ok $? "event log: two clicks on an entry show that entry in full"
tui_keys Escape
tui_wait 'mouse test entry 4' 5
ok $? "... Esc goes back to the log"

# --- the next 90 days: a week, then a certificate of it ---
tui_keys Escape
tui_wait '42 certs:' 5
tui_keys f
tui_wait 'Next 90 days' 5
y=$(tui_screen | awk '/^[> ]wk / { n = $NF + 0; if (n > max) { max = n; row = NR - 1 } } END { print row }')
click 3 "$y"; click 3 "$y"
tui_wait '^ NAME +ACCOUNT' 5
ok $? "forecast: two clicks on the busiest week list its certificates"
y=$(row_of cert000007)
click 3 "$y"; click 3 "$y"
tui_wait '^ cert000007 +\(' 5
ok $? "forecast: two clicks on cert000007 in the week open its detail"
tui_keys Escape Escape Escape

# --- xterm's SGR reports (TERM=xterm-256color) ---
db=$tmp/80x24/acmetui.db
start 80 24 TERM=xterm-256color "$ACMETUI"
y=$(row_of cert000004)
sgr_click 3 "$y"
tui_wait '^>cert000004 ' 5
ok $? "xterm-256color: an SGR click selects cert000004"

# --- off: ACMETUI_NO_MOUSE, --no-mouse ---
no_mouse() {
	local tag=$1 y
	shift
	start 80 24 "$@"
	ok $? "$tag: the dashboard opens"
	! mouse_asked
	ok $? "$tag: the terminal is not asked for mouse reports"
	# A terminal not asked sends no reports; these are sent anyway.
	# (Not the wheel: its report's bytes read as keys then, 'a' among
	# them, as they would for any program that did not ask.)
	y=$(row_of cert000005)
	click 3 "$y"; click 3 "$y"
	tui_keys j
	tui_wait ' 2/42' 5 && [ "$(first_row)" = cert000000 ] &&
		tui_screen | grep -q '^>cert000001 '
	ok $? "$tag: the same clicks select and open nothing ($(position))"
	tui_keys '?'
	tui_wait 'Keys of this screen' 5
	help_text | grep -qF 'Off (--no-mouse or ACMETUI_NO_MOUSE)'
	ok $? "$tag: the help says the mouse is off"
}
no_mouse "ACMETUI_NO_MOUSE=1" ACMETUI_NO_MOUSE=1 "$ACMETUI"
no_mouse "--no-mouse" "$ACMETUI" --no-mouse
start 80 24 ACMETUI_NO_MOUSE= "$ACMETUI"
mouse_asked
ok $? "ACMETUI_NO_MOUSE empty: the mouse is on"
tui_stop

# --- refused where it does not apply ---
run env ACMETUI_DB="$db" "$ACMETUI" --no-mouse cert list
[ "$rc" = 2 ] && printf '%s' "$errout" | grep -q -- '--no-mouse applies to the terminal UI only'
ok $? "--no-mouse before a command: exit 2, named ($rc: $errout)"
run env ACMETUI_DB="$db" "$ACMETUI" cert list --no-mouse
[ "$rc" = 2 ] && printf '%s' "$errout" | grep -q -- 'no-mouse'
ok $? "--no-mouse after a command: exit 2, named"
run env ACMETUI_DB="$db" "$ACMETUI" --no-mouse
[ "$rc" = 2 ] && printf '%s' "$errout" | grep -q -- '--no-mouse applies'
ok $? "--no-mouse without a terminal (the plain list): exit 2"
run env ACMETUI_DB="$db" "$ACMETUI" --no-mouse --renew-due --dry-run
[ "$rc" = 2 ]
ok $? "--no-mouse with --renew-due: exit 2"
[ "$(sqlite3 "$db" "SELECT count(*) FROM certificates")" = 42 ]
ok $? "... nothing changed"

done_testing
