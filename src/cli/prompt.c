/* SPDX-License-Identifier: ISC */
/* prompt.c - the command line's yes/no question (prompt.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli/prompt.h"
#include "util/i18n.h"

int prompt_can_ask(void)
{
	return isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
}

/* 1 when answer (newline and blanks trimmed) says yes. */
static int is_yes(char *answer)
{
	size_t len;

	answer += strspn(answer, " \t");
	len = strcspn(answer, " \t\r\n");
	answer[len] = '\0';
	/* TRANSLATORS: the short and long answer "yes" at a [y/N] prompt;
	 * the English ones are taken too. */
	return strcasecmp(answer, "y") == 0 || strcasecmp(answer, "yes") == 0 ||
	       strcasecmp(answer, _("y")) == 0 ||
	       strcasecmp(answer, _("yes")) == 0;
}

int prompt_yes(FILE *to, const char *question)
{
	char answer[32];

	fputs(question, to);
	(void)fflush(to); /* a prompt: nothing to do if it fails */
	if (fgets(answer, sizeof(answer), stdin) == NULL) {
		fputc('\n', to);
		return 0;
	}
	return is_yes(answer);
}

enum prompt_verdict prompt_confirm(int yes, const char *question)
{
	if (yes)
		return PROMPT_GO;
	if (!prompt_can_ask())
		return PROMPT_NO_TERMINAL;
	return prompt_yes(stderr, question) ? PROMPT_GO : PROMPT_DECLINED;
}
