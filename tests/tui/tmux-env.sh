# SPDX-License-Identifier: ISC
# tmux-env.sh - drive the real acmetui binary in a private tmux server
# (sourced by the tests/tui scripts).
#
#   tui_start COLS ROWS CMD...   start CMD in a new detached session
#   tui_screen                   print the pane as text
#   tui_screen_esc               print the pane with escape sequences (-e)
#   tui_wait REGEX [SECONDS]     poll the pane until REGEX (grep -E)
#                                appears; 0 when it did, 1 on timeout
#   tui_gone REGEX [SECONDS]     poll until REGEX is no longer shown
#   tui_keys KEY...              tmux send-keys (key names: Enter, Tab..)
#   tui_type TEXT                send TEXT literally
#   tui_paste FILE               paste FILE as a terminal paste would
#   tui_resize COLS ROWS         resize the window
#   tui_stop                     kill the private server (trap it)
#
# Every wait is bounded (default 10 s) and polls every 0.1 s: no fixed
# sleeps.  The server is private: tmux -L acmetui-test-$$ -f /dev/null.

TUI_SOCK=acmetui-test-$$
TUI_T="acmetui:0.0"

tmx() { tmux -L "$TUI_SOCK" -f /dev/null "$@"; }

tui_start() {
	local cols=$1 rows=$2
	shift 2
	tmx new-session -d -s acmetui -x "$cols" -y "$rows" \
		"env TERM=screen-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 $*"
	tmx set-option -t acmetui remain-on-exit on >/dev/null
	tmx set-option -g default-terminal screen-256color >/dev/null
}

tui_screen() { tmx capture-pane -p -t "$TUI_T"; }
tui_screen_esc() { tmx capture-pane -p -e -t "$TUI_T"; }

tui_wait() {
	local re=$1 secs=${2:-10} i=0
	while [ "$i" -lt $((secs * 10)) ]; do
		tui_screen | grep -Eq -- "$re" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "# timed out after ${secs}s waiting for: $re" >&2
	tui_screen | sed 's/^/# | /' >&2
	return 1
}

tui_gone() {
	local re=$1 secs=${2:-10} i=0
	while [ "$i" -lt $((secs * 10)) ]; do
		tui_screen | grep -Eq -- "$re" || return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "# timed out after ${secs}s waiting for '$re' to go" >&2
	return 1
}

tui_keys() { tmx send-keys -t "$TUI_T" "$@"; }
tui_type() { tmx send-keys -t "$TUI_T" -l -- "$1"; }

tui_paste() {
	tmx load-buffer -b acmetui-paste "$1"
	tmx paste-buffer -b acmetui-paste -t "$TUI_T" -d
}

tui_resize() {
	tmx resize-window -t acmetui -x "$1" -y "$2" 2>/dev/null ||
		tmx resize-pane -t "$TUI_T" -x "$1" -y "$2"
}

# Is the program in the pane still running?
tui_dead() { [ "$(tmx display-message -p -t "$TUI_T" '#{pane_dead}')" = 1 ]; }

# kill-server returns before the server has gone: a session started at
# once may meet the old server exiting ("server exited unexpectedly").
tui_stop() {
	local i
	tmx kill-server 2>/dev/null
	for i in 1 2 3 4 5 6 7 8 9 10; do
		tmx has-session 2>/dev/null || return 0
		sleep 0.1
	done
}
