#!/bin/bash
# SPDX-License-Identifier: ISC
# i18n.sh - messages come out translated when the locale asks for German,
# and in English otherwise.  Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
builddir=$(cd "$(dirname "$ACMETUI")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/de/LC_MESSAGES"
gmo=$builddir/po/de.gmo
[ -f "$gmo" ] || gmo=$top_srcdir/po/de.gmo
cp "$gmo" "$tmp/de/LC_MESSAGES/acmetui.mo"
ok $? "German catalog built ($gmo)"
export ACMETUI_LOCALEDIR=$tmp ACMETUI_DB=$tmp/inv/db

run env LC_ALL=C.UTF-8 LANGUAGE=de "$ACMETUI" cert show nosuch
echo "$errout" | grep -q 'Zertifikat\|Aufruf\|kein'
ok $? "German error message ($errout)"
run env LC_ALL=C.UTF-8 LANGUAGE=de "$ACMETUI" --help
echo "$out" | grep -q 'Zertifikat'
ok $? "German --help"
run env LC_ALL=C.UTF-8 LANGUAGE= "$ACMETUI" --help
echo "$out" | grep -q 'Certificate lifecycle manager'
ok $? "English without a language preference"
done_testing
