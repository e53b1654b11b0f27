#!/bin/bash
# SPDX-License-Identifier: ISC
# migrate_certbot.sh - `acmetui migrate certbot` over lineages the real
# Debian certbot created against a private Pebble: a webroot lineage (EC
# key, a deploy hook), a standalone one (RSA 2048, pre and post hooks),
# a manual DNS-01 one (its auth and cleanup hooks become one DNS hook), a
# manual HTTP-01 one (not carried over: refused, named, nothing stored)
# and a script in renewal-hooks/deploy/ for all of them.  --dry-run writes
# nothing; the migration keeps the certificates (same serials, no
# reissue) and the account (same URL, key from private_key.json); a
# second run changes nothing; certbot's tree is never modified; a forced
# `--renew-due` then renews through the carried-over webroot and
# standalone settings with the same account (Pebble sees no second
# newAccount), installs into --live-dir and runs the carried-over deploy
# hooks with certbot's RENEWED_LINEAGE and RENEWED_DOMAINS, and the
# pre and post hooks around the batch.  A hostile copy of the tree (a link out of it, a key that
# does not match, a huge file, bad PEM) is refused lineage by lineage
# and nothing of it is stored.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
. "$here/pebble-env.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
for tool in certbot sqlite3 busybox; do
	command -v $tool >/dev/null ||
		{ echo "Bail out! $tool is needed"; exit 1; }
done
. "$here/migrate-env.sh"
trap stop_all EXIT
# No authorization reuse: each renewal must validate through the
# carried-over method.  No nonce rejection: Debian's certbot 2.1 dies on
# a badNonce retry (AttributeError: can't set attribute), and acmetui's
# own retries are tested elsewhere.
pebble_start PEBBLE_AUTHZREUSE=0 PEBBLE_WFE_NONCEREJECT=0 || { echo "Bail out! Pebble did not start"; exit 1; }

work=$PEBBLE_TMP/work
le=$work/le
webroot=$work/webroot
mkdir -p "$webroot" "$le"
export ACMETUI_DB=$work/inv/acmetui.db
export ACMETUI_CA_FILE=$PEBBLE_CA_FILE
a() { "$ACMETUI" "$@"; }
cb() {
	REQUESTS_CA_BUNDLE=$PEBBLE_CA_FILE certbot --non-interactive \
		--config-dir "$le/etc" --work-dir "$le/work" \
		--logs-dir "$le/logs" --server "$PEBBLE_DIR" "$@"
}

# --- certbot creates three lineages ---
run cb register --agree-tos --register-unsafely-without-email \
	--eab-kid "$EAB_KID" --eab-hmac-key="$EAB_HMAC"
ok $rc "certbot registers with EAB ($errout)"
httpd_start
hook='echo "$RENEWED_LINEAGE|$RENEWED_DOMAINS" >>'"$work/hook.out"
run cb certonly --webroot -w "$webroot" -d web.example.test \
	--cert-name web --key-type ecdsa --deploy-hook "$hook"
ok $rc "certbot: webroot lineage, EC key, deploy hook ($errout)"
cat >"$work/auth.sh" <<HOOK
#!/bin/sh
mkdir -p "$webroot/.well-known/acme-challenge"
printf %s "\$CERTBOT_VALIDATION" >"$webroot/.well-known/acme-challenge/\$CERTBOT_TOKEN"
HOOK
chmod 755 "$work/auth.sh"
run cb certonly --manual --preferred-challenges http \
	--manual-auth-hook "$work/auth.sh" -d man.example.test \
	--cert-name man
ok $rc "certbot: manual lineage with an auth hook ($errout)"
cat >"$work/dnsauth.sh" <<HOOK
#!/bin/sh
echo "auth \$CERTBOT_DOMAIN" >>"$work/dnshooks.out"
curl -sf -X POST -d "{\"host\":\"_acme-challenge.\$CERTBOT_DOMAIN.\",\"value\":\"\$CERTBOT_VALIDATION\"}" "$CHALLTESTSRV_MGMT/set-txt"
HOOK
cat >"$work/dnsclean.sh" <<HOOK
#!/bin/sh
echo "cleanup \$CERTBOT_DOMAIN" >>"$work/dnshooks.out"
curl -sf -X POST -d "{\"host\":\"_acme-challenge.\$CERTBOT_DOMAIN.\"}" "$CHALLTESTSRV_MGMT/clear-txt"
HOOK
chmod 755 "$work/dnsauth.sh" "$work/dnsclean.sh"
run cb certonly --manual --preferred-challenges dns \
	--manual-auth-hook "$work/dnsauth.sh" \
	--manual-cleanup-hook "$work/dnsclean.sh" -d dns.example.test \
	--cert-name dns
ok $rc "certbot: manual DNS-01 lineage with auth and cleanup hooks ($errout)"
httpd_stop
run cb certonly --standalone --http-01-port "$PEBBLE_HTTP_PORT" \
	-d sa.example.test --cert-name sa --key-type rsa --rsa-key-size 2048 \
	--pre-hook "echo pre >>$work/prepost.out" \
	--post-hook "echo post >>$work/prepost.out"
ok $rc "certbot: standalone lineage, RSA 2048 ($errout)"
[ -f "$le/etc/renewal/web.conf" ] && [ -f "$le/etc/renewal/sa.conf" ] &&
	[ -f "$le/etc/renewal/man.conf" ]
ok $? "certbot wrote three renewal confs"
mkdir -p "$le/etc/renewal-hooks/deploy"
printf '#!/bin/sh\necho "dir $RENEWED_LINEAGE" >>%s\n' "$work/dirhook.out" \
	>"$le/etc/renewal-hooks/deploy/10-mark"
chmod 755 "$le/etc/renewal-hooks/deploy/10-mark"
grep -q "^$le/etc/live/web|web.example.test\$" "$work/hook.out"
ok $? "certbot ran its deploy hook with its variables ($(cat "$work/hook.out"))"
rm -f "$work/hook.out" "$work/prepost.out" "$work/dnshooks.out"
before=$(tree_state "$le/etc")
accounts_before=$(new_accounts)
[ "$accounts_before" -ge 1 ]; ok $? "Pebble logged certbot's newAccount ($accounts_before)"

# --- dry run: the plan, nothing written ---
run a migrate certbot --config-dir "$le/etc" --dry-run
[ "$rc" -eq 1 ]; ok $? "dry run exits 1: a lineage cannot be carried (rc=$rc, $errout)"
echo "$out" | grep -q '^web (renewal/web.conf): would be stored'
ok $? "dry run plans web ($out)"
echo "$out" | grep -q '^man (renewal/man.conf): refused: manual HTTP-01 hooks are not carried'
ok $? "dry run refuses man (manual HTTP-01) and says what to do"
echo "$out" | grep -qF "  deploy hook: '$le/etc/renewal-hooks/deploy/10-mark'; $hook"
ok $? "dry run shows the deploy hook: the directory's script, then renew_hook"
run a migrate certbot --config-dir "$le/etc" --dry-run --json
printf '%s\n' "$out" >"$work/plan.json"
why=$(python3 "$here/../json_validate.py" "$here/../../doc/acmetui.schema.json" \
	migrate "$work/plan.json") &&
	echo "$out" | grep -q '"result": "would_store"' &&
	echo "$out" | grep -q '"result": "refused"'
ok $? "dry run --json: a valid migrate document, would_store and refused ($why)"
[ ! -e "$ACMETUI_DB" ]; ok $? "dry run creates no inventory"

# --- the migration ---
run a migrate certbot --config-dir "$le/etc" --live-dir "$work/live"
[ "$rc" -eq 1 ]; ok $? "migration exits 1 for the refused lineage (rc=$rc, $errout)"
echo "$out" | grep -q '3 stored, 0 unchanged, 1 refused'
ok $? "three lineages stored, one refused ($out)"
row=$(q "SELECT d.method || '|' || d.dns_hook FROM certificates c
	 JOIN cert_domains cd ON cd.cert_id = c.id
	 JOIN domains d ON d.id = cd.domain_id WHERE c.name = 'dns'")
want="dns-01|if [ \"\$ACMETUI_ACTION\" = add ]; then $work/dnsauth.sh; else $work/dnsclean.sh; fi; :"
[ "$row" = "$want" ]; ok $? "dns: one DNS hook from certbot's auth and cleanup hooks ($row)"
[ "$(q "SELECT count(*) FROM certificates WHERE name = 'web'")" = 1 ]
ok $? "web is in the inventory"
[ "$(q "SELECT count(*) FROM certificates WHERE name = 'man'")" = 0 ]
ok $? "nothing of the refused lineage man is stored"
for n in web sa; do
	want=$(serial_of "$le/etc/live/$n/cert.pem")
	got=$(q "SELECT serial FROM certificates WHERE name = '$n'" | sed 's/^0*//')
	[ -n "$want" ] && [ "$got" = "$want" ]
	ok $? "$n keeps certbot's certificate, serial $got (no reissue)"
done
row=$(q "SELECT c.key_type, c.stage, c.renew_at IS NOT NULL,
	 d.webroot, a.account_url, a.status FROM certificates c
	 JOIN accounts a ON a.id = c.account_id
	 JOIN cert_domains cd ON cd.cert_id = c.id
	 JOIN domains d ON d.id = cd.domain_id WHERE c.name = 'web'")
url=$(sed -n 's/.*"uri": *"\([^"]*\)".*/\1/p' "$le"/etc/accounts/*/dir/*/regr.json)
[ "$row" = "ec256|monitoring|1|$webroot|$url|valid" ]
ok $? "web: ec256, monitoring, scheduled, webroot, certbot's account URL ($row)"
row=$(q "SELECT c.key_type, d.webroot IS NULL, d.http_port FROM certificates c
	 JOIN cert_domains cd ON cd.cert_id = c.id
	 JOIN domains d ON d.id = cd.domain_id WHERE c.name = 'sa'")
[ "$row" = "rsa2048|1|$PEBBLE_HTTP_PORT" ]
ok $? "sa: rsa2048, standalone on certbot's http01_port ($row)"
row=$(q "SELECT pre_hook || '|' || post_hook FROM certificates WHERE name = 'sa'")
[ "$row" = "echo pre >>$work/prepost.out|echo post >>$work/prepost.out" ]
ok $? "sa: certbot's pre and post hooks ($row)"
chain=$(q "SELECT chain_pem FROM certificates WHERE name = 'web'" |
	openssl x509 -noout -fingerprint 2>/dev/null)
[ -n "$chain" ] && [ "$chain" = "$(openssl x509 -in "$le/etc/live/web/chain.pem" -noout -fingerprint)" ]
ok $? "web keeps certbot's chain ($chain)"
row=$(q "SELECT deploy_dir || '|' || deploy_hook FROM certificates WHERE name = 'web'")
[ "$row" = "$work/live/web|'$le/etc/renewal-hooks/deploy/10-mark'; $hook" ]
ok $? "web: deploy target under --live-dir and the deploy hooks ($row)"
key_ok=$(q "SELECT key_pem FROM certificates WHERE name = 'web'" |
	openssl pkey -pubout 2>/dev/null | sha256sum)
[ "$key_ok" = "$(openssl pkey -in "$le/etc/live/web/privkey.pem" -pubout | sha256sum)" ]
ok $? "web keeps certbot's private key"
[ "$(tree_state "$le/etc")" = "$before" ]
ok $? "certbot's tree is unchanged"

# --- twice: nothing changes ---
counts() { q "SELECT (SELECT count(*) FROM certificates) || ' ' ||
	(SELECT count(*) FROM accounts) || ' ' || (SELECT count(*) FROM events)"; }
c1=$(counts)
run a migrate certbot --config-dir "$le/etc" --live-dir "$work/live"
echo "$out" | grep -q '0 stored, 3 unchanged, 1 refused, 0 conflicting; 0 new'
ok $? "the second run stores nothing ($out)"
[ "$(counts)" = "$c1" ]; ok $? "rows unchanged by the second run ($c1)"

# --- renewal through the carried-over methods, same account ---
httpd_start
a cert set web --renew-at now >/dev/null
run a --renew-due
ok $rc "--renew-due renews web through its webroot ($errout)"
httpd_stop
a cert set sa --renew-at now >/dev/null
run a --renew-due
ok $rc "--renew-due renews sa through standalone on its port ($errout)"
[ "$(tr '\n' ' ' <"$work/prepost.out" 2>/dev/null)" = "pre post " ]
ok $? "sa's pre and post hooks ran around the batch ($(cat "$work/prepost.out" 2>/dev/null))"
a cert set dns --renew-at now >/dev/null
run env ACMETUI_DNS_RESOLVER="$CHALLTESTSRV_DNS" "$ACMETUI" --renew-due
ok $rc "--renew-due renews dns through certbot's manual hooks ($errout)"
[ "$(tr '\n' ' ' <"$work/dnshooks.out" 2>/dev/null)" = "auth dns.example.test cleanup dns.example.test " ]
ok $? "the auth hook ran, then the cleanup hook ($(cat "$work/dnshooks.out" 2>/dev/null))"
for n in web sa dns; do
	old=$(serial_of "$le/etc/live/$n/cert.pem")
	new=$(q "SELECT serial FROM certificates WHERE name = '$n'
		 AND stage = 'monitoring' AND renew_at > strftime('%s','now')" |
		sed 's/^0*//')
	[ -n "$new" ] && [ "$new" != "$old" ]
	ok $? "$n renewed: serial $old -> $new"
done
[ "$(new_accounts)" = "$accounts_before" ]
ok $? "no newAccount at Pebble during the renewals ($(new_accounts))"
[ "$(cat "$work/hook.out" 2>/dev/null)" = "$work/live/web|web.example.test" ]
ok $? "web's deploy hook ran with certbot's variables ($(cat "$work/hook.out" 2>/dev/null))"
[ "$(sort "$work/dirhook.out" 2>/dev/null | tr '\n' ' ')" = "dir $work/live/dns dir $work/live/sa dir $work/live/web " ]
ok $? "the renewal-hooks/deploy script ran for all three ($(cat "$work/dirhook.out" 2>/dev/null))"
new=$(serial_of "$work/live/web/cert.pem" 2>/dev/null)
[ -n "$new" ] && [ "$new" = "$(q "SELECT serial FROM certificates WHERE name = 'web'" | sed 's/^0*//')" ]
ok $? "the renewed certificate is installed in --live-dir ($new)"
[ "$(tree_state "$le/etc")" = "$before" ]
ok $? "certbot's tree is still unchanged"

# --- a hostile tree ---
bad=$work/bad
cp -a "$le/etc" "$bad"
export ACMETUI_DB=$work/bad-inv/acmetui.db
for n in web sa; do
	[ -L "$bad/live/$n/cert.pem" ]; ok $? "hostile copy: $n has its live link"
done
run a migrate certbot --config-dir "$bad" --dry-run
echo "$out" | grep -q '^web .*would be stored' &&
	echo "$out" | grep -q '^sa .*would be stored'
ok $? "the copy migrates before it is damaged ($out)"
ln -sf /etc/hostname "$bad/live/web/cert.pem"
printf 'version = 2.1.0\n\033[2J = 1\n' >>"$bad/renewal/dns.conf"
cp "$bad/archive/web/privkey1.pem" "$bad/archive/sa/privkey1.pem"
run a migrate certbot --config-dir "$bad"
[ "$rc" -eq 1 ]; ok $? "hostile tree: exit 1 (rc=$rc)"
echo "$out" | grep -q '^web .*refused: .*symbolic link leads out'
ok $? "a link out of the tree is refused ($out)"
echo "$out" | grep -q '^sa .*refused: the private key does not belong'
ok $? "a key that does not match is refused"
echo "$out" | grep -q '^dns .*refused: renewal/dns.conf: line .* is not'
ok $? "a renewal conf with a control character is refused"
[ "$(q "SELECT count(*) FROM certificates")" = 0 ]
ok $? "nothing of the refused lineages is stored"
cp -a "$le/etc" "$work/bad2"
head -c 2000000 /dev/zero >"$work/bad2/archive/web/cert1.pem"
printf -- '-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n' \
	>"$work/bad2/archive/sa/cert1.pem"
run a migrate certbot --config-dir "$work/bad2" --dry-run
echo "$out" | grep -q '^web .*refused: .*larger than'
ok $? "a huge file is refused ($out)"
echo "$out" | grep -q '^sa .*refused: certificate:'
ok $? "bad PEM is refused"
run a migrate certbot --config-dir "$work/none" --dry-run
[ "$rc" -eq 2 ]; ok $? "a missing directory: exit 2 ($errout)"
run a migrate certbot --config-dir "$le/etc" --dry-run --standalone
[ "$rc" -eq 2 ]; ok $? "an option that does not apply is refused ($errout)"

done_testing
