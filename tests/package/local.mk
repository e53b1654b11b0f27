# SPDX-License-Identifier: ISC
# tests/package: the Debian package built from the release tarball,
# installed on this machine and purged again (root only; setup.sh --check
# runs it in CI after the test suites).
EXTRA_DIST += tests/package/deb.sh
check-package: dist
	$(SHELL) $(srcdir)/tests/package/deb.sh $(distdir).tar.gz
.PHONY: check-package
