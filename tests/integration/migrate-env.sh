# SPDX-License-Identifier: ISC
# migrate-env.sh - shared by the migrate_*.sh tests (sourced after
# tap.sh and pebble-env.sh, once Pebble runs and $work exists):
#
#   httpd_start / httpd_stop   busybox httpd serving $webroot on
#                              Pebble's http-01 port (stop_all on EXIT)
#   tree_state DIR             every name, type, mode, size, link target
#                              and content hash below DIR (a write to the
#                              other client's tree changes it)
#   serial_of PEM              the serial as acmetui stores it, without
#                              leading zeros
#   q SQL                      one query on $ACMETUI_DB
httpd_pid=
httpd_start() {
	busybox httpd -f -p "127.0.0.1:$PEBBLE_HTTP_PORT" -h "$webroot" &
	httpd_pid=$!
	_pebble_wait_http "http://127.0.0.1:$PEBBLE_HTTP_PORT/"
}
httpd_stop() {
	kill "$httpd_pid" 2>/dev/null
	wait "$httpd_pid" 2>/dev/null
	httpd_pid=
}
stop_all() {
	[ -n "$httpd_pid" ] && kill "$httpd_pid" 2>/dev/null
	pebble_stop
}
tree_state() {
	(cd "$1" && find . -printf '%p %y %m %s %l\n' | sort &&
		find . -type f -exec sha256sum {} + | sort)
}
serial_of() {
	openssl x509 -in "$1" -noout -serial | cut -d= -f2 | tr A-F a-f |
		sed 's/^0*//'
}
q() { sqlite3 -batch -noheader "$ACMETUI_DB" "$1"; }
