/* SPDX-License-Identifier: ISC */
/* verbs.c - the command-line contract as one table (verbs.h): help for
 * every command and verb, and the refusal of options and operands a
 * verb does not take.  A new verb or option is a line here; the help,
 * the refusal, `help --list` and tests/integration/cli_contract.sh all
 * follow from it. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/verbs.h"
#include "util/safe.h"

/* One option as every verb that takes it describes it. */
struct verb_opt {
	const char *name; /* long name without "--" */
	int short_name;	  /* 'd', or 0 */
	int has_arg;	  /* getopt's no_argument / required_argument */
	const char *arg;  /* "DIR", or NULL */
	const char *help; /* one line, N_() */
};

/* One verb (or a command that takes none: verb NULL). */
struct verb_spec {
	const char *command;  /* "cert" */
	const char *verb;     /* "list", or NULL (doctor) */
	const char *operands; /* synopsis of the operands: "NAME" */
	const char *summary;  /* one line, N_() */
	const char *opts;     /* allowed long options, space-separated */
	int min_pos, max_pos; /* operands; max_pos -1: any number */
};

/* The validation method options (cli/method.h) and the deploy target
 * options (cli/deploytgt.h), as several verbs take them. */
#define METHOD_NAMES \
	" challenge webroot standalone http-port http-addr tls-port" \
	" tls-addr dns-hook dns-hook-style rfc2136 rfc2136-zone" \
	" tsig-name tsig-alg tsig-secret-file dns-resolver dns-check" \
	" dns-wait"
#define DEPLOY_NAMES \
	" deploy-dir reload-cmd deploy-hook pre-hook post-hook" \
	" deploy-owner deploy-group deploy-mode deploy-key-mode" \
	" deploy-combined no-deploy-combined deploy-cert deploy-chain" \
	" deploy-fullchain deploy-combined-path deploy-key"
#define CERT_SETTINGS_NAMES \
	"key-type profile preferred-chain probe" METHOD_NAMES DEPLOY_NAMES
#define GLOBAL_NAMES "db ca-file json quiet verbose help"

/* Every option of every verb, described once. */
static const struct verb_opt opts[] = {
	/* global */
	{ "db", 0, required_argument, "PATH", N_("the inventory to use") },
	{ "ca-file", 0, required_argument, "PEM",
	  N_("also trust this CA (a private ACME CA, a test server)") },
	{ "json", 0, no_argument, NULL, N_("machine-readable output") },
	{ "quiet", 'q', no_argument, NULL, N_("print only errors") },
	{ "verbose", 'v', no_argument, NULL, N_("print progress on stderr") },
	{ "help", 'h', no_argument, NULL, N_("this help") },
	/* certificates */
	{ "account", 0, required_argument, "A",
	  N_("the account that orders it") },
	{ "domain", 'd', required_argument, "DOMAIN",
	  N_("a name the certificate covers (repeat for more)") },
	{ "key-type", 0, required_argument, "TYPE",
	  N_("key type: ec256, ec384, rsa2048, rsa3072 or rsa4096") },
	{ "profile", 0, required_argument, "NAME",
	  N_("the CA's certificate profile to ask for") },
	{ "preferred-chain", 0, required_argument, "CN",
	  N_("the alternate chain whose root has this common name") },
	{ "deploy-dir", 0, required_argument, "DIR",
	  N_("write cert.pem, chain.pem, fullchain.pem, privkey.pem here") },
	{ "reload-cmd", 0, required_argument, "CMD",
	  N_("run after a deployment (e.g. reload the web server)") },
	{ "deploy-hook", 0, required_argument, "CMD",
	  N_("run after each renewal, as certbot's deploy hook") },
	{ "pre-hook", 0, required_argument, "CMD", N_("run before renewing") },
	{ "post-hook", 0, required_argument, "CMD", N_("run after renewing") },
	{ "deploy-owner", 0, required_argument, "USER",
	  N_("owner of the deployed files") },
	{ "deploy-group", 0, required_argument, "GROUP",
	  N_("group of the deployed files") },
	{ "deploy-mode", 0, required_argument, "MODE",
	  N_("mode of the deployed certificate files") },
	{ "deploy-key-mode", 0, required_argument, "MODE",
	  N_("mode of the deployed key file") },
	{ "deploy-combined", 0, no_argument, NULL,
	  N_("also write key and full chain in one file") },
	{ "no-deploy-combined", 0, no_argument, NULL,
	  N_("do not write the combined file") },
	{ "deploy-cert", 0, required_argument, "PATH",
	  N_("write the certificate to this file") },
	{ "deploy-chain", 0, required_argument, "PATH",
	  N_("write the chain to this file") },
	{ "deploy-fullchain", 0, required_argument, "PATH",
	  N_("write certificate and chain to this file") },
	{ "deploy-combined-path", 0, required_argument, "PATH",
	  N_("write key and full chain to this file") },
	{ "deploy-key", 0, required_argument, "PATH",
	  N_("write the private key to this file") },
	{ "probe", 0, required_argument, "HOST[:PORT]",
	  N_("check this endpoint serves it (repeat for more)") },
	{ "challenge", 0, required_argument, "TYPE",
	  N_("http-01 (default), dns-01 or tls-alpn-01") },
	{ "webroot", 0, required_argument, "DIR",
	  N_("answer through the web server that serves DIR") },
	{ "standalone", 0, no_argument, NULL,
	  N_("answer with the built-in responder") },
	{ "http-port", 0, required_argument, "N",
	  N_("the responder's HTTP port (default 80)") },
	{ "http-addr", 0, required_argument, "ADDR",
	  N_("the address the HTTP responder binds to") },
	{ "tls-port", 0, required_argument, "N",
	  N_("the responder's TLS port (default 443)") },
	{ "tls-addr", 0, required_argument, "ADDR",
	  N_("the address the TLS responder binds to") },
	{ "dns-hook", 0, required_argument, "CMD",
	  N_("add and remove the TXT record with this command") },
	{ "dns-hook-style", 0, required_argument, "STYLE",
	  N_("how the hook is called: acmetui or lego") },
	{ "rfc2136", 0, required_argument, "HOST[:PORT]",
	  N_("set the TXT record by DNS UPDATE at this server") },
	{ "rfc2136-zone", 0, required_argument, "ZONE",
	  N_("the zone to update (default: by SOA lookup)") },
	{ "tsig-name", 0, required_argument, "KEY",
	  N_("sign DNS updates with this TSIG key") },
	{ "tsig-alg", 0, required_argument, "ALG",
	  N_("the TSIG algorithm (default hmac-sha256)") },
	{ "tsig-secret-file", 0, required_argument, "FILE",
	  N_("read the TSIG secret from this file") },
	{ "dns-resolver", 0, required_argument, "HOST[:PORT]",
	  N_("the resolver for CNAME lookups and the propagation check") },
	{ "dns-check", 0, required_argument, "MODE",
	  N_("where to look for the record before the CA is told") },
	{ "dns-wait", 0, required_argument, "SECONDS",
	  N_("how long to wait for the record to appear") },
	{ "wait", 0, required_argument, "SECONDS",
	  N_("give up after this long") },
	{ "force", 0, no_argument, NULL,
	  N_("renew now, whatever the schedule") },
	{ "dry-run", 0, no_argument, NULL,
	  N_("rehearse: show what would be done, change nothing") },
	{ "reason", 0, required_argument, "R",
	  N_("the revocation reason (e.g. keyCompromise, superseded)") },
	{ "by-cert-key", 0, no_argument, NULL,
	  N_("sign the revocation with the certificate's key") },
	{ "out", 0, required_argument, "PATH",
	  N_("where to write (a directory; a file for export-key)") },
	{ "renew-at", 0, required_argument, "WHEN",
	  N_("renew at: now, a Unix time or YYYY-MM-DD") },
	{ "sni", 0, required_argument, "NAME",
	  N_("the server name to ask the endpoints for") },
	{ "name", 0, required_argument, "NAME",
	  N_("the name to store it under") },
	{ "yes", 0, no_argument, NULL,
	  N_("do not ask (needed when not on a terminal)") },
	/* accounts */
	{ "ca", 0, required_argument, "PRESET",
	  N_("a known CA (see 'account presets')") },
	{ "server", 0, required_argument, "URL", N_("the ACME directory URL") },
	{ "email", 0, required_argument, "ADDRESS",
	  N_("the contact address given to the CA") },
	{ "eab-kid", 0, required_argument, "KID",
	  N_("the CA's external account binding key id") },
	{ "eab-hmac-key", 0, required_argument, "KEY",
	  N_("its HMAC key (better: --eab-hmac-key-file)") },
	{ "eab-hmac-key-file", 0, required_argument, "FILE",
	  N_("read the EAB HMAC key from this file") },
	{ "key", 0, required_argument, "FILE",
	  N_("use this existing account key (PEM)") },
	{ "notify-cmd", 0, required_argument, "CMD",
	  N_("the account's own notify hook (\"\" clears it)") },
	{ "account-id", 0, required_argument, "ID",
	  N_("which of the package's accounts to import") },
	{ "agree-tos", 0, no_argument, NULL,
	  N_("agree to the CA's terms of service") },
	/* doctor */
	{ "resolver", 0, required_argument, "HOST[:PORT]",
	  N_("ask this DNS resolver") },
	{ "timeout", 0, required_argument, "SECONDS",
	  N_("time allowed for each check") },
	/* schedule */
	{ "systemd", 0, no_argument, NULL, N_("use a systemd timer") },
	{ "cron", 0, no_argument, NULL, N_("use cron") },
	{ "root", 0, required_argument, "DIR",
	  N_("write below this directory instead of /") },
	{ "user", 0, no_argument, NULL,
	  N_("this user's own timer or crontab (default for non-root)") },
	/* migrate */
	{ "config-dir", 0, required_argument, "DIR",
	  N_("certbot's configuration directory") },
	{ "live-dir", 0, required_argument, "DIR",
	  N_("deploy where certbot's live directory was") },
	{ "path", 0, required_argument, "DIR", N_("lego's directory") },
	{ "home", 0, required_argument, "DIR", N_("acme.sh's directory") },
	/* --renew-due */
	{ "jobs", 'j', required_argument, "N",
	  N_("renew at most N certificates at once") },
	{ "per-account", 0, required_argument, "N",
	  N_("at most N at once per account") },
	{ "per-ca", 0, required_argument, "N", N_("at most N at once per CA") },
	{ "staging-url", 0, required_argument, "URL",
	  N_("rehearse at this staging server") },
	{ "all", 0, no_argument, NULL,
	  N_("rehearse every certificate, not only those due") },
	{ "renew-due", 0, no_argument, NULL,
	  N_("the batch mode itself (may come after other options)") },
};

/* Every command and verb. */
static const struct verb_spec verbs[] = {
	{ "account", "import", "[FILE|-]",
	  N_("register from an e-mailed credentials package"),
	  "name ca server email eab-kid eab-hmac-key key-type key "
	  "notify-cmd account-id agree-tos",
	  0, 1 },
	{ "account", "add", "NAME",
	  N_("register an account (--ca PRESET or --server URL)"),
	  "ca server email eab-kid eab-hmac-key eab-hmac-key-file key-type "
	  "key notify-cmd agree-tos",
	  1, 1 },
	{ "account", "list", "", N_("list the accounts"), "", 0, 0 },
	{ "account", "show", "NAME", N_("show an account"), "", 1, 1 },
	{ "account", "set", "NAME",
	  N_("change an account's notify hook, or agree to its CA's terms "
	     "of service again"),
	  "notify-cmd agree-tos", 1, 1 },
	{ "account", "rollover", "NAME", N_("give an account a new key"),
	  "key-type", 1, 1 },
	{ "account", "deactivate", "NAME",
	  N_("deactivate an account at the CA (cannot be undone)"), "yes", 1,
	  1 },
	{ "account", "export-key", "NAME",
	  N_("write an account's key to a file"), "out", 1, 1 },
	{ "account", "presets", "", N_("list the known CAs"), "", 0, 0 },
	{ "cert", "add", "NAME",
	  N_("add a certificate (-d DOMAIN ... --account A)"),
	  "account domain " CERT_SETTINGS_NAMES, 1, 1 },
	{ "cert", "issue", "NAME", N_("order and install a certificate"),
	  "wait", 1, 1 },
	{ "cert", "renew", "NAME", N_("renew a certificate when it is due"),
	  "force dry-run wait yes", 1, 1 },
	{ "cert", "revoke", "NAME", N_("revoke a certificate at the CA"),
	  "reason by-cert-key", 1, 1 },
	{ "cert", "deploy", "NAME", N_("install a certificate's files again"),
	  "", 1, 1 },
	{ "cert", "probe", "NAME [HOST[:PORT]...]",
	  N_("check which certificate the servers present"), "sni", 1, -1 },
	{ "cert", "show", "NAME", N_("show a certificate and its events"), "",
	  1, 1 },
	{ "cert", "list", "", N_("list the certificates"), "", 0, 0 },
	{ "cert", "export", "NAME",
	  N_("write a certificate's files to a directory"), "out", 1, 1 },
	{ "cert", "delete", "NAME",
	  N_("remove a certificate and its key from the inventory"), "yes", 1,
	  1 },
	{ "cert", "set", "NAME", N_("change a certificate's settings"),
	  "renew-at " CERT_SETTINGS_NAMES, 1, 1 },
	{ "cert", "import", "FILE|-|HOST:PORT",
	  N_("watch a certificate not issued here"), "name probe", 1, 1 },
	{ "domain", "list", "", N_("list the domains and their methods"), "", 0,
	  0 },
	{ "domain", "show", "DOMAIN", N_("show how a domain is validated"), "",
	  1, 1 },
	{ "domain", "set", "DOMAIN", N_("change how a domain is validated"),
	  METHOD_NAMES, 1, 1 },
	{ "doctor", NULL, "NAME",
	  N_("pre-flight checks (DNS, CAA, ports, clock)"), "resolver timeout",
	  1, 1 },
	{ "schedule", "install", "",
	  N_("run --renew-due from a systemd timer or cron"),
	  "systemd cron dry-run root user", 0, 0 },
	{ "schedule", "remove", "",
	  N_("remove the line from this user's crontab"), "user dry-run", 0,
	  0 },
	{ "schedule", "status", "",
	  N_("say whether and how renewal is scheduled"), "root user", 0, 0 },
	{ "migrate", "certbot", "",
	  N_("take over certbot's certificates and accounts"),
	  "config-dir live-dir dry-run", 0, 0 },
	{ "migrate", "lego", "",
	  N_("take over lego's certificates and accounts"),
	  "path server email dry-run" METHOD_NAMES, 0, 0 },
	{ "migrate", "acme.sh", "",
	  N_("take over acme.sh's certificates and accounts"), "home dry-run",
	  0, 0 },
	{ "--renew-due", NULL, "[NAME...]",
	  N_("renew every certificate that is due (cron)"),
	  "renew-due jobs per-account per-ca pre-hook post-hook dry-run all "
	  "staging-url wait",
	  0, -1 },
};

#define N_OPTS (sizeof(opts) / sizeof(opts[0]))
#define N_VERBS (sizeof(verbs) / sizeof(verbs[0]))

/* The widest option list a verb can have, globals included. */
#define GATE_OPTS_MAX (N_OPTS + 1)

/* The option called name (exact, or a unique prefix as getopt_long
 * takes it); NULL when none or ambiguous.  Borrowed. */
static const struct verb_opt *verbs_opt(const char *name)
{
	const struct verb_opt *hit = NULL;
	size_t i, len = strlen(name);

	for (i = 0; i < N_OPTS; i++) {
		if (strcmp(opts[i].name, name) == 0)
			return &opts[i];
		if (len > 0 && strncmp(opts[i].name, name, len) == 0) {
			if (hit != NULL)
				return NULL; /* ambiguous */
			hit = &opts[i];
		}
	}
	return hit;
}

/* The option with this short letter, or NULL. */
static const struct verb_opt *opt_by_short(int ch)
{
	size_t i;

	for (i = 0; i < N_OPTS; i++)
		if (opts[i].short_name == ch)
			return &opts[i];
	return NULL;
}

/* 1 when the space-separated list has word. */
static int list_has(const char *list, const char *word)
{
	size_t len = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word)) != NULL) {
		if ((p == list || p[-1] == ' ') &&
		    (p[len] == ' ' || p[len] == '\0'))
			return 1;
		p += len;
	}
	return 0;
}

/* The table entry for command and verb (verb NULL or ignored for a
 * command that takes none); NULL when there is none.  Borrowed. */
static const struct verb_spec *verbs_find(const char *command, const char *verb)
{
	size_t i;

	for (i = 0; i < N_VERBS; i++) {
		if (strcmp(verbs[i].command, command) != 0)
			continue;
		if (verbs[i].verb == NULL ||
		    (verb != NULL && strcmp(verbs[i].verb, verb) == 0))
			return &verbs[i];
	}
	return NULL;
}

/* 1 when command has verbs in the table (and so takes one). */
static int command_known(const char *command)
{
	size_t i;

	for (i = 0; i < N_VERBS; i++)
		if (strcmp(verbs[i].command, command) == 0)
			return 1;
	return 0;
}

/* "cert list" or "doctor": how messages name the verb. */
static void verb_title(const struct verb_spec *s, char *out, size_t size)
{
	snprintf(out, size, "%s%s%s", s->command, s->verb ? " " : "",
		 s->verb ? s->verb : "");
}

/* An option's head, "-d, --domain DOMAIN", into out; its length. */
static int opt_head(const struct verb_opt *o, char *out, size_t size)
{
	if (o->short_name != 0)
		return snprintf(out, size, "-%c, --%s%s%s", o->short_name,
				o->name, o->arg ? " " : "",
				o->arg ? o->arg : "");
	return snprintf(out, size, "--%s%s%s", o->name, o->arg ? " " : "",
			o->arg ? o->arg : "");
}

/* Calls fn(name, arg) for each option name of a space-separated list. */
static void each_name(const char *list, void (*fn)(const char *name, void *arg),
		      void *arg)
{
	char name[64];
	const char *p = list;
	size_t len;

	while (*p != '\0') {
		p += strspn(p, " ");
		len = strcspn(p, " ");
		if (len > 0 && len < sizeof(name)) {
			memcpy(name, p, len);
			name[len] = '\0';
			fn(name, arg);
		}
		p += len;
	}
}

/* Widens *arg (an int) to the option's head. */
static void widen(const char *name, void *arg)
{
	const struct verb_opt *o = verbs_opt(name);
	char head[64];
	int *width = arg, len;

	len = o != NULL ? opt_head(o, head, sizeof(head)) : 0;
	if (len > *width)
		*width = len;
}

/* One option's help line, the help text at column *arg (an int). */
static void print_named_opt(const char *name, void *arg)
{
	const struct verb_opt *o = verbs_opt(name);
	char head[64];

	if (o == NULL)
		return;
	opt_head(o, head, sizeof(head));
	printf("  %-*s  %s\n", *(int *)arg, head, _(o->help));
}

/* A summary as a sentence: capital first letter, full stop. */
static void print_sentence(const char *summary)
{
	char line[256];

	snprintf(line, sizeof(line), "%s", summary);
	if (line[0] >= 'a' && line[0] <= 'z')
		line[0] = (char)(line[0] - 'a' + 'A');
	printf("%s.\n", line);
}

/* Prints the help of s on stdout. */
static void verbs_print_help(const struct verb_spec *s)
{
	char title[64];

	verb_title(s, title, sizeof(title));
	printf(_("Usage: acmetui %s%s%s%s\n"), title,
	       s->opts[0] ? _(" [OPTIONS]") : "", s->operands[0] ? " " : "",
	       s->operands);
	print_sentence(_(s->summary));
	if (s->opts[0] != '\0') {
		/* As wide as this verb's longest option, not every verb's. */
		int width = 0;

		each_name(s->opts, widen, &width);
		printf("\n%s\n", _("Options:"));
		each_name(s->opts, print_named_opt, &width);
	}
	printf("\n%s\n", _("Global options: --db PATH, --ca-file PEM, --json, "
			   "-q, -v (see 'acmetui --help')."));
}

/* `acmetui COMMAND --help`: the command's verbs, one line each. */
static void print_command_help(const char *command)
{
	char head[96];
	size_t i;

	printf(_("Usage: acmetui %s VERB [OPTIONS]\n\n"), command);
	for (i = 0; i < N_VERBS; i++) {
		if (strcmp(verbs[i].command, command) != 0)
			continue;
		snprintf(head, sizeof(head), "%s %s",
			 verbs[i].verb ? verbs[i].verb : "", verbs[i].operands);
		printf("  %-28s %s\n", head, _(verbs[i].summary));
	}
	printf(_("\nSee 'acmetui %s VERB --help' for a verb's options.\n"),
	       command);
}

/* Prints the one-line refusal and returns EXIT_USAGE; in --json mode
 * cli_fail() also gives the error object. */
static int refuse(struct cli *c, const struct verb_spec *s, const char *what)
{
	struct err e = { 0 };
	char title[64];

	verb_title(s, title, sizeof(title));
	err_set(&e, RC_USAGE, _("%s: %s (see 'acmetui %s --help')"), title,
		what, title);
	cli_fail(c, &e);
	return EXIT_USAGE;
}

/* Names an option getopt did not take (args[optind - 1] or optopt) as
 * "--name" in out; "" when it cannot tell. */
static void rejected_name(char **args, int at, int optopt_ch, char *out,
			  size_t size)
{
	const struct verb_opt *o = NULL;
	const char *text = at > 0 ? args[at - 1] : "";
	char name[64];
	size_t len;

	if (strncmp(text, "--", 2) == 0) {
		len = strcspn(text + 2, "=");
		snprintf(name, sizeof(name), "%.*s",
			 (int)(len < sizeof(name) ? len : sizeof(name) - 1),
			 text + 2);
		o = verbs_opt(name);
		if (o == NULL) {
			safe_line(out, size, text, len + 2);
			return;
		}
	} else if (optopt_ch != 0) {
		o = opt_by_short(optopt_ch);
		if (o == NULL) {
			snprintf(out, size, "-%c", optopt_ch);
			return;
		}
	}
	if (o != NULL)
		snprintf(out, size, "--%s", o->name);
	else
		out[0] = '\0';
}

/* 1 when the verb s (or every verb: a global) takes the option. */
static int verb_takes(const struct verb_spec *s, const char *name)
{
	return list_has(GLOBAL_NAMES, name) || list_has(s->opts, name);
}

/* The getopt table of s (globals, help and its own options) into lo and
 * the short options into sh.  Each val is the option's index in opts[]
 * plus 0x100. */
static void gate_table(const struct verb_spec *s, struct option *lo, char *sh,
		       size_t shsize)
{
	size_t i, n = 0, k = 0;

	k += (size_t)snprintf(sh, shsize, ":");
	for (i = 0; i < N_OPTS; i++) {
		if (!verb_takes(s, opts[i].name))
			continue;
		lo[n].name = opts[i].name;
		lo[n].has_arg = opts[i].has_arg;
		lo[n].flag = NULL;
		lo[n].val = 0x100 + (int)i;
		n++;
		if (opts[i].short_name != 0 && k + 3 < shsize)
			k += (size_t)snprintf(sh + k, shsize - k, "%c%s",
					      opts[i].short_name,
					      opts[i].has_arg ? ":" : "");
	}
	memset(&lo[n], 0, sizeof(lo[n]));
}

/* Runs getopt over a copy of args (args[0] = the verb) with only what s
 * allows.  Returns -1 to go on, or the exit status. */
static int gate_parse(struct cli *c, const struct verb_spec *s, int n,
		      char **args)
{
	struct option lo[GATE_OPTS_MAX];
	char sh[32], what[160], name[64];
	char **copy;
	int opt = -1, npos, rc = -1, saved_opterr = opterr;
	int saved_optind = optind; /* main() dispatches on it */

	copy = calloc((size_t)n + 1, sizeof(*copy));
	if (copy == NULL)
		return -1; /* the verb's own parser still checks */
	memcpy(copy, args, (size_t)n * sizeof(*copy));
	gate_table(s, lo, sh, sizeof(sh));
	opterr = 0; /* the messages are ours */
	optind = 0;
	/* Reads on after a refusal only to see --json, so that the refusal
	 * comes as the error object too. */
	while ((opt = getopt_long(n, copy, sh, lo, NULL)) != -1) {
		if (opt == 0x100 + (int)(verbs_opt("json") - opts)) {
			c->json = 1;
		} else if (rc >= 0) {
			continue;
		} else if (opt == 0x100 + (int)(opt_by_short('h') - opts)) {
			verbs_print_help(s);
			rc = EXIT_OK;
		} else if (opt == '?') {
			rejected_name(copy, optind, optopt, name, sizeof(name));
			if (strncmp(name, "--", 2) == 0 &&
			    verb_takes(s, name + 2))
				snprintf(what, sizeof(what),
					 _("%s takes no value"), name);
			else if (strncmp(name, "--", 2) == 0 &&
				 verbs_opt(name + 2) != NULL)
				snprintf(what, sizeof(what),
					 _("%s does not apply"), name);
			else
				snprintf(what, sizeof(what),
					 _("unknown or ambiguous option '%s'"),
					 name[0] ? name : "?");
			rc = EXIT_USAGE;
		} else if (opt == ':') {
			break; /* the verb's parser names the missing value */
		}
	}
	if (rc == EXIT_USAGE)
		refuse(c, s, what);
	npos = n - optind;
	if (rc < 0 && opt == -1 && s->max_pos >= 0 && npos > s->max_pos) {
		const char *extra = copy[optind + s->max_pos];

		safe_line(name, sizeof(name), extra, strlen(extra));
		snprintf(what, sizeof(what), _("unexpected argument '%s'"),
			 name);
		rc = refuse(c, s, what);
	} else if (rc < 0 && opt == -1 && npos < s->min_pos) {
		snprintf(what, sizeof(what), _("%s missing"), s->operands);
		rc = refuse(c, s, what);
	}
	opterr = saved_opterr;
	optind = saved_optind;
	free(copy);
	return rc;
}

int verbs_gate(struct cli *c, int argc, char **argv)
{
	const struct verb_spec *s;

	if (argc < 1 || !command_known(argv[0]))
		return -1;
	s = verbs_find(argv[0], NULL);
	if (s != NULL && s->verb == NULL)
		return gate_parse(c, s, argc, argv);
	if (argc < 2)
		return -1; /* the command says which verbs it has */
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		print_command_help(argv[0]);
		return EXIT_OK;
	}
	s = verbs_find(argv[0], argv[1]);
	if (s == NULL)
		return -1; /* the command names the unknown verb */
	return gate_parse(c, s, argc - 1, argv + 1);
}

int verbs_gate_batch(struct cli *c, int argc, char **argv)
{
	return gate_parse(c, verbs_find("--renew-due", NULL), argc, argv);
}

static void print_list_opt(const char *name, void *arg)
{
	(void)arg;
	printf(" --%s", name);
}

/* `help --list`: every verb, one a line, for scripts and tests: its
 * name ("cert list", "doctor"), the least and most operands (-1: any),
 * and its options, tab-separated. */
static void print_list(void)
{
	char title[64];
	size_t i;

	for (i = 0; i < N_VERBS; i++) {
		verb_title(&verbs[i], title, sizeof(title));
		printf("%s\t%d\t%d\t", title, verbs[i].min_pos,
		       verbs[i].max_pos);
		each_name(verbs[i].opts, print_list_opt, NULL);
		putchar('\n');
	}
}

int verbs_help(struct cli *c, int argc, char **argv)
{
	const struct verb_spec *s;

	if (argc == 2 && strcmp(argv[1], "--list") == 0) {
		print_list();
		return EXIT_OK;
	}
	if (argc < 2)
		return -1; /* the general help */
	if (argc > 3)
		return cli_usage_error(c, _("help takes a command and a verb "
					    "at most"));
	if (!command_known(argv[1]))
		return cli_usage_error(c, _("help: unknown command '%s'"),
				       argv[1]);
	s = verbs_find(argv[1], argc == 3 ? argv[2] : NULL);
	if (s != NULL && (s->verb != NULL || argc == 2)) {
		verbs_print_help(s);
		return EXIT_OK;
	}
	if (argc == 2) {
		print_command_help(argv[1]);
		return EXIT_OK;
	}
	return cli_usage_error(c, _("help: unknown %s command '%s'"), argv[1],
			       argv[2]);
}
