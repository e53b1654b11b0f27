#!/bin/bash
# SPDX-License-Identifier: ISC
# run.sh - reproducible timings of acmetui, written to stdout as a table.
#
#   bench/run.sh BUILD_DIR        (BUILD_DIR holds acmetui and bench/populate)
#
# 1. `--renew-due` with nothing due over 1,000 / 10,000 / 100,000
#    certificates: the cron no-op every fleet pays every few hours, wall
#    and CPU, next to its floor (sqlite3 counting the same file), and the
#    query plans that keep it flat (index range scans).
# 2. `cert list` (the dashboard's one summary query) over the same sizes.
# 3. Issuance against a local Pebble (PEBBLE_VA_NOSLEEP=1): one
#    certificate, wall time and CPU.
# Each timing is the median of 7 runs (wall clock, date +%s%N).
set -eu
build=$(cd "${1:-.}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
make -C "$build" bench/populate >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# median_ms CMD...: median wall time in milliseconds of 7 runs.
median_ms() {
	local i t times=()
	local start end
	for i in 1 2 3 4 5 6 7; do
		start=$(date +%s%N)
		"$@" >/dev/null 2>&1
		end=$(date +%s%N)
		times+=($(( (end - start) / 10000 )))
	done
	# hundredths of a millisecond -> "12.34"
	printf '%s\n' "${times[@]}" | sort -n | sed -n 4p |
		awk '{ printf "%.1f", $1 / 100 }'
}

# cpu_ms CMD...: median CPU time (user+sys, task-clock) in milliseconds
# of 31 runs by perf stat, "-" without perf: on a shared machine the
# wall clock measures the neighbours' disk and CPU use as well.
cpu_ms() {
	command -v perf >/dev/null 2>&1 || { echo -; return; }
	perf stat -r 31 -x, -e task-clock "$@" 2>&1 >/dev/null |
		awk -F, '/task-clock/ { printf "%.1f", $1 }'
}

# The due queries must be index range scans (the no-op reads no row):
# their plans, as SQLite chooses them on the largest inventory.
plans() {
	local q
	for q in "c.renew_at <= 0 AND c.stage NOT IN ('revoked', 'request')
			ORDER BY c.renew_at" \
		"c.ari_next_poll <= 0 AND c.ari_id IS NOT NULL
			ORDER BY c.ari_next_poll"; do
		sqlite3 "$1" "EXPLAIN QUERY PLAN SELECT c.id FROM certificates c
			JOIN accounts a ON a.id = c.account_id WHERE $q" |
			sed 's/^/    /'
	done
}

# The floor: sqlite3 opening the same file and counting its certificates.
floor() { sqlite3 "$1" 'SELECT count(*) FROM certificates'; }

echo "| inventory | --renew-due, nothing due | CPU | sqlite3 count (floor) | CPU | cert list --json |"
echo "|---:|---:|---:|---:|---:|---:|"
for n in 1000 10000 100000; do
	db=$tmp/inv$n/db
	"$build/bench/populate" "$db" "$n"
	due=$(median_ms "$build/acmetui" --db "$db" --renew-due --quiet)
	duecpu=$(cpu_ms "$build/acmetui" --db "$db" --renew-due --quiet)
	fl=$(median_ms floor "$db")
	flcpu=$(cpu_ms sqlite3 "$db" 'SELECT count(*) FROM certificates')
	list=$(median_ms "$build/acmetui" --db "$db" cert list --json)
	echo "| $n | ${due} ms | ${duecpu} ms | ${fl} ms | ${flcpu} ms | ${list} ms |"
done
echo
echo "Query plans of the due queries (100,000 certificates):"
plans "$tmp/inv100000/db"

# --- issuance against a local Pebble (EAB, 5% badNonce, no VA sleeps) ---
. "$here/../tests/integration/pebble-env.sh"
trap 'pebble_stop; rm -rf "$tmp"' EXIT
pebble_start >/dev/null
export ACMETUI_DB=$tmp/issue/db ACMETUI_CA_FILE=$PEBBLE_CA_FILE
a() { "$build/acmetui" "$@"; }
printf 'EAB Key ID: %s\nEAB HMAC Key: %s\nACME Server URL: %s\n' \
	"$EAB_KID" "$EAB_HMAC" "$PEBBLE_DIR" | a account import --agree-tos - --name p >/dev/null
add() {
	a cert add "$1" --account p -d "$1.example.test" -d "www.$1.example.test" \
		--standalone --http-addr 127.0.0.1 --http-port "$PEBBLE_HTTP_PORT" >/dev/null
}
walls=() cpus=()
for i in $(seq 1 10); do
	add "one$i"
	start=$(date +%s%N)
	cpu=$( { /usr/bin/time -f '%U %S' "$build/acmetui" cert issue "one$i" >/dev/null; } 2>&1 | tail -n 1)
	end=$(date +%s%N)
	walls+=($(( (end - start) / 1000000 )))
	cpus+=("$(echo "$cpu" | awk '{ printf "%.0f", ($1 + $2) * 1000 }')")
done
wmed=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n 5p)
wmax=$(printf '%s\n' "${walls[@]}" | sort -n | tail -n 1)
cmed=$(printf '%s\n' "${cpus[@]}" | sort -n | sed -n 5p)
echo
echo "| one issuance (2 names, http-01 standalone) | median | max | CPU (median) |"
echo "|---|---:|---:|---:|"
echo "| acmetui cert issue, 10 runs | ${wmed} ms | ${wmax} ms | ${cmed} ms |"

echo
echo "| 100 renewals via --renew-due | wall |"
echo "|---|---:|"
for j in 1 8; do
	for i in $(seq 1 100); do add "r$j-$i"; done
	for i in $(seq 1 100); do a cert issue "r$j-$i" >/dev/null; done
	for i in $(seq 1 100); do a cert set "r$j-$i" --renew-at now; done
	# only this batch is due: the earlier one was renewed already
	start=$(date +%s%N)
	a --renew-due -j "$j" --quiet
	end=$(date +%s%N)
	echo "| -j $j | $(( (end - start) / 1000000 )) ms |"
done
