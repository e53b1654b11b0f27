#!/bin/bash
# SPDX-License-Identifier: ISC
# migrate_lego.sh - `acmetui migrate lego` over certificates the real
# Debian lego created against a private Pebble: one data directory with a
# standalone certificate (RSA 2048, two names), another with a webroot
# one (EC P-256).  lego records no method: the operator names it, and a
# migration without one is refused.  The certificates keep their serials
# and keys, the accounts their URLs; a second run changes nothing; lego's
# files are never modified; a forced --renew-due renews both through the
# given methods with the same accounts (no newAccount at Pebble).  Two
# accounts for one server need --email.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
. "$here/pebble-env.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
for tool in lego sqlite3 busybox; do
	command -v $tool >/dev/null ||
		{ echo "Bail out! $tool is needed"; exit 1; }
done
. "$here/migrate-env.sh"
trap stop_all EXIT
# No authorization reuse: each renewal must validate through the
# carried-over method.  No nonce rejection: lego's retries are not what
# is tested here (acmetui's are, elsewhere), and they made Pebble log an
# extra newAccount.
pebble_start PEBBLE_AUTHZREUSE=0 PEBBLE_WFE_NONCEREJECT=0 || { echo "Bail out! Pebble did not start"; exit 1; }

work=$PEBBLE_TMP/work
webroot=$work/webroot
mkdir -p "$webroot"
export ACMETUI_DB=$work/inv/acmetui.db
export ACMETUI_CA_FILE=$PEBBLE_CA_FILE
a() { "$ACMETUI" "$@"; }
lg() {
	local path=$1 email=$2
	shift 2
	LEGO_CA_CERTIFICATES=$PEBBLE_CA_FILE lego --server "$PEBBLE_DIR" \
		--eab --kid "$EAB_KID" --hmac="$EAB_HMAC" --email "$email" \
		--accept-tos --path "$path" "$@"
}

sa=$work/lego-sa
wr=$work/lego-wr
run lg "$sa" sa@example.test --http --http.port "127.0.0.1:$PEBBLE_HTTP_PORT" \
	--key-type rsa2048 -d sa.example.test -d www.sa.example.test run
ok $rc "lego: standalone certificate, RSA 2048 ($errout)"
httpd_start
run lg "$wr" wr@example.test --http --http.webroot "$webroot" \
	--key-type ec256 -d wr.example.test run
ok $rc "lego: webroot certificate, EC ($errout)"
httpd_stop
[ -f "$sa/certificates/sa.example.test.crt" ] &&
	[ -f "$wr/certificates/wr.example.test.key" ]
ok $? "lego wrote its certificate files"
before_sa=$(tree_state "$sa")
before_wr=$(tree_state "$wr")
accounts_before=$(new_accounts)
[ "$accounts_before" = 2 ]; ok $? "Pebble logged lego's two newAccounts ($accounts_before)"

run a migrate lego --path "$sa" --server "$PEBBLE_DIR"
[ "$rc" -eq 2 ] && echo "$errout" | grep -q 'does not record how it validated'
ok $? "without a method: refused, exit 2 ($errout)"
run a migrate lego --path "$sa" --server "$PEBBLE_DIR" --standalone \
	--http-port "$PEBBLE_HTTP_PORT" --dry-run
[ "$rc" -eq 0 ] && echo "$out" | grep -q '^sa.example.test .*would be stored'
ok $? "dry run plans the certificate ($out)"
run a migrate lego --path "$sa" --server "$PEBBLE_DIR" --standalone \
	--http-port "$PEBBLE_HTTP_PORT" --dry-run --json
printf '%s\n' "$out" >"$work/plan.json"
why=$(python3 "$here/../json_validate.py" "$here/../../doc/acmetui.schema.json" \
	migrate "$work/plan.json") &&
	echo "$out" | grep -q '"result": "would_store"'
ok $? "dry run --json: a valid migrate document, would_store ($why)"
[ ! -e "$ACMETUI_DB" ]; ok $? "dry run creates no inventory"

run a migrate lego --path "$sa" --server "$PEBBLE_DIR" --standalone \
	--http-port "$PEBBLE_HTTP_PORT"
[ "$rc" -eq 0 ] && echo "$out" | grep -q '^1 stored'
ok $? "standalone certificate migrated ($out $errout)" ||
	ls -lR "$sa" | sed 's/^/# /'
run a migrate lego --path "$wr" --server "$PEBBLE_DIR" --webroot "$webroot"
ok $rc "webroot certificate migrated ($out $errout)"
got=$(q "SELECT serial FROM certificates WHERE name = 'sa.example.test'" | sed 's/^0*//')
[ -n "$got" ] && [ "$got" = "$(serial_of "$sa/certificates/sa.example.test.crt")" ]
ok $? "sa keeps lego's certificate (serial $got)"
row=$(q "SELECT c.key_type, group_concat(d.name || ':' || d.http_port, ' '),
	 a.account_url FROM certificates c JOIN accounts a ON a.id = c.account_id
	 JOIN cert_domains cd ON cd.cert_id = c.id
	 JOIN domains d ON d.id = cd.domain_id
	 WHERE c.name = 'sa.example.test' GROUP BY c.id")
url=$(sed -n 's/.*"uri": *"\([^"]*\)".*/\1/p' "$sa"/accounts/*/*/account.json)
[ "$row" = "rsa2048|sa.example.test:$PEBBLE_HTTP_PORT www.sa.example.test:$PEBBLE_HTTP_PORT|$url" ]
ok $? "sa: rsa2048, both names standalone on the port, lego's account URL ($row)"
row=$(q "SELECT c.key_type, d.webroot FROM certificates c
	 JOIN cert_domains cd ON cd.cert_id = c.id
	 JOIN domains d ON d.id = cd.domain_id WHERE c.name = 'wr.example.test'")
[ "$row" = "ec256|$webroot" ]; ok $? "wr: ec256, webroot ($row)"

c1=$(q "SELECT count(*) || ' ' || (SELECT count(*) FROM events) FROM certificates")
run a migrate lego --path "$wr" --server "$PEBBLE_DIR" --webroot "$webroot"
echo "$out" | grep -q '0 stored, 1 unchanged'
ok $? "the second run stores nothing ($out)"
[ "$(q "SELECT count(*) || ' ' || (SELECT count(*) FROM events) FROM certificates")" = "$c1" ]
ok $? "rows unchanged ($c1)"

a cert set sa.example.test --renew-at now >/dev/null
run a --renew-due
ok $rc "--renew-due renews sa through standalone ($errout)"
httpd_start
a cert set wr.example.test --renew-at now >/dev/null
run a --renew-due
ok $rc "--renew-due renews wr through its webroot ($errout)"
httpd_stop
for n in sa wr; do
	dir=$work/lego-$n
	new=$(q "SELECT serial FROM certificates WHERE name = '$n.example.test'
		 AND renew_at > strftime('%s','now')" | sed 's/^0*//')
	old=$(serial_of "$dir/certificates/$n.example.test.crt")
	[ -n "$new" ] && [ "$new" != "$old" ]
	ok $? "$n renewed: $old -> $new"
done
[ "$(new_accounts)" = "$accounts_before" ]
ok $? "no newAccount during the renewals ($(new_accounts))"
[ "$(tree_state "$sa")" = "$before_sa" ] && [ "$(tree_state "$wr")" = "$before_wr" ]
ok $? "lego's files are unchanged"

# Two accounts for one server: the operator picks one.
cp -a "$wr/accounts/"*/wr@example.test "$sa/accounts/"*/
run a migrate lego --path "$sa" --server "$PEBBLE_DIR" --standalone --dry-run
[ "$rc" -eq 2 ] && echo "$errout" | grep -q 'holds 2 accounts: pick one with --email'
ok $? "two accounts: exit 2, asks for --email ($errout)"
run a migrate lego --path "$sa" --server "$PEBBLE_DIR" --standalone \
	--email sa@example.test --dry-run
[ "$rc" -eq 0 ]; ok $? "--email picks the account ($errout)"
# A directory without certificates is named, not reported as 0 stored.
mkdir -p "$work/lego-empty/certificates"
cp -a "$sa/accounts" "$work/lego-empty/"
run a migrate lego --path "$work/lego-empty" --server "$PEBBLE_DIR" \
	--standalone --email sa@example.test
[ "$rc" -eq 2 ] && echo "$errout" | grep -q 'lego-empty: no lego certificate found'
ok $? "no certificate: exit 2, names the directory ($errout)"
run a migrate lego --path "$sa" --config-dir "$sa" --standalone
[ "$rc" -eq 2 ]; ok $? "certbot's --config-dir is refused for lego ($errout)"

done_testing
