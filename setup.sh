#!/bin/sh
# SPDX-License-Identifier: ISC
# setup.sh - set up a fresh Debian machine, build acmetui, and optionally
# run the whole test suite.
#
#   ./setup.sh            install build dependencies, build ./acmetui
#   ./setup.sh --check    also install test dependencies and run `make check`
#                         twice: a -Werror build and an ASan+UBSan build;
#                         the -Werror build also runs `make lint` (format,
#                         cppcheck, clang-tidy), `make check-valgrind` (memcheck) and
#                         `make check-package` (the .deb built, installed,
#                         purged), and fuzzes each harness for
#                         $FUZZ_SECONDS (10)
#
# Package installation needs root (or sudo); it is skipped when every
# package is already installed.
set -eu
cd "$(dirname "$0")"

BUILD_PKGS="build-essential autoconf automake autopoint libtool pkg-config
gettext libncurses-dev libssl-dev libcurl4-openssl-dev libsqlite3-dev
libjson-c-dev libldns-dev ca-certificates"
TEST_PKGS="pebble tmux busybox openssl curl iproute2 procps bind9 bind9-utils
sqlite3 python3 python3-jsonschema nginx clang libclang-rt-14-dev
bind9-dnsutils cppcheck clang-tidy clang-format valgrind bash-completion zsh
debhelper dpkg-dev fakeroot lintian systemd certbot lego cron jq"

check=no
for arg in "$@"; do
	case "$arg" in
	--check) check=yes ;;
	-h|--help) sed -n '3,16p' "$0"; exit 0 ;;
	*) echo "setup.sh: unknown option: $arg" >&2; exit 2 ;;
	esac
done

pkgs=$BUILD_PKGS
[ "$check" = yes ] && pkgs="$pkgs $TEST_PKGS"

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	echo "setup.sh: installing:$missing"
	$sudo apt-get update
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y $missing
fi

./bootstrap
if [ "$check" = no ]; then
	[ -f Makefile ] || ./configure
	make -j"$(nproc)"
	exit 0
fi

# The test suite: the warning-clean build, then the sanitizer build, each
# in its own directory so neither disturbs a developer's in-tree build.
jobs=$(nproc)
top=$(pwd)
[ ! -f Makefile ] || make distclean >/dev/null
for flavour in werror sanitizers; do
	dir="$top/_build/$flavour"
	rm -rf "$dir"
	mkdir -p "$dir"
	opts="--enable-werror"
	[ "$flavour" = sanitizers ] && opts="$opts --enable-sanitizers"
	# The -Werror pass also fuzzes each libFuzzer harness briefly
	# (tests/fuzz/regress.sh) besides replaying the committed corpora.
	fuzz=${FUZZ_SECONDS:-10}
	[ "$flavour" = sanitizers ] && fuzz=
	(cd "$dir" && "$top/configure" $opts >/dev/null &&
		make -j"$jobs" >/dev/null &&
		FUZZ_SECONDS=$fuzz make -j"$jobs" check) || {
		find "$dir/tests" -name '*.log' -newer "$dir/Makefile" \
			-exec grep -l -E '^(not ok|Bail out)|ERROR' {} + 2>/dev/null |
			while read -r log; do echo "=== $log"; tail -n 60 "$log"; done
		echo "setup.sh: $flavour test suite failed" >&2
		exit 1
	}
done
# Static analysis and memcheck, once, in the -Werror build (memcheck cannot
# run ASan binaries). Each counts as one test in the closing line.
extra_passed=0 extra_failed=0
# The Debian package is built, installed and purged (root only: dpkg -i;
# through sudo otherwise).
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
for target in lint check-valgrind check-package; do
	run=""
	[ "$target" = check-package ] && run=$sudo
	if JOBS=$jobs $run make -C "$top/_build/werror" "$target"; then
		extra_passed=$((extra_passed + 1))
	else
		echo "setup.sh: make $target failed" >&2
		extra_failed=$((extra_failed + 1))
	fi
done
# One closing line that any CI reader understands.
passed=$extra_passed failed=$extra_failed
for flavour in werror sanitizers; do
	log="$top/_build/$flavour/test-suite.log"
	p=$(sed -n 's/^# PASS: *//p' "$log" | head -n 1)
	f=$(sed -n 's/^# FAIL: *//p' "$log" | head -n 1)
	x=$(sed -n 's/^# ERROR: *//p' "$log" | head -n 1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0} + ${x:-0}))
done
if [ "$failed" -ne 0 ]; then
	echo "tests: $passed passed, $failed failed"
	exit 1
fi
echo "setup.sh: all test suites passed"
echo "tests: $passed passed, $failed failed"
