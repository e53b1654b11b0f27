#!/bin/bash
# SPDX-License-Identifier: ISC
# compare.sh - one issuance (NAMES names, default 2, HTTP-01 standalone)
# against the same local Pebble by acmetui, certbot and lego (Debian
# packages), N times each; prints median and max wall time, median CPU
# (user+sys), median peak RSS and the median number of ACME requests
# (counted in Pebble's log, one "-> calling handler()" line each).
#
#   [NAMES=1] [CLIENTS="acmetui certbot lego"] bench/compare.sh BUILD_DIR [N]
set -eu
build=$(cd "${1:-.}" && pwd)
n=${2:-10}
names=${NAMES:-2}
clients=${CLIENTS:-acmetui certbot lego}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tests/integration/pebble-env.sh"
trap pebble_stop EXIT
pebble_start >/dev/null
w=$PEBBLE_TMP/cmp
mkdir -p "$w"
port=$PEBBLE_HTTP_PORT

# time_cmd CMD...: records the wall and CPU milliseconds, the peak RSS
# and the ACME requests of one run.  CPU is user+sys of the children of
# a subshell (bash's `times`, to the millisecond; /usr/bin/time rounds to
# 10 ms): CMD and the /usr/bin/time that records its peak RSS (<1 ms).
walls=() cpus=() rss=() reqs=()
time_cmd() {
	local s e n0
	n0=$(wc -l <"$PEBBLE_TMP/pebble.log")
	s=$(date +%s%N)
	( /usr/bin/time -f '%M' -o "$w/time" "$@" >/dev/null 2>&1; times ) \
		>"$w/times" || true
	e=$(date +%s%N)
	walls+=($(( (e - s) / 1000000 )))
	# line 2 of `times`: "0m0.012s 0m0.004s" (the children's)
	cpus+=("$(sed -n 2p "$w/times" | tr 'ms' '  ' |
		awk '{ printf "%.0f", ($1 * 60 + $2 + $3 * 60 + $4) * 1000 }')")
	rss+=("$(tail -n 1 "$w/time" | awk '{ printf "%.1f", $1 / 1024 }')")
	reqs+=("$(tail -n +"$((n0 + 1))" "$PEBBLE_TMP/pebble.log" |
		grep -c -- '-> calling handler()$')")
}
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
report() {
	printf '| %s | %s ms | %s ms | %s ms | %s MB | %s |\n' "$1" \
		"$(median "${walls[@]}")" \
		"$(printf '%s\n' "${walls[@]}" | sort -n | tail -n 1)" \
		"$(median "${cpus[@]}")" "$(median "${rss[@]}")" \
		"$(median "${reqs[@]}")"
	walls=() cpus=() rss=() reqs=()
}
# domains PREFIX: the -d arguments of one certificate of $names names
domains() {
	local k
	printf -- '-d\n%s.example.test\n' "$1"
	for k in $(seq 2 "$names"); do
		printf -- '-d\nwww%s.%s.example.test\n' "$k" "$1"
	done
}
want() { case " $clients " in *" $1 "*) return 0 ;; esac; return 1; }

echo "| client ($names names, http-01 standalone, $n runs) | median | max | CPU (median) | peak RSS (median) | ACME requests |"
echo "|---|---:|---:|---:|---:|---:|"

# acmetui
if want acmetui; then
export ACMETUI_DB=$w/acmetui/db ACMETUI_CA_FILE=$PEBBLE_CA_FILE
printf 'EAB Key ID: %s\nEAB HMAC Key: %s\nACME Server URL: %s\n' \
	"$EAB_KID" "$EAB_HMAC" "$PEBBLE_DIR" |
	"$build/acmetui" account import --agree-tos - --name p >/dev/null
for i in $(seq 1 "$n"); do
	mapfile -t d < <(domains "a$i")
	"$build/acmetui" cert add "a$i" --account p "${d[@]}" \
		--standalone --http-addr 127.0.0.1 --http-port "$port" >/dev/null
	time_cmd "$build/acmetui" cert issue "a$i"
done
report "acmetui $(git -C "$here" describe --always 2>/dev/null || echo)"
fi

# certbot (registers on the first run; registration is not timed)
if want certbot; then
cb=(certbot --config-dir "$w/cb/etc" --work-dir "$w/cb/work"
	--logs-dir "$w/cb/log" --non-interactive --agree-tos -m ops@example.test
	--server "$PEBBLE_DIR")
export REQUESTS_CA_BUNDLE=$PEBBLE_CA_FILE
"${cb[@]}" register --eab-kid "$EAB_KID2" --eab-hmac-key "$EAB_HMAC2" >/dev/null 2>&1
for i in $(seq 1 "$n"); do
	mapfile -t d < <(domains "c$i")
	time_cmd "${cb[@]}" certonly --standalone --http-01-port "$port" \
		--http-01-address 127.0.0.1 "${d[@]}"
done
report "certbot $(certbot --version 2>&1 | awk '{ print $2 }')"
unset REQUESTS_CA_BUNDLE
fi

# lego (its account is made on the first run; that run is not timed)
if want lego; then
export LEGO_CA_CERTIFICATES=$PEBBLE_CA_FILE
lg=(lego --server "$PEBBLE_DIR" --eab --kid "$EAB_KID" --hmac "$EAB_HMAC"
	--accept-tos --email ops@example.test --path "$w/lego" --http
	--http.port "127.0.0.1:$port")
"${lg[@]}" -d l0.example.test run >/dev/null 2>&1
for i in $(seq 1 "$n"); do
	mapfile -t d < <(domains "l$i")
	time_cmd "${lg[@]}" "${d[@]}" run
done
report "lego (Debian 4.9.1)"
fi
