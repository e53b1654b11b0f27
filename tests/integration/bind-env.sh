# SPDX-License-Identifier: ISC
# bind-env.sh - start a private BIND 9 authoritative server for a test.
#
# Sourced (not executed) by bash test scripts:
#
#	. "$top_srcdir/tests/integration/bind-env.sh"
#	trap bind_stop EXIT
#	bind_start || exit 1
#
# bind_start
#	Creates a private temporary directory ($BIND_TMP, mode 0700), picks a
#	free loopback port (the method of pebble-env.sh), generates a TSIG key
#	with tsig-keygen (hmac-sha256) and a second one (hmac-sha512), writes
#	two zones and starts `named -g` on 127.0.0.1:PORT (UDP and TCP), then
#	waits until it answers.  The zones:
#	  example.test        NS ns1.example.test (A 127.0.0.1), CAA 0 issue
#	                      "ca.example"; _acme-challenge.www CNAME
#	                      x.acme-delegate.test; _acme-challenge.alias
#	                      CNAME alias-target.delegated.example.test
#	  acme-delegate.test  NS ns1.example.test
#	Both allow dynamic updates signed with either key (update-policy).
#	Returns non-zero with the log on stderr when anything fails (named
#	missing is a failure, not a skip: CI installs bind9).
#	Exports:
#	  BIND_ADDR, BIND_PORT   where named listens (127.0.0.1, PORT)
#	  BIND_SERVER            "127.0.0.1:PORT"
#	  TSIG_NAME, TSIG_SECRET, TSIG_ALG      the hmac-sha256 key
#	  TSIG2_NAME, TSIG2_SECRET, TSIG2_ALG   the hmac-sha512 key
#	  TSIG_KEYFILE           the first key as a named.conf key file (for
#	                         nsupdate -k)
#	  BIND_TMP               the private temp dir (named.log there)
# bind_dig ARGS...
#	dig against the private server (+short +norecurse +time=2 +tries=1).
# bind_stop
#	Stops named and removes BIND_TMP.  Idempotent; safe in an EXIT trap.
#
# Requires: bash, named, tsig-keygen (bind9, bind9-utils), dig (bind9-dnsutils).

_bind_pid=""

# Prints the local ports in use (TCP and UDP, IPv4 and IPv6), one per line.
_bind_used_ports() {
	local f
	for f in /proc/net/tcp /proc/net/tcp6 /proc/net/udp /proc/net/udp6; do
		[ -r "$f" ] || continue
		while read -r _ addr _; do
			case $addr in
			*:*) printf '%d\n' "0x${addr##*:}" ;;
			esac
		done < "$f"
	done
}

# Prints one port in 20000-32767 that nothing uses now.
_bind_pick_port() {
	local used p tries=0
	used=" $(_bind_used_ports | tr '\n' ' ') "
	while [ "$tries" -lt 1000 ]; do
		tries=$((tries + 1))
		p=$((20000 + RANDOM % 12768))
		case "$used" in
		*" $p "*) continue ;;
		esac
		echo "$p"
		return 0
	done
	return 1
}

# Prints the secret of the key file $1 (the base64 in 'secret "...";').
_bind_key_secret() {
	sed -n 's/.*secret "\([^"]*\)".*/\1/p' "$1"
}

# Writes named.conf and the zone files into $BIND_TMP for port $1.
_bind_write_conf() {
	local port=$1 d=$BIND_TMP z
	cat > "$d/named.conf" <<EOF
include "$d/key1.conf";
include "$d/key2.conf";
options {
	directory "$d";
	pid-file "$d/named.pid";
	listen-on port $port { 127.0.0.1; };
	listen-on-v6 { none; };
	recursion no;
	allow-query { any; };
	notify no;
	dnssec-validation no;
	session-keyfile "$d/session.key";
	managed-keys-directory "$d";
};
controls { };
logging {
	channel to_file { file "$d/named.log"; severity info; print-time yes; };
	category default { to_file; };
	category update { to_file; };
	category security { to_file; };
};
zone "example.test" {
	type primary;
	file "$d/example.test.db";
	journal "$d/example.test.jnl";
	update-policy { grant $TSIG_NAME zonesub ANY; grant $TSIG2_NAME zonesub ANY; };
};
zone "acme-delegate.test" {
	type primary;
	file "$d/acme-delegate.test.db";
	journal "$d/acme-delegate.test.jnl";
	update-policy { grant $TSIG_NAME zonesub ANY; grant $TSIG2_NAME zonesub ANY; };
};
EOF
	cat > "$d/example.test.db" <<'EOF'
$TTL 60
@	IN SOA	ns1.example.test. hostmaster.example.test. 1 3600 600 86400 1
	IN NS	ns1.example.test.
	IN CAA	0 issue "ca.example"
ns1	IN A	127.0.0.1
www	IN A	127.0.0.1
_acme-challenge.www	IN CNAME	x.acme-delegate.test.
; delegation inside the zone: an authoritative-only server returns the
; whole chain, so a CA resolving through it sees the TXT at the target
_acme-challenge.alias	IN CNAME	alias-target.delegated.example.test.
EOF
	cat > "$d/acme-delegate.test.db" <<'EOF'
$TTL 60
@	IN SOA	ns1.example.test. hostmaster.example.test. 1 3600 600 86400 1
	IN NS	ns1.example.test.
EOF
	for z in example.test acme-delegate.test; do
		named-checkzone -q "$z" "$d/$z.db" || return 1
	done
}

bind_dig() {
	dig +short +norecurse +time=2 +tries=1 @"$BIND_ADDR" -p "$BIND_PORT" "$@"
}

bind_start() {
	local bin attempt port i
	for bin in named tsig-keygen dig named-checkzone; do
		if ! command -v "$bin" >/dev/null 2>&1; then
			echo "bind-env: $bin not found (install the Debian" \
				"packages bind9, bind9-utils, bind9-dnsutils)" >&2
			return 1
		fi
	done
	BIND_TMP=$(mktemp -d "${TMPDIR:-/tmp}/acmetui-bind.XXXXXX") || return 1
	chmod 700 "$BIND_TMP"
	export BIND_TMP
	export TSIG_NAME=acmetui-test TSIG_ALG=hmac-sha256
	export TSIG2_NAME=acmetui-test2 TSIG2_ALG=hmac-sha512
	tsig-keygen -a "$TSIG_ALG" "$TSIG_NAME" > "$BIND_TMP/key1.conf" &&
		tsig-keygen -a "$TSIG2_ALG" "$TSIG2_NAME" \
			> "$BIND_TMP/key2.conf" || return 1
	TSIG_SECRET=$(_bind_key_secret "$BIND_TMP/key1.conf")
	TSIG2_SECRET=$(_bind_key_secret "$BIND_TMP/key2.conf")
	export TSIG_SECRET TSIG2_SECRET
	export TSIG_KEYFILE="$BIND_TMP/key1.conf"
	export BIND_ADDR=127.0.0.1

	# A port picked free can be taken before named binds it: retry.
	for attempt in 1 2 3; do
		port=$(_bind_pick_port) || return 1
		export BIND_PORT=$port BIND_SERVER="127.0.0.1:$port"
		_bind_write_conf "$port" || return 1
		rm -f "$BIND_TMP"/*.jnl
		named -g -c "$BIND_TMP/named.conf" -p "$port" -n 1 \
			>"$BIND_TMP/named.out" 2>&1 &
		_bind_pid=$!
		for i in $(seq 1 100); do
			if bind_dig SOA example.test 2>/dev/null |
				grep -q hostmaster; then
				return 0
			fi
			kill -0 "$_bind_pid" 2>/dev/null || break
			sleep 0.1
		done
		kill "$_bind_pid" 2>/dev/null
		wait "$_bind_pid" 2>/dev/null
		_bind_pid=""
	done
	echo "bind-env: named did not start; its output:" >&2
	sed 's/^/# /' "$BIND_TMP/named.out" "$BIND_TMP/named.log" >&2 2>/dev/null
	return 1
}

bind_stop() {
	if [ -n "$_bind_pid" ]; then
		kill "$_bind_pid" 2>/dev/null
		wait "$_bind_pid" 2>/dev/null
		_bind_pid=""
	fi
	if [ -n "${BIND_TMP:-}" ] && [ -d "$BIND_TMP" ]; then
		rm -rf "$BIND_TMP"
	fi
	BIND_TMP=""
}
