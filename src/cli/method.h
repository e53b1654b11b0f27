/* SPDX-License-Identifier: ISC */
/* method.h - the validation-method options shared by `cert add` and
 * `domain set`: which challenge answers a name and how. */
#ifndef ACMETUI_CLI_METHOD_H
#define ACMETUI_CLI_METHOD_H

#include <getopt.h>
#include <limits.h>

#include "cli/cli.h"
#include "db/store_domains.h"

/* Option numbers; callers number their own from OPT_METHOD_LAST. */
enum {
	OPT_CHALLENGE = OPT_FIRST_LOCAL,
	OPT_WEBROOT,
	OPT_STANDALONE,
	OPT_HTTP_PORT,
	OPT_HTTP_ADDR,
	OPT_TLS_PORT,
	OPT_TLS_ADDR,
	OPT_DNS_HOOK,
	OPT_RFC2136,
	OPT_RFC2136_ZONE,
	OPT_TSIG_NAME,
	OPT_TSIG_ALG,
	OPT_TSIG_SECRET_FILE,
	OPT_DNS_RESOLVER,
	OPT_DNS_CHECK,
	OPT_DNS_WAIT,
	OPT_DNS_HOOK_STYLE,
	OPT_METHOD_LAST
};

#define METHOD_LONGOPTS \
	{ "challenge", required_argument, NULL, OPT_CHALLENGE }, \
		{ "webroot", required_argument, NULL, OPT_WEBROOT }, \
		{ "standalone", no_argument, NULL, OPT_STANDALONE }, \
		{ "http-port", required_argument, NULL, OPT_HTTP_PORT }, \
		{ "http-addr", required_argument, NULL, OPT_HTTP_ADDR }, \
		{ "tls-port", required_argument, NULL, OPT_TLS_PORT }, \
		{ "tls-addr", required_argument, NULL, OPT_TLS_ADDR }, \
		{ "dns-hook", required_argument, NULL, OPT_DNS_HOOK }, \
		{ "dns-hook-style", required_argument, NULL, \
		  OPT_DNS_HOOK_STYLE }, \
		{ "rfc2136", required_argument, NULL, OPT_RFC2136 }, \
		{ "rfc2136-zone", required_argument, NULL, OPT_RFC2136_ZONE }, \
		{ "tsig-name", required_argument, NULL, OPT_TSIG_NAME }, \
		{ "tsig-alg", required_argument, NULL, OPT_TSIG_ALG }, \
		{ "tsig-secret-file", required_argument, NULL, \
		  OPT_TSIG_SECRET_FILE }, \
		{ "dns-resolver", required_argument, NULL, OPT_DNS_RESOLVER }, \
		{ "dns-check", required_argument, NULL, OPT_DNS_CHECK }, \
	{ \
		"dns-wait", required_argument, NULL, OPT_DNS_WAIT \
	}

/* What the options said (strings borrowed from argv). */
struct method_opts {
	const char *challenge, *webroot, *http_addr, *tls_addr, *dns_hook;
	const char *rfc2136, *rfc2136_zone, *tsig_name, *tsig_alg;
	const char *tsig_secret_file, *dns_resolver, *dns_check;
	const char *dns_hook_style;
	int standalone, http_port, tls_port, dns_wait;
	int given; /* any method option seen */
	char webroot_abs[PATH_MAX];
	char *tsig_secret; /* read from the file; secret */
};

/* Handles opt when it is a method option: returns 1 (taken), 0 (not a
 * method option) or -1 (bad value; the error is printed). */
int method_opt(struct cli *c, struct method_opts *m, int opt, const char *arg);

/* Checks the options as a whole and loads what they point to (the webroot
 * is made absolute, the TSIG secret read from its file or
 * $ACMETUI_TSIG_SECRET).  Returns EXIT_OK or the exit status of the error
 * it printed. */
int method_finish(struct cli *c, struct method_opts *m);

/* Fills the method fields of d (borrowing m's strings) for the name d->name
 * (wildcards need dns-01).  Returns EXIT_OK or an exit status. */
int method_apply(struct cli *c, const struct method_opts *m,
		 struct domain_row *d);

/* Wipes and frees what method_finish() loaded. */
void method_clear(struct method_opts *m);

/* A one-line description of how d is validated ("http-01 webroot /var/www",
 * "dns-01 rfc2136 127.0.0.1:53 zone example.test") into out. */
void method_describe(const struct domain_row *d, char *out, size_t sz);

#endif
