# SPDX-License-Identifier: ISC
# src/monitor: the Monitoring stage's TLS probe of a served certificate
# (its lifecycle step is src/lifecycle/probe.c, `cert probe` in src/cli).
libacmetui_a_SOURCES += src/monitor/probe.c src/monitor/probe.h
