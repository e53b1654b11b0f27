# tests/tui: the real binary driven in a private tmux server.
EXTRA_DIST += tests/tui/tmux-env.sh
SCRIPT_TESTS += tests/tui/flow.sh
SCRIPT_TESTS += tests/tui/untrusted.sh
SCRIPT_TESTS += tests/tui/plain.sh
SCRIPT_TESTS += tests/tui/concurrency.sh
SCRIPT_TESTS += tests/tui/export.sh
SCRIPT_TESTS += tests/tui/dashboard.sh
