/* main.c - entry point: option parsing, then TUI, subcommand or batch. */
#include "config.h"

#include <stdio.h>

#include "util/i18n.h"

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	bindtextdomain(PACKAGE, LOCALEDIR);
	textdomain(PACKAGE);
	(void)argc;
	(void)argv;
	puts(_("acmetui"));
	return 0;
}
