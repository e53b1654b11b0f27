#!/bin/bash
# SPDX-License-Identifier: ISC
# forecast.sh BUILD_DIR [N] - times the forecast screen's queries over an
# inventory of N certificates (default 100,000) whose renewal times and
# expiries spread over 120 days (one in 97 failing), as a fleet's are.
# bench/populate makes the inventory; the spread is set with sqlite3
# here because populate gives every certificate the same dates.
set -eu
build=$(cd "${1:?usage: forecast.sh BUILD_DIR [N]}" && pwd)
n=${2:-100000}
make -C "$build" bench/populate bench/forecast >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/bench/populate" "$tmp/inv.db" "$n"
now=$(date +%s)
sqlite3 "$tmp/inv.db" "UPDATE certificates SET
	renew_at = $now + (id % 120) * 86400 - 5 * 86400,
	not_after = $now + (id % 120) * 86400 + 25 * 86400,
	last_error = CASE WHEN id % 97 = 0 THEN 'validation failed' END"
echo "$n certificates, median CPU time of 15 runs:"
"$build/bench/forecast" "$tmp/inv.db" 15
