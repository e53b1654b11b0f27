# Benchmarks: tools built on demand (make bench/populate), run by
# bench/run.sh; results in bench/README.md.
EXTRA_PROGRAMS += bench/populate
bench_populate_SOURCES = bench/populate.c
bench_populate_LDADD = $(ACMETUI_LIBS)
EXTRA_PROGRAMS += bench/forecast
bench_forecast_SOURCES = bench/forecast.c
bench_forecast_LDADD = $(ACMETUI_LIBS)
EXTRA_DIST += bench/run.sh bench/compare.sh bench/fleet.sh \
	bench/tui_first_screen.sh bench/forecast.sh bench/README.md
CLEANFILES += bench/populate bench/forecast
