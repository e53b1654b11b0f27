#!/bin/bash
# SPDX-License-Identifier: ISC
# forecast.sh - the next 90 days (`f` on the dashboard): per week, how
# many certificates renew (bars by state) and how many would expire;
# Tab groups by account and by CA; Enter lists a week's certificates and
# Enter there opens one.  The numbers and bar lengths come from a fleet
# made with known times; the screen is checked at 80x24, 60x20 and
# 120x40, in ASCII (NO_COLOR, LANG=C), in colour with block characters,
# and in German.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../integration/tap.sh"
. "$here/tmux-env.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
tmp=$(mktemp -d)
trap 'tui_stop; rm -rf "$tmp"' EXIT
db=$tmp/inv/acmetui.db
sq() { sqlite3 -cmd '.timeout 5000' "$db" "$1"; }

make -C "$(dirname "$ACMETUI")" bench/populate >/dev/null 2>&1
"$(dirname "$ACMETUI")/bench/populate" "$db" 12
ok $? "inventory of 12 certificates"
now=$(date +%s)
d=86400
# Monday 00:00 UTC of this week, and the middle of week k.
start=$(( now / d * d - ($(date -u -d "@$now" +%u) - 1) * d ))
mid() { echo $(( start + $1 * 7 * d + 3 * d + 43200 )); }
wk() { date -u -d "@$(( start + $1 * 7 * d ))" '+%V %m-%d'; }
# With sqlite3: the forecast needs renewal and expiry times spread over
# weeks, a failing, an expired, a revoked and an orphaned certificate, and
# a second CA's account; the CLI cannot date certificates, and `account
# add` registers at a CA that does not exist here.
[ "$(sq "INSERT INTO accounts (name, directory_url, environment, status,
	created_at, updated_at) VALUES ('second',
	'https://ca.second.test/dir', 'production', 'valid', $now, $now);
UPDATE certificates SET renew_at = $(mid 1), not_after = $(mid 6)
	WHERE name IN ('cert000000', 'cert000001', 'cert000002', 'cert000003');
UPDATE certificates SET renew_at = $now - 3600, not_after = $(mid 2)
	WHERE name = 'cert000004';
UPDATE certificates SET renew_at = $(mid 2), not_after = $(mid 4),
	last_error = 'http-01 failed' WHERE name = 'cert000005';
UPDATE certificates SET renew_at = $now - 30 * $d, not_after = $now - 2 * $d
	WHERE name = 'cert000006';
UPDATE certificates SET account_id = NULL, renew_at = NULL,
	not_after = $(mid 3) WHERE name = 'cert000007';
UPDATE certificates SET renew_at = $(mid 5), not_after = $(mid 9),
	account_id = (SELECT id FROM accounts WHERE name = 'second')
	WHERE name IN ('cert000008', 'cert000009');
UPDATE certificates SET stage = 'revoked', renew_at = $(mid 1)
	WHERE name = 'cert000010';
UPDATE certificates SET renew_at = $now + 100 * $d,
	not_after = $now + 130 * $d WHERE name = 'cert000011';
SELECT total_changes()")" = 13 ]
ok $? "times set: 9 renew and 10 expire within 13 weeks"

opened=0
# start_tui COLS ROWS ENV...: a fresh TUI on the dashboard.
start_tui() {
	local cols=$1 rows=$2
	shift 2
	tui_stop
	opened=$((opened + 1))
	TUI_SOCK=acmetui-test-$$-$opened
	tui_start "$cols" "$rows" env "$@" ACMETUI_DB="$db" "$ACMETUI"
	tui_wait 'cert0000' 10
}
# row WEEK: the screen line of week k (by its label).
row() { tui_screen | grep -E "^[> ]wk $(wk "$1") "; }
# barlen WEEK: the length of week k's bar (ASCII).
barlen() { row "$1" | cut -c14- | sed -E 's/^([#+!x]*).*/\1/' | tr -d '\n' | wc -c; }

# check_weeks COLS: the week view, ASCII, at COLS columns.
check_weeks() {
	local cols=$1 barw=$(( $1 - 31 )) r=0 k
	tui_screen | grep -q 'Next 90 days: 9 renewals, 10 would expire' ||
		{ echo "# title"; r=1; }
	for k in $(seq 0 12); do
		row "$k" | grep -q . || { echo "# week $k missing or cut"; r=1; }
	done
	[ "$(barlen 1)" -eq "$barw" ] || { echo "# wk1 bar $(barlen 1) != $barw"; r=1; }
	[ "$(barlen 0)" -eq $(( (2 * barw + 2) / 4 )) ] ||
		{ echo "# wk0 bar $(barlen 0)"; r=1; }
	row 0 | grep -Eq '^.{12} \+{1,}x{1,} 2 +! 1$' || { echo "# wk0: $(row 0)"; r=1; }
	row 1 | grep -Eq "^.{12} #{$barw} 4\$" || { echo "# wk1: $(row 1)"; r=1; }
	row 2 | grep -Eq '^.{12} !+ 1 +1$' || { echo "# wk2: $(row 2)"; r=1; }
	row 4 | grep -Eq ' ! 1$' || { echo "# wk4 (failing expires): $(row 4)"; r=1; }
	row 3 | grep -Eq ' 0 +1$' || { echo "# wk3 (watched expires): $(row 3)"; r=1; }
	row 6 | grep -Eq ' 4$' || { echo "# wk6: $(row 6)"; r=1; }
	[ "$r" -eq 0 ] || tui_screen | sed 's/^/# | /'
	return "$r"
}

for size in "80 24" "60 20" "120 40"; do
	set -- $size
	start_tui "$1" "$2" NO_COLOR=1 LANG=C LC_ALL=C
	ok $? "$1x$2: dashboard"
	[ "$1" = 80 ] && { tui_screen | grep -q 'f:90d'; ok $? "the footer offers f at 80 columns"; }
	tui_keys f
	tui_wait 'Next 90 days' 5
	check_weeks "$1"
	ok $? "$1x$2, ASCII: every week, counts, bars to scale, expiries"
done
! tui_screen | LC_ALL=C grep -q $'[\x80-\xff]'
ok $? "LANG=C: no UTF-8 bytes"

# Grouping (still 120x40).
tui_keys Tab
tui_wait '^ ACCOUNT ' 5 &&
	tui_screen | grep -Eq '^>\(watched\) +0 +1$' &&
	tui_screen | grep -Eq '^ bench +#+\++!+x+ 7 +! 7$' &&
	tui_screen | grep -Eq '^ second +#+ 2 +2$'
ok $? "Tab: by account, watched first ($(tui_screen | sed -n 4,6p | tr -s ' ' | tr '\n' '|'))"
tui_keys Tab
tui_wait '^ CA ' 5 &&
	tui_screen | grep -Eq '^ 127\.0\.0\.1:1 +#+\++!+x+ 7' &&
	tui_screen | grep -Eq '^ ca\.second\.test +#+ 2'
ok $? "Tab: by CA, by the directory's host"
tui_keys Tab Down Enter
tui_wait "Next 90 days: wk $(wk 1), 4 certificates" 5
ok $? "Tab back to weeks; Enter lists week 1"
tui_screen | grep -Eq '^>cert000000 +bench +healthy'
ok $? "the list shows its certificates and state"
tui_keys Enter
tui_wait '^ cert000000  \(account bench' 5 && tui_wait 'issued .*\| expires' 3
ok $? "Enter opens the certificate's detail, with its lifetime bar"
tui_keys Escape Escape
tui_wait '^ WEEK ' 5
ok $? "Esc goes back to the forecast"
tui_keys '?'
tui_wait 'group by week, by account or by CA' 5
ok $? "help lists the forecast's keys"
tui_keys Escape Escape
tui_wait 'RENEW IN' 5 && tui_keys '?' && tui_wait 'show the next 90 days' 5
ok $? "the dashboard's help lists f"

# An empty inventory: said in words, and Enter has nothing to list.
tui_stop
opened=$((opened + 1))
TUI_SOCK=acmetui-test-$$-$opened
tui_start 60 20 env NO_COLOR=1 LANG=C LC_ALL=C ACMETUI_DB="$tmp/empty/db" "$ACMETUI"
# A missing inventory is created only when the operator says so.
tui_wait 'Create it and start' 10 && tui_keys y Enter &&
	tui_wait 'No certificates yet' 10 && tui_keys f &&
	tui_wait 'Nothing renews or expires in the next 90 days' 5
ok $? "empty inventory: the forecast says there is nothing"
tui_keys Enter
tui_wait 'nothing to list' 5 && tui_screen | grep -q '^ WEEK '
ok $? "empty inventory: Enter lists nothing and stays"

# Colour, UTF-8.
start_tui 80 24 LANG=C.UTF-8 LC_ALL=C.UTF-8
tui_keys f
tui_wait 'Next 90 days' 5
row 1 | grep -q '████ 4$'
ok $? "UTF-8 with colour: block bars ($(row 1))"
esc=$(tui_screen_esc)
printf '%s\n' "$esc" | grep "wk $(wk 0)" | grep -Eq $'\e\\[[0-9;]*33[0-9;]*m█' &&
	printf '%s\n' "$esc" | grep "wk $(wk 1)" | grep -Eq $'\e\\[[0-9;]*32[0-9;]*m█' &&
	printf '%s\n' "$esc" | grep "wk $(wk 2)" | grep -Eq $'\e\\[[0-9;]*31[0-9;]*m█'
ok $? "coloured by state: due yellow, valid green, failing red"

# German.
localedir=$tmp/locale
mkdir -p "$localedir/de/LC_MESSAGES"
msgfmt -o "$localedir/de/LC_MESSAGES/acmetui.mo" "$here/../../po/de.po"
ok $? "German catalog compiled"
start_tui 80 24 LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE=de \
	ACMETUI_LOCALEDIR="$localedir"
tui_screen | grep -q 'f:90T'
ok $? "German footer offers f"
tui_keys f
tui_wait 'Nächste 90 Tage: 9 Erneuerungen, 10 würden ablaufen' 5 &&
	tui_screen | grep -q '^ WOCHE ' &&
	tui_screen | grep -Eq "^>KW $(wk 0) "
ok $? "German forecast"
start_tui 60 20 LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE=de \
	ACMETUI_LOCALEDIR="$localedir"
tui_keys f
tui_wait '(Nächste 90 Tage: 9 Erneuerungen, 10 würden ablaufen|90 Tage: 9 erneuern, 10 laufen ab) +\?Hilfe' 5 &&
	tui_screen | grep -Eq "^ KW $(wk 12) .* 0 *\$|^ KW $(wk 12) "
ok $? "German at 60x20: the title's numbers whole, the last week shown"

done_testing
