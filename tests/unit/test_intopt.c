/* SPDX-License-Identifier: ISC */
/* test_intopt.c - cli_parse_long() and cli_int_option(), the one parser
 * of the command line's integer arguments: the bounds are inclusive;
 * below, above, empty, trailing characters and overflow are refused
 * with one error that names the option, the value and the range. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/intopt.h"
#include "tap.h"

static void test_parse(void)
{
	long v = 42;

	ok(cli_parse_long("1", 1, 10, &v) == 0 && v == 1, "min is accepted");
	ok(cli_parse_long("10", 1, 10, &v) == 0 && v == 10, "max is accepted");
	ok(cli_parse_long("-5", -10, 10, &v) == 0 && v == -5,
	   "a negative value in a negative range");
	ok(cli_parse_long("9223372036854775807", 1, LONG_MAX, &v) == 0 &&
		   v == LONG_MAX,
	   "LONG_MAX itself");
	v = 42;
	is_int(cli_parse_long("0", 1, 10, &v), -1, "below min");
	is_int(cli_parse_long("11", 1, 10, &v), -1, "above max");
	is_int(cli_parse_long("5x", 1, 10, &v), -1, "trailing garbage");
	is_int(cli_parse_long("5 ", 1, 10, &v), -1, "trailing space");
	is_int(cli_parse_long("", 1, 10, &v), -1, "empty");
	is_int(cli_parse_long("x", 0, 10, &v), -1,
	       "no digits (would read as 0)");
	is_int(cli_parse_long(NULL, 0, 10, &v), -1, "NULL");
	is_int(cli_parse_long("99999999999999999999", 1, LONG_MAX, &v), -1,
	       "overflow (strtol clamps it to LONG_MAX)");
	is_int(cli_parse_long("-99999999999999999999", LONG_MIN, 0, &v), -1,
	       "underflow");
	is_int(v, 42, "a refused value leaves *out alone");
}

/* Runs cli_int_option with stderr in a file; its first line in line. */
static int run_option(const char *opt, const char *arg, long min, long max,
		      long *out, char *line, size_t sz)
{
	struct cli c = { 0 };
	char path[] = "/tmp/test_intopt.XXXXXX";
	int fd = mkstemp(path), saved, rc;
	FILE *f;

	line[0] = '\0';
	if (fd < 0)
		return -1;
	c.prog = "acmetui";
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	dup2(fd, STDERR_FILENO);
	rc = cli_int_option(&c, opt, arg, min, max, out);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	f = fdopen(fd, "r");
	if (f != NULL) {
		rewind(f);
		if (fgets(line, (int)sz, f) == NULL)
			line[0] = '\0';
		line[strcspn(line, "\n")] = '\0';
		fclose(f);
	} else {
		close(fd);
	}
	unlink(path);
	return rc;
}

static void test_option(void)
{
	char line[256];
	long v = 0;

	is_int(run_option("--wait", "30", 1, 604800, &v, line, sizeof(line)),
	       EXIT_OK, "a valid --wait");
	is_int(v, 30, "... is stored");
	is_str(line, "", "... and prints nothing");
	v = 7;
	is_int(run_option("--wait", "0", 1, 604800, &v, line, sizeof(line)),
	       EXIT_USAGE, "--wait below its range is a usage error");
	is_str(line,
	       "acmetui: invalid --wait '0' (a whole number from 1 to "
	       "604800)",
	       "... naming the option, the value and the range");
	is_int(v, 7, "... and storing nothing");
	is_int(run_option("-j", "65", 1, 64, &v, line, sizeof(line)),
	       EXIT_USAGE, "-j above its range");
	is_str(line, "acmetui: invalid -j '65' (a whole number from 1 to 64)",
	       "... in the same words");
	is_int(run_option("--http-port", "80x", 1, 65535, &v, line,
			  sizeof(line)),
	       EXIT_USAGE, "trailing garbage");
	is_int(run_option("--timeout", "", 1, 600, &v, line, sizeof(line)),
	       EXIT_USAGE, "empty");
	is_str(line,
	       "acmetui: invalid --timeout '' (a whole number from 1 "
	       "to 600)",
	       "... shows the empty value");
	is_int(run_option("--dns-wait", "99999999999999999999", 1, 86400, &v,
			  line, sizeof(line)),
	       EXIT_USAGE, "overflow");
	is_int(v, 7, "no refused value was stored");
}

int main(void)
{
	test_parse();
	test_option();
	return tap_done();
}
