#!/bin/bash
# SPDX-License-Identifier: ISC
# cli_presets.sh - presets that match the world, checked before any
# network: Buypass (retired 2025) takes no new account, SSL.com needs EAB
# whatever its directory says, and neither leaves anything in the
# inventory.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export ACMETUI_DB=$tmp/inv/acmetui.db

run "$ACMETUI" account presets
echo "$out" | grep -q "sslcom-dv-rsa" && echo "$out" | grep -q "sslcom-dv-ecc" &&
	echo "$out" | grep "^buypass " | grep -q retired
ok $? "presets list SSL.com and mark Buypass retired ($out)"

run "$ACMETUI" account add --agree-tos bp --ca buypass --email ops@example.com
[ "$rc" -eq 2 ] && echo "$errout" | grep -q "Buypass ended its ACME service"
ok $? "a new Buypass account is refused, exit 2 ($errout)"
run "$ACMETUI" account add --agree-tos bp --server https://api.buypass.com/acme/directory
[ "$rc" -eq 2 ] && echo "$errout" | grep -q "Buypass ended its ACME service"
ok $? "also when named by its URL ($errout)"

run "$ACMETUI" account add --agree-tos ss --ca sslcom-dv-ecc
[ "$rc" -eq 2 ] && echo "$errout" | grep -q "acme.ssl.com/sslcom-dv-ecc requires External Account Binding"
ok $? "SSL.com without EAB is refused before asking the CA ($errout)"

run "$ACMETUI" account add up --server https://ops:s3cret@acme.example.test/dir
[ "$rc" -eq 2 ] && echo "$errout" | grep -q "without user name or password" &&
	! echo "$errout" | grep -q s3cret
ok $? "a URL with a password is refused without echoing it ($errout)"
run "$ACMETUI" account add up --server HTTP://acme.example.test/dir
[ "$rc" -eq 2 ] && echo "$errout" | grep -q "must be an https URL"
ok $? "http is refused ($errout)"

run "$ACMETUI" account list --json
[ "$rc" -eq 0 ] && [ "$(echo "$out" | tr -d ' \n')" = '{"schema_version":1,"accounts":[]}' ]
ok $? "the inventory holds no account ($out)"
done_testing
