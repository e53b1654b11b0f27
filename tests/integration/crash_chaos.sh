#!/bin/bash
# SPDX-License-Identifier: ISC
# crash_chaos.sh - SIGKILL at a random instant, never a second
# certificate.  Against a real Pebble (EAB, nonce rejection on, a web
# server for http-01 that outlives the killed runs, as an operator's
# nginx would):
#   - `cert issue` of CHAOS_CERTS certificates, each run killed at a
#     random moment of its first 110% (of an unkilled issuance's time),
#     then rerun, until the certificate is stored;
#   - `cert renew` of every one of them the same way;
#   - `--renew-due -j 8` with all of them due at once (several orders in
#     flight), killed and rerun until every one is renewed;
#   - `cert deploy` killed at random into a live directory, rerun: the
#     files are entirely the new set, never a mix;
#   - a slow CA (validation outliving `--wait 1`), runs killed at random:
#     the next run resumes the order instead of ordering again.
# Afterwards, at the CA (Pebble's log: one "Added order" per newOrder,
# one "Issued certificate" per issuance): exactly one order and one
# issuance per certificate and operation; every order the CA made is in
# the inventory, with the CA's status; PRAGMA integrity_check ok.
# The random seed is printed; CHAOS_SEED=N replays a run.  CHAOS_CERTS
# sets the size (default 24, 10 under AddressSanitizer), CHAOS_SPAN_MS
# the kill span (default 110% of the fastest unkilled issuance), and
# CHAOS_MAX_KILLS the kills per operation before it runs unkilled
# (default 5).  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
. "$here/pebble-env.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
for bin in sqlite3 busybox openssl; do
	command -v "$bin" >/dev/null ||
		{ echo "Bail out! $bin is needed"; exit 1; }
done

seed=${CHAOS_SEED:-$(( $(date +%s) % 100000 ))}
RANDOM=$seed
echo "# seed $seed (replay: CHAOS_SEED=$seed)"
if [ -z "${CHAOS_CERTS:-}" ]; then
	CHAOS_CERTS=24
	# Under ASan a run is ~10x slower: fewer certificates, same kills.
	ldd "$ACMETUI" 2>/dev/null | grep -q libasan && CHAOS_CERTS=10
fi
# Kills per operation before it is let run to its end.
max_kills=${CHAOS_MAX_KILLS:-5}

httpd_pid=
cleanup() {
	[ -n "$httpd_pid" ] && kill "$httpd_pid" 2>/dev/null
	pebble_stop
}
trap cleanup EXIT
pebble_start || { echo "Bail out! Pebble did not start"; exit 1; }
work=$PEBBLE_TMP/work
mkdir -p "$work/webroot"
export ACMETUI_DB=$work/inv/acmetui.db
export ACMETUI_CA_FILE=$PEBBLE_CA_FILE
busybox httpd -f -p "127.0.0.1:$PEBBLE_HTTP_PORT" -h "$work/webroot" &
httpd_pid=$!
a() { "$ACMETUI" "$@"; }
q() { sqlite3 -batch -noheader "$ACMETUI_DB" "$1"; }
now_ms() { date +%s%3N; }
printf '%s\n' "$EAB_HMAC" >"$work/hmac"
chmod 600 "$work/hmac"
run a account add --agree-tos p --server "$PEBBLE_DIR" --eab-kid "$EAB_KID" \
	--eab-hmac-key-file "$work/hmac"
ok $rc "account registered ($errout)"

kills=0
# chaos_run SPAN_MS CMD...: runs CMD, SIGKILLed after a random delay in
# [0, SPAN_MS] ms unless it ends first.  Sets rc.
chaos_run() {
	local span=$1 delay pid
	shift
	delay=$(( (RANDOM * 32768 + RANDOM) % (span + 1) ))
	"$@" >/dev/null 2>&1 &
	pid=$!
	sleep "$(awk -v d="$delay" 'BEGIN { printf "%.3f", d / 1000 }')"
	kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
	wait "$pid" 2>/dev/null
	rc=$?
}
# 110% of a run's time in ms, at least 1.
span_of() {
	local s=$(( $1 * 11 / 10 ))
	[ "$s" -gt 0 ] || s=1
	echo "$s"
}

serial_of() { q "select coalesce(serial, '') from certificates
	where name = '$1'"; }
# until_changed NAME OLD_SERIAL SPAN CMD...: kills CMD at random until
# NAME's stored serial differs from OLD_SERIAL, then runs it unkilled.
# Returns 1 when it never changed.
until_changed() {
	local name=$1 old=$2 span=$3 n=0
	shift 3
	while [ "$(serial_of "$name")" = "$old" ] && [ "$n" -lt "$max_kills" ]
	do
		chaos_run "$span" "$@"
		n=$((n + 1))
	done
	[ "$(serial_of "$name")" = "$old" ] && run "$@"
	[ "$(serial_of "$name")" != "$old" ] && return 0
	echo "# $name: the unkilled run failed (rc=$rc): $errout"
	q "select '#   ' || stage || ' ' || level || ' ' || message from events
		where subject = '$name' order by id desc limit 8"
	return 1
}

# The fastest of three unkilled issuances sets the span the kills are
# drawn from (one alone is skewed by a busy machine); CHAOS_SPAN_MS
# overrides it.
best=
for t in 1 2 3; do
	a cert add "t$t" --account p -d "t$t.chaos.test" \
		--webroot "$work/webroot" >/dev/null
	t0=$(now_ms)
	run a cert issue "t$t"
	took=$(( $(now_ms) - t0 ))
	[ "$rc" -eq 0 ] || break
	[ -n "$best" ] && [ "$best" -le "$took" ] || best=$took
done
ok $rc "three unkilled issuances, the fastest in $best ms ($errout)"
span=${CHAOS_SPAN_MS:-$(span_of "$best")}
echo "# kills drawn from 0..$span ms"
ops=3

# --- cert issue ---
fail=0
for i in $(seq 1 "$CHAOS_CERTS"); do
	a cert add "c$i" --account p -d "c$i.chaos.test" \
		-d "www.c$i.chaos.test" --webroot "$work/webroot" >/dev/null
	until_changed "c$i" "" "$span" "$ACMETUI" cert issue "c$i" ||
		{ fail=$((fail + 1)); echo "# c$i: not issued"; }
	ops=$((ops + 1))
done
ok "$fail" "cert issue under random kills: all $CHAOS_CERTS stored ($kills kills so far)"

# --- cert renew ---
fail=0
for i in $(seq 1 "$CHAOS_CERTS"); do
	until_changed "c$i" "$(serial_of "c$i")" "$span" \
		"$ACMETUI" cert renew --force "c$i" ||
		{ fail=$((fail + 1)); echo "# c$i: not renewed"; }
	ops=$((ops + 1))
done
ok "$fail" "cert renew under random kills: all renewed ($kills kills so far)"

# --- --renew-due -j 8, everything due at once ---
declare -A before
for i in $(seq 1 "$CHAOS_CERTS"); do
	before[c$i]=$(serial_of "c$i")
	a cert set "c$i" --renew-at now >/dev/null
done
left() {
	local i n=0
	for i in $(seq 1 "$CHAOS_CERTS"); do
		[ "$(serial_of "c$i")" = "${before[c$i]}" ] && n=$((n + 1))
	done
	echo "$n"
}
n=0
bspan=$(( span * CHAOS_CERTS / 4 ))
while [ "$(left)" -gt 0 ] && [ "$n" -lt $((max_kills * 2)) ]; do
	chaos_run "$bspan" "$ACMETUI" --renew-due -j 8 --quiet
	n=$((n + 1))
done
[ "$(left)" -eq 0 ] || a --renew-due -j 8 --quiet >/dev/null 2>&1
nleft=$(left)
[ "$nleft" -eq 0 ]
ok $? "--renew-due -j 8 under random kills: all renewed ($nleft left, $n runs)"
ops=$((ops + CHAOS_CERTS))

# --- cert deploy ---
live=$work/live
pub_of_key() { openssl pkey -pubout -in "$1" 2>/dev/null; }
pub_of_cert() { openssl x509 -noout -pubkey -in "$1" 2>/dev/null; }
serial_file() { openssl x509 -noout -serial -in "$1" 2>/dev/null |
	sed 's/^serial=//' | tr a-f A-F | sed 's/^0*//'; }
norm() { tr -d : | tr a-f A-F | sed 's/^0*//'; }
a cert add dep --account p -d dep.chaos.test --webroot "$work/webroot" \
	--deploy-dir "$live" >/dev/null
run a cert issue dep
ok $rc "dep: issued and deployed ($errout)"
ops=$((ops + 1))
mixed=0
for round in 1 2 3 4 5 6; do
	# A new certificate in the inventory, then deploys killed at random.
	old=$(serial_of dep)
	until_changed dep "$old" "$span" "$ACMETUI" cert renew --force dep ||
		mixed=$((mixed + 1))
	ops=$((ops + 1))
	for k in 1 2 3; do
		chaos_run 60 "$ACMETUI" cert deploy dep
	done
	a cert deploy dep >/dev/null 2>&1
	want=$(serial_of dep | norm)
	if [ "$(serial_file "$live/cert.pem")" != "$want" ] ||
		[ "$(serial_file "$live/fullchain.pem")" != "$want" ] ||
		[ "$(pub_of_key "$live/privkey.pem")" != \
			"$(pub_of_cert "$live/cert.pem")" ]; then
		mixed=$((mixed + 1))
		echo "# round $round: deployed set is not entirely the new one"
	fi
done
ok "$mixed" "cert deploy under random kills: the live set is entirely the new one each round"

# --- at the CA ---
log=$PEBBLE_TMP/pebble.log
n_orders=$(grep -c 'Added order' "$log")
n_issued=$(grep -c 'Issued certificate serial' "$log")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "# $ops operations, $kills kills: $n_orders orders," \
	"$n_issued issuances at the CA:" \
	"$(ratio "$n_orders" "$ops") orders and" \
	"$(ratio "$n_issued" "$ops") issuances per certificate"
[ "$n_orders" -eq "$ops" ]
ok $? "exactly one order per certificate at the CA ($n_orders for $ops)"
[ "$n_issued" -eq "$ops" ]
ok $? "exactly one issuance per certificate at the CA ($n_issued for $ops)"
# Every order the CA made is known to the inventory.
unknown=0
for id in $(sed -n 's/.*Added order "\([^"]*\)".*/\1/p' "$log"); do
	[ "$(q "select count(*) from orders where url like '%/$id'")" -eq 1 ] ||
		{ unknown=$((unknown + 1)); echo "# order $id not in the inventory"; }
done
[ "$n_orders" -gt 0 ] && [ "$unknown" -eq 0 ]
ok $? "every order the CA made is in the inventory ($unknown unknown)"
# Stored statuses follow the CA: every order the CA issued on is valid.
bad=0
for id in $(sed -n 's/.*Issued certificate serial [0-9a-f]* for order \([^ ]*\).*/\1/p' "$log"); do
	st=$(q "select status from orders where url like '%/$id'")
	[ "$st" = valid ] || { bad=$((bad + 1)); echo "# order $id: stored $st, the CA issued"; }
done
[ "$n_issued" -gt 0 ] && [ "$bad" -eq 0 ]
ok $? "every order the CA issued on is stored as valid ($bad not)"
r=$(q 'PRAGMA integrity_check')
[ "$r" = ok ]; ok $? "integrity_check after $kills kills ($r)"
[ "$kills" -gt 0 ]; ok $? "the runs were killed ($kills times)"

# --- a slow CA under --wait: validation outlives the run's time limit
# (Pebble sleeps 0 to 2 s before each validation), runs killed at random
# too; the next run resumes the order, never orders again. ---
kill "$httpd_pid" 2>/dev/null; wait "$httpd_pid" 2>/dev/null
pebble_stop
pebble_start PEBBLE_VA_NOSLEEP=0 PEBBLE_VA_SLEEPTIME=3 ||
	{ echo "Bail out! the slow Pebble did not start"; exit 1; }
work=$PEBBLE_TMP/work
mkdir -p "$work/webroot"
export ACMETUI_DB=$work/inv/acmetui.db
export ACMETUI_CA_FILE=$PEBBLE_CA_FILE
busybox httpd -f -p "127.0.0.1:$PEBBLE_HTTP_PORT" -h "$work/webroot" &
httpd_pid=$!
printf '%s\n' "$EAB_HMAC" >"$work/hmac"
chmod 600 "$work/hmac"
a account add --agree-tos p --server "$PEBBLE_DIR" --eab-kid "$EAB_KID" \
	--eab-hmac-key-file "$work/hmac" >/dev/null
n_slow=${CHAOS_SLOW_CERTS:-4}
fail=0 pend=0
for i in $(seq 1 "$n_slow"); do
	a cert add "s$i" --account p -d "s$i.chaos.test" \
		--webroot "$work/webroot" >/dev/null
	n=0
	while [ -z "$(serial_of "s$i")" ] && [ "$n" -lt 12 ]; do
		if [ $((n % 2)) -eq 0 ]; then
			chaos_run 1500 "$ACMETUI" cert issue "s$i" --wait 1
		else
			run a cert issue "s$i" --wait 1
			[ "$rc" -eq 1 ] && pend=$((pend + 1))
		fi
		n=$((n + 1))
	done
	[ -n "$(serial_of "s$i")" ] || run a cert issue "s$i" --wait 30
	[ -n "$(serial_of "s$i")" ] ||
		{ fail=$((fail + 1)); echo "# s$i: not issued ($errout)"; }
done
ok "$fail" "slow CA under --wait 1 and random kills: all $n_slow issued ($pend runs left the order to the next)"
log=$PEBBLE_TMP/pebble.log
n_orders=$(grep -c 'Added order' "$log")
n_issued=$(grep -c 'Issued certificate serial' "$log")
echo "# slow CA: $n_orders orders, $n_issued issuances for $n_slow certificates"
[ "$n_orders" -eq "$n_slow" ] && [ "$n_issued" -eq "$n_slow" ]
r=$?
[ "$r" -eq 0 ] || q "select '#   ' || subject || ' ' || level || ' ' ||
	message from events where level != 'info' or message like 'new order%'
	order by id"
ok $r "slow CA: one order and one issuance per certificate ($n_orders, $n_issued for $n_slow)"
r=$(q 'PRAGMA integrity_check')
[ "$r" = ok ]; ok $? "slow CA: integrity_check ($r)"
done_testing
