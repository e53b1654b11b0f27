# SPDX-License-Identifier: ISC
# man sources (module-owned list)
dist_man_MANS += man/acmetui.1
