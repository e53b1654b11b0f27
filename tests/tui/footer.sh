#!/bin/bash
# SPDX-License-Identifier: ISC
# footer.sh - the footer reads in whole words at 60x20, 80x24 and 120x40,
# in English and German: no hint is cut ("n:ne i:im" was the 60-column
# dashboard), the keys kept are the most important ones, in order, and
# "?:help" and the way out are always there; at 120 columns every key of
# the dashboard is shown.  Dashboard and certificate detail.
# Output: TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../integration/tap.sh"
. "$here/tmux-env.sh"
ACMETUI=${ACMETUI:-$here/../../acmetui}
. "$here/screens-env.sh"
scr_setup
scr_populate 5 1
ok $? "inventory of 5 certificates (bench/populate)"

# The hinted keys of each screen, the most important first, and those
# always shown (help and the way out), as "key:hint" in each language.
dash_en="n:new /:filter r:renew v:issue i:import f:90d Tab:accounts l:log s:sort"
dash_de="n:neu /:Filter r:erneuern v:ausstellen i:Import f:90T Tab:Konten l:Log s:sortieren"
dash_always_en="?:help q:quit"
dash_always_de="?:Hilfe q:Ende"
det_en="r:renew e:edit d:deploy v:issue p:probe D:doctor c:copy l:log"
det_de="r:erneuern e:ändern d:Installation v:ausstellen p:TLS D:Diagnose c:kopieren l:Log"
det_always_en="Esc:back ?:help"
det_always_de="Esc:zurück ?:Hilfe"

# check TAG FOOTER "PRIORITY ITEMS" "ALWAYS ITEMS" MIN: every item of the
# footer is one of the lists, whole; the others form a prefix of the
# priority list (nothing less important shown in place of something
# more important), at least MIN of them; every always item is there.
check() {
	local tag=$1 foot=$2 prio=$3 always=$4 min=$5 item n=0 want rest
	for item in $foot; do
		case " $prio $always " in
		*" $item "*) ;;
		*) ok 1 "$tag: '$item' is a whole item of the footer ($foot)"; return ;;
		esac
	done
	ok 0 "$tag: every item is whole ($foot)"
	for item in $always; do
		case " $foot " in *" $item "*) ;; *) n=-1 ;; esac
	done
	[ "$n" = 0 ]; ok $? "$tag: '$always' always shown"
	rest=$(for item in $foot; do case " $always " in *" $item "*) ;; *) printf '%s ' "$item" ;; esac; done)
	want=$(printf '%s\n' $prio | head -n "$(echo $rest | wc -w)" | tr '\n' ' ')
	[ "$rest" = "$want" ] && [ "$(echo $rest | wc -w)" -ge "$min" ]
	ok $? "$tag: the most important keys first, at least $min ($rest)"
}

for size in "60 20 4 3" "80 24 6 5" "120 40 9 8"; do
	set -- $size
	for lang in en de; do
		tag="$1x$2 $lang"
		look=colour
		[ "$lang" = de ] && look=de
		scr_start "$1" "$2" "$look"
		tui_wait '5 (certs|Zert)' 10
		ok $? "$tag: the dashboard opens"
		eval "prio=\$dash_$lang always=\$dash_always_$lang"
		check "$tag dashboard" "$(tui_screen | tail -n 1)" "$prio" "$always" "$3"
		tui_keys Enter
		tui_wait '^ cert000000 +\(' 5
		ok $? "$tag: the detail opens"
		eval "prio=\$det_$lang always=\$det_always_$lang"
		check "$tag detail" "$(tui_screen | tail -n 1)" "$prio" "$always" "$4"
	done
done
tui_stop
done_testing
