# src/dns: DNS questions, RFC 2136 updates and the DNS-01 propagation wait.
# ldns builds and parses the packets; without it (configure
# --without-ldns) noldns.c answers every call with one clear error.
libacmetui_a_SOURCES += \
	src/dns/resolve.h src/dns/update.h \
	src/dns/common.c \
	src/dns/propagate.c src/dns/propagate.h
if HAVE_LDNS
libacmetui_a_SOURCES += \
	src/dns/wire.c src/dns/wire.h \
	src/dns/resolve.c \
	src/dns/update.c
else
libacmetui_a_SOURCES += src/dns/noldns.c
endif
