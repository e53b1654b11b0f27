#!/bin/bash
# SPDX-License-Identifier: ISC
# migrate_acmesh.sh - `acmetui migrate acme.sh` over an acme.sh home
# written from acme.sh's documented layout (acme.sh is no Debian
# package): its account (ca/<CA>/account.key, ca.conf's ACCOUNT_URL) and
# certificate are real, made at a private Pebble by acmetui in a scratch
# inventory, so that the migrated copy can renew.  One domain validates
# standalone on Le_HTTPPort and was installed with --install-cert (paths
# and a base64-wrapped Le_ReloadCmd); one uses a DNS API (dns_cf) and is
# refused with what to do instead.  Le_RenewHook becomes the deploy hook.  The renewal reuses the account (no
# newAccount), writes the install paths and runs the reload command;
# acme.sh's files are never modified.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
. "$here/pebble-env.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
command -v sqlite3 >/dev/null || { echo "Bail out! sqlite3 is needed"; exit 1; }
. "$here/migrate-env.sh"
trap stop_all EXIT
# No authorization reuse: each renewal must validate through the
# carried-over method.
pebble_start PEBBLE_AUTHZREUSE=0 || { echo "Bail out! Pebble did not start"; exit 1; }

work=$PEBBLE_TMP/work
home=$work/acme.sh
inst=$work/installed
mkdir -p "$work" "$inst"
export ACMETUI_CA_FILE=$PEBBLE_CA_FILE
a() { "$ACMETUI" "$@"; }
b64wrap() {
	printf '__ACME_BASE64__START_%s__ACME_BASE64__END_' \
		"$(printf %s "$1" | base64 -w0)"
}

# --- the account and certificate, made at Pebble ---
export ACMETUI_DB=$work/scratch/acmetui.db
printf '%s\n' "$EAB_HMAC" >"$work/hmac"
chmod 600 "$work/hmac"
run a account add --agree-tos p --server "$PEBBLE_DIR" --eab-kid "$EAB_KID" \
	--eab-hmac-key-file "$work/hmac"
ok $rc "scratch account at Pebble ($errout)"
run a cert add sh --account p -d sh.example.test --standalone \
	--http-port "$PEBBLE_HTTP_PORT"
run a cert issue sh
ok $rc "scratch certificate issued ($errout)"
# acme.sh's CA directory for a URL with a port: the host alone.
ca=$home/ca/127.0.0.1
dom=$home/sh.example.test_ecc
mkdir -p "$ca" "$dom" "$home/cf.example.test"
a account export-key p --out "$ca/account.key"
url=$(a account show p --json | sed -n 's/.*"account_url": *"\([^"]*\)".*/\1/p')
printf "CA_EMAIL=''\nACCOUNT_URL='%s'\n" "$url" >"$ca/ca.conf"
a cert export sh --out "$work/exp" >/dev/null
cp "$work/exp/cert.pem" "$dom/sh.example.test.cer"
cp "$work/exp/chain.pem" "$dom/ca.cer"
cp "$work/exp/fullchain.pem" "$dom/fullchain.cer"
cp "$work/exp/privkey.pem" "$dom/sh.example.test.key"
cat >"$dom/sh.example.test.conf" <<CONF
Le_Domain='sh.example.test'
Le_Alt='no'
Le_Webroot='no'
Le_PreHook=''
Le_PostHook=''
Le_API='$PEBBLE_DIR'
Le_Keylength='ec-256'
Le_HTTPPort='$PEBBLE_HTTP_PORT'
Le_RealCertPath='$inst/cert.pem'
Le_RealKeyPath='$inst/key.pem'
Le_RealFullChainPath='$inst/fullchain.pem'
Le_ReloadCmd='$(b64wrap "touch $work/reloaded")'
Le_RenewHook='$(b64wrap "echo \"\$RENEWED_LINEAGE|\$RENEWED_DOMAINS\" >$work/renewhook.out")'
Le_NextRenewTimeStr='2027-01-01T00:00:00Z'
CONF
cp "$dom/"sh.example.test.{cer,key} "$home/cf.example.test/"
mv "$home/cf.example.test/sh.example.test.cer" "$home/cf.example.test/cf.example.test.cer"
mv "$home/cf.example.test/sh.example.test.key" "$home/cf.example.test/cf.example.test.key"
cp "$dom/ca.cer" "$home/cf.example.test/"
printf "Le_Domain='cf.example.test'\nLe_Webroot='dns_cf'\nLe_API='%s'\n" \
	"$PEBBLE_DIR" >"$home/cf.example.test/cf.example.test.conf"
before=$(tree_state "$home")
accounts_before=$(new_accounts)
[ "$accounts_before" -ge 1 ]; ok $? "Pebble logged the account's newAccount ($accounts_before)"

# --- migrate into a fresh inventory ---
export ACMETUI_DB=$work/inv/acmetui.db
run a migrate acme.sh --home "$home" --dry-run
[ "$rc" -eq 1 ] && [ ! -e "$ACMETUI_DB" ]
ok $? "dry run: exit 1 for the refused domain, no inventory (rc=$rc)"
echo "$out" | grep -q "^cf.example.test .*refused: DNS API dns_cf is not carried over"
ok $? "the DNS API domain is refused with what to do ($out)"
run a migrate acme.sh --home "$home"
echo "$out" | grep -q '1 stored, 0 unchanged, 1 refused'
ok $? "one domain stored, one refused ($out $errout)"
row=$(q "SELECT c.key_type, c.deploy_cert_path, c.deploy_key_path,
	 c.deploy_fullchain_path, c.reload_cmd, d.http_port, a.account_url
	 FROM certificates c JOIN accounts a ON a.id = c.account_id
	 JOIN cert_domains cd ON cd.cert_id = c.id
	 JOIN domains d ON d.id = cd.domain_id WHERE c.name = 'sh.example.test'")
want="ec256|$inst/cert.pem|$inst/key.pem|$inst/fullchain.pem|touch $work/reloaded|$PEBBLE_HTTP_PORT|$url"
[ "$row" = "$want" ]
ok $? "install paths, decoded reload command, port and account URL carried ($row)"
[ "$(q "SELECT count(*) FROM certificates WHERE name = 'cf.example.test'")" = 0 ]
ok $? "nothing of the refused domain is stored"
run a migrate acme.sh --home "$home"
echo "$out" | grep -q '0 stored, 1 unchanged'
ok $? "the second run stores nothing ($out)"

# --- renewal ---
[ ! -e "$inst/cert.pem" ] && [ ! -e "$work/reloaded" ]
ok $? "nothing installed yet"
a cert set sh.example.test --renew-at now >/dev/null
run a --renew-due
ok $rc "--renew-due renews through standalone on Le_HTTPPort ($errout)"
new=$(q "SELECT serial FROM certificates WHERE name = 'sh.example.test'" | sed 's/^0*//')
inst_serial=$(serial_of "$inst/cert.pem" 2>/dev/null)
old=$(serial_of "$dom/sh.example.test.cer")
[ -n "$new" ] && [ "$new" != "$old" ] && [ "$inst_serial" = "$new" ]
ok $? "renewed ($old -> $new) and installed at Le_RealCertPath ($inst_serial)"
[ -e "$work/reloaded" ]; ok $? "the reload command ran"
[ "$(cat "$work/renewhook.out" 2>/dev/null)" = "$inst|sh.example.test" ]
ok $? "Le_RenewHook ran as the deploy hook with certbot's variables ($(cat "$work/renewhook.out" 2>/dev/null))"
[ "$(new_accounts)" = "$accounts_before" ]
ok $? "no newAccount during the renewal ($(new_accounts))"
[ "$(tree_state "$home")" = "$before" ]; ok $? "acme.sh's files are unchanged"

done_testing
