#!/bin/bash
# SPDX-License-Identifier: ISC
# event_lost.sh - an event the inventory refuses to record is not lost
# in silence: the operation goes on and the event, with the store's
# error, reaches stderr (and syslog).  The inventory is made to refuse
# with a trigger, because no acmetui command can make its own event
# table fail on purpose.  Output: TAP.  Needs openssl and sqlite3.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
work=$(mktemp -d "${TMPDIR:-/tmp}/acmetui-evlost.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
export ACMETUI_DB=$work/inv/acmetui.db
a() { "$ACMETUI" "$@"; }
q() { sqlite3 -batch -noheader "$ACMETUI_DB" "$1"; }

cd "$work" || exit 1
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout leaf.key -out leaf.pem -days 30 -subj "/CN=lost.example.test" \
	-addext "subjectAltName=DNS:lost.example.test" >/dev/null 2>&1
ok $? "a certificate made with openssl"
run a cert import leaf.pem
ok $rc "imported as a watched certificate ($errout)"

# Positive path first: the export records its event.
run a cert export lost.example.test --out "$work/out1"
n=$(q "SELECT count(*) FROM events WHERE stage = 'export'")
[ "$rc" -eq 0 ] && [ "$n" = 1 ] && [ -z "$errout" ]
ok $? "export records one event and prints nothing on stderr ($n; $errout)"

# sqlite3: no command makes the inventory refuse one table's writes.
q "CREATE TRIGGER no_events BEFORE INSERT ON events
   BEGIN SELECT RAISE(ABORT, 'events refused by the test'); END;"
run a cert export lost.example.test --out "$work/out2"
[ "$rc" -eq 0 ] && [ -f "$work/out2/cert.pem" ]
ok $? "the export itself still succeeds ($rc)"
[ "$(q "SELECT count(*) FROM events WHERE stage = 'export'")" = 1 ]
ok $? "the trigger did refuse the event"
echo "$errout" | grep -q 'event not recorded' &&
	echo "$errout" | grep -q 'events refused by the test' &&
	echo "$errout" | grep -q "copied cert.pem.*out2"
ok $? "the lost event and the store's error are on stderr ($errout)"
run a -q cert export lost.example.test --out "$work/out3"
echo "$errout" | grep -q 'event not recorded'
ok $? "even with -q: a lost record is not routine output ($errout)"
done_testing
