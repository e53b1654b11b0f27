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

/* verbs_gate() for the batch mode: argv is the whole command line
 * (argv[0] the program), --renew-due among its options. */
int verbs_gate_batch(struct cli *c, int argc, char **argv);

#endif
