# SPDX-License-Identifier: ISC
# contrib/ (module-owned list): what `make install` puts beside the
# binary and man page (systemd units, shell completion, example hooks),
# and the examples shipped in the tarball.

# The renewal timer and its service.  The service names the installed
# binary, so it is made from a template at build time.
if INSTALL_UNITS
dist_systemdsystemunit_DATA = contrib/systemd/acmetui-renew.timer
nodist_systemdsystemunit_DATA = contrib/systemd/acmetui-renew.service
endif
contrib/systemd/acmetui-renew.service: \
		$(srcdir)/contrib/systemd/acmetui-renew.service.in Makefile
	$(AM_V_GEN)mkdir -p contrib/systemd && \
	sed -e 's|@bindir[@]|$(bindir)|g' \
		$(srcdir)/contrib/systemd/acmetui-renew.service.in > $@.tmp && \
	mv $@.tmp $@
CLEANFILES += contrib/systemd/acmetui-renew.service
EXTRA_DIST += contrib/systemd/acmetui-renew.service.in \
	contrib/systemd/acmetui-renew.timer contrib/cron/acmetui

# Shell completion: commands, options, and names from the inventory
# (acmetui __complete).
dist_bashcompletion_DATA = contrib/completion/acmetui
dist_zshcompletion_DATA = contrib/completion/_acmetui

# Example hooks, for operators to copy.
hooksdir = $(pkgdatadir)/hooks
dist_hooks_SCRIPTS = contrib/hooks/nsupdate-hook.sh \
	contrib/hooks/challtestsrv-hook.sh

# The licence and the notes ship in the tarball; debian/ too, so a
# tarball builds the package.
EXTRA_DIST += LICENSE NOTES.md
EXTRA_DIST += debian/changelog debian/control debian/copyright \
	debian/rules debian/source/format debian/acmetui.postinst \
	debian/acmetui.postrm debian/acmetui.docs debian/README.Debian \
	debian/acmetui.lintian-overrides
