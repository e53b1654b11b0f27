#!/bin/bash
# SPDX-License-Identifier: ISC
# json_contract.sh - every --json document against the shipped schema
# (doc/acmetui.schema.json, validated by tests/json_validate.py with
# python3-jsonschema): each command and verb the program lists as having
# a document (`acmetui __complete json-verbs`) runs against a real
# inventory with an account and certificates issued by a private Pebble,
# and a representative error of each kind that can be provoked here.
# Also: the list matches the man page's JSON OUTPUT section, a verb
# without a document refuses --json, a certificate has the same member
# types in cert list and cert show, and every time is RFC 3339 UTC.
# Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
. "$here/pebble-env.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
srcdir=${top_srcdir:-$here/../..}
schema=$srcdir/doc/acmetui.schema.json
validate=$srcdir/tests/json_validate.py
python3 -c 'import jsonschema' 2>/dev/null ||
	{ echo "Bail out! python3-jsonschema is needed"; exit 1; }

srv_pid=
cleanup() {
	[ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null
	pebble_stop
}
trap cleanup EXIT
pebble_start || { echo "Bail out! Pebble did not start"; exit 1; }

work=$PEBBLE_TMP/work
mkdir -p "$work"
export ACMETUI_DB=$work/inv/acmetui.db
export ACMETUI_CA_FILE=$PEBBLE_CA_FILE
a() { "$ACMETUI" "$@"; }
covered=" "

# check DEF WANT_RC VERB... -- CMD...: runs CMD, expects exit WANT_RC
# ("any" for a verdict the environment decides) and a stdout valid as
# document DEF; VERB (e.g. "cert show") is marked as covered.
check() {
	local def=$1 want=$2 verb=$3 why
	shift 3
	run "$@"
	printf '%s\n' "$out" >"$work/doc.json"
	why=$(python3 "$validate" "$schema" "$def" "$work/doc.json" 2>&1)
	[ $? -eq 0 ] && { [ "$want" = any ] || [ "$rc" -eq "$want" ]; }
	ok $? "$verb --json: a valid $def document, exit $rc ($why $errout)"
	[ "$def" = error_document ] || covered="$covered$verb|"
}

# kind WANT_KIND WANT_RC CMD...: an error document of that kind and code.
kind() {
	local want=$1 code=$2
	shift 2
	check error_document "$code" "error" "$@"
	python3 - "$work/doc.json" "$want" "$code" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))["error"]
assert e["kind"] == sys.argv[2] and e["code"] == int(sys.argv[3]), e
PY
	ok $? "error kind $want, code $code ($out)"
}

# --- errors before there is an inventory ---
kind inventory 3 a cert list --json
[ ! -e "$ACMETUI_DB" ]; ok $? "nothing created"
kind usage 2 a cert list --no-such-option --json
echo "$errout" | grep -q "option '--no-such-option'"
ok $? "the unknown option is named on stderr too ($errout)"
kind usage 2 a --json cert list --db
kind usage 2 a cert frobnicate --json
check account_presets 0 "account presets" a account presets --json

# --- an account (add), a second one (import), a certificate ---
printf '%s\n' "$EAB_HMAC" >"$work/hmac"
chmod 600 "$work/hmac"
check account_register 0 "account add" a account add p --agree-tos --server "$PEBBLE_DIR" \
	--eab-kid "$EAB_KID" --eab-hmac-key-file "$work/hmac" --json
printf '%s\n' "EAB Key ID: $EAB_KID2" "EAB HMAC Key: $EAB_HMAC2" \
	"ACME Server URL: $PEBBLE_DIR" >"$work/package.txt"
check account_register 0 "account import" a account import "$work/package.txt" \
	--name q --agree-tos --json
kind network 1 a account add down --agree-tos --server https://127.0.0.1:1/dir \
	--eab-kid "$EAB_KID2" --eab-hmac-key-file "$work/hmac" --json
printf '%s\n' "$(printf 'A%.0s' $(seq 64))" >"$work/wrong"
chmod 600 "$work/wrong"
kind ca 1 a account add wrong --agree-tos --server "$PEBBLE_DIR" --eab-kid "$EAB_KID2" \
	--eab-hmac-key-file "$work/wrong" --json
kind not_found 2 a account show nosuch --json
check account_list 0 "account list" a account list --json
check account_show 0 "account show" a account show p --json

check cert_add 0 "cert add" a cert add web --account p -d web.example.test \
	-d www.web.example.test --standalone --http-port "$PEBBLE_HTTP_PORT" \
	--deploy-dir "$work/deploy" --json
kind conflict 2 a cert add web --account p -d web.example.test \
	--standalone --json
kind input 2 a cert add bad --account p -d 'a b' --standalone --json
check cert_issue 0 "cert issue" a cert issue web --json
check cert_issue 0 "cert renew" a cert renew web --json
echo "$out" | grep -q '"issued": false'
ok $? "cert renew: not due, issued false"
check cert_issue any "cert renew" a cert renew web --dry-run --json
check cert_show 0 "cert show" a cert show web --json
show=$(cat "$work/doc.json")
check cert_list 0 "cert list" a cert list --json
list=$(cat "$work/doc.json")
python3 - "$show" "$list" <<'PY'
import json, sys
show = json.loads(sys.argv[1])
item = json.loads(sys.argv[2])["certificates"][0]
common = set(show) & set(item)
assert {"domains", "domain_count", "not_after", "name"} <= common, common
bad = [k for k in common if show[k] is not None and item[k] is not None
       and type(show[k]) is not type(item[k])]
assert not bad, bad
assert [d["name"] for d in item["domains"]] == \
    [d["name"] for d in show["domains"]] == \
    ["web.example.test", "www.web.example.test"]
assert item["domain_count"] == show["domain_count"] == 2
PY
ok $? "cert list and cert show: the same member types, domains an array"
kind not_found 2 a cert show nosuch --json
check cert_deploy 0 "cert deploy" a cert deploy web --json

# --- a server that serves it, probed; the same PEM imported to watch ---
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
openssl s_server -accept "127.0.0.1:$port" -cert "$work/deploy/cert.pem" \
	-key "$work/deploy/privkey.pem" -cert_chain "$work/deploy/chain.pem" \
	-quiet </dev/null >/dev/null 2>&1 &
srv_pid=$!
wait_tcp "$port" || echo "# s_server did not start"
pebble_root_pem "$work/root.pem"
check cert_probe 0 "cert probe" a cert probe web "127.0.0.1:$port" \
	--ca-file "$work/root.pem" --json
check cert_import 0 "cert import" a cert import --name watched \
	"$work/deploy/fullchain.pem" --json

check domain_list 0 "domain list" a domain list --json
check domain_show 0 "domain show" a domain show web.example.test --json
check doctor any "doctor" a doctor web --timeout 2 --json
check renew_due 0 "--renew-due" a --renew-due --json
check schedule_status any "schedule status" a schedule status --json
echo "$out" | grep -q '"last_run": {'
ok $? "schedule status: the last run, with its time"

# --- migrate: an acme.sh home (its documented layout) from our own
# account and certificate; certbot and lego without a tree: errors ---
home=$work/acme.sh
ca=$home/ca/127.0.0.1
dom=$home/web.example.test_ecc
mkdir -p "$ca" "$dom"
a account export-key p --out "$ca/account.key" >/dev/null
url=$(a account show p --json | sed -n 's/.*"account_url": *"\([^"]*\)".*/\1/p')
printf "CA_EMAIL=''\nACCOUNT_URL='%s'\n" "$url" >"$ca/ca.conf"
cp "$work/deploy/cert.pem" "$dom/web.example.test.cer"
cp "$work/deploy/chain.pem" "$dom/ca.cer"
cp "$work/deploy/fullchain.pem" "$dom/fullchain.cer"
cp "$work/deploy/privkey.pem" "$dom/web.example.test.key"
printf "Le_Domain='web.example.test'\nLe_Alt='www.web.example.test'\nLe_Webroot='no'\nLe_API='%s'\nLe_Keylength='ec-256'\nLe_HTTPPort='%s'\n" \
	"$PEBBLE_DIR" "$PEBBLE_HTTP_PORT" >"$dom/web.example.test.conf"
ACMETUI_DB=$work/inv2/acmetui.db check migrate 0 "migrate acme.sh" \
	a migrate acme.sh --home "$home" --dry-run --json
echo "$out" | grep -q '"result": "would_store"'
ok $? "migrate --dry-run: result would_store"
ACMETUI_DB=$work/inv2/acmetui.db check migrate 0 "migrate acme.sh" \
	a migrate acme.sh --home "$home" --json
echo "$out" | grep -q '"result": "stored"'
ok $? "migrate: result stored"
kind input 2 a migrate certbot --config-dir "$work/none" --json
kind input 2 a migrate lego --path "$work/none" --standalone --json
covered="${covered}migrate certbot|migrate lego|"

# --- a reload command that fails ---
run a cert set web --reload-cmd false
ok $rc "cert set --reload-cmd false ($errout)"
kind hook 1 a cert deploy web --json

# --- verbs without a document refuse --json; the list is complete ---
kind usage 2 a account set p --notify-cmd "" --json
echo "$errout" | grep -q -- "--json does not apply to 'account set'"
ok $? "a verb without a document refuses --json, naming it ($errout)"
verbs=$(a __complete json-verbs)
[ -n "$verbs" ]; ok $? "the program lists its --json verbs"
missing=
while IFS= read -r v; do
	case $covered in *" $v|"* | *"|$v|"*) ;; *) missing="$missing [$v]" ;; esac
done <<EOF2
$verbs
EOF2
[ -z "$missing" ]; ok $? "every --json verb was run and validated (missing:$missing)"
man=$(sed -n '/^\.SH "\{0,1\}JSON OUTPUT/,/^\.SH /p' "$srcdir/man/acmetui.1")
missing=
while IFS= read -r v; do
	printf '%s\n' "$man" | grep -qF -- "$(printf '%s' "$v" | sed 's/-/\\-/g')" ||
		missing="$missing [$v]"
done <<EOF2
$verbs
EOF2
[ -z "$missing" ]; ok $? "the man page's JSON OUTPUT documents each (missing:$missing)"
# The kinds: err.h's table (RC_LIST), the schema and the man page.
kinds=$(grep -o 'X(RC_[A-Z_]*, "[a-z_]*"' "$srcdir/src/util/err.h" |
	sed 's/.*"\(.*\)"/\1/' | grep -vx ok | LC_ALL=C sort -u)
schema_kinds=$(python3 -c 'import json, sys
print("\n".join(sorted(json.load(open(sys.argv[1]))["$defs"]["error_kind"]["enum"])))' "$schema")
[ -n "$kinds" ] && [ "$kinds" = "$schema_kinds" ]
ok $? "the schema's error kinds are err.h's ($(echo $kinds))"
missing=
for k in $kinds; do
	printf '%s\n' "$man" | grep -qx "\.B $(printf '%s' "$k" | sed 's/-/\\-/g')" ||
		missing="$missing $k"
done
[ -z "$missing" ]; ok $? "the man page describes each kind (missing:$missing)"
done_testing
