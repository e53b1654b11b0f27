#!/bin/bash
# SPDX-License-Identifier: ISC
# tos.sh - consent to the CA's terms of service (issue 12).  Against a
# real Pebble (its directory names meta.termsOfService): --agree-tos
# registers and stores the URL and the time (`account show`, text and
# --json); a script without it is refused with exit 2 naming the URL and
# Pebble logs no newAccount; on a terminal (a pty from script(1)) the
# question is asked and 'n' registers nothing, 'y' registers.  Against
# tests/hostile/server.py with --tos-file: termsOfServiceAgreed is sent
# only with consent, a CA without terms needs none, and when the terms
# change `doctor` warns naming both URLs until `account set NAME
# --agree-tos` records consent to the new ones.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
. "$here/pebble-env.sh"
. "$here/migrate-env.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
top_srcdir=${top_srcdir:-$here/../..}
SERVER=$top_srcdir/tests/hostile/server.py
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
. "$here/hostile-env.sh"

server_pid=
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
	stop_all
}
trap cleanup EXIT
# No nonce rejection: the tests count newAccount requests in Pebble's
# log, and a retried one (after badNonce) is logged twice; acmetui's
# retries are tested elsewhere (acme_client.sh, chaos.sh).
pebble_start PEBBLE_VA_ALWAYS_VALID=1 PEBBLE_WFE_NONCEREJECT=0 ||
	{ echo "Bail out! Pebble did not start"; exit 1; }

work=$PEBBLE_TMP/work
mkdir -p "$work"
export ACMETUI_DB=$work/inv/acmetui.db
export ACMETUI_CA_FILE=$PEBBLE_CA_FILE
a() { "$ACMETUI" "$@"; }
eab=(--eab-kid "$EAB_KID" --eab-hmac-key "$EAB_HMAC")
# The terms URL Pebble's directory names.
terms=$(curl -sf --cacert "$PEBBLE_CA_FILE" "$PEBBLE_DIR" |
	jq -r '.meta.termsOfService')
[ -n "$terms" ] && [ "$terms" != null ]
ok $? "Pebble's directory names terms of service ($terms)"
rfc3339='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'

# --- consent by option: registers, logs one newAccount, stores it ---
n0=$(new_accounts)
run a account add --agree-tos yes --server "$PEBBLE_DIR" "${eab[@]}" </dev/null
ok $rc "--agree-tos registers (rc=$rc: $errout)"
[ "$(new_accounts)" -eq $((n0 + 1)) ]
ok $? "Pebble logged the newAccount ($n0 -> $(new_accounts))"
run a --json account show yes
[ "$(printf '%s' "$out" | jq -r '.tos.url')" = "$terms" ]
ok $? "account show --json: tos.url is the URL agreed to"
printf '%s' "$out" | jq -r '.tos.agreed_at' | grep -Eq "$rfc3339"
ok $? "account show --json: tos.agreed_at is RFC 3339 ($(printf '%s' \
	"$out" | jq -c .tos))"
run a account show yes
printf '%s\n' "$out" | grep -A2 '^tos:' | grep -q "url  *$terms" &&
	printf '%s\n' "$out" | grep -A2 '^tos:' | grep -Eq 'agreed_at  *[0-9]{4}-'
ok $? "account show: the URL and the time agreed"

# --- no consent in a script: exit 2, one line naming the URL, nothing ---
n1=$(new_accounts)
run a account add nope --server "$PEBBLE_DIR" "${eab[@]}" </dev/null
[ "$rc" -eq 2 ]
ok $? "a script without --agree-tos: exit 2 (rc=$rc)"
[ "$(printf '%s\n' "$errout" | wc -l)" -eq 1 ] &&
	printf '%s' "$errout" | grep -qF "terms of service ($terms) need consent: pass --agree-tos"
ok $? "one line naming the URL and the option ($errout)"
[ "$(new_accounts)" -eq "$n1" ]
ok $? "Pebble logged no newAccount ($(new_accounts))"
[ "$(q "SELECT count(*) FROM accounts WHERE name = 'nope'")" = 0 ] &&
	[ "$(q "SELECT count(*) FROM events WHERE message LIKE '%nope%'")" = 0 ]
ok $? "nothing stored: no account row, no event"
printf '%s\n' "EAB Key ID: $EAB_KID" "EAB MAC Key: $EAB_HMAC" \
	"ACME Server URL: $PEBBLE_DIR" >"$work/package.txt"
run a account import "$work/package.txt" --name imp </dev/null
[ "$rc" -eq 2 ] && printf '%s' "$errout" | grep -qF "($terms)" &&
	[ "$(new_accounts)" -eq "$n1" ]
ok $? "account import without --agree-tos: exit 2 naming the URL ($errout)"
run a account import --agree-tos "$work/package.txt" --name imp </dev/null
ok $rc "account import --agree-tos registers ($errout)"
run a --json account show imp
[ "$(printf '%s' "$out" | jq -r '.tos.url')" = "$terms" ]
ok $? "the import stored the terms agreed to"
run a account list --agree-tos
[ "$rc" -eq 2 ]
ok $? "--agree-tos is refused where it does not apply (rc=$rc: $errout)"

# --- on a terminal: asked; 'n' registers nothing, 'y' registers ---
# pty CMD ANSWER: runs CMD on a pseudo-terminal with ANSWER typed.
pty() {
	printf '%s\n' "$2" | script -qec "$1" /dev/null >"$work/pty.out" 2>&1
	rc=$?
	out=$(tr -d '\r' <"$work/pty.out")
}
cmd="$ACMETUI account add PTY --server $PEBBLE_DIR --eab-kid $EAB_KID --eab-hmac-key-file $work/hmac"
printf '%s\n' "$EAB_HMAC" >"$work/hmac"
n2=$(new_accounts)
pty "${cmd/PTY/ptyno}" n
printf '%s' "$out" | grep -qF "Do you agree to the CA's terms of service at $terms? [y/N]"
ok $? "a terminal is asked, with the URL ($out)"
[ "$rc" -eq 2 ] && [ "$(new_accounts)" -eq "$n2" ] &&
	[ "$(q "SELECT count(*) FROM accounts WHERE name = 'ptyno'")" = 0 ]
ok $? "'n': exit 2, no newAccount, no row (rc=$rc)"
pty "${cmd/PTY/ptyyes}" y
[ "$rc" -eq 0 ] && [ "$(new_accounts)" -eq $((n2 + 1)) ]
ok $? "'y': registered (rc=$rc: $out)"
[ "$(q "SELECT tos_url FROM accounts WHERE name = 'ptyyes'")" = "$terms" ] &&
	[ "$(q "SELECT tos_agreed_at > 0 FROM accounts WHERE name = 'ptyyes'")" = 1 ]
ok $? "'y': the URL and the time are stored"

# --- a dry run registers a throwaway staging account only with consent ---
mkdir -p "$work/webroot"
a cert add web --account yes -d web.example.test --webroot "$work/webroot" \
	>/dev/null 2>&1
n3=$(new_accounts)
ACMETUI_STAGING_URL=$PEBBLE_DIR run a cert renew web --dry-run </dev/null
[ "$rc" -eq 0 ] && printf '%s' "$out" | grep -q '^web: dry run ok' &&
	[ "$(new_accounts)" -eq $((n3 + 1)) ]
ok $? "a dry run with consent registers a throwaway account ($out $errout)"
# sqlite3: every account the CLI registers has its consent recorded.
q "UPDATE accounts SET tos_agreed_at = NULL WHERE name = 'yes'"
n3=$(new_accounts)
ACMETUI_STAGING_URL=$PEBBLE_DIR run a cert renew web --dry-run </dev/null
# Not rehearsed: the pre-flight checks stand in (this name does not
# resolve, so they fail; the reason is what matters here).
printf '%s\n' "$out" "$errout" | grep -q "^web: .*not tested: no consent to the CA's terms of service is recorded for account 'yes'; run 'acmetui account set yes --agree-tos'" &&
	[ "$(new_accounts)" -eq "$n3" ]
ok $? "without recorded consent: not rehearsed, no newAccount ($out $errout)"

# --- the hostile test server, whose terms a file decides ---
hs=$work/hostile
mkdir -p "$hs"
make_certs "$hs" || { echo "Bail out! openssl failed"; exit 1; }
echo 'https://ca.example.test/terms/v1' >"$hs/tos"
: >"$hs/requests"
hostile_serve "$hs" "$hs" ok --tos-file "$hs/tos"
ok $? "hostile server started ($dir_url)"
hdir=$dir_url
export ACMETUI_DB=$work/hinv/acmetui.db ACMETUI_CA_FILE=$hs/ca.pem
tos_posts() { grep -c '^POST /new-acct tos=1' "$hs/requests"; }
acct_posts() { grep -c '^POST /new-acct' "$hs/requests"; }

run a account add h1 --server "$hdir" </dev/null
[ "$rc" -eq 2 ] && [ "$(acct_posts)" = 0 ] &&
	printf '%s' "$errout" | grep -qF '(https://ca.example.test/terms/v1)'
ok $? "hostile server: no consent, no newAccount ($errout)"
run a account add --agree-tos h1 --server "$hdir" </dev/null
ok $rc "hostile server: --agree-tos registers ($errout)"
[ "$(tos_posts)" = 1 ]
ok $? "termsOfServiceAgreed sent with consent ($(cat "$hs/requests" | grep new-acct))"
a cert add c --account h1 -d tos.example.test --webroot "$work" >/dev/null 2>&1
run a doctor c
! printf '%s\n' "$out" | grep -q '^terms'
ok $? "doctor: terms unchanged, nothing said"

echo 'https://ca.example.test/terms/v2' >"$hs/tos"
run a doctor c
line=$(printf '%s\n' "$out" | grep -A3 '^terms')
printf '%s' "$line" | grep -q '\[warn\]' &&
	printf '%s' "$line" | grep -qF 'terms/v2' &&
	printf '%s' "$line" | grep -qF 'terms/v1' &&
	printf '%s' "$out" | grep -qF 'account set h1 --agree-tos'
ok $? "doctor warns when the terms changed, naming both URLs and the fix ($line)"
run a account set h1 --agree-tos
ok $rc "account set --agree-tos records consent to the new terms ($errout)"
run a --json account show h1
[ "$(printf '%s' "$out" | jq -r '.tos.url')" = https://ca.example.test/terms/v2 ]
ok $? "account show: the new terms"
run a doctor c
! printf '%s\n' "$out" | grep -q '^terms'
ok $? "doctor: agreed again, nothing said"

# A CA without terms needs no consent, and is not told of any.
: >"$hs/tos"
n=$(acct_posts)
run a account add h2 --server "$hdir" </dev/null
ok $rc "a CA without terms needs no consent ($errout)"
[ "$(acct_posts)" = $((n + 1)) ] && [ "$(tos_posts)" = 1 ]
ok $? "... and gets no termsOfServiceAgreed"
run a --json account show h2
[ "$(printf '%s' "$out" | jq -c '.tos')" = '{"url":null,"agreed_at":null}' ]
ok $? "... and stores no terms ($(printf '%s' "$out" | jq -c .tos))"
run a account add --agree-tos h3 --server "$hdir" </dev/null
ok $rc "--agree-tos is accepted where there are no terms ($errout)"

done_testing
