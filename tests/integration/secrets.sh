#!/bin/bash
# SPDX-License-Identifier: ISC
# secrets.sh - secrets stay secret, against a real Pebble.  A DNS-01 hook,
# a reload command, a deploy hook and a notify hook record their own argv,
# command line, environment and standard input, and those of the /bin/sh
# that runs them (when it did not exec them); an account with EAB, a certificate
# issued through the hook, deployed with the reload command, renewed by
# --renew-due (which notifies), and a domain with a TSIG key.  Then none
# of the recordings, of the stdout/stderr of every command (--json
# included), of the events and runs tables may contain the certificate
# keys (any line of their base64 body), the account key, the EAB HMAC key
# or the TSIG secret; `account show`, `cert show`, `domain show` mask
# them.  Files: the inventory 0600 in a 0700 directory, exported and
# deployed keys 0600, whatever the umask (000 and 022).  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/tap.sh"
. "$here/pebble-env.sh"
ACMETUI=${ACMETUI:-$top/acmetui}
trap pebble_stop EXIT
pebble_start || { echo "Bail out! Pebble did not start"; exit 1; }

work=$PEBBLE_TMP/work
rec=$work/rec
mkdir -p "$work" "$rec"
inv=$work/inv
export ACMETUI_DB=$inv/acmetui.db ACMETUI_CA_FILE=$PEBBLE_CA_FILE
outputs=$work/outputs		# every command's stdout and stderr
: >"$outputs"
# pebble-env.sh exports the EAB keys for convenience; here they must
# reach acmetui only through the file, as they would in production.
export -n EAB_HMAC EAB_HMAC2
TSIG_SECRET_T=$(openssl rand -base64 32)
# Also in the environment of every run: children must not inherit it.
export ACMETUI_TSIG_SECRET=$TSIG_SECRET_T

# u MASK CMD...: runs acmetui under umask MASK, keeping the outputs.
u() {
	local mask=$1
	shift
	run sh -c 'umask "$1"; shift; exec "$@"' sh "$mask" "$ACMETUI" "$@"
	printf '%s\n%s\n' "$out" "$errout" >>"$outputs"
}
mode() { stat -c %a "$1" 2>/dev/null; }

# The recording hook: argv, /proc command line, environment, stdin; then,
# as the DNS hook, it passes the call on to the challtestsrv hook.
cat >"$work/recorder" <<EOF
#!/bin/sh
f=$rec/\$(basename "\$0").\$\$
printf '%s\n' "\$0" "\$@" >"\$f.argv"
cat /proc/\$\$/cmdline >"\$f.cmdline"
cat /proc/\$\$/environ >"\$f.environ"
env >"\$f.env"
# The shell acmetui started (sh -c CMD), unless it exec'd us.
case \$(cat /proc/\$PPID/comm) in
sh|dash|bash) cat /proc/\$PPID/cmdline >"\$f.sh-cmdline"
	cat /proc/\$PPID/environ >"\$f.sh-environ";;
esac
case \$(basename "\$0") in
dns-hook) [ "\$1" = --hook-flag ] && shift
	exec "$top/contrib/hooks/challtestsrv-hook.sh" "\$@";;
notify-hook) cat >"\$f.stdin";;
esac
exit 0
EOF
chmod 755 "$work/recorder"
for h in dns-hook reload-hook deploy-hook notify-hook; do
	cp "$work/recorder" "$work/$h"
done

# --- the inventory under umask 000 and 022 ---
printf '%s\n' "$EAB_HMAC" >"$work/hmac"
chmod 600 "$work/hmac"
u 000 account add --agree-tos p --server "$PEBBLE_DIR" --eab-kid "$EAB_KID" \
	--eab-hmac-key-file "$work/hmac"
ok $rc "account add with EAB under umask 000 ($errout)"
m=$(mode "$ACMETUI_DB") d=$(mode "$inv")
[ "$m" = 600 ] && [ "$d" = 700 ]
ok $? "umask 000: inventory 0600 ($m) in a 0700 directory ($d)"
for f in "$ACMETUI_DB-wal" "$ACMETUI_DB-shm"; do
	[ ! -e "$f" ] || [ "$(mode "$f")" = 600 ]
	ok $? "umask 000: ${f##*/} is 0600 or absent ($(mode "$f"))"
done
# A read command creates no inventory; the first account does.
printf '%s\n' "$EAB_HMAC2" >"$work/hmac2"
chmod 600 "$work/hmac2"
ACMETUI_DB=$work/inv022/acmetui.db u 022 account add --agree-tos p2 \
	--server "$PEBBLE_DIR" --eab-kid "$EAB_KID2" \
	--eab-hmac-key-file "$work/hmac2"
m=$(mode "$work/inv022/acmetui.db") d=$(mode "$work/inv022")
[ "$rc" -eq 0 ] && [ "$m" = 600 ] && [ "$d" = 700 ]
ok $? "umask 022: inventory 0600 ($m) in a 0700 directory ($d)"

# --- a certificate through the DNS hook, deployed with a reload ---
live=$work/live
u 000 cert add s --account p -d s.example.test -d '*.s.example.test' \
	--challenge dns-01 --dns-hook "$work/dns-hook --hook-flag" \
	--dns-check resolver --dns-resolver "$CHALLTESTSRV_DNS" \
	--deploy-dir "$live" --reload-cmd "$work/reload-hook --reload-flag" \
	--deploy-hook "$work/deploy-hook --deploy-flag"
ok $rc "cert add with a DNS hook, a reload command, a deploy hook ($errout)"
u 000 cert issue s
ok $rc "issued through the DNS hook and deployed under umask 000 ($errout)"
ls "$rec"/dns-hook.*.argv >/dev/null 2>&1 &&
	ls "$rec"/reload-hook.*.argv >/dev/null 2>&1 &&
	ls "$rec"/deploy-hook.*.argv >/dev/null 2>&1
ok $? "the DNS hook, the reload command, the deploy hook ran (and recorded)"
grep -qx -- --deploy-flag "$rec"/deploy-hook.*.argv &&
	grep -q "^RENEWED_LINEAGE=$live\$" "$rec"/deploy-hook.*.env
ok $? "the deploy hook got its words and RENEWED_LINEAGE"
m=$(mode "$live/privkey.pem") c=$(mode "$live/cert.pem")
[ "$m" = 600 ] && [ "$c" = 644 ]
ok $? "umask 000: deployed privkey.pem 0600 ($m), cert.pem 0644 ($c)"

u 000 cert export s --out "$work/exp000"
m=$(mode "$work/exp000/privkey.pem")
[ "$rc" -eq 0 ] && [ "$m" = 600 ]
ok $? "umask 000: exported privkey.pem 0600 ($m)"
u 022 cert export s --out "$work/exp022"
m=$(mode "$work/exp022/privkey.pem")
[ "$rc" -eq 0 ] && [ "$m" = 600 ]
ok $? "umask 022: exported privkey.pem 0600 ($m)"
for mask in 000 022; do
	u $mask account export-key p --out "$work/acct$mask.key"
	m=$(mode "$work/acct$mask.key")
	[ "$rc" -eq 0 ] && [ "$m" = 600 ]
	ok $? "umask $mask: exported account key 0600 ($m)"
done

# --- renewed by the batch, which deploys again and notifies ---
u 022 cert set s --renew-at now
ACMETUI_NOTIFY_HOOK="$work/notify-hook --notify-flag" u 022 --renew-due
ok $rc "--renew-due renews, deploys and notifies under umask 022 ($errout)"
ls "$rec"/notify-hook.*.stdin >/dev/null 2>&1 &&
	grep -q '"event": *"renewed"' "$rec"/notify-hook.*.stdin
ok $? "the notify hook ran and was told about the renewal"
m=$(mode "$live/privkey.pem")
[ "$m" = 600 ]; ok $? "umask 022: redeployed privkey.pem 0600 ($m)"
u 022 cert deploy s
ok $rc "cert deploy under umask 022 ($errout)"

# --- a domain with a TSIG key (RFC 2136; not used for issuance here) ---
u 022 cert add t --account p -d t.example.test --challenge dns-01 \
	--rfc2136 127.0.0.1:53 --rfc2136-zone example.test \
	--tsig-name tkey. --tsig-alg hmac-sha256
ok $rc "cert add with a TSIG key from ACMETUI_TSIG_SECRET ($errout)"
tsig_stored=$(sqlite3 "$ACMETUI_DB" "select count(*) from domains
	where name = 't.example.test' and tsig_secret = '$TSIG_SECRET_T'")
[ "$tsig_stored" = 1 ]; ok $? "the TSIG secret is stored (to be searched for)"

# --- what the operator sees: everything masked ---
for cmd in "account show p" "account show p --json" "account list --json" \
	"cert show s" "cert show s --json" "cert show t --json" \
	"cert list --json" "domain show t.example.test" \
	"domain show t.example.test --json" "domain list --json"; do
	# shellcheck disable=SC2086
	u 022 $cmd
	ok $rc "$cmd ($errout)"
done
u 022 account show p --json
echo "$out" | grep -q '"eab_hmac_key": "\*\*\*\*\*\*\*\*"'
ok $? "account show --json masks the EAB HMAC key"
u 022 domain show t.example.test --json
echo "$out" | grep -q '"tsig_secret": "\*\*\*\*\*\*\*\*"'
ok $? "domain show --json masks the TSIG secret"

# --- the secrets, as fixed strings to look for ---
pats=$work/secrets.pat
: >"$pats"
# pem_lines: the base64 body lines (20 characters or more) of PEMs read
# from the inventory column query $1.
pem_lines() {
	sqlite3 "$ACMETUI_DB" "$1" | grep -v -- '-----' | grep -E '^.{20,}$'
}
pem_lines "select key_pem from certificates where key_pem is not null" \
	>>"$pats"
pem_lines "select key_pem from orders where key_pem is not null" >>"$pats"
# and the key of the first issuance, replaced by the renewal
grep -v -- '-----' "$work/exp000/privkey.pem" | grep -E '^.{20,}$' >>"$pats"
n_cert=$(sort -u "$pats" | wc -l)
pem_lines "select key_pem from accounts" >>"$pats"
n_all=$(sort -u "$pats" | wc -l)
printf '%s\n' "$EAB_HMAC" "$TSIG_SECRET_T" >>"$pats"
sort -u -o "$pats" "$pats"
[ "$n_cert" -ge 4 ] && [ "$n_all" -ge $((n_cert + 2)) ]
ok $? "secrets collected: $n_cert certificate key lines, $((n_all - n_cert)) account key lines, EAB, TSIG"
# The patterns themselves are found where they must be (the check works).
grep -qF -f "$pats" "$work/exp000/privkey.pem" &&
	grep -qF -f "$pats" "$work/acct000.key" &&
	grep -qF -e "$EAB_HMAC" "$work/hmac"
ok $? "the patterns match the exported keys and the HMAC file"

# leaks FILE...: prints the files that hold any secret.
leaks() { grep -laF -f "$pats" "$@" 2>/dev/null; }

n=$(ls "$rec" | wc -l)
bad=$(cd "$rec" && leaks ./* | sed 's/[.][0-9]*[.]/./' | sort -u |
	tr '\n' ' ')
[ "$n" -ge 8 ] && [ -z "$bad" ]
ok $? "no secret in the argv, command line, environment or stdin of hooks ($n recordings; $bad)"
# Only the DNS hook's documented ACMETUI_ACTION, _RECORD, _VALUE, _DOMAIN
# and the deploy hook's ACMETUI_NAME and file paths.
bad=$(cat "$rec"/*environ | tr '\0' '\n' | grep -o '^ACMETUI_[A-Z_]*' |
	grep -vx 'ACMETUI_\(ACTION\|RECORD\|VALUE\|DOMAIN\|NAME\|CERT\|CHAIN\|FULLCHAIN\|KEY\)' | sort -u |
	tr '\n' ' ')
[ -z "$bad" ]; ok $? "no other ACMETUI_* variable reached a child ($bad)"
bad=$(leaks "$outputs")
[ -s "$outputs" ] && [ -z "$bad" ]
ok $? "no secret in the stdout/stderr of any command, --json included"
sqlite3 "$ACMETUI_DB" 'select * from events' >"$work/events.txt"
bad=$(leaks "$work/events.txt")
[ -s "$work/events.txt" ] && [ -z "$bad" ]
ok $? "no secret in the events table ($(wc -l <"$work/events.txt") events)"
sqlite3 "$ACMETUI_DB" 'select * from runs' >"$work/runs.txt" 2>&1
bad=$(leaks "$work/runs.txt")
[ -z "$bad" ]; ok $? "no secret in the runs table"
bad=$(leaks "$live"/cert.pem "$live"/chain.pem "$live"/fullchain.pem)
[ -z "$bad" ]; ok $? "no key in the public deployed files"
done_testing
