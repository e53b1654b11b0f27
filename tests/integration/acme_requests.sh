#!/bin/bash
# SPDX-License-Identifier: ISC
# acme_requests.sh - how many ACME requests one single-name issuance costs
# against a real Pebble (issue 13, item 8), counted in Pebble's own log
# ("METHOD /path -> calling handler()", one line per request), so the
# count cannot creep up unnoticed.  Output: TAP.
#
# - An issuance with the account's directory cached (fetched by `account
#   import` moments ago) makes at most 8 requests and no GET of the
#   directory; polls beyond the one each step needs are counted apart,
#   as their number is the CA's speed.
# - A directory older than a day is fetched again (once), and the
#   refreshed copy serves the next run.
# - A run that fails against an outdated copy marks it stale; the next
#   run fetches the directory and succeeds.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/tap.sh"
. "$here/pebble-env.sh"
ACMETUI=${ACMETUI:-$top/acmetui}

trap pebble_stop EXIT
# No badNonce rejections: a retried request would make the count vary.
pebble_start PEBBLE_WFE_NONCEREJECT=0 ||
	{ echo "Bail out! Pebble did not start"; exit 1; }

work=$PEBBLE_TMP/work
mkdir -p "$work"
export ACMETUI_DB=$work/inv/acmetui.db
export ACMETUI_CA_FILE=$PEBBLE_CA_FILE
a() { "$ACMETUI" "$@"; }
log=$PEBBLE_TMP/pebble.log

# requests CMD...: runs acmetui CMD, sets $rc, $errout and $reqs (the
# requests Pebble saw during it, one "METHOD /path" per line).
requests() {
	local n0
	n0=$(wc -l <"$log")
	run a "$@"
	reqs=$(tail -n +"$((n0 + 1))" "$log" |
		sed -n 's/^Pebble [0-9/]* [0-9:]* \([A-Z]*\) \([^ ]*\) -> calling handler()$/\1 \2/p')
}
# Polls beyond the floor: one name needs its authorization read twice
# (before the challenge and once after it) and the order once after the
# finalization; how many more reads it takes depends on how fast the CA
# validates and issues (under load Pebble answers "pending" more often),
# not on the client, so those are reported but not counted against the
# budget.  Pebble logs the handler's path without the id.
seen() { printf '%s\n' "$reqs" | grep -c "^POST $1\$"; }
over() { [ "$1" -gt "$2" ] && echo $(($1 - $2)) || echo 0; }
polls() { echo $(($(over "$(seen /authZ/)" 2) + $(over "$(seen /my-order/)" 1))); }
total() { [ -z "$reqs" ] && echo 0 || printf '%s\n' "$reqs" | wc -l; }
count() { echo $(($(total) - $(polls))); }
dir_gets() { printf '%s\n' "$reqs" | grep -c '^GET /dir$'; }
add() {
	a cert add "$1" --account p -d "$1.example.test" --standalone \
		--http-addr 127.0.0.1 --http-port "$PEBBLE_HTTP_PORT" >/dev/null
}

printf 'EAB Key ID: %s\nEAB HMAC Key: %s\nACME Server URL: %s\n' \
	"$EAB_KID" "$EAB_HMAC" "$PEBBLE_DIR" >"$work/pkg.txt"
requests account import "$work/pkg.txt" --name p --agree-tos
ok $rc "account imported ($errout)"
[ "$(dir_gets)" -ge 1 ]
ok $? "the log parse sees requests (account import fetched the directory)"

add one
requests cert issue one
ok $rc "cert issue one ($errout)"
printf '%s\n' "$reqs" | sed 's/^/# /'
[ "$(seen /authZ/)" -ge 2 ] && [ "$(seen /my-order/)" -ge 1 ]
ok $? "the log parse sees the authorization and order reads ($(total) requests, $(polls) extra polls)"
[ "$(count)" -le 8 ]
ok $? "one name, directory cached: at most 8 requests besides extra polls ($(count))"
[ "$(dir_gets)" -eq 0 ]
ok $? "the cached directory was used (GET /dir: $(dir_gets))"

# A day passing cannot be made through the CLI: the fetch time is moved
# back in the inventory instead.
sqlite3 "$ACMETUI_DB" "UPDATE accounts SET directory_fetched_at =
	directory_fetched_at - 86401 WHERE name = 'p'"
ok $? "the directory's fetch time moved back a day"
add two
requests cert issue two
ok $rc "cert issue two ($errout)"
[ "$(dir_gets)" -eq 1 ]
ok $? "a directory older than a day is fetched again ($(dir_gets))"
add three
requests cert issue three
ok $rc "cert issue three ($errout)"
[ "$(dir_gets)" -eq 0 ] && [ "$(count)" -le 8 ]
ok $? "the refreshed directory serves the next run ($(count) requests besides $(polls) extra polls)"

# A CA that moved an endpoint: the stored copy names a newOrder URL that
# is gone (made with SQL: the CLI stores only what the CA sent).  The run
# fails, the copy is marked stale, and the next run fetches the directory
# and succeeds.
sqlite3 "$ACMETUI_DB" "UPDATE accounts SET directory_json =
	replace(directory_json, '/order-plz', '/order-moved') WHERE name = 'p'"
ok $? "the stored directory names a newOrder URL that is gone"
add four
requests cert issue four
[ "$rc" -ne 0 ] && [ "$(dir_gets)" -eq 0 ]
ok $? "the run with the outdated copy fails (rc=$rc)"
[ -z "$(sqlite3 "$ACMETUI_DB" "SELECT directory_fetched_at FROM accounts
	WHERE name = 'p'")" ]
ok $? "the failure marked the stored directory stale"
requests cert issue four
ok $rc "the next run succeeds ($errout)"
[ "$(dir_gets)" -eq 1 ]
ok $? "it fetched the directory again ($(dir_gets))"

done_testing
