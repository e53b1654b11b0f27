#!/bin/bash
# SPDX-License-Identifier: ISC
# dashboard.sh - the dashboard an operator can trust, at 80x24, 60x20 and
# 120x40, with colour, with NO_COLOR and in German: the filter never
# changes what the unfiltered list shows (no duplicates, nothing
# vanishes), totals count the whole inventory and never leave the
# header, the footer keeps help and quit (every key at 120 columns),
# columns shrink by priority (names, domains and account are not cut
# while other columns have room), the position shows as n/m, paging keys move it, s/S sort
# and the sort is kept across filters and changes from other processes,
# Esc does not quit, and r/v on a certificate that is not due ask first.
# No CA is needed: a job that does start fails against a closed port.
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

# --- one inventory, copied for every run ---
make -C "$builddir" bench/populate >/dev/null 2>&1
"$builddir/bench/populate" "$tmp/base.db" 42 1
ok $? "inventory of 42 certificates, one due (bench/populate)"
now=$(date +%s)
# With sqlite3: bench/populate names its certificates certNNNNNN and gives
# them times of its own; the CLI renames nothing, cannot issue without a
# CA, and cannot make a certificate fail or expire.
sqlite3 "$tmp/base.db" "
UPDATE accounts SET name = 'sectigo-dv';
UPDATE certificates SET name = 'shop', not_after = $now + 62 * 86400 + 3600,
	renew_at = $now + 40 * 86400 WHERE name = 'cert000010';
UPDATE certificates SET name = 'shop-api', not_after = $now + 63 * 86400,
	renew_at = $now + 41 * 86400 WHERE name = 'cert000011';
UPDATE certificates SET name = 'blog' WHERE name = 'cert000012';
UPDATE certificates SET name = 'broken', status = 'error',
	last_error = 'validation failed', not_after = $now + 20 * 86400
	WHERE name = 'cert000013';
UPDATE certificates SET name = 'old', not_after = $now - 3600
	WHERE name = 'cert000014';
UPDATE certificates SET name = 'payments-eu' WHERE name = 'cert000015';
UPDATE domains SET name = 'checkout.example.test'
	WHERE name = 'host000015.example.test';"
ok $? "names, a failing and an expired certificate (sqlite3)"
[ "$(sqlite3 "$tmp/base.db" "SELECT count(*) FROM certificates WHERE name IN ('shop', 'shop-api', 'blog', 'broken', 'old', 'payments-eu')")" = 6 ]
ok $? "the six named certificates are in the inventory"

# The German catalog, as tests/integration/i18n.sh sets it up.
mkdir -p "$tmp/loc/de/LC_MESSAGES"
gmo=$builddir/po/de.gmo
[ -f "$gmo" ] || gmo=$top/po/de.gmo
cp "$gmo" "$tmp/loc/de/LC_MESSAGES/acmetui.mo"
ok $? "German catalog in place"

# rows: the list lines of the pane (a cursor column, then a name).
rows() { tui_screen | sed -n '/^ NAME/,$p' | sed 1d | head -n -2; }
# count_rows NAME: how many list lines show exactly that name.
count_rows() { rows | grep -Ec "^[> ]$1 "; }
# numbers of the title line: the totals and nothing else.
totals() { tui_screen | sed -n 1p | tr -cs '0-9' ' ' | sed 's/^ //; s/ $//'; }
# touched DB NAME: 1 when an action left a trace (an event or an error)
touched() {
	sqlite3 "$1" "SELECT c.last_error IS NOT NULL OR EXISTS (SELECT 1 FROM events e WHERE e.cert_id = c.id) FROM certificates c WHERE c.name = '$2'"
}
# the position indicator "n/m"
position() { tui_screen | grep -Eo '[0-9]+/[0-9]+' | tail -n 1; }

# run_one COLS ROWS MODE: MODE is colour, nocolour or de.
run_one() {
	local cols=$1 lines=$2 mode=$3 db=$tmp/$1-$3/acmetui.db env tag k
	tag="${cols}x${lines} $mode"
	mkdir -p "$tmp/$1-$3"
	cp "$tmp/base.db" "$db"
	env="ACMETUI_DB=$db ACMETUI_LOCALEDIR=$tmp/loc"
	case $mode in
	nocolour) env="$env NO_COLOR=1" ;;
	de) env="$env LANGUAGE=de" ;;
	esac
	tui_start "$cols" "$lines" env $env "$ACMETUI"
	tui_wait '(certs|Zert\.?):' 10
	ok $? "$tag: the dashboard opens"
	[ "$(totals)" = "42 39 1 1 1" ]
	ok $? "$tag: totals in the header: 42, 39 valid, 1 due, 1 failing, 1 expired ($(totals))"
	# Narrower, the footer keeps the most important keys in whole
	# words (tests/tui/footer.sh); help and quit are always there.
	foot=$(tui_screen | tail -n 1)
	keys="'?:' 'q:'"
	[ "$cols" -ge 120 ] && keys="'n:' 'i:' 'v:' 'r:' '/:' 's:' 'Tab:' 'l:' 'f:' '?:' 'q:'"
	eval "set -- $keys"
	for k in "$@"; do
		printf '%s' "$foot" | grep -qF -- " $k"
		ok $? "$tag: the footer shows $k ($foot)"
	done
	[ "$(position)" = "1/42" ]
	ok $? "$tag: the position shows 1/42 ($(position))"

	# --- the filter must not corrupt the list ---
	tui_keys /
	tui_type shop
	tui_wait '1/2' 5
	ok $? "$tag: /shop narrows to two"
	[ "$(count_rows shop)" = 1 ] && [ "$(count_rows shop-api)" = 1 ] &&
		[ "$(rows | grep -Ec '^[> ][a-z]')" = 2 ]
	ok $? "$tag: /shop shows shop and shop-api once each"
	[ "$(totals)" = "42 39 1 1 1" ]
	ok $? "$tag: the totals still count the whole inventory ($(totals))"
	tui_keys Escape
	tui_wait ' [0-9]+/42' 5
	ok $? "$tag: Esc clears the filter"
	[ "$(count_rows broken)" = 1 ] && [ "$(count_rows old)" = 1 ]
	ok $? "$tag: after the filter the failing and the expired one are shown"
	[ -z "$(rows | awk '{ print $1 }' | tr -d '>' | sort | uniq -d)" ]
	ok $? "$tag: no certificate is shown twice"
	tui_keys /
	tui_type bl
	tui_wait '1/1' 5
	ok $? "$tag: /bl narrows to one"
	[ "$(count_rows blog)" = 1 ]
	ok $? "$tag: /bl shows blog once"
	tui_keys Escape

	# --- columns: nothing cut while there is room ---
	tui_keys / && tui_type payments && tui_keys Enter
	tui_wait ' 1/1 *$' 5
	if [ "$cols" -ge 120 ]; then
		rows | grep -Eq '^[> ]payments-eu +checkout\.example\.test \+1 +sectigo-dv '
		ok $? "$tag: name, domains and account of payments-eu are not cut"
	elif [ "$cols" -ge 80 ]; then
		rows | grep -Eq '^[> ]payments-eu +checkout\.example\.test \+1 +sectigo'
		ok $? "$tag: name and domains of payments-eu are not cut, the account shown"
	else
		rows | grep -Eq '^[> ]payments-eu '
		ok $? "$tag: the name payments-eu is not cut"
	fi
	tui_keys Escape
	tui_wait ' [0-9]+/42' 5
	if [ "$mode" != de ]; then
		tui_screen | grep -Eq '^ NAME.* FLAG +[0-9]+/[0-9]+ *$'
		ok $? "$tag: the marker column has a header, the position follows"
	fi

	# --- paging ---
	tui_keys End
	tui_wait '42/42' 5
	ok $? "$tag: End goes to the last line"
	tui_keys Home
	tui_wait ' 1/42' 5
	ok $? "$tag: Home goes to the first line"
	tui_keys PageDown
	tui_wait ' ([2-9]|[1-4][0-9])/42' 5
	ok $? "$tag: PgDn pages down ($(position))"
	k=$(position)
	tui_keys C-f
	tui_gone " $k" 5 && tui_wait ' [1-4][0-9]/42' 5
	ok $? "$tag: ^F pages down ($k -> $(position))"
	k=$(position)
	tui_keys C-b
	tui_gone " $k" 5 && [ "${k%/*}" -gt "$(position | cut -d/ -f1)" ]
	ok $? "$tag: ^B pages up ($k -> $(position))"
	tui_keys Home

	# --- sort ---
	tui_keys s
	tui_wait '^.NAME ?[↑^]' 5
	ok $? "$tag: s sorts by name, the header says so"
	tui_keys Home
	tui_wait ' 1/42' 5
	rows | head -n 1 | grep -Eq '^>blog '
	ok $? "$tag: sorted by name, blog comes first"
	tui_keys S Home
	tui_wait '^.NAME ?[↓v]' 5 && tui_wait ' 1/42' 5 && rows | head -n 1 | grep -Eq '^>shop-api '
	ok $? "$tag: S reverses: shop-api comes first"
	tui_keys / && tui_type cert && tui_keys Escape Home
	tui_wait ' 1/42' 5 && rows | head -n 1 | grep -Eq '^>shop-api '
	ok $? "$tag: the sort is kept across a filter"
	# Another process renames one (sqlite3: the CLI has no rename, and
	# a certificate it adds would change the totals checked below).
	sqlite3 "$db" "UPDATE certificates SET name = 'zeta' WHERE name = 'cert000020'"
	tui_wait '^.zeta ' 5
	ok $? "$tag: a change by another process is shown, in sort order"
	[ "$(count_rows shop-api)" = 1 ]
	ok $? "$tag: after the change shop-api is still shown"
	tui_keys S
	tui_wait '^.NAME ?[↑^]' 5

	# --- a certificate added with n is selected ---
	tui_keys Home
	tui_wait ' 1/42' 5
	tui_keys n
	tui_wait 'Add a certificate|Zertifikat' 5
	tui_type "zz-new.example.test"
	# Tab leaves the domains box (where Enter starts a new line).
	tui_keys Tab Enter
	tui_wait '^>zz-new' 10 && tui_wait ' 43/43' 5
	ok $? "$tag: after n the new certificate is selected (last by name)"
	[ "$(sqlite3 "$db" "SELECT count(*) FROM certificates WHERE name = 'zz-new.example.test'")" = 1 ]
	ok $? "$tag: ... and it is in the inventory"
	tui_keys Home

	# --- no key orders or quits by accident ---
	tui_keys Escape
	if [ "$mode" = de ]; then
		tui_wait 'zum Beenden q' 5
	else
		tui_wait 'press q to quit' 5
	fi
	ok $? "$tag: Esc on the dashboard tells how to quit"
	tui_dead
	[ $? -ne 0 ]; ok $? "$tag: Esc on the dashboard did not quit"
	tui_keys / && tui_type shop && tui_keys Enter Home
	tui_wait ' 1/2' 5 && rows | head -n 1 | grep -Eq '^>shop '
	ok $? "$tag: shop selected"
	tui_keys r
	if [ "$mode" = de ]; then
		tui_wait 'shop.*6[12]' 5
	else
		tui_wait 'renew shop now\? it is valid for 6[12] more days' 5
	fi
	ok $? "$tag: r on a certificate that is not due asks first"
	tui_keys Escape
	tui_wait '1/2' 5
	! tui_screen | grep -Eq 'started|gestartet|failed|fehlgeschlagen' &&
		[ "$(touched "$db" shop)" = 0 ]
	ok $? "$tag: Esc at the question orders nothing (nothing stored)"
	tui_keys v
	if [ "$mode" = de ]; then
		tui_wait 'shop.*6[12]' 5
	else
		tui_wait 'order shop again now\? it is valid for 6[12] more days' 5
	fi
	ok $? "$tag: v on a valid certificate asks first"
	tui_keys Enter
	tui_wait 'shop(:| ).*(started|gestartet|failed|fehlgeschlagen)' 5 &&
		[ "$(touched "$db" shop)" = 1 ]
	ok $? "$tag: Enter at the question orders (its outcome stored)"
	tui_keys Escape
	tui_keys / && tui_type cert000000 && tui_keys Enter
	tui_wait '1/1' 5
	tui_keys r
	tui_wait 'cert000000(:| ).*(started|gestartet|failed|fehlgeschlagen)' 5
	ok $? "$tag: r on a due certificate orders without a question"
	tui_keys Escape q
	for k in 1 2 3 4 5 6 7 8 9 10; do tui_dead && break; sleep 0.5; done
	tui_dead
	ok $? "$tag: q quits"
	tui_stop
}

for size in "80 24" "60 20" "120 40"; do
	for mode in colour nocolour de; do
		# shellcheck disable=SC2086
		run_one $size $mode
	done
done
done_testing
