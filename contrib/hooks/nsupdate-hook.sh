#!/bin/sh
# SPDX-License-Identifier: ISC
# nsupdate-hook.sh - an acmetui DNS-01 hook that adds and removes the TXT
# record with nsupdate(1) and a TSIG key file (as tsig-keygen writes it).
#
#   acmetui cert add ... --challenge dns-01 \
#       --dns-hook '/usr/share/acmetui/hooks/nsupdate-hook.sh'
#
# acmetui runs it (by /bin/sh -c, its words after the command) as
#   nsupdate-hook.sh add|del RECORD_NAME VALUE DOMAIN
# Settings come from the environment (export them for acmetui):
#   NSUPDATE_KEYFILE  the key file (required; keep it mode 0600)
#   NSUPDATE_SERVER   primary server, default: nsupdate finds the SOA MNAME
#   NSUPDATE_PORT     its port, default 53
#   NSUPDATE_TTL      TTL of the record, default 60
# "del" removes exactly this value, never the other values at the name
# (a wildcard and its apex are validated with two values at one name).
set -eu

action=${1:?usage: $0 add|del RECORD_NAME VALUE DOMAIN}
record=${2:?missing RECORD_NAME}
value=${3:?missing VALUE}
keyfile=${NSUPDATE_KEYFILE:?set NSUPDATE_KEYFILE to a TSIG key file}
ttl=${NSUPDATE_TTL:-60}

case $action in
add) line="update add $record. $ttl IN TXT \"$value\"" ;;
del) line="update delete $record. IN TXT \"$value\"" ;;
*) echo "nsupdate-hook: unknown action '$action'" >&2; exit 2 ;;
esac
# The value is base64url and the name a host name (acmetui checks both),
# so neither can break out of the quoted nsupdate line; check anyway.
case $value$record in
*[!A-Za-z0-9_.-]*) echo "nsupdate-hook: unexpected characters" >&2; exit 2 ;;
esac

{
	if [ -n "${NSUPDATE_SERVER:-}" ]; then
		echo "server $NSUPDATE_SERVER ${NSUPDATE_PORT:-53}"
	fi
	echo "$line"
	echo "send"
} | nsupdate -k "$keyfile"
