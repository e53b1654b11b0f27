#!/bin/bash
# SPDX-License-Identifier: ISC
# flow.sh - a new operator's path through the terminal UI, driven in tmux
# against a real Pebble, at 80x24 and at 120x40: empty inventory, help,
# import the credentials e-mail (HMAC masked), add a 2-name certificate
# (www. twin offered), order it, watch it reach Monitoring with a
# countdown, see a change made by another process, detail with all
# stages, filter, resize, revoke with the typed confirmation, quit with
# the terminal restored.  Output: TAP.
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
command -v tmux >/dev/null || { echo "Bail out! tmux missing"; exit 1; }

# run_flow COLS ROWS OTHER_COLS OTHER_ROWS KID HMAC
run_flow() {
	local cols=$1 rows=$2 ocols=$3 orows=$4 kid=$5 hmac=$6
	local work=$PEBBLE_TMP/tui-$cols db s
	local sz="${cols}x${rows}"
	mkdir -p "$work"
	db=$work/inv/acmetui.db
	a() { ACMETUI_DB=$db ACMETUI_CA_FILE=$PEBBLE_CA_FILE "$ACMETUI" "$@"; }

	# A shell in the pane, so that we can see the prompt come back.
	tui_start "$cols" "$rows" bash --norc --noprofile
	tui_type "export PS1='PROMPT\$ ' ACMETUI_DB='$db' ACMETUI_CA_FILE='$PEBBLE_CA_FILE' ACMETUI_DNS_RESOLVER='$CHALLTESTSRV_DNS'"
	tui_keys Enter
	tui_wait 'PROMPT\$' 5
	tui_type "'$ACMETUI'; echo EXITED=\$?; stty -a | tr ' ;' '\n\n' | grep -xE -- '-?(icanon|echo)' | tr '\n' ' '; echo"
	tui_keys Enter
	# A new user's inventory does not exist yet: named, and made on "y".
	tui_wait 'Create it and start\? \[y/N\]' 10 &&
		tui_screen | tr -d '\n' | grep -qF "$db"
	ok $? "$sz: the TUI names the inventory it would create and asks"
	tui_keys y Enter
	tui_wait '0 certs: 0 valid' 10
	ok $? "$sz: empty inventory opens on the dashboard"
	tui_wait 'press i and paste the credentials e-mail' 2
	ok $? "$sz: the empty dashboard tells a new user what to do"

	tui_keys '?'
	tui_wait 'Keys of this screen' 5 &&
		tui_screen | grep -q 'import a CA credentials package' &&
		tui_screen | grep -q 'show the event log'
	ok $? "$sz: ? shows the help generated from the key tables"
	tui_keys Escape
	tui_wait '0 certs:' 5

	# --- import the credentials e-mail ---
	printf '%s\n' "> Dear Customer," "> Your ACME account is ready." \
		">" "> ACME Account ID: 7f3c2a91-acme-4411" "> EAB Key ID:" \
		">    $kid" "> EAB MAC Key: $hmac" \
		"> ACME Server URL: $PEBBLE_DIR" "> Kind regards" \
		>"$work/package.txt"
	tui_keys i
	tui_wait 'Import credentials package' 5
	tui_paste "$work/package.txt"
	tui_wait 'HMAC key +\*{8,}.*base64url ok' 5
	ok $? "$sz: the pasted package is parsed live, HMAC shown masked"
	tui_screen | grep -Eq "EAB key id +$kid"
	ok $? "$sz: the EAB key id found is shown"
	! tui_screen | grep -qF -- "$hmac" &&
		! tui_screen | grep -qF -- "${hmac:0:12}"
	ok $? "$sz: the raw HMAC key is not on the screen"
	tui_keys Tab C-u
	tui_type pebble
	tui_keys Enter
	tui_wait '\[ \] I agree to the terms of service at' 20
	ok $? "$sz: Enter shows the CA's terms of service with a box to tick"
	tui_screen | grep -qF 'data:text/plain'
	ok $? "$sz: ... naming their URL"
	tui_keys Enter
	tui_wait 'required: tick the box' 5 &&
		! a account show pebble >/dev/null 2>&1
	ok $? "$sz: Enter without the box ticked says so, registers nothing"
	tui_keys Space
	tui_wait '\[x\] I agree' 5
	ok $? "$sz: Space ticks the box"
	tui_keys Enter
	tui_wait 'account pebble registered' 20
	ok $? "$sz: Enter registers the account with the CA"
	tui_screen | grep -Eq '>pebble +127\.0\.0\.1:[0-9]+ +valid +'"$kid"
	ok $? "$sz: the accounts screen lists it as valid"
	a account show pebble --json | grep -q '"status": "valid"'
	ok $? "$sz: the account is in the inventory"
	a account show pebble --json | jq -r .tos.url | grep -q '^data:text/plain'
	ok $? "$sz: with the terms agreed to"

	# --- add a 2-name certificate, standalone on Pebble's port ---
	tui_keys Escape
	tui_wait '0 certs:' 5
	tui_keys n
	tui_wait 'Add a certificate' 5
	tui_type "shop.example.test"
	tui_wait 'also www\.shop\.example\.test\?' 5
	ok $? "$sz: typing a domain offers its www. twin"
	tui_keys C-t
	tui_wait '2 name\(s\)' 5
	ok $? "$sz: ^T adds the twin"
	tui_keys Tab Tab
	tui_type 127.0.0.1
	tui_keys Tab C-u
	tui_type "$PEBBLE_HTTP_PORT"
	tui_keys Enter
	tui_wait 'shop\.example\.test: done' 30
	ok $? "$sz: the order runs to its end without leaving the screen"
	tui_wait '>shop.* Monitoring +[0-9]+d [0-9]{2}h' 5
	ok $? "$sz: the dashboard shows it in Monitoring with a countdown"
	tui_screen | grep -q '1 certs: 1 valid'
	ok $? "$sz: the header counts it as valid"

	# --- a change made by another process shows up by itself ---
	a cert set shop.example.test --renew-at now
	tui_wait '>shop.* Renewal due' 4
	ok $? "$sz: another process's change appears within seconds"
	tui_screen | grep -q '1 certs: 0 valid  1 due'
	ok $? "$sz: ... and the header counts it as due"

	# --- detail ---
	tui_keys Enter
	tui_wait 'Request > Validation > Issuance > Installation > \[Monitoring\] > Renewal' 5
	ok $? "$sz: the detail shows every stage, Monitoring current"
	tui_screen | grep -q 'www.shop.example.test .*http-01 standalone 127.0.0.1' &&
		tui_screen | grep -q 'certificate issued: serial'
	ok $? "$sz: the detail lists the domains with their method and the events"
	tui_screen | grep -q '^ ORDERS' &&
		tui_screen | grep -Eq '^ [0-9]{2}-[0-9]{2} [0-9:]{5} +valid +https://127\.0\.0\.1:[0-9]+/'
	ok $? "$sz: the detail lists the order, valid as the CA says"
	tui_keys D
	tui_wait 'pass http-01 www.shop.example.test' 30
	r=$?
	[ "$r" -eq 0 ] || tui_screen | sed 's/^/# /'
	ok $r "$sz: D runs the doctor; its findings appear in the timeline"
	tui_keys Escape
	tui_wait 'certs:' 5

	# --- filter ---
	a cert add other --account pebble -d other.example.test \
		--standalone --http-port "$PEBBLE_HTTP_PORT" >/dev/null
	tui_wait '^ other +other\.example\.test' 4
	ok $? "$sz: a certificate added by the CLI appears"
	tui_keys /
	tui_type other
	tui_wait '\(1 of 2 shown\)' 5 && ! tui_screen | grep -Eq '^[ >]shop.* pebble '
	ok $? "$sz: / filters the list"
	tui_keys Enter Escape
	tui_wait '^[ >]shop.* pebble ' 5 && ! tui_screen | grep -q 'of 2 shown'
	ok $? "$sz: Esc clears the filter"

	# --- resize ---
	tui_resize "$ocols" "$orows"
	s=$(tui_screen)
	i=0
	while [ "$i" -lt 50 ]; do
		s=$(tui_screen)
		[ "$(printf '%s\n' "$s" | sed -n "${orows}p" |
			grep -c 'q:quit')" = 1 ] && break
		sleep 0.1
		i=$((i + 1))
	done
	printf '%s\n' "$s" | sed -n 1p | grep -q '?help$' &&
		printf '%s\n' "$s" | sed -n "${orows}p" | grep -q 'q:quit'
	ok $? "$sz: after a resize to ${ocols}x${orows} the screen is redrawn to fit"
	tui_resize "$cols" "$rows"
	tui_wait 'q:quit' 5

	# --- revoke with the typed confirmation ---
	# The cursor stayed on "other" when the filter was cleared (the
	# selection survives filters); select shop by name.
	tui_keys /
	tui_type shop.example
	tui_keys Enter
	tui_wait '\(1 of 2 shown\)' 5
	tui_keys Enter
	tui_wait 'EVENTS' 5
	tui_keys R
	tui_wait 'Type the name' 5
	tui_type "wrong"
	tui_keys Enter
	tui_wait 'type the exact name to confirm' 5
	ok $? "$sz: a wrong name does not revoke"
	tui_keys C-u
	tui_type "shop.example.test"
	tui_keys Up Right Right Right Right
	tui_wait 'Reason: +< superseded' 5
	tui_keys Enter
	tui_wait '\| Revoked' 20
	ok $? "$sz: revocation with the typed name: the detail says Revoked"
	a cert show shop.example.test --json | grep -q '"stage": "revoked"'
	ok $? "$sz: the inventory says revoked"
	tui_keys Escape
	tui_wait '>?shop.* Revoked .*REV' 5
	ok $? "$sz: the dashboard shows it revoked (marker REV)"

	# --- the event log ---
	tui_keys l
	tui_wait 'Event log' 5 && tui_screen | grep -q 'revoked'
	ok $? "$sz: l opens the event log"
	tui_keys Escape

	# --- quit: the shell prompt is back, the terminal restored ---
	tui_keys q
	tui_wait 'EXITED=0' 10
	ok $? "$sz: q quits with status 0"
	tui_wait '^icanon echo' 5
	ok $? "$sz: the terminal is restored (icanon, echo)"
	tui_stop
}

run_flow 80 24 120 40 "$EAB_KID" "$EAB_HMAC"
run_flow 120 40 80 24 "$EAB_KID2" "$EAB_HMAC2"
done_testing
