#!/bin/bash
# SPDX-License-Identifier: ISC
# compare.sh - one issuance (2 names, HTTP-01 standalone) against the same
# local Pebble by acmetui, certbot and lego (Debian packages), N times
# each; prints median and max wall time and median CPU (user+sys).
#
#   bench/compare.sh BUILD_DIR [N]
set -eu
build=$(cd "${1:-.}" && pwd)
n=${2:-10}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tests/integration/pebble-env.sh"
trap pebble_stop EXIT
pebble_start >/dev/null
w=$PEBBLE_TMP/cmp
mkdir -p "$w"
port=$PEBBLE_HTTP_PORT

# time_cmd CMD...: records the wall and CPU milliseconds of one run
walls=() cpus=()
time_cmd() {
	local s e c
	s=$(date +%s%N)
	/usr/bin/time -f '%U %S' -o "$w/time" "$@" >/dev/null 2>&1 || true
	c=$(tail -n 1 "$w/time")
	e=$(date +%s%N)
	walls+=($(( (e - s) / 1000000 )))
	cpus+=("$(echo "$c" | awk '{ printf "%.0f", ($1 + $2) * 1000 }')")
}
report() {
	local mid=$(( (${#walls[@]} + 1) / 2 ))
	printf '| %s | %s ms | %s ms | %s ms |\n' "$1" \
		"$(printf '%s\n' "${walls[@]}" | sort -n | sed -n ${mid}p)" \
		"$(printf '%s\n' "${walls[@]}" | sort -n | tail -n 1)" \
		"$(printf '%s\n' "${cpus[@]}" | sort -n | sed -n ${mid}p)"
	walls=() cpus=()
}

echo "| client (2 names, http-01 standalone, $n runs) | median | max | CPU (median) |"
echo "|---|---:|---:|---:|"

# acmetui
export ACMETUI_DB=$w/acmetui/db ACMETUI_CA_FILE=$PEBBLE_CA_FILE
printf 'EAB Key ID: %s\nEAB HMAC Key: %s\nACME Server URL: %s\n' \
	"$EAB_KID" "$EAB_HMAC" "$PEBBLE_DIR" |
	"$build/acmetui" account import --agree-tos - --name p >/dev/null
for i in $(seq 1 "$n"); do
	"$build/acmetui" cert add "a$i" --account p -d "a$i.example.test" \
		-d "www.a$i.example.test" --standalone --http-addr 127.0.0.1 \
		--http-port "$port" >/dev/null
	time_cmd "$build/acmetui" cert issue "a$i"
done
report "acmetui $(git -C "$here" describe --always 2>/dev/null || echo)"

# certbot (registers on the first run; registration is not timed)
cb=(certbot --config-dir "$w/cb/etc" --work-dir "$w/cb/work"
	--logs-dir "$w/cb/log" --non-interactive --agree-tos -m ops@example.test
	--server "$PEBBLE_DIR")
export REQUESTS_CA_BUNDLE=$PEBBLE_CA_FILE
"${cb[@]}" register --eab-kid "$EAB_KID2" --eab-hmac-key "$EAB_HMAC2" >/dev/null 2>&1
for i in $(seq 1 "$n"); do
	time_cmd "${cb[@]}" certonly --standalone --http-01-port "$port" \
		--http-01-address 127.0.0.1 -d "c$i.example.test" \
		-d "www.c$i.example.test"
done
report "certbot $(certbot --version 2>&1 | awk '{ print $2 }')"
unset REQUESTS_CA_BUNDLE

# lego (its account is made on the first run; that run is not timed)
export LEGO_CA_CERTIFICATES=$PEBBLE_CA_FILE
lg=(lego --server "$PEBBLE_DIR" --eab --kid "$EAB_KID" --hmac "$EAB_HMAC"
	--accept-tos --email ops@example.test --path "$w/lego" --http
	--http.port "127.0.0.1:$port")
"${lg[@]}" -d l0.example.test run >/dev/null 2>&1
for i in $(seq 1 "$n"); do
	time_cmd "${lg[@]}" -d "l$i.example.test" -d "www.l$i.example.test" run
done
report "lego (Debian 4.9.1)"
