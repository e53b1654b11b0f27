#!/bin/sh
# SPDX-License-Identifier: ISC
# regress.sh - make check: every libFuzzer harness replays its committed
# corpus once (seconds), so inputs that once crashed a parser keep
# passing.  With FUZZ_SECONDS set (CI: 10) each harness is also fuzzed
# for that long.  The harnesses are built by `make fuzz-build`, a
# prerequisite of this test in tests/fuzz/fuzz.mk.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
srcdir=${top_srcdir:-$here/../..}
builddir=${top_builddir:-$srcdir}
seconds=${FUZZ_SECONDS:-0}
# Apart from `make fuzz`'s work directory, whose finds are worth keeping.
FUZZ_WORKDIR=$builddir/tests/fuzz/check-work
export FUZZ_WORKDIR
harnesses="directory account order authz problem credpkg domain pem
	headers safe b64url confobj jwk shconf"

echo "1..$(echo $harnesses | wc -w)"
n=0
for name in $harnesses; do
	n=$((n + 1))
	if [ ! -x "$builddir/tests/fuzz/fuzz_$name" ]; then
		echo "not ok $n - fuzz_$name not built (make fuzz-build)"
		continue
	fi
	if out=$(sh "$srcdir/tests/fuzz/run.sh" "$builddir/tests/fuzz" \
		"$srcdir/tests/fuzz/corpus" "$seconds" "$name" 2>&1); then
		echo "ok $n - $out"
	else
		echo "not ok $n - fuzz_$name"
		echo "$out" | sed 's/^/# /'
	fi
done
