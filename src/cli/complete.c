/* SPDX-License-Identifier: ISC */
/* complete.c - `acmetui __complete certs|accounts|domains`: the names the
 * shell completion scripts (contrib/completion/) offer after a command
 * that takes one; `__complete json-verbs`: the verbs with a --json
 * document (cli_json_supported), for completion and the tests.
 *
 * It never creates an inventory (a completion must not leave a file
 * behind), prints nothing and exits 0 when there is none or it cannot be
 * read (a shell must not show an error while the operator types), and
 * passes on only names that are one plain shell word: the database is
 * not trusted to hold what `cert add` accepted. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "db/store.h"
#include "db/store_names.h"

/* Names handed to a shell at the most: enough for any one prompt. */
#define COMPLETE_NAMES_MAX 5000

/* A name a shell can take as one word: printable ASCII, no space, no
 * quoting or expansion character, not an option. */
static int plain_word(const char *s)
{
	static const char bad[] = "\"'`$\\!*?[]{}()<>|&;#~=";
	const char *p;

	if (*s == '\0' || *s == '-' || strlen(s) > 255)
		return 0;
	for (p = s; *p != '\0'; p++)
		if (*p <= ' ' || *p >= 0x7f || strchr(bad, *p) != NULL)
			return 0;
	return 1;
}

static void print_name(void *arg, const char *name)
{
	(void)arg;
	if (plain_word(name))
		puts(name);
}

static int kind_of(const char *word, enum store_name_kind *kind)
{
	if (strcmp(word, "certs") == 0)
		*kind = STORE_NAMES_CERTS;
	else if (strcmp(word, "accounts") == 0)
		*kind = STORE_NAMES_ACCOUNTS;
	else if (strcmp(word, "domains") == 0)
		*kind = STORE_NAMES_DOMAINS;
	else
		return 0;
	return 1;
}

int cli_complete(struct cli *c, int argc, char **argv)
{
	enum store_name_kind kind;
	struct err e = { 0 };
	struct store *st;

	if (argc == 2 && strcmp(argv[1], "json-verbs") == 0) {
		cli_json_verbs_print(); /* no inventory needed */
		return EXIT_OK;
	}
	if (argc != 2 || !kind_of(argv[1], &kind))
		return EXIT_USAGE;
	/* __complete adds nothing, so cli_store() refuses a missing
	 * inventory without creating one; its error stays unprinted. */
	st = cli_store(c, &e);
	if (st != NULL)
		store_names(st, kind, COMPLETE_NAMES_MAX, print_name, NULL, &e);
	return EXIT_OK;
}
