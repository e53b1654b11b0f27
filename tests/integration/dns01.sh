#!/bin/bash
# SPDX-License-Identifier: ISC
# dns01.sh - DNS-01 against a real BIND 9 (bind-env.sh): the resolver's
# answers, RFC 2136 updates (wildcard + apex at one name, exact deletes,
# wrong keys), CNAME delegation, the propagation wait and its timeout,
# the hook solver with contrib/hooks/nsupdate-hook.sh, and the
# challtestsrv hook against pebble-challtestsrv.
. "$top_srcdir/tests/integration/tap.sh"
. "$top_srcdir/tests/integration/bind-env.sh"

T="$top_builddir/tests/integration/test_dns"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/acmetui-dns01.XXXXXX")
CTS_PID=""
cleanup() {
	[ -n "$CTS_PID" ] && kill "$CTS_PID" 2>/dev/null && wait "$CTS_PID" 2>/dev/null
	bind_stop
	rm -rf "$WORK"
}
trap cleanup EXIT
if ! bind_start; then
	echo "Bail out! BIND did not start"
	exit 1
fi
S="--server $BIND_SERVER --timeout 3000"
export TEST_TSIG_SECRET=$TSIG_SECRET

# Sanitizer reports in any driver's stderr fail the last test: failure
# cases expect a non-zero status, which would hide them otherwise.
san_hits=0
run_checked() {
	run "$@"
	case $errout in
	*Sanitizer*|*"runtime error"*) san_hits=$((san_hits + 1))
		printf '# sanitizer: %s\n' "$errout" | head -n 20 ;;
	esac
}

# txt_sorted NAME: the TXT values at NAME via dig, sorted, one line.
txt_sorted() {
	bind_dig TXT "$1" | tr -d '"' | sort | tr '\n' ' '
}
# sorted_words WORDS...: the words sorted, one line.
sorted_words() {
	printf '%s\n' "$@" | sort | tr '\n' ' '
}

# solve_start ARGS...: starts "test_dns ARGS" as a coprocess and reads its
# VALUE lines until READY (values in VAL_<n>, the status in $ready).
solve_start() {
	coproc DRV { exec "$T" "$@" 2>"$WORK/drv.err"; }
	drv_pid=$DRV_PID # bash unsets DRV_PID when the coprocess ends
	vals=() ready=no
	while read -r -u "${DRV[0]}" w id v; do
		case $w in
		VALUE) vals+=("$v") ;;
		READY) ready=yes; break ;;
		esac
	done
}
# solve_finish: lets the coprocess clean up; $cleaned says whether it did.
solve_finish() {
	local w
	cleaned=no
	echo go >&"${DRV[1]}" 2>/dev/null
	while read -r -u "${DRV[0]}" w 2>/dev/null; do
		[ "$w" = CLEANED ] && cleaned=yes
	done
	wait "$drv_pid" 2>/dev/null
	drv_rc=$?
	[ "$drv_rc" -eq 0 ] || cleaned="no (exit $drv_rc)"
	if grep -q -e Sanitizer -e "runtime error" "$WORK/drv.err"; then
		san_hits=$((san_hits + 1))
		sed 's/^/# /' "$WORK/drv.err" | head -n 20
	fi
}

# ---- The resolver. ----
run_checked "$T" $S cname _acme-challenge.www.example.test
[ "$rc" -eq 0 ] && [ "$out" = x.acme-delegate.test ]
ok $? "CNAME chain followed to x.acme-delegate.test"
run_checked "$T" $S cname _acme-challenge.example.test
[ "$rc" -eq 0 ] && [ "$out" = - ]
ok $? "no CNAME reported as none"
run_checked "$T" $S zone _acme-challenge.www.example.test
[ "$out" = "example.test ns1.example.test" ]
ok $? "zone of a name found from the SOA in a negative answer"
run_checked "$T" $S auth x.acme-delegate.test
[ "$out" = "ns1.example.test $BIND_SERVER" ]
ok $? "authoritative servers: loopback NS reached at the configured port"
run_checked "$T" $S caa www.example.test
[ "$out" = "example.test 0 issue ca.example" ]
ok $? "CAA found by climbing to example.test"
run_checked "$T" $S txt nothing.example.test
[ "$rc" -eq 0 ] && [ -z "$out" ]
ok $? "no TXT is an empty answer, not an error"
run_checked "$T" --server 127.0.0.1:9 --timeout 1500 txt example.test
[ "$rc" -ne 0 ] && case $errout in *127.0.0.1:9*) true ;; *) false ;; esac
ok $? "an unreachable server fails naming it: $errout"

# ---- RFC 2136: wildcard + apex at one name, a CNAME'd name. ----
# A value of someone else's at the same name must survive our cleanup.
printf 'server %s %s\nupdate add _acme-challenge.example.test. 60 IN TXT "keepme"\nsend\n' \
	"$BIND_ADDR" "$BIND_PORT" | nsupdate -k "$TSIG_KEYFILE"
solve_start $S --wait 10000 --rfc2136-server "$BIND_SERVER" \
	--tsig-name "$TSIG_NAME" --seed rfc solve rfc2136 \
	'*.example.test' example.test www.example.test
[ "$ready" = yes ]
ok $? "rfc2136: three tasks presented and visible (ready)"
[ "$(txt_sorted _acme-challenge.example.test)" = \
	"$(sorted_words keepme "${vals[0]}" "${vals[1]}")" ]
ok $? "rfc2136: both values (wildcard, apex) at one name, next to others"
[ "$(txt_sorted x.acme-delegate.test)" = "$(sorted_words "${vals[2]}")" ]
ok $? "rfc2136: the CNAME'd name's record landed at the target"
[ -z "$(bind_dig TXT _acme-challenge.www.example.test | grep -v '^x\.')" ]
ok $? "rfc2136: nothing written at the CNAME itself"
run_checked "$T" $S txt _acme-challenge.example.test
[ "$(sorted_words $out)" = "$(sorted_words keepme "${vals[0]}" "${vals[1]}")" ]
ok $? "our resolver sees the same values as dig"
run_checked "$T" $S txt x.acme-delegate.test
[ "$out" = "${vals[2]}" ]
ok $? "our resolver sees the delegated value at the target"
solve_finish
[ "$cleaned" = yes ]
ok $? "rfc2136: cleaned up"
[ "$(txt_sorted _acme-challenge.example.test)" = "keepme " ] &&
	[ -z "$(txt_sorted x.acme-delegate.test)" ]
ok $? "rfc2136: exactly our records deleted, the other value kept"
grep -q "CNAME" "$WORK/drv.err"
ok $? "progress mentions the CNAME delegation"

# ---- RFC 2136 with the second key (hmac-sha512) and a given zone. ----
TEST_TSIG_SECRET=$TSIG2_SECRET run_checked "$T" $S --wait 10000 \
	--rfc2136-server "$BIND_SERVER" --zone example.test \
	--tsig-name "$TSIG2_NAME" --tsig-alg hmac-sha512 --seed s512 \
	solve rfc2136 sha.example.test </dev/null
[ "$rc" -eq 0 ] && case $out in *CLEANED*) true ;; *) false ;; esac
ok $? "rfc2136 with hmac-sha512 and a configured zone"
[ -z "$(txt_sorted _acme-challenge.sha.example.test)" ]
ok $? "... and its record is gone again"

# ---- Wrong keys. ----
TEST_TSIG_SECRET=$(openssl rand -base64 32) run_checked "$T" $S \
	--rfc2136-server "$BIND_SERVER" --tsig-name "$TSIG_NAME" \
	solve rfc2136 example.test </dev/null
[ "$rc" -ne 0 ] && case $errout in
	*"rejected by $BIND_SERVER (BADSIG)"*) true ;; *) false ;; esac
ok $? "wrong TSIG secret: clear BADSIG error"
TEST_TSIG_SECRET=$TSIG_SECRET run_checked "$T" $S \
	--rfc2136-server "$BIND_SERVER" --tsig-name no-such-key \
	solve rfc2136 example.test </dev/null
[ "$rc" -ne 0 ] && case $errout in
	*"rejected by $BIND_SERVER (BADKEY)"*) true ;; *) false ;; esac
ok $? "unknown TSIG key: clear BADKEY error"
case $errout$out in *"$TSIG_SECRET"*) false ;; *) true ;; esac
ok $? "the secret never appears in the output"
TEST_TSIG_SECRET= run_checked "$T" $S --rfc2136-server "$BIND_SERVER" \
	solve rfc2136 example.test </dev/null
[ "$rc" -ne 0 ] && case $errout in *REFUSED*) true ;; *) false ;; esac
ok $? "unsigned update refused: clear REFUSED error"
run_checked "$T" $S --rfc2136-server "$BIND_SERVER" --zone example.test \
	--tsig-name "$TSIG_NAME" solve rfc2136 www.example.test </dev/null
[ "$rc" -ne 0 ] && case $errout in *"not in the configured zone"*) true ;;
	*) false ;; esac
ok $? "a CNAME out of the configured zone is a clear error"

# ---- The propagation wait. ----
start=$(date +%s)
run_checked "$T" $S --wait 2000 wait _acme-challenge.never.example.test abc def
end=$(date +%s)
[ "$rc" -ne 0 ] && case $errout in
	*"_acme-challenge.never.example.test TXT not visible after 2 s"*"ns1.example.test ($BIND_SERVER) lacks 'abc' (2 of 2 values missing)"*) true ;;
	*) false ;; esac
ok $? "a record never added times out naming record, server and value"
[ $((end - start)) -le 5 ]
ok $? "the timeout is kept ($((end - start)) s)"
run_checked "$T" $S --mode resolver --wait 2000 wait _acme-challenge.example.test keepme
[ "$rc" -eq 0 ] && [ "$out" = VISIBLE ]
ok $? "resolver mode: visible at the configured resolver"

# ---- The hook solver with nsupdate-hook.sh. ----
export NSUPDATE_KEYFILE=$TSIG_KEYFILE NSUPDATE_SERVER=$BIND_ADDR NSUPDATE_PORT=$BIND_PORT
solve_start $S --wait 10000 --hook "$top_srcdir/contrib/hooks/nsupdate-hook.sh" \
	--seed hook solve hook '*.example.test' example.test www.example.test
[ "$ready" = yes ]
ok $? "hook: presented and visible"
[ "$(txt_sorted _acme-challenge.example.test)" = \
	"$(sorted_words keepme "${vals[0]}" "${vals[1]}")" ] &&
	[ "$(txt_sorted x.acme-delegate.test)" = "$(sorted_words "${vals[2]}")" ]
ok $? "hook: two values at one name, the CNAME'd one at its target"
solve_finish
[ "$cleaned" = yes ] && [ "$(txt_sorted _acme-challenge.example.test)" = "keepme " ] &&
	[ -z "$(txt_sorted x.acme-delegate.test)" ]
ok $? "hook: del removed exactly our values"
run_checked "$T" $S --hook "echo no such zone >&2; exit 3" \
	solve hook fail.example.test </dev/null
[ "$rc" -ne 0 ] && case $errout in
	*"dns hook 'echo no such zone >&2; exit 3' failed (exit 3): no such zone"*) true ;; *) false ;; esac
ok $? "hook failure reported with the hook's first stderr line"
unset NSUPDATE_KEYFILE NSUPDATE_SERVER NSUPDATE_PORT

# ---- The challtestsrv hook (wildcard + apex with one-value clear). ----
port_m=$(_bind_pick_port) port_d=$(_bind_pick_port)
pebble-challtestsrv -management "127.0.0.1:$port_m" -dns01 "127.0.0.1:$port_d" \
	-http01 "" -https01 "" -tlsalpn01 "" >"$WORK/cts.log" 2>&1 &
CTS_PID=$!
export CHALLTESTSRV_MGMT="http://127.0.0.1:$port_m" CHALLTESTSRV_DNS="127.0.0.1:$port_d"
for i in $(seq 1 50); do
	curl -s -o /dev/null "$CHALLTESTSRV_MGMT/" && break
	sleep 0.1
done
solve_start --server "$CHALLTESTSRV_DNS" --mode resolver --wait 10000 \
	--hook "$top_srcdir/contrib/hooks/challtestsrv-hook.sh" --seed cts \
	solve hook '*.cts.test' cts.test
[ "$ready" = yes ] && [ "$(dig +short -p "$port_d" @127.0.0.1 TXT _acme-challenge.cts.test | tr -d '"' | sort | tr '\n' ' ')" = \
	"$(sorted_words "${vals[0]}" "${vals[1]}")" ]
ok $? "challtestsrv hook: both values served at one name"
solve_finish
[ "$cleaned" = yes ] && [ -z "$(dig +short -p "$port_d" @127.0.0.1 TXT _acme-challenge.cts.test)" ]
ok $? "challtestsrv hook: both removed"

[ "$san_hits" -eq 0 ]
ok $? "no sanitizer reports from the driver"

done_testing
