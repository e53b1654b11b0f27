#!/bin/bash
# SPDX-License-Identifier: ISC
# events.sh - the event log as tig/lazygit users expect it: the message
# column takes the width the others leave (it was ~30 columns), Enter
# shows an entry in full in a scrollable text view (a CA's refusal was
# cut off at the right edge), / searches, f filters the level, and l on
# a certificate's detail shows its log only.  Every look: 80x24, 60x20,
# 120x40, colour, NO_COLOR, German.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../integration/tap.sh"
. "$here/tmux-env.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
. "$here/screens-env.sh"
scr_setup
command -v sqlite3 >/dev/null || { echo "Bail out! sqlite3 missing"; exit 1; }

# A CA's long refusal (about 900 characters, words to wrap at), ending
# in a word that only the full text shows.
long="the CA refused the order:"
for i in $(seq 1 40); do long="$long detail$i of the refusal;"; done
long="$long END-OF-REASON"
mid="forty characters of message text, 40 ch"

# Events as the engine writes them, into the inventory's own table
# (sqlite3: no command writes events of chosen times, levels and texts).
add_events() {
	local now
	now=$(date +%s)
	sqlite3 "$db" "
	  INSERT INTO events (ts, cert_id, subject, stage, level, message)
	    VALUES ($now - 300, 1, 'cert000000', 'issuance', 'info',
	            'certificate downloaded, chain 2 certs');
	  INSERT INTO events (ts, cert_id, subject, stage, level, message)
	    VALUES ($now - 200, 2, 'cert000001', 'doctor', 'warn',
	            'advice: the local resolver cannot see this name');
	  INSERT INTO events (ts, cert_id, subject, stage, level, message)
	    VALUES ($now - 100, 2, 'cert000001', 'monitoring', 'info',
	            '$mid');
	  INSERT INTO events (ts, cert_id, subject, stage, level, message)
	    VALUES ($now, 1, 'cert000000', 'validation', 'error', '$long');"
}

for l in $SCR_LOOKS; do
	sz=${l%%:*}
	look=${l#*:}
	cols=${sz%x*}
	t="$sz $look"
	scr_populate 2
	add_events
	[ "$(sqlite3 "$db" 'SELECT count(*) FROM events')" -ge 4 ]
	ok $? "$t: four events in the inventory"
	scr_start "$cols" "${sz#*x}" "$look"
	tui_wait "$(scr_t '2 certs:' '2 Zert')" 10
	ok $? "$t: the dashboard opens"

	tui_keys l
	tui_wait 'cert000001' 5 && tui_wait 'END|the CA refused' 3
	ok $? "$t: l opens the log of every certificate"
	if [ "$cols" -ge 80 ]; then
		tui_screen | grep -qF "$mid"
		ok $? "$t: a 40-character message is shown whole"
	fi
	! tui_screen | grep -q 'END-OF-REASON'
	ok $? "$t: the long refusal does not fit on its line"

	# Enter on the newest (the refusal): all of it, scrolling.
	tui_keys Home Enter
	tui_wait "$(scr_t 'stage validation +level error' 'Phase validation +Stufe error')" 5
	ok $? "$t: Enter shows the entry in the text view"
	tui_keys End
	tui_wait 'END-OF-REASON' 3
	ok $? "$t: the whole refusal can be read, to its last word"
	tui_screen | sed '1d;$d' | LC_ALL=C.UTF-8 scr_edge $cols
	[ $? -ne 0 ]
	ok $? "$t: the text view wraps inside the window"
	tui_keys Home
	tui_wait 'the CA refused the order' 3
	ok $? "$t: Home goes back to its start"
	tui_keys Escape
	tui_wait 'cert000001' 5
	ok $? "$t: Esc goes back to the log"

	# Search.
	tui_keys /
	tui_type resolver
	tui_wait "$(scr_t 'search: resolver' 'Suche: resolver')" 3 &&
		tui_gone 'certificate downloaded' 3
	ok $? "$t: / searches the messages as one types"
	tui_screen | grep -q 'advice: the local resolver'
	ok $? "$t: the matching entry stays"
	tui_keys Enter Escape
	tui_wait 'certificate downloaded' 3
	ok $? "$t: Esc clears the search"

	# Levels.
	tui_keys f f
	tui_wait "$(scr_t 'errors only' 'nur Fehler')" 3 &&
		tui_gone 'advice: the local resolver' 3
	ok $? "$t: f f shows errors only"
	tui_keys f
	tui_wait 'certificate downloaded' 3
	ok $? "$t: f again shows every level"
	tui_keys Escape

	# One certificate's log from its detail.
	tui_wait "$(scr_t '2 certs:' '2 Zert')" 5
	tui_keys /
	tui_type cert000000
	tui_keys Enter Enter
	tui_wait "$(scr_t 'serial' 'Seriennummer')" 5
	tui_keys l
	tui_wait "$(scr_t 'Event log of cert000000' 'Ereignisprotokoll von cert000000')" 5
	ok $? "$t: l on the detail opens the certificate's own log"
	tui_screen | grep -q 'certificate downloaded' &&
		! tui_screen | grep -q 'advice: the local resolver'
	ok $? "$t: only its events are shown"
	tui_keys Q
	tui_stop
done
done_testing
