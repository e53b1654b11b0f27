#!/bin/bash
# SPDX-License-Identifier: ISC
# completion.sh - bash completion (contrib/completion/acmetui) offers the
# commands, verbs and options, and the certificate, account and domain
# names of the inventory named by --db; `acmetui __complete` creates no
# inventory, prints nothing when there is none, and passes on no name a
# shell would misread.  zsh's script is at least valid zsh.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
src=${top_srcdir:-$here/../..}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
unset ACMETUI_DB
export HOME=$tmp XDG_DATA_HOME=$tmp/xdg

# complete WORD...: the candidates bash completion offers for the last
# word (which may be empty), one per line.
complete_words() {
	bash -c '
		. /usr/share/bash-completion/bash_completion
		. "$1"
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_acmetui acmetui "${COMP_WORDS[COMP_CWORD]}" \
			"${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"
	' complete "$src/contrib/completion/acmetui" "$@"
}

[ -f /usr/share/bash-completion/bash_completion ]
ok $? "bash-completion is installed (setup.sh installs it)"

# A watched certificate needs no CA: enough to have names to offer.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout k.pem -out web.pem -days 30 -subj /CN=web.example.test \
	-addext subjectAltName=DNS:web.example.test 2>/dev/null
run "$ACMETUI" --db "$tmp/inv.db" cert import --name webfront web.pem
ok "$rc" "a certificate to complete ($errout)"

PATH=$(dirname "$ACMETUI"):$PATH
export PATH
got=$(complete_words acmetui --db "$tmp/inv.db" cert show "")
echo "$got" | grep -qx webfront
ok $? "cert show offers the inventory's certificate ($got)"
got=$(complete_words acmetui --db "$tmp/inv.db" cert "")
echo "$got" | grep -qx renew && echo "$got" | grep -qx revoke
ok $? "cert offers its verbs ($got)"
got=$(complete_words acmetui --db "$tmp/inv.db" cert add --deploy-)
echo "$got" | grep -qx -e --deploy-dir
ok $? "options complete ($got)"
got=$(complete_words acmetui "")
echo "$got" | grep -qx cert && echo "$got" | grep -qx schedule
ok $? "the commands complete ($got)"

# Names the database holds but no shell should take as one word: the
# CLI cannot make them, so the test writes them with sqlite3.
[ "$(sqlite3 "$tmp/inv.db" "UPDATE certificates SET name = 'a;rm -rf x'
	WHERE name = 'webfront'; SELECT changes()")" = 1 ]
ok $? "webfront renamed to a name with shell syntax (sqlite3)"
run "$ACMETUI" --db "$tmp/inv.db" __complete certs
[ "$rc" -eq 0 ] && [ -z "$out" ]
ok $? "a name with shell syntax is not offered ('$out')"

run "$ACMETUI" --db "$tmp/nothing/inv.db" __complete certs
[ "$rc" -eq 0 ] && [ -z "$out$errout" ] && [ ! -e "$tmp/nothing" ]
ok $? "no inventory: nothing printed, nothing created"
run "$ACMETUI" __complete certs
[ "$rc" -eq 0 ] && [ ! -e "$tmp/xdg/acmetui" ]
ok $? "the default inventory is not created either"

command -v zsh >/dev/null && zsh -n "$src/contrib/completion/_acmetui"
ok $? "the zsh completion is valid zsh"
done_testing
