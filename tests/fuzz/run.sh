#!/bin/sh
# SPDX-License-Identifier: ISC
# run.sh - replays each harness's committed corpus once, then fuzzes it
# for SECONDS (0: replay only).  Used by `make fuzz` and regress.sh.
#
#   run.sh BINDIR CORPUSDIR SECONDS HARNESS...
#
# The corpus is copied to $FUZZ_WORKDIR/NAME (default BINDIR/work/NAME)
# first, so the committed one is never modified; new inputs stay there
# (merge the useful ones by hand with -merge=1).  Crashes are written to BINDIR/artifacts/.  Exits
# non-zero when any harness fails.
set -u
bindir=$1 corpus=$2 seconds=$3
shift 3
failed=0

# The largest input worth trying for each harness: a little above what
# the parser accepts or what real inputs look like.
max_len() {
	case $1 in
	domain) echo 600 ;;
	headers) echo 2048 ;;
	account | problem | safe | b64url) echo 4096 ;;
	authz | credpkg) echo 8192 ;;
	*) echo 16384 ;;
	esac
}

workdir=${FUZZ_WORKDIR:-$bindir/work}
mkdir -p "$bindir/artifacts" "$workdir"
for name in "$@"; do
	bin=$bindir/fuzz_$name work=$workdir/$name
	opts="-max_len=$(max_len "$name") -artifact_prefix=$bindir/artifacts/${name}-"
	rm -rf "$work"
	mkdir -p "$work"
	cp "$corpus/$name"/* "$work"/ || { failed=1; continue; }
	start=$(date +%s)
	# shellcheck disable=SC2086
	if ! "$bin" $opts -runs=0 "$work" >"$work.log" 2>&1; then
		echo "fuzz_$name: corpus replay FAILED, see $work.log" >&2
		tail -n 30 "$work.log" >&2
		failed=1
		continue
	fi
	if [ "$seconds" -gt 0 ]; then
		# shellcheck disable=SC2086
		if ! "$bin" $opts -max_total_time="$seconds" \
			-print_final_stats=1 "$work" >>"$work.log" 2>&1; then
			echo "fuzz_$name: FAILED, see $work.log" >&2
			tail -n 40 "$work.log" >&2
			failed=1
			continue
		fi
	fi
	echo "fuzz_$name: ok ($(ls "$work" | wc -l) inputs," \
	     "$(( $(date +%s) - start )) s)"
done
exit $failed
