# SPDX-License-Identifier: ISC
# pebble-env.sh - start a private Pebble ACME test server for a test script.
#
# Sourced (not executed) by bash test scripts:
#
#	. "$top_srcdir/tests/integration/pebble-env.sh"
#	trap pebble_stop EXIT
#	pebble_start || exit 1		# extra env: PEBBLE_VA_ALWAYS_VALID=1 ...
#
# pebble_start [VAR=value ...]
#	Creates a private temporary directory ($PEBBLE_TMP, mode 0700), picks
#	free loopback ports, generates with openssl a throwaway CA and a
#	certificate for localhost/127.0.0.1 for Pebble's HTTPS listener,
#	writes a Pebble config that requires External Account Binding (two
#	keys), starts pebble-challtestsrv (DNS only, answering 127.0.0.1 for
#	every A query) and pebble (PEBBLE_VA_NOSLEEP=1; nonce rejection left
#	at Pebble's default of 5%), and waits until the directory answers.
#	Arguments of the form VAR=value are passed to pebble's environment
#	(e.g. PEBBLE_VA_ALWAYS_VALID=1, PEBBLE_WFE_NONCEREJECT=0,
#	PEBBLE_ALTERNATE_ROOTS=2, PEBBLE_AUTHZREUSE=0).
#	Returns non-zero with a message on stderr when anything fails (pebble
#	missing is a failure, not a skip: CI installs it).
#	With PEBBLE_DNS_SERVER=host:port set, Pebble resolves through that
#	server instead (e.g. a BIND from bind-env.sh for RFC 2136 tests).
#	Exports:
#	  PEBBLE_DIR          ACME directory URL (https://127.0.0.1:PORT/dir)
#	  PEBBLE_MGMT         Pebble management API base URL (https)
#	  PEBBLE_CA_FILE      PEM of the throwaway CA that signed Pebble's
#	                      listener certificate (trust it for PEBBLE_DIR
#	                      and PEBBLE_MGMT)
#	  PEBBLE_HTTP_PORT    port Pebble's VA connects to for http-01
#	  PEBBLE_TLS_PORT     port Pebble's VA connects to for tls-alpn-01
#	  CHALLTESTSRV_MGMT   pebble-challtestsrv management URL (http)
#	  CHALLTESTSRV_DNS    host:port of its DNS server (Pebble resolves
#	                      through it; add TXT records via the mgmt API)
#	  EAB_KID, EAB_HMAC   an EAB key id and its base64url HMAC key
#	  EAB_KID2, EAB_HMAC2 a second pair
#	  PEBBLE_TMP          the private temp dir (logs: pebble.log,
#	                      challtestsrv.log); removed by pebble_stop
#
# pebble_root_pem FILE
#	Writes the PEM of Pebble's (per-run) issuing root to FILE.
# pebble_cert_status SERIAL
#	Prints the JSON status of the certificate with hex SERIAL (as
#	`openssl x509 -serial` prints it) from Pebble's management API,
#	including "Status": "Valid" or "Revoked".
# new_accounts
#	How many newAccount requests Pebble has logged.  A newAccount
#	retried after badNonce is logged twice: a test that counts them
#	starts Pebble with PEBBLE_WFE_NONCEREJECT=0.
# pebble_stop
#	Stops every process pebble_start started and removes PEBBLE_TMP.
#	Idempotent; safe to call from an EXIT trap.
#
# Requires: bash, openssl, curl, pebble, pebble-challtestsrv.

_pebble_pids=""

# Prints the local ports in use (TCP and UDP, IPv4 and IPv6), one per line.
_pebble_used_ports() {
	local f
	for f in /proc/net/tcp /proc/net/tcp6 /proc/net/udp /proc/net/udp6; do
		[ -r "$f" ] || continue
		# field 2 is local_address "HEXIP:HEXPORT"
		while read -r _ addr _; do
			case $addr in
			*:*) printf '%d\n' "0x${addr##*:}" ;;
			esac
		done < "$f"
	done
}

# _pebble_pick_ports N: prints N distinct ports that nothing uses now, in
# 20000-32767 (below Linux's ephemeral range, so outgoing connections do
# not take them between the pick and the bind).
_pebble_pick_ports() {
	local want=$1 used picked="" p tries=0 n=0
	used=" $(_pebble_used_ports | tr '\n' ' ') "
	while [ "$n" -lt "$want" ]; do
		tries=$((tries + 1))
		[ "$tries" -le 1000 ] || return 1
		p=$((20000 + RANDOM % 12768))
		case "$used $picked " in
		*" $p "*) continue ;;
		esac
		picked="$picked $p"
		n=$((n + 1))
	done
	echo $picked
}

# Writes a throwaway CA and a localhost certificate into $1.
_pebble_make_certs() {
	local d=$1
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
		-nodes -keyout "$d/ca.key" -out "$d/ca.pem" -days 2 \
		-subj "/CN=acmetui test CA $$" \
		-addext basicConstraints=critical,CA:TRUE \
		-addext keyUsage=critical,keyCertSign,cRLSign \
		>/dev/null 2>&1 || return 1
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$d/localhost.key" -out "$d/localhost.csr" \
		-subj "/CN=localhost" >/dev/null 2>&1 || return 1
	printf '%s\n' \
		'basicConstraints=critical,CA:FALSE' \
		'keyUsage=critical,digitalSignature' \
		'extendedKeyUsage=serverAuth' \
		'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1' \
		> "$d/localhost.ext"
	openssl x509 -req -in "$d/localhost.csr" -CA "$d/ca.pem" \
		-CAkey "$d/ca.key" -CAcreateserial -days 2 \
		-extfile "$d/localhost.ext" -out "$d/localhost.pem" \
		>/dev/null 2>&1 || return 1
}

# A random base64url HMAC key (32 bytes).
_pebble_hmac() {
	openssl rand -base64 32 | tr '+/' '-_' | tr -d '=\n'
}

# Waits until URL answers over TLS trusted by $PEBBLE_CA_FILE (10 s max).
_pebble_wait_https() {
	local url=$1 i
	for i in $(seq 1 100); do
		if curl -sf --max-time 2 --cacert "$PEBBLE_CA_FILE" \
			-o /dev/null "$url" 2>/dev/null; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}

# Waits until a plain http URL answers (10 s max).
_pebble_wait_http() {
	local url=$1 i
	for i in $(seq 1 100); do
		if curl -s --max-time 2 -o /dev/null "$url" 2>/dev/null; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}

# One attempt at starting both servers on freshly picked ports.
_pebble_try_start() {
	local ports acme mgmt httpp tlsp dnsp ctsmgmt pid
	ports=$(_pebble_pick_ports 6) || return 1
	read -r acme mgmt httpp tlsp dnsp ctsmgmt <<<"$ports"

	pebble-challtestsrv -management "127.0.0.1:$ctsmgmt" \
		-dns01 "127.0.0.1:$dnsp" -http01 "" -https01 "" \
		-tlsalpn01 "" -defaultIPv4 127.0.0.1 -defaultIPv6 "" \
		>"$PEBBLE_TMP/challtestsrv.log" 2>&1 &
	pid=$!
	_pebble_pids="$_pebble_pids $pid"

	cat > "$PEBBLE_TMP/pebble-config.json" <<EOF
{
  "pebble": {
    "listenAddress": "127.0.0.1:$acme",
    "managementListenAddress": "127.0.0.1:$mgmt",
    "certificate": "$PEBBLE_TMP/localhost.pem",
    "privateKey": "$PEBBLE_TMP/localhost.key",
    "httpPort": $httpp,
    "tlsPort": $tlsp,
    "ocspResponderURL": "",
    "externalAccountBindingRequired": true,
    "externalAccountMACKeys": {
      "$EAB_KID": "$EAB_HMAC",
      "$EAB_KID2": "$EAB_HMAC2"
    }
  }
}
EOF
	env PEBBLE_VA_NOSLEEP=1 "$@" \
		pebble -config "$PEBBLE_TMP/pebble-config.json" \
		-dnsserver "${PEBBLE_DNS_SERVER:-127.0.0.1:$dnsp}" \
		>"$PEBBLE_TMP/pebble.log" 2>&1 &
	pid=$!
	_pebble_pids="$_pebble_pids $pid"

	export PEBBLE_DIR="https://127.0.0.1:$acme/dir"
	export PEBBLE_MGMT="https://127.0.0.1:$mgmt"
	export PEBBLE_HTTP_PORT=$httpp PEBBLE_TLS_PORT=$tlsp
	export CHALLTESTSRV_MGMT="http://127.0.0.1:$ctsmgmt"
	export CHALLTESTSRV_DNS="127.0.0.1:$dnsp"

	_pebble_wait_https "$PEBBLE_DIR" || return 1
	_pebble_wait_https "$PEBBLE_MGMT/roots/0" || return 1
	_pebble_wait_http "$CHALLTESTSRV_MGMT/" || return 1
}

# Kills the processes of a failed or finished run (not the temp dir).
_pebble_kill() {
	local pid
	for pid in $_pebble_pids; do
		kill "$pid" 2>/dev/null
	done
	for pid in $_pebble_pids; do
		wait "$pid" 2>/dev/null
	done
	_pebble_pids=""
}

pebble_start() {
	local bin attempt v
	for bin in pebble pebble-challtestsrv openssl curl; do
		if ! command -v "$bin" >/dev/null 2>&1; then
			echo "pebble-env: $bin not found (install the" \
				"Debian packages pebble, openssl, curl)" >&2
			return 1
		fi
	done
	for v in "$@"; do
		case $v in
		[A-Z_]*=*) ;;
		*) echo "pebble-env: not VAR=value: $v" >&2; return 1 ;;
		esac
	done
	PEBBLE_TMP=$(mktemp -d "${TMPDIR:-/tmp}/acmetui-pebble.XXXXXX") ||
		return 1
	chmod 700 "$PEBBLE_TMP"
	export PEBBLE_TMP
	if ! _pebble_make_certs "$PEBBLE_TMP"; then
		echo "pebble-env: openssl failed to make test certificates" >&2
		return 1
	fi
	export PEBBLE_CA_FILE="$PEBBLE_TMP/ca.pem"
	export EAB_KID=kid-1 EAB_HMAC=$(_pebble_hmac)
	export EAB_KID2=kid-2 EAB_HMAC2=$(_pebble_hmac)

	# A port picked free can be taken before pebble binds it: retry.
	for attempt in 1 2 3; do
		if _pebble_try_start "$@"; then
			return 0
		fi
		_pebble_kill
	done
	echo "pebble-env: pebble did not start; its logs:" >&2
	sed 's/^/# /' "$PEBBLE_TMP/pebble.log" "$PEBBLE_TMP/challtestsrv.log" >&2
	return 1
}

pebble_root_pem() {
	curl -sSf --max-time 10 --cacert "$PEBBLE_CA_FILE" \
		-o "$1" "$PEBBLE_MGMT/roots/0"
}

pebble_cert_status() {
	curl -sSf --max-time 10 --cacert "$PEBBLE_CA_FILE" \
		"$PEBBLE_MGMT/cert-status-by-serial/$1"
}

new_accounts() { grep -c 'sign-me-up' "$PEBBLE_TMP/pebble.log"; }

pebble_stop() {
	_pebble_kill
	if [ -n "${PEBBLE_TMP:-}" ] && [ -d "$PEBBLE_TMP" ]; then
		rm -rf "$PEBBLE_TMP"
	fi
	PEBBLE_TMP=""
}
