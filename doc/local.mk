# SPDX-License-Identifier: ISC
# doc/ (module-owned list): the JSON Schema of every --json document,
# installed for scripts to validate against (man page, JSON OUTPUT) and
# shipped by make dist and the Debian package.
dist_pkgdata_DATA = doc/acmetui.schema.json
