#!/bin/bash
# SPDX-License-Identifier: ISC
# help.sh - help scrolls with the keys of every list (it did not at
# 80x24: five lines were unreachable although the footer said
# j/k:scroll), lists every key of its screen (the dashboard's D was
# missing), and ends with a legend of stages, colours and markers.
# Every look: 80x24, 60x20, 120x40, colour, NO_COLOR, German.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../integration/tap.sh"
. "$here/tmux-env.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
. "$here/screens-env.sh"
scr_setup

for l in $SCR_LOOKS; do
	sz=${l%%:*}
	look=${l#*:}
	t="$sz $look"
	scr_populate 2 1
	scr_start "${sz%x*}" "${sz#*x}" "$look"
	tui_wait "$(scr_t '2 certs:' '2 Zert')" 10
	ok $? "$t: the dashboard opens"
	tui_keys '?'
	tui_wait "$(scr_t 'Keys of this screen' 'Tasten dieser Ansicht')" 5
	ok $? "$t: ? opens the help"
	# Everything the help says, page by page.
	all=$(tui_screen)
	for i in 1 2 3 4 5 6; do
		tui_keys NPage
		sleep 0.2
		all="$all
$(tui_screen)"
	done
	tui_keys Home
	# Home read before the top is checked (the pages may have reached
	# the end, where the last line is shown).
	tui_wait "$(scr_t 'Keys of this screen' 'Tasten dieser Ansicht')" 3
	printf '%s\n' "$all" | grep -Eq "^ +D +$(scr_t 'run the pre-flight' 'Vorabpr')"
	ok $? "$t: the dashboard's help lists D"
	printf '%s\n' "$all" | grep -Eq "^ +Tab, a +"
	ok $? "$t: a key whose label is inside another's (a, Tab) is listed"
	last="$(scr_t 'in a log: an error' 'im Protokoll: ein Fehler')"
	if [ "${sz#*x}" -lt 40 ]; then
		! tui_screen | grep -q "$last"
		ok $? "$t: the end of the help is below the window at first"
	fi
	tui_keys End
	tui_wait "$last" 3
	ok $? "$t: End scrolls to the last line of the legend"
	tui_screen | grep -q "$(scr_t 'the renewal window is open' 'das Erneuerungsfenster ist offen')" &&
		tui_screen | grep -Eq "^ +$(scr_t REV WID) +"
	ok $? "$t: the legend explains markers and colours"
	tui_keys Home
	tui_wait "$(scr_t 'Keys of this screen' 'Tasten dieser Ansicht')" 3
	ok $? "$t: Home goes back to the top"
	first=$(tui_screen | sed -n 4p)
	tui_keys j j j
	tui_gone "^$(printf '%s' "$first" | sed 's/[][\.*^$]/\\&/g')\$" 3
	ok $? "$t: j scrolls down"
	tui_keys PPage
	tui_wait "$(scr_t 'Keys of this screen' 'Tasten dieser Ansicht')" 3
	ok $? "$t: PgUp scrolls up"
	tui_keys NPage NPage NPage NPage NPage
	tui_wait "$last" 3
	ok $? "$t: PgDn reaches the end"
	# Nothing cut at the right edge: every description ends inside.
	! tui_screen | sed '1d;$d' | LC_ALL=C.UTF-8 scr_edge ${sz%x*}
	ok $? "$t: no line runs into the right edge"
	tui_keys Escape Q
	tui_stop
done

# "The window is too small" is read in full, and says how big is enough.
for look in colour de; do
	scr_populate 1
	scr_start 24 8 "$look"
	tui_wait "$(scr_t 'too small' 'zu klein')" 10
	scr_flat | grep -q "$(scr_t 'needs at least 40x10' 'braucht mindestens 40x10')"
	ok $? "24x8 $look: too small, and how big is enough, in full"
	tui_resize 80 24
	tui_wait "$(scr_t '1 certs:' '1 Zert')" 5
	ok $? "24x8 $look: grown to 80x24, the dashboard is back"
	tui_keys Q
	tui_stop
done
done_testing
