# SPDX-License-Identifier: ISC
# screens-env.sh - what the tests of the forms, detail, help and event
# log share (sourced after tap.sh and tmux-env.sh): an inventory without
# any CA, and the UI started in one of the looks an operator may have.
#
#   scr_setup                 $tmp, $db, a() and the German catalog
#   scr_populate N [DUE]      N issued-looking certificates, account bench
#   scr_start COLS ROWS LOOK  start the UI; LOOK is colour, nocolor or de
#   SCR_LOOKS                 every (COLS ROWS LOOK) a test walks through
#   SCR_ENV                   more VAR=value for the UI
#
# The German look compiles po/de.po (msgfmt, from gettext).

SCR_LOOKS=${SCR_LOOKS:-"80x24:colour 60x20:colour 120x40:colour 80x24:nocolor \
60x20:nocolor 120x40:nocolor 80x24:de 60x20:de"}

scr_setup() {
	local builddir gmo
	tmp=$(mktemp -d)
	trap 'tui_stop; rm -rf "$tmp"' EXIT
	builddir=$(cd "$(dirname "$ACMETUI")" && pwd)
	mkdir -p "$tmp/locale/de/LC_MESSAGES"
	# From de.po itself: the built de.gmo lags behind a new string
	# until the template is regenerated.
	msgfmt -o "$tmp/locale/de/LC_MESSAGES/acmetui.mo" \
		"${top_srcdir:-$here/../..}/po/de.po" ||
		{ echo "Bail out! no German catalog"; exit 1; }
	SCR_BUILDDIR=$builddir
}

# A fresh inventory in $db for each look (a test changes it).
scr_populate() {
	db=$tmp/inv-$RANDOM$RANDOM/acmetui.db
	make -C "$SCR_BUILDDIR" bench/populate >/dev/null 2>&1
	"$SCR_BUILDDIR/bench/populate" "$db" "$@" >/dev/null
}

a() { ACMETUI_DB=$db "$ACMETUI" "$@"; }

# scr_start COLS ROWS LOOK
scr_start() {
	local env="ACMETUI_DB=$db ${SCR_ENV:-}"
	case $3 in
	nocolor) env="$env NO_COLOR=1" ;;
	de) env="$env LANGUAGE=de ACMETUI_LOCALEDIR=$tmp/locale" ;;
	esac
	tui_stop
	tui_start "$1" "$2" env $env "$ACMETUI"
}

# The English or German text of a message, by the look.
scr_t() { if [ "$look" = de ]; then echo "$2"; else echo "$1"; fi; }

# scr_edge COLS: does any line of stdin (the screen without its title
# and footer) reach the last column, i.e. may run past the edge?
scr_edge() {
	local line
	while IFS= read -r line; do
		[ "${#line}" -ge "$1" ] && return 0
	done
	return 1
}

# scr_flat: the screen as one line (a wrapped sentence reads whole).
scr_flat() { tui_screen | tr '\n' ' ' | tr -s ' '; }
