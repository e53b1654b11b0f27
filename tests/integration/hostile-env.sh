# SPDX-License-Identifier: ISC
# hostile-env.sh - starting tests/hostile/server.py (sourced after
# tap.sh; needs $PY and $SERVER):
#
#   make_certs DIR             a throwaway CA (ca.pem, ca.key) and a
#                              certificate for 127.0.0.1/localhost
#                              (tls.pem, tls.key) in DIR
#   hostile_serve CERTDIR DIR SCENARIO [ARGS...]
#                              a server for SCENARIO with CERTDIR's
#                              certificates, its port file, request log
#                              (DIR/requests), stderr and work directory
#                              in DIR, ARGS passed on; sets $server_pid
#                              and $dir_url; fails when it does not
#                              listen within 5 s

# A throwaway CA and a certificate for 127.0.0.1/localhost (the server's
# listener); the CA also signs what the server issues.
make_certs() {
	local d=$1
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
		-nodes -keyout "$d/ca.key" -out "$d/ca.pem" -days 2 \
		-subj "/CN=acmetui hostile CA $$" \
		-addext basicConstraints=critical,CA:TRUE \
		-addext keyUsage=critical,keyCertSign,cRLSign \
		>/dev/null 2>&1 || return 1
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$d/tls.key" -out "$d/tls.csr" \
		-subj "/CN=localhost" >/dev/null 2>&1 || return 1
	printf '%s\n' 'basicConstraints=critical,CA:FALSE' \
		'extendedKeyUsage=serverAuth' \
		'subjectAltName=DNS:localhost,IP:127.0.0.1' >"$d/tls.ext"
	openssl x509 -req -in "$d/tls.csr" -CA "$d/ca.pem" \
		-CAkey "$d/ca.key" -CAcreateserial -days 2 \
		-extfile "$d/tls.ext" -out "$d/tls.pem" >/dev/null 2>&1
}

hostile_serve() {
	local c=$1 d=$2 scen=$3 i
	shift 3
	mkdir -p "$d/srv"
	"$PY" "$SERVER" --scenario "$scen" --port-file "$d/port" \
		--cert "$c/tls.pem" --key "$c/tls.key" \
		--ca-cert "$c/ca.pem" --ca-key "$c/ca.key" \
		--workdir "$d/srv" --log "$d/requests" "$@" \
		2>"$d/server.err" &
	server_pid=$!
	for i in $(seq 1 100); do
		[ -s "$d/port" ] && break
		sleep 0.05
	done
	dir_url="https://127.0.0.1:$(cat "$d/port" 2>/dev/null)/dir"
	[ -s "$d/port" ]
}
