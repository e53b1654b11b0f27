#!/bin/bash
# SPDX-License-Identifier: ISC
# detail.sh - the certificate detail shows the state stored, in full:
# Installation is not "ok" when nothing is deployed, a revoked
# certificate has no renewal date, a failure names the stage it failed
# in and the next try, the last error wraps (Enter reads all of it in
# the text view), names are never cut, the stage bar wraps on a narrow
# window, and p says "failed" when the endpoint is unreachable.  Every
# look: 80x24, 60x20, 120x40, colour, NO_COLOR, German.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../integration/tap.sh"
. "$here/tmux-env.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
. "$here/screens-env.sh"
scr_setup
# The doctor asks a resolver that does not answer: its findings about
# names it cannot see must read as advice.
SCR_ENV="ACMETUI_DNS_RESOLVER=127.0.0.1:1"
command -v sqlite3 >/dev/null || { echo "Bail out! sqlite3 missing"; exit 1; }

long="the CA refused the order: urn:ietf:params:acme:error:unauthorized"
for i in $(seq 1 12); do long="$long reason$i;"; done
long="$long END-OF-REASON"

# open NAME: from the dashboard, the detail of NAME through the filter;
# back: from that detail to the dashboard, the filter cleared.
open_cert() {
	tui_keys /
	tui_type "$1"
	tui_keys Enter Enter
	tui_wait "$1 +\(" 5
}
back() {
	tui_keys Escape
	tui_wait "$(scr_t '3 certs:' '3 Zert')" 5
	tui_keys Escape
}

for l in $SCR_LOOKS; do
	sz=${l%%:*}
	look=${l#*:}
	cols=${sz%x*}
	t="$sz $look"
	scr_populate 3
	now=$(date +%s)
	sqlite3 "$db" "
	  UPDATE certificates SET stage = 'revoked', revoked_at = $now,
	    revoke_reason = 4 WHERE name = 'cert000001';
	  UPDATE certificates SET stage = 'failed', status = 'error',
	    last_error = '$long', retry_after = $now + 7200, fail_count = 1
	    WHERE name = 'cert000002';
	  INSERT INTO events (ts, cert_id, subject, stage, level, message)
	    VALUES ($now - 60, 3, 'cert000002', 'validation', 'info',
	            'validating 2 authorizations');
	  INSERT INTO events (ts, cert_id, subject, stage, level, message)
	    VALUES ($now, 3, 'cert000002', 'failed', 'error', '$long');"
	[ "$(sqlite3 "$db" "SELECT stage FROM certificates WHERE id = 3")" = failed ]
	ok $? "$t: a failed and a revoked certificate in the inventory"
	a cert set cert000000 --probe 127.0.0.1:1 >/dev/null
	ok $? "$t: cert000000 is probed on a closed port"
	scr_start "$cols" "${sz#*x}" "$look"
	tui_wait "$(scr_t '3 certs:' '3 Zert')" 10
	ok $? "$t: the dashboard opens"

	# Nothing deployed: Installation is not "ok".
	open_cert cert000000
	ok $? "$t: the detail opens"
	tui_screen | grep -q "$(scr_t 'no target' 'kein Ziel')"
	ok $? "$t: Installation says there is no deploy target"
	tui_screen | grep -q 'www.host000000.example.test'
	ok $? "$t: a long domain name is shown whole"
	tui_screen | grep -q "$(scr_t 'Renewal' 'Erneuerung')"
	ok $? "$t: the whole stage bar is on the screen"
	! tui_screen | sed '1d;$d' | LC_ALL=C.UTF-8 scr_edge "$cols"
	ok $? "$t: no line runs into the right edge"
	tui_keys p
	tui_wait "cert000000 $(scr_t 'failed' 'fehlgeschlagen').*127.0.0.1:1" 15
	ok $? "$t: p on an unreachable endpoint says failed, and where"
	! tui_screen | grep -q "cert000000: $(scr_t 'done' 'fertig')"
	ok $? "$t: ... not done"

	# The doctor's findings are advice, not a failed certificate.
	tui_keys D
	tui_wait "cert000000: $(scr_t 'advice' 'Rat')" 30
	ok $? "$t: D ends with advice, not a failure"
	[ "$(sqlite3 "$db" "SELECT count(*) FROM events WHERE stage = 'doctor' AND level = 'warn'")" -gt 0 ] &&
		[ "$(sqlite3 "$db" "SELECT count(*) FROM events WHERE stage = 'doctor' AND level = 'error'")" = 0 ]
	ok $? "$t: its findings are stored as warnings, none as errors"
	tui_screen | grep -q "$(scr_t 'no target' 'kein Ziel')" &&
		! tui_screen | grep -q '!'
	ok $? "$t: the certificate does not look failed afterwards"

	# Revoked: no renewal date.
	back
	open_cert cert000001
	scr_flat | grep -q "$(scr_t 'revoked: not renewed' 'widerrufen: wird nicht erneuert')"
	ok $? "$t: a revoked certificate says it is not renewed"
	! tui_screen | grep -q "$(scr_t 'renew from' 'erneuern ab')"
	ok $? "$t: ... and shows no renewal date"

	# Failed: in which stage, the next try, the reason.
	back
	open_cert cert000002
	tui_screen | grep -Eq "$(scr_t 'Failed in Validation' 'Fehler in Validierung')"
	ok $? "$t: a failure names the stage it failed in"
	scr_flat | grep -Eq "$(scr_t 'next try' 'nächster Versuch') [0-9-]+ [0-9:]+ UTC \((in|in) (1h 5[0-9]m|2h 00m)\)"
	# 2h 00m when the detail is drawn in the second the retry was set.
	ok $? "$t: ... and when it is tried next"
	tui_screen | tr -d '\n' | grep -q 'urn:ietf:params:acme:error:unauthorized'
	ok $? "$t: the reason wraps instead of being cut"
	tui_keys Enter
	tui_wait "$(scr_t 'what happened' 'was geschah')" 5
	tui_keys End
	tui_wait 'END-OF-REASON' 3
	ok $? "$t: Enter reads the whole reason"
	tui_keys Q
	tui_stop
done
done_testing
