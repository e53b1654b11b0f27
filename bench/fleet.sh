#!/bin/bash
# SPDX-License-Identifier: ISC
# fleet.sh - issuance of N certificates (2 names each, HTTP-01 into a web
# root served by busybox httpd) against one local Pebble, by acmetui,
# certbot and lego (Debian packages), J at a time; prints the wall time
# of the whole batch and the CPU time of all processes together.
#
#   bench/fleet.sh BUILD_DIR [N [J...]]	(default: 100 1 8)
#
# Each client works the same way: J workers, each issuing every J-th
# certificate one after the other with one process per certificate. The
# accounts (one per worker for certbot and lego, whose state directories
# are locked per process; one for acmetui, whose inventory is shared) are
# registered before the clock starts.
set -eu
build=$(cd "${1:-.}" && pwd)
n=${2:-100}
shift 2 2>/dev/null || shift $#
jobs=("${@:-1}")
[ $# -gt 0 ] || jobs=(1 8)
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tests/integration/pebble-env.sh"
trap 'kill "$httpd" 2>/dev/null; pebble_stop' EXIT
pebble_start >/dev/null
w=$PEBBLE_TMP/fleet
root=$w/webroot
mkdir -p "$root/.well-known/acme-challenge"
busybox httpd -f -p "127.0.0.1:$PEBBLE_HTTP_PORT" -h "$root" &
httpd=$!

# batch NAME J CMD...: runs CMD WORKER INDEX for every certificate, J
# workers at a time, and prints one table row.
batch() {
	local label=$1 j=$2 s e cpu
	shift 2
	s=$(date +%s%N)
	cpu=$( { /usr/bin/time -f '%U %S' bash -c '
		j=$1 n=$2; shift 2
		for k in $(seq 0 $((j - 1))); do
			( for i in $(seq $((k + 1)) "$j" "$n"); do
				"$@" "$k" "$i" >/dev/null 2>&1 ||
					echo "failed: $i" >&2
			  done ) &
		done
		wait' _ "$j" "$n" "$@"; } 2>&1 | tail -n 1)
	e=$(date +%s%N)
	printf '| %s | %d | %s ms | %s ms |\n' "$label" "$j" \
		$(( (e - s) / 1000000 )) \
		"$(echo "$cpu" | awk '{ printf "%.0f", ($1 + $2) * 1000 }')"
}

echo "| client ($n certificates, 2 names, http-01 webroot) | -j | wall | CPU (all processes) |"
echo "|---|---:|---:|---:|"

export ACMETUI_CA_FILE=$PEBBLE_CA_FILE
acmetui_one() { "$build/acmetui" cert issue "t$1-$3"; }
export -f acmetui_one
export build
for j in "${jobs[@]}"; do
	export ACMETUI_DB=$w/acmetui$j/db
	printf 'EAB Key ID: %s\nEAB HMAC Key: %s\nACME Server URL: %s\n' \
		"$EAB_KID" "$EAB_HMAC" "$PEBBLE_DIR" |
		"$build/acmetui" account import --agree-tos - --name p >/dev/null
	for i in $(seq 1 "$n"); do
		"$build/acmetui" cert add "t$j-$i" --account p \
			-d "a$j-$i.example.test" -d "www.a$j-$i.example.test" \
			--webroot "$root" >/dev/null
	done
	batch "acmetui $(git -C "$here" describe --always 2>/dev/null)" "$j" \
		bash -c 'acmetui_one "$@"' _ "$j"
done

export REQUESTS_CA_BUNDLE=$PEBBLE_CA_FILE
certbot_one() {
	certbot --config-dir "$w/cb$1-$2/etc" --work-dir "$w/cb$1-$2/work" \
		--logs-dir "$w/cb$1-$2/log" --non-interactive --agree-tos \
		-m ops@example.test --server "$PEBBLE_DIR" "${@:4}"
}
export -f certbot_one
export w root
for j in "${jobs[@]}"; do
	for k in $(seq 0 $((j - 1))); do
		certbot_one "$j" "$k" x register --eab-kid "$EAB_KID2" \
			--eab-hmac-key "$EAB_HMAC2" >/dev/null 2>&1
	done
	batch "certbot $(certbot --version 2>&1 | awk '{ print $2 }')" "$j" \
		bash -c 'certbot_one "$1" "$2" x certonly --webroot -w "$root" \
			-d "c$1-$3.example.test" -d "www.c$1-$3.example.test"' _ "$j"
done
unset REQUESTS_CA_BUNDLE

export LEGO_CA_CERTIFICATES=$PEBBLE_CA_FILE
lego_one() {
	lego --server "$PEBBLE_DIR" --eab --kid "$EAB_KID" --hmac "$EAB_HMAC" \
		--accept-tos --email ops@example.test --path "$w/lego$1-$2" \
		--http --http.webroot "$root" "${@:3}"
}
export -f lego_one
for j in "${jobs[@]}"; do
	for k in $(seq 0 $((j - 1))); do
		lego_one "$j" "$k" -d "l$j-$k-0.example.test" run >/dev/null 2>&1
	done
	batch "lego (Debian $(dpkg-query -W -f '${Version}' lego))" "$j" \
		bash -c 'lego_one "$1" "$2" -d "l$1-$3.example.test" \
			-d "www.l$1-$3.example.test" run' _ "$j"
done
