#!/bin/bash
# SPDX-License-Identifier: ISC
# export.sh - two things the TUI shows about one certificate, driven in
# tmux against a real Pebble, the certificate validated by DNS-01 with a
# hook that takes 4 s (so the order visibly waits):
#  - while its order runs, the dashboard row shows the job's step and
#    the time since it started (m:ss), ticking;
#  - the detail's copy-out form (c): the default directory, errors shown
#    as one line with nothing written (relative path, not a directory, a
#    name that is a directory, the deploy directory), then the files
#    written with their modes (privkey.pem 0600), the full paths on
#    screen and an event; a watched certificate gets no privkey.pem.
# Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=${top_srcdir:-$here/../..}
. "$top/tests/integration/tap.sh"
. "$top/tests/integration/pebble-env.sh"
. "$here/tmux-env.sh"
ACMETUI=${ACMETUI:-$top/acmetui}
command -v tmux >/dev/null || { echo "Bail out! tmux missing"; exit 1; }

cleanup() {
	tui_stop
	pebble_stop
}
trap cleanup EXIT
pebble_start || { echo "Bail out! Pebble did not start"; exit 1; }

work=$PEBBLE_TMP/work
home=$work/home
mkdir -p "$home"
export ACMETUI_DB=$work/inv/acmetui.db
export ACMETUI_CA_FILE=$PEBBLE_CA_FILE
a() { "$ACMETUI" "$@"; }
mode() { stat -c %a "$1"; }

printf '%s\n' "$EAB_HMAC" >"$work/hmac"
chmod 600 "$work/hmac"
run a account add --agree-tos p --server "$PEBBLE_DIR" --eab-kid "$EAB_KID" \
	--eab-hmac-key-file "$work/hmac"
ok $rc "account add ($errout)"
# The DNS-01 hook of the tests, but "add" takes 4 s first: the order
# spends a few seconds in its validation step, every time (the engine
# records "dns hook: add TXT ..." before it runs the hook).
cat >"$work/late-hook" <<HOOK
#!/bin/sh
[ "\$1" = add ] && sleep 4
exec "$top/contrib/hooks/challtestsrv-hook.sh" "\$@"
HOOK
chmod +x "$work/late-hook"
run a cert add slow --account p -d slow.example.test \
	--challenge dns-01 --dns-hook "$work/late-hook" --dns-check resolver \
	--dns-resolver "$CHALLTESTSRV_DNS"
ok $rc "cert add ($errout)"

tui_start 80 24 env HOME="$home" ACMETUI_DB="$ACMETUI_DB" \
	ACMETUI_CA_FILE="$ACMETUI_CA_FILE" \
	CHALLTESTSRV_MGMT="$CHALLTESTSRV_MGMT" \
	CHALLTESTSRV_DNS="$CHALLTESTSRV_DNS" "$ACMETUI"
tui_wait '1 certs:' 10
ok $? "the dashboard opens"

# --- the running row: step and m:ss, ticking ---
tui_keys v
tui_wait '>slow .* Validating [0-9]:[0-9]{2}' 15
ok $? "the running row shows the step, Validating, and m:ss"
t1=$(tui_screen | grep -oE 'Validating [0-9]:[0-9]{2}' | head -n 1)
tui_gone "$t1" 3 &&
	tui_screen | grep -qE '>slow .* Validating [0-9]:[0-9]{2}'
ok $? "its time ticks while it runs ($t1, then $(tui_screen | grep -oE 'Validating [0-9]:[0-9]{2}' | head -n 1))"
secs=$(echo "$t1" | awk -F'[ :]' '{ print $2 * 60 + $3 }')
[ "${secs:-99}" -lt 30 ]
ok $? "the time counts from the job's start ($t1)"
tui_wait 'slow: done' 40
ok $? "the order ends"
tui_wait '>slow .* Monitoring' 5
ok $? "the row is back to its stage once the job ended"
! tui_screen | grep -qE 'Validating [0-9]+:[0-9]{2}'
ok $? "... without a step or a time"

# --- copy out: the form and its default ---
tui_keys Enter
tui_wait 'Request > Validation' 5
tui_screen | grep -q 'c:copy'
ok $? "the detail footer offers c:copy"
tui_keys c
tui_wait 'Copy out slow' 5
ok $? "c opens the copy-out form"
tui_screen | grep -qF "$home/acmetui-export/slow"
ok $? "the default directory is ~/acmetui-export/NAME"
tui_screen | grep -q 'privkey.pem (0600)'
ok $? "the form says what it writes and the key's mode"

# wait_joined TEXT [SECONDS]: waits until TEXT is on the screen, also
# when the form wrapped it over rows (drawn from column 2).
wait_joined() {
	local i=0
	while [ "$i" -lt $((${2:-5} * 10)) ]; do
		tui_screen | sed 's/^  //' | tr -d '\n' | grep -qF -- "$1" &&
			return 0
		sleep 0.1
		i=$((i + 1))
	done
	tui_screen | sed 's/^/# | /' >&2
	return 1
}

# set_dir DIR: replaces the directory field's text and presses Enter.
set_dir() {
	tui_keys C-u
	tui_type "$1"
	tui_keys Enter
}

set_dir "relative/dir"
tui_wait 'give an absolute path' 5
ok $? "a relative directory is refused on one line"
[ ! -e relative ] && [ ! -e "$home/acmetui-export" ]
ok $? "... and nothing was written"

: >"$work/afile"
set_dir "$work/afile"
wait_joined "cannot open directory $work/afile: Not a directory" &&
	tui_screen | grep -q 'slow: nothing copied'
ok $? "a file given as the directory: the reason, whole"

mkdir -p "$work/half/privkey.pem"
echo OLD >"$work/half/cert.pem"
set_dir "$work/half"
wait_joined "cannot write $work/half/privkey.pem: Is a directory"
ok $? "a name taken by a directory is refused"
[ "$(cat "$work/half/cert.pem")" = OLD ] &&
	[ -z "$(ls -A "$work/half" | grep -v -x -e cert.pem -e privkey.pem)" ]
ok $? "... before anything was replaced or left behind ($(ls -A "$work/half" | tr '\n' ' '))"

# --- the real thing ---
dest=$work/out/slow
set_dir "$dest"
tui_wait 'Written \(mode, path\):' 10
ok $? "Enter writes the files and shows where"
for f in cert.pem chain.pem fullchain.pem privkey.pem; do
	tui_screen | grep -qE "^ +0[0-9]{3} +$dest/$f *$"
	ok $? "the full path of $f is on the screen"
done
tui_screen | grep -qE "^ +0600 +$dest/privkey.pem"
ok $? "privkey.pem is listed as 0600"
[ "$(mode "$dest/privkey.pem")" = 600 ] &&
	[ "$(mode "$dest/cert.pem")" = 644 ] &&
	[ "$(mode "$dest/chain.pem")" = 644 ] &&
	[ "$(mode "$dest/fullchain.pem")" = 644 ]
ok $? "modes: privkey.pem 0600, the others 0644"
run a cert export slow --out "$work/cli"
# (A `|| break` here would leave the loop with status 0: collect instead.)
differ=
for f in cert.pem chain.pem fullchain.pem privkey.pem; do
	nonempty "$dest/$f" && cmp -s "$dest/$f" "$work/cli/$f" ||
		differ="$differ $f"
done
[ -z "$differ" ]
ok $? "the files are the ones cert export writes; differ or missing:${differ:- none}"
[ -z "$(ls -A "$dest" | grep -v '^[a-z]*\.pem$')" ]
ok $? "no temporary file left"
grep -q 'BEGIN.*PRIVATE KEY' "$dest/privkey.pem" &&
	nonempty "$dest/fullchain.pem" &&
	! grep -q 'PRIVATE' "$dest/fullchain.pem"
ok $? "the key is in privkey.pem only"
tui_screen | grep -q "slow: 4 files copied to $dest"
ok $? "the status line says so"
a cert show slow | grep -q "copied cert.pem, chain.pem, fullchain.pem and privkey.pem to $dest"
ok $? "an event records it"
tui_keys Escape
tui_wait 'Request > Validation' 5
tui_wait "export +copied cert.pem" 5
ok $? "the detail's timeline shows the event"

# --- the deploy directory is not a copy-out target ---
mkdir -p "$work/deploy"
a cert set slow --deploy-dir "$work/deploy/" >/dev/null
tui_wait "deploy $work/deploy" 5
tui_keys c
tui_wait 'Copy out slow' 5
set_dir "$work/deploy"
tui_wait 'the certificate deploys here: use d \(deploy\)' 5
ok $? "the deploy directory is refused, pointing to d"
[ -z "$(ls -A "$work/deploy")" ]
ok $? "... and nothing was written there"
tui_keys Escape
tui_wait 'Request > Validation' 5

# --- a watched certificate: no key ---
run a cert import --name wcert "$dest/fullchain.pem"
ok $rc "a watched certificate imported ($errout)"
tui_keys Escape
tui_wait '2 certs:' 5
tui_keys /
tui_type wcert
tui_keys Enter
tui_wait '>wcert ' 5
tui_keys Enter
tui_wait 'watched: imported' 5
tui_keys c
tui_wait 'Copy out wcert' 5 && tui_screen | grep -q 'no key (watched)'
ok $? "the form of a watched certificate says there is no key"
set_dir "$work/wout"
tui_wait 'Written \(mode, path\):' 10
tui_screen | grep -qE "^ +0644 +$work/wout/fullchain.pem" &&
	! tui_screen | grep -q "$work/wout/privkey.pem" &&
	tui_screen | grep -q 'No privkey.pem'
ok $? "three paths shown, and why there is no key"
[ -s "$work/wout/cert.pem" ] && [ -s "$work/wout/fullchain.pem" ] &&
	[ -e "$work/wout/chain.pem" ] && [ ! -e "$work/wout/privkey.pem" ]
ok $? "cert, chain and fullchain written, no privkey.pem"
tui_keys Enter
tui_wait 'watched: imported' 5
ok $? "Enter closes the result"
done_testing
