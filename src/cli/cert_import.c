/* SPDX-License-Identifier: ISC */
/* cert_import.c - `acmetui cert import [--name NAME] [--probe HOST:PORT]...
 * (FILE|-|HOST:PORT)`: puts a certificate acmetui did not issue into the
 * inventory, to watch its expiry (and, with endpoints, what is served).
 *
 * The source is a file of PEM certificates (leaf first, then its chain;
 * "-" is standard input) or an endpoint whose served chain is fetched.
 * An operand naming an existing file is a file; anything else is an
 * endpoint (HOST, HOST:PORT or [IPv6]:PORT; port 443 when absent).
 *
 * Everything read is hostile: at most CERT_CHAIN_MAX_BYTES and
 * CERT_CHAIN_MAX_CERTS certificates, nothing but CERTIFICATE blocks and
 * white space (crypto/cert.c checks each block decodes to exactly one
 * certificate).  A file that holds a private key is refused as a whole:
 * acmetui never stores the key of a certificate it does not manage, and
 * silently dropping it would hide that a key was handed to the wrong
 * tool.  The buffer read is wiped before it is freed either way. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <openssl/crypto.h>

#include "cli/cli.h"
#include "cli/fmt.h"
#include "crypto/cert.h"
#include "db/store_certs.h"
#include "lifecycle/certwatch.h"
#include "monitor/probe.h"
#include "parse/domain.h"
#include "util/fileio.h"
#include "util/safe.h"

/* Longest certificate name (db/schema.sql CHECK). */
#define IMPORT_NAME_MAX LC_CERT_WATCH_NAME_MAX
/* Room for the endpoints stored with the certificate ("a:1,b:2"). */
#define IMPORT_PROBES_MAX 1024

enum { OPT_NAME = OPT_FIRST_LOCAL, OPT_PROBE };

static const struct option import_opts[] = {
	CLI_GLOBAL_LONGOPTS,
	{ "name", required_argument, NULL, OPT_NAME },
	{ "probe", required_argument, NULL, OPT_PROBE },
	{ NULL, 0, NULL, 0 }
};

struct import_args {
	const char *name;		/* --name, or NULL */
	const char *source;		/* FILE, "-" or HOST:PORT */
	char probes[IMPORT_PROBES_MAX]; /* endpoints, comma-joined */
};

/* What was read and parsed; owned, released by import_clear(). */
struct import {
	char *pem; /* what was read (wiped on release) */
	size_t pem_len;
	char **certs; /* its blocks, [0] the leaf */
	size_t n_certs;
	char *chain;	     /* certs[1..] joined, or NULL */
	struct cert_info ci; /* the leaf's facts */
	char names[CERT_MAX_DOMAINS][DOMAIN_BUFSZ];
	struct domain_row doms[CERT_MAX_DOMAINS];
	size_t n_names;
	size_t skipped;		   /* SANs not valid as inventory names */
	struct probe_result probe; /* the fetch, for an endpoint */
	int fetched;
};

static void import_clear(struct import *im)
{
	if (im->pem != NULL) {
		OPENSSL_cleanse(im->pem, im->pem_len);
		free(im->pem);
	}
	pem_certs_free(im->certs, im->n_certs);
	free(im->chain);
	cert_info_clear(&im->ci);
	probe_result_clear(&im->probe);
	memset(im, 0, sizeof(*im));
}

/* Appends a checked endpoint to a->probes.  EXIT_OK or EXIT_USAGE. */
static int add_probe(struct cli *c, struct import_args *a, const char *ep)
{
	char host[PROBE_HOST_MAX + 1];
	size_t len = strlen(a->probes);
	int port;

	if (strchr(ep, ',') != NULL ||
	    probe_parse_endpoint(ep, host, sizeof(host), &port, NULL) != RC_OK)
		return cli_usage_error(c,
				       _("invalid --probe '%s' "
					 "(HOST[:PORT])"),
				       ep);
	if (len + strlen(ep) + 2 > sizeof(a->probes))
		return cli_usage_error(c, _("too many --probe endpoints"));
	snprintf(a->probes + len, sizeof(a->probes) - len, "%s%s",
		 len ? "," : "", ep);
	return EXIT_OK;
}

static int parse_args(struct cli *c, int argc, char **argv,
		      struct import_args *a)
{
	int opt, rc;

	memset(a, 0, sizeof(*a));
	/* optind 0 resets GNU getopt fully; the verb stands in for the
	 * program name, as in cert.c. */
	optind = 0;
	while ((opt = getopt_long(argc - 1, argv + 1, "qv", import_opts,
				  NULL)) != -1) {
		if (cli_global_opt(c, opt, optarg))
			continue;
		switch (opt) {
		case OPT_NAME:
			if (!safe_name_ok(optarg, IMPORT_NAME_MAX))
				return cli_usage_error(
					c,
					_("invalid --name '%s' (letters, "
					  "digits, '.', '-', '_'; at most "
					  "%d)"),
					optarg, IMPORT_NAME_MAX);
			a->name = optarg;
			break;
		case OPT_PROBE:
			rc = add_probe(c, a, optarg);
			if (rc != EXIT_OK)
				return rc;
			break;
		default:
			return cli_bad_option(c, argc - 1, argv + 1, "qv");
		}
	}
	if (argc - 1 - optind != 1)
		return cli_usage_error(c, _("usage: cert import [--name NAME] "
					    "[--probe HOST:PORT]... "
					    "(FILE|-|HOST:PORT)"));
	a->source = argv[1 + optind];
	return EXIT_OK;
}

/* Whether the operand is something to read (stdin or an existing file)
 * rather than an endpoint. */
static int source_is_file(const char *s)
{
	struct stat sb;

	if (s == NULL)
		return 0;
	return strcmp(s, "-") == 0 || stat(s, &sb) == 0;
}

/* Reads the file (or stdin) into im->pem, refusing a private key. */
static enum rc read_file(const char *path, struct import *im, struct err *e)
{
	enum rc rc;

	rc = file_read_all(path, CERT_CHAIN_MAX_BYTES, &im->pem, &im->pem_len,
			   e);
	if (rc != RC_OK)
		return rc;
	/* "-----BEGIN [RSA |EC |ENCRYPTED |OPENSSH ]PRIVATE KEY-----". */
	if (memmem(im->pem, im->pem_len, "PRIVATE KEY-----", 16) != NULL)
		return err_set(e, RC_INPUT,
			       _("%s holds a private key: acmetui only "
				 "watches imported certificates and never "
				 "stores their keys; give the certificate "
				 "and its chain without the key"),
			       strcmp(path, "-") == 0 ? _("standard input")
						      : path);
	return RC_OK;
}

/* Fetches the chain that endpoint serves (SNI: its host) into im. */
static enum rc fetch(struct cli *c, const char *endpoint, struct import *im,
		     struct err *e)
{
	char host[PROBE_HOST_MAX + 1];
	struct probe_expect x = { 0 };
	struct probe_opts o = { 0 };
	enum rc rc;
	int port;

	rc = probe_parse_endpoint(endpoint, host, sizeof(host), &port, e);
	if (rc != RC_OK)
		return rc;
	o.name = host;
	o.ca_file = c->ca_file;
	o.keep_chain = 1;
	rc = probe_endpoint(endpoint, &o, &x, &im->probe, e);
	if (rc != RC_OK)
		return rc;
	im->fetched = 1;
	if (im->probe.verdict == PROBE_UNREACHABLE ||
	    im->probe.served_pem == NULL)
		return err_set(e, RC_NET,
			       _("cannot fetch the certificate "
				 "from %s: %s"),
			       im->probe.endpoint,
			       im->probe.error ? im->probe.error
					       : _("nothing served"));
	im->pem_len = strlen(im->probe.served_pem);
	im->pem = strdup(im->probe.served_pem);
	if (im->pem == NULL)
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	return RC_OK;
}

/* Joins certs[1..] as the chain (NULL when the leaf came alone). */
static enum rc join_chain(struct import *im, struct err *e)
{
	size_t i, len = 0;

	if (im->n_certs < 2)
		return RC_OK;
	for (i = 1; i < im->n_certs; i++)
		len += strlen(im->certs[i]);
	im->chain = calloc(1, len + 1);
	if (im->chain == NULL)
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	len = 0;
	for (i = 1; i < im->n_certs; i++) {
		size_t l = strlen(im->certs[i]);

		memcpy(im->chain + len, im->certs[i], l);
		len += l;
	}
	return RC_OK;
}

/* The leaf's SANs as inventory names: normalized, duplicates dropped;
 * those the inventory cannot hold (not a valid DNS name or address, or
 * beyond CERT_MAX_DOMAINS) are counted in im->skipped. */
static void collect_names(struct import *im)
{
	enum domain_kind kind;
	size_t i, j;

	for (i = 0; i < im->ci.n_sans; i++) {
		char *out;

		if (im->n_names == CERT_MAX_DOMAINS) {
			im->skipped++;
			continue;
		}
		out = im->names[im->n_names];
		if (domain_normalize(im->ci.sans[i], out, DOMAIN_BUFSZ, &kind,
				     NULL) != RC_OK) {
			im->skipped++;
			continue;
		}
		for (j = 0; j < im->n_names; j++)
			if (strcmp(im->names[j], out) == 0)
				break;
		if (j < im->n_names)
			continue;
		im->doms[im->n_names].name = out;
		im->doms[im->n_names].ident_type = kind == DOMAIN_IP
							   ? DOM_IDENT_IP
							   : DOM_IDENT_DNS;
		im->n_names++;
	}
}

/* Parses and checks what was read: every block a certificate, the first
 * one's facts, its names. */
static enum rc parse_pem(struct import *im, struct err *e)
{
	enum rc rc;

	rc = pem_split_certs(im->pem, im->pem_len, &im->certs, &im->n_certs, e);
	if (rc == RC_OK)
		rc = cert_info_parse(im->certs[0], strlen(im->certs[0]),
				     &im->ci, e);
	if (rc == RC_OK)
		rc = join_chain(im, e);
	if (rc == RC_OK)
		collect_names(im);
	return rc;
}

/* The default name: the first DNS name, a wildcard without its "*.". */
static const char *default_name(const struct import *im)
{
	size_t i;

	for (i = 0; i < im->n_names; i++)
		if (im->doms[i].ident_type == DOM_IDENT_DNS)
			return domain_base(im->names[i]);
	return NULL;
}

/* The event logged with the import: where from, what, and for a fetch
 * whether the served chain verified.  Untrusted parts are escaped. */
static void event_text(const struct import_args *a, const struct import *im,
		       char *buf, size_t sz, enum ev_level *level)
{
	char src[300], ser[100], iss[300], why[300], until[40];

	safe_line(src, sizeof(src), a->source, strlen(a->source));
	safe_line(ser, sizeof(ser), im->ci.serial ? im->ci.serial : "?",
		  im->ci.serial ? strlen(im->ci.serial) : 1);
	safe_line(iss, sizeof(iss), im->ci.issuer ? im->ci.issuer : "?",
		  im->ci.issuer ? strlen(im->ci.issuer) : 1);
	fmt_time((int64_t)im->ci.not_after, until, sizeof(until));
	*level = EV_INFO;
	if (!im->fetched) {
		snprintf(buf, sz,
			 _("imported to watch from %s: serial %s, "
			   "issuer %s, valid until %s"),
			 src, ser, iss, until);
		return;
	}
	if (im->probe.verified) {
		snprintf(buf, sz,
			 _("imported to watch from %s: serial %s, "
			   "issuer %s, valid until %s; chain "
			   "verified"),
			 src, ser, iss, until);
		return;
	}
	*level = EV_WARN;
	safe_line(why, sizeof(why),
		  im->probe.verify_error ? im->probe.verify_error : "?",
		  im->probe.verify_error ? strlen(im->probe.verify_error) : 1);
	snprintf(buf, sz,
		 _("imported to watch from %s: serial %s, issuer %s, "
		   "valid until %s; chain NOT verified: %s"),
		 src, ser, iss, until, why);
}

/* The endpoints to store: the fetched one first, then --probe; NULL (keep
 * what is stored) when neither.  Returns -1 when they do not fit. */
static int endpoints(const struct import_args *a, const struct import *im,
		     char *buf, size_t sz, const char **out)
{
	int n;

	*out = NULL;
	if (!im->fetched) {
		*out = a->probes[0] ? a->probes : NULL;
		return 0;
	}
	n = snprintf(buf, sz, "%s%s%s", im->probe.endpoint,
		     a->probes[0] ? "," : "", a->probes);
	if (n < 0 || (size_t)n >= sz)
		return -1;
	*out = buf;
	return 0;
}

/* Reports the stored certificate, as text or JSON. */
static void report(struct cli *c, const char *name, const struct import *im,
		   const char *eps, int created)
{
	struct json_object *o, *arr;
	char nm[300], until[40], cd[32];
	size_t i;

	if (c->json) {
		o = json_object_new_object();
		arr = json_object_new_array();
		fmt_json_str(o, "name", name);
		json_object_object_add(o, "watch", json_object_new_boolean(1));
		json_object_object_add(o, "created",
				       json_object_new_boolean(created));
		fmt_json_str(o, "serial", im->ci.serial);
		fmt_json_str(o, "issuer", im->ci.issuer);
		fmt_json_time(o, "not_before", (int64_t)im->ci.not_before);
		fmt_json_time(o, "not_after", (int64_t)im->ci.not_after);
		/* The domain objects of `cert show`, names only. */
		for (i = 0; i < im->n_names; i++) {
			struct json_object *d = json_object_new_object();

			fmt_json_str(d, "name", im->names[i]);
			json_object_array_add(arr, d);
		}
		json_object_object_add(o, "domains", arr);
		json_object_object_add(
			o, "domain_count",
			json_object_new_int64((int64_t)im->n_names));
		json_object_object_add(
			o, "skipped_names",
			json_object_new_int64((int64_t)im->skipped));
		json_object_object_add(
			o, "chain_length",
			json_object_new_int64((int64_t)im->n_certs));
		if (im->fetched)
			json_object_object_add(
				o, "chain_verified",
				json_object_new_boolean(im->probe.verified));
		fmt_json_str(o, "probe_endpoints", eps);
		cli_print_json(o);
		return;
	}
	if (c->quiet)
		return;
	safe_line(nm, sizeof(nm), name, strlen(name));
	printf(created ? _("Certificate '%s' imported to be watched: %zu "
			   "names, valid until %s (%s).\n")
		       : _("Watched certificate '%s' updated: %zu names, "
			   "valid until %s (%s).\n"),
	       nm, im->n_names,
	       fmt_time((int64_t)im->ci.not_after, until, sizeof(until)),
	       fmt_countdown((int64_t)im->ci.not_after - time(NULL), cd,
			     sizeof(cd)));
	if (im->skipped > 0)
		printf(_("  %zu name(s) of the certificate were not kept (not "
			 "valid domain names, or too many).\n"),
		       im->skipped);
}

/* Stores what was parsed as the watched certificate name. */
static int store_it(struct cli *c, const struct import_args *a,
		    struct import *im, const char *name)
{
	struct cert_watch w = { 0 };
	char msg[1024], eps[IMPORT_PROBES_MAX + PROBE_HOST_MAX + 16];
	struct err e = { 0 };
	struct store *st;
	int created = 0;

	if (endpoints(a, im, eps, sizeof(eps), &w.probe_endpoints) != 0)
		return cli_usage_error(c, _("too many --probe endpoints"));
	event_text(a, im, msg, sizeof(msg), &w.event_level);
	w.name = name;
	w.cert_pem = im->certs[0];
	w.chain_pem = im->chain;
	w.serial = im->ci.serial;
	w.issuer = im->ci.issuer;
	w.not_before = (int64_t)im->ci.not_before;
	w.not_after = (int64_t)im->ci.not_after;
	w.domains = im->doms;
	w.n_domains = im->n_names;
	w.event = msg;
	st = cli_store(c, &e);
	if (st == NULL || lc_cert_watch(st, &w, NULL, &created, &e) != RC_OK)
		return cli_fail(c, &e);
	report(c, name, im, w.probe_endpoints, created);
	return EXIT_OK;
}

int cli_cert_import(struct cli *c, int argc, char **argv)
{
	struct import_args a;
	struct import *im = NULL;
	struct err e = { 0 };
	const char *name;
	enum rc rc;
	int ret;

	ret = parse_args(c, argc, argv, &a);
	if (ret != EXIT_OK)
		return ret;
	/* The names alone take 25 KB: not on the stack. */
	im = calloc(1, sizeof(*im));
	if (im == NULL) {
		err_set(&e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		return cli_fail(c, &e);
	}
	rc = source_is_file(a.source) ? read_file(a.source, im, &e)
				      : fetch(c, a.source, im, &e);
	if (rc == RC_OK)
		rc = parse_pem(im, &e);
	if (rc != RC_OK) {
		ret = cli_fail(c, &e);
		goto out;
	}
	name = a.name != NULL ? a.name : default_name(im);
	if (name == NULL || strlen(name) > IMPORT_NAME_MAX) {
		ret = cli_usage_error(c, _("the certificate has no short DNS "
					   "name to call it by; give --name"));
		goto out;
	}
	ret = store_it(c, &a, im, name);
out:
	import_clear(im);
	free(im);
	return ret;
}
