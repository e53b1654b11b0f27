# tests/tui: the real binary driven in a private tmux server.
EXTRA_DIST += tests/tui/tmux-env.sh
SCRIPT_TESTS += tests/tui/flow.sh
SCRIPT_TESTS += tests/tui/untrusted.sh
SCRIPT_TESTS += tests/tui/plain.sh
SCRIPT_TESTS += tests/tui/concurrency.sh
SCRIPT_TESTS += tests/tui/export.sh
SCRIPT_TESTS += tests/tui/nocreate.sh
EXTRA_DIST += tests/tui/screens-env.sh
SCRIPT_TESTS += tests/tui/forms.sh
SCRIPT_TESTS += tests/tui/help.sh
SCRIPT_TESTS += tests/tui/events.sh
SCRIPT_TESTS += tests/tui/detail.sh
SCRIPT_TESTS += tests/tui/lifebar.sh
SCRIPT_TESTS += tests/tui/forecast.sh
SCRIPT_TESTS += tests/tui/hooks.sh
SCRIPT_TESTS += tests/tui/dashboard.sh
SCRIPT_TESTS += tests/tui/editcert.sh
