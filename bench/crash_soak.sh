#!/bin/bash
# SPDX-License-Identifier: ISC
# crash_soak.sh - the random-kill chaos test at soak size: N certificates
# (default 100) issued, renewed, renewed again by `--renew-due -j 8` and
# a deploy target renewed and deployed, every run SIGKILLed at a random
# instant until it got through, against one local Pebble; then the
# orders and issuances the CA saw per certificate, and a slow CA under
# --wait with kills.  Prints the TAP of tests/integration/crash_chaos.sh
# and the figures; results in bench/README.md.
#
#   bench/crash_soak.sh BUILD_DIR [N [SEED]]
set -u
build=$(cd "${1:-.}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
export ACMETUI=$build/acmetui
export CHAOS_CERTS=${2:-100}
export CHAOS_SLOW_CERTS=${CHAOS_SLOW_CERTS:-10}
# More kills per operation than CI's 5 before a run may finish.
export CHAOS_MAX_KILLS=${CHAOS_MAX_KILLS:-8}
[ -n "${3:-}" ] && export CHAOS_SEED=$3
start=$(date +%s)
bash "$here/../tests/integration/crash_chaos.sh"
rc=$?
echo "# soak of $CHAOS_CERTS certificates: $(( $(date +%s) - start )) s," \
	"exit $rc"
exit $rc
