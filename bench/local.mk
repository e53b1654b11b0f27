# SPDX-License-Identifier: ISC
# Benchmarks: tools built on demand (make bench/populate), run by
# bench/run.sh; results in bench/README.md.
# populate is also a check program: the TUI tests fill inventories with
# it, and built before they start, parallel tests never race to link it
# ("Text file busy").
check_PROGRAMS += bench/populate
bench_populate_SOURCES = bench/populate.c
bench_populate_LDADD = $(ACMETUI_LIBS)
EXTRA_PROGRAMS += bench/forecast
bench_forecast_SOURCES = bench/forecast.c
bench_forecast_LDADD = $(ACMETUI_LIBS)
EXTRA_DIST += bench/run.sh bench/compare.sh bench/fleet.sh \
	bench/tui_first_screen.sh bench/crash_soak.sh bench/forecast.sh \
	bench/README.md
CLEANFILES += bench/populate bench/forecast
