#!/bin/bash
# SPDX-License-Identifier: ISC
# cli_nocreate.sh - a mistyped inventory path creates nothing: every
# command that only reads or changes what exists (list, show, export,
# probe, doctor, schedule, --renew-due) says so and exits 3; only the
# commands that add something create an inventory; `schedule install`
# schedules for the user who runs it (a user timer, or a crontab line)
# and never runs another user's inventory as root.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
unset ACMETUI_DB
export HOME=$tmp/home XDG_CONFIG_HOME= XDG_DATA_HOME=$tmp/xdg
mkdir -p -m 700 "$HOME" "$tmp/inv"
missing=$tmp/typo/acmetui.db

for cmd in "cert list" "cert show web" "cert export web --out $tmp/x" \
	"cert probe web" "account list" "account show a" "domain list" \
	"doctor web" "schedule status" "schedule install --dry-run" \
	"--renew-due" "--renew-due --dry-run"; do
	# shellcheck disable=SC2086
	run "$ACMETUI" --db "$missing" $cmd
	[ "$rc" -eq 3 ] && echo "$errout" | grep -q "no inventory at $missing" &&
		[ ! -e "$tmp/typo" ]
	ok $? "$cmd on a missing inventory: exit 3, nothing created ($rc $errout)"
done
run "$ACMETUI" --db "$missing" cert list --json
[ "$rc" -eq 3 ] && [ ! -e "$tmp/typo" ]
ok $? "also with --json"
run "$ACMETUI" cert list
[ "$rc" -eq 3 ] && [ ! -e "$tmp/xdg/acmetui" ]
ok $? "the default inventory is not created by a read either"

# The first certificate creates it (a watched one needs no CA).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout k.pem -out web.pem -days 30 -subj /CN=web.example.test \
	-addext subjectAltName=DNS:web.example.test 2>/dev/null
db=$tmp/inv/acmetui.db
run "$ACMETUI" --db "$db" cert import --name web web.pem
[ "$rc" -eq 0 ] && [ -f "$db" ]
ok $? "cert import creates the inventory ($errout)"
run "$ACMETUI" --db "$db" cert list
[ "$rc" -eq 0 ] && echo "$out" | grep -q web
ok $? "and a read works on it"

# --- a user's crontab, through the real crontab(1), as nobody ---
# Their crontab is saved first and put back by the trap.
user_crontab() {
	local as="setpriv --reuid=nobody --regid=nogroup --clear-groups"
	local udb=$tmp/nobody/acmetui.db
	command -v crontab >/dev/null || {
		ok 1 "crontab(1) installed (setup.sh: cron)"
		return
	}
	crontab -u nobody -l >"$tmp/nobody.saved" 2>/dev/null ||
		rm -f "$tmp/nobody.saved"
	trap 'restore_nobody; rm -rf "$tmp"' EXIT
	mkdir -m 700 "$tmp/nobody" && cp "$db" "$udb" &&
		chown -R nobody "$tmp/nobody"
	printf 'MAILTO=ops\n0\t4 * * * /bin/true # keep\n' |
		crontab -u nobody -
	# shellcheck disable=SC2086
	run $as "$ACMETUI" --db "$udb" schedule install --user --cron --dry-run
	echo "$out" | grep -Eq "^[0-9]+ [0-9]+,[0-9]+ \* \* \* /[^ ]*acmetui --db $udb --renew-due --quiet # acmetui schedule install --user$" &&
		! crontab -u nobody -l | grep -q acmetui
	ok $? "--user --cron --dry-run shows a crontab line without a user field, writes nothing ($out)"
	# shellcheck disable=SC2086
	run $as "$ACMETUI" --db "$udb" schedule install --user --cron
	crontab -u nobody -l >"$tmp/ct1"
	[ "$rc" -eq 0 ] && grep -q '^MAILTO=ops$' "$tmp/ct1" &&
		grep -q "$(printf '^0\t4 ')" "$tmp/ct1" &&
		[ "$(grep -c "acmetui --db $udb --renew-due --quiet # acmetui schedule install --user$" "$tmp/ct1")" -eq 1 ]
	ok $? "--user --cron installs the line in the user's crontab, keeping theirs ($errout)"
	# shellcheck disable=SC2086
	run $as "$ACMETUI" --db "$udb" schedule install --cron
	crontab -u nobody -l >"$tmp/ct2"
	[ "$rc" -eq 0 ] && [ "$(grep -c 'acmetui schedule install --user' "$tmp/ct2")" -eq 1 ] &&
		[ "$(wc -l <"$tmp/ct2")" -eq 3 ]
	ok $? "installed again: still one line, a user's default ($errout)"
	# shellcheck disable=SC2086
	run $as "$ACMETUI" --db "$udb" schedule remove
	crontab -u nobody -l >"$tmp/ct3"
	[ "$rc" -eq 0 ] && ! grep -q acmetui "$tmp/ct3" &&
		[ "$(wc -l <"$tmp/ct3")" -eq 2 ]
	ok $? "schedule remove takes out only our line ($errout)"
	# shellcheck disable=SC2086
	run $as "$ACMETUI" --db "$udb" schedule remove --user
	[ "$rc" -eq 0 ] && echo "$out" | grep -q "nothing to remove"
	ok $? "removing twice is fine ($out)"
}
restore_nobody() {
	if [ -f "$tmp/nobody.saved" ]; then
		crontab -u nobody "$tmp/nobody.saved"
	else
		crontab -u nobody -r 2>/dev/null
	fi
}

# --- schedule install for a user: a user timer, no root sandboxing ---
root=$tmp/root
udir=$root$HOME/.config/systemd/user
run "$ACMETUI" --db "$db" schedule install --user --systemd --root "$root"
[ "$rc" -eq 0 ] && [ -f "$udir/acmetui-renew.service" ] &&
	[ -f "$udir/acmetui-renew.timer" ]
ok $? "--user writes a user timer under ~/.config/systemd/user ($errout)"
grep -q "^ExecStart=.*acmetui --db $db --renew-due" \
	"$udir/acmetui-renew.service" &&
	! grep -q "ProtectSystem\|network-online" "$udir/acmetui-renew.service"
ok $? "the user service runs this inventory, without root-only settings"
echo "$out" | grep -q "systemctl --user enable --now acmetui-renew.timer" &&
	echo "$out" | grep -q "loginctl enable-linger"
ok $? "it says how to enable it ($out)"
[ ! -e "$root/etc" ]
ok $? "nothing system-wide is written"

if [ "$(id -u)" -eq 0 ]; then
	run "$ACMETUI" --db "$db" schedule install --user --cron
	[ "$rc" -eq 2 ] && echo "$errout" | grep -q "not as root" &&
		! crontab -l >/dev/null 2>&1
	ok $? "root's crontab gets no user schedule ($errout)"
	user_crontab
	run "$ACMETUI" --db "$db" schedule install --systemd --root "$tmp/r1"
	[ "$rc" -eq 0 ] && [ -f "$tmp/r1/etc/systemd/system/acmetui-renew.service" ]
	ok $? "root schedules root's own inventory system-wide ($errout)"
	chown nobody "$db"
	run "$ACMETUI" --db "$db" schedule install --systemd --root "$tmp/r2"
	[ "$rc" -eq 2 ] && echo "$errout" | grep -q "belongs to nobody" &&
		[ ! -e "$tmp/r2" ]
	ok $? "another user's inventory is not run as root ($errout)"
	run "$ACMETUI" --db "$db" schedule install --cron --root "$tmp/r3"
	[ "$rc" -eq 2 ] && [ ! -e "$tmp/r3" ]
	ok $? "not by a root cron line either ($errout)"
	chown root "$db"
else
	run "$ACMETUI" --db "$db" schedule install --systemd --root "$tmp/r1"
	[ "$rc" -eq 0 ] && [ -f "$tmp/r1$HOME/.config/systemd/user/acmetui-renew.timer" ] &&
		[ ! -e "$tmp/r1/etc" ]
	ok $? "a user's schedule install is a user timer ($errout)"
fi
done_testing
