#!/bin/bash
# SPDX-License-Identifier: ISC
# cli_import.sh - watched certificates (`cert import`): a PEM chain made
# with openssl and the chain an `openssl s_server` serves on a free
# loopback port are imported, listed and shown (text and --json); a file
# with a private key and garbage are refused; issue/renew/revoke/doctor
# refuse a watched certificate with one line and a non-zero exit;
# --renew-due renews nothing but sends the expiry warning through the
# notify hook and probes the served one; delete works; the TUI shows it.
# Output: TAP.  Needs openssl and python3; tmux for the TUI part.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}

work=$(mktemp -d "${TMPDIR:-/tmp}/acmetui-import.XXXXXX") || exit 1
srv_pid=
cleanup() {
	[ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null && wait "$srv_pid"
	[ "$(type -t tui_stop)" = function ] && tui_stop
	rm -rf "$work"
}
trap cleanup EXIT
export ACMETUI_DB=$work/inv/acmetui.db
unset ACMETUI_CA_FILE ACMETUI_NOTIFY_HOOK
a() { "$ACMETUI" "$@"; }
# jq-less JSON assertions: python3 - JSON EXPR.
jcheck() { python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert $2, d" "$1"; }

# --- a test CA and two leaves: one expiring in 20 days, one served ---
cd "$work" || exit 1
ossl() { openssl "$@" >/dev/null 2>&1; }
ossl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout ca.key -out ca.pem -days 400 -subj "/CN=Import Test CA" &&
	ossl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout leaf.key -out leaf.csr -subj "/CN=watch.example.test" &&
	printf 'subjectAltName=DNS:watch.example.test,DNS:www.watch.example.test,DNS:bad_name.example.test\n' >leaf.ext &&
	ossl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key \
		-CAcreateserial -days 20 -extfile leaf.ext -out leaf.pem &&
	ossl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout srv.key -out srv.csr -subj "/CN=served.example.test" &&
	printf 'subjectAltName=DNS:served.example.test,IP:127.0.0.1\n' >srv.ext &&
	ossl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key \
		-CAcreateserial -days 200 -extfile srv.ext -out srv.pem
ok $? "test CA and certificates made with openssl"
cat leaf.pem ca.pem >full.pem
cat leaf.pem leaf.key >with-key.pem

# --- import from a file ---
run a cert import full.pem
[ "$rc" -eq 0 ] && echo "$out" | grep -q "watch.example.test' imported"
ok $? "import a PEM chain ($out $errout)"
echo "$out" | grep -q "1 name(s) of the certificate were not kept"
ok $? "the SAN that is no valid domain name is reported ($out)"
run a cert list
echo "$out" | grep -E "^watch.example.test +www.watch.example.test|^watch.example.test .*\(watched\) +monitoring" >/dev/null
ok $? "list shows it as watched ($out)"
run a cert show --json watch.example.test
jcheck "$out" 'd["watch"] is True and d["account"] is None and d["stage"] == "monitoring" and d["renew_at"] is None and [x["name"] for x in d["domains"]] == ["watch.example.test", "www.watch.example.test"]'
ok $? "show --json: watch true, account null, no renewal, its names"
run a cert list --json
jcheck "$out" '[c["watch"] for c in d["certificates"]] == [True] and [x["name"] for x in d["certificates"][0]["domains"]] == ["watch.example.test", "www.watch.example.test"]'
ok $? "list --json marks it"
run a cert show watch.example.test
echo "$out" | grep -q "watched: imported, not issued by acmetui" &&
	echo "$out" | grep -q "imported to watch from full.pem"
ok $? "show says watched and has the import event ($out)"

# --- hostile input ---
events() { sqlite3 -batch "$ACMETUI_DB" "SELECT count(*) FROM events"; }
ev_before=$(events)
[ "$ev_before" -ge 1 ]; ok $? "the import's event is in the inventory ($ev_before)"
run a cert import --name keyed with-key.pem
[ "$rc" -eq 2 ] && echo "$errout" | grep -q "holds a private key"
ok $? "a file with a private key is refused ($errout)"
run a cert show keyed
[ "$rc" -ne 0 ]
ok $? "and nothing was stored"
# The WAL file may rightly be absent; the inventory itself may not.
nonempty "$ACMETUI_DB" &&
	! grep -q "PRIVATE" "$ACMETUI_DB" "$ACMETUI_DB-wal" 2>/dev/null
ok $? "no key text in the inventory files"
run bash -c "printf 'garbage\n' | '$ACMETUI' cert import --name junk -"
[ "$rc" -eq 2 ] && echo "$errout" | grep -q "not a PEM certificate"
ok $? "garbage on stdin is refused ($errout)"
head -c 1100000 /dev/zero | tr '\0' 'A' >big.pem
run a cert import --name big big.pem
[ "$rc" -ne 0 ]
ok $? "an oversized file is refused ($errout)"
run a cert import --name 'bad name' full.pem
[ "$rc" -eq 2 ]
ok $? "an invalid --name is refused"
[ "$(events)" = "$ev_before" ]
ok $? "no refused import wrote an event ($(events) after $ev_before)"

# --- re-import updates the same entry ---
run a cert import --probe 127.0.0.1:9 - <full.pem
[ "$rc" -eq 0 ] && echo "$out" | grep -q "Watched certificate 'watch.example.test' updated"
ok $? "re-import from stdin updates it ($out $errout)"
run a cert show --json watch.example.test
jcheck "$out" 'd["probe_endpoints"] == "127.0.0.1:9" and sum(1 for e in d["events"] if "imported to watch" in e["message"]) == 2'
ok $? "with its endpoint and a second event"
run a cert set watch.example.test --probe ""
ok $rc "cert set --probe '' clears the endpoints ($errout)"
run a cert set watch.example.test --renew-at now
[ "$rc" -eq 2 ] && echo "$errout" | grep -q "only watched"
ok $? "cert set --renew-at is refused ($errout)"

# --- import from HOST:PORT served by openssl s_server ---
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
openssl s_server -accept "127.0.0.1:$port" -cert srv.pem -key srv.key \
	-cert_chain ca.pem -quiet </dev/null >/dev/null 2>&1 &
srv_pid=$!
wait_tcp "$port"
ok $? "s_server listens on 127.0.0.1:$port"
run a --ca-file ca.pem cert import --json "127.0.0.1:$port"
jcheck "$out" 'd["name"] == "served.example.test" and d["created"] is True and d["chain_verified"] is True and d["chain_length"] == 2 and d["probe_endpoints"] == "127.0.0.1:'"$port"'"'
ok $? "import from HOST:PORT: served chain, verified, endpoint stored ($out $errout)"
run a cert import --name served-untrusted "127.0.0.1:$port"
ok $rc "import again without the CA ($errout)"
run a cert show served-untrusted
echo "$out" | grep -q "chain NOT verified"
ok $? "the failed verification is in the event ($out)"
run a cert delete served-untrusted --yes
ok $rc "delete it"
run a --ca-file ca.pem cert probe served.example.test
[ "$rc" -eq 0 ] && echo "$out" | grep -q "serving the current certificate"
ok $? "cert probe compares with the imported certificate ($out $errout)"
run a cert import --name nothing 127.0.0.1:1
[ "$rc" -ne 0 ] && echo "$errout" | grep -q "cannot fetch"
ok $? "an endpoint that is down: clear error ($errout)"

# --- what acmetui refuses to do with a watched certificate ---
for verb in issue renew revoke; do
	run a cert "$verb" watch.example.test
	[ "$rc" -eq 2 ] && [ "$(printf '%s\n' "$errout" | wc -l)" -eq 1 ] &&
		echo "$errout" | grep -q "only watched"
	ok $? "cert $verb refuses, one line, exit 2 ($errout)"
done
run a doctor watch.example.test
[ "$rc" -eq 2 ] && echo "$errout" | grep -q "only watched"
ok $? "doctor refuses without crashing ($errout)"

# --- --renew-due: no renewal, an expiry warning, a probe ---
cat >hook.sh <<HOOK
#!/bin/sh
cat >>"$work/events.json"
HOOK
chmod 755 hook.sh
: >events.json
run a --renew-due --dry-run --json
jcheck "$out" 'd["certificates"] == []'
ok $? "--dry-run: nothing due ($out)"
run env ACMETUI_NOTIFY_HOOK="$work/hook.sh" "$ACMETUI" --ca-file ca.pem \
	--renew-due --json
jcheck "$out" 'd["certificates"] == [] and d["renewed"] == 0'
ok $? "--renew-due renews nothing ($out $errout)"
python3 - events.json <<'PY'
import json, sys
evs = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
exp = [e for e in evs if e["event"] == "expiring"]
assert len(exp) == 1, evs
assert exp[0]["certificate"] == "watch.example.test", exp
assert exp[0]["days_left"] in (19, 20), exp
PY
ok $? "the hook got the expiry warning of the watched certificate"
run a cert show --json served.example.test
jcheck "$out" 'sum(1 for e in d["events"] if "serving the current certificate" in e["message"]) == 2'
ok $? "--renew-due probed the served one ($out)"

# --- the TUI shows it and refuses renew, without crashing ---
if command -v tmux >/dev/null 2>&1; then
	. "$here/../tui/tmux-env.sh"
	tui_start 100 30 "$ACMETUI" --db "$ACMETUI_DB"
	tui_wait "watch.example.test +.*watched"
	ok $? "dashboard row says watched"
	tui_keys Enter
	tui_wait "watched: imported, not issued by acmetui"
	ok $? "detail title says watched"
	tui_keys r
	tui_wait "only watched"
	ok $? "renew refused with a message"
	tui_keys q q
	tui_gone "watched" 5
	tui_stop
fi

# --- delete ---
run a cert delete watch.example.test --yes
ok $rc "delete a watched certificate"
run a cert show watch.example.test
[ "$rc" -eq 2 ]
ok $? "it is gone"

done_testing
