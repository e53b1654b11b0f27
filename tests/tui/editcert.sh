#!/bin/bash
# SPDX-License-Identifier: ISC
# editcert.sh - `e` on the certificate detail opens the edit form,
# prefilled from the stored row; saving goes through lc_cert_set (as
# `cert set`): the new webroot, deploy directory and reload command are
# stored and the detail shows them; a relative webroot or port 0 is
# refused naming the field, nothing stored; Esc discards; `d` without a
# deploy target points to `e`.  Every look: 80x24, 60x20, 120x40,
# colour, NO_COLOR, German.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../integration/tap.sh"
. "$here/tmux-env.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
. "$here/screens-env.sh"
scr_setup

# The stored JSON of NAME, on one line.
json() { a cert show "$1" --json | tr -d '\n' | tr -s ' '; }

open_cert() {
	tui_keys /
	tui_type "$1"
	tui_keys Enter Enter
	tui_wait "$1 +\(" 5
}

for l in $SCR_LOOKS; do
	sz=${l%%:*}
	look=${l#*:}
	t="$sz $look"
	scr_populate 2
	web=$tmp/www-$RANDOM
	dep=$tmp/tls-$RANDOM
	mkdir -p "$web" "$dep"
	scr_start "${sz%x*}" "${sz#*x}" "$look"
	tui_wait "$(scr_t '2 certs:' '2 Zert')" 10
	ok $? "$t: the dashboard opens"
	open_cert cert000000
	ok $? "$t: the detail of cert000000 opens"
	tui_screen | tail -n 1 | grep -Eq "(^| )e:"
	ok $? "$t: the detail's footer offers e"

	# d without a deploy target points to e, not to the CLI.
	json cert000000 | grep -q '"deploy": null'
	ok $? "$t: cert000000 has no deploy target"
	tui_keys d
	tui_wait "$(scr_t 'no deploy target: e to set one' 'kein Installationsziel: e legt eines fest')" 5
	ok $? "$t: d says no deploy target, e sets one"

	# The form is prefilled from the stored row.
	tui_keys e
	tui_wait "$(scr_t 'Edit certificate cert000000' 'Zertifikat cert000000 bearbeiten')" 5
	ok $? "$t: e opens the edit form"
	tui_screen | grep -Eq "http-01 $(scr_t standalone 'eigenständig')" &&
		tui_screen | grep -Eq "$(scr_t 'Listen port:' 'Listen-Port:') +80"
	ok $? "$t: prefilled: http-01 standalone on port 80"

	# A relative webroot is refused, naming the field.
	tui_keys Left Tab
	tui_type relative/www
	tui_keys Enter
	# The status line names the field; the reason, wrapped, is under it.
	tui_wait "(Not saved|Nicht gespeichert): $(scr_t 'Webroot dir:' 'Webroot-Verz.:')" 5 &&
		scr_flat | grep -q "$(scr_t "webroot 'relative/www' is not an absolute path" "Webroot 'relative/www' ist kein absoluter Pfad")"
	ok $? "$t: a relative webroot is refused, the field named"
	json cert000000 | grep -q '"method": "http-01"' &&
		! json cert000000 | grep -q 'relative/www'
	ok $? "$t: nothing stored for the relative webroot"

	# Port 0 is refused, naming the field.
	tui_keys BTab Right Tab Tab C-u
	tui_type 0
	tui_keys Enter
	tui_wait "(Not saved|Nicht gespeichert): $(scr_t 'Listen port:' 'Listen-Port:')" 5 &&
		scr_flat | grep -q "$(scr_t 'a port number 1-65535' 'eine Portnummer 1-65535')"
	ok $? "$t: port 0 is refused, the field named"
	json cert000000 | grep -q '"http_port": 80'
	ok $? "$t: the stored port is still 80"

	# Esc discards what was typed.
	tui_keys Escape
	tui_wait "cert000000 +\(" 5
	ok $? "$t: Esc goes back to the detail"
	json cert000000 | grep -q '"http_port": 80' &&
		! json cert000000 | grep -q '"http_port": 0'
	ok $? "$t: Esc stored nothing"

	# A webroot, a deploy directory and a reload command: saved.
	tui_keys e
	tui_wait "$(scr_t 'Edit certificate cert000000' 'Zertifikat cert000000 bearbeiten')" 5
	tui_keys Left Tab
	tui_type "$web"
	tui_keys Tab
	tui_type "$dep"
	tui_keys Tab
	tui_type true
	tui_keys Enter
	tui_wait "$(scr_t 'cert000000: settings saved' 'cert000000: Einstellungen gespeichert')" 5
	ok $? "$t: saved"
	json cert000000 | grep -q "\"webroot\": \"$web\""
	ok $? "$t: the webroot is stored"
	json cert000000 | grep -q "\"dir\": \"$dep\"" &&
		json cert000000 | grep -q '"reload_cmd": "true"'
	ok $? "$t: the deploy directory and reload command are stored"
	tui_wait "cert000000 +\(" 5 && scr_flat | grep -q "webroot" &&
		scr_flat | grep -q "$(basename "$dep")" &&
		scr_flat | grep -Eq "(reload|Reload)[^ ]* +true"
	ok $? "$t: the detail shows the new webroot, deploy directory and reload"
	tui_keys Q
	tui_stop
done
done_testing
