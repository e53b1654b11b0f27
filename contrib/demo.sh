#!/bin/bash
# SPDX-License-Identifier: ISC
# demo.sh - try acmetui without a real CA.
#
# Starts a private Pebble ACME server that requires External Account
# Binding (like Sectigo's), with pebble-challtestsrv as its DNS, on loopback
# ports; imports a sample credentials e-mail into a demo inventory; then
# either opens a shell where `acmetui` talks to that Pebble (interactive
# terminal: type `exit` to stop Pebble), or, without a terminal, issues a
# certificate end to end and exits.
#
# Usage: contrib/demo.sh [PATH-TO-ACMETUI]      (make demo does this)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
acmetui=${1:-$top/acmetui}
[ -x "$acmetui" ] || { echo "demo: build acmetui first (make)" >&2; exit 2; }
. "$top/tests/integration/pebble-env.sh"
trap pebble_stop EXIT
pebble_start || exit 1

demo=$PEBBLE_TMP/demo
mkdir -p "$demo/bin"
ln -s "$acmetui" "$demo/bin/acmetui"
export PATH="$demo/bin:$PATH"
export ACMETUI_DB=$demo/inventory/acmetui.db
export ACMETUI_CA_FILE=$PEBBLE_CA_FILE

cat >"$demo/credentials.txt" <<MAIL
Subject: Your ACME account is ready

Dear Customer,

your ACME credentials are below. Keep the HMAC key secret.

  ACME Account ID:  demo-7f3c2a91
  EAB Key ID:       $EAB_KID
  EAB HMAC Key:     $EAB_HMAC
  ACME Server URL:  $PEBBLE_DIR

Kind regards,
The (local, pretend) CA
MAIL

echo "== Importing the sample credentials e-mail ($demo/credentials.txt)"
acmetui account import --agree-tos "$demo/credentials.txt" --name demo-ca || exit 1
port=$PEBBLE_HTTP_PORT
next="acmetui cert add shop --account demo-ca -d shop.example.test -d www.shop.example.test --standalone --http-addr 127.0.0.1 --http-port $port
acmetui -v cert issue shop
acmetui cert list
acmetui cert show shop
acmetui cert export shop --out $demo/shop
acmetui cert set shop --renew-at now && acmetui --renew-due
acmetui cert revoke shop --reason superseded"

if [ -t 0 ] && [ -t 1 ]; then
	cat <<MSG

A local Pebble CA is running at $PEBBLE_DIR (EAB required; every name
resolves to 127.0.0.1, and Pebble checks HTTP-01 on port $port).
The demo inventory is $ACMETUI_DB.

Try these, one after the other:

$next

Type 'exit' to stop Pebble and leave the demo.
MSG
	PS1='(acmetui demo) \w\$ ' bash --norc -i
else
	echo "== No terminal: running the walk-through"
	while IFS= read -r cmd; do
		echo "\$ $cmd"
		eval "$cmd" || exit 1
	done <<<"$next"
fi
