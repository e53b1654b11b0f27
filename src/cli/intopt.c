/* SPDX-License-Identifier: ISC */
/* intopt.c - integer option arguments (see intopt.h). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "cli/intopt.h"
#include "util/i18n.h"

int cli_parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (s == NULL)
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	/* ERANGE: beyond long, which strtol clamps to a value that could
	 * pass a range check of LONG_MAX. */
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int cli_int_option(struct cli *c, const char *opt, const char *arg, long min,
		   long max, long *out)
{
	if (cli_parse_long(arg, min, max, out) == 0)
		return EXIT_OK;
	return cli_usage_error(c,
			       _("invalid %s '%s' (a whole number from "
				 "%ld to %ld)"),
			       opt, arg != NULL ? arg : "", min, max);
}
