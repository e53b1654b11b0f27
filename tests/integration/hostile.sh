#!/bin/bash
# SPDX-License-Identifier: ISC
# hostile.sh - the real acmetui CLI against hostile and broken ACME
# servers (tests/hostile/server.py, one process per scenario).  Output: TAP.
#
# Every scenario runs in its own inventory and webroot.  After each one:
# the inventory passes PRAGMA integrity_check, no certificate is half
# written (a stored leaf has its serial and key; Monitoring means a leaf),
# and nothing acmetui printed (stdout, stderr, --json) or stored as an
# event or error carries a raw C0/C1 control byte.
#
# scenario           | what the server does           | expected of acmetui
# -------------------+--------------------------------+------------------------------
# ok                 | a well-behaved CA              | issues; the harness works
# token-dotdot       | token "../../../escape"        | refused "not base64url", exit
# token-slash        | token "a/b"                    |   1; no file written anywhere
# token-shell        | token with ; $( ) ` ${IFS}     |   outside the webroot (nor in
# token-bytes        | token with + / = é NUL %2e     |   it); no command run
# ctl-problem        | problem detail with ESC/CSI/   | account add fails naming the
#                    |   OSC/C1/BS/DEL                |   CA's reason, escaped
# ctl-account-status | account status with controls   | refused: unknown status
# ctl-meta           | directory website/ToS/profile  | account stored; show prints
#                    |   description with controls    |   them escaped or not at all
# ctl-authz-error    | authz invalid, nasty detail    | issue fails, detail escaped
# huge-body          | 100 MB directory, with length  | "larger than" error, exit 1,
# huge-body-stream   | 100 MB directory, no length    |   max RSS < a normal run's
#                    |                                |   + 32 MB, < 10 s
# deep-json          | directory nested 100000 deep   | "not valid JSON" error, no
# deep-problem       | problem nested 100000 deep     |   crash, exit 1
# truncated          | directory JSON cut short       | "not valid JSON" error
# short-body         | Content-Length > body, close   | network error, exit 1
# not-json           | directory is an HTML page      | "not valid JSON" error
# wrong-ctype        | valid JSON as text/html        | accepted: bodies are parsed
#                    |                                |   strictly whatever the label
# problem-ctype      | problem as text/html           | "HTTP 403", problem ignored
# bad-nonce          | badNonce on every POST         | gives up after 10 retries
#                    |                                |   (<= 12 POSTs), names badNonce
# ratelimit-long     | 429, Retry-After: 7200         | fails at once (< 5 s) naming
#                    |                                |   the retry time, stores it as
#                    |                                |   retry_after (~2 h ahead)
# retry-after-huge   | 429, Retry-After: 10^15 s      | fails at once; retry capped
# unavailable-then-ok| 503 + Retry-After: 1, then ok  | succeeds after short waits
# redirect-http      | directory 302 to http://       | refused, redirect not followed
# redirect-host      | newOrder 307 to another host   | refused, not followed
# dir-http           | newNonce is http://            | "not an https URL" refused
# authz-http         | order lists an http authz URL  | refused
# order-other-host   | order Location on another host | refused, "not on the
#                    |                                |   directory's host"
# slow-headers       | 1 byte/s from the status line  | gives up after
# slow-body          | 1 byte/s body                  |   ACMETUI_HTTP_TIMEOUT (2 s)
# key-mismatch       | leaf for another key           | refused, nothing stored as
#                    |                                |   current cert (stage failed)
# pem-garbage        | text + ESC between PEM blocks  | defined: the text outside
#                    |                                |   blocks is dropped; issued;
#                    |                                |   stored/exported PEM clean
# pem-broken-block   | 2nd PEM block damaged          | refused (no silent 1-cert
#                    |                                |   chain), nothing stored
# pem-not-cert       | a PRIVATE KEY block in chain   | dropped, never stored
# order-invalid      | authz + order turn invalid     | error names the name and the
#                    |                                |   CA's reason; order recorded
#                    |                                |   invalid; backoff set; a few
#                    |                                |   requests only
# finalize-invalid   | order invalid after finalize   | error names the order,
#                    |                                |   order recorded invalid
# processing-retry   | order processing, Retry-After: | issues; no poll sooner than
#                    |   1, headers sent just before  |   the second asked for after
#                    |   a second turns, body after   |   an answer (server's count)
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
SERVER=$here/../hostile/server.py
. "$here/hostile-env.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

tmp=$(mktemp -d "${TMPDIR:-/tmp}/acmetui-hostile.XXXXXX") ||
	{ echo "Bail out! mktemp"; exit 1; }
chmod 700 "$tmp"
server_pid=
stop_server() {
	if [ -n "$server_pid" ]; then
		kill "$server_pid" 2>/dev/null
		wait "$server_pid" 2>/dev/null
	fi
	server_pid=
}
cleanup() {
	stop_server
	rm -rf "$tmp"
}
trap cleanup EXIT

make_certs "$tmp" || { echo "Bail out! openssl failed"; exit 1; }
export ACMETUI_CA_FILE=$tmp/ca.pem
unset ACMETUI_DB

# start SCENARIO: a server in a fresh scenario directory $sd with its own
# inventory, webroot and request log; sets $dir_url.
start() {
	scen=$1
	t0=$(($(date +%s%N) / 1000000))
	sd=$tmp/$scen
	mkdir -p "$sd/srv" "$sd/site/webroot" "$sd/cwd"
	export ACMETUI_DB=$sd/inv/acmetui.db
	: >"$sd/requests"
	: >"$sd/output"
	hostile_serve "$tmp" "$sd" "$scen"
	ok $? "$scen: server started"
}

# a ARGS...: acmetui from a scratch working directory; $out, $errout and
# $rc as tap.sh's run sets them, the raw bytes (NULs too, which $(...)
# would drop) appended to the scenario's record.
a() {
	env -C "$sd/cwd" "$ACMETUI" "$@" >"$sd/o" 2>"$sd/e"
	rc=$?
	cat "$sd/o" "$sd/e" >>"$sd/output"
	out=$(tr -d '\000' <"$sd/o") errout=$(tr -d '\000' <"$sd/e")
}

# timed ARGS...: like a, measured; sets $secs (wall) and $maxrss_kb (the
# largest resident set of acmetui), without depending on /usr/bin/time.
timed() {
	env -C "$sd/cwd" "$PY" -c '
import resource, subprocess, sys, time
t = time.monotonic()
rc = subprocess.call(sys.argv[2:])
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as f:
    f.write("%.2f %d\n" % (time.monotonic() - t, ru.ru_maxrss))
sys.exit(rc)' "$sd/time" "$ACMETUI" "$@" >"$sd/o" 2>"$sd/e"
	rc=$?
	cat "$sd/o" "$sd/e" >>"$sd/output"
	out=$(tr -d '\000' <"$sd/o") errout=$(tr -d '\000' <"$sd/e")
	read -r secs maxrss_kb <"$sd/time"
}

account() { a account add --agree-tos h --server "$dir_url" --email ops@example.test; }
cert_add() {
	a cert add c --account h -d hostile.example.test \
		--challenge http-01 --webroot "$sd/site/webroot"
}
issue() { a cert issue c; }
posts() { grep -c "^POST $1" "$sd/requests"; }
col() { sqlite3 "$ACMETUI_DB" "SELECT $1 FROM certificates WHERE name='c'"; }

# Bytes that must never reach a terminal or a log: C0 except TAB/LF, DEL,
# and C1 (raw or UTF-8 encoded).
has_controls() {
	LC_ALL=C grep -aqP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]' "$@"
}

# inventory_checks: the inventory passes PRAGMA integrity_check (strictly
# "ok": schema v8 keeps cert_domains clear of SQLite 3.40's false NULL
# report) and holds no half-written certificate.
inventory_checks() {
	local res bad
	res=$(sqlite3 "$ACMETUI_DB" "SELECT count(*) FROM certificates
			WHERE (cert_pem IS NULL) != (serial IS NULL)
			   OR (cert_pem IS NOT NULL AND key_pem IS NULL)
			   OR (stage IN ('monitoring', 'installation')
			       AND cert_pem IS NULL);
		PRAGMA integrity_check")
	bad=$(printf '%s\n' "$res" | sed -n 1p)
	res=$(printf '%s\n' "$res" | sed 1d)
	[ "$res" = ok ]
	ok $? "$scen: inventory integrity_check ok"
	[ "$bad" = 0 ]
	ok $? "$scen: no half-written certificate (${bad:-?})"
}

# finish: the checks every scenario ends with, then the server stops.
finish() {
	if [ -f "$ACMETUI_DB" ]; then
		inventory_checks
		if [ -n "$(col id)" ]; then
			a cert show c --json
		fi
		sqlite3 "$ACMETUI_DB" "SELECT message FROM events;
			SELECT last_error FROM certificates" >"$sd/stored"
		! has_controls "$sd/stored"
		ok $? "$scen: stored events and errors free of control bytes"
	fi
	! has_controls "$sd/output"
	ok $? "$scen: everything printed is free of control bytes"
	[ -z "$(find "$sd/cwd" "$sd/site" -mindepth 1 \
		! -path "$sd/site/webroot")" ]
	ok $? "$scen: nothing written next to or inside the webroot"
	stop_server
	echo "# $scen: $(($(date +%s%N) / 1000000 - t0)) ms"
}

# ---- baseline ----
start ok
timed account add --agree-tos h --server "$dir_url" --email ops@example.test
ok $rc "ok: account add ($errout)"
base_kb=${maxrss_kb:-0}
cert_add; ok $rc "ok: cert add ($errout)"
issue; ok $rc "ok: cert issue ($errout)"
[ "$(col stage)" = monitoring ] && [ -n "$(col serial)" ]
ok $? "ok: certificate stored in Monitoring"
finish

# ---- challenge tokens that are not base64url ----
for scen in token-dotdot token-slash token-shell token-bytes; do
	start $scen
	account; ok $rc "$scen: account add ($errout)"
	cert_add; ok $rc "$scen: cert add ($errout)"
	issue
	[ "$rc" -eq 1 ] && echo "$errout" | grep -q 'not base64url'
	ok $? "$scen: refused, token not base64url (rc=$rc: $errout)"
	[ "$(posts /chall/)" = 0 ]
	ok $? "$scen: the challenge was never answered"
	[ -z "$(find "$tmp" \( -name escape -o -name 'PWNED*' -o -name b \))" ]
	ok $? "$scen: no file named after the token anywhere"
	[ "$(col stage)" = failed ]
	ok $? "$scen: certificate recorded as failed ($(col stage))"
	finish
done

# ---- control characters in what the server says ----
start ctl-problem
account
[ "$rc" -eq 1 ] && echo "$errout" | grep -q 'account refused: .*RED'
ok $? "ctl-problem: refused with the CA's reason, escaped ($errout)"
echo "$errout" | grep -qF '\x1b'
ok $? "ctl-problem: ESC shown as a visible escape"
finish

start ctl-account-status
account
[ "$rc" -eq 1 ] && echo "$errout" | grep -q 'unknown status'
ok $? "ctl-account-status: refused, unknown status ($errout)"
finish

start ctl-meta
account; ok $rc "ctl-meta: account add ($errout)"
a account show h --json; ok $rc "ctl-meta: account show --json"
a account show h; ok $rc "ctl-meta: account show"
finish

start ctl-authz-error
account; cert_add
a --json cert issue c
[ "$rc" -eq 1 ] && echo "$errout" | grep -q 'hostile.example.test' &&
	echo "$errout" | grep -q 'Invalid response from'
ok $? "ctl-authz-error: fails naming the name and the reason ($errout)"
finish

# ---- oversized, malformed and mislabelled bodies ----
for scen in huge-body huge-body-stream; do
	start $scen
	timed account add --agree-tos h --server "$dir_url"
	[ "$rc" -eq 1 ] && echo "$errout" | grep -q 'larger than'
	ok $? "$scen: refused as too large (rc=$rc: $errout)"
	# A buffered body would add 100 MB; the cap is 1 MiB.
	[ "${maxrss_kb:-999999}" -lt $((base_kb + 32768)) ]
	ok $? "$scen: bounded memory (max RSS ${maxrss_kb:-?} KiB," \
		"${base_kb} KiB for a normal run)"
	awk -v s="${secs:-99}" 'BEGIN { exit !(s < 10) }'
	ok $? "$scen: gave up quickly (${secs:-?} s)"
	finish
done

for scen in deep-json truncated not-json; do
	start $scen
	account
	[ "$rc" -eq 1 ] && echo "$errout" | grep -q 'directory: not valid JSON'
	ok $? "$scen: clear error (rc=$rc: $errout)"
	finish
done

start deep-problem
account; cert_add; issue
[ "$rc" -eq 1 ] && echo "$errout" | grep -q 'HTTP 400'
ok $? "deep-problem: clear error, no crash (rc=$rc: $errout)"
finish

start short-body
account
[ "$rc" -eq 1 ] && [ "$(printf '%s\n' "$errout" | wc -l)" -eq 1 ]
ok $? "short-body: one-line network error (rc=$rc: $errout)"
finish

start wrong-ctype
account; ok $rc "wrong-ctype: account add ($errout)"
cert_add; issue; ok $rc "wrong-ctype: JSON parsed whatever the label ($errout)"
finish

start problem-ctype
account; cert_add; issue
[ "$rc" -eq 1 ] && echo "$errout" | grep -q 'HTTP 403' &&
	! echo "$errout" | grep -q RED
ok $? "problem-ctype: HTTP 403, mislabelled problem not trusted ($errout)"
finish

# ---- nonces, rate limits, unavailability ----
start bad-nonce
account
n=$(posts /new-acct)
[ "$rc" -eq 1 ] && echo "$errout" | grep -q badNonce
ok $? "bad-nonce: fails naming badNonce (rc=$rc: $errout)"
# At most ACME_BAD_NONCE_TRIES (src/acme/client.h: 20) retries after the first try.
[ "$n" -ge 2 ] && [ "$n" -le 22 ]
ok $? "bad-nonce: bounded retries ($n POSTs)"
finish

start ratelimit-long
account; cert_add
timed cert issue c
[ "$rc" -eq 1 ] && echo "$errout" | grep -q 'rateLimited' &&
	echo "$errout" | grep -q 'retry after [0-9-]* [0-9:]* UTC'
ok $? "ratelimit-long: fails naming the retry time ($errout)"
awk -v s="${secs:-99}" 'BEGIN { exit !(s < 5) }'
ok $? "ratelimit-long: no long sleep (${secs:-?} s)"
ra=$(col retry_after)
now=$(date +%s)
[ -n "$ra" ] && [ "$ra" -ge $((now + 7000)) ] && [ "$ra" -le $((now + 7300)) ]
ok $? "ratelimit-long: retry time stored (${ra:-none}, now $now)"
[ "$(posts /new-order)" = 1 ]
ok $? "ratelimit-long: asked once"
finish

start retry-after-huge
account; cert_add
timed cert issue c
[ "$rc" -eq 1 ] && echo "$errout" | grep -q 'rateLimited'
ok $? "retry-after-huge: fails ($errout)"
awk -v s="${secs:-99}" 'BEGIN { exit !(s < 5) }'
ok $? "retry-after-huge: no sleep (${secs:-?} s)"
ra=$(col retry_after)
[ -n "$ra" ] && [ "$ra" -le $(($(date +%s) + 400 * 86400)) ]
ok $? "retry-after-huge: stored retry time bounded (${ra:-none})"
finish

start unavailable-then-ok
account; ok $rc "unavailable-then-ok: account add after a 503 ($errout)"
cert_add; issue; ok $rc "unavailable-then-ok: issued after a 503 ($errout)"
[ "$(grep -c '^GET /dir' "$sd/requests")" -ge 2 ]
ok $? "unavailable-then-ok: the directory was asked again"
finish

# ---- redirects and URLs that leave the CA ----
start redirect-http
account
[ "$rc" -eq 1 ] && echo "$errout" | grep -q "HTTP 302, a redirect to http:.*not followed"
ok $? "redirect-http: refused ($errout)"
[ "$(grep -c . "$sd/requests")" = 1 ]
ok $? "redirect-http: not followed"
finish

start redirect-host
account; cert_add; issue
[ "$rc" -eq 1 ] && echo "$errout" | grep -q "HTTP 307, a redirect to https://localhost.*not followed"
ok $? "redirect-host: refused ($errout)"
[ "$(posts /new-order)" = 1 ]
ok $? "redirect-host: not followed"
finish

start dir-http
account
[ "$rc" -eq 1 ] && echo "$errout" | grep -q 'newNonce: not an https URL'
ok $? "dir-http: refused ($errout)"
finish

start authz-http
account; cert_add; issue
[ "$rc" -eq 1 ] && echo "$errout" | grep -q 'not an https URL'
ok $? "authz-http: refused ($errout)"
[ "$(posts /authz/)" = 0 ]
ok $? "authz-http: nothing fetched over http"
finish

start order-other-host
account; cert_add; issue
[ "$rc" -eq 1 ] && echo "$errout" | grep -q "not on the directory's host"
ok $? "order-other-host: refused ($errout)"
finish

# ---- a server that drips ----
for scen in slow-headers slow-body; do
	start $scen
	ACMETUI_HTTP_TIMEOUT=2 timed account add --agree-tos h --server "$dir_url"
	[ "$rc" -eq 1 ] && echo "$errout" | grep -qi 'timed\? \?out'
	ok $? "$scen: gives up with a timeout (rc=$rc: $errout)"
	awk -v s="${secs:-99}" 'BEGIN { exit !(s < 6) }'
	ok $? "$scen: within the configured timeout (${secs:-?} s)"
	finish
done

# ---- certificates that are not what was asked ----
start key-mismatch
account; cert_add; issue
[ "$rc" -eq 1 ] && echo "$errout" | grep -q 'does not match the key'
ok $? "key-mismatch: refused ($errout)"
[ -z "$(col cert_pem)" ] && [ "$(col stage)" = failed ]
ok $? "key-mismatch: nothing stored as current certificate"
finish

start pem-garbage
account; cert_add; issue
ok $rc "pem-garbage: issued, text between blocks ignored ($errout)"
a cert export c --out "$sd/export"
ok $rc "pem-garbage: exported ($errout)"
nonempty "$sd/export"/{cert,chain,fullchain,privkey}.pem &&
	! grep -aq 'garbage\|Here is\|trailing' "$sd/export"/*.pem &&
	! has_controls "$sd/export"/*.pem &&
	[ "$(grep -c 'BEGIN CERTIFICATE' "$sd/export/fullchain.pem")" = 2 ]
ok $? "pem-garbage: exported PEM is clean, leaf and issuer"
[ -z "$(sqlite3 "$ACMETUI_DB" "SELECT 1 FROM certificates WHERE
	cert_pem LIKE '%garbage%' OR chain_pem LIKE '%garbage%'
	OR chain_pem LIKE '%trailing%'")" ]
ok $? "pem-garbage: stored PEM is clean"
finish

start pem-broken-block
account; cert_add; issue
[ "$rc" -eq 1 ] && echo "$errout" | grep -qi 'certificate'
ok $? "pem-broken-block: refused ($errout)"
[ -z "$(col cert_pem)" ]
ok $? "pem-broken-block: nothing stored"
finish

start pem-not-cert
account; cert_add; issue
ok $rc "pem-not-cert: issued ($errout)"
[ -z "$(sqlite3 "$ACMETUI_DB" "SELECT 1 FROM certificates WHERE
	chain_pem LIKE '%PRIVATE%' OR cert_pem LIKE '%PRIVATE%'")" ]
ok $? "pem-not-cert: the key block is not stored"
finish

# ---- orders that fail ----
start order-invalid
account; cert_add; issue
[ "$rc" -eq 1 ] && echo "$errout" | grep -q 'hostile.example.test' &&
	echo "$errout" | grep -q 'Invalid response'
ok $? "order-invalid: fails naming the name and the reason ($errout)"
st=$(sqlite3 "$ACMETUI_DB" "SELECT status FROM orders")
[ "$st" = invalid ]
ok $? "order-invalid: order recorded as invalid ($st)"
n=$(grep -c . "$sd/requests")
[ "$n" -le 15 ]
ok $? "order-invalid: no retry storm ($n requests)"
ra=$(col retry_after)
[ -n "$ra" ] && [ "$ra" -gt "$(date +%s)" ]
ok $? "order-invalid: next attempt backed off (${ra:-none})"
finish

start finalize-invalid
account; cert_add; a --json cert issue c
[ "$rc" -eq 1 ] && echo "$errout" | grep -q 'order' &&
	echo "$errout" | grep -q 'badCSR'
ok $? "finalize-invalid: fails naming the order and the reason ($errout)"
st=$(sqlite3 "$ACMETUI_DB" "SELECT status FROM orders")
[ "$st" = invalid ]
ok $? "finalize-invalid: order recorded as invalid ($st)"
finish

# ---- waits counted from the answer, not from a wall-clock second ----
start processing-retry
account; cert_add; issue
ok $rc "processing-retry: issued after two processing answers ($errout)"
# The server logs each poll with the ms since its last processing answer's
# headers went out; Retry-After: 1 allows none sooner than a second.
waits=$(sed -n 's|^POST /order/[^ ]* after=\([0-9]*\)$|\1|p' \
	"$sd/requests" | tr '\n' ' ')
[ "$(echo $waits | wc -w)" = 2 ]
ok $? "processing-retry: the order was polled twice after finalize ($waits)"
early=$(echo $waits | tr ' ' '\n' | awk '$1 < 900' | wc -l)
[ -n "$waits" ] && [ "$early" = 0 ]
ok $? "processing-retry: no poll within 900 ms of Retry-After: 1 ($early)"
finish

done_testing
