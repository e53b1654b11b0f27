/* SPDX-License-Identifier: ISC */
/* intopt.h - the one parser of the command line's integer arguments:
 * decimal, whole, in a range, with one error text for every option. */
#ifndef ACMETUI_CLI_INTOPT_H
#define ACMETUI_CLI_INTOPT_H

#include "cli/cli.h"

/* Parses s as a decimal integer from min to max into *out.  Returns 0,
 * or -1 with *out untouched for NULL, an empty string, characters after
 * the number, a value beyond long or outside [min, max].  Prints
 * nothing: for values that may also be words (a revocation reason, a
 * date). */
int cli_parse_long(const char *s, long min, long max, long *out);

/* The argument arg of option opt (as the operator spells it: "--wait",
 * "-j") parsed by cli_parse_long().  EXIT_OK with *out set, or
 * EXIT_USAGE after the usage error "invalid OPT 'ARG' (a whole number
 * from MIN to MAX)" (cli_usage_error). */
int cli_int_option(struct cli *c, const char *opt, const char *arg, long min,
		   long max, long *out);

#endif
