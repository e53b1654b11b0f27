#!/bin/bash
# SPDX-License-Identifier: ISC
# cli_contract.sh - the command-line contract, driven from the verb table
# itself (`acmetui help --list`), so a new verb cannot be forgotten: every
# verb has --help (exit 0, stdout, each of its options); an option of
# another verb and an operand too many are refused with exit 2 and one
# line; `acmetui help COMMAND [VERB]` works; the man page documents
# exactly the options the table has.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
srcdir=$(cd "${srcdir:-$here/../..}" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
unset ACMETUI_DB
export HOME=$tmp/home XDG_DATA_HOME=$tmp/xdg LC_ALL=C
# No inventory: a refusal must come before anything is opened.
db=$tmp/none/acmetui.db

run "$ACMETUI" help --list
[ "$rc" -eq 0 ] && [ "$(printf '%s\n' "$out" | wc -l)" -ge 30 ] &&
	! printf '%s\n' "$out" |
		grep -Evq $'^[a-z.-]+( [a-z.-]+)?\t[0-9]+\t-?[0-9]+\t( --[a-z0-9-]+)*$'
listed=$?
ok $listed "help --list names every verb: name, operands, options ($rc)"
[ "$listed" -eq 0 ] || done_testing # nothing else can be driven from it
list=$out

# Options another verb takes, to offer where they do not apply.
foreign="--domain --out --sni --resolver --cron --account-id --force"

while IFS=$'\t' read -r verb min max opts; do
	# shellcheck disable=SC2086
	set -- $verb
	run "$ACMETUI" "$@" --help
	missing=
	for o in $opts; do
		printf '%s\n' "$out" | grep -Eq "^  (-[a-z], )?$o( |$)" ||
			missing="$missing $o"
	done
	[ "$rc" -eq 0 ] && [ -z "$errout" ] &&
		printf '%s\n' "$out" | grep -q "^Usage: acmetui $verb" &&
		[ -z "$missing" ]
	ok $? "$verb --help: exit 0, usage, every option ($rc$missing)"

	# Enough operands that the option is the only fault.
	operands=()
	for ((i = 0; i < min; i++)); do operands+=("arg$i"); done
	for f in $foreign; do
		case " $opts " in *" $f "*) continue ;; esac
		break
	done
	run "$ACMETUI" --db "$db" "$@" "${operands[@]}" "$f=x"
	[ "$rc" -eq 2 ] && [ "$(printf '%s\n' "$errout" | wc -l)" -eq 1 ] &&
		printf '%s\n' "$errout" | grep -q -- "$f" && [ ! -e "$tmp/none" ]
	ok $? "$verb $f: refused, exit 2, one line ($rc: $errout)"

	# The table and the verb's own parser agree: each option gets past
	# the parser's getopt (it may then fail on the value or the missing
	# inventory, never as unknown).  --agree-tos waits for the
	# terms-of-service work (NOTES.md).
	help=$out unknown=
	for o in $opts; do
		[ "$o" = --agree-tos ] && continue
		value=()
		printf '%s\n' "$help" | grep -Eq "^  (-[a-z], )?$o [A-Z]" &&
			value=(x)
		err=$(timeout 20 "$ACMETUI" --db "/dev/null/x" "$@" \
			"${operands[@]}" "$o" "${value[@]}" </dev/null 2>&1 >/dev/null)
		case "$err" in
		*unrecognized*|*"does not apply"*|*"unknown or"*|*unexpected*)
			unknown="$unknown $o" ;;
		esac
	done
	[ -z "$unknown" ]
	ok $? "$verb: the parser takes every option of the table ($unknown)"

	[ "$max" -lt 0 ] && continue
	extra=("${operands[@]}")
	for ((i = ${#extra[@]}; i <= max; i++)); do extra+=("arg$i"); done
	run "$ACMETUI" --db "$db" "$@" "${extra[@]}"
	[ "$rc" -eq 2 ] && [ "$(printf '%s\n' "$errout" | wc -l)" -eq 1 ] &&
		printf '%s\n' "$errout" | grep -q "arg$max" && [ ! -e "$tmp/none" ]
	ok $? "$verb with $((max + 1)) operands: refused naming it ($rc: $errout)"
done <<<"$list"

# The positive path of the refusal: a verb's own option passes the gate
# (and reaches the missing inventory: exit 3).
run "$ACMETUI" --db "$db" cert export web --out "$tmp/x"
[ "$rc" -eq 3 ]; ok $? "cert export --out is not refused ($rc)"
run "$ACMETUI" --db "$db" cert list --domain x
[ "$rc" -eq 2 ] && [ "$errout" = "acmetui: cert list: --domain does not \
apply (see 'acmetui cert list --help')" ]
ok $? "the issue's example, word for word ($errout)"
run "$ACMETUI" --db "$db" cert list -d x --json
[ "$rc" -eq 2 ] && printf '%s\n' "$out" | grep -q '"error"'
ok $? "a short option too, and with --json an error object ($rc)"
run "$ACMETUI" --db "$db" cert renew web --force=now
[ "$rc" -eq 2 ] && printf '%s\n' "$errout" | grep -q -- '--force takes no value'
ok $? "a verb's own flag given a value is named as such ($errout)"
run "$ACMETUI" --db "$db" cert list --db "$db" -q -v
[ "$rc" -eq 3 ]; ok $? "global options stay valid after a verb ($rc)"

# Integer options: one parser, one message naming the option, the value
# and the range, before the inventory is opened.  The bound itself passes
# (and reaches the missing inventory: exit 3); one past it, trailing
# garbage, an empty value and overflow are exit 2.  -j 4294967297 once
# passed as 1 (cut to int).
int_option() { # expect(2|3) range-text command...
	local want=$1 range=$2
	shift 2
	run "$ACMETUI" --db "$db" "$@"
	if [ "$want" -eq 3 ]; then
		[ "$rc" -eq 3 ] && [ ! -e "$tmp/none" ]
	else
		[ "$rc" -eq 2 ] && [ "${errout%%$'\n'*}" = \
			"acmetui: invalid ${*: -2:1} '${*: -1}' ($range)" ] &&
			[ ! -e "$tmp/none" ]
	fi
	ok $? "$* -> exit $want ($rc: ${errout%%$'\n'*})"
}
n64="a whole number from 1 to 64"
week="a whole number from 1 to 604800"
port="a whole number from 1 to 65535"
int_option 3 "$n64" --renew-due -j 64
int_option 2 "$n64" --renew-due -j 65
int_option 2 "$n64" --renew-due -j 4294967297
int_option 3 "$n64" --renew-due --per-account 1
int_option 2 "$n64" --renew-due --per-account 0
int_option 2 "$n64" --renew-due --per-ca 2x
int_option 3 "$week" --renew-due --wait 604800
int_option 2 "$week" --renew-due --wait 9223372036854775807
int_option 2 "$week" --renew-due --wait ""
int_option 3 "$week" cert issue web --wait 1
int_option 2 "$week" cert issue web --wait 604801
int_option 3 "x" doctor web --timeout 600
int_option 2 "a whole number from 1 to 600" doctor web --timeout 601
int_option 3 "$port" domain set a.example --standalone --http-port 65535
int_option 2 "$port" domain set a.example --standalone --http-port 65536
int_option 2 "$port" domain set a.example --challenge tls-alpn-01 \
	--tls-port -1
int_option 2 "a whole number from 1 to 86400" domain set a.example \
	--dns-hook /bin/true --dns-wait 99999999999999999999

# help COMMAND [VERB] matches COMMAND [VERB] --help.
a=$("$ACMETUI" help cert list) && b=$("$ACMETUI" cert list --help)
[ -n "$a" ] && [ "$a" = "$b" ]; ok $? "help cert list = cert list --help"
run "$ACMETUI" help cert
[ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q "^  delete NAME"
ok $? "help cert lists the verbs"
run "$ACMETUI" cert --help
[ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q "^  import"
ok $? "cert --help lists the verbs"
run "$ACMETUI" help nosuch
[ "$rc" -eq 2 ]; ok $? "help of an unknown command: exit 2"
run "$ACMETUI" help cert nosuch
[ "$rc" -eq 2 ]; ok $? "help of an unknown verb: exit 2"
run "$ACMETUI" help cert list extra
[ "$rc" -eq 2 ]; ok $? "help with an argument too many: exit 2"
run "$ACMETUI" help doctor
[ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q "^Usage: acmetui doctor"
ok $? "help of a command without verbs is its help"

# --- cert delete and account deactivate: asked on a terminal (a pty
# from script(1)), --yes in a script ---
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout k.pem -out web.pem -days 30 -subj /CN=web.example.test \
	-addext subjectAltName=DNS:web.example.test 2>/dev/null
inv=$tmp/inv/acmetui.db
mkdir -m 700 "$tmp/inv"
import_web() { "$ACMETUI" --db "$inv" cert import --name web web.pem >/dev/null; }
has_web() { "$ACMETUI" --db "$inv" cert list | grep -q '^web '; }
# on_pty ANSWER CMD...: runs CMD on a terminal, typing ANSWER.
on_pty() {
	local answer=$1
	shift
	run bash -c 'printf "%s\n" "$0" | script -qec "$*" /dev/null' \
		"$answer" "$@"
}
import_web
on_pty n "$ACMETUI" --db "$inv" cert delete web
[ "$rc" -eq 1 ] && echo "$out" | grep -qF 'Delete certificate web and its key? [y/N]' &&
	has_web
ok $? "cert delete on a terminal asks; 'n' keeps it ($rc)"
on_pty yes "$ACMETUI" --db "$inv" cert delete web
[ "$rc" -eq 0 ] && ! has_web
ok $? "'yes' deletes it ($rc)"
import_web
run "$ACMETUI" --db "$inv" cert delete web </dev/null
[ "$rc" -eq 2 ] && echo "$errout" | grep -q -- '--yes' && has_web
ok $? "in a script without --yes: exit 2 naming --yes, nothing deleted ($rc)"
run "$ACMETUI" --db "$inv" cert delete web --yes </dev/null
[ "$rc" -eq 0 ] && ! has_web
ok $? "with --yes it goes ($rc)"
on_pty y "$ACMETUI" --db "$inv" cert delete nosuch
[ "$rc" -eq 2 ] && ! echo "$out" | grep -q 'Delete certificate'
ok $? "a certificate that is not there is named before any question ($rc)"

# An account as a registration leaves it, at a CA that is not there: the
# question comes before the CA is asked.
now=$(date +%s)
# (sqlite3: `account add` registers at the CA, and there is none here.)
sqlite3 "$inv" "INSERT INTO accounts (name, directory_url, status,
	created_at, updated_at) VALUES ('ca1', 'https://127.0.0.1:9/dir',
	'valid', $now, $now);"
on_pty n "$ACMETUI" --db "$inv" account deactivate ca1
[ "$rc" -eq 1 ] && echo "$out" | grep -qF 'Deactivate account ca1 at the CA?' &&
	echo "$out" | grep -q "ca1: not deactivated"
ok $? "account deactivate on a terminal asks; 'n' stops ($rc)"
on_pty y "$ACMETUI" --db "$inv" account deactivate ca1
[ "$rc" -ne 0 ] && echo "$out" | grep -qF 'Deactivate account ca1 at the CA?' &&
	! echo "$out" | grep -q "not deactivated"
ok $? "'y' goes on (to the CA, which is not there) ($rc)"
run "$ACMETUI" --db "$inv" account deactivate ca1 </dev/null
[ "$rc" -eq 2 ] && echo "$errout" | grep -q -- '--yes'
ok $? "account deactivate in a script without --yes: exit 2 naming --yes"
run "$ACMETUI" --db "$inv" account deactivate nosuch </dev/null
[ "$rc" -eq 2 ] && ! echo "$errout" | grep -q -- '--yes'
ok $? "an account that is not there is named first ($errout)"

# The man page documents the options the table has, no more, no less.
man=$srcdir/man/acmetui.1
printf '%s\n' "$list" | cut -f4 | tr ' ' '\n' | grep -- '^--' |
	sort -u >"$tmp/table"
printf '%s\n' --db --ca-file --json --quiet --verbose --help --no-mouse >>"$tmp/table"
sort -u -o "$tmp/table" "$tmp/table"
# Not ours: other tools' options the man page quotes (acme.sh, systemctl),
# "--" itself, and help's own --list.  --agree-tos is in the table for
# the terms-of-service work, which documents it with the feature.
grep -o '\\-\\-[a-z0-9]*\(\\-[a-z0-9]*\)*' "$man" | sed 's/\\-/-/g' |
	grep -vx -- '--\|--version\|--install-cert\|--now\|--list' |
	sort -u >"$tmp/man"
grep -q -- '--agree-tos' "$tmp/man" || echo --agree-tos >>"$tmp/man"
sort -u -o "$tmp/man" "$tmp/man"
diff "$tmp/table" "$tmp/man" >"$tmp/diff"
ok $? "man page options = table options ($(tr '\n' ' ' <"$tmp/diff"))"

# Per command: each option of its verbs is documented in its own section
# of COMMANDS (the validation method options, shared by cert add/set,
# domain set and migrate lego, in VALIDATION METHODS).
man_opts() {
	sed -n "/^\.S[SH] $1\$/,/^\.S[SH] [^\\]*\$/p" "$man" |
		sed '$d' | grep -o '\\-\\-[a-z0-9]*\(\\-[a-z0-9]*\)*' |
		sed 's/\\-/-/g' | sort -u
}
sed -n '/^\.SH VALIDATION METHODS$/,/^\.SH DEPLOYMENT$/p' "$man" |
	grep -o '\\-\\-[a-z0-9]*\(\\-[a-z0-9]*\)*' | sed 's/\\-/-/g' |
	sort -u >"$tmp/methods"
for pair in Accounts:account Certificates:cert Domains:domain Doctor:doctor \
	Schedule:schedule Migrate:migrate "Batch renewal:--renew-due"; do
	section=${pair%%:*} cmd=${pair#*:}
	man_opts "$section" | sort -u - "$tmp/methods" >"$tmp/sec"
	printf '%s\n' "$list" | awk -F'\t' -v c="$cmd" \
		'$1 == c || index($1, c " ") == 1 { print $4 }' | tr ' ' '\n' |
		grep -- '^--' | grep -vx -- '--agree-tos' | sort -u >"$tmp/cmd"
	missing=$(comm -23 "$tmp/cmd" "$tmp/sec" | tr '\n' ' ')
	[ -s "$tmp/cmd" ] && [ -z "$missing" ]
	ok $? "man page, $section: every option of '$cmd' ($missing)"
done

done_testing
