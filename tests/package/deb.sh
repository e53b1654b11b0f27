#!/bin/bash
# SPDX-License-Identifier: ISC
# deb.sh TARBALL - the Debian package, built and used as an operator would:
# dpkg-buildpackage from the release tarball (`make dist`), lintian with
# no error, then installed on this machine: --version, `cert list` on
# root's default inventory, `systemd-analyze verify` of the units, the
# timer not enabled, /var/lib/acmetui private, the files it ships, and
# on purge /var/lib/acmetui gone.  Needs root (dpkg -i); CI is root.
# Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../integration/tap.sh"
tarball=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

[ "$(id -u)" -eq 0 ]
ok $? "running as root (dpkg -i needs it)" || done_testing
# An operator's own installation is never touched by a test.
if dpkg-query -W -f='${Status}' acmetui 2>/dev/null | grep -q installed ||
	[ -e /var/lib/acmetui ]; then
	ok 1 "acmetui is not installed and /var/lib/acmetui does not exist"
	done_testing
fi

tar -C "$tmp" -xzf "$tarball"
src=$(echo "$tmp"/acmetui-*/)
[ -f "$src/debian/control" ]
ok $? "the tarball carries debian/"
(cd "$src" &&
	DEB_BUILD_OPTIONS="parallel=$(nproc)" dpkg-buildpackage -us -uc -b) \
	>"$tmp/build.log" 2>&1
rc=$?
[ "$rc" -ne 0 ] && tail -n 40 "$tmp/build.log" | sed 's/^/# /'
ok $rc "dpkg-buildpackage -us -uc -b"
deb=$(echo "$tmp"/acmetui_*.deb)
[ -f "$deb" ]
ok $? "a .deb ($(basename "$deb"))" || done_testing

lintian --fail-on error "$deb" >"$tmp/lintian.log" 2>&1
rc=$?
sed 's/^/# lintian: /' "$tmp/lintian.log"
ok $rc "lintian reports no error"

contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/acmetui ./usr/share/man/man1/acmetui.1.gz \
	./usr/share/locale/de/LC_MESSAGES/acmetui.mo \
	./usr/share/bash-completion/completions/acmetui \
	./usr/share/zsh/vendor-completions/_acmetui \
	./usr/share/acmetui/hooks/nsupdate-hook.sh \
	./usr/share/acmetui/acmetui.schema.json \
	./lib/systemd/system/acmetui-renew.service \
	./lib/systemd/system/acmetui-renew.timer; do
	echo "$contents" | grep -q " $f\$"
	ok $? "ships $f"
done

cleanup_pkg() { dpkg --purge acmetui >/dev/null 2>&1; rm -rf "$tmp"; }
trap cleanup_pkg EXIT
dpkg -i "$deb" >"$tmp/install.log" 2>&1
ok $? "dpkg -i" || { sed 's/^/# /' "$tmp/install.log"; done_testing; }

[ "$(stat -c '%a %U' /var/lib/acmetui 2>/dev/null)" = "700 root" ]
ok $? "postinst made /var/lib/acmetui 0700 root"
out=$(env -u ACMETUI_DB acmetui --version)
echo "$out" | grep -q "^acmetui " && echo "$out" | grep -q ISC
ok $? "acmetui --version names the licence ($out)"
out=$(env -u ACMETUI_DB LANGUAGE=de LC_ALL=C.UTF-8 acmetui --help 2>&1)
echo "$out" | grep -q Zertifikat
ok $? "the German catalog is used"
env -u ACMETUI_DB -u XDG_DATA_HOME acmetui cert list >"$tmp/list.out" 2>&1
[ $? -eq 3 ] && grep -q "no inventory at /var/lib/acmetui/acmetui.db" \
	"$tmp/list.out" && [ ! -e /var/lib/acmetui/acmetui.db ]
ok $? "cert list before any certificate names root's inventory, creates none"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$tmp/k.pem" -out "$tmp/web.pem" -days 30 \
	-subj /CN=web.example.test 2>/dev/null
env -u ACMETUI_DB -u XDG_DATA_HOME acmetui cert import --name web \
	"$tmp/web.pem" >/dev/null 2>&1 &&
	env -u ACMETUI_DB -u XDG_DATA_HOME acmetui cert list >"$tmp/list.out" 2>&1 &&
	grep -q "^web " "$tmp/list.out"
ok $? "cert import, then cert list on root's inventory ($(head -c 200 "$tmp/list.out"))"
[ -f /var/lib/acmetui/acmetui.db ] &&
	[ "$(stat -c %a /var/lib/acmetui/acmetui.db)" = 600 ]
ok $? "root's inventory is /var/lib/acmetui/acmetui.db, 0600"

# verify must be able to fail: a unit whose command does not exist.
sed 's|^ExecStart=/usr/bin/acmetui|ExecStart=/usr/bin/acmetui-missing|' \
	/lib/systemd/system/acmetui-renew.service \
	>"$tmp/acmetui-renew-broken.service"
out=$(systemd-analyze verify "$tmp/acmetui-renew-broken.service" 2>&1)
echo "$out" | grep -q "acmetui-missing"
ok $? "systemd-analyze verify reports a unit whose command is missing"
for u in acmetui-renew.service acmetui-renew.timer; do
	out=$(systemd-analyze verify "/lib/systemd/system/$u" 2>&1)
	rc=$?
	# Only what concerns our unit counts: verify also reports the
	# host's unrelated units in a container.
	bad=$(echo "$out" | grep "acmetui-renew" | grep -v "^$")
	[ "$rc" -eq 0 ] || [ -z "$bad" ]
	ok $? "systemd-analyze verify $u ($bad)"
done
grep -q "^ExecStart=/usr/bin/acmetui --renew-due" \
	/lib/systemd/system/acmetui-renew.service
ok $? "the service runs the installed binary"
grep -q "^RandomizedDelaySec=12h" /lib/systemd/system/acmetui-renew.timer
ok $? "the timer runs at a random time"
[ ! -e /etc/systemd/system/timers.target.wants/acmetui-renew.timer ]
ok $? "the timer is not enabled by the package"

dpkg -r acmetui >/dev/null 2>&1
[ -f /var/lib/acmetui/acmetui.db ]
ok $? "remove keeps the inventory"
dpkg --purge acmetui >/dev/null 2>&1
[ ! -e /var/lib/acmetui ] && [ ! -e /usr/bin/acmetui ]
ok $? "purge removes the package and /var/lib/acmetui"
done_testing
