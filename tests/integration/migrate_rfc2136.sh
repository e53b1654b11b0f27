#!/bin/bash
# SPDX-License-Identifier: ISC
# migrate_rfc2136.sh - `acmetui migrate certbot` of a lineage whose
# renewal conf says `authenticator = dns-rfc2136`, against a real BIND
# that takes TSIG-signed updates and that Pebble resolves through.  The
# real certbot issues the lineage (manual DNS-01 hooks running nsupdate:
# Debian 12's certbot-dns-rfc2136 plugin is not needed for that); its
# renewal conf is then written as the plugin writes it, naming a
# credentials INI in certbot-dns-rfc2136's documented format.  The
# migration stores the server, key name, algorithm and secret per name
# (the secret never shown), propagation seconds as the DNS wait; a forced
# `--renew-due` renews through BIND.  A world-readable credentials file
# is a note in the plan; a bad one (HMAC-MD5 by default, bad base64)
# refuses the lineage and stores nothing of it.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
. "$here/pebble-env.sh"
. "$here/bind-env.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
for tool in certbot sqlite3 nsupdate; do
	command -v $tool >/dev/null ||
		{ echo "Bail out! $tool is needed"; exit 1; }
done
. "$here/migrate-env.sh"
trap 'stop_all; bind_stop' EXIT
bind_start || { echo "Bail out! BIND did not start"; exit 1; }
PEBBLE_DNS_SERVER=$BIND_SERVER pebble_start PEBBLE_AUTHZREUSE=0 \
	PEBBLE_WFE_NONCEREJECT=0 ||
	{ echo "Bail out! Pebble (BIND DNS) did not start"; exit 1; }

work=$PEBBLE_TMP/work
le=$work/le
mkdir -p "$le"
export ACMETUI_DB=$work/inv/acmetui.db
export ACMETUI_CA_FILE=$PEBBLE_CA_FILE
a() { "$ACMETUI" "$@"; }
cb() {
	REQUESTS_CA_BUNDLE=$PEBBLE_CA_FILE certbot --non-interactive \
		--config-dir "$le/etc" --work-dir "$le/work" \
		--logs-dir "$le/logs" --server "$PEBBLE_DIR" "$@"
}

# --- certbot issues the lineage through BIND ---
run cb register --agree-tos --register-unsafely-without-email \
	--eab-kid "$EAB_KID" --eab-hmac-key="$EAB_HMAC"
ok $rc "certbot registers with EAB ($errout)"
cat >"$work/nsauth.sh" <<HOOK
#!/bin/sh
printf 'server $BIND_ADDR $BIND_PORT\nupdate add _acme-challenge.%s 60 TXT "%s"\nsend\n' \
	"\$CERTBOT_DOMAIN" "\$CERTBOT_VALIDATION" | nsupdate -k "$TSIG_KEYFILE"
HOOK
cat >"$work/nsclean.sh" <<HOOK
#!/bin/sh
printf 'server $BIND_ADDR $BIND_PORT\nupdate delete _acme-challenge.%s TXT\nsend\n' \
	"\$CERTBOT_DOMAIN" | nsupdate -k "$TSIG_KEYFILE"
HOOK
chmod 755 "$work/nsauth.sh" "$work/nsclean.sh"
run cb certonly --manual --preferred-challenges dns \
	--manual-auth-hook "$work/nsauth.sh" \
	--manual-cleanup-hook "$work/nsclean.sh" -d rfc.example.test \
	--cert-name rfc
ok $rc "certbot: DNS-01 lineage through BIND ($errout)"
conf=$le/etc/renewal/rfc.conf
cred=$work/rfc2136.ini
cat >"$cred" <<INI
# certbot-dns-rfc2136 credentials
dns_rfc2136_server = $BIND_ADDR
dns_rfc2136_port = $BIND_PORT
dns_rfc2136_name = $TSIG2_NAME
dns_rfc2136_secret = $TSIG2_SECRET
dns_rfc2136_algorithm = HMAC-SHA512
INI
chmod 600 "$cred"
# The renewal conf as certbot-dns-rfc2136 writes it.
sed -i -e '/^manual_/d' -e '/^pref_challs/d' \
	-e 's/^authenticator = manual$/authenticator = dns-rfc2136/' \
	-e "s|^\[renewalparams\]\$|[renewalparams]\ndns_rfc2136_credentials = $cred\ndns_rfc2136_propagation_seconds = 3|" \
	"$conf"
grep -q '^authenticator = dns-rfc2136$' "$conf" &&
	grep -q "^dns_rfc2136_credentials = $cred\$" "$conf"
ok $? "renewal conf names dns-rfc2136 and the credentials file"
run bind_dig TXT _acme-challenge.rfc.example.test
[ -z "$out" ]; ok $? "certbot's record is gone ($out)"
serial=$(serial_of "$le/etc/live/rfc/cert.pem")

# --- a world-readable copy: a note, not a refusal ---
chmod 644 "$cred"
run a migrate certbot --config-dir "$le/etc" --dry-run
ok $rc "dry run ($errout)"
echo "$out" | grep -q "^rfc (renewal/rfc.conf): "
ok $? "the lineage is in the plan ($out)"
echo "$out" | grep -q "rfc.example.test  dns-01 rfc2136 $BIND_ADDR:$BIND_PORT"
ok $? "the plan shows rfc2136 with the server"
echo "$out" | grep -q "note: the credentials file $cred can be read by other users"
ok $? "a world-readable credentials file is a note"
echo "$out" | grep -qF -e "$TSIG2_SECRET"
[ $? -ne 0 ]; ok $? "the TSIG secret is not in the plan"
chmod 600 "$cred"

# --- a bad credentials file refuses the lineage, storing nothing ---
cp "$cred" "$work/good.ini"
sed -i '/^dns_rfc2136_algorithm/d' "$cred"
run a migrate certbot --config-dir "$le/etc"
echo "$out" | grep -q "^rfc .*refused: dns-rfc2136 credentials $cred: dns_rfc2136_algorithm 'HMAC-MD5'"
ok $? "certbot's default HMAC-MD5 refuses the lineage ($out)"
[ -f "$ACMETUI_DB" ] && [ "$(q "SELECT count(*) FROM certificates WHERE name = 'rfc'")" = 0 ]
ok $? "nothing of it is stored"
cp "$work/good.ini" "$cred"
sed -i 's/^dns_rfc2136_secret = .*/dns_rfc2136_secret = not*base64/' "$cred"
run a migrate certbot --config-dir "$le/etc"
echo "$out" | grep -q "^rfc .*refused: .*not base64"
ok $? "a secret that is not base64 refuses the lineage ($out)"
cp "$work/good.ini" "$cred"

# --- the migration ---
run a migrate certbot --config-dir "$le/etc"
ok $rc "migrate ($errout)"
[ "$(q "SELECT serial FROM certificates WHERE name = 'rfc'" | sed 's/^0*//')" = "$serial" ]
ok $? "the certificate is kept (same serial)"
run a domain show rfc.example.test --json
echo "$out" | grep -q '"validation": "dns-01 rfc2136 '"$BIND_ADDR:$BIND_PORT"'' &&
	echo "$out" | grep -q '"tsig_name": "'"$TSIG2_NAME"'"' &&
	echo "$out" | grep -q '"tsig_secret": "\*\*\*\*\*\*\*\*"'
ok $? "domain show: rfc2136 server, key name, the secret masked ($out)"
echo "$out" | grep -qF -e "$TSIG2_SECRET"
[ $? -ne 0 ]; ok $? "domain show never prints the secret"
row=$(q "SELECT d.method || '|' || d.tsig_alg || '|' || d.dns_wait ||
	 '|' || (d.tsig_secret = '$TSIG2_SECRET') FROM domains d
	 WHERE d.name = 'rfc.example.test'")
[ "$row" = "dns-01|hmac-sha512|3|1" ]
ok $? "stored: dns-01, hmac-sha512, wait 3 s, the secret ($row)"

# --- renewal through BIND ---
a cert set rfc --renew-at now >/dev/null
run env ACMETUI_DNS_RESOLVER=$BIND_SERVER "$ACMETUI" --renew-due
ok $rc "--renew-due renews rfc through BIND ($errout)"
new=$(q "SELECT serial FROM certificates WHERE name = 'rfc'" | sed 's/^0*//')
[ -n "$new" ] && [ "$new" != "$serial" ]
ok $? "a new certificate ($serial -> $new)"
run bind_dig TXT _acme-challenge.rfc.example.test
[ -z "$out" ]; ok $? "the record is gone from BIND afterwards ($out)"
done_testing
