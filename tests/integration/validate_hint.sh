#!/bin/bash
# SPDX-License-Identifier: ISC
# validate_hint.sh - the "likely cause" appended to a failed HTTP-01
# validation is built from what happened (issue 10 defect 7): Pebble's VA
# dials its http port while acmetui's standalone responder listens on
# another one, so the hint names both ports and says to forward one to the
# other, never "use --standalone" for a certificate that is standalone.
# The hint reaches the command's error and the certificate's event log.
# Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
. "$here/pebble-env.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}

trap pebble_stop EXIT
pebble_start || { echo "Bail out! Pebble did not start"; exit 1; }

work=$PEBBLE_TMP/work
mkdir -p "$work"
export ACMETUI_DB=$work/inv/acmetui.db
export ACMETUI_CA_FILE=$PEBBLE_CA_FILE
a() { "$ACMETUI" "$@"; }
sq() { sqlite3 -cmd '.timeout 5000' "$ACMETUI_DB" "$1"; }

run a account add --agree-tos pebble --server "$PEBBLE_DIR" --eab-kid "$EAB_KID" \
	--eab-hmac-key "$EAB_HMAC"
ok $rc "account registered (rc=$rc: $errout)"

# Our responder on a free port that is not the one Pebble dials.
ours=$(_pebble_pick_ports 1)
[ -n "$ours" ] && [ "$ours" != "$PEBBLE_HTTP_PORT" ]
ok $? "a free port for the responder ($ours, Pebble dials $PEBBLE_HTTP_PORT)"

run a cert add elsewhere --account pebble -d elsewhere.example.test \
	--standalone --http-addr 127.0.0.1 --http-port "$ours"
ok $rc "standalone certificate on port $ours ($errout)"
run a cert issue elsewhere
[ "$rc" -ne 0 ]
ok $? "issuance fails: Pebble reaches nothing (rc=$rc)"
# The positive path first: the CA's own reason is there.
echo "$errout" | grep -qi 'refused'
ok $? "the CA's reason is reported ($errout)"
echo "$errout" | grep -q "likely cause: the CA connected to port $PEBBLE_HTTP_PORT of 127.0.0.1, but acmetui's standalone responder listens on port $ours"
ok $? "the hint names the port dialled and ours ($errout)"
echo "$errout" | grep -q "forward port $PEBBLE_HTTP_PORT to port $ours"
ok $? "the fix is to forward the port"
echo "$errout" | grep -q 'use --standalone'
[ $? -ne 0 ]
ok $? "no advice to use --standalone for a standalone certificate"
ev=$(sq "SELECT message FROM events e JOIN certificates c ON c.id = e.cert_id
	 WHERE c.name = 'elsewhere' AND e.level = 'error'
	 AND e.message LIKE '%likely cause%'")
echo "$ev" | grep -q "responder listens on port $ours"
ok $? "the event log holds the same hint ($ev)"

# Webroot: nothing serves port 80 there, so the web server is the advice.
mkdir -p "$work/www"
run a cert add web --account pebble -d web.example.test --webroot "$work/www"
ok $rc "webroot certificate ($errout)"
run a cert issue web
echo "$errout" | grep -q "nothing answers on port $PEBBLE_HTTP_PORT of 127.0.0.1; fix: start the web server on port $PEBBLE_HTTP_PORT"
ok $? "webroot: start the web server on the port dialled ($errout)"

done_testing
