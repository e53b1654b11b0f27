#!/bin/bash
# SPDX-License-Identifier: ISC
# tui_first_screen.sh - how long the TUI takes to show its first screen.
#
#   bench/tui_first_screen.sh BUILD_DIR [N]
#
# ACMETUI=PATH measures another binary (e.g. a copy of the one before a
# change) over the same inventory.
# Fills an inventory with N certificates (default 10,000) with
# bench/populate, then starts acmetui in a private tmux server 7 times and
# measures the wall time from asking tmux for a new window until the
# pane shows the dashboard's header with its count ("N certs:"), which
# is drawn in the same screen update as the first rows.  The same is
# measured for a command that prints one word at once (the baseline: what
# tmux, the fork and the polling cost by themselves); the difference is
# acmetui's own time to its first screen.  Prints medians in ms.
#
# Peak memory: after the last run's first screen, VmHWM of the acmetui
# process (the pane's process: env execs it) from /proc.
#
# The pane is polled every 2 ms with capture-pane (no fork for the
# waiting: bash's read -t on a FIFO that never gets data).
set -eu
build=$(cd "${1:-.}" && pwd)
n=${2:-10000}
bin=${ACMETUI:-$build/acmetui}
runs=7
make -C "$build" bench/populate >/dev/null
tmp=$(mktemp -d)
sock=acmetui-bench-$$
tmx() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'tmx kill-server 2>/dev/null; rm -rf "$tmp"' EXIT

"$build/bench/populate" "$tmp/inv/acmetui.db" "$n" >/dev/null
mkfifo "$tmp/never"
exec 3<>"$tmp/never"

# A server with one idle session, so that its start-up is not measured.
tmx new-session -d -s idle -x 120 -y 40 "sleep 3600"
tmx set-option -g remain-on-exit off >/dev/null

# now_us: microseconds since the epoch, without a fork.
now_us() {
	local t=${EPOCHREALTIME/./}
	echo "$t"
}

# time_to REGEX CMD: microseconds from opening a window running CMD
# until the pane shows REGEX (gives up after 20 s).
time_to() {
	local re=$1 cmd=$2 start end i=0
	start=$(now_us)
	tmx new-window -d -t idle -n probe \
		"env TERM=screen-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 $cmd"
	until tmx capture-pane -p -t idle:probe 2>/dev/null |
		grep -Eq -- "$re"; do
		read -r -t 0.002 -u 3 _ || true
		i=$((i + 1))
		[ "$i" -lt 10000 ] || { echo "timed out: $re" >&2; exit 1; }
	done
	end=$(now_us)
	hwm=$(sed -n 's/^VmHWM:[[:space:]]*//p' \
		"/proc/$(tmx display -p -t idle:probe '#{pane_pid}')/status")
	tmx kill-window -t idle:probe
	echo "$((end - start)) $hwm"
}

# median_ms REGEX CMD: the median of $runs runs, in ms with one decimal;
# the last run's peak RSS goes to $tmp/hwm.
median_ms() {
	local k t times=()
	for k in $(seq 1 "$runs"); do
		t=$(time_to "$1" "$2")
		times+=("${t%% *}")
		echo "${t#* }" >"$tmp/hwm"
	done
	printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p" |
		awk '{ printf "%.1f", $1 / 1000 }'
}

base=$(median_ms '^READY' "sh -c 'echo READY; exec sleep 3600'")
tui=$(median_ms "$n certs:" \
	"'$bin' --db '$tmp/inv/acmetui.db'")
echo "| first screen, $n certificates (median of $runs) | ms |"
echo "|---|---:|"
echo "| baseline: tmux window with an echo | $base |"
echo "| acmetui dashboard drawn | $tui |"
awk -v t="$tui" -v b="$base" \
	'BEGIN { printf "| acmetui alone (difference) | %.1f |\n", t - b }'
echo "| acmetui peak RSS at its first screen | $(cat "$tmp/hwm") |"
