# SPDX-License-Identifier: ISC
bin_PROGRAMS += acmetui
acmetui_SOURCES = src/main.c
acmetui_LDADD = $(ACMETUI_PROG_LIBS)
