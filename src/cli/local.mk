libacmetui_a_SOURCES += \
	src/cli/cli.c src/cli/cli.h \
	src/cli/fmt.c src/cli/fmt.h \
	src/cli/account.c \
	src/cli/cert.c \
	src/cli/renew.c
