# SPDX-License-Identifier: ISC
# tap.sh - TAP helpers for the shell test scripts (sourced).
#
#   ok COND_EXIT_STATUS "description"   e.g.  [ -f x ]; ok $? "x exists"
#   run CMD...                           runs CMD, keeps $out, $errout, $rc
#   nonempty FILE...                     each FILE exists and is not empty
#   done_testing                         prints the plan, exits 0/1
#   wait_tcp PORT                        waits for a listener on loopback

_tap_n=0
_tap_failed=0

ok() {
	_tap_n=$((_tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_tap_n - $2"
	else
		echo "not ok $_tap_n - $2"
		_tap_failed=$((_tap_failed + 1))
		if [ -n "${out+x}" ]; then
			printf '%s\n' "# last command (rc=$rc):" "# stdout: ${out}" \
				"# stderr: ${errout}" | head -n 40
		fi
	fi
}

# run CMD...: captures stdout in $out, stderr in $errout, status in $rc.
run() {
	local tmpo tmpe
	tmpo=$(mktemp) tmpe=$(mktemp)
	"$@" >"$tmpo" 2>"$tmpe"
	rc=$?
	out=$(cat "$tmpo") errout=$(cat "$tmpe")
	rm -f "$tmpo" "$tmpe"
	return 0
}

# nonempty FILE...: true when every FILE exists and holds something.  The
# first half of a negative check on files (`nonempty f && ! grep -q x f`):
# grep on a missing file fails, so `! grep` alone passes when the file
# was never written.  Names the first file that is missing or empty.
nonempty() {
	local f
	for f in "$@"; do
		[ -s "$f" ] || { echo "# $f: missing or empty"; return 1; }
	done
}

# wait_tcp PORT: returns 0 once something accepts on 127.0.0.1:PORT, 1
# after about 10 seconds (a server a test started, e.g. openssl s_server).
wait_tcp() {
	local i=0
	until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -gt 100 ] && return 1
		sleep 0.1
	done
	return 0
}

done_testing() {
	echo "1..$_tap_n"
	[ "$_tap_failed" -eq 0 ]
	exit $?
}
