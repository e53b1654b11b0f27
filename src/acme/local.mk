# src/acme sources (module-owned list): the RFC 8555 protocol layer.
# jws.c/jws.h belong to the crypto module's author but build here.
libacmetui_a_SOURCES += \
	src/acme/types.c src/acme/types.h \
	src/acme/url.c src/acme/url.h \
	src/acme/headers.c src/acme/headers.h \
	src/acme/http.c src/acme/http.h \
	src/acme/nonce.c src/acme/nonce.h \
	src/acme/problem.c src/acme/problem.h \
	src/acme/directory.c src/acme/directory.h \
	src/acme/client.c src/acme/client.h
