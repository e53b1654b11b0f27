# SPDX-License-Identifier: ISC
# nginx-env.sh - start a private nginx serving TLS from a deploy directory,
# for a test script.
#
# Sourced (not executed) by bash test scripts, after pebble-env.sh or on
# its own (it then sources pebble-env.sh for the free-port picker):
#
#	. "$top_srcdir/tests/integration/nginx-env.sh"
#	trap nginx_stop EXIT
#	nginx_start DEPLOY_DIR || exit 1
#
# nginx_start DEPLOY_DIR
#	Creates a private prefix ($NGINX_TMP, mode 0700), gives DEPLOY_DIR a
#	throwaway self-signed fullchain.pem/privkey.pem when it has none (so
#	that nginx can start), writes a configuration with one ssl server on
#	127.0.0.1 at a free port (the same pick as pebble-env.sh) that reads
#	DEPLOY_DIR/fullchain.pem and DEPLOY_DIR/privkey.pem, starts nginx in
#	the foreground (-g 'daemon off;'), and waits until it answers TLS.
#	Exports:
#	  NGINX_PORT     the TLS port on 127.0.0.1
#	  NGINX_PID      the master process (started by us)
#	  NGINX_RELOAD   the reload command, no shell needed:
#	                 "nginx -c CONF -p PREFIX -e LOG -s reload"
#	  NGINX_TMP      the private prefix (error.log inside)
# nginx_served_serial NAME
#	Prints the serial (lowercase hex) of the certificate nginx serves for
#	SNI NAME, as openssl s_client sees it.
# nginx_stop
#	Stops the nginx we started and removes NGINX_TMP.  Idempotent.
#
# Note: "nginx -s reload" only signals the master and returns 0; the
# master re-reads its configuration and certificates asynchronously.
#
# Requires: bash, nginx (Debian package nginx), openssl.

if ! declare -F _pebble_pick_ports >/dev/null; then
	. "$(dirname "${BASH_SOURCE[0]}")/pebble-env.sh"
fi

NGINX_PID=""

# Writes the configuration for port $1 and deploy directory $2.
_nginx_conf() {
	local t
	mkdir -p "$NGINX_TMP/tmp" "$NGINX_TMP/logs"
	t=$NGINX_TMP/tmp
	cat > "$NGINX_TMP/nginx.conf" <<EOC
worker_processes 1;
pid $NGINX_TMP/nginx.pid;
error_log $NGINX_TMP/error.log notice;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path $t/body;
	proxy_temp_path $t/proxy;
	fastcgi_temp_path $t/fastcgi;
	uwsgi_temp_path $t/uwsgi;
	scgi_temp_path $t/scgi;
	server {
		listen 127.0.0.1:$1 ssl;
		server_name _;
		ssl_certificate $2/fullchain.pem;
		ssl_certificate_key $2/privkey.pem;
		location / { return 200 "ok\n"; }
	}
}
EOC
}

# Waits until nginx answers TLS on 127.0.0.1:$1 (5 s max).
_nginx_wait() {
	local i
	for i in $(seq 1 50); do
		kill -0 "$NGINX_PID" 2>/dev/null || return 1
		if openssl s_client -connect "127.0.0.1:$1" </dev/null \
			>/dev/null 2>&1; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}

nginx_start() {
	local dir=$1 port attempt
	if ! command -v nginx >/dev/null 2>&1; then
		echo "nginx-env: nginx not found (install the Debian package" \
			"nginx)" >&2
		return 1
	fi
	NGINX_TMP=$(mktemp -d "${TMPDIR:-/tmp}/acmetui-nginx.XXXXXX") ||
		return 1
	chmod 700 "$NGINX_TMP"
	export NGINX_TMP
	mkdir -p "$dir" || return 1
	if [ ! -s "$dir/fullchain.pem" ] || [ ! -s "$dir/privkey.pem" ]; then
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
			-nodes -keyout "$dir/privkey.pem" \
			-out "$dir/fullchain.pem" -days 1 \
			-subj "/CN=acmetui placeholder" >/dev/null 2>&1 ||
			return 1
	fi
	for attempt in 1 2 3; do
		port=$(_pebble_pick_ports 1) || return 1
		_nginx_conf "$port" "$dir"
		nginx -c "$NGINX_TMP/nginx.conf" -p "$NGINX_TMP" \
			-e "$NGINX_TMP/error.log" -g 'daemon off;' \
			>>"$NGINX_TMP/stdout.log" 2>&1 &
		NGINX_PID=$!
		if _nginx_wait "$port"; then
			export NGINX_PORT=$port NGINX_PID
			export NGINX_RELOAD="nginx -c $NGINX_TMP/nginx.conf -p $NGINX_TMP -e $NGINX_TMP/error.log -s reload"
			return 0
		fi
		kill "$NGINX_PID" 2>/dev/null
		wait "$NGINX_PID" 2>/dev/null
		NGINX_PID=""
	done
	echo "nginx-env: nginx did not start; its log:" >&2
	sed 's/^/# /' "$NGINX_TMP/error.log" "$NGINX_TMP/stdout.log" >&2
	return 1
}

nginx_served_serial() {
	openssl s_client -connect "127.0.0.1:$NGINX_PORT" -servername "$1" \
		</dev/null 2>/dev/null |
		openssl x509 -noout -serial 2>/dev/null |
		sed 's/^serial=//' | tr 'A-F' 'a-f' | sed 's/^0*//'
}

nginx_stop() {
	if [ -n "${NGINX_PID:-}" ]; then
		kill -QUIT "$NGINX_PID" 2>/dev/null
		wait "$NGINX_PID" 2>/dev/null
		NGINX_PID=""
	fi
	if [ -n "${NGINX_TMP:-}" ] && [ -d "$NGINX_TMP" ]; then
		rm -rf "$NGINX_TMP"
	fi
	NGINX_TMP=""
}
