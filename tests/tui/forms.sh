#!/bin/bash
# SPDX-License-Identifier: ISC
# forms.sh - a form that said "wrong" once must save once the field is
# fixed (the add-certificate form used to lock up after a bad Listen
# port or an empty Name: Enter, ^S and F2 did nothing and said nothing),
# and an invalid form names the field and why.  Every look: 80x24, 60x20,
# 120x40, colour, NO_COLOR, German.  Output: TAP.
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
	scr_populate 1
	scr_start "${sz%x*}" "${sz#*x}" "$look"
	tui_wait "$(scr_t '1 certs:' '1 Zert')" 10
	ok $? "$t: the dashboard opens"

	# A bad port: the form says which field and why.
	tui_keys n
	tui_wait "$(scr_t 'Listen port:' 'Listen-Port:')" 5
	tui_type shop.example.test
	tui_keys Tab Tab Tab C-u
	tui_type 8x
	# Order now: no (only save), so no CA is needed.
	tui_keys Tab Tab Space
	tui_keys Enter
	tui_wait "$(scr_t 'a port number 1-65535' 'eine Portnummer 1-65535')" 5
	ok $? "$t: a bad Listen port is named with the reason"
	tui_wait "$(scr_t 'Not saved: Listen port: a port' 'Nicht gespeichert: Listen-Port: eine Port')" 3
	ok $? "$t: the status line names the wrong field"
	! a cert show shop.example.test >/dev/null 2>&1
	ok $? "$t: nothing saved while the port is wrong"

	# Fixed (the focus is on the wrong field): Enter saves.
	tui_keys C-u
	tui_type 8080
	tui_keys Enter
	tui_wait "$(scr_t 'shop.example.test added' 'shop.example.test hinzugef')" 5
	ok $? "$t: after fixing the port, Enter saves"
	a cert show shop.example.test --json | grep -q '"http_port": 8080'
	ok $? "$t: the fixed port is stored"

	# An empty Name, then a name: ^S saves.
	tui_keys n
	tui_wait "$(scr_t 'Listen port:' 'Listen-Port:')" 5
	tui_type api.example.test
	tui_keys BTab BTab C-u
	tui_keys Tab Tab Tab Tab Tab Tab Tab Space
	tui_keys C-s
	tui_wait "$(scr_t 'Not saved: Name: required' 'Nicht gespeichert: Name: erforderlich')" 5
	ok $? "$t: an empty Name is named as required"
	tui_type api2
	tui_keys C-s
	tui_wait "$(scr_t 'api2 added' 'api2 hinzugef')" 5
	ok $? "$t: after typing a name, ^S saves"
	a cert show api2 >/dev/null 2>&1
	ok $? "$t: the certificate is in the inventory"

	# F2 also saves, after an error in the domains.
	tui_keys n
	tui_wait "$(scr_t 'Listen port:' 'Listen-Port:')" 5
	tui_type 'bad..name'
	tui_keys Tab Tab Tab Tab Tab Space F2
	tui_wait "$(scr_t 'Not saved: Name: required' 'Nicht gespeichert: Name: erforderlich')" 5 &&
		tui_screen | grep -q "$(scr_t 'line 1: invalid domain' 'Zeile 1: ')"
	ok $? "$t: a bad domain is named by its line"
	tui_screen | tr -d '\n ' | grep -q "$(scr_t "emptylabel(aleadingdotor'..')" "leeresLabel(einführenderPunktoder'..')")"
	ok $? "$t: the domain error is shown in full, wrapped"
	tui_keys Tab Tab C-u
	tui_type 'web.example.test'
	tui_keys F2
	tui_wait "$(scr_t 'web.example.test added' 'web.example.test hinzugef')" 5
	ok $? "$t: after fixing the domain, F2 saves"
	# A form's message does not follow the operator into the next.
	tui_keys n
	tui_wait "$(scr_t 'Listen port:' 'Listen-Port:')" 5
	tui_keys C-s
	tui_wait "$(scr_t 'Not saved' 'Nicht gespeichert')" 5
	ok $? "$t: an empty form is refused"
	tui_keys Escape i
	tui_wait "$(scr_t 'Import credentials package' 'Zugangsdatenpaket importieren')" 5 &&
		! tui_screen | grep -q "$(scr_t 'Not saved' 'Nicht gespeichert')"
	ok $? "$t: the import form opens without the other form's message"

	# The import form counts the contact typed as the e-mail.
	printf '%s\n' "EAB Key ID: kid-1" \
		"EAB MAC Key: zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W" \
		"ACME Server URL: https://acme.example.test/dir" >"$tmp/pkg.txt"
	tui_paste "$tmp/pkg.txt"
	tui_wait "$(scr_t 'EAB key id' 'EAB-Schlüssel-ID') +kid-1" 5
	tui_screen | grep -Eq "$(scr_t 'e-mail +\(missing\)' 'E-Mail +\(fehlt\)')"
	ok $? "$t: without an e-mail the import form says it is missing"
	tui_keys Tab Tab
	tui_type ops@example.test
	tui_wait "$(scr_t 'e-mail' 'E-Mail') +ops@example.test" 3 &&
		! tui_screen | grep -Eq "$(scr_t 'e-mail +\(missing\)' 'E-Mail +\(fehlt\)')"
	ok $? "$t: after one is typed it is no longer missing"
	tui_keys Escape

	# The account's detail counts its certificates as the list does.
	tui_wait "$(scr_t '4 certs:' '4 Zert')" 5
	tui_keys Tab
	tui_wait 'bench' 5
	tui_keys Enter
	tui_wait "$(scr_t 'Account bench' 'Konto bench')" 5
	for i in 1 2 3 4 5 6; do tui_keys j; done
	tui_wait "$(scr_t 'Certificates' 'Zertifikate') +4" 3
	ok $? "$t: the account detail counts 4 certificates"
	tui_keys Q
	tui_stop
done
done_testing
