/* SPDX-License-Identifier: ISC */
/* verbs.h - the command-line contract as data: every command and verb
 * with its synopsis, the long options it takes, how many operands, and a
 * one-line summary.  The same table prints `acmetui COMMAND VERB --help`
 * and `acmetui help ...`, and refuses (exit 2, one line) an option the
 * verb does not take or an operand too many, before the verb's own
 * parser runs.  Global options (--db, --ca-file, --json, -q, -v) are
 * valid after every verb. */
#ifndef ACMETUI_CLI_VERBS_H
#define ACMETUI_CLI_VERBS_H

struct cli;

/* One option as every verb that takes it describes it. */
struct verb_opt {
	const char *name;	/* long name without "--" */
	int short_name;		/* 'd', or 0 */
	int has_arg;		/* getopt's no_argument / required_argument */
	const char *arg;	/* "DIR", or NULL */
	const char *help;	/* one line, N_() */
};

/* One verb (or a command that takes none: verb NULL). */
struct verb_spec {
	const char *command;	/* "cert" */
	const char *verb;	/* "list", or NULL (doctor) */
	const char *operands;	/* synopsis of the operands: "NAME" */
	const char *summary;	/* one line, N_() */
	const char *opts;	/* allowed long options, space-separated */
	int min_pos, max_pos;	/* operands; max_pos -1: any number */
};

/* The table entry for command and verb (verb NULL or ignored for a
 * command that takes none); NULL when there is none.  Borrowed. */
const struct verb_spec *verbs_find(const char *command, const char *verb);

/* The option called name (exact, or a unique prefix as getopt_long
 * takes it); NULL when none or ambiguous.  Borrowed. */
const struct verb_opt *verbs_opt(const char *name);

/* Checks argv (argv[0] = the command word) against the table before the
 * command's own parser sees it: --help prints the command's or the
 * verb's help (exit 0); an option the verb does not take, or an operand
 * too many or too few, is refused with one line on stderr (exit 2).
 * Returns that exit status, or -1 to go on (also for what the table
 * does not know: the command's parser reports it). */
int verbs_gate(struct cli *c, int argc, char **argv);

/* `acmetui help [COMMAND [VERB]]` and `acmetui help --list` (argv[0] =
 * "help"): the exit status. */
int verbs_help(struct cli *c, int argc, char **argv);

/* 1 when argv (before "--") asks for --help / -h, for parsers that take
 * the whole command line themselves (--renew-due). */
int verbs_wants_help(int argc, char **argv);

/* Prints the help of spec on stdout. */
void verbs_print_help(const struct verb_spec *spec);

#endif
