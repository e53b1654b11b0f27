#!/bin/sh
# SPDX-License-Identifier: ISC
# challtestsrv-hook.sh - an acmetui DNS-01 hook for tests against Pebble:
# sets and clears TXT records through pebble-challtestsrv's management
# API (POST /set-txt {"host": "NAME.", "value": "..."}, /clear-txt
# {"host": "NAME."}).
#
# acmetui runs it (by /bin/sh -c, its words after the command) as
#   challtestsrv-hook.sh add|del RECORD_NAME VALUE DOMAIN
# with CHALLTESTSRV_MGMT (e.g. http://127.0.0.1:8055) and, for "del",
# CHALLTESTSRV_DNS (host:port of its DNS server) in the environment;
# tests/integration/pebble-env.sh exports both.
#
# pebble-challtestsrv (as packaged with pebble 2.4) appends on set-txt, so
# a wildcard and its apex get their two values at one name; but clear-txt
# removes every value at the name.  "del" therefore reads the values back
# over DNS (dig), clears the name and sets the others again.  That is
# racy against a concurrent "add" for the same name, which is fine for a
# test server and nothing else.  Use the solver's DNS check mode
# "resolver" with the resolver set to CHALLTESTSRV_DNS: challtestsrv has
# no SOA/NS records of its own to find authoritative servers with.
set -eu

action=${1:?usage: $0 add|del RECORD_NAME VALUE DOMAIN}
record=${2:?missing RECORD_NAME}
value=${3:?missing VALUE}
mgmt=${CHALLTESTSRV_MGMT:?set CHALLTESTSRV_MGMT}

case $value$record in
*[!A-Za-z0-9_.-]*) echo "challtestsrv-hook: unexpected characters" >&2; exit 2 ;;
esac

post() {
	curl -sSf --max-time 10 -o /dev/null -d "$2" "$mgmt/$1"
}

case $action in
add)
	post set-txt "{\"host\":\"$record.\",\"value\":\"$value\"}"
	;;
del)
	dnsaddr=${CHALLTESTSRV_DNS:?set CHALLTESTSRV_DNS for del}
	others=$(dig +short +time=2 +tries=2 -p "${dnsaddr##*:}" \
		@"${dnsaddr%:*}" TXT "$record." | tr -d '"' |
		grep -v -x -F -e "$value" || true)
	post clear-txt "{\"host\":\"$record.\"}"
	for v in $others; do
		case $v in
		*[!A-Za-z0-9_-]*) continue ;;
		esac
		post set-txt "{\"host\":\"$record.\",\"value\":\"$v\"}"
	done
	;;
*)
	echo "challtestsrv-hook: unknown action '$action'" >&2
	exit 2
	;;
esac
